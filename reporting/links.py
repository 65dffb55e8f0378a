"""Links from the reporting pages into the recommendation list and pages."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from recommendations.models import ReportingPeriod


@dataclass(frozen=True)
class RecommendationLink:
    ref: int
    url: str
    note: str = ""


def list_url(*, as_at: ReportingPeriod | None = None, **criteria) -> str:
    """The recommendation list filtered by `criteria` (the list's URL parameters), as at `as_at`."""
    if as_at is not None:
        criteria["as_at"] = as_at.pk
    query = urlencode(criteria, doseq=True)
    url = reverse("recommendations:recommendation-list")
    return f"{url}?{query}" if query else url


def recommendation_url(ref: int) -> str:
    return reverse("recommendations:recommendation-detail", kwargs={"ref": ref})
