"""The list and the recommendation page as at the end of a quarter, from the history tables."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations import services
from recommendations.models import (
    ProposedAction,
    Rag,
    Recommendation,
    ReportingPeriod,
    Status,
)
from tests import factories
from tracker.models import Role

pytestmark = pytest.mark.django_db

LIST_URL = reverse("recommendations:recommendation-list")
EXPORT_URL = reverse("recommendations:recommendation-export")
Q3_NARRATIVE = "Chronologies are routinely consulted in every assessment."
Q3_ACTION_NARRATIVE = "Care First 6 is rolled out to every team."


def detail_url(ref):
    return reverse("recommendations:recommendation-detail", kwargs={"ref": ref})


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def row_of(html: str, ref: int) -> str:
    """The list's table row of one recommendation."""
    match = re.search(
        rf'<tr class="govuk-table__row">\s*<td class="govuk-table__cell app-table__ref">{ref}</td>.*?</tr>',
        html,
        re.DOTALL,
    )
    assert match, f"recommendation {ref} is not listed"
    return match.group(0)


def listed_refs(html: str) -> list[int]:
    return [int(ref) for ref in re.findall(r'<td class="govuk-table__cell app-table__ref">(\d+)</td>', html)]


def section(html, element_id):
    start = html.index(f'id="{element_id}"')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


@pytest.fixture
def q2(appendix):
    return ReportingPeriod.objects.get(name="2010/11 Q2")


@pytest.fixture
def q3_accepted(q2):
    """Recommendation 18 accepted as completed in a new 2010/11 Q3, and its first action's
    progress and revised timescale accepted too, all through the services."""
    officer = factories.OfficerUserFactory()
    coordinator = factories.UserFactory(role=Role.COORDINATOR)
    recommendation = Recommendation.objects.get(ref=18)
    services.recommendation_assign_lead_officer(
        recommendation=recommendation, officer=officer.officer, by=coordinator
    )
    q3 = services.reporting_period_open(
        review=recommendation.review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=None,
        by=coordinator,
    )
    action = recommendation.actions.get(position=1)
    for target, narrative, status, rag, timescale in [
        (None, Q3_NARRATIVE, Status.COMPLETED, Rag.COMPLETE, ""),
        (action, Q3_ACTION_NARRATIVE, Status.IN_PROGRESS, Rag.AMBER, "March 2011"),
    ]:
        update = services.progress_update_save(
            recommendation=recommendation,
            action=target,
            period=q3,
            by=officer,
            narrative=narrative,
            status=status,
            rag=rag,
            revised_timescale=timescale,
            evidence_links="https://example.org/audit",
        )
        update = services.progress_update_submit(update=update, by=officer)
        services.progress_update_accept(
            update=update, by=coordinator, completion_verified=status == Status.COMPLETED
        )
    return q3


# The list as at a quarter ---------------------------------------------------------------------


def test_list_as_at_q2_shows_the_september_2010_status_after_a_later_completion(
    q2, q3_accepted, panel_member_client
):
    then = panel_member_client.get(LIST_URL, {"as_at": q2.pk}).content.decode()
    now = panel_member_client.get(LIST_URL).content.decode()

    assert '<strong class="govuk-tag">In progress</strong>' in row_of(then, 18)
    assert '<strong class="govuk-tag govuk-tag--green">Completed</strong>' in row_of(now, 18)
    assert "54 recommendations" in then


def test_list_as_at_q2_says_so_prominently_with_a_link_to_now_keeping_the_filters(
    q2, q3_accepted, panel_member_client
):
    html = panel_member_client.get(LIST_URL, {"as_at": q2.pk, "theme": 3, "open": "yes"}).content.decode()

    banner = html[
        html.index('id="as-at-banner"') : html.index("</div>\n</div>", html.index('id="as-at-banner"'))
    ]
    assert (
        "You are looking at the tracker as it stood at the end of 2010/11 Q2 (30 September 2010). "
        "See it as it is now."
    ) in text_of(banner)
    assert f'href="{LIST_URL}?theme=3&amp;open=yes">See it as it is now</a>' in banner
    assert "<title>Recommendations as at the end of 2010/11 Q2 – " in html
    assert html.index('id="as-at-banner"') < html.index("<h1")


def test_filters_apply_to_the_tracker_as_it_stood(q2, q3_accepted, panel_member_client):
    then = panel_member_client.get(LIST_URL, {"as_at": q2.pk, "status": "completed"}).content.decode()
    now = panel_member_client.get(LIST_URL, {"status": "completed"}).content.decode()
    open_then = panel_member_client.get(
        LIST_URL, {"as_at": q2.pk, "theme": 3, "open": "yes"}
    ).content.decode()

    assert 18 not in listed_refs(then)
    assert "14 recommendations" in then
    assert 18 in listed_refs(now)
    assert "15 recommendations" in now
    assert listed_refs(open_then) == [17, 18, 19, 20, 23, 24]


