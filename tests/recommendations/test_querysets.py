import datetime

import pytest

from recommendations.models import ProposedAction, Recommendation, Status
from tests.factories import (
    OfficerFactory,
    ProposedActionFactory,
    RecommendationFactory,
    ReviewFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2010, 9, 30)


def test_open_excludes_completed_and_superseded():
    in_progress = RecommendationFactory(status=Status.IN_PROGRESS)
    not_assessed = RecommendationFactory()
    RecommendationFactory(status=Status.COMPLETED)
    RecommendationFactory(status=Status.SUPERSEDED)
    assert set(Recommendation.objects.open()) == {in_progress, not_assessed}


def test_completed_is_only_completed():
    done = RecommendationFactory(status=Status.COMPLETED)
    RecommendationFactory(status=Status.IN_PROGRESS)
    assert list(Recommendation.objects.completed()) == [done]


def test_overdue_counts_open_recommendations_with_an_open_action_due_before_the_day():
    late = ProposedActionFactory(due_date=datetime.date(2010, 4, 30)).recommendation
    ProposedActionFactory(due_date=datetime.date(2010, 12, 31))  # not yet due
    ProposedActionFactory(due_date=datetime.date(2010, 4, 30), status=Status.COMPLETED)  # action done
    done = RecommendationFactory(status=Status.COMPLETED)
    ProposedActionFactory(recommendation=done, due_date=datetime.date(2010, 4, 30))
    ProposedActionFactory(due_date=None, timescale="On-going")
    assert list(Recommendation.objects.overdue(on=DAY)) == [late]


def test_overdue_lists_each_recommendation_once_however_many_late_actions():
    recommendation = RecommendationFactory()
    ProposedActionFactory.create_batch(3, recommendation=recommendation, due_date=datetime.date(2010, 1, 31))
    assert Recommendation.objects.overdue(on=DAY).count() == 1


def test_action_due_on_the_day_is_not_overdue():
    ProposedActionFactory(due_date=DAY)
    assert not Recommendation.objects.overdue(on=DAY).exists()
    assert not ProposedAction.objects.overdue(on=DAY).exists()


def test_led_by_finds_recommendations_through_actions_and_direct_assignment():
    officer = OfficerFactory(name="KSCB manager")
    through_action = ProposedActionFactory()
    through_action.lead_officers.add(officer)
    direct = RecommendationFactory(lead_officer=officer)
    RecommendationFactory()
    other_action = ProposedActionFactory()
    other_action.lead_officers.add(OfficerFactory(name="LH"))
    assert set(Recommendation.objects.led_by(officer)) == {through_action.recommendation, direct}
    assert list(ProposedAction.objects.led_by(officer)) == [through_action]


def test_in_theme_and_for_review_chain():
    review = ReviewFactory()
    theme = ThemeFactory(review=review)
    wanted = RecommendationFactory(theme=theme, status=Status.IN_PROGRESS)
    RecommendationFactory(theme=theme, status=Status.COMPLETED)
    RecommendationFactory(theme=ThemeFactory(review=review))
    RecommendationFactory()
    assert list(Recommendation.objects.for_review(review).in_theme(theme).open()) == [wanted]
