"""Slippage: every timescale each proposed action has had, read from its recorded versions.

A timescale is listed each time the words or the date understood from them changed, with when and
by whom. "Revised N times", the one rule the recommendation page and the dashboard both use,
counts each change after the first, plus one where the first recorded timescale itself names a
later date than the action plan's ("February 2010 Revised to May 2010", "April 2010 Jun 2010").
One query, whatever the number of actions or versions.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .models import ProposedAction
from .versions import FROM_REPORT


@dataclass(frozen=True)
class TimescaleVersion:
    """A timescale an action had, from `since`, as `who` set it."""

    timescale: str
    due_date: datetime.date | None
    since: datetime.datetime
    who: str
    revised_in_its_words: bool = False  # the text names an earlier date and a later one


@dataclass(frozen=True)
class ActionSlippage:
    """A proposed action's timescales, oldest first, and whether it is overdue."""

    action: ProposedAction
    timescales: tuple[TimescaleVersion, ...]
    overdue: bool

    @property
    def revisions(self) -> int:
        return revisions(self.timescales)


def revisions(timescales: Sequence[TimescaleVersion]) -> int:
    """How many times an action's timescale was revised, from its timescales oldest first."""
    if not timescales:
        return 0
    return len(timescales) - 1 + int(timescales[0].revised_in_its_words)


def timescales_of(
    action_ids: Iterable[int], *, until: datetime.datetime | None = None
) -> dict[int, list[TimescaleVersion]]:
    """Each action's timescales, oldest first (up to `until`, when given), by action id: one query
    of the few columns it needs, not the versions' every field."""
    versions = ProposedAction.history.filter(id__in=list(action_ids)).order_by(
        "id", "history_date", "history_id"
    )
    if until is not None:
        versions = versions.filter(history_date__lte=until)
    users: dict[int, str] = {}

    def who(user_id, first_name, last_name, username) -> str:
        # As `who_changed` names a version's user, from the fields the user's name is made of.
        if user_id is None:
            return FROM_REPORT
        if user_id not in users:
            user = get_user_model()(id=user_id, first_name=first_name, last_name=last_name, username=username)
            users[user_id] = str(user)
        return users[user_id]

    timescales: dict[int, list[TimescaleVersion]] = defaultdict(list)
    for action_id, history_type, timescale, due_date, original_due_date, since, *user in versions.values_list(
        "id",
        "history_type",
        "timescale",
        "due_date",
        "original_due_date",
        "history_date",
        "history_user_id",
        "history_user__first_name",
        "history_user__last_name",
        "history_user__username",
    ):
        seen = timescales[action_id]
        if history_type == "-":
            continue
        if seen and (seen[-1].timescale, seen[-1].due_date) == (timescale, due_date):
            continue
        seen.append(
            TimescaleVersion(
                timescale=timescale,
                due_date=due_date,
                since=since,
                who=who(*user),
                revised_in_its_words=original_due_date is not None and original_due_date != due_date,
            )
        )
    return timescales


def action_slippage(
    actions: Iterable[ProposedAction], *, on: datetime.date, until: datetime.datetime | None = None
) -> list[ActionSlippage]:
    """Each action's timescales over time (up to `until`, when given), and whether it is overdue on
    `on`."""
    actions = list(actions)
    timescales = timescales_of((action.pk for action in actions), until=until)
    return [
        ActionSlippage(
            action=action, timescales=tuple(timescales.get(action.pk, ())), overdue=action.is_overdue(on=on)
        )
        for action in actions
    ]
