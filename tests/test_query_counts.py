"""Every main page makes the same number of queries however much data there is.

Each row of `PAGES` is a page, who asks for it and how its address is made. The test measures the
page with a little data (two synthetic reviews of three recommendations each) and again once
there is clearly more (six reviews, the page's own review of fifteen recommendations, more
actions, updates, quarters and panel recommendations), and the two counts must be equal: a page
whose query count grows with its rows is one that slows down at national scale. A new page is
one more row.

The data is `recommendations.synthetic` (each review with sixteen quarters, updates in each, a
panel and its recommendations), plus one officer who leads work in every review, so My work and
the review queue span them all. Each page is asked for twice and the second request counted, so
what is read once per process (content types, the site's settings) is not counted.
"""

import datetime
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from panels.models import Panel, PanelRecommendation
from recommendations import synthetic
from recommendations.as_at import snapshot
from recommendations.models import (
    ProgressUpdate,
    ProposedAction,
    Recommendation,
    ReportingPeriod,
    Review,
)
from tests import factories

pytestmark = pytest.mark.django_db

FEWER = synthetic.Size(reviews=2, recommendations=3, actions=1)
# Added to FEWER: six reviews in all, the newest (the one measured) with fifteen recommendations.
MORE = synthetic.Size(reviews=4, recommendations=15, actions=3)


@dataclass
class People:
    coordinator: object
    officer: object  # an account whose officer record leads work in every review
    panel_member: object


@dataclass
class Records:
    """The records of the review measured (the newest) that the addresses name."""

    review: Review
    ref: int  # a recommendation with a lead officer, now and as at the closed quarter
    led_ref: int  # one the shared officer leads
    closed_period: ReportingPeriod
    open_period: ReportingPeriod
    submitted_update: ProgressUpdate
    panel: Panel
    panel_recommendation: PanelRecommendation


