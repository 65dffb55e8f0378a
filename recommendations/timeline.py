"""A recommendation's timeline, quarter by quarter: newest quarter first, the baseline last.

Each reporting quarter gathers what happened in it: the recorded history of the recommendation and
its proposed actions (who, when, why, what changed), each accepted progress update with its
word-by-word difference from the previous accepted update of the same recommendation or action,
the workflow moves of this recommendation's updates (submitted, returned with the reason), and
the panel's questions and the answers. Drafts, and the narrative of any update not accepted, are
never shown.

Newest first because the page is read to answer "what changed since last quarter?": the latest
quarter sits just under the actions, and the 2009 action plan, which every reader already knows,
is at the end.

Six queries whatever the number of actions, versions, updates or questions (five when the
questions are passed in): every list is read once and paired up in memory.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.utils import timezone
from django.utils.text import slugify

from .diffs import Piece, word_diff
from .models import ProgressUpdate, ProposedAction, Question, Recommendation, ReportingPeriod
from .quarters import financial_quarter
from .versions import FROM_REPORT, FieldChange, changed_fields, who_changed

BASELINE = "Action plan (baseline)"

# The reason services.progress_update_accept writes on the record an accepted update changes.
ACCEPTED_REASON_SUFFIX = " update accepted"

State = ProgressUpdate.State


@dataclass(frozen=True)
class TimelineEntry:
    """Something that happened to a recommendation: when, who, what.

    `kind` is "change" (a recorded version), "update" (an accepted progress update), "transition"
    (an update submitted or returned), "question" or "answer".
    """

    when: datetime.datetime
    who: str
    title: str
    kind: str = "change"
    changes: tuple[FieldChange, ...] = ()
    narrative: str = ""
    status: str = ""
    status_label: str = ""
    rag: str = ""
    rag_label: str = ""
    reviewer: str = ""
    note: str = ""
    # The accepted update's difference from the previous accepted one, and that one's quarter.
    diff: tuple[Piece, ...] = ()
    previous_period: str = ""
    # For an answer: the question it answers.
    question: str = ""
    # Orders entries made at the same moment: the recommendation, its actions by position, then
    # updates, their moves and questions.
    order: tuple = field(default=(), compare=False, repr=False)

    @property
    def narrative_changed(self) -> bool:
        return any(piece.kind != "equal" for piece in self.diff)


@dataclass
class QuarterGroup:
    """The timeline entries of one reporting quarter, or of the baseline action plan."""

    name: str
    ends: datetime.date
    entries: list[TimelineEntry] = field(default_factory=list)

    @property
    def is_baseline(self) -> bool:
        return self.name == BASELINE

    @property
    def anchor(self) -> str:
        return "quarter-baseline" if self.is_baseline else f"quarter-{slugify(self.name.replace('/', '-'))}"


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
    accepted_updates = (
        ProgressUpdate.objects.filter(recommendation=recommendation)
        .accepted()
        .select_related("period", "author", "reviewed_by", "action")
    )
    update_versions = (
        ProgressUpdate.history.filter(recommendation_id=recommendation.pk)
        .select_related("history_user", "period", "action")
        .order_by("id", "history_date", "history_id")
    )
    if questions is None:
        questions = Question.objects.filter(recommendation=recommendation).select_related(
            "asked_by", "answered_by"
        )
    quarters = Quarters(ReportingPeriod.objects.filter(review_id=recommendation.review_id))

    for version, entry in _version_entries(recommendation_versions, kind=0):
        quarters.for_version(version).entries.append(entry)
    for _, versions in groupby(action_versions, key=lambda version: version.id):
        for version, entry in _version_entries(versions, kind=1):
            quarters.for_version(version).entries.append(entry)
    for update, entry in _accepted_update_entries(accepted_updates):
        quarters.for_period(update.period).entries.append(entry)
    for _, versions in groupby(update_versions, key=lambda version: version.id):
        for version, entry in _transition_entries(versions):
            quarters.for_period(version.period).entries.append(entry)
    for question in questions:
        quarters.for_moment(question.asked_at).entries.append(_question_entry(question))
        if question.answered_at is not None:
            quarters.for_moment(question.answered_at).entries.append(_answer_entry(question))
    return quarters.newest_first()


# Quarters ----------------------------------------------------------------------------------


class Quarters:
    """Places entries in the reporting quarter they belong to.

    An update and its moves belong to the update's quarter, as does the change its acceptance
    made to the record (even when accepted after the quarter ended). Anything else goes by its
    date: into the reporting period that covers it; before the first period began, into the
    baseline action plan; otherwise into the financial-year quarter of its date.
    """

    def __init__(self, periods: Iterable[ReportingPeriod], *, reason_suffixes=(ACCEPTED_REASON_SUFFIX,)):
        # A change whose reason is "<quarter><suffix>" belongs to that quarter, whatever its date.
        self.reason_suffixes = reason_suffixes
        self.periods = sorted(periods, key=lambda period: (period.starts, period.ends))
        self.periods_by_name = {period.name: period for period in self.periods}
        self.groups: dict[str, QuarterGroup] = {}

    def group(self, name: str, ends: datetime.date) -> QuarterGroup:
        if name not in self.groups:
            self.groups[name] = QuarterGroup(name=name, ends=ends)
        return self.groups[name]

    def for_period(self, period: ReportingPeriod) -> QuarterGroup:
        return self.group(period.name, period.ends)

    def for_version(self, version) -> QuarterGroup:
        reason = version.history_change_reason or ""
        for suffix in self.reason_suffixes:
            period = (
                self.periods_by_name.get(reason.removesuffix(suffix)) if reason.endswith(suffix) else None
            )
            if period is not None:
                return self.for_period(period)
        return self.for_moment(version.history_date)

    def for_moment(self, when: datetime.datetime) -> QuarterGroup:
        day = timezone.localdate(when)
        if not self.periods or day < self.periods[0].starts:
            return self.group(BASELINE, datetime.date.min)
        for period in self.periods:
            if period.starts <= day <= period.ends:
                return self.for_period(period)
        quarter = financial_quarter(day)
        return self.group(quarter.name, quarter.ends)

    def newest_first(self) -> list[QuarterGroup]:
        groups = sorted(self.groups.values(), key=lambda group: group.ends, reverse=True)
        for group in groups:
            group.entries.sort(key=lambda entry: (-entry.when.timestamp(), entry.order))
        return groups


# Recorded versions -------------------------------------------------------------------------


def _version_entries(versions: Iterable, *, kind: int) -> Iterator[tuple[object, TimelineEntry]]:
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


def _target(update) -> str:
    return f" on proposed action {update.action.position}" if update.action_id else ""


def _accepted_update_entries(
    updates: Iterable[ProgressUpdate],
) -> Iterator[tuple[ProgressUpdate, TimelineEntry]]:
    """Each accepted update, with its difference from the previous accepted update of the same
    recommendation (or of the same action)."""

    def in_order(update):
        return (update.action_id or 0, update.period.ends, _accepted_when(update), update.pk)

    updates = sorted(updates, key=in_order)
    for _, same_target in groupby(updates, key=lambda update: update.action_id):
        previous = None
        for update in same_target:
            if previous is None and update.action_id is None:
                previous = combined_action_updates(updates, before=update.period)
            yield update, _update_entry(update, previous)
            previous = update


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


def _update_entry(update: ProgressUpdate, previous: ProgressUpdate | None) -> TimelineEntry:
    if update.author:
        who = str(update.author)
    elif update.reported_by_text:
        who = f"{FROM_REPORT} ({update.reported_by_text})"
    else:
        who = FROM_REPORT
    reviewer = str(update.reviewed_by) if update.reviewed_by else FROM_REPORT
    if update.completion_verified:
        reviewer = f"{reviewer}, who verified the completion"

    return TimelineEntry(
        when=_accepted_when(update),
        who=who,
        title=f"Progress update for {update.period.name}{_target(update)} accepted",
        kind="update",
        narrative=update.narrative,
        status=update.status,
        status_label=update.get_status_display(),
        rag=update.rag,
        rag_label=update.get_rag_display(),
        reviewer=reviewer,
        note=update.review_reason,
        diff=tuple(word_diff(previous.narrative, update.narrative)) if previous else (),
        previous_period=previous.period.name if previous else "",
        order=(2, update.action.position if update.action_id else 0, -update.pk),
    )


# Moves an update made on its way to acceptance. Acceptance itself is the accepted update's own
# entry; drafts (started, saved, revised) are never shown.
TRANSITION_TITLES = {
    State.SUBMITTED: "submitted for review",
    State.RETURNED: "returned to its author",
}


def _transition_entries(versions: Iterable) -> Iterator[tuple[object, TimelineEntry]]:
    """Each time one update moved to submitted or returned, from its recorded versions."""
    previous_state = None
    for version in versions:
        if version.state != previous_state and version.state in TRANSITION_TITLES:
            yield version, _transition_entry(version)
        previous_state = version.state


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
