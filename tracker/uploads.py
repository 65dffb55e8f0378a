"""An upload handler that stops reading a file once it passes FILE_UPLOAD_MAX_BYTES, or once the
files of one request together pass FILE_UPLOAD_MAX_TOTAL_BYTES.

Django would otherwise receive the whole body (60 MB, say) before the form says "10 MB or
smaller". Here the request stops being read at the first file over a limit; the fields sent
before it (the browser sends the form's fields in order, the files last) are kept, and the form
names the refused file (`refused_uploads`, `uploads_over_total`) beside what was typed.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def refused_uploads(request) -> list[str]:
    """The names of the files this request carried that were too large to read."""
    return list(getattr(request, "_refused_uploads", []))


def uploads_over_total(request) -> list[str]:
    """The names of the files not read because the request's files together passed the total."""
    return list(getattr(request, "_uploads_over_total", []))


class SizeLimitedUploadHandler(FileUploadHandler):
    """One per request (Django makes the handlers for each request), so `total` counts all its files."""

    total = 0

    def new_file(self, field_name, file_name, *args, **kwargs):
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        self.total += len(raw_data)
        if self.received > settings.FILE_UPLOAD_MAX_BYTES:
            self._refuse("_refused_uploads")
        if self.total > settings.FILE_UPLOAD_MAX_TOTAL_BYTES:
            self._refuse("_uploads_over_total")
        return raw_data

    def _refuse(self, kind):
        refused = getattr(self.request, kind, [])
        refused.append(self.file_name)
        setattr(self.request, kind, refused)
        # The rest of the body is never read: the connection closes after the answer.
        raise StopUpload(connection_reset=True)

    def file_complete(self, file_size):
        return None
