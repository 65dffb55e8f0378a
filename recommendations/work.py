"""An officer's work for a reporting quarter: what they lead and where each update stands."""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .models import (
    CLOSED_STATUSES,
    ProgressUpdate,
    ProposedAction,
    Question,
    Recommendation,
    ReportingPeriod,
    Status,
)

OPEN_STATUSES = [status for status in Status.values if status not in CLOSED_STATUSES]


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
    """What `officer` leads in the quarter, overdue items first (see `work_items_in`)."""
    return work_items_in(officer, [period], today=today)[period.pk]


def work_items_in(officer, periods, *, today: datetime.date) -> dict[int, list[WorkItem]]:
    """What `officer` leads in each of the quarters, by quarter, overdue items first: the
    recommendations they lead (or, while a recommendation has no lead officer, those they lead an
    action of, as a whole), and the actions they lead, both. (A recommendation's lead may also
    write its other actions' updates, from the recommendation's page.)

    An item is listed while it is open, and for the rest of the quarter once it has an update in
    it: an item accepted as completed stays listed as accepted, so the list and its count hold
    still. Four queries, whatever the number of quarters, reviews or items.
    """
    periods = list(periods)
    if not periods:
        return {}
    review_ids = {period.review_id for period in periods}
    with_update = ProgressUpdate.objects.filter(period__in=periods)
    whole_updated = with_update.filter(action__isnull=True).values("recommendation_id")
    listed = Q(status__in=OPEN_STATUSES) | Q(pk__in=whole_updated)
    led_actions = ProposedAction.objects.filter(recommendation=OuterRef("pk"), lead_officers=officer)
    recommendations = list(
        Recommendation.objects.filter(review_id__in=review_ids)
        .filter(Q(lead_officer=officer) | (Q(lead_officer__isnull=True) & Exists(led_actions)))
        .filter(listed)
        .order_by("ref")
    )
    actions = list(
        ProposedAction.objects.filter(recommendation__review_id__in=review_ids)
        .filter(lead_officers=officer)
        .filter(
            Q(status__in=OPEN_STATUSES, recommendation__status__in=OPEN_STATUSES)
            | Q(pk__in=with_update.filter(action__isnull=False).values("action_id"))
        )
        .select_related("recommendation")
        .distinct()
        .order_by("recommendation__ref", "position")
    )
    late_recommendations = set(
        Recommendation.objects.filter(pk__in=[r.pk for r in recommendations])
        .overdue(on=today)
        .values_list("pk", flat=True)
    )
    updates = {
        (u.period_id, u.recommendation_id, u.action_id): u
        for u in with_update.select_related("reviewed_by").filter(
            recommendation__in={r.pk for r in recommendations} | {a.recommendation_id for a in actions}
        )
    }
    by_period = {}
    for period in periods:
        items = [
            WorkItem(r, None, updates.get((period.pk, r.pk, None)), overdue=r.pk in late_recommendations)
            for r in recommendations
            if r.review_id == period.review_id
            and (r.status in OPEN_STATUSES or (period.pk, r.pk, None) in updates)
        ] + [
            WorkItem(
                a.recommendation,
                a,
                updates.get((period.pk, a.recommendation_id, a.pk)),
                overdue=a.is_overdue(on=today),
            )
            for a in actions
            if a.recommendation.review_id == period.review_id
            and (
                (a.status in OPEN_STATUSES and a.recommendation.status in OPEN_STATUSES)
                or (period.pk, a.recommendation_id, a.pk) in updates
            )
        ]
        if ReportingPeriod.review.is_cached(period):  # the items' links then cost no query
            for item in items:
                item.recommendation.review = period.review
        items.sort(
            key=lambda item: (
                not item.overdue,
                item.recommendation.ref,
                item.action.position if item.action else 0,
            )
        )
        by_period[period.pk] = items
    return by_period


@dataclass
class ReviewWork:
    """An officer's work in one review's open quarter."""

    period: ReportingPeriod
    items: list[WorkItem]

    @property
    def review(self):
        return self.period.review

    @property
    def sent_count(self) -> int:
        return sum(not item.needs_update for item in self.items)


def open_periods_with_work(officer):
    """The open quarters of the reviews in which `officer` leads something, by review name."""
    reviews_led = Recommendation.objects.led_by(officer).values("review_id")
    return (
        ReportingPeriod.objects.open()
        .filter(review_id__in=reviews_led)
        .select_related("review")
        .order_by("review__name", "pk")
    )


def work_by_review(officer, *, today: datetime.date) -> list[ReviewWork]:
    """What `officer` leads in every review with a quarter open, a review at a time: five queries
    however many reviews the officer works in."""
    periods = list(open_periods_with_work(officer))
    by_period = work_items_in(officer, periods, today=today)
    return [ReviewWork(period, items) for period in periods if (items := by_period[period.pk])]


def questions_waiting(officer):
    """Questions on recommendations the officer leads (directly or through an action) that wait
    for an answer, the oldest first."""
    led = Recommendation.objects.led_by(officer).values("pk")
    return (
        Question.objects.unanswered()
        .filter(recommendation__in=led)
        .select_related("recommendation__review", "asked_by")
        .order_by("asked_at", "pk")
    )


def recently_reviewed(items: list[WorkItem]) -> list[ProgressUpdate]:
    """The quarter's updates on these items that the coordinator has accepted or returned, the
    latest decision first."""
    decided = (ProgressUpdate.State.ACCEPTED, ProgressUpdate.State.RETURNED)
    reviewed = []
    for item in items:
        if item.update is not None and item.update.state in decided:
            item.update.recommendation, item.update.action = item.recommendation, item.action
            reviewed.append(item.update)
    return sorted(reviewed, key=lambda update: update.reviewed_at or update.submitted_at, reverse=True)


def outstanding(officer, *, work: list[ReviewWork] | None = None) -> tuple[int, int, int]:
    """(updates still to write, returned updates to revise, questions to answer) for the officer
    across the open quarters of every review; from `work` (`work_by_review`) if read already."""
    to_write = returned = 0
    if work is None:
        work = work_by_review(officer, today=timezone.localdate())
    for review_work in work:
        for item in review_work.items:
            if item.update is None or item.update.state == ProgressUpdate.State.DRAFT:
                to_write += 1
            elif item.update.state == ProgressUpdate.State.RETURNED:
                returned += 1
    return to_write, returned, questions_waiting(officer).count()