def test_search_as_at_q2_reads_the_progress_as_it_was(q2, q3_accepted, panel_member_client):
    then = panel_member_client.get(
        LIST_URL, {"as_at": q2.pk, "q": "rolled out to every team"}
    ).content.decode()
    now = panel_member_client.get(LIST_URL, {"q": "rolled out to every team"}).content.decode()

    assert listed_refs(then) == []
    assert 18 in listed_refs(now)


def test_a_question_asked_after_the_quarter_is_not_open_as_at_the_quarter(q2, panel_member_client):
    factories.QuestionFactory(recommendation=Recommendation.objects.get(ref=18))

    then = panel_member_client.get(LIST_URL, {"as_at": q2.pk, "open_question": "yes"}).content.decode()
    now = panel_member_client.get(LIST_URL, {"open_question": "yes"}).content.decode()

    assert listed_refs(then) == []
    assert listed_refs(now) == [18]


def test_the_as_at_list_links_to_each_recommendation_as_at_the_same_quarter(q2, panel_member_client):
    html = panel_member_client.get(LIST_URL, {"as_at": q2.pk}).content.decode()

    assert f'href="{detail_url(18)}?as_at={q2.pk}"' in row_of(html, 18)


def test_quarter_selector_offers_now_and_each_closed_or_open_quarter(q2, q3_accepted, panel_member_client):
    html = panel_member_client.get(LIST_URL, {"as_at": q2.pk, "theme": 3}).content.decode()

    selector = html[
        html.index('id="quarter-select"') : html.index("</form>", html.index('id="quarter-select"'))
    ]
    options = re.findall(r'<option value="(\d*)"( selected)?>([^<]+)</option>', selector)
    assert options == [
        ("", "", "Now"),
        (str(q3_accepted.pk), "", "End of 2010/11 Q3 (31 December 2010) – open for updates, so far"),
        (str(q2.pk), " selected", "End of 2010/11 Q2 (30 September 2010)"),
    ]
    assert '<input type="hidden" name="theme" value="3">' in selector
    assert 'name="as_at" type="hidden"' not in selector


def test_csv_as_at_q2_has_the_actions_as_they_were(q2, q3_accepted, panel_member_client):
    response = panel_member_client.get(EXPORT_URL, {"as_at": q2.pk, "theme": 3})

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    chronologies = [row for row in rows if row["ref"] == "18"]
    assert len(chronologies) == 1
    assert chronologies[0]["progress_update"].startswith("Procedures to be updated")
    assert chronologies[0]["timescale"] == "Nov 09 Summer 10"
    now = panel_member_client.get(EXPORT_URL, {"theme": 3}).content.decode()
    assert Q3_ACTION_NARRATIVE in now
    assert "March 2011" in now


# The recommendation page as at a quarter ------------------------------------------------------


def test_recommendation_18_as_at_q2_shows_its_september_2010_record(q2, q3_accepted, panel_member_client):
    html = panel_member_client.get(detail_url(18), {"as_at": q2.pk}).content.decode()

    assert "You are looking at the tracker as it stood at the end of 2010/11 Q2 (30 September 2010)." in (
        text_of(html)
    )
    assert f'href="{detail_url(18)}">See it as it is now</a>' in html
    assert '<strong class="govuk-tag">In progress</strong>' in html
    assert "Completed</strong>" not in section(html, "recommendation-text")
    actions = section(html, "actions")
    assert "Procedures to be updated to ensure chronologies" in actions
    assert Q3_ACTION_NARRATIVE not in html
    assert "March 2011" not in html
    assert 'id="lead-officer"' not in html  # no lead officer was assigned in September 2010


def test_recommendation_18_now_shows_the_later_completion(q2, q3_accepted, panel_member_client):
    html = panel_member_client.get(detail_url(18)).content.decode()

    assert 'id="as-at-banner"' not in html
    assert '<strong class="govuk-tag govuk-tag--green">Completed</strong>' in html
    assert Q3_ACTION_NARRATIVE in section(html, "actions")
    assert "March 2011" in section(html, "actions")
    # Its cell named a later date than the action plan's ("Nov 09 Summer 10"), and Q3 revised it again.
    assert "Proposed action 1: revised 2 times" in section(html, "slippage")


def test_recommendation_page_as_at_q2_has_the_timeline_and_timescales_up_to_then_only(
    q2, q3_accepted, panel_member_client
):
    then = panel_member_client.get(detail_url(18), {"as_at": q2.pk}).content.decode()
    now = panel_member_client.get(detail_url(18)).content.decode()

    timeline = section(then, "timeline")
    assert "Up to the end of 2010/11 Q2 (30 September 2010) only." in timeline
    assert "2010/11 Q2" in timeline
    assert "2010/11 Q3" not in timeline
    assert Q3_NARRATIVE not in then
    assert "2010/11 Q3" in section(now, "timeline")
    assert "Proposed action 1: revised 1 time" in section(then, "slippage")
    # Due at the end of August 2010, still in progress at the end of September.
    assert "Overdue Due 31 August 2010 and not completed by the end of 2010/11 Q2." in text_of(
        section(then, "slippage")
    )


