"""The papers as Word documents (python-docx): A4 landscape, a title block, tables whose header
row repeats on every page, shading as in the report's KEY, page numbers."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from lxml.etree import SubElement

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


# The body's rows are written as XML elements, not through python-docx's cells: its row and cell
# objects look their table up again on every call, and it writes text a character at a time, which
# made building Appendix 1 take five times as long. The elements are the ones python-docx writes
# for a cell's text, width and merging (a cell merged into the one above keeps an empty paragraph).
TR, TC, TC_PR, TC_W, GRID_SPAN, V_MERGE, SHD = (
    qn(tag) for tag in ("w:tr", "w:tc", "w:tcPr", "w:tcW", "w:gridSpan", "w:vMerge", "w:shd")
)
P, R, R_PR, BOLD, T, TAB, BR = (qn(tag) for tag in ("w:p", "w:r", "w:rPr", "w:b", "w:t", "w:tab", "w:br"))
TYPE, WIDTH, VAL, COLOR, FILL = (qn(name) for name in ("w:type", "w:w", "w:val", "w:color", "w:fill"))
PRESERVE_SPACE = qn("xml:space")
RESTART, CONTINUE = "restart", "continue"  # a cell that begins a vertical merge; one it runs on into
# Word's own break and tab elements in place of line breaks and tabs in the text.
BREAKS = re.compile(r"([\t\r\n])")


def add_text(run, text: str) -> None:
    """The text into the run: a `w:t` for each stretch, `w:br` for a line break, `w:tab` for a tab."""
    for piece in BREAKS.split(text):
        if piece == "\t":
            SubElement(run, TAB)
        elif piece in ("\r", "\n"):
            SubElement(run, BR)
        elif piece:
            element = SubElement(run, T)
            element.text = piece
            if len(piece.strip()) < len(piece):
                element.set(PRESERVE_SPACE, "preserve")


def add_cell(tr, width: str, *, fill: str | None = None, span: int = 1, merge: str | None = None):
    """A cell of `width` (twips) in the row, spanning `span` columns, and its paragraph."""
    tc = SubElement(tr, TC)
    properties = SubElement(tc, TC_PR)
    size = SubElement(properties, TC_W)
    size.set(TYPE, "dxa")
    size.set(WIDTH, width)
    if span > 1:
        SubElement(properties, GRID_SPAN).set(VAL, str(span))
    if merge == RESTART:
        SubElement(properties, V_MERGE).set(VAL, RESTART)
    elif merge == CONTINUE:
        SubElement(properties, V_MERGE)
    if fill:
        shading = SubElement(properties, SHD)
        shading.set(VAL, "clear")
        shading.set(COLOR, "auto")
        shading.set(FILL, fill)
    return SubElement(tc, P)


@dataclass(frozen=True)
class Grid:
    """A table being written: its `w:tbl` element and its columns' widths as Word stores them."""

    tbl: object
    widths: tuple[str, ...]  # twips, as in the table's grid

    def add_row(self, values: Sequence, fills: Sequence[str | None] = (), merges: Sequence[str | None] = ()):
        """A row of the values as text; a cell whose merge is CONTINUE is part of the one above."""
        tr = SubElement(self.tbl, TR)
        for index, (width, value) in enumerate(zip(self.widths, values, strict=True)):
            merge = merges[index] if index < len(merges) else None
            paragraph = add_cell(tr, width, fill=fills[index] if index < len(fills) else None, merge=merge)
            if merge != CONTINUE:
                add_text(SubElement(paragraph, R), "" if value is None else str(value))
        return tr

    def add_heading_row(self, text: str, fill: str = THEME_FILL):
        """A full-width row: one cell across every column, with the text in bold."""
        tr = SubElement(self.tbl, TR)
        width = str(sum(int(width) for width in self.widths))
        paragraph = add_cell(tr, width, fill=fill, span=len(self.widths))
        SubElement(paragraph, R)
        run = SubElement(paragraph, R)
        SubElement(SubElement(run, R_PR), BOLD)
        add_text(run, text)
        return tr


def table(doc, header: Sequence[str], widths_cm: Sequence[float]) -> Grid:
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
    return Grid(grid._tbl, tuple(column.get(WIDTH) for column in grid._tbl.tblGrid.gridCol_lst))


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


def appendix_document(paper) -> Document:
    """Appendix 1 as a Word document: the recommendation's cells merged down its rows."""
    doc = document(paper.title, paper.provenance)
    doc.add_paragraph(KEY_TEXT)
    widths = (*APPENDIX_WIDTHS, *(STATUS_AND_RAG_WIDTHS if paper.with_status_and_rag else ()), KEY_WIDTH)
    merged = RECOMMENDATION_CELLS + ((7, 8) if paper.with_status_and_rag else ())
    grid = table(doc, paper.columns, widths)
    for theme in paper.themes:
        grid.add_heading_row(theme.name)
        for row in theme.rows:
            values = row.values(with_status_and_rag=paper.with_status_and_rag)
            if row.is_recommendation_row and not row.first:
                values[4] = "The recommendation as a whole"
            own, whole = row_fill(row), recommendation_fill(row)
            fills = [whole if index in merged else own for index in range(len(values))]
            merge = None if row.rows_in_recommendation == 1 else RESTART if row.first else CONTINUE
            grid.add_row(values, fills, [merge if index in merged else None for index in range(len(values))])
    return doc


def appendix_docx(paper) -> bytes:
    """Appendix 1 as a Word file."""
    return saved(appendix_document(paper))


def table_document(title: str, origin: Provenance, header: Sequence[str], widths: Sequence[float], rows):
    """A paper that is one plain table under its title block."""
    doc = document(title, origin)
    grid = table(doc, header, widths)
    for values in rows:
        grid.add_row(values)
    return doc


# The Scrutiny Action Plan: No., Recommendation, Directorate and Cabinet Member(s), Agreed?, How,
# Who, Estimated timescale[, Status, RAG, Progress].
ACTION_PLAN_WIDTHS = (1.0, 6.0, 4.0, 2.2, 6.5, 3.0, 2.6)
ACTION_PLAN_PROGRESS_WIDTHS = (2.0, 1.8, 6.0)


def action_plan_document(plan) -> Document:
    """The Scrutiny Action Plan as a Word document."""
    widths = ACTION_PLAN_WIDTHS + (ACTION_PLAN_PROGRESS_WIDTHS if plan.with_progress else ())
    return table_document(plan.title, plan.provenance, plan.columns, widths, plan.table())


def action_plan_docx(plan) -> bytes:
    """The Scrutiny Action Plan as a Word file."""
    return saved(action_plan_document(plan))


CHANGE_WIDTHS = (1.0, 3.0, 2.4, 8.5, 8.5, 1.8)


def change_report_document(report, columns: Sequence[str]) -> Document:
    """The change report as a Word document: the counts, then one row per change."""
    doc = document(report.title, report.provenance)
    doc.add_paragraph(f"Compared with {report.since}.")
    counts = table(doc, ("What", "How many"), (10, 3))
    for count in report.counts:
        counts.add_row((count.label, count.count))
    if report.not_submitted:
        doc.add_paragraph(
            "Open recommendations with no update submitted: "
            + ", ".join(map(str, report.not_submitted))
            + "."
        )
    doc.add_paragraph()
    grid = table(doc, columns, CHANGE_WIDTHS)
    for values in report.table():
        grid.add_row(values)
    return doc


def change_report_docx(report, columns: Sequence[str]) -> bytes:
    """The change report as a Word file."""
    return saved(change_report_document(report, columns))
