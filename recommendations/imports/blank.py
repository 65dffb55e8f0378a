"""The template a person fills in to import a review: the export's headings and nothing else."""

import csv
import io

from openpyxl import Workbook

from .. import columns

# The template is the CSV's layout in both formats: a "Theme" on each row is the easiest to fill in.
TEMPLATE_COLUMNS = columns.CSV_COLUMNS


def template_csv() -> bytes:
    stream = io.StringIO()
    csv.writer(stream).writerow(TEMPLATE_COLUMNS)
    return stream.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Appendix 1"
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet.freeze_panes = "A2"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
