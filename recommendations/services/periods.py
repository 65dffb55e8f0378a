"""Reporting quarters: planned, opened, corrected, closed (their snapshot frozen) and reopened.

A review's quarters follow one another without overlaps or gaps: each starts the day after the one
before it ends. Only one is open at a time, and a later quarter opens only once every earlier one
has closed, so "as at" a closed quarter holds everything accepted for it or before and nothing
accepted for a later quarter. A planned quarter, or an open one no update has been started in, can
be corrected or deleted; a closed quarter can be reopened, with a reason, while no later quarter
has opened.
"""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.errors import WorkflowError
from tracker.models import User
from tracker.versioning import save_with_history

from .. import notifications, snapshots
from ..models import ReportingPeriod, Review
from ..quarters import financial_quarter

logger = logging.getLogger(__name__)

PeriodState = ReportingPeriod.State
DAY = datetime.timedelta(days=1)
NAME_LENGTH = ReportingPeriod._meta.get_field("name").max_length


def next_quarter(review: Review | None, *, today: datetime.date) -> dict:
    """What the review's next quarter would be: the UK financial quarter after its latest (or,
    for a review with none, the one today falls in), with its deadline
    (`settings.QUARTER_DEADLINE_DAYS` after it ends). The coordinator may change any of it."""
    latest = ReportingPeriod.objects.filter(review=review).order_by("-ends").first() if review else None
    quarter = financial_quarter(latest.ends + DAY) if latest else financial_quarter(today)
    deadline = quarter.ends + datetime.timedelta(days=settings.QUARTER_DEADLINE_DAYS)
    return {"name": quarter.name, "starts": quarter.starts, "ends": quarter.ends, "deadline": deadline}


