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
from collections.abc import Iterable
from dataclasses import dataclass

from .models import ProposedAction
from .versions import who_changed


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
        if not self.timescales:
            return 0
        return len(self.timescales) - 1 + int(self.timescales[0].revised_in_its_words)


def action_slippage(
    actions: Iterable[ProposedAction], *, on: datetime.date, until: datetime.datetime | None = None
) -> list[ActionSlippage]:
    """Each action's timescales over time (up to `until`, when given), and whether it is overdue on
    `on`."""
    actions = list(actions)
    versions = (
        ProposedAction.history.filter(id__in=[action.pk for action in actions])
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    if until is not None:
        versions = versions.filter(history_date__lte=until)
    timescales: dict[int, list[TimescaleVersion]] = defaultdict(list)
    for version in versions:
        seen = timescales[version.id]
        if version.history_type == "-":
            continue
        if seen and (seen[-1].timescale, seen[-1].due_date) == (version.timescale, version.due_date):
            continue
        seen.append(
            TimescaleVersion(
                timescale=version.timescale,
                due_date=version.due_date,
                since=version.history_date,
                who=who_changed(version),
                revised_in_its_words=(
                    version.original_due_date is not None and version.original_due_date != version.due_date
                ),
            )
        )
    return [
        ActionSlippage(
            action=action, timescales=tuple(timescales[action.pk]), overdue=action.is_overdue(on=on)
        )
        for action in actions
    ]
