"""Behaviour shared by the recommendation pages."""

from django.http import QueryDict

from ..forms import QuarterForm
from ..reviews import ReviewMixin, recommendation_in


class RecommendationMixin(ReviewMixin):
    """A page about one recommendation, found by its number (`ref`) in the review the address names."""

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        return recommendation_in(self.review, self.kwargs["ref"], queryset)


class QuarterChoiceMixin:
    """A page that shows the tracker now or as it stood at the end of a quarter (`?as_at=`)."""

    quarter_form = None
    snapshot = None

    def choose_quarter(self, review) -> None:
        self.quarter_form = QuarterForm(self.request.GET, review=review)
        self.snapshot = self.quarter_form.snapshot()


def query_without(params: QueryDict, *names: str) -> QueryDict:
    """The query parameters less `names`."""
    kept = params.copy()
    for name in names:
        kept.pop(name, None)
    return kept