def grow(size: synthetic.Size, people: People, *, seed: int) -> Records:
    """Add `size` synthetic reviews, the shared officer leading work in each, and more quarters
    and panel recommendations in the newest; its records, for the addresses."""
    before = set(Review.objects.values_list("pk", flat=True))
    synthetic.generate(size, seed=seed)
    officer = people.officer.officer
    added = Review.objects.exclude(pk__in=before).order_by("pk")
    for review in added:
        recommendations = list(Recommendation.objects.filter(review=review).order_by("ref"))
        for recommendation in recommendations[: max(1, len(recommendations) // 3)]:
            recommendation.lead_officer = officer
            recommendation.save()
        for action in ProposedAction.objects.filter(recommendation__in=recommendations[-2:]):
            action.lead_officers.add(officer)
    review = added.last()
    latest = ReportingPeriod.objects.filter(review=review).order_by("-ends").first()
    for number in range(size.reviews):  # planned quarters after the open one
        starts = latest.ends + datetime.timedelta(days=1 + 92 * number)
        factories.ReportingPeriodFactory(
            review=review,
            name=f"Planned {number}",
            starts=starts,
            ends=starts + datetime.timedelta(days=90),
            state=ReportingPeriod.State.PLANNED,
        )
    report = review.panel_reports.first()
    for number in range(size.recommendations // 3):
        factories.RespondedPanelRecommendationFactory(report=report, number=100 + number)
    submitted = ProgressUpdate.objects.awaiting_review().filter(period__review=review).order_by("pk")
    open_period = ReportingPeriod.objects.open().get(review=review)
    # One the officer leads with no update yet this quarter, in both states alike.
    updated = ProgressUpdate.objects.filter(period=open_period, action=None).values("recommendation_id")
    led_without_update = (
        Recommendation.objects.filter(review=review, lead_officer=officer)
        .exclude(pk__in=updated)
        .order_by("ref")
        .first()
    ) or factories.RecommendationFactory(theme=review.themes.first(), ref=1000, lead_officer=officer)
    closed_period = ReportingPeriod.objects.closed().filter(review=review).order_by("-ends").first()
    # One with a lead officer then and now, so both states read the same kinds of record.
    led_then = snapshot(closed_period).recommendations().exclude(lead_officer=None).order_by("ref")
    return Records(
        review=review,
        ref=led_then.values_list("ref", flat=True).first(),
        led_ref=led_without_update.ref,
        closed_period=closed_period,
        open_period=open_period,
        submitted_update=submitted.first(),
        panel=Panel.objects.filter(reviews=review).first(),
        panel_recommendation=PanelRecommendation.objects.filter(report__review=review).order_by("pk").first(),
    )


@dataclass(frozen=True)
class Page:
    name: str
    who: str  # "coordinator", "officer" or "panel_member"
    address: Callable[[Records], str]


def in_review(name: str, query: str = "", **kwargs: Callable[[Records], object]) -> Callable[[Records], str]:
    """The address of a page of the measured review; `query` may name the records' fields."""

    def address(records: Records) -> str:
        arguments = {"review": records.review.slug, **{key: value(records) for key, value in kwargs.items()}}
        url = reverse(name, kwargs=arguments)
        return f"{url}?{query.format(r=records)}" if query else url

    return address


def site(name: str, **kwargs: Callable[[Records], object]) -> Callable[[Records], str]:
    return lambda records: reverse(name, kwargs={key: value(records) for key, value in kwargs.items()})


def ref(records):
    return records.ref


AS_AT = "as_at={r.closed_period.pk}"

PAGES = [
    Page("dashboard", "panel_member", in_review("reporting:dashboard")),
    Page("dashboard as at", "panel_member", in_review("reporting:dashboard", AS_AT)),
    Page("list", "panel_member", in_review("recommendations:recommendation-list")),
    Page(
        "list filtered",
        "panel_member",
        in_review("recommendations:recommendation-list", "status=in_progress&rag=amber&open=open"),
    ),
    Page("list searched", "panel_member", in_review("recommendations:recommendation-list", "q=review")),
    Page("list sorted by due", "panel_member", in_review("recommendations:recommendation-list", "sort=due")),
    Page(
        "list sorted by theme", "panel_member", in_review("recommendations:recommendation-list", "sort=theme")
    ),
    Page("list as at", "panel_member", in_review("recommendations:recommendation-list", AS_AT)),
    Page("list page 2", "panel_member", in_review("recommendations:recommendation-list", "page=2")),
    Page("recommendation", "panel_member", in_review("recommendations:recommendation-detail", ref=ref)),
    Page(
        "recommendation as at",
        "panel_member",
        in_review("recommendations:recommendation-detail", AS_AT, ref=ref),
    ),
    Page("compare", "panel_member", in_review("recommendations:recommendation-compare", ref=ref)),
    Page("my work", "officer", site("recommendations:my-work")),
    Page("what I lead", "officer", site("recommendations:what-i-lead")),
    Page("my past updates", "officer", site("recommendations:my-past-updates")),
    Page(
        "update form",
        "officer",
        in_review("recommendations:recommendation-update", ref=lambda records: records.led_ref),
    ),
    # The navigation counts an officer's outstanding work on every page.
    Page("dashboard for an officer", "officer", in_review("reporting:dashboard")),
    Page("list for an officer", "officer", in_review("recommendations:recommendation-list")),
    Page("review queue", "coordinator", site("recommendations:review-queue")),
    Page("review queue of a review", "coordinator", in_review("recommendations:review-queue-in-review")),
    Page(
        "update's review",
        "coordinator",
        lambda records: reverse("recommendations:review-update", kwargs={"pk": records.submitted_update.pk}),
    ),
    Page("chasing", "coordinator", site("recommendations:chasing")),
    Page(
        "quarter's chase",
        "coordinator",
        in_review("recommendations:period-chase", pk=lambda records: records.open_period.pk),
    ),
    Page("quarters", "coordinator", in_review("recommendations:period-list")),
    Page("papers", "panel_member", in_review("reporting:papers", AS_AT)),
    Page("appendix page", "panel_member", in_review("reporting:appendix", AS_AT)),
    Page("change report", "panel_member", in_review("reporting:change-report", AS_AT)),
    Page("action plan", "panel_member", in_review("reporting:action-plan", AS_AT)),
    *(
        Page(
            f"{paper.replace('-', ' ')} .{extension}",
            "panel_member",
            in_review(f"reporting:{paper}-download", AS_AT, extension=lambda r, e=extension: e),
        )
        for paper in ("appendix", "change-report", "action-plan")
        for extension in ("docx", "xlsx", "csv")
    ),
    Page("reviews", "panel_member", site("recommendations:review-list")),
    Page("review's panel", "panel_member", in_review("panels:review-panel")),
    Page(
        "panel",
        "panel_member",
        lambda records: reverse("panels:panel-detail", kwargs={"pk": records.panel.pk}),
    ),
    Page("panel recommendations", "panel_member", in_review("panels:panel-recommendation-list")),
    Page(
        "panel recommendation",
        "panel_member",
        in_review("panels:panel-recommendation-detail", pk=lambda records: records.panel_recommendation.pk),
    ),
    Page("people", "coordinator", site("recommendations:people")),
]


@dataclass
class Measured:
    """What a page's second request did: its status and its queries, or the error it raised."""

    status: int | None = None
    queries: tuple[str, ...] = ()
    error: BaseException | None = None


def measure(client, address: str) -> Measured:
    try:
        client.get(address)  # what a process reads once is read now, not counted below
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
    except Exception as error:  # reported by the page's own test
        return Measured(error=error)
    return Measured(response.status_code, tuple(query["sql"] for query in captured.captured_queries))


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """Every page measured with fewer records, then with more: {page name: (fewer, more)}.

    Building the data takes seconds, so it is built once for the module, in a transaction rolled
    back after the module's last test, and every page is measured here; each test judges one.

    The session's last-seen time is written once a minute (tracker/security.py): on a busy machine
    a page's two requests could straddle that minute and count one more query. Not written here."""
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr("tracker.security.LAST_SEEN_RESOLUTION", 10**9)
        built = transaction.atomic()
        built.__enter__()
        try:
            people = People(
                coordinator=factories.UserFactory(role="coordinator"),
                officer=factories.OfficerUserFactory(),
                panel_member=factories.UserFactory(role="panel_member"),
            )
            clients = {}
            for who in ("coordinator", "officer", "panel_member"):
                clients[who] = Client()
                clients[who].force_login(getattr(people, who))
            records = grow(FEWER, people, seed=1)
            fewer = {page.name: measure(clients[page.who], page.address(records)) for page in PAGES}
            records = grow(MORE, people, seed=2)
            more = {page.name: measure(clients[page.who], page.address(records)) for page in PAGES}
            yield {page.name: (fewer[page.name], more[page.name]) for page in PAGES}
        finally:
            transaction.set_rollback(True)
            built.__exit__(None, None, None)


def shapes(queries) -> list[str]:
    """The queries with their values blanked and their columns elided, to compare by eye."""
    shapes = []
    for sql in queries:
        sql = re.sub(r"'[^']*'|\b\d+\b", "?", sql)
        shapes.append(re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", sql)[:300])
    return shapes


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_the_page_makes_as_many_queries_with_more_data(measured, page):
    fewer, more = measured[page.name]
    for measurement in (fewer, more):
        if measurement.error is not None:
            raise measurement.error
        assert measurement.status == 200
    assert len(more.queries) == len(fewer.queries), "With more data, the queries changed:\n" + "\n".join(
        difflib.unified_diff(shapes(fewer.queries), shapes(more.queries), "fewer", "more", lineterm="", n=1)
    )
