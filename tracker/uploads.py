"""An upload handler that stops reading a file once it passes FILE_UPLOAD_MAX_BYTES.

Django would otherwise receive the whole body (60 MB, say) before the form says "10 MB or
smaller". Here the request stops being read at the first file over the limit; the fields sent
before it (the browser sends the form's fields in order, the files last) are kept, and the form
names the refused file (`refused_uploads`) beside what was typed.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def refused_uploads(request) -> list[str]:
    """The names of the files this request carried that were too large to read."""
    return list(getattr(request, "_refused_uploads", []))


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.FILE_UPLOAD_MAX_BYTES:
            refused = getattr(self.request, "_refused_uploads", [])
            refused.append(self.file_name)
            self.request._refused_uploads = refused
            # The rest of the body is never read: the connection closes after the answer.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
