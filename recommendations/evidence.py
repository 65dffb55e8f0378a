"""Evidence files: which kinds may be attached, and whether an upload is what its name says."""

from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat

# How each kind of evidence file begins. A file whose first bytes do not match its name is
# refused: a renamed program or web page is not evidence, and could harm whoever opens it.
ZIP_SIGNATURE = b"PK\x03\x04"  # .docx, .xlsx, .odt and .ods are zip archives
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls (Office 97-2003)
EVIDENCE_SIGNATURES = {
    ".pdf": (b"%PDF-", "PDF"),
    ".png": (b"\x89PNG\r\n\x1a\n", "PNG image"),
    ".jpg": (b"\xff\xd8\xff", "JPEG image"),
    ".jpeg": (b"\xff\xd8\xff", "JPEG image"),
    ".docx": (ZIP_SIGNATURE, "Word document"),
    ".xlsx": (ZIP_SIGNATURE, "Excel spreadsheet"),
    ".odt": (ZIP_SIGNATURE, "OpenDocument text"),
    ".ods": (ZIP_SIGNATURE, "OpenDocument spreadsheet"),
    ".doc": (OLE_SIGNATURE, "Word document"),
    ".xls": (OLE_SIGNATURE, "Excel spreadsheet"),
}
# Files that must be plain text: readable as UTF-8 (or Windows' own encoding, as spreadsheets
# save CSV), with no NUL bytes, which no text file has and every program does.
TEXT_EXTENSIONS = {".txt": "text file", ".csv": "CSV file"}


def size_in_words(size: int) -> str:
    """A number of bytes as people write it: "10 MB", not "10.0\xa0MB"."""
    return filesizeformat(size).replace("\xa0", " ").replace(".0 ", " ")


def evidence_extensions_in_words() -> str:
    """The allowed evidence file types, as a list a person reads: "PDF, DOCX or JPG"."""
    names = [extension.lstrip(".").upper() for extension in settings.EVIDENCE_EXTENSIONS]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def evidence_file_problem(uploaded) -> str | None:
    """What is wrong with one uploaded evidence file, naming it; None if it may be kept."""
    name = uploaded.name
    extension = PurePath(name).suffix.lower()
    if extension not in settings.EVIDENCE_EXTENSIONS:
        return f"“{name}” must be a {evidence_extensions_in_words()} file"
    if uploaded.size == 0:
        return f"“{name}” is empty: choose the file again, or a different one"
    if uploaded.size > settings.EVIDENCE_MAX_BYTES:
        return f"“{name}” must be {size_in_words(settings.EVIDENCE_MAX_BYTES)} or smaller"
    if extension in EVIDENCE_SIGNATURES:
        signature, kind = EVIDENCE_SIGNATURES[extension]
        uploaded.seek(0)
        first_bytes = uploaded.read(len(signature))
        uploaded.seek(0)
        if first_bytes != signature:
            return f"“{name}” is not a valid {kind}: its contents do not match its name"
    if extension in TEXT_EXTENSIONS and not _is_text(uploaded):
        return f"“{name}” is not a valid {TEXT_EXTENSIONS[extension]}: its contents are not text"
    return None


def _is_text(uploaded) -> bool:
    uploaded.seek(0)
    content = uploaded.read()
    uploaded.seek(0)
    if b"\x00" in content:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False
