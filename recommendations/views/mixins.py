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


class NearestPageMixin:
    """A paginated list view (`paginate_by`) where a page number out of range or not a number
    shows the nearest page, never an error, as the recommendation list does; the context has
    `page_range` for `includes/_pagination.html`."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=1, on_ends=1
            )
        return context
