"""Broken, truncated and hostile files: a clear message, never an exception, and nothing written."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from recommendations import columns
from recommendations.imports.files import MAX_ROWS, read_rows
from recommendations.imports.plan import plan_import
from recommendations.models import Review
from recommendations.services.imports import review_import
from tracker.errors import WorkflowError

from .spreadsheets import csv_file, row, xlsx_file

pytestmark = pytest.mark.django_db

# Modest, so the suite stays fast; raise it locally with HYPOTHESIS_PROFILE-free edits when hunting.
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CLEAN_XLSX = xlsx_file([row(1), row(2, "Second", theme="Protection")])


def checked(content: bytes, filename: str):
    """Read the file; it must never raise, and a file with problems must import nothing."""
    plan = plan_import(read_rows(content, filename))
    for problem in plan.problems:
        assert str(problem).strip()
    if plan.problems:
        with pytest.raises(WorkflowError):
            review_import(plan=plan, slug="fuzz", name="Fuzz", filename=filename, by=None)
        assert not Review.objects.filter(slug="fuzz").exists()
    return plan


@FUZZ
@given(content=st.binary(max_size=4096), extension=st.sampled_from([".csv", ".xlsx"]))
def test_random_bytes_are_refused_clearly(content, extension):
    plan = checked(content, "upload" + extension)
    assert plan.problems


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(CLEAN_XLSX) - 1))
def test_a_truncated_workbook_is_refused_as_damaged(cut):
    plan = checked(CLEAN_XLSX[:cut], "cut.xlsx")
    assert plan.problems


@FUZZ
@given(
    cells=st.lists(
        st.tuples(
            st.sampled_from(columns.CSV_COLUMNS),
            st.one_of(
                st.text(max_size=300),
                st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2", "\t=1", "\x00", "\u202e"]),
                st.text(min_size=1, max_size=3).map(lambda text: text * 9000),
            ),
        ),
        max_size=6,
    )
)
def test_hostile_cells_give_problems_or_are_kept_as_text(cells):
    values = row(1)
    values.update(dict(cells))
    plan = checked(csv_file([values]), "hostile.csv")
    if not plan.problems:
        (recommendation,) = plan.recommendations
        assert len(recommendation.text) <= 20_000


@FUZZ
@given(
    text=st.text(alphabet=st.characters(min_codepoint=0xA0, max_codepoint=0x17F), min_size=1, max_size=50),
    encoding=st.sampled_from(["cp1252", "utf-16", "latin-1"]),
)
def test_a_file_in_another_encoding_is_refused_naming_it(text, encoding):
    content = csv_file([row(1, text=text)]).decode().encode(encoding, errors="replace")
    plan = checked(content, "encoded.csv")
    if encoding != "utf-16" and all(
        character.encode(encoding, errors="replace") == b"?" for character in text
    ):
        return  # nothing outside ASCII survived the encoding: the file is plain ASCII
    assert any("not UTF-8" in str(problem) or "binary data" in str(problem) for problem in plan.problems)


@FUZZ
@given(
    ranges=st.lists(
        st.tuples(st.integers(1, 5), st.integers(1, 14), st.integers(0, 3), st.integers(0, 3)),
        min_size=1,
        max_size=4,
    )
)
def test_merged_cells_read_as_their_first_cell_and_never_break(ranges):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(columns.CSV_COLUMNS))
    for ref in (1, 1, 2, 3):
        sheet.append([row(ref).get(name, "") for name in columns.CSV_COLUMNS])
    for top, left, down, across in ranges:
        try:
            sheet.merge_cells(start_row=top, start_column=left, end_row=top + down, end_column=left + across)
        except ValueError:
            continue
    stream = io.BytesIO()
    workbook.save(stream)
    checked(stream.getvalue(), "merged.xlsx")


def test_ten_thousand_rows_are_refused_before_anything_is_read_into_the_record():
    content = csv_file([row(ref) for ref in range(1, 10_001)])
    plan = checked(content, "huge.csv")
    assert [str(problem) for problem in plan.problems] == [
        f"The file: The file has more than {MAX_ROWS:,} rows: split the review into smaller files."
    ]


def test_a_workbook_that_unpacks_to_too_much_is_refused():
    import zipfile

    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (101 * 1024 * 1024))
    plan = checked(stream.getvalue(), "bomb.xlsx")
    assert "unpacks to more than 100 MB" in str(plan.problems[0])


def test_a_workbook_named_csv_is_refused_naming_the_mix_up():
    plan = checked(CLEAN_XLSX, "review.csv")
    assert "is an Excel workbook" in str(plan.problems[0])
