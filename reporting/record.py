"""A review's recommendations and actions, read the same way now or as at the end of a quarter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count
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
from recommendations.rollup import rollups
from recommendations.slippage import revisions, timescales_of

from .links import RecommendationLink, recommendation_url


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
    """The review's recommendations and actions: now, or as a quarter reports them (`past`)."""

    def __init__(self, review: Review, past: Snapshot | None):
        self.review = review
        self.past = past
        self.moment = past.moment if past else timezone.now()

    def versions_of(self, model):
        """Any frozen model's records, now or as the quarter reports them."""
        if self.past:
            return self.past.versions_of(model)
        return model.objects.all()

    def recommendations(self):
        if self.past:
            return self.past.recommendations()
        return Recommendation.objects.for_review(self.review)

    def actions(self, *, of=None):
        """The actions, or only those of `of` (some of `recommendations()`)."""
        if self.past:
            return self.past.actions(of=of)
        if of is not None:
            return ProposedAction.objects.filter(recommendation_id__in=of.values("id"))
        return ProposedAction.objects.filter(recommendation__review=self.review)

    def refs(self) -> dict[int, int]:
        """Each recommendation's number by its id."""
        return dict(self.recommendations().order_by().values_list("id", "ref"))

    def late_action_counts(self, *, on: datetime.date) -> dict[int, int]:
        """Open recommendations with actions past their due date, as `Recommendation.overdue` selects
        them: {recommendation id: how many such actions}."""
        open_recommendations = self.recommendations().exclude(status__in=CLOSED_STATUSES)
        late = (
            overdue_actions(self.actions(of=open_recommendations), on=on)
            .values("recommendation_id")
            .annotate(count=Count("id"))
            .order_by()
        )
        return {row["recommendation_id"]: row["count"] for row in late}

    def actions_done_still_open(self, refs: dict[int, int]) -> list[RecommendationLink]:
        """Open recommendations every action of which is completed or superseded (`rollup`): the
        coordinator may mark them completed, or say what is left. Two queries."""
        open_ids = set(
            self.recommendations().exclude(status__in=CLOSED_STATUSES).values_list("id", flat=True)
        )
        done = sorted(
            (
                refs[pk]
                for pk, rollup in rollups(self.actions()).items()
                if rollup.all_done and pk in open_ids
            ),
        )
        return [
            RecommendationLink(ref, recommendation_url(self.review, ref), "every action completed")
            for ref in done
        ]

    def slipped_actions(self, refs: dict[int, int]) -> list[SlippedAction]:
        """Actions whose timescale was revised, as `slippage` counts revisions (the recommendation
        page's count too), up to the moment. The few columns it shows, not whole actions."""
        actions = list(
            self.actions()
            .order_by("recommendation_id", "position")
            .values_list("id", "recommendation_id", "position", "timescale", "status")
        )
        timescales = timescales_of((action[0] for action in actions), until=self.moment)
        labels = dict(Status.choices)
        slipped = [
            SlippedAction(
                ref=refs[recommendation_id],
                url=recommendation_url(self.review, refs[recommendation_id]),
                position=position,
                timescale=timescale,
                times=times,
                status=status,
                status_label=labels.get(status, status),
            )
            for action_id, recommendation_id, position, timescale, status in actions
            if (times := revisions(timescales.get(action_id, ()))) and recommendation_id in refs
        ]
        return sorted(slipped, key=lambda item: (item.ref, item.position))
