"""Who still owes an update in a quarter: every item, where its update stands, grouped by officer.

An item is a recommendation as a whole or one of its proposed actions, listed while it is open or
once it has an update in the quarter (as My work lists them). A recommendation as a whole is its
lead officer's, or, while it has none, its actions' leads'; an action is its leads', or, with none
named, the recommendation's lead officer's. An item nobody leads is listed under "No lead officer".
Five queries, whatever the number of items, officers or quarters (`chases`); four for the
counts alone (`tallies`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

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
        return self.period.days_left(today)


def chase(period: ReportingPeriod, *, today: datetime.date) -> Chase:
    """Every item of the quarter's review and its update, grouped by lead officer."""
    return chases([period], today=today)[period.pk]


def chases(periods, *, today: datetime.date) -> dict[int, Chase]:
    """`chase` for each of the quarters, by quarter: five queries however many there are."""
    periods = list(periods)
    if not periods:
        return {}
    updates = {
        (update.period_id, update.recommendation_id, update.action_id): update
        for update in ProgressUpdate.objects.filter(period__in=periods)
    }
    recommendations = list(
        _listed_recommendations(periods)
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
    officers = {officer.pk: officer for officer in _officers_named(recommendations)}
    by_period = {}
    for period in periods:
        by_officer: dict[int | None, OfficerItems] = {}
        items = []
        for recommendation, action, update, leads in _items(
            period,
            recommendations,
            actions_of=lambda recommendation: recommendation.actions.all(),
            leads_of=lambda action: [lead.pk for lead in action.lead_officers.all()],
            updates=updates,
        ):
            item = ChaseItem(recommendation, action, update)
            items.append(item)
            for officer_id in leads or [None]:
                by_officer.setdefault(officer_id, OfficerItems(officers.get(officer_id))).items.append(item)
        groups = sorted(
            by_officer.values(),
            key=lambda group: (
                group.officer is None,
                -len(group.outstanding),
                group.officer.name if group.officer else "",
            ),
        )
        by_period[period.pk] = Chase(period=period, officers=groups, items=items)
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


@dataclass
class Tally:
    """How many of a quarter's items stand where, how many officers still owe an update, and how
    many of the items still owed nobody leads, as `chase` would say, without reading the records."""

    period: ReportingPeriod
    counts: dict[str, int]
    officers_owing: int
    unled_owing: int = 0

    @property
    def not_started(self) -> int:
        return self.counts[NOT_STARTED]


class _Recommendation(NamedTuple):
    pk: int
    review_id: int
    status: str
    lead_officer_id: int | None


class _Action(NamedTuple):
    pk: int
    recommendation_id: int
    status: str


def tallies(periods) -> dict[int, Tally]:
    """`Tally` for each of the quarters, by quarter, from bare columns: three queries however many
    quarters, reviews or items, and little work per item (the chasing overview, the quarters)."""
    periods = list(periods)
    if not periods:
        return {}
    review_ids = {period.review_id for period in periods}
    recommendations = [
        _Recommendation(*row)
        for row in _listed_recommendations(periods)
        .order_by()
        .values_list("pk", "review_id", "status", "lead_officer_id")
    ]
    actions: dict[int, list[_Action]] = {}
    leads: dict[int, list[int]] = {}
    # One row an action and lead officer (the lead None for an action nobody leads), in order.
    for pk, recommendation_id, status, officer_id in (
        ProposedAction.objects.filter(recommendation__review_id__in=review_ids)
        .order_by("recommendation_id", "position")
        .values_list("pk", "recommendation_id", "status", "lead_officers")
    ):
        listed = actions.setdefault(recommendation_id, [])
        if not listed or listed[-1].pk != pk:
            listed.append(_Action(pk, recommendation_id, status))
        if officer_id is not None:
            leads.setdefault(pk, []).append(officer_id)
    in_periods = ProgressUpdate.objects.filter(period__in=periods).order_by()
    states = {
        (period_id, recommendation_id, action_id): state
        for period_id, recommendation_id, action_id, state in in_periods.values_list(
            "period_id", "recommendation_id", "action_id", "state"
        )
    }
    by_period = {}
    for period in periods:
        counts = dict.fromkeys(PROGRESS_LABELS, 0)
        owing, unled = set(), 0
        for _, _, state, officer_ids in _items(
            period,
            recommendations,
            actions_of=lambda recommendation: actions.get(recommendation.pk, []),
            leads_of=lambda action: leads.get(action.pk, []),
            updates=states,
        ):
            progress = state or NOT_STARTED
            counts[progress] += 1
            if progress in OUTSTANDING:
                owing.update(officer_ids)
                unled += not officer_ids
        by_period[period.pk] = Tally(
            period=period, counts=counts, officers_owing=len(owing), unled_owing=unled
        )
    return by_period


def _listed_recommendations(periods):
    """The quarters' reviews' recommendations that may list an item: the open ones, and the
    closed ones with an update of the recommendation as a whole in one of the quarters."""
    whole_updated = ProgressUpdate.objects.filter(period__in=periods, action__isnull=True)
    return Recommendation.objects.filter(review_id__in={period.review_id for period in periods}).filter(
        ~Q(status__in=CLOSED_STATUSES) | Q(pk__in=whole_updated.values("recommendation_id"))
    )


def _officers_named(recommendations):
    for recommendation in recommendations:
        if recommendation.lead_officer is not None:
            yield recommendation.lead_officer
        for action in recommendation.actions.all():
            yield from action.lead_officers.all()


def _items(period, recommendations, *, actions_of, leads_of, updates):
    """The quarter's items among the recommendations read, each as (recommendation, action or
    None, its update in the quarter or None, the ids of the officers who lead it): the one place
    that says which items a quarter lists and who leads each (the module's docstring)."""
    for recommendation in recommendations:
        if recommendation.review_id != period.review_id:
            continue
        whole_update = updates.get((period.pk, recommendation.pk, None))
        if recommendation.status in CLOSED_STATUSES and whole_update is None:
            continue
        actions = list(actions_of(recommendation))
        own_lead = [recommendation.lead_officer_id] if recommendation.lead_officer_id else []
        action_leads = list(dict.fromkeys(lead for action in actions for lead in leads_of(action)))
        yield recommendation, None, whole_update, own_lead or action_leads
        for action in actions:
            update = updates.get((period.pk, recommendation.pk, action.pk))
            still_open = action.status not in CLOSED_STATUSES and recommendation.status not in CLOSED_STATUSES
            if still_open or update is not None:
                yield recommendation, action, update, list(leads_of(action)) or own_lead
