"""The Scrutiny Action Plan of the seed, in each format, now and as at quarters."""

import pytest

from panels import services as panel_services
from panels.models import PanelRecommendation
from recommendations import services
from recommendations.columns import ACTION_PLAN_COLUMNS, ACTION_PLAN_PROGRESS_COLUMNS
from recommendations.models import Rag, ReportingPeriod, Status
from reporting.papers.action_plan import action_plan
from reporting.papers.excel import action_plan_xlsx
from reporting.papers.word import action_plan_docx
from tests.helpers import open_2010_11_q3, parse, review_url
from tests.reporting.papers_reading import csv_records, docx_rows, docx_text, streamed, xlsx_table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("appendix")]

# The report's third panel recommendation and its response, word for word ("As above" in the
# coordinators' cell is the first recommendation's, as the seed records it).
THIRD = (
    3,
    "The Panel recommends that the Cabinet and Officers give greater thought to how a greater number of "
    "social workers could routinely consult chronologies and/or cases histories before assessing families.",
    "Directorate for Children and Young People. Alison O'Sullivan Paul Johnson Cabinet Members "
    "Cllr Ken Smith Cllr Cath Harris",
    "Yes",
    "This matter is being picked up through the development of clearer IT processes, and a project plan is "
    "being produced",
    "P Johnson L Rawnsley",
    "June 2011",
)


@pytest.fixture
def q2():
    return ReportingPeriod.objects.get(name="2010/11 Q2")


def download(extension):
    return review_url("reporting:action-plan-download", kwargs={"extension": extension})


def test_the_action_plan_now_has_the_reports_columns_and_its_five_recommendations_verbatim(q2):
    plan = action_plan(q2.review)
    rows = docx_rows(action_plan_docx(plan))
    assert tuple(rows[0]) == ACTION_PLAN_COLUMNS
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4", "5"]
    assert tuple(rows[3]) == tuple(str(value) for value in THIRD)
    _, table = xlsx_table(action_plan_xlsx(plan), header="No.")
    assert table[0] == ACTION_PLAN_COLUMNS
    assert table[3] == THIRD


def test_as_at_2010_11_q2_the_plan_had_not_been_made(q2):
    """The panel's report came in January 2011, after the quarter closed."""
    plan = action_plan(q2.review, q2)
    assert plan.rows == []
    assert "2010/11 Q2" in docx_text(action_plan_docx(plan))


def test_a_later_quarter_shows_the_progress_recorded_and_keeps_it_once_closed(
    q2, coordinator_user, panel_member_user
):
    q3 = open_2010_11_q3(q2.review, by=coordinator_user)
    third = PanelRecommendation.objects.get(number=3)
    panel_services.panel_recommendation_record_update(
        panel_recommendation=third, period=q3, by=panel_member_user,
        narrative="A project plan for chronologies is agreed.", status=Status.IN_PROGRESS, rag=Rag.GREEN,
    )  # fmt: skip
    q3 = services.reporting_period_close(period=q3, by=coordinator_user)
    plan = action_plan(q2.review, q3)
    assert plan.columns == ACTION_PLAN_COLUMNS + ACTION_PLAN_PROGRESS_COLUMNS
    rows = docx_rows(action_plan_docx(plan))
    assert rows[3][-3:] == ["In progress", "Green", "A project plan for chronologies is agreed."]

    third.refresh_from_db()
    third.progress = "Changed after the quarter closed."
    third.save()
    assert action_plan(q2.review, q3).rows[2].progress == "A project plan for chronologies is agreed."
    assert action_plan(q2.review).rows[2].progress == "Changed after the quarter closed."


def test_the_action_plan_downloads_and_print_page(panel_member_client, q2):
    response = panel_member_client.get(download("csv"), {"as_at": ""})
    assert response["Content-Disposition"] == (
        'attachment; filename="safeguarding-commission-scrutiny-action-plan-now.csv"'
    )
    records = csv_records(streamed(response))
    assert len(records) == 5
    assert records[2]["How will this be implemented?"] == THIRD[4]
    assert {record["Quarter"] for record in records} == {"now"}
    for extension in ("docx", "xlsx"):
        assert panel_member_client.get(download(extension), {"as_at": q2.pk}).status_code == 200
    page = parse(panel_member_client.get(review_url("reporting:action-plan"), {"as_at": ""}))
    assert THIRD[4] in page.by_id("paper-table").text
    papers = parse(panel_member_client.get(review_url("reporting:papers"), {"as_at": ""}))
    hrefs = [link.attrs["href"] for link in papers.find_all("a")]
    assert f"{download('docx')}?as_at=&layout=council" in hrefs
    assert "The panel's own 5 recommendations with the response to each" in papers.text
    plan_link = papers.find("a", href=f"{download('docx')}?as_at=&layout=council")
    assert plan_link.attrs["download"] == "safeguarding-commission-scrutiny-action-plan-now.docx"


def test_the_papers_page_says_when_the_plan_is_empty(panel_member_client, q2):
    papers = parse(panel_member_client.get(review_url("reporting:papers"), {"as_at": q2.pk}))

    assert "The panel had made no recommendations of its own on this review" in papers.text
