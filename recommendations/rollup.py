"""What a recommendation's proposed actions say about it, shown beside its own status.

A recommendation's own status and RAG are what was accepted for it; the roll-up is derived from
its actions ("3 of 3 actions completed") and always shown as derived, never written to the record.
The coordinator decides whether a recommendation whose actions are all done is completed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Status


@dataclass(frozen=True)
class ActionRollup:
    """A recommendation's actions counted: all of them, completed, superseded."""

    total: int
    completed: int
    superseded: int = 0

    @property
    def all_done(self) -> bool:
        """Every action completed or superseded (and there is at least one)."""
        return self.total > 0 and self.completed + self.superseded == self.total

    def __str__(self) -> str:
        if not self.total:
            return "No proposed actions"
        text = f"{self.completed} of {self.total} action{'s' if self.total != 1 else ''} completed"
        return f"{text}, {self.superseded} superseded" if self.superseded else text


def rollup_of(actions: Iterable) -> ActionRollup:
    """The roll-up of actions already read (now, or as a quarter reports them)."""
    statuses = [action.status for action in actions]
    return ActionRollup(
        total=len(statuses),
        completed=statuses.count(Status.COMPLETED),
        superseded=statuses.count(Status.SUPERSEDED),
    )


def rollups(actions) -> dict[int, ActionRollup]:
    """Each recommendation's roll-up from a QuerySet of actions (now, or as they stood): one query."""
    rows = (
        actions.order_by()
        .values("recommendation_id")
        .annotate(
            total=Count("id"),
            completed=Count("id", filter=Q(status=Status.COMPLETED)),
            superseded=Count("id", filter=Q(status=Status.SUPERSEDED)),
        )
    )
    return {
        row["recommendation_id"]: ActionRollup(row["total"], row["completed"], row["superseded"])
        for row in rows
    }
