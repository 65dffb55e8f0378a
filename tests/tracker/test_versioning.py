"""The history of records read as they stood: its manager class built once, its reads unchanged."""

import pytest
from django.apps import apps

from recommendations.models import HistoricalRecommendationQuerySet, ProposedAction, Recommendation
from tests import factories

pytestmark = pytest.mark.django_db


def test_history_manager_class_is_built_once_per_model():
    assert type(Recommendation.history) is type(Recommendation.history)
    assert type(ProposedAction.history) is type(ProposedAction.history)
    assert type(Recommendation.history) is not type(ProposedAction.history)
    assert isinstance(Recommendation.history.all(), HistoricalRecommendationQuerySet)


def test_every_history_tracked_model_builds_its_manager_class_once():
    tracked = [
        model for model in apps.get_models() if hasattr(model._meta, "simple_history_manager_attribute")
    ]

    assert len(tracked) >= 15
    for model in tracked:
        assert type(model.history) is type(model.history), model._meta.label


def test_history_of_one_record_reads_only_its_rows():
    recommendation = factories.RecommendationFactory(text="First words")
    other = factories.RecommendationFactory(review=recommendation.review)
    recommendation.text = "Second words"
    recommendation.save()

    texts = list(recommendation.history.order_by("history_date").values_list("text", flat=True))

    assert texts == ["First words", "Second words"]
    assert other.history.count() == 1
    assert Recommendation.history.count() == 3
