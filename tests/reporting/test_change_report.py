"""The change report between the seed's 2010/11 Q2 and a 2010/11 Q3 the test makes."""

import datetime

import pytest

from recommendations import services
from recommendations.models import ProgressUpdate, Rag, Recommendation, ReportingPeriod, Status
from recommendations.quality import COPIED, NO_EVIDENCE, TIMESCALE_PAST
from reporting.papers.change_report import TABLE_COLUMNS, change_report
from reporting.papers.excel import change_report_xlsx
from reporting.papers.word import change_report_docx
from tests.factories import SubmittedUpdateFactory
from tests.helpers import accept_update, open_2010_11_q3, parse, review_url
from tests.reporting.papers_reading import csv_records, docx_rows, streamed, xlsx_table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("appendix")]

WHOLE = "Chronologies are in place on every file, audited in December."
ACTION = "Care First 6 is rolled out to every team."
EVIDENCE = "https://example.org/audit"


@pytest.fixture
def q3(lead_officer_user, coordinator_user):
    """In 2010/11 Q3: recommendation 18 completed (with evidence) and its first action's timescale
    slipped to March 2011, both accepted; recommendation 23's first action given last quarter's
    narrative again, and recommendation 2's second action claimed completed without evidence,
    both submitted."""
    recommendation = Recommendation.objects.get(ref=18)
    services.recommendation_assign_lead_officer(
        recommendation=recommendation, officer=lead_officer_user.officer, by=coordinator_user
    )
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")
    quarter = open_2010_11_q3(q2.review, by=coordinator_user)
    people = {"officer": lead_officer_user, "coordinator": coordinator_user}
    accept_update(
        recommendation, period=quarter, **people, narrative=WHOLE, status=Status.COMPLETED, rag=Rag.COMPLETE,
        evidence_links=EVIDENCE,
    )  # fmt: skip
    accept_update(
        recommendation, period=quarter, **people, action=recommendation.actions.get(position=1),
        narrative=ACTION, revised_timescale="March 2011", status=Status.IN_PROGRESS,
    )  # fmt: skip
    copied_from = ProgressUpdate.objects.get(period=q2, recommendation__ref=23, action__position=1)
    SubmittedUpdateFactory(
        recommendation=copied_from.recommendation, action=copied_from.action, period=quarter,
        narrative=copied_from.narrative, status=copied_from.status or Status.NO_PROGRESS, rag=Rag.AMBER,
    )  # fmt: skip
    two = Recommendation.objects.get(ref=2)
    SubmittedUpdateFactory(
        recommendation=two, action=two.actions.get(position=2), period=quarter,
        narrative="Links are in place in every Children's Centre.", status=Status.COMPLETED, rag=Rag.GREEN,
    )  # fmt: skip
    return quarter


def counts(report) -> dict[str, int]:
    return {count.label: count.count for count in report.counts}


def test_the_report_lists_exactly_the_changes_made_and_the_flags(q3):
    report = change_report(q3.review, q3)

    assert report.since == "the end of 2010/11 Q2 (30 September 2010)"
    open_without_update = sorted(set(Recommendation.objects.open().values_list("ref", flat=True)) - {2, 23})
    assert counts(report) == {
        "New completions": 1,
        "Status changes": 1,
        "RAG changes": 1,
        "Slipped timescales": 1,
        "Updates not submitted": len(open_without_update),
        "Narratives copied from the previous quarter": 1,
        "Completions claimed without evidence": 1,
    }
    assert report.not_submitted == open_without_update
    assert [recommendation.ref for recommendation in report.recommendations] == [2, 18, 23]
    rows = report.table()
    q2_progress = ProgressUpdate.objects.get(period__name="2010/11 Q2", recommendation__ref=18).narrative
    assert [row for row in rows if row[0] == 18 and row[2] != "Quality flag"] == [
        [18, "The recommendation", "Status", "In progress", "Completed", ""],
        [18, "The recommendation", "RAG", "Not assessed", "Complete", ""],
        [18, "The recommendation", "Progress", "", WHOLE, ""],
        [18, "Action 1", "Timescale", "Nov 09 Summer 10 (31 August 2010)", "March 2011 (31 March 2011)", 2],
        [18, "Action 1", "Progress", q2_progress, ACTION, ""],
    ]
    assert [(row[0], row[1], row[4]) for row in rows if row[2] == "Quality flag"] == [
        (2, "Action 2 update", "Completion is claimed without evidence."),
        # Submitted today, long after March 2011.
        (18, "Action 1 update", "The revised timescale (31 March 2011) had already passed."),
        (23, "Action 1 update", "The narrative is identical to 2010/11 Q2's."),
    ]
    flags = {flag.code for recommendation in report.recommendations for _, flag in recommendation.flags}
    assert flags == {COPIED, NO_EVIDENCE, TIMESCALE_PAST}