def _in_words(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def reporting_period_problems(
    *,
    review: Review,
    name: str,
    starts: datetime.date,
    ends: datetime.date,
    deadline: datetime.date | None,
    period: ReportingPeriod | None = None,
) -> list[WorkflowError]:
    """Why a quarter cannot have these days and this name in its review (`period`: the quarter
    being corrected, else a new one that follows the review's latest); empty when it can."""
    problems = []
    name = name.strip()
    others = ReportingPeriod.objects.filter(review=review)
    if period is not None:
        others = others.exclude(pk=period.pk)
    if not name:
        problems.append(WorkflowError("Enter a name for the quarter", field="name"))
    elif not name.isprintable() or len(name) > NAME_LENGTH:  # it goes into email subjects
        problems.append(WorkflowError("Enter a name of one line, 50 characters or fewer", field="name"))
    elif others.filter(name=name).exists():
        problems.append(WorkflowError(f"A quarter called {name} already exists.", field="name"))
    if ends < starts:
        problems.append(WorkflowError("The quarter must end after it starts.", field="ends"))
    if deadline is not None and deadline < starts:
        problems.append(
            WorkflowError("The deadline must be on or after the quarter's start.", field="deadline")
        )
    if ends < starts:
        return problems
    overlapping = others.filter(starts__lte=ends, ends__gte=starts).order_by("starts").first()
    if overlapping is not None:
        problems.append(
            WorkflowError(
                f"These days overlap {overlapping.name} ({_in_words(overlapping.starts)} to "
                f"{_in_words(overlapping.ends)}): a quarter starts the day after the one before it ends.",
                field="starts",
            )
        )
        return problems
    before = others.filter(ends__lt=starts).order_by("-ends").first()
    after = others.filter(starts__gt=ends).order_by("starts").first()
    if period is None and after is not None:
        problems.append(
            WorkflowError(
                f"A new quarter follows the latest one, {others.order_by('-ends').first().name}: "
                f"start it on {_in_words(others.order_by('-ends').first().ends + DAY)}.",
                field="starts",
            )
        )
    elif before is not None and before.ends + DAY != starts:
        problems.append(
            WorkflowError(
                f"Start the quarter on {_in_words(before.ends + DAY)}, the day after {before.name} ends, "
                "so no days fall between quarters.",
                field="starts",
            )
        )
    elif after is not None and ends + DAY != after.starts:
        problems.append(
            WorkflowError(
                f"End the quarter on {_in_words(after.starts - DAY)}, the day before {after.name} starts, "
                "so no days fall between quarters.",
                field="ends",
            )
        )
    return problems


def _raise_first(problems: list[WorkflowError]) -> None:
    if problems:
        raise problems[0]


def _lock_review_periods(review: Review) -> None:
    # Locking the review's quarters serialises changes to them: two coordinators cannot add
    # overlapping quarters, or open two, at the same moment.
    list(ReportingPeriod.objects.select_for_update().filter(review=review).values_list("pk", flat=True))


def _refuse_unless_earlier_quarters_closed(period: ReportingPeriod) -> None:
    earlier = (
        ReportingPeriod.objects.filter(review_id=period.review_id, ends__lt=period.starts)
        .exclude(state=PeriodState.CLOSED)
        .order_by("ends")
        .first()
    )
    if earlier is not None:
        verb = "Open and close" if earlier.state == PeriodState.PLANNED else "Close"
        raise WorkflowError(f"{verb} {earlier.name} before opening {period.name}.", field="name")


def _save_new(period: ReportingPeriod, *, reason: str, by: User | None) -> None:
    try:
        with transaction.atomic():
            save_with_history(period, reason=reason, by=by)
    except IntegrityError:
        # Another coordinator opened a quarter (or used this name) at the same moment.
        raise WorkflowError(
            "Another quarter was added at the same moment: look at the quarters again.", field="name"
        ) from None


@transaction.atomic
def reporting_period_plan(
    *,
    review: Review,
    name: str,
    starts: datetime.date,
    ends: datetime.date,
    deadline: datetime.date | None,
    by: User,
) -> ReportingPeriod:
    """Add the review's next quarter as planned: in the list, not yet open for updates."""
    _lock_review_periods(review)
    _raise_first(
        reporting_period_problems(review=review, name=name, starts=starts, ends=ends, deadline=deadline)
    )
    period = ReportingPeriod(
        review=review,
        name=name.strip(),
        starts=starts,
        ends=ends,
        deadline=deadline,
        state=PeriodState.PLANNED,
    )
    _save_new(period, reason="Planned", by=by)
    return period


@transaction.atomic
def reporting_period_open(
    *,
    review: Review,
    name: str,
    starts: datetime.date,
    ends: datetime.date,
    deadline: datetime.date | None,
    by: User,
) -> ReportingPeriod:
    """Add the review's next quarter and open it for updates; each officer with items due is told."""
    _lock_review_periods(review)
    already_open = ReportingPeriod.objects.filter(review=review).open().order_by("pk").first()
    if already_open is not None:
        raise WorkflowError(f"Close {already_open.name} before opening another quarter.", field="name")
    _raise_first(
        reporting_period_problems(review=review, name=name, starts=starts, ends=ends, deadline=deadline)
    )
    period = ReportingPeriod(
        review=review, name=name.strip(), starts=starts, ends=ends, deadline=deadline, state=PeriodState.OPEN
    )
    _refuse_unless_earlier_quarters_closed(period)
    _save_new(period, reason="Opened for updates", by=by)
    _tell_officers(period)
    return period


def _tell_officers(period: ReportingPeriod) -> None:
    """Queue the quarter's opening emails with the quarter (they go once it commits, by the email
    worker); `period.emails_queued` says how many. If queueing fails the quarter opens all the
    same and `emails_queued` stays None, so the coordinator is told that, not that officers were
    emailed."""
    period.emails_queued = None
    try:
        with transaction.atomic():
            period.emails_queued = notifications.quarter_opened(period)
    except Exception:
        logger.exception("The emails opening %s could not be queued", period.name)


@transaction.atomic
def reporting_period_open_planned(*, period: ReportingPeriod, by: User) -> ReportingPeriod:
    """Open a planned quarter for updates; each officer with items due is told."""
    _lock_review_periods(period.review)
    period = ReportingPeriod.objects.get(pk=period.pk)
    if not period.can_move_to(PeriodState.OPEN):
        raise WorkflowError(f"{period.name} is {period.get_state_display().lower()}: it cannot be opened.")
    already_open = ReportingPeriod.objects.filter(review_id=period.review_id).open().first()
    if already_open is not None:
        raise WorkflowError(f"Close {already_open.name} before opening {period.name}.")
    _refuse_unless_earlier_quarters_closed(period)
    period.state = PeriodState.OPEN
    save_with_history(period, reason="Opened for updates", by=by)
    _tell_officers(period)
    return period


def _refuse_unless_correctable(period: ReportingPeriod, verb: str) -> None:
    if period.state not in (PeriodState.PLANNED, PeriodState.OPEN):
        raise WorkflowError(
            f"{period.name} is {period.get_state_display().lower()}: "
            f"only a planned or open quarter can be {verb}."
        )
    if period.updates.exists() or period.panel_recommendation_updates.exists():
        raise WorkflowError(f"Updates have been started in {period.name}: it can no longer be {verb}.")


@transaction.atomic
def reporting_period_edit(
    *,
    period: ReportingPeriod,
    name: str,
    starts: datetime.date,
    ends: datetime.date,
    deadline: datetime.date | None,
    by: User,
) -> ReportingPeriod:
    """Correct a planned quarter, or an open one no update has been started in."""
    _lock_review_periods(period.review)
    period = ReportingPeriod.objects.get(pk=period.pk)
    _refuse_unless_correctable(period, "changed")
    _raise_first(
        reporting_period_problems(
            review=period.review, name=name, starts=starts, ends=ends, deadline=deadline, period=period
        )
    )
    period.name, period.starts, period.ends, period.deadline = name.strip(), starts, ends, deadline
    save_with_history(period, reason="Corrected", by=by)
    return period


@transaction.atomic
def reporting_period_delete(*, period: ReportingPeriod, by: User) -> None:
    """Delete a planned quarter, or an open one no update has been started in: the review's latest."""
    _lock_review_periods(period.review)
    period = ReportingPeriod.objects.get(pk=period.pk)
    _refuse_unless_correctable(period, "deleted")
    if ReportingPeriod.objects.filter(review_id=period.review_id, starts__gt=period.ends).exists():
        raise WorkflowError(f"Delete the quarters after {period.name} first: quarters follow one another.")
    period._change_reason = "Deleted"
    period._history_user = by
    period.delete()


@transaction.atomic
def reporting_period_close(*, period: ReportingPeriod, by: User) -> ReportingPeriod:
    """Close a quarter: its updates become read-only and its snapshot is frozen."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.can_move_to(PeriodState.CLOSED):
        raise WorkflowError(f"{period.name} is not open.")
    waiting = period.updates.awaiting_review().count()
    if waiting:
        raise WorkflowError(
            f"Accept or return the {waiting} submitted update{'s' if waiting != 1 else ''} "
            f"before closing {period.name}."
        )
    period.state = PeriodState.CLOSED
    period.closed_at = timezone.now()
    save_with_history(period, reason="Closed", by=by)
    snapshots.freeze(period)
    return period


@transaction.atomic
def reporting_period_reopen(*, period: ReportingPeriod, by: User, reason: str) -> ReportingPeriod:
    """Reopen a closed quarter to correct it, with the reason; until it closes again it reads as
    it is now, and closing it again freezes it anew. Only the latest quarter to have opened, and
    only while no other is open."""
    _lock_review_periods(period.review)
    period = ReportingPeriod.objects.get(pk=period.pk)
    if not reason.strip():
        raise WorkflowError("Enter why the quarter is being reopened.", field="reason")
    if not period.can_move_to(PeriodState.REOPENED):
        raise WorkflowError(f"{period.name} is not closed.")
    later = (
        ReportingPeriod.objects.filter(review_id=period.review_id, starts__gt=period.ends)
        .reported()
        .order_by("starts")
        .first()
    )
    if later is not None:
        raise WorkflowError(
            f"{later.name} has opened since: only the latest quarter to have opened can be reopened."
        )
    already_open = ReportingPeriod.objects.filter(review_id=period.review_id).open().first()
    if already_open is not None:
        raise WorkflowError(f"Close {already_open.name} before reopening {period.name}.")
    period.state = PeriodState.REOPENED
    save_with_history(period, reason=f"Reopened: {reason.strip()}", by=by)
    snapshots.unfreeze(period)
    return period
