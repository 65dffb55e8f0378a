"""Reading the papers back as a person's software would: Word with python-docx, Excel with
openpyxl, CSV with the csv module."""

import csv
import io

import openpyxl
from docx import Document
from docx.oxml.ns import qn


def docx_document(content: bytes):
    return Document(io.BytesIO(content))


def docx_rows(content: bytes, table: int = 0) -> list[list[str]]:
    """Each row of the document's table as its cells' text (a merged cell's text in each row)."""
    return [[cell.text for cell in row.cells] for row in docx_document(content).tables[table].rows]


def docx_fills(content: bytes, table: int = 0) -> list[list[str | None]]:
    """Each row's cells' shading (hex fill), cell by cell as Word stores them."""
    fills = []
    for row in docx_document(content).tables[table].rows:
        found = []
        for tc in row._tr.tc_lst:
            shading = tc.tcPr.find(qn("w:shd")) if tc.tcPr is not None else None
            found.append(shading.get(qn("w:fill")) if shading is not None else None)
        fills.append(found)
    return fills


def docx_text(content: bytes) -> str:
    document = docx_document(content)
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def xlsx_sheet(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]


def xlsx_rows(content: bytes) -> list[tuple]:
    return list(xlsx_sheet(content).iter_rows(values_only=True))


def xlsx_table(content: bytes, header: str = "Ref") -> tuple[int, list[tuple]]:
    """The row number of the table's header (the first row whose first cell is `header`), and
    the rows from it on."""
    rows = xlsx_rows(content)
    start = next(index for index, row in enumerate(rows) if row and row[0] == header)
    return start + 1, rows[start:]


def csv_records(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"))))


def streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content