def test_the_report_against_an_earlier_quarter_chosen(q3):
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")
    assert change_report(q3.review, q3, q2).table() == change_report(q3.review, q3).table()


def test_the_word_and_excel_files_hold_the_counts_and_one_row_per_change(q3):
    report = change_report(q3.review, q3)
    content = change_report_docx(report, TABLE_COLUMNS)
    counts_table = docx_rows(content, table=0)
    assert counts_table[1] == ["New completions", "1"]
    changes = docx_rows(content, table=1)
    assert tuple(changes[0]) == TABLE_COLUMNS
    assert len(changes) - 1 == len(report.table())
    assert ["18", "The recommendation", "Progress", "", WHOLE, ""] in changes
    _, rows = xlsx_table(change_report_xlsx(report, TABLE_COLUMNS))
    assert rows[0] == TABLE_COLUMNS
    assert (
        18,
        "Action 1",
        "Timescale",
        "Nov 09 Summer 10 (31 August 2010)",
        "March 2011 (31 March 2011)",
        2,
    ) in rows


def test_the_page_shows_the_counts_each_change_and_the_narrative_as_a_word_diff(q3, coordinator_client):
    url = review_url("reporting:change-report")
    page = parse(coordinator_client.get(url, {"as_at": q3.pk}))
    assert "Slipped timescales" in page.by_id("change-counts").text
    eighteen = page.by_id("recommendation-18")
    assert "revised 2 times" in eighteen.text
    assert eighteen.find("ins") is not None
    assert "Completion is claimed without evidence." in page.by_id("recommendation-2").text
    response = coordinator_client.get(
        review_url("reporting:change-report-download", kwargs={"extension": "csv"}), {"as_at": q3.pk}
    )
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="safeguarding-commission-changes-2010-11-q3.csv"'
    )
    assert len(csv_records(streamed(response))) == len(change_report(q3.review, q3).table())


def test_a_bad_quarter_to_compare_with_is_named_next_to_the_field(q3, coordinator_client):
    response = coordinator_client.get(
        review_url("reporting:change-report"), {"as_at": q3.pk, "against": q3.pk}
    )
    assert response.status_code == 200
    assert "Select an earlier quarter" in parse(response).by_id("id_against-error").text


def test_each_flag_compares_with_the_latest_earlier_accepted_update_of_its_own_target(
    lead_officer_user, coordinator_user
):
    """In 2010/11 Q4, an action update repeating its 2010/11 Q2 narrative is compared with its Q3
    update where it had one, and with Q2 where it had none (though its recommendation had one of
    its own in Q3); a recommendation's own update is never compared with one of its actions'."""
    people = {"officer": lead_officer_user, "coordinator": coordinator_user}
    eighteen, twenty_three = Recommendation.objects.get(ref=18), Recommendation.objects.get(ref=23)
    for recommendation in (eighteen, twenty_three):
        services.recommendation_assign_lead_officer(
            recommendation=recommendation, officer=lead_officer_user.officer, by=coordinator_user
        )
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")
    q3 = open_2010_11_q3(q2.review, by=coordinator_user)
    action_18 = eighteen.actions.get(position=1)
    accept_update(eighteen, period=q3, **people, action=action_18, narrative=ACTION)
    accept_update(twenty_three, period=q3, **people, narrative=WHOLE)  # its own, not its action's
    services.reporting_period_close(period=q3, by=coordinator_user)
    q4 = services.reporting_period_open(
        review=q2.review, name="2010/11 Q4", starts=datetime.date(2011, 1, 1),
        ends=datetime.date(2011, 3, 31), deadline=None, by=coordinator_user,
    )  # fmt: skip
    action_23 = twenty_three.actions.get(position=1)
    for recommendation, action, narrative in (
        (eighteen, action_18, ProgressUpdate.objects.get(period=q2, action=action_18).narrative),
        (twenty_three, action_23, ProgressUpdate.objects.get(period=q2, action=action_23).narrative),
        (eighteen, None, ACTION),
    ):
        SubmittedUpdateFactory(
            recommendation=recommendation, action=action, period=q4, narrative=narrative,
            status=Status.IN_PROGRESS, rag=Rag.AMBER,
        )  # fmt: skip

    rows = change_report(q4.review, q4).table()

    flags = [(row[0], row[1], row[4]) for row in rows if row[2] == "Quality flag"]
    copied = [flag for flag in flags if flag[2].startswith("The narrative is")]
    assert copied == [(23, "Action 1 update", "The narrative is identical to 2010/11 Q2's.")]
