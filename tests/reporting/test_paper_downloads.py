"""Every paper's Word and Excel download is streamed from a file, and that file is the paper: it
opens with the library that reads it and holds the same tables as the paper built directly."""

import io

import pytest
from openpyxl import load_workbook

from recommendations.models import ReportingPeriod
from reporting.papers.action_plan import action_plan
from reporting.papers.appendix import appendix
from reporting.papers.change_report import TABLE_COLUMNS, change_report
from reporting.papers.excel import action_plan_xlsx, appendix_xlsx, change_report_xlsx
from reporting.papers.word import action_plan_docx, appendix_docx, change_report_docx
from tests.helpers import review_url
from tests.reporting.papers_reading import docx_document, docx_rows, streamed, xlsx_sheet, xlsx_table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("appendix")]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def built_appendix(review, period, extension):
    paper = appendix(review, period)
    return appendix_docx(paper) if extension == "docx" else appendix_xlsx(paper)


def built_action_plan(review, period, extension):
    plan = action_plan(review, period)
    return action_plan_docx(plan) if extension == "docx" else action_plan_xlsx(plan)


def built_change_report(review, period, extension):
    report = change_report(review, period)
    build = change_report_docx if extension == "docx" else change_report_xlsx
    return build(report, TABLE_COLUMNS)


# Each download: its URL name, its quarter (None: now; the action plan has rows only now), the
# file's name, the paper built directly, the title its file opens with, its table's first header.
DOWNLOADS = {
    "appendix": (
        "reporting:appendix-download",
        "2010/11 Q2",
        "safeguarding-commission-appendix-1-2010-11-q2",
        built_appendix,
        "Progress in Implementing Recommendations",
        "Ref",
    ),
    "action plan": (
        "reporting:action-plan-download",
        None,
        "safeguarding-commission-scrutiny-action-plan-now",
        built_action_plan,
        "Scrutiny Action Plan",
        "No.",
    ),
    "changes": (
        "reporting:change-report-download",
        "2010/11 Q2",
        "safeguarding-commission-changes-2010-11-q2",
        built_change_report,
        "Changes between quarters",
        "Ref",
    ),
}


@pytest.mark.parametrize("extension", ["docx", "xlsx"])
@pytest.mark.parametrize("paper", DOWNLOADS)
def test_each_word_and_excel_download_streams_the_paper_from_a_file(coordinator_client, paper, extension):
    url_name, quarter, filename, built, title, header = DOWNLOADS[paper]
    period = ReportingPeriod.objects.get(name=quarter) if quarter else None
    url = review_url(url_name, kwargs={"extension": extension})
    response = coordinator_client.get(url, {"as_at": period.pk if period else ""})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == (DOCX if extension == "docx" else XLSX)
    assert response["Content-Disposition"] == f'attachment; filename="{filename}.{extension}"'
    content = streamed(response)
    assert int(response["Content-Length"]) == len(content)
    review = ReportingPeriod.objects.get(name="2010/11 Q2").review
    directly = built(review, period, extension)
    # The document's own title, as a file manager or screen reader names it: paper, review, quarter.
    named = f"{title}: {review.name}, {quarter or 'now'}"
    if extension == "docx":
        document = docx_document(content)
        assert document.core_properties.title == named
        assert document.paragraphs[0].text == title
        tables = range(len(document.tables))
        assert len(docx_rows(content)) > 1
        assert [docx_rows(content, table) for table in tables] == [
            docx_rows(directly, table) for table in tables
        ]
    else:
        assert load_workbook(io.BytesIO(content)).properties.title == named
        assert xlsx_sheet(content)["A1"].value == title
        start, rows = xlsx_table(content, header=header)
        assert rows[0][0] == header
        assert len(rows) > 1
        assert (start, rows) == xlsx_table(directly, header=header)
