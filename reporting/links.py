"""Links from the reporting pages into the recommendation list and pages."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from recommendations.models import ReportingPeriod, Review


@dataclass(frozen=True)
class RecommendationLink:
    ref: int
    url: str
    note: str = ""


def list_url(review: Review, *, as_at: ReportingPeriod | None = None, **criteria) -> str:
    """The review's recommendation list filtered by `criteria` (the list's URL parameters), as at `as_at`."""
    if as_at is not None:
        criteria["as_at"] = as_at.pk
    query = urlencode(criteria, doseq=True)
    url = reverse("recommendations:recommendation-list", kwargs={"review": review.slug})
    return f"{url}?{query}" if query else url


def recommendation_url(review: Review, ref: int) -> str:
    return reverse("recommendations:recommendation-detail", kwargs={"review": review.slug, "ref": ref})
