"""Writes and state transitions of the quarterly update workflow, each in one transaction.

Every service records a change reason on the history rows it writes, and raises `WorkflowError`
(with a message fit to show the user, and the form field it belongs to) when the move is refused;
a refused move changes nothing.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from tracker.errors import WorkflowError
from tracker.models import User
from tracker.versioning import check_version, save_with_history

from . import notifications
from .models import (
    EvidenceFile,
    Officer,
    ProgressUpdate,
    ProposedAction,
    Question,
    Recommendation,
    ReportingPeriod,
    Review,
    Status,
)
from .timescales import TimescaleError, parse_timescale

State = ProgressUpdate.State


# Reporting periods -------------------------------------------------------------------------


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
    """Open a new reporting quarter for updates and tell each officer with items due."""
    already_open = (
        ReportingPeriod.objects.select_for_update().filter(review=review).open().order_by("pk").first()
    )
    if already_open is not None:
        raise WorkflowError(f"Close {already_open.name} before opening another quarter.", field="name")
    if ReportingPeriod.objects.filter(review=review, name=name).exists():
        raise WorkflowError(f"A quarter called {name} already exists.", field="name")
    if ends < starts:
        raise WorkflowError("The quarter must end after it starts.", field="ends")
    if deadline is not None and deadline < starts:
        raise WorkflowError("The deadline must be on or after the quarter's start.", field="deadline")
    period = ReportingPeriod(
        review=review,
        name=name,
        starts=starts,
        ends=ends,
        deadline=deadline,
        state=ReportingPeriod.State.OPEN,
    )
    try:
        with transaction.atomic():
            save_with_history(period, reason="Opened for updates", by=by)
    except IntegrityError:
        # Another coordinator opened a quarter (or used this name) at the same moment.
        raise WorkflowError(
            "Another quarter was opened at the same moment: look at the quarters again.", field="name"
        ) from None
    transaction.on_commit(lambda: notifications.quarter_opened(period), robust=True)
    return period


@transaction.atomic
def reporting_period_close(*, period: ReportingPeriod, by: User) -> ReportingPeriod:
    """Close a quarter: its updates become read-only."""
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != ReportingPeriod.State.OPEN:
        raise WorkflowError(f"{period.name} is not open.")
    waiting = period.updates.awaiting_review().count()
    if waiting:
        raise WorkflowError(
            f"Accept or return the {waiting} submitted update{'s' if waiting != 1 else ''} "
            f"before closing {period.name}."
        )
    period.state = ReportingPeriod.State.CLOSED
    save_with_history(period, reason="Closed", by=by)
    return period


# Lead officers -----------------------------------------------------------------------------


@transaction.atomic
def recommendation_assign_lead_officer(
    *, recommendation: Recommendation, officer: Officer | None, by: User, expected_version: int | None = None
) -> Recommendation:
    """Assign (or clear) the officer accountable for a recommendation."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_version(recommendation, expected_version)
    recommendation.lead_officer = officer
    recommendation.version += 1
    reason = f"Lead officer assigned: {officer}" if officer else "Lead officer removed"
    save_with_history(recommendation, reason=reason, by=by)
    return recommendation


# Progress updates --------------------------------------------------------------------------


def _open_period_for(period: ReportingPeriod) -> ReportingPeriod:
    # Locking the period row serialises writes to its updates: no two first drafts of the same
    # update can both be inserted, and the quarter cannot close under a save.
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != ReportingPeriod.State.OPEN:
        raise WorkflowError(f"{period.name} is closed: its updates can no longer be changed.")
    return period


