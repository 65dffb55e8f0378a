import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recommendations.models import Rag, Recommendation, ReportingPeriod, Status
from tests import factories
from tests.helpers import element, lazy_review_url, links_in, parse, review_url

pytestmark = pytest.mark.django_db

DASHBOARD = lazy_review_url("reporting:dashboard")


def test_the_home_page_goes_to_the_only_reviews_dashboard(panel_member_client):
    recommendation = factories.RecommendationFactory()

    response = panel_member_client.get("/", follow=True)

    assert response.redirect_chain == [(f"/reviews/{recommendation.review.slug}/", 302)]
    assert response.templates[0].name == "reporting/dashboard.html"
    navigation = {item["label"]: item for item in response.context["navigation"]}
    assert navigation["Dashboard"]["current"]
    assert navigation["Dashboard"]["url"] == review_url("reporting:dashboard")


def test_with_several_reviews_the_home_page_lists_them(panel_member_client):
    factories.RecommendationFactory()
    factories.RecommendationFactory(theme__review=factories.ReviewFactory())

    response = panel_member_client.get("/", follow=True)

    assert response.redirect_chain == [("/reviews/", 302)]
    assert response.templates[0].name == "recommendations/review_list.html"


@pytest.fixture
def late_and_slipped(db):
    """Five recommendations: 1 open with a late open action, 2 open with its action not yet due,
    3 completed with a late action, 4 open whose late action is completed, 5 open with an action
    whose timescale was revised twice and one revised from a first date."""
    theme = factories.ThemeFactory()
    late = factories.RecommendationFactory(theme=theme, ref=1, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(recommendation=late, position=1, due_date=datetime.date(2010, 1, 31))
    factories.ProposedActionFactory(recommendation=late, position=2, due_date=datetime.date(2010, 3, 31))
    not_due = factories.RecommendationFactory(theme=theme, ref=2, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(recommendation=not_due, due_date=datetime.date(2099, 1, 31))
    done = factories.CompletedRecommendationFactory(theme=theme, ref=3)
    factories.ProposedActionFactory(recommendation=done, due_date=datetime.date(2010, 1, 31))
    action_done = factories.RecommendationFactory(theme=theme, ref=4, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(
        recommendation=action_done, due_date=datetime.date(2010, 1, 31), status=Status.COMPLETED
    )
    slipped = factories.RecommendationFactory(theme=theme, ref=5, status=Status.IN_PROGRESS)
    twice = factories.ProposedActionFactory(
        recommendation=slipped, position=1, timescale="Nov 09", due_date=datetime.date(2099, 11, 30)
    )
    for timescale in ("Summer 2010", "Spring 2011"):
        twice.timescale = timescale
        twice.save()
    factories.ProposedActionFactory(
        recommendation=slipped,
        position=2,
        timescale="February 2010 Revised to May 2099",
        due_date=datetime.date(2099, 5, 31),
        original_due_date=datetime.date(2010, 2, 28),
    )
    return theme.review


def test_overdue_counts_open_recommendations_with_an_open_action_past_its_due_date(
    late_and_slipped, panel_member_client
):
    response = panel_member_client.get(DASHBOARD)
    dashboard = response.context["dashboard"]
    assert dashboard.overdue.count == 1
    assert [(item.ref, item.note) for item in dashboard.overdue_recommendations] == [
        (1, "2 actions past due")
    ]
    assert dashboard.overdue.count == Recommendation.objects.overdue(on=timezone.localdate()).count()
    overdue = element(response, "overdue").text
    assert "1 open recommendation has an action still open" in overdue
    assert "Recommendation 1: 2 actions past due" in overdue


def test_slipped_lists_each_revised_timescale_with_how_many_times(late_and_slipped, panel_member_client):
    response = panel_member_client.get(DASHBOARD)
    slipped = response.context["dashboard"].slipped
    assert [(item.ref, item.position, item.times, item.timescale) for item in slipped] == [
        (5, 1, 2, "Spring 2011"),
        (5, 2, 1, "February 2010 Revised to May 2099"),
    ]
    section = element(response, "slipped").text
    assert "Recommendation 5, proposed action 1: revised twice" in section
    assert "Recommendation 5, proposed action 2: revised once" in section
    assert review_url("recommendations:recommendation-detail", kwargs={"ref": 5}) in [
        href for href, _ in links_in(response)
    ]


def test_an_unknown_quarter_is_an_error_beside_the_selector_not_a_failure(panel_member_client):
    factories.ReportingPeriodFactory(review=factories.RecommendationFactory().review)

    response = panel_member_client.get(DASHBOARD, {"as_at": "999"})
    assert response.status_code == 200
    assert response.context["errors"] == [
        ("#id_as_at", "Select a quarter from the list: there is no such quarter")
    ]
    assert response.context["dashboard"].as_at is None


@pytest.fixture
def growing_tracker(db):
    """A review with two quarters, a concern and a panel recommendation; `grow_to(n)` gives it n
    recommendations, each with a revised late action, an accepted and a submitted update."""
    review = factories.ReviewFactory()
    themes = [factories.ThemeFactory(review=review) for _ in range(3)]
    closed = factories.ClosedReportingPeriodFactory(review=review)
    open_period = factories.OpenReportingPeriodFactory(review=review)
    concern = factories.ConcernFactory()
    concern.report.panel.reviews.add(review)
    factories.PanelRecommendationFactory(report=concern.report)

    def grow_to(size):
        for ref in range(Recommendation.objects.count() + 1, size + 1):
            recommendation = factories.RecommendationFactory(
                theme=themes[ref % 3], ref=ref, status=[Status.IN_PROGRESS, Status.COMPLETED][ref % 2]
            )
            action = factories.ProposedActionFactory(
                recommendation=recommendation,
                position=1,
                due_date=datetime.date(2010, 1, 31),
                original_due_date=datetime.date(2009, 11, 30),
            )
            action.timescale = "Revised"
            action.save()
            factories.AcceptedUpdateFactory(recommendation=recommendation, period=closed)
            factories.SubmittedUpdateFactory(recommendation=recommendation, period=open_period)
            concern.recommendations.add(recommendation)

    grow_to.closed = closed
    # A closed quarter ending after the records were made, so the tracker as at its end holds them.
    grow_to.later = factories.ReportingPeriodFactory(
        review=review,
        name="Later",
        starts=datetime.date(2099, 1, 1),
        ends=datetime.date(2099, 3, 31),
        state=ReportingPeriod.State.CLOSED,
    )
    return grow_to


@pytest.mark.parametrize("as_at", [False, True], ids=["now", "as-at"])
def test_the_dashboard_reads_the_same_number_of_queries_for_5_or_40_recommendations(
    growing_tracker, panel_member_client, as_at
):
    params = {"as_at": growing_tracker.later.pk} if as_at else {}
    counts = []
    for size in (5, 40):
        growing_tracker(size)
        with CaptureQueriesContext(connection) as queries:
            response = panel_member_client.get(DASHBOARD, params)
        dashboard = response.context["dashboard"]
        assert dashboard.total.count == size
        assert len(dashboard.slipped) == size
        assert dashboard.concerns[0].recommendations.count() == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.fixture
def mixed_tracker(db):
    """Seven recommendations in three themes, each status and RAG rating somewhere among them."""
    review = factories.ReviewFactory()
    themes = [factories.ThemeFactory(review=review) for _ in range(3)]
    ratings = [
        (Status.IN_PROGRESS, Rag.AMBER),
        (Status.IN_PROGRESS, Rag.RED),
        (Status.COMPLETED, Rag.COMPLETE),
        (Status.NO_PROGRESS, Rag.RED),
        (Status.NOT_STARTED, Rag.NOT_ASSESSED),
        (Status.IN_PROGRESS, Rag.GREEN),
        (Status.COMPLETED, Rag.COMPLETE),
    ]
    for ref, (status, rag) in enumerate(ratings, start=1):
        factories.RecommendationFactory(theme=themes[ref % 3], ref=ref, status=status, rag=rag)
    return len(ratings)


def chart(page, chart_id):
    """The SVG chart labelled by this chart's title."""
    (svg,) = [
        svg
        for svg in page.find_all("svg", class_="app-chart__svg")
        if svg.attrs.get("aria-labelledby", "").split()[0] == f"{chart_id}-title"
    ]
    return svg


def test_each_chart_is_an_image_with_a_title_and_the_figures_of_its_table(mixed_tracker, panel_member_client):
    response = panel_member_client.get(DASHBOARD)
    page = parse(response)
    dashboard = response.context["dashboard"]
    for chart_id, figures, title in [
        ("chart-status", dashboard.by_status, "Recommendations by status"),
        ("chart-rag", dashboard.by_rag, "Recommendations by RAG rating"),
    ]:
        svg = chart(page, chart_id)
        assert svg.attrs["role"] == "img"
        assert svg.find("title", id=f"{chart_id}-title").text == title
        labels = [label.text for label in svg.find_all("text", class_="app-chart__label")]
        values = [int(value.text) for value in svg.find_all("text", class_="app-chart__value")]
        assert labels == [figure.label for figure in figures]
        assert values == [figure.count for figure in figures]
        assert sum(values) == mixed_tracker
        table = page.by_id(chart_id.replace("chart-", "") + "-table")
        # Each count links to the list it counts; the hidden words after it say what it counts.
        table_counts = [int(link.text.split()[0]) for link in table.find_all("a", class_="govuk-link")]
        assert table_counts == values + [mixed_tracker]

    totals = [
        int(value.text) for value in chart(page, "chart-theme").find_all("text", class_="app-chart__value")
    ]
    assert totals == [row.total.count for row in dashboard.by_theme]
    assert sum(totals) == mixed_tracker
