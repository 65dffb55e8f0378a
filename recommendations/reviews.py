"""Which review a page is about: decided here, and only here.

Page addresses do not yet name their review, so the rule is stated once for every page:
- a page about one review (the dashboard, a recommendation found by its number, My work's open
  quarter, the list's figures) shows the review the address names when it names one, and
  otherwise the first review (by when it was added: the seed);
- a list that may span reviews (the recommendation list, the quarters) is limited to the review
  the address names, or to the only review there is; with several and none named it shows all.
"""

from django.http import Http404

from .models import Recommendation, ReportingPeriod, Review

# The URL keyword that names a review, once page addresses carry one.
REVIEW_KWARG = "review"


def _named_review(request) -> Review | None:
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get(REVIEW_KWARG) if match else None
    if slug is None:
        return None
    try:
        return Review.objects.get(slug=slug)
    except Review.DoesNotExist:
        raise Http404("There is no such review.") from None


def review_in_view(request) -> Review | None:
    """The one review the page is about: the one named, or else the first; None if there is none."""
    return _named_review(request) or Review.objects.order_by("pk").first()


def reviews_in_view(request) -> Review | None:
    """The review a list is limited to: the one named, or the only one; None means every review."""
    named = _named_review(request)
    if named is not None:
        return named
    reviews = list(Review.objects.order_by("pk")[:2])
    return reviews[0] if len(reviews) == 1 else None


def recommendation_in_view(request, ref: int, queryset=None) -> Recommendation:
    """The recommendation with this number in the review in view (404 if there is none)."""
    queryset = Recommendation.objects.all() if queryset is None else queryset
    review = _named_review(request)
    if review is not None:
        queryset = queryset.for_review(review)
    recommendation = queryset.filter(ref=ref).order_by("review_id").first()
    if recommendation is None:
        raise Http404("No recommendation has that number.")
    return recommendation


def open_period_in_view(request) -> ReportingPeriod | None:
    """The quarter open for updates in the review in view (the first review with one open)."""
    periods = ReportingPeriod.objects.open().select_related("review")
    review = _named_review(request)
    if review is not None:
        periods = periods.filter(review=review)
    return periods.order_by("review_id").first()
