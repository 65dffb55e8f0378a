"""Which review a page is about: decided here, and only here.

Every page about one review lives under `/reviews/<slug>/…` and names it in its address: the
dashboard, the recommendations and each recommendation (found by its number within the review),
the quarters, the review queue for it, its panel's findings. The rule is stated once:
- a review page reads its review from the address (404 if there is no such review), through
  `in_review` (function views) or `ReviewMixin` (class-based views);
- a record found on such a page is looked up within that review (`recommendation_in`,
  `period_in`), so the same number in another review is never shown by mistake;
- pages about the user's work (My work, the review queue, chasing) span every review the user
  works on, grouped by review;
- where there is only one review, pages that would otherwise list reviews go straight to it
  (`only_review`).
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Recommendation, ReportingPeriod, Review

# The URL keyword that names a review.
REVIEW_KWARG = "review"


def review_named(request, slug: str) -> Review:
    """The review the address names (404 if there is none); read once per request."""
    review = getattr(request, "_review_in_view", None)
    if review is None or review.slug != slug:
        try:
            review = Review.objects.get(slug=slug)
        except Review.DoesNotExist:
            raise Http404("There is no such review.") from None
        request._review_in_view = review
    return review


def review_of(request) -> Review | None:
    """The review the page's address names, or None on a page that is not about one review."""
    review = getattr(request, "_review_in_view", None)
    if review is not None:
        return review
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get(REVIEW_KWARG) if match else None
    return review_named(request, slug) if slug else None


def in_review(view):
    """A function view of a review page: called with the `Review` the address names as `review`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        kwargs[REVIEW_KWARG] = refuse_changes_if_archived(
            request, review_named(request, kwargs[REVIEW_KWARG])
        )
        return view(request, *args, **kwargs)

    return wrapped


class ReviewMixin:
    """A class-based view of a review page: `self.review` is the review the address names."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.review = refuse_changes_if_archived(request, review_named(request, kwargs[REVIEW_KWARG]))

    def get_context_data(self, **kwargs):
        kwargs.setdefault("review", self.review)
        return super().get_context_data(**kwargs)


def refuse_changes_if_archived(request, review: Review) -> Review:
    """An archived review is read-only: every page of it may be read, none may change it (403)."""
    if review.is_archived and request.method not in ("GET", "HEAD", "OPTIONS"):
        raise PermissionDenied(f"The {review.name} is archived: it can be read but no longer changed.")
    return review


def recommendation_in(review: Review, ref: int, queryset=None) -> Recommendation:
    """The recommendation with this number in `review` (404 if there is none)."""
    queryset = Recommendation.objects.all() if queryset is None else queryset
    try:
        recommendation = queryset.get(review=review, ref=ref)
    except Recommendation.DoesNotExist:
        raise Http404("No recommendation in this review has that number.") from None
    recommendation.review = review
    return recommendation


def period_in(review: Review, pk: int, queryset=None) -> ReportingPeriod:
    """The quarter `pk` of `review` (404 if it is another review's, or none)."""
    queryset = ReportingPeriod.objects.all() if queryset is None else queryset
    try:
        period = queryset.get(review=review, pk=pk)
    except ReportingPeriod.DoesNotExist:
        raise Http404("This review has no such quarter.") from None
    period.review = review
    return period


def with_review(records, review: Review):
    """`records` (recommendations, quarters) told their review, so their links cost no query."""
    for record in records:
        record.review = review
    return records


def only_review() -> Review | None:
    """The review there is, when there is exactly one (the home page and the navigation go to it)."""
    reviews = list(Review.objects.order_by("pk")[:2])
    return reviews[0] if len(reviews) == 1 else None
