"""What changed since the previous quarter, and which updates a quarter is missing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from recommendations.as_at import at_moment, snapshot
from recommendations.models import CLOSED_STATUSES, ProgressUpdate, Rag, ReportingPeriod, Review, Status

from .links import RecommendationLink, recommendation_url
from .record import Record


@dataclass(frozen=True)
class RagChange:
    ref: int
    url: str
    was: str
    was_label: str
    now: str
    now_label: str


@dataclass(frozen=True)
class Changes:
    """What changed between the end of the previous quarter (`since`) and the dashboard's moment."""

    since: str
    new_completions: tuple[RecommendationLink, ...]
    rag_changes: tuple[RagChange, ...]


@dataclass(frozen=True)
class MissingUpdates:
    """Open recommendations with no update submitted (or accepted) for a quarter."""

    period: ReportingPeriod
    recommendations: tuple[RecommendationLink, ...]


def previous_snapshot(review: Review, *, as_at: ReportingPeriod | None):
    """What to compare with, and its name: the previous quarter as it reports the tracker (before
    `as_at`, or the latest closed quarter for now); for a review's first quarter, the tracker as
    recorded at its start."""
    periods = ReportingPeriod.objects.filter(review=review)
    if as_at is not None:
        previous = periods.reported().filter(ends__lt=as_at.starts).order_by("-ends").first()
        if previous is None:
            began = timezone.make_aware(datetime.datetime.combine(as_at.starts, datetime.time.min))
            return at_moment(as_at, began), f"the start of {as_at.name} ({as_at.starts:%-d %B %Y})"
    else:
        previous = periods.closed().order_by("-ends").first()
        if previous is None:
            return None, ""
    return snapshot(previous), f"the end of {previous.name} ({previous.ends:%-d %B %Y})"


def changes_since_previous_quarter(record: Record, *, review, as_at, today) -> Changes | None:
    then, since = previous_snapshot(review, as_at=as_at)
    if then is None:
        return None
    # Two rows per recommendation, paired up in memory: a constant two queries.
    before = {row["id"]: row for row in then.recommendations().order_by().values("id", "status", "rag")}
    now = record.recommendations().order_by("ref").values("id", "ref", "status", "rag")
    rag_labels = dict(Rag.choices)
    new_completions, rag_changes = [], []
    for row in now:
        was = before.get(row["id"])
        if row["status"] == Status.COMPLETED and (was is None or was["status"] != Status.COMPLETED):
            new_completions.append(RecommendationLink(row["ref"], recommendation_url(review, row["ref"])))
        if was is not None and was["rag"] != row["rag"]:
            rag_changes.append(
                RagChange(
                    ref=row["ref"],
                    url=recommendation_url(review, row["ref"]),
                    was=was["rag"],
                    was_label=rag_labels.get(was["rag"], was["rag"]),
                    now=row["rag"],
                    now_label=rag_labels.get(row["rag"], row["rag"]),
                )
            )
    return Changes(since=since, new_completions=tuple(new_completions), rag_changes=tuple(rag_changes))


def missing_updates(record: Record, *, review, as_at) -> MissingUpdates | None:
    """The quarter's missing updates: the open quarter's (or the latest one's) now, or `as_at`'s."""
    period = as_at
    if period is None:
        periods = ReportingPeriod.objects.filter(review=review)
        period = periods.open().first() or periods.reported().order_by("-ends").first()
    if period is None:
        return None
    reported = (
        ProgressUpdate.objects.in_period(period)
        .filter(state__in=[ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.ACCEPTED])
        .values("recommendation_id")
    )
    refs = (
        record.recommendations()
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(id__in=reported)
        .order_by("ref")
        .values_list("ref", flat=True)
    )
    return MissingUpdates(
        period=period,
        recommendations=tuple(RecommendationLink(ref, recommendation_url(review, ref)) for ref in refs),
    )
