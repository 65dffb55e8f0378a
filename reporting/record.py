"""A review's recommendations and actions, read the same way now or as at the end of a quarter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from recommendations.as_at import Snapshot
from recommendations.models import (
    CLOSED_STATUSES,
    ProposedAction,
    Recommendation,
    Review,
    Status,
    overdue_actions,
)

from .links import recommendation_url


@dataclass(frozen=True)
class SlippedAction:
    """A proposed action whose timescale was revised, and how many times."""

    ref: int
    url: str
    position: int
    timescale: str
    times: int
    status: str
    status_label: str


def counts(queryset, field_name: str) -> dict[str, int]:
    rows = queryset.values(field_name).annotate(count=Count("id")).order_by()
    return {row[field_name]: row["count"] for row in rows}


class Record:
    """The review's recommendations and actions: live, or from the history tables as at a moment."""

    def __init__(self, review: Review, past: Snapshot | None):
        self.review = review
        self.past = past
        self.moment = past.moment if past else timezone.now()

    def recommendations(self):
        if self.past:
            return self.past.recommendations()
        return Recommendation.objects.for_review(self.review)

    def actions(self):
        if self.past:
            return self.past.actions()
        return ProposedAction.objects.filter(recommendation__review=self.review)

    def refs(self) -> dict[int, int]:
        """Each recommendation's number by its id."""
        return dict(self.recommendations().order_by().values_list("id", "ref"))

    def late_action_counts(self, *, on: datetime.date) -> dict[int, int]:
        """Open recommendations with actions past their due date, as `Recommendation.overdue` selects
        them: {recommendation id: how many such actions}."""
        open_recommendations = self.recommendations().exclude(status__in=CLOSED_STATUSES).values("id")
        late = (
            overdue_actions(self.actions().filter(recommendation_id__in=open_recommendations), on=on)
            .values("recommendation_id")
            .annotate(count=Count("id"))
            .order_by()
        )
        return {row["recommendation_id"]: row["count"] for row in late}

    def slipped_actions(self, refs: dict[int, int]) -> list[SlippedAction]:
        """Actions whose timescale was revised: a first date kept (`original_due_date`), or more than
        one timescale in their history up to the moment. Each revision between two recorded
        timescales counts once; a first date kept counts at least once."""
        timescales = (
            ProposedAction.history.filter(
                recommendation_id__in=self.recommendations().values("id"), history_date__lte=self.moment
            )
            .values("id")
            .annotate(count=Count("timescale", distinct=True))
            .order_by()
        )
        revisions = {row["id"]: row["count"] - 1 for row in timescales if row["count"] > 1}
        actions = (
            self.actions()
            .filter(Q(original_due_date__isnull=False) | Q(id__in=list(revisions)))
            .order_by()
            .values("id", "recommendation_id", "position", "timescale", "status")
        )
        labels = dict(Status.choices)
        slipped = [
            SlippedAction(
                ref=refs[action["recommendation_id"]],
                url=recommendation_url(refs[action["recommendation_id"]]),
                position=action["position"],
                timescale=action["timescale"],
                times=max(revisions.get(action["id"], 0), 1),
                status=action["status"],
                status_label=labels.get(action["status"], action["status"]),
            )
            for action in actions
            if action["recommendation_id"] in refs
        ]
        return sorted(slipped, key=lambda item: (item.ref, item.position))
