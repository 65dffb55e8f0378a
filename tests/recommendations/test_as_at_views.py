"""The list and the recommendation page as at the end of a quarter, from the history tables."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import (
    ProposedAction,
    Recommendation,
    Status,
)
from tests import factories
from tests.helpers import error_summary, lazy_review_url, listed_refs, parse, review_url, text_of

pytestmark = pytest.mark.django_db

LIST_URL = lazy_review_url("recommendations:recommendation-list")

EXPORT_URL = lazy_review_url("recommendations:recommendation-export")


def detail_url(ref):
    return review_url("recommendations:recommendation-detail", kwargs={"ref": ref})


# The recommendation page as at a quarter ------------------------------------------------------


@pytest.mark.parametrize("as_at", ["x", "99999", "-1", "1.5"])
def test_an_unknown_quarter_on_the_recommendation_page_is_an_error_not_a_server_error(
    panel_member_client, as_at
):
    factories.RecommendationFactory(ref=18)

    response = panel_member_client.get(detail_url(18), {"as_at": as_at})

    assert response.status_code == 200
    assert error_summary(response) == [
        ("#id_as_at", "Select a quarter from the list: there is no such quarter")
    ]
    assert parse(response).find("title").text.startswith("Error: Recommendation 18")
    assert parse(response).find(id="as-at-banner") is None


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

    assert "Recommendation 1 was not yet recorded at the end of 2008/09 Q1." in text_of(html)


# Query counts ---------------------------------------------------------------------------------


@pytest.fixture
def quarter():
    theme = factories.ThemeFactory(name="Assessment", position=1)
    period = factories.ClosedReportingPeriodFactory(review=theme.review)
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

    titles = [title.text for title in parse(html).find_all("h3", class_="govuk-summary-card__title")]
    assert len([title for title in titles if title.startswith("Proposed action")]) == 5
    assert len(with_five) == len(with_one)
