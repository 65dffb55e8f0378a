"""Reading an uploaded spreadsheet (.xlsx or .csv) into rows of text, refusing what is not one.

Every cell comes back as text, stripped. A file that cannot be read at all raises `FileRefused`
with a message for the person who uploaded it; a cell that cannot be taken as text (a formula, an
error value) is reported as a `Problem` of its row and column, and the rest is still read, so the
preview lists everything at once.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

# Limits: far beyond any review (the seed has 86 rows), small enough to read in a request.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # an .xlsx is a zip: refuse one that unpacks to more
MAX_ROWS = 6_000
MAX_COLUMNS = 30
MAX_CELL_CHARACTERS = 100_000  # the longest any cell may be read; the plan applies each column's own
EXTENSIONS = (".xlsx", ".csv")
# Text the export wrote with a leading apostrophe so a spreadsheet shows it rather than runs it.
NEUTRALISED = ("'=", "'+", "'-", "'@", "'\t", "'\r")


class FileRefused(ValueError):
    """The file cannot be read as a spreadsheet; the message says why, for the user."""


@dataclass(frozen=True)
class Problem:
    """Something wrong in the file, at a row (1 is the first) and column (its heading), if any."""

    message: str
    row: int | None = None
    column: str | None = None
    letter: str | None = None

    @property
    def where(self) -> str:
        if self.row is None:
            return "The file"
        if self.column is None:
            return f"Row {self.row}"
        letter = f" (column {self.letter})" if self.letter else ""
        return f"Row {self.row}, {self.column}{letter}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class SheetRow:
    """One row of the file as text cells, with its number as a spreadsheet shows it."""

    number: int
    cells: list[str]
    problems: list[tuple[int, str]]  # (column index, message) for cells not taken as text


def column_letter(index: int) -> str:
    """The spreadsheet letter of a column (0 is A)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_rows(content: bytes, filename: str) -> Iterator[SheetRow]:
    """The rows of an uploaded .xlsx or .csv, as text; raises `FileRefused`, as it reads, for a
    file that is not one (or is too big to be one)."""
    name = filename.lower()
    if not name.endswith(EXTENSIONS):
        raise FileRefused("The file must be a spreadsheet saved as .xlsx (Excel) or .csv.")
    if len(content) > MAX_FILE_BYTES:
        raise FileRefused(f"The file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB.")
    if not content:
        raise FileRefused("The file is empty.")
    # A generator: every refusal, even of the file as a whole, comes while reading it.
    yield from _xlsx_rows(content) if name.endswith(".xlsx") else _csv_rows(content)


def _limited(rows: Iterator[SheetRow]) -> Iterator[SheetRow]:
    for count, row in enumerate(rows, 1):
        if count > MAX_ROWS:
            raise FileRefused(
                f"The file has more than {MAX_ROWS:,} rows: split the review into smaller files."
            )
        if len(row.cells) > MAX_COLUMNS and any(row.cells[MAX_COLUMNS:]):
            raise FileRefused(f"Row {row.number} has more than {MAX_COLUMNS} columns.")
        yield row


def _text(value: str) -> str:
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if value.startswith(NEUTRALISED):
        value = value[1:]
    return value


# CSV -----------------------------------------------------------------------------------------


def _csv_rows(content: bytes) -> Iterator[SheetRow]:
    if content.startswith(b"PK\x03\x04"):
        raise FileRefused(
            "The file is named .csv but is an Excel workbook: name it .xlsx, or save it as CSV."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(
            f"The file is not UTF-8 text (byte {error.start + 1} cannot be read): in Excel, "
            'save it as "CSV UTF-8 (Comma delimited)".'
        ) from None
    if "\x00" in text:
        raise FileRefused("The file holds binary data, not text: upload the .csv or .xlsx the export wrote.")
    return _limited(_csv_parse(text))


def _csv_parse(text: str) -> Iterator[SheetRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    # The csv module's own limit stops a runaway quote from swallowing the rest of the file.
    csv.field_size_limit(MAX_CELL_CHARACTERS + 1)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise FileRefused(
                f"Row {reader.line_num} cannot be read as CSV ({error}): check its quotes."
            ) from None
        yield SheetRow(number=reader.line_num, cells=[_text(cell) for cell in cells], problems=[])


# XLSX ----------------------------------------------------------------------------------------


def _xlsx_rows(content: bytes) -> Iterator[SheetRow]:
    # openpyxl is imported here so pages that never read a workbook do not load it.
    from openpyxl import load_workbook

    stream = io.BytesIO(content)
    if not zipfile.is_zipfile(stream):
        raise FileRefused(
            "The file is named .xlsx but is not an Excel workbook: open it in Excel and save it again."
        )
    try:
        with zipfile.ZipFile(stream) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("The workbook is damaged or cut short: export it again.") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileRefused("The workbook unpacks to more than 100 MB: it is not a review's spreadsheet.")
    try:
        workbook = load_workbook(stream, read_only=True, data_only=False, keep_links=False)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds of error on a damaged file; each means the same
        raise FileRefused("The workbook is damaged or cut short: export it again.") from None
    return _limited(_xlsx_parse(workbook, sheet))


def _xlsx_parse(workbook, sheet) -> Iterator[SheetRow]:
    try:
        for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1), 1):
            cells, problems = [], []
            for index, cell in enumerate(row):
                value = getattr(cell, "value", None)
                kind = getattr(cell, "data_type", None)
                if kind == "f" or (kind != "s" and isinstance(value, str) and value.startswith("=")):
                    problems.append((index, "is a formula: type the value itself, not a formula."))
                    cells.append("")
                elif kind == "e":
                    problems.append((index, f"holds the error value {value}: type the value itself."))
                    cells.append("")
                else:
                    cells.append(_cell_text(value))
            yield SheetRow(number=number, cells=cells, problems=problems)
    except FileRefused:
        raise
    except Exception:
        raise FileRefused("The workbook is damaged or cut short: export it again.") from None
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        value = value.date() if value.time() == datetime.time() else value
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        # A date Excel made of what was typed ("Nov 2010"): as the timescale reader understands it.
        return f"{value.day} {value:%B %Y}"
    text = str(value)
    if len(text) > MAX_CELL_CHARACTERS:
        text = text[: MAX_CELL_CHARACTERS + 1]
    return _text(text)
