"""Appendix 1's files for data the tests make: formulas stay text, the command writes each format."""

import io

import pytest
from django.core.management import CommandError, call_command

from recommendations.models import Status
from reporting.papers.appendix import appendix
from reporting.papers.excel import appendix_xlsx
from reporting.papers.word import appendix_docx
from tests.factories import ProposedActionFactory, RecommendationFactory
from tests.reporting.papers_reading import csv_records, docx_rows, xlsx_sheet, xlsx_table

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://example.test/x","Open")'


def test_a_formula_in_a_narrative_is_stored_in_excel_as_text_and_shown_as_written():
    action = ProposedActionFactory(progress=HYPERLINK, text="+44 1484 221864")
    paper = appendix(action.recommendation.review)
    content = appendix_xlsx(paper)
    sheet = xlsx_sheet(content)
    header_row, rows = xlsx_table(content)
    progress = sheet.cell(header_row + 2, 7)  # after the header and the theme row
    assert progress.value == HYPERLINK
    assert progress.data_type == "s"
    assert sheet.cell(header_row + 2, 5).data_type == "s"
    assert docx_rows(appendix_docx(paper))[2][6] == HYPERLINK


def test_the_update_on_the_recommendation_as_a_whole_is_labelled_in_the_word_paper():
    action = ProposedActionFactory(recommendation__progress="All partners signed the protocol.")
    rows = docx_rows(appendix_docx(appendix(action.recommendation.review)))
    assert rows[-1][4:7] == ["The recommendation as a whole", "", "All partners signed the protocol."]


def test_a_completed_recommendation_shades_every_row_and_says_so():
    action = ProposedActionFactory(recommendation__status=Status.COMPLETED, status=Status.IN_PROGRESS)
    (row,) = appendix(action.recommendation.review).rows
    assert row.key == "Completed"


def test_export_appendix_writes_each_format_to_a_file(tmp_path):
    recommendation = RecommendationFactory(text="Make vigorous representations")
    for extension in ("csv", "xlsx", "docx"):
        path = tmp_path / f"appendix.{extension}"
        call_command("export_appendix", "--format", extension, "--output", str(path), stderr=io.StringIO())
        content = path.read_bytes()
        if extension == "csv":
            assert csv_records(content)[0]["Recommendation"] == recommendation.text
        elif extension == "xlsx":
            assert xlsx_table(content)[1][2][1] == recommendation.text
        else:
            assert docx_rows(content)[2][1] == recommendation.text


def test_export_appendix_asks_for_a_file_for_binary_formats_where_output_is_text():
    RecommendationFactory()
    with pytest.raises(CommandError, match="binary: write it with --output FILE"):
        call_command("export_appendix", "--format", "docx", stdout=io.StringIO())
