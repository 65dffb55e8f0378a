"""Export → import → export: the seed's Appendix 1, as Excel and as CSV, imported as a new review,
exports again with the same content apart from the review's name."""

import csv
import io

import pytest
from openpyxl import load_workbook

from recommendations import columns
from recommendations.exports import csv_lines
from recommendations.imports.files import read_rows
from recommendations.imports.plan import plan_import
from recommendations.models import Review
from recommendations.services.imports import review_import
from reporting.papers.appendix import appendix
from reporting.papers.excel import appendix_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("appendix")]


def seed():
    return Review.objects.get(slug="safeguarding-commission")


def imported(content: bytes, filename: str) -> Review:
    plan = plan_import(read_rows(content, filename))
    assert plan.problems == []
    slug = filename.replace(".", "-")
    return review_import(
        plan=plan, slug=slug, name=f"Copy from {filename}", filename=filename, by=None
    ).review


def xlsx_table(content: bytes) -> list[tuple]:
    """The workbook's table, from its header row on (the title block above names the review)."""
    rows = list(load_workbook(io.BytesIO(content), read_only=True).worksheets[0].iter_rows(values_only=True))
    start = next(index for index, values in enumerate(rows) if values and values[0] == columns.REF)
    return rows[start:]


def csv_table(review: Review) -> list[list[str]]:
    stream = io.StringIO()
    csv.writer(stream).writerows(csv_lines(appendix(review, with_status_and_rag=True).rows))
    return list(csv.reader(io.StringIO(stream.getvalue())))


@pytest.mark.parametrize("with_status_and_rag", [True, False])
def test_the_seeds_excel_appendix_round_trips(with_status_and_rag):
    exported = appendix_xlsx(appendix(seed(), with_status_and_rag=with_status_and_rag))
    copy = imported(exported, f"seed-{with_status_and_rag}.xlsx")
    again = appendix_xlsx(appendix(copy, with_status_and_rag=with_status_and_rag))
    first, second = xlsx_table(exported), xlsx_table(again)
    assert len(first) == 1 + 11 + 86  # the headings, a row per theme, a row per proposed action
    assert second == first


def test_the_seeds_csv_appendix_round_trips():
    exported = csv_table(seed())
    stream = io.StringIO()
    csv.writer(stream).writerows(exported)
    copy = imported(stream.getvalue().encode(), "seed.csv")
    assert copy.recommendations.count() == 54
    assert csv_table(copy) == exported
    assert copy.name != seed().name


def test_the_copy_keeps_the_seeds_cross_references_found_in_its_text():
    stream = io.StringIO()
    csv.writer(stream).writerows(csv_table(seed()))
    copy = imported(stream.getvalue().encode(), "refs.csv")
    refs = set(copy.recommendations.get(ref=21).cross_references.values_list("ref", flat=True))
    assert refs == set(seed().recommendations.get(ref=21).cross_references.values_list("ref", flat=True))