@transaction.atomic
def progress_update_save(
    *,
    recommendation: Recommendation,
    action: ProposedAction | None,
    period: ReportingPeriod,
    by: User,
    narrative: str,
    status: str,
    rag: str,
    revised_timescale: str = "",
    evidence_links: str = "",
    evidence_files=(),
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Save the draft of this quarter's update for a recommendation (or one of its actions).

    `expected_version` is the version the form was opened on; if someone saved since, nothing is
    written and `ConflictError` carries their version.
    """
    period = _open_period_for(period)
    if action is not None and action.recommendation_id != recommendation.pk:
        raise WorkflowError("That action belongs to another recommendation.")
    update = (
        ProgressUpdate.objects.select_for_update()
        .filter(period=period, recommendation=recommendation, action=action)
        .order_by("pk")
        .first()
    )
    if update is None:
        if expected_version not in (None, 0):
            # The form was opened on an update that has since disappeared: treat as a conflict.
            raise WorkflowError("This update no longer exists; start it again.")
        update = ProgressUpdate(
            recommendation=recommendation, action=action, period=period, author=by, version=0
        )
        reason = "Draft started"
    else:
        if not update.is_editable:
            raise WorkflowError(
                f"This update is {update.get_state_display().lower()}: it can be changed only if the "
                "coordinator returns it."
            )
        check_version(update, expected_version)
        reason = "Draft saved" if update.state == State.DRAFT else "Returned update revised"
    update.narrative = narrative
    update.status = status
    update.rag = rag
    update.revised_timescale = revised_timescale.strip()
    try:
        update.revised_due_date = parse_timescale(update.revised_timescale).due
    except TimescaleError as error:
        raise WorkflowError(str(error), field="revised_timescale") from error
    update.evidence_links = evidence_links.strip()
    update.version += 1
    save_with_history(update, reason=reason, by=by)
    for uploaded in evidence_files:
        evidence = EvidenceFile(
            update=update,
            file=uploaded,
            name=uploaded.name[:255],
            size=uploaded.size,
            content_type=getattr(uploaded, "content_type", "") or "",
            uploaded_by=by,
        )
        save_with_history(evidence, reason="Evidence attached", by=by)
    return update


@transaction.atomic
def progress_update_submit(
    *, update: ProgressUpdate, by: User, expected_version: int | None = None
) -> ProgressUpdate:
    """Send an update to the coordinator for review."""
    _open_period_for(update.period)
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    check_version(update, expected_version)
    if not update.can_move_to(State.SUBMITTED):
        raise WorkflowError(f"This update is {update.get_state_display().lower()} and cannot be submitted.")
    if not update.narrative.strip():
        raise WorkflowError("Enter the progress made this quarter before submitting.", field="narrative")
    if update.status == Status.COMPLETED and not update.has_evidence:
        raise WorkflowError(
            "A completed recommendation needs evidence: add a link or a file before submitting.",
            field="evidence_links",
        )
    update.state = State.SUBMITTED
    update.submitted_at = timezone.now()
    update.version += 1
    save_with_history(update, reason="Submitted for review", by=by)
    transaction.on_commit(lambda: notifications.update_submitted(update), robust=True)
    return update


@transaction.atomic
def progress_update_accept(
    *,
    update: ProgressUpdate,
    by: User,
    note: str = "",
    completion_verified: bool = False,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Accept a submitted update: it becomes the official status, RAG and progress.

    `expected_version` is the version the coordinator reviewed: one revised and resubmitted since
    is not accepted unseen (`ConflictError`).
    """
    update = ProgressUpdate.objects.select_for_update().select_related("period").get(pk=update.pk)
    if not update.can_move_to(State.ACCEPTED):
        raise WorkflowError(f"This update is {update.get_state_display().lower()} and cannot be accepted.")
    check_version(update, expected_version)
    if update.status == Status.COMPLETED:
        if not update.has_evidence:
            raise WorkflowError("A completion cannot be accepted without evidence: return it instead.")
        if not completion_verified:
            raise WorkflowError(
                "Confirm you have checked the evidence for this completion, or return the update.",
                field="completion_verified",
            )
    update.state = State.ACCEPTED
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    update.review_reason = note.strip()
    update.completion_verified = update.status == Status.COMPLETED and completion_verified
    update.version += 1
    reason = "Accepted, completion verified" if update.completion_verified else "Accepted"
    save_with_history(update, reason=reason, by=by)
    _apply_to_record(update, by, reason=f"{update.period.name} update accepted")
    return update


def _apply_to_record(update: ProgressUpdate, by: User, *, reason: str) -> None:
    recommendation = Recommendation.objects.select_for_update().get(pk=update.recommendation_id)
    if update.action_id is None:
        recommendation.status = update.status
        recommendation.rag = update.rag
        recommendation.progress = update.narrative
        recommendation.version += 1
        save_with_history(recommendation, reason=reason, by=by)
        return
    action = ProposedAction.objects.select_for_update().get(pk=update.action_id)
    action.status = update.status
    action.progress = update.narrative
    if update.revised_timescale:
        if action.original_due_date is None:
            action.original_due_date = action.due_date
        action.timescale = update.revised_timescale
        action.due_date = update.revised_due_date
    save_with_history(action, reason=reason, by=by)


@transaction.atomic
def progress_update_return(
    *, update: ProgressUpdate, by: User, reason: str, expected_version: int | None = None
) -> ProgressUpdate:
    """Return a submitted update to its author with the reason; the record is unchanged.

    `expected_version` is the version the coordinator reviewed (see `progress_update_accept`).
    """
    update = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if not reason.strip():
        raise WorkflowError("Enter why the update is being returned.", field="reason")
    if not update.can_move_to(State.RETURNED):
        raise WorkflowError(f"This update is {update.get_state_display().lower()} and cannot be returned.")
    check_version(update, expected_version)
    update.state = State.RETURNED
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    update.review_reason = reason.strip()
    update.version += 1
    save_with_history(update, reason=f"Returned: {reason.strip()}", by=by)
    transaction.on_commit(lambda: notifications.update_returned(update), robust=True)
    return update


# Questions ---------------------------------------------------------------------------------


@transaction.atomic
def question_ask(*, recommendation: Recommendation, by: User, text: str) -> Question:
    """Put a panel member's question to the recommendation's lead officer."""
    if not text.strip():
        raise WorkflowError("Enter your question.", field="text")
    question = Question(
        recommendation=recommendation, text=text.strip(), asked_by=by, asked_at=timezone.now()
    )
    save_with_history(question, reason="Question asked", by=by)
    transaction.on_commit(lambda: notifications.question_asked(question), robust=True)
    return question


@transaction.atomic
def question_answer(*, question: Question, by: User, answer: str) -> Question:
    """Record the lead officer's answer to a question."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    if question.answered_at is not None:
        raise WorkflowError("This question has already been answered.")
    if not answer.strip():
        raise WorkflowError("Enter your answer.", field="answer")
    question.answer = answer.strip()
    question.answered_by = by
    question.answered_at = timezone.now()
    save_with_history(question, reason="Question answered", by=by)
    transaction.on_commit(lambda: notifications.question_answered(question), robust=True)
    return question


# Reminders ---------------------------------------------------------------------------------


REMINDER_LEAD = datetime.timedelta(days=7)


@transaction.atomic
def reminders_send(*, today: datetime.date) -> int:
    """Remind officers of updates not yet submitted, once per quarter, from a week before the deadline.

    The quarter is marked reminded and the emails go once that is committed: a failure to mark
    sends nothing, so a later run never repeats what already went.
    """
    messages = []
    periods = (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .open()
        .filter(
            deadline__isnull=False,
            deadline__gte=today,
            deadline__lte=today + REMINDER_LEAD,
            reminders_sent_at__isnull=True,
        )
    )
    for period in periods:
        messages += notifications.reminder_messages(period, today=today)
        period.reminders_sent_at = timezone.now()
        save_with_history(period, reason="Reminders sent", by=None)
    transaction.on_commit(lambda: notifications.send(messages), robust=True)
    return len(messages)
