"""Spreadsheets for the import tests, written with the libraries a person's spreadsheet would be."""

import csv
import io

from openpyxl import Workbook

from recommendations import columns

KEYWORDS = {
    "assigned_to": columns.ASSIGNED_TO,
    "lead_officer": columns.LEAD_OFFICER,
    "action": columns.PROPOSED_ACTION,
    "timescale": columns.TIMESCALE,
    "progress": columns.PROGRESS_UPDATE,
    "status": columns.STATUS,
    "rag": columns.RAG,
    "key": columns.KEY,
    "action_status": columns.ACTION_STATUS,
}


def row(ref="1", text="Improve the front door", theme="Prevention", **cells):
    """A CSV row (`columns.CSV_COLUMNS`) as a dict, with a proposed action by default."""
    values = {
        columns.THEME: theme,
        columns.REF: str(ref),
        columns.RECOMMENDATION: text,
        columns.ASSIGNED_TO: "DCS",
        columns.LEAD_OFFICER: "LH",
        columns.PROPOSED_ACTION: "Review the referral process",
        columns.TIMESCALE: "Nov 09",
        columns.PROGRESS_UPDATE: "",
        columns.STATUS: "In progress",
        columns.RAG: "Amber",
        columns.KEY: "",
        columns.ACTION_STATUS: "In progress",
        columns.DUE_DATE: "",
        columns.QUARTER: "now",
    }
    values.update({KEYWORDS[name]: value for name, value in cells.items()})
    return values


def csv_file(rows, headings=columns.CSV_COLUMNS) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(headings)
    for values in rows:
        writer.writerow([values.get(name, "") for name in headings] if isinstance(values, dict) else values)
    return stream.getvalue().encode("utf-8")


def xlsx_file(rows) -> bytes:
    """A workbook as a person would type it: the CSV layout's rows, or lists of raw cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns.CSV_COLUMNS))
    for values in rows:
        sheet.append(
            [values.get(name, "") for name in columns.CSV_COLUMNS] if isinstance(values, dict) else values
        )
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
