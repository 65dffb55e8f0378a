"""A timeline's shapes (`TimelineEntry`, `QuarterGroup`), and which quarter an entry is filed
under: only quarters that exist, never one made up.

- An update, its moves and corrections belong to the update's own quarter, and so does each change
  it made to the record (the record's history row says "<quarter> update accepted"), even when it
  was accepted after the quarter ended.
- Anything else (a lead officer assigned, a question, an answer, an edit) belongs to the quarter
  that was open for updates at the time, from when it opened to when it closed (as its history
  records), or else the quarter whose days it falls in. Between quarters, it is filed under the
  next quarter, marked "between quarters"; after the latest quarter, under that quarter, marked
  "after it closed" (or "after its last day" while it is still open). Before the first quarter
  began, it is the baseline action plan.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.text import slugify

from .diffs import Piece
from .models import ReportingPeriod
from .versions import FieldChange

BASELINE = "Action plan (baseline)"
BETWEEN_QUARTERS = "between quarters"
AFTER_IT_CLOSED = "after it closed"
AFTER_ITS_LAST_DAY = "after its last day"

# The reasons written on the records an accepted or corrected update changes ("2010/11 Q3 update
# accepted"): services.updates writes them, this reads the quarter back from them.
RECORD_CHANGE_SUFFIXES = (" update accepted", " update corrected")


@dataclass(frozen=True)
class TimelineEntry:
    """Something that happened to a recommendation: when, who, what.

    `kind` is "change" (a recorded version), "update" (an accepted progress update), "correction"
    (an accepted update corrected), "transition" (an update submitted or returned), "question" or
    "answer". `placed` notes an entry that fell between quarters.
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
    author: str = ""
    revised_timescale: str = ""
    note: str = ""
    placed: str = ""
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
    entries: list = field(default_factory=list)

    @property
    def is_baseline(self) -> bool:
        return self.name == BASELINE

    @property
    def anchor(self) -> str:
        return "quarter-baseline" if self.is_baseline else f"quarter-{slugify(self.name.replace('/', '-'))}"


@dataclass(frozen=True)
class Placement:
    """Where an entry goes: its quarter's group, and a note when it fell outside the quarter's
    open days ("between quarters", "after it closed")."""

    group: QuarterGroup
    note: str = ""


class Quarters:
    """Places entries in the reporting quarter they belong to (see the module's rules).

    `periods` are the review's quarters; `period_versions` their history rows, oldest first, which
    say when each opened and closed. `reason_suffixes` name the changes filed by their reason.
    """

    def __init__(
        self,
        periods: Iterable[ReportingPeriod],
        period_versions: Iterable = (),
        *,
        reason_suffixes=RECORD_CHANGE_SUFFIXES,
    ):
        self.reason_suffixes = reason_suffixes
        self.periods = sorted(periods, key=lambda period: (period.starts, period.ends))
        self.periods_by_name = {period.name: period for period in self.periods}
        self.groups: dict[str, QuarterGroup] = {}
        self.open_days = _open_intervals(self.periods, period_versions)

    def group(self, name: str, ends: datetime.date) -> QuarterGroup:
        if name not in self.groups:
            self.groups[name] = QuarterGroup(name=name, ends=ends)
        return self.groups[name]

    def for_period(self, period: ReportingPeriod) -> QuarterGroup:
        return self.group(period.name, period.ends)

    def period_named_by(self, reason: str) -> ReportingPeriod | None:
        """The quarter a record change's reason names ("2010/11 Q3 update accepted…"), if any."""
        for suffix in self.reason_suffixes:
            name, found, _ = reason.partition(suffix)
            if found and name in self.periods_by_name:
                return self.periods_by_name[name]
        return None

    def for_version(self, version) -> Placement:
        period = self.period_named_by(version.history_change_reason or "")
        if period is not None:
            return Placement(self.for_period(period))
        return self.for_moment(version.history_date)

    def for_moment(self, when: datetime.datetime) -> Placement:
        # The quarter open at the time, as its history records; else the quarter whose days it
        # falls in (a quarter recorded without its opening).
        for period in self.periods:
            for opened, closed in self.open_days.get(period.pk, ()):
                if opened <= when and (closed is None or when <= closed):
                    return Placement(self.for_period(period))
        day = timezone.localdate(when)
        for period in self.periods:
            if period.starts <= day <= period.ends:
                return Placement(self.for_period(period))
        if not self.periods or when < self.began:
            return Placement(self.group(BASELINE, datetime.date.min))
        for period in self.periods:
            if self.beginning(period) > when:
                return Placement(self.for_period(period), BETWEEN_QUARTERS)
        latest = self.periods[-1]
        return Placement(self.for_period(latest), AFTER_IT_CLOSED if latest.is_frozen else AFTER_ITS_LAST_DAY)

    def beginning(self, period: ReportingPeriod) -> datetime.datetime:
        """When a quarter began: its first day, or its opening if that came first."""
        first_day = timezone.make_aware(datetime.datetime.combine(period.starts, datetime.time.min))
        openings = [opened for opened, _ in self.open_days.get(period.pk, ())]
        return min([first_day, *openings])

    @property
    def began(self) -> datetime.datetime:
        """When the first quarter began: anything before is the baseline action plan."""
        return self.beginning(self.periods[0])

    def newest_first(self) -> list[QuarterGroup]:
        groups = sorted(self.groups.values(), key=lambda group: group.ends, reverse=True)
        for group in groups:
            group.entries.sort(key=lambda entry: (-entry.when.timestamp(), entry.order))
        return groups


def _open_intervals(
    periods, period_versions
) -> dict[int, list[tuple[datetime.datetime, datetime.datetime | None]]]:
    """Each quarter's open days, from its history: each move into open (or reopened) starts an
    interval and each move into closed ends it. A quarter recorded already closed (a seed quarter)
    has none: its calendar days stand in for them."""
    open_states = set(ReportingPeriod.OPEN_STATES)
    intervals: dict[int, list] = {}
    previous_state: dict[int, str] = {}
    for version in period_versions:
        state, was = version.state, previous_state.get(version.id)
        spans = intervals.setdefault(version.id, [])
        if state in open_states and was not in open_states:
            spans.append([version.history_date, None])
        elif state == ReportingPeriod.State.CLOSED and spans and spans[-1][1] is None:
            spans[-1][1] = version.history_date
        previous_state[version.id] = state
    return {pk: [tuple(span) for span in spans] for pk, spans in intervals.items() if spans}
