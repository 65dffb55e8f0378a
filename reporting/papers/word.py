"""The papers as Word documents (python-docx): A4 landscape, a title block, tables whose header
row repeats on every page, shading as in the report's KEY, page numbers."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .key import HEADER_FILL, KEY_TEXT, THEME_FILL, recommendation_fill, row_fill
from .provenance import Provenance

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(29.7), Cm(21.0), Cm(1.5)
USABLE_WIDTH_CM = 29.7 - 2 * 1.5


def document(title: str, origin: Provenance) -> Document:
    """A landscape A4 document with the paper's title block and numbered pages."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(9)
    doc.core_properties.title = f"{title}: {origin.review.name}, {origin.quarter}"
    doc.add_heading(title, level=1)
    for line in origin.lines():
        doc.add_paragraph(line)
    page_numbers(section)
    return doc


def field(run, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in the run."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def page_numbers(section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.add_run("Page ")
    field(paragraph.add_run(), "PAGE")
    paragraph.add_run(" of ")
    field(paragraph.add_run(), "NUMPAGES")


def shade(cell, fill: str | None) -> None:
    if not fill:
        return
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_as_header(row) -> None:
    """Word repeats this row at the top of every page the table runs onto."""
    properties = row._tr.get_or_add_trPr()
    # The schema's order: cantSplit before tblHeader (Word refuses a file with them the other way).
    properties.append(OxmlElement("w:cantSplit"))
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def table(doc, header: Sequence[str], widths_cm: Sequence[float]):
    """A bordered table with a repeated, shaded, bold header row; widths scaled to the page."""
    scale = USABLE_WIDTH_CM / sum(widths_cm)
    grid = doc.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width * scale)
    for cell, name in zip(grid.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
        shade(cell, HEADER_FILL)
    repeat_as_header(grid.rows[0])
    grid._widths = [Cm(width * scale) for width in widths_cm]
    return grid


def add_row(grid, values: Sequence, fills: Sequence[str | None] = ()):
    row = grid.add_row()
    for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        cell.width = grid._widths[index]
        cell.text = "" if value is None else str(value)
        shade(cell, fills[index] if index < len(fills) else None)
    return row


def add_heading_row(grid, text: str, fill: str = THEME_FILL):
    """A full-width row: one merged cell with the text in bold."""
    row = grid.add_row()
    merged = row.cells[0].merge(row.cells[-1])
    merged.text = ""
    merged.paragraphs[0].add_run(text).bold = True
    shade(merged, fill)
    return row


def merge_down(top, bottom) -> None:
    """One cell from `top` to `bottom`, holding only the top cell's text (merging keeps the empty
    paragraphs of the cells below otherwise)."""
    merged = top.merge(bottom)
    for paragraph in merged.paragraphs[1:]:
        if not paragraph.text:
            paragraph._element.getparent().remove(paragraph._element)


def saved(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# Appendix 1: Ref, Recommendation, Assigned to, Lead Officer, Proposed Action, Timescale, Progress
# update, [Status, RAG,] Key.
# Relative widths, scaled to the page: wide enough that "Timescale", "assessed" and "Completed"
# are not broken inside the word (checked by rendering the file).
APPENDIX_WIDTHS = (1.2, 4.6, 2.6, 2.7, 4.6, 2.3, 5.8)
STATUS_AND_RAG_WIDTHS = (2.2, 2.2)
KEY_WIDTH = 2.5
# The columns that belong to the recommendation (merged down its rows), by position.
RECOMMENDATION_CELLS = (0, 1, 2)


def appendix_docx(paper) -> bytes:
    """Appendix 1 as a Word document."""
    doc = document(paper.title, paper.provenance)
    doc.add_paragraph(KEY_TEXT)
    widths = (*APPENDIX_WIDTHS, *(STATUS_AND_RAG_WIDTHS if paper.with_status_and_rag else ()), KEY_WIDTH)
    merged = RECOMMENDATION_CELLS + ((7, 8) if paper.with_status_and_rag else ())
    grid = table(doc, paper.columns, widths)
    for theme in paper.themes:
        add_heading_row(grid, theme.name)
        block = []
        for row in theme.rows:
            values = row.values(with_status_and_rag=paper.with_status_and_rag)
            if not row.first:
                values = ["" if index in merged else value for index, value in enumerate(values)]
            if row.is_recommendation_row and not row.first:
                values[4] = "The recommendation as a whole"
            own, whole = row_fill(row), recommendation_fill(row)
            fills = [whole if index in merged else own for index in range(len(values))]
            block.append(add_row(grid, values, fills))
            if len(block) == row.rows_in_recommendation:
                if len(block) > 1:
                    for index in merged:
                        merge_down(block[0].cells[index], block[-1].cells[index])
                block = []
    return saved(doc)


def table_docx(title: str, origin: Provenance, header: Sequence[str], widths: Sequence[float], rows) -> bytes:
    """A paper that is one plain table under its title block."""
    doc = document(title, origin)
    grid = table(doc, header, widths)
    for values in rows:
        add_row(grid, values)
    return saved(doc)


# The Scrutiny Action Plan: No., Recommendation, Directorate and Cabinet Member(s), Agreed?, How,
# Who, Estimated timescale[, Status, RAG, Progress].
ACTION_PLAN_WIDTHS = (1.0, 6.0, 4.0, 2.2, 6.5, 3.0, 2.6)
ACTION_PLAN_PROGRESS_WIDTHS = (2.0, 1.8, 6.0)


def action_plan_docx(plan) -> bytes:
    """The Scrutiny Action Plan as a Word document."""
    widths = ACTION_PLAN_WIDTHS + (ACTION_PLAN_PROGRESS_WIDTHS if plan.with_progress else ())
    return table_docx(plan.title, plan.provenance, plan.columns, widths, plan.table())


CHANGE_WIDTHS = (1.0, 3.0, 2.4, 8.5, 8.5, 1.8)


def change_report_docx(report, columns: Sequence[str]) -> bytes:
    """The change report as a Word document: the counts, then one row per change."""
    doc = document(report.title, report.provenance)
    doc.add_paragraph(f"Compared with {report.since}.")
    counts = table(doc, ("What", "How many"), (10, 3))
    for count in report.counts:
        add_row(counts, (count.label, count.count))
    if report.not_submitted:
        doc.add_paragraph(
            "Open recommendations with no update submitted: "
            + ", ".join(map(str, report.not_submitted))
            + "."
        )
    doc.add_paragraph()
    grid = table(doc, columns, CHANGE_WIDTHS)
    for values in report.table():
        add_row(grid, values)
    return saved(doc)
