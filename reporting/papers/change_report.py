"""The change report between two quarters: what the official record says differently at the end
of the chosen quarter than at the end of the one compared with (by default, the one before), and
the quality flags on the quarter's updates.

Both ends are read as the pages read a quarter: a closed quarter from its frozen snapshot, an open
one so far; a review's first quarter is compared with the record as it stood when it began.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import OuterRef, Subquery
from django.db.models.functions import Coalesce

from recommendations.as_at import Snapshot, snapshot
from recommendations.diffs import Piece, word_diff
from recommendations.models import CLOSED_STATUSES, ProgressUpdate, Rag, ReportingPeriod, Review, Status
from recommendations.quality import COPIED, NO_EVIDENCE, Flag, update_flags
from recommendations.slippage import action_slippage

from ..changes import previous_snapshot
from .provenance import Provenance, provenance

TITLE = "Changes between quarters"
PAPER = "changes"


def _label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value or ""


def _due(date: datetime.date | None) -> str:
    return f"{date:%-d %B %Y}" if date else "no date"


@dataclass(frozen=True)
class Change:
    """One field of a recommendation or action that differs between the two quarters."""

    what: str  # "Status", "RAG", "Timescale", "Progress"
    before: str
    after: str
    slipped_times: int = 0  # for a timescale that slipped: how many times it has been revised

    @property
    def is_narrative(self) -> bool:
        return self.what == "Progress"

    @property
    def diff(self) -> list[Piece]:
        return word_diff(self.before, self.after)


@dataclass
class ItemChanges:
    """What changed on a recommendation as a whole or on one of its actions."""

    label: str  # "The recommendation" or "Action 2"
    changes: list[Change] = field(default_factory=list)


@dataclass
class RecommendationChanges:
    ref: int
    text: str
    items: list[ItemChanges] = field(default_factory=list)
    flags: list[tuple[str, Flag]] = field(default_factory=list)  # (whose update, flag)


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass
class ChangeReport:
    provenance: Provenance
    since: str  # what it is compared with, in words
    against: ReportingPeriod | None
    counts: list[Count]
    recommendations: list[RecommendationChanges]
    not_submitted: list[int]
    title: str = TITLE

    def filename(self, extension: str) -> str:
        return self.provenance.filename(PAPER, extension)

    def table(self) -> list[list]:
        """One row per change, for the files: Ref, Item, What changed, Before, After, Times slipped."""
        rows = []
        for recommendation in self.recommendations:
            for item in recommendation.items:
                for change in item.changes:
                    slipped = change.slipped_times or ""
                    rows.append(
                        [recommendation.ref, item.label, change.what, change.before, change.after, slipped]
                    )
            for whose, flag in recommendation.flags:
                rows.append([recommendation.ref, whose, "Quality flag", "", flag.message, ""])
        return rows


TABLE_COLUMNS = ("Ref", "Recommendation or action", "What changed", "Before", "After", "Times slipped")


def _read(past: Snapshot) -> dict[int, object]:
    found = past.with_actions(past.recommendations())
    return {recommendation.id: recommendation for recommendation in found}


def _compare(before, after, fields) -> list[Change]:
    changes = []
    for what, attribute, labels in fields:
        old, new = getattr(before, attribute, "") if before else "", getattr(after, attribute)
        if old != new:
            changes.append(Change(what, labels(old) if labels else old, labels(new) if labels else new))
    return changes


def change_report(
    review: Review, period: ReportingPeriod, against: ReportingPeriod | None = None
) -> ChangeReport:
    """What changed between the end of `against` (default: the quarter before) and of `period`."""
    origin = provenance(review, period)
    if against is not None:
        then, since = snapshot(against), f"the end of {against.name} ({against.ends:%-d %B %Y})"
    else:
        then, since = previous_snapshot(review, as_at=period)
        against = then.period if then is not None and then.period != period else None
    now = origin.past
    before, after = _read(then), _read(now)
    status = lambda value: _label(Status, value)  # noqa: E731
    rag = lambda value: _label(Rag, value)  # noqa: E731

    reports: list[RecommendationChanges] = []
    completions = status_changes = rag_changes = 0
    slipped_actions = []
    by_action: dict[int, tuple[RecommendationChanges, ItemChanges]] = {}
    for recommendation in sorted(after.values(), key=lambda item: item.ref):
        was = before.get(recommendation.id)
        report = RecommendationChanges(recommendation.ref, recommendation.text)
        whole = ItemChanges(
            "The recommendation",
            _compare(
                was,
                recommendation,
                [("Status", "status", status), ("RAG", "rag", rag), ("Progress", "progress", None)],
            ),
        )
        actions_then = {action.id: action for action in was.actions.all()} if was else {}
        items = [whole]
        for action in recommendation.actions.all():
            old = actions_then.get(action.id)
            item = ItemChanges(
                f"Action {action.position}",
                _compare(old, action, [("Status", "status", status), ("Progress", "progress", None)]),
            )
            if old is not None and (old.timescale, old.due_date) != (action.timescale, action.due_date):
                item.changes.insert(
                    int(bool(item.changes) and item.changes[0].what == "Status"),
                    Change(
                        "Timescale",
                        f"{old.timescale or 'none'} ({_due(old.due_date)})",
                        f"{action.timescale or 'none'} ({_due(action.due_date)})",
                    ),
                )
                if old.due_date and action.due_date and action.due_date > old.due_date:
                    slipped_actions.append((action, item))
            if old is None or old.status != action.status:
                status_changes += old is not None
                completions += action.status == Status.COMPLETED
            items.append(item)
            by_action[action.id] = (report, item)
        if was is not None and was.status != recommendation.status:
            status_changes += 1
        if recommendation.status == Status.COMPLETED and (was is None or was.status != Status.COMPLETED):
            completions += 1
        if was is not None and was.rag != recommendation.rag:
            rag_changes += 1
        report.items = [item for item in items if item.changes]
        reports.append(report)

    # How many times each slipped timescale has been revised, up to the quarter's moment.
    slippage = {
        item.action.id: item.revisions
        for item in action_slippage(
            [action for action, _ in slipped_actions], on=period.ends, until=now.moment
        )
    }
    for action, item in slipped_actions:
        timescale = next(change for change in item.changes if change.what == "Timescale")
        index = item.changes.index(timescale)
        item.changes[index] = Change(
            timescale.what, timescale.before, timescale.after, max(slippage.get(action.id, 1), 1)
        )

    flags, copied, no_evidence = _flags(period, {report.ref: report for report in reports}, after)
    not_submitted = _not_submitted(period, after)
    changed = [report for report in reports if report.items or report.flags]
    counts = [
        Count("New completions", completions),
        Count("Status changes", status_changes),
        Count("RAG changes", rag_changes),
        Count("Slipped timescales", len(slipped_actions)),
        Count("Updates not submitted", len(not_submitted)),
        Count("Narratives copied from the previous quarter", copied),
        Count("Completions claimed without evidence", no_evidence),
    ]
    return ChangeReport(
        provenance=origin,
        since=since,
        against=against,
        counts=counts,
        recommendations=changed,
        not_submitted=not_submitted,
    )


def _flags(period, reports_by_ref, after) -> tuple[int, int, int]:
    """Attach the quality flags of the quarter's submitted and accepted updates; how many in all,
    how many copied narratives and completions without evidence."""
    in_quarter = ProgressUpdate.objects.in_period(period).filter(
        state__in=[ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.ACCEPTED]
    )
    updates = list(
        in_quarter.select_related("period", "recommendation", "action").prefetch_related("evidence_files")
    )
    # Each update's previous one (the accepted update of the latest earlier quarter for the same
    # recommendation or action), found in the database: one row per update of the quarter rather
    # than every accepted update of every earlier quarter.
    latest_earlier = (
        ProgressUpdate.objects.accepted()
        .filter(
            period__review_id=period.review_id,
            period__ends__lt=period.starts,
            recommendation_id=OuterRef("recommendation_id"),
        )
        .alias(target=Coalesce("action_id", 0))
        .filter(target=Coalesce(OuterRef("action_id"), 0))
        .order_by("-period__ends", "-pk")
        .values("pk")[:1]
    )
    earlier = {
        (update.recommendation_id, update.action_id): update
        for update in ProgressUpdate.objects.filter(
            pk__in=in_quarter.annotate(previous=Subquery(latest_earlier)).values("previous")
        ).select_related("period")
    }
    total = copied = no_evidence = 0
    for update in updates:
        found = update_flags(
            update,
            earlier.get((update.recommendation_id, update.action_id)),
            has_evidence=bool(update.evidence_links.strip()) or bool(update.evidence_files.all()),
        )
        report = reports_by_ref.get(update.recommendation.ref)
        if report is None:
            continue
        whose = f"Action {update.action.position} update" if update.action_id else "Recommendation update"
        report.flags += [(whose, flag) for flag in found]
        total += len(found)
        copied += sum(flag.code == COPIED for flag in found)
        no_evidence += sum(flag.code == NO_EVIDENCE for flag in found)
    return total, copied, no_evidence


def _not_submitted(period, after) -> list[int]:
    """Open recommendations (as at the quarter) with no update submitted or accepted for it."""
    reported = set(
        ProgressUpdate.objects.in_period(period)
        .filter(state__in=[ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.ACCEPTED])
        .values_list("recommendation_id", flat=True)
    )
    return sorted(
        recommendation.ref
        for recommendation in after.values()
        if recommendation.status not in CLOSED_STATUSES and recommendation.id not in reported
    )
