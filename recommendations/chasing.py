"""Who still owes an update in a quarter: every item, where its update stands, grouped by officer.

An item is a recommendation as a whole or one of its proposed actions, listed while it is open or
once it has an update in the quarter (as My work lists them). A recommendation as a whole is its
lead officer's, or, while it has none, its actions' leads'; an action is its leads', or, with none
named, the recommendation's lead officer's. An item nobody leads is listed under "No lead officer".
Five queries, whatever the number of items, officers or quarters (`chases`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from .models import (
    CLOSED_STATUSES,
    Officer,
    ProgressUpdate,
    ProposedAction,
    Recommendation,
    Reminder,
    ReportingPeriod,
)

NOT_STARTED = "not_started"
PROGRESS_LABELS = {NOT_STARTED: "Not started", **dict(ProgressUpdate.State.choices)}
OUTSTANDING = {NOT_STARTED, ProgressUpdate.State.DRAFT, ProgressUpdate.State.RETURNED}


@dataclass
class ChaseItem:
    recommendation: Recommendation
    action: ProposedAction | None
    update: ProgressUpdate | None

    @property
    def progress(self) -> str:
        """Not started, draft, submitted, returned or accepted."""
        return self.update.state if self.update else NOT_STARTED

    @property
    def progress_label(self) -> str:
        return PROGRESS_LABELS[self.progress]

    @property
    def is_outstanding(self) -> bool:
        return self.progress in OUTSTANDING

    def __str__(self):
        return str(self.action or self.recommendation)


@dataclass
class OfficerItems:
    """One officer's items in the quarter (`officer` None: the items nobody leads)."""

    officer: Officer | None
    items: list[ChaseItem] = field(default_factory=list)
    reminded_on: datetime.date | None = None

    @property
    def has_account(self) -> bool:
        return self.officer is not None and self.officer.user_id is not None and self.officer.user.is_active

    @property
    def outstanding(self) -> list[ChaseItem]:
        return [item for item in self.items if item.is_outstanding]


@dataclass
class Chase:
    period: ReportingPeriod
    officers: list[OfficerItems]
    items: list[ChaseItem]

    def counts(self) -> dict[str, int]:
        """How many items stand where: not started, draft, submitted, returned, accepted."""
        counted = dict.fromkeys(PROGRESS_LABELS, 0)
        for item in self.items:
            counted[item.progress] += 1
        return counted

    @property
    def not_started(self) -> int:
        return self.counts()[NOT_STARTED]

    def days_left(self, today: datetime.date) -> int | None:
        return (self.period.deadline - today).days if self.period.deadline else None


def chase(period: ReportingPeriod, *, today: datetime.date) -> Chase:
    """Every item of the quarter's review and its update, grouped by lead officer."""
    return chases([period], today=today)[period.pk]


def chases(periods, *, today: datetime.date) -> dict[int, Chase]:
    """`chase` for each of the quarters, by quarter: five queries however many there are."""
    periods = list(periods)
    if not periods:
        return {}
    in_periods = ProgressUpdate.objects.filter(period__in=periods)
    updated = list(in_periods)
    recommendations = list(
        Recommendation.objects.filter(review_id__in={period.review_id for period in periods})
        .filter(
            ~Q(status__in=CLOSED_STATUSES)
            | Q(
                pk__in=ProgressUpdate.objects.filter(period__in=periods, action__isnull=True).values(
                    "recommendation_id"
                )
            )
        )
        .select_related("lead_officer__user")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=ProposedAction.objects.prefetch_related(
                    Prefetch("lead_officers", queryset=Officer.objects.select_related("user"))
                ).order_by("position"),
            )
        )
        .order_by("ref")
    )
    updates = {(update.period_id, update.recommendation_id, update.action_id): update for update in updated}
    by_period = {period.pk: _chase(period, recommendations, updates) for period in periods}
    reminded = {}
    for period_id, officer_id, sent_on in (
        Reminder.objects.filter(period__in=periods)
        .order_by("period_id", "officer_id", "sent_on")
        .values_list("period_id", "officer_id", "sent_on")
    ):
        reminded[(period_id, officer_id)] = sent_on
    for period_id, chased in by_period.items():
        for group in chased.officers:
            if group.officer is not None:
                group.reminded_on = reminded.get((period_id, group.officer.pk))
    return by_period


def _chase(period, recommendations, updates) -> Chase:
    """The quarter's items among the recommendations read, grouped by lead officer."""
    by_officer: dict[int | None, OfficerItems] = {}
    items = []

    def file(item, officers):
        items.append(item)
        for officer in officers or [None]:
            key = officer.pk if officer else None
            by_officer.setdefault(key, OfficerItems(officer)).items.append(item)

    for recommendation in recommendations:
        if recommendation.review_id != period.review_id:
            continue
        whole_update = updates.get((period.pk, recommendation.pk, None))
        if recommendation.status in CLOSED_STATUSES and whole_update is None:
            continue
        actions = list(recommendation.actions.all())
        action_leads = {lead.pk: lead for action in actions for lead in action.lead_officers.all()}
        whole = [recommendation.lead_officer] if recommendation.lead_officer else list(action_leads.values())
        file(ChaseItem(recommendation, None, whole_update), whole)
        for action in actions:
            update = updates.get((period.pk, recommendation.pk, action.pk))
            still_open = action.status not in CLOSED_STATUSES and recommendation.status not in CLOSED_STATUSES
            if still_open or update is not None:
                leads = list(action.lead_officers.all()) or (
                    [recommendation.lead_officer] if recommendation.lead_officer else []
                )
                file(ChaseItem(recommendation, action, update), leads)
    officers = sorted(
        by_officer.values(),
        key=lambda group: (
            group.officer is None,
            -len(group.outstanding),
            group.officer.name if group.officer else "",
        ),
    )
    return Chase(period=period, officers=officers, items=items)
