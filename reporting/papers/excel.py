"""The papers as Excel workbooks (openpyxl, write-only mode so memory stays flat as rows grow):
a title block, a frozen header row with an autofilter, wrapped text, shading as in the KEY.

Appendix 1 is one sheet with theme rows: each theme is a row of its own (its name under "Ref",
the other cells empty, shaded) before its recommendations, as the report groups them. The
recommendation's cells are repeated on each of its rows rather than merged, so sorting and
filtering a column keeps every row whole. Every text cell is stored as text, never as a formula:
a narrative beginning with "=" reads as written and runs nothing.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from copy import copy

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .key import HEADER_FILL, KEY_TEXT, THEME_FILL, recommendation_fill, row_fill

WRAP = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 15  # points, for the default 11 pt font
MAX_ROW_HEIGHT = 409  # the most a spreadsheet row can be
BOLD = Font(bold=True)


class Sheet:
    """A write-only sheet: the title block, then one table whose header is frozen and filtered."""

    def __init__(self, workbook: Workbook, title: str, widths: Sequence[float]):
        self.sheet = workbook.create_sheet(title=title[:31])
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.width = len(widths)
        self.widths = list(widths)
        self.rows_written = 0
        self.looks = {}  # (fill, bold, wrap): the style of a cell that looks so

    def cell(self, value, *, fill: str | None = None, bold: bool = False, wrap: bool = True):
        cell = WriteOnlyCell(self.sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, even where it begins with "="
        look = (fill, bold, wrap)
        if look in self.looks:
            # openpyxl registers a cell's font, fill and alignment with the workbook each time one is
            # set (hashing every part of each): a look is set once, then its index copied.
            cell._style = copy(self.looks[look])
            return cell
        if wrap:
            cell.alignment = WRAP
        if bold:
            cell.font = BOLD
        if fill:
            cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        self.looks[look] = copy(cell._style)
        return cell

    def append(self, cells) -> None:
        height = self.height(cells)
        if height:
            # Set before the row is written: a write-only sheet writes each row as it comes.
            self.sheet.row_dimensions[self.rows_written + 1].height = height
        self.sheet.append(cells)
        self.rows_written += 1

    def height(self, cells) -> float | None:
        """A row height that shows every line of its wrapped cells, estimated from the text and the
        column widths (spreadsheets do not all fit rows to wrapped text themselves)."""
        lines = 1
        for index, cell in enumerate(cells):
            value = getattr(cell, "value", None)
            if not isinstance(value, str) or not (cell.alignment and cell.alignment.wrap_text):
                continue
            width = self.widths[index] if index < len(self.widths) else 10
            per_line = max(int(width * 1.15), 1)
            lines = max(lines, sum(max(math.ceil(len(part) / per_line), 1) for part in value.split("\n")))
        return min(LINE_HEIGHT * lines + 3, MAX_ROW_HEIGHT) if lines > 1 else None

    def start(self, lines: Sequence[str], names: Sequence[str], rows: int) -> None:
        """The title block, then the header row: frozen, repeated on printed pages, and filtering
        the `rows` rows below it. (A write-only sheet takes its settings before its first row.)"""
        first = len(lines) + 2
        self.sheet.freeze_panes = f"A{first + 1}"
        self.sheet.auto_filter.ref = f"A{first}:{get_column_letter(len(names))}{first + rows}"
        self.sheet.print_title_rows = f"{first}:{first}"
        for index, line in enumerate(lines):
            self.append([self.cell(line, bold=index == 0, wrap=False)])
        self.append([])
        self.append([self.cell(name, bold=True, fill=HEADER_FILL) for name in names])


def landscape(sheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = 9  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "Page &P of &N"


def saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


APPENDIX_WIDTHS = (7, 45, 20, 18, 45, 16, 60)
STATUS_AND_RAG_WIDTHS = (14, 12)
KEY_WIDTH = 16
RECOMMENDATION_CELLS = (0, 1, 2)


def titled_workbook(title: str, origin) -> Workbook:
    """A write-only workbook whose document title names the paper, review and quarter (as Word's)."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"{title}: {origin.review.name}, {origin.quarter}"
    return workbook


def appendix_workbook(paper) -> Workbook:
    """Appendix 1 as an Excel workbook, its rows written; `save` writes the file."""
    workbook = titled_workbook(paper.title, paper.provenance)
    widths = (*APPENDIX_WIDTHS, *(STATUS_AND_RAG_WIDTHS if paper.with_status_and_rag else ()), KEY_WIDTH)
    merged = RECOMMENDATION_CELLS + ((7, 8) if paper.with_status_and_rag else ())
    sheet = Sheet(workbook, "Appendix 1", widths)
    landscape(sheet.sheet)
    sheet.start(
        [paper.title, *paper.provenance.lines(), KEY_TEXT], paper.columns, len(paper.rows) + len(paper.themes)
    )
    for theme in paper.themes:
        sheet.append(
            [sheet.cell(theme.name, bold=True, fill=THEME_FILL, wrap=False)]
            + [sheet.cell(None, fill=THEME_FILL) for _ in range(sheet.width - 1)]
        )
        for row in theme.rows:
            own, whole = row_fill(row), recommendation_fill(row)
            sheet.append(
                [
                    sheet.cell(value, fill=whole if index in merged else own)
                    for index, value in enumerate(row.values(with_status_and_rag=paper.with_status_and_rag))
                ]
            )
    return workbook


def appendix_xlsx(paper) -> bytes:
    """Appendix 1 as an Excel file."""
    return saved(appendix_workbook(paper))


def table_workbook(title: str, origin, sheet_title: str, header, widths, rows) -> Workbook:
    """A paper that is one plain table under its title block."""
    workbook = titled_workbook(title, origin)
    sheet = Sheet(workbook, sheet_title, widths)
    landscape(sheet.sheet)
    sheet.start([title, *origin.lines()], header, len(rows))
    for values in rows:
        sheet.append([sheet.cell(value) for value in values])
    return workbook


ACTION_PLAN_WIDTHS = (6, 50, 30, 16, 50, 24, 18)
ACTION_PLAN_PROGRESS_WIDTHS = (14, 12, 50)


def action_plan_workbook(plan) -> Workbook:
    """The Scrutiny Action Plan as an Excel workbook."""
    widths = ACTION_PLAN_WIDTHS + (ACTION_PLAN_PROGRESS_WIDTHS if plan.with_progress else ())
    return table_workbook(
        plan.title, plan.provenance, "Scrutiny Action Plan", plan.columns, widths, plan.table()
    )


def action_plan_xlsx(plan) -> bytes:
    """The Scrutiny Action Plan as an Excel file."""
    return saved(action_plan_workbook(plan))


CHANGE_WIDTHS = (6, 22, 16, 60, 60, 12)


def change_report_workbook(report, columns) -> Workbook:
    """The change report as an Excel workbook: the counts in the title block, then one row per change."""
    lines = [
        report.title,
        *report.provenance.lines(),
        f"Compared with {report.since}.",
        *(f"{count.label}: {count.count}" for count in report.counts),
    ]
    workbook = titled_workbook(report.title, report.provenance)
    sheet = Sheet(workbook, "Changes", CHANGE_WIDTHS)
    landscape(sheet.sheet)
    rows = report.table()
    sheet.start(lines, columns, len(rows))
    for values in rows:
        sheet.append([sheet.cell(value) for value in values])
    return workbook


def change_report_xlsx(report, columns) -> bytes:
    """The change report as an Excel file."""
    return saved(change_report_workbook(report, columns))
