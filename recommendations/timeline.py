"""A recommendation's timeline, quarter by quarter: newest quarter first, the baseline last.

Each quarter (`timeline_quarters` decides which) gathers what happened in it: the recorded history
of the recommendation and its proposed actions (who, when, why, what changed), each accepted
progress update as it was accepted, bylined with who accepted it, with its word-by-word difference
from the previous accepted update of the same recommendation or action, any later correction of it
(who, when, why, what changed), the workflow moves of its updates (submitted, returned with the
reason), and the panel's questions and the answers. Drafts, and the narrative of any update not
accepted, are never shown. A quarter's progress is shown once: where an accepted update set a
record's status, RAG, progress or timescale, the update's entry says so and the record's own
version lists only what else changed.

Seven queries whatever the number of actions, versions, updates or questions (six when the
questions are passed in): every list is read once and paired up in memory.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import groupby

from django.utils import timezone

from .diffs import word_diff
from .models import ProgressUpdate, ProposedAction, Question, Recommendation, ReportingPeriod
from .timeline_quarters import BASELINE, Placement, QuarterGroup, Quarters, TimelineEntry
from .versions import FROM_REPORT, FieldChange, changed_fields, who_changed

__all__ = [
    "BASELINE",
    "QuarterGroup",
    "Quarters",
    "TimelineEntry",
    "describe_version",
    "recommendation_timeline",
]

State = ProgressUpdate.State

# What an accepted update sets on its record: told by the update's entry, not again by the record's.
SET_BY_UPDATES = {"status", "rag", "progress", "timescale", "due_date", "original_due_date"}
# What a correction may change on an update, as the timeline tells it.
CORRECTED_FIELDS = {
    "narrative",
    "status",
    "rag",
    "revised_timescale",
    "evidence_links",
    "completion_verified",
}
CORRECTION_PREFIX = "Corrected: "


def recommendation_timeline(
    recommendation: Recommendation, *, questions: Iterable[Question] | None = None
) -> list[QuarterGroup]:
    """Everything recorded about the recommendation, grouped by quarter, newest first.

    `questions` (with `asked_by` and `answered_by` selected) saves a query when the caller has
    already read them.
    """
    recommendation_versions = recommendation.history.select_related(
        "history_user", "theme", "lead_officer"
    ).order_by("history_date", "history_id")
    action_versions = (
        ProposedAction.history.filter(recommendation_id=recommendation.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    # Put in order below (`_accepted_update_entries`): the model's ordering would only join two
    # more tables for the database to plan and sort.
    accepted_updates = (
        ProgressUpdate.objects.filter(recommendation=recommendation)
        .accepted()
        .select_related("period", "author", "reviewed_by", "action", "on_behalf_of")
        .order_by()
    )
    # Their quarters are the review's, read once below; the timeline names no one else on them.
    update_versions = (
        ProgressUpdate.history.filter(recommendation_id=recommendation.pk)
        .select_related("history_user", "action")
        .order_by("id", "history_date", "history_id")
    )
    if questions is None:
        questions = Question.objects.filter(recommendation=recommendation).select_related(
            "asked_by", "answered_by"
        )
    periods = ReportingPeriod.objects.filter(review_id=recommendation.review_id)
    period_versions = ReportingPeriod.history.filter(review_id=recommendation.review_id).order_by(
        "history_date", "history_id"
    )
    quarters = Quarters(periods, period_versions)
    timeline = _Timeline(quarters)

    periods_by_id = {period.pk: period for period in quarters.periods}
    versions_by_update = {
        update_id: [_in_quarter(version, periods_by_id) for version in versions]
        for update_id, versions in groupby(update_versions, key=lambda v: v.id)
    }
    for update, entry in _accepted_update_entries(accepted_updates, versions_by_update):
        timeline.add(Placement(quarters.for_period(update.period)), entry)
        target = update.action.position if update.action_id else 0
        timeline.accepted_at[(update.period.name, target)].add(entry.when)
    for versions in versions_by_update.values():
        for version, entry in _move_entries(versions):
            timeline.add(Placement(quarters.for_period(version.period)), entry)
    for version, entry in _version_entries(recommendation_versions, kind=0):
        timeline.add_version(version, entry, target=0)
    for _, versions in groupby(action_versions, key=lambda version: version.id):
        for version, entry in _version_entries(versions, kind=1):
            timeline.add_version(version, entry, target=version.position)
    for question in questions:
        timeline.add(quarters.for_moment(question.asked_at), _question_entry(question))
        if question.answered_at is not None:
            timeline.add(quarters.for_moment(question.answered_at), _answer_entry(question))
    return quarters.newest_first()


class _Timeline:
    def __init__(self, quarters: Quarters):
        self.quarters = quarters
        # (quarter, action position or 0): when that record's updates were accepted in the quarter.
        self.accepted_at: dict[tuple[str, int], set[datetime.datetime]] = defaultdict(set)

    def add(self, placement: Placement, entry: TimelineEntry) -> None:
        placement.group.entries.append(replace(entry, placed=placement.note) if placement.note else entry)

    def add_version(self, version, entry: TimelineEntry, *, target: int) -> None:
        placement = self.quarters.for_version(version)
        made_by_an_update = self.quarters.period_named_by(version.history_change_reason or "") or (
            version.history_date in self.accepted_at[(placement.group.name, target)]
        )
        if made_by_an_update:
            # The update's own entry tells what it set; say only what else changed, if anything.
            changes = tuple(change for change in entry.changes if change.field not in SET_BY_UPDATES)
            if not changes:
                return
            entry = replace(entry, changes=changes)
        self.add(placement, entry)


# Recorded versions -------------------------------------------------------------------------


def _version_entries(versions: Iterable, *, kind: int):
    """One entry per version of one record, each described against the version before it."""
    previous = None
    for version in versions:
        entry = _version_entry(version, previous, kind=kind)
        if entry is not None:
            yield version, entry
        previous = version


def _version_entry(version, previous, *, kind: int) -> TimelineEntry | None:
    if kind == 0:
        return describe_version(
            version, previous, subject=f"Recommendation {version.ref}", order=(kind, 0, -version.history_id)
        )
    return describe_version(
        version,
        previous,
        subject=f"Proposed action {version.position}",
        created_title=f"Proposed action {version.position} added",
        order=(kind, version.position, -version.history_id),
    )


def describe_version(
    version, previous, *, subject: str, order, created_title: str = ""
) -> TimelineEntry | None:
    """A timeline entry for one recorded version of a record, told against the version before it;
    None for a save that changed nothing and gave no reason."""
    changes: tuple[FieldChange, ...] = ()
    if version.history_type == "-":
        title = f"{subject} removed"
    elif previous is None:
        title = created_title or f"{subject} recorded"
    else:
        changes = changed_fields(previous, version)
        if not changes and not version.history_change_reason:
            return None  # saved without a change: nothing to tell
        title = f"{subject} changed"
    if version.history_change_reason:
        title = f"{subject}: {version.history_change_reason}"
    return TimelineEntry(
        when=version.history_date,
        who=who_changed(version),
        title=title,
        changes=changes,
        order=order,
    )


# Progress updates --------------------------------------------------------------------------


def _in_quarter(version, periods_by_id: dict):
    """An update's version with its quarter, one of the review's quarters already read."""
    if version.period_id in periods_by_id:
        version.period = periods_by_id[version.period_id]
    return version


def _target(update) -> str:
    return f" on proposed action {update.action.position}" if update.action_id else ""


def _as_accepted(update: ProgressUpdate, versions: list) -> ProgressUpdate:
    """The update as it was accepted (its first accepted version), before any correction."""
    accepted = next((version for version in versions if version.state == State.ACCEPTED), None)
    if accepted is None:
        return update
    as_accepted = accepted.instance
    as_accepted.period, as_accepted.action = update.period, update.action
    as_accepted.author, as_accepted.reviewed_by = update.author, update.reviewed_by
    as_accepted.on_behalf_of = update.on_behalf_of
    return as_accepted


def _accepted_update_entries(updates: Iterable[ProgressUpdate], versions_by_update: dict):
    """Each accepted update as accepted, with its difference from the previous accepted update of
    the same recommendation (or of the same action)."""

    def in_order(update):
        return (update.action_id or 0, update.period.ends, _accepted_when(update), update.pk)

    updates = sorted(updates, key=in_order)
    accepted = {update.pk: _as_accepted(update, versions_by_update.get(update.pk, [])) for update in updates}
    for _, same_target in groupby(updates, key=lambda update: update.action_id):
        previous = None
        for update in same_target:
            if previous is None and update.action_id is None:
                previous = combined_action_updates(list(accepted.values()), before=update.period)
            yield update, _update_entry(accepted[update.pk], previous)
            previous = accepted[update.pk]


@dataclass(frozen=True)
class CombinedUpdate:
    """A quarter's accepted action updates read as one, to compare a recommendation's update with."""

    period: ReportingPeriod
    narrative: str


def combined_action_updates(updates, *, before: ReportingPeriod) -> CombinedUpdate | None:
    """The latest earlier quarter's accepted action updates, joined in action order.

    The September 2010 progress was reported action by action; a recommendation's first update
    of its own is compared with what its actions reported then.
    """
    earlier = [u for u in updates if u.action_id and u.period.ends < before.ends]
    if not earlier:
        return None
    latest = max(u.period.ends for u in earlier)
    quarter = sorted((u for u in earlier if u.period.ends == latest), key=lambda u: u.action.position)
    return CombinedUpdate(period=quarter[0].period, narrative="\n\n".join(u.narrative for u in quarter))


def _accepted_when(update: ProgressUpdate) -> datetime.datetime:
    if update.reviewed_at:
        return update.reviewed_at
    if update.submitted_at:
        return update.submitted_at
    return timezone.make_aware(datetime.datetime.combine(update.period.ends, datetime.time()))


def _update_entry(update: ProgressUpdate, previous) -> TimelineEntry:
    if update.on_behalf_of_id:
        author = update.reported_by
    elif update.author:
        author = str(update.author)
    elif update.reported_by_text:
        author = f"{FROM_REPORT} ({update.reported_by_text})"
    else:
        author = FROM_REPORT
    reviewer = str(update.reviewed_by) if update.reviewed_by else FROM_REPORT
    if update.completion_verified:
        reviewer = f"{reviewer}, who verified the completion"
    if update.accepted_own_entry:
        reviewer = f"{reviewer}, who entered it"
    return TimelineEntry(
        when=_accepted_when(update),
        who=reviewer,
        title=f"Progress update for {update.period.name}{_target(update)} accepted",
        kind="update",
        narrative=update.narrative,
        status=update.status,
        status_label=update.get_status_display(),
        rag=update.rag,
        rag_label=update.get_rag_display(),
        author=author,
        revised_timescale=update.revised_timescale,
        note=update.review_reason,
        diff=tuple(word_diff(previous.narrative, update.narrative)) if previous else (),
        previous_period=previous.period.name if previous else "",
        order=(2, update.action.position if update.action_id else 0, -update.pk),
    )


# Moves an update made on its way to acceptance, and corrections after it. Acceptance itself is the
# accepted update's own entry; drafts (started, saved, revised) are never shown.
TRANSITION_TITLES = {
    State.SUBMITTED: "submitted for review",
    State.RETURNED: "returned to its author",
}


def _move_entries(versions: list):
    """Each time one update moved to submitted or returned, and each correction once accepted."""
    previous = None
    for version in versions:
        reason = version.history_change_reason or ""
        if previous is not None and reason.startswith(CORRECTION_PREFIX):
            yield version, _correction_entry(version, previous)
        elif version.state in TRANSITION_TITLES and (previous is None or version.state != previous.state):
            yield version, _transition_entry(version)
        previous = version


def _transition_entry(version) -> TimelineEntry:
    returned = version.state == State.RETURNED
    return TimelineEntry(
        when=version.history_date,
        who=who_changed(version),
        title=(
            f"Progress update for {version.period.name}{_target(version)} "
            f"{TRANSITION_TITLES[State(version.state)]}"
        ),
        kind="transition",
        note=version.review_reason if returned else "",
        order=(3, version.action.position if version.action_id else 0, -version.history_id),
    )


def _correction_entry(version, previous) -> TimelineEntry:
    changes = changed_fields(previous, version, with_word_diff=True, among=CORRECTED_FIELDS)
    return TimelineEntry(
        when=version.history_date,
        who=who_changed(version),
        title=f"Progress update for {version.period.name}{_target(version)} corrected",
        kind="correction",
        changes=changes,
        note=version.correction_reason,
        order=(2, version.action.position if version.action_id else 0, -version.history_id),
    )


# Questions ---------------------------------------------------------------------------------


def _question_entry(question: Question) -> TimelineEntry:
    return TimelineEntry(
        when=question.asked_at,
        who=str(question.asked_by),
        title="Question to the lead officer",
        kind="question",
        narrative=question.text,
        order=(4, 0, -question.pk),
    )


def _answer_entry(question: Question) -> TimelineEntry:
    return TimelineEntry(
        when=question.answered_at,
        who=str(question.answered_by),
        title="Question answered",
        kind="answer",
        narrative=question.answer,
        question=question.text,
        order=(4, 1, -question.pk),
    )
