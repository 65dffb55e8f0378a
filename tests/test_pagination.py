"""Every long list comes a page at a time, with the GOV.UK pagination component named for screen
readers; a page number out of range shows the last page and one that is not a number the first,
as the recommendation list does, never an error. Page sizes are made two here, so three rows
make two pages."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from panels.views import PanelRecommendationListView
from recommendations.models import ProgressUpdate
from recommendations.views import chasing, people, reviews
from recommendations.views.quarters import ReportingPeriodListView
from recommendations.views.review import ReviewQueueView
from tests import factories
from tests.helpers import parse

pytestmark = pytest.mark.django_db


def three_submitted_updates():
    review = factories.ReviewFactory()
    for _ in range(3):
        factories.SubmittedUpdateFactory(recommendation=factories.RecommendationFactory(review=review))
    return review


def three_reviews_with_a_quarter_open():
    for _ in range(3):
        factories.OpenReportingPeriodFactory(review=factories.ReviewFactory())


def three_quarters():
    review = factories.ReviewFactory()
    for state in ("closed", "closed", "open"):
        factories.ReportingPeriodFactory(review=review, state=state)
    return review


def three_panel_recommendations():
    report = factories.PanelReportFactory(review=factories.ReviewFactory())
    for _ in range(3):
        factories.RespondedPanelRecommendationFactory(report=report)
    return report.review


def three_reviews():
    for _ in range(3):
        factories.ReviewFactory()


def three_officers():
    for _ in range(3):
        factories.OfficerFactory()


def three_accounts():
    for _ in range(2):  # and the coordinator's own
        factories.UserFactory()


@dataclass(frozen=True)
class PagedList:
    name: str
    make: Callable  # makes three rows; returns their review, if the list is a review's
    url: Callable  # the list's address, given the review
    page_size: tuple  # (where, what) to make two
    row_id: str  # the start of each row's id
    label: str  # the pagination's name for screen readers
    param: str = "page"


LISTS = [
    PagedList(
        "review queue",
        three_submitted_updates,
        lambda review: reverse("recommendations:review-queue"),
        (ReviewQueueView, "paginate_by"),
        "update-",
        "Pages of updates to review",
    ),
    PagedList(
        "review queue of a review",
        three_submitted_updates,
        lambda review: reverse("recommendations:review-queue-in-review", kwargs={"review": review.slug}),
        (ReviewQueueView, "paginate_by"),
        "update-",
        "Pages of updates to review",
    ),
    PagedList(
        "chasing",
        three_reviews_with_a_quarter_open,
        lambda review: reverse("recommendations:chasing"),
        (chasing, "QUARTERS_PER_PAGE"),
        "review-",
        "Pages of open quarters",
    ),
    PagedList(
        "quarters",
        three_quarters,
        lambda review: reverse("recommendations:period-list", kwargs={"review": review.slug}),
        (ReportingPeriodListView, "paginate_by"),
        "quarter-",
        "Pages of quarters",
    ),
    PagedList(
        "panel recommendations",
        three_panel_recommendations,
        lambda review: reverse("panels:panel-recommendation-list", kwargs={"review": review.slug}),
        (PanelRecommendationListView, "paginate_by"),
        "panel-recommendation-",
        "Pages of panel recommendations",
    ),
    PagedList(
        "reviews",
        three_reviews,
        lambda review: reverse("recommendations:review-list"),
        (reviews, "REVIEWS_PER_PAGE"),
        "review-",
        "Pages of reviews",
    ),
    PagedList(
        "people: officers",
        three_officers,
        lambda review: reverse("recommendations:people"),
        (people, "PEOPLE_PER_PAGE"),
        "officer-",
        "Pages of officers",
    ),
    PagedList(
        "people: accounts",
        three_accounts,
        lambda review: reverse("recommendations:people"),
        (people, "PEOPLE_PER_PAGE"),
        "account-",
        "Pages of accounts",
        param="accounts_page",
    ),
]


def rows(response, row_id: str) -> list[str]:
    assert response.status_code == 200
    return [
        element.attrs["id"]
        for element in parse(response).iter()
        if (element.attrs.get("id") or "").startswith(row_id) and element.tag in {"tr", "h2", "div", "li"}
    ]


@pytest.fixture
def paged(request, monkeypatch, coordinator_client):
    listed = request.param
    monkeypatch.setattr(*listed.page_size, 2)
    review = listed.make()
    return listed, listed.url(review)


@pytest.mark.parametrize("paged", LISTS, ids=lambda listed: listed.name, indirect=True)
def test_a_long_list_comes_a_page_at_a_time(paged, coordinator_client):
    listed, url = paged
    first = coordinator_client.get(url)
    second = coordinator_client.get(url, {listed.param: 2})
    assert len(rows(first, listed.row_id)) == 2
    assert len(rows(second, listed.row_id)) == 1
    assert set(rows(first, listed.row_id)).isdisjoint(rows(second, listed.row_id))
    navigation = parse(first).find("nav", aria_label=listed.label)
    assert navigation is not None
    assert "govuk-pagination" in navigation.classes
    assert [link.attrs["href"].rsplit("?", 1)[-1] for link in navigation.find_all("a", rel="next")] == [
        f"{listed.param}=2"
    ]


@pytest.mark.parametrize("paged", LISTS, ids=lambda listed: listed.name, indirect=True)
@pytest.mark.parametrize(("asked", "shown"), [("99", 1), ("0", 1), ("two", 2), ("-1", 1), ("", 2)])
def test_a_page_out_of_range_or_not_a_number_shows_the_nearest_page(paged, coordinator_client, asked, shown):
    listed, url = paged
    assert len(rows(coordinator_client.get(url, {listed.param: asked}), listed.row_id)) == shown


def test_updates_reviewed_together_on_a_later_page_come_back_to_that_page(monkeypatch, coordinator_client):
    monkeypatch.setattr(ReviewQueueView, "paginate_by", 2)
    three_submitted_updates()
    page = coordinator_client.get(reverse("recommendations:review-queue"), {"page": 2})
    form = parse(page).by_id("bulk-review")
    (choice,) = [box.attrs["value"] for box in form.find_all("input", name="updates")]
    response = coordinator_client.post(form.attrs["action"], {"updates": [choice], "decision": "accept"})
    assert response.status_code == 302
    assert response.url == reverse("recommendations:review-queue") + "?page=2"
    accepted = ProgressUpdate.objects.get(pk=int(choice.split(":")[0]))
    assert accepted.state == ProgressUpdate.State.ACCEPTED
    # Two still wait, on one page now: the nearest to the second is the first.
    assert len(rows(coordinator_client.get(response.url), "update-")) == 2


def test_updates_reviewed_together_in_a_reviews_queue_come_back_to_that_queue(coordinator_client):
    review = three_submitted_updates()
    other = factories.SubmittedUpdateFactory(
        recommendation=factories.RecommendationFactory(review=factories.ReviewFactory())
    )
    queue = reverse("recommendations:review-queue-in-review", kwargs={"review": review.slug})
    form = parse(coordinator_client.get(queue)).by_id("bulk-review")
    chosen = [box.attrs["value"] for box in form.find_all("input", name="updates")]
    assert len(chosen) == 3  # only this review's
    response = coordinator_client.post(form.attrs["action"], {"updates": chosen[:1], "decision": "accept"})
    assert response.status_code == 302
    assert response.url == queue
    assert rows(coordinator_client.get(queue), "update-") == [
        f"update-{value.split(':')[0]}" for value in chosen[1:]
    ]
    other.refresh_from_db()
    assert other.state == ProgressUpdate.State.SUBMITTED


def test_a_refused_choice_in_a_reviews_queue_shows_that_queue_with_the_error(coordinator_client):
    review = three_submitted_updates()
    factories.SubmittedUpdateFactory(
        recommendation=factories.RecommendationFactory(review=factories.ReviewFactory())
    )
    queue = reverse("recommendations:review-queue-in-review", kwargs={"review": review.slug})
    action = parse(coordinator_client.get(queue)).by_id("bulk-review").attrs["action"]
    response = coordinator_client.post(action, {"decision": "accept"})
    assert response.status_code == 200
    assert response.context["review"] == review
    assert len(rows(response, "update-")) == 3
    assert "Select the updates to accept or return" in response.content.decode()


def test_one_update_reviewed_from_a_reviews_queue_comes_back_to_that_queue(coordinator_client):
    review = three_submitted_updates()
    queue = reverse("recommendations:review-queue-in-review", kwargs={"review": review.slug})
    (link, *_) = [
        a.attrs["href"]
        for a in parse(coordinator_client.get(queue)).find_all("a")
        if "?review=" in a.attrs.get("href", "")
    ]
    page = parse(coordinator_client.get(link))
    assert page.find("a", class_="govuk-back-link").attrs["href"] == queue
    accept = page.by_id("accept")
    version = accept.find("input", name="accept-version").attrs["value"]

    response = coordinator_client.post(
        accept.attrs["action"], {"decision": "accept", "accept-version": version}
    )

    assert response.status_code == 302
    assert response.url == queue
    assert ProgressUpdate.objects.filter(state=ProgressUpdate.State.ACCEPTED).count() == 1
