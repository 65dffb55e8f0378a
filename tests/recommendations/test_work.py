import datetime

import pytest

from recommendations.models import ProgressUpdate, ReportingPeriod, Status
from recommendations.work import work_items
from tests.factories import (
    OfficerFactory,
    ProgressUpdateFactory,
    ProposedActionFactory,
    RecommendationFactory,
    ReportingPeriodFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2010, 12, 1)


@pytest.fixture
def officer():
    return OfficerFactory(name="Head of Service")


@pytest.fixture
def theme():
    return ThemeFactory()


@pytest.fixture
def period(theme):
    return ReportingPeriodFactory(
        review=theme.review,
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        state=ReportingPeriod.State.OPEN,
    )


def test_work_lists_led_recommendations_and_actions_overdue_first(officer, theme, period):
    on_time = RecommendationFactory(theme=theme, ref=3, lead_officer=officer)
    late = RecommendationFactory(theme=theme, ref=9, lead_officer=officer)
    ProposedActionFactory(recommendation=late, due_date=datetime.date(2010, 4, 30))
    action = ProposedActionFactory(recommendation=RecommendationFactory(theme=theme, ref=5), position=2)
    action.lead_officers.add(officer)
    RecommendationFactory(theme=theme, ref=7)  # someone else's
    RecommendationFactory(theme=theme, ref=8, lead_officer=officer, status=Status.COMPLETED)  # done

    items = work_items(officer, period, today=TODAY)
    # What the officer leads: the recommendations they lead, and an action they lead with its
    # recommendation as a whole while that has no lead officer.
    assert [(item.recommendation.ref, item.action) for item in items] == [
        (9, None),
        (3, None),
        (5, None),
        (5, action),
    ]
    assert [item.overdue for item in items] == [True, False, False, False]
    assert on_time in [item.recommendation for item in items]


def test_an_action_under_a_recommendation_someone_else_leads_is_listed_without_the_whole(
    officer, theme, period
):
    action = ProposedActionFactory(
        recommendation=RecommendationFactory(theme=theme, ref=5, lead_officer=OfficerFactory()), position=1
    )
    action.lead_officers.add(officer)

    assert [(item.recommendation.ref, item.action) for item in work_items(officer, period, today=TODAY)] == [
        (5, action)
    ]


def test_accepted_items_stay_listed_and_the_count_never_goes_backwards(officer, theme, period):
    recommendations = [RecommendationFactory(theme=theme, ref=ref, lead_officer=officer) for ref in (1, 2, 3)]
    first, second, _ = recommendations
    ProgressUpdateFactory(recommendation=first, period=period, state=ProgressUpdate.State.SUBMITTED)
    ProgressUpdateFactory(recommendation=second, period=period, state=ProgressUpdate.State.SUBMITTED)
    before = work_items(officer, period, today=TODAY)
    assert sum(not item.needs_update for item in before) == 2

    # Accepted as completed: the recommendation is closed now, yet it is this quarter's work, done.
    first.updates.update(state=ProgressUpdate.State.ACCEPTED)
    first.status = Status.COMPLETED
    first.save()
    after = work_items(officer, period, today=TODAY)

    assert [item.recommendation.ref for item in after] == [1, 2, 3]
    assert after[0].progress == "Accepted"
    assert sum(not item.needs_update for item in after) == 2


def test_work_shows_each_items_update_for_the_quarter(officer, theme, period):
    recommendation = RecommendationFactory(theme=theme, lead_officer=officer)
    update = ProgressUpdateFactory(
        recommendation=recommendation, period=period, state=ProgressUpdate.State.RETURNED
    )
    ProgressUpdateFactory(  # last quarter's does not count
        recommendation=recommendation,
        period=ReportingPeriodFactory(review=theme.review, state=ReportingPeriod.State.CLOSED),
        state=ProgressUpdate.State.ACCEPTED,
    )
    (item,) = work_items(officer, period, today=TODAY)
    assert item.update == update
    assert item.progress == "Returned"
    assert item.needs_update


def test_an_item_without_an_update_is_not_started(officer, theme, period):
    RecommendationFactory(theme=theme, lead_officer=officer)
    (item,) = work_items(officer, period, today=TODAY)
    assert item.progress == "Not started"
    assert item.needs_update


@pytest.mark.parametrize("count", [2, 8])
def test_work_takes_four_queries_however_many_items(officer, theme, period, count, django_assert_num_queries):
    for ref in range(1, count + 1):
        recommendation = RecommendationFactory(theme=theme, ref=ref, lead_officer=officer)
        ProgressUpdateFactory(recommendation=recommendation, period=period)
        action = ProposedActionFactory(recommendation=RecommendationFactory(theme=theme, ref=100 + ref))
        action.lead_officers.add(officer)
    with django_assert_num_queries(4):
        items = work_items(officer, period, today=TODAY)
        assert len(items) == 3 * count  # each led recommendation; each led action, with its whole


def test_navigation_counts_the_officers_work_once_a_request_and_afresh_on_the_next(
    client, officer, theme, period, monkeypatch
):
    from django.urls import reverse

    from recommendations import work
    from recommendations.views import work as work_views
    from tests.factories import SubmittedUpdateFactory, UserFactory
    from tests.helpers import review_url
    from tracker.context_processors import COUNTS
    from tracker.models import Role

    officer.user = UserFactory(role=Role.LEAD_OFFICER)
    officer.save()
    first = RecommendationFactory(theme=theme, ref=1, lead_officer=officer)
    RecommendationFactory(theme=theme, ref=2, lead_officer=officer)
    client.force_login(officer.user)
    reads, counts = [], []
    read_work = work.work_by_review

    def counted_read(*args, **kwargs):
        reads.append(1)
        return read_work(*args, **kwargs)

    monkeypatch.setattr(work, "work_by_review", counted_read)
    monkeypatch.setattr(work_views, "work_by_review", counted_read)
    count_work = COUNTS["recommendations:my-work"]
    monkeypatch.setitem(
        COUNTS, "recommendations:my-work", lambda request: counts.append(1) or count_work(request)
    )

    def my_work_count(response):
        return next(item["count"] for item in response.context["navigation"] if item["label"] == "My work")

    response = client.get(reverse("recommendations:my-work"))
    # The page and its navigation count read the officer's work once between them.
    assert my_work_count(response) == 2
    assert (len(reads), len(counts)) == (1, 1)

    reads.clear()
    counts.clear()
    client.get(review_url("recommendations:recommendation-detail", kwargs={"ref": 1}, review=theme.review))
    # The page renders its sections with the request too: the navigation is worked out once.
    assert len(counts) == 1

    SubmittedUpdateFactory(recommendation=first, period=period, author=officer.user)
    response = client.get(reverse("recommendations:my-work"))
    assert my_work_count(response) == 1