def test_recommendation_page_as_at_a_quarter_hides_questions_and_lead_officer_changes(q2, coordinator_client):
    html = coordinator_client.get(detail_url(18), {"as_at": q2.pk}).content.decode()

    assert 'id="questions"' not in html
    assert "Change lead officer" not in html
    assert "Change lead officer" in coordinator_client.get(detail_url(18)).content.decode()


def test_panel_findings_published_after_the_quarter_are_not_shown_as_at_it(q2, panel_member_client):
    # The seed's findings are in the January 2011 report, after 2010/11 Q2.
    then = section(
        panel_member_client.get(detail_url(18), {"as_at": q2.pk}).content.decode(), "panel-findings"
    )
    now = section(panel_member_client.get(detail_url(18)).content.decode(), "panel-findings")

    assert "Area of concern 3" in now
    assert "Area of concern 3" not in then
    assert "published by the end of 2010/11 Q2" in then


@pytest.mark.parametrize("as_at", ["x", "99999", "-1", "1.5"])
def test_an_unknown_quarter_on_the_recommendation_page_is_an_error_not_a_server_error(
    appendix, panel_member_client, as_at
):
    response = panel_member_client.get(detail_url(18), {"as_at": as_at})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<li><a href="#id_as_at">Select a quarter from the list: there is no such quarter</a></li>' in html
    assert "<title>Error: Recommendation 18" in html
    assert 'id="as-at-banner"' not in html


def test_the_recommendation_page_for_a_quarter_before_it_was_recorded_says_so(panel_member_client):
    theme = factories.ThemeFactory()
    factories.RecommendationFactory(theme=theme, ref=1)
    early = factories.ReportingPeriodFactory(
        review=theme.review,
        name="2008/09 Q1",
        starts=datetime.date(2008, 4, 1),
        ends=datetime.date(2008, 6, 30),
        state="closed",
    )

    html = panel_member_client.get(detail_url(1), {"as_at": early.pk}).content.decode()

    assert "Recommendation 1 was not yet recorded at the end of 2008/09 Q1." in html


# Query counts ---------------------------------------------------------------------------------


@pytest.fixture
def quarter():
    theme = factories.ThemeFactory(name="Assessment", position=1)
    period = factories.ReportingPeriodFactory(
        review=theme.review,
        name="2010/11 Q2",
        starts=datetime.date(2010, 7, 1),
        ends=datetime.date(2010, 9, 30),
        state="closed",
    )
    return theme, period


def build_before(theme, count, start):
    """Recommendations, each with two actions, recorded before the quarter ended."""
    for ref in range(start, start + count):
        recommendation = factories.RecommendationFactory(theme=theme, ref=ref, status=Status.IN_PROGRESS)
        for position in (1, 2):
            factories.ProposedActionFactory(
                recommendation=recommendation,
                position=position,
                due_date=datetime.date(2010, 1, 1),
                text="Commission an audit.",
            )
    september = datetime.datetime(2010, 9, 1, tzinfo=datetime.UTC)
    Recommendation.history.update(history_date=september)
    ProposedAction.history.update(history_date=september)


@pytest.mark.parametrize("params", [{}, {"open": "yes", "overdue": "yes", "sort": "due", "q": "audit"}])
def test_as_at_list_query_count_does_not_grow_with_recommendations(quarter, panel_member_client, params):
    theme, period = quarter
    params = {**params, "as_at": period.pk}
    build_before(theme, 2, start=1)
    with CaptureQueriesContext(connection) as with_two:
        panel_member_client.get(LIST_URL, params)

    build_before(theme, 8, start=3)
    with CaptureQueriesContext(connection) as with_ten:
        html = panel_member_client.get(LIST_URL, params).content.decode()

    assert "You are looking at the tracker as it stood" in html
    assert len(listed_refs(html)) == 10
    assert len(with_ten) == len(with_two)


def test_as_at_recommendation_page_query_count_does_not_grow_with_actions(quarter, panel_member_client):
    theme, period = quarter
    recommendation = factories.RecommendationFactory(theme=theme, ref=1)
    factories.ProposedActionFactory(recommendation=recommendation, position=1)
    ProposedAction.history.update(history_date=datetime.datetime(2010, 9, 1, tzinfo=datetime.UTC))
    Recommendation.history.update(history_date=datetime.datetime(2010, 9, 1, tzinfo=datetime.UTC))
    with CaptureQueriesContext(connection) as with_one:
        panel_member_client.get(detail_url(1), {"as_at": period.pk})

    for position in range(2, 6):
        factories.ProposedActionFactory(recommendation=recommendation, position=position)
    ProposedAction.history.update(history_date=datetime.datetime(2010, 9, 1, tzinfo=datetime.UTC))
    with CaptureQueriesContext(connection) as with_five:
        html = panel_member_client.get(detail_url(1), {"as_at": period.pk}).content.decode()

    assert html.count('<h3 class="govuk-summary-card__title">Proposed action') == 5
    assert len(with_five) == len(with_one)
