"""An officer's work for a reporting quarter: what they lead and where each update stands."""

import datetime
from dataclasses import dataclass

from .models import ProgressUpdate, ProposedAction, Recommendation, ReportingPeriod


@dataclass
class WorkItem:
    """A recommendation or action an officer leads, with its update for the quarter (if any)."""

    recommendation: Recommendation
    action: ProposedAction | None
    update: ProgressUpdate | None
    overdue: bool

    @property
    def progress(self) -> str:
        """Not started, draft, submitted, returned or accepted."""
        return self.update.get_state_display() if self.update else "Not started"

    @property
    def needs_update(self) -> bool:
        return self.update is None or self.update.state in ProgressUpdate.EDITABLE_STATES

    def __str__(self):
        return str(self.action or self.recommendation)


def work_items(officer, period: ReportingPeriod, *, today: datetime.date) -> list[WorkItem]:
    """What `officer` leads that is still open in the period's review; overdue items first.

    Recommendations they lead come with their actions covered (a recommendation's lead may write
    its action updates too); actions they lead under someone else's recommendation are items of
    their own. Four queries, whatever the number of items.
    """
    recommendations = list(
        Recommendation.objects.for_review(period.review_id)
        .open()
        .filter(lead_officer=officer)
        .order_by("ref")
    )
    actions = list(
        ProposedAction.objects.led_by(officer)
        .open()
        .filter(recommendation__review_id=period.review_id)
        .exclude(recommendation__lead_officer=officer)
        .select_related("recommendation")
        .order_by("recommendation__ref", "position")
    )
    late_recommendations = set(
        Recommendation.objects.filter(pk__in=[r.pk for r in recommendations])
        .overdue(on=today)
        .values_list("pk", flat=True)
    )
    updates = {
        (u.recommendation_id, u.action_id): u
        for u in ProgressUpdate.objects.in_period(period).filter(
            recommendation__in=[r.pk for r in recommendations] + [a.recommendation_id for a in actions]
        )
    }
    items = [
        WorkItem(r, None, updates.get((r.pk, None)), overdue=r.pk in late_recommendations)
        for r in recommendations
    ] + [
        WorkItem(
            a.recommendation,
            a,
            updates.get((a.recommendation_id, a.pk)),
            overdue=a.is_overdue(on=today),
        )
        for a in actions
    ]
    items.sort(
        key=lambda item: (
            not item.overdue,
            item.recommendation.ref,
            item.action.position if item.action else 0,
        )
    )
    return items
