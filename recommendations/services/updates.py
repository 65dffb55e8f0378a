"""The quarterly update workflow: an officer saves and submits, the coordinator accepts or returns,
and an accepted update, final, is only ever corrected with a reason.

Only accepting (or correcting) an update changes the official record; the history row of each
record it changes carries "<quarter> update accepted" (or "corrected"), which files the change
under the update's quarter on the timeline.
"""

from django.db import transaction
from django.utils import timezone

from tracker.errors import WorkflowError
from tracker.models import User
from tracker.versioning import check_version, save_with_history

from .. import notifications
from ..models import (
    CLOSED_STATUSES,
    NARRATIVE_MAX_LENGTH,
    EvidenceFile,
    Officer,
    ProgressUpdate,
    ProposedAction,
    Rag,
    Recommendation,
    ReportingPeriod,
    Status,
)
from ..timescales import TimescaleError, parse_timescale
from .evidence import evidence_file_attach

State = ProgressUpdate.State

# The reasons written on the records an accepted (or corrected) update changes.
ACCEPTED_REASON_SUFFIX = " update accepted"
CORRECTED_REASON_SUFFIX = " update corrected"


def _open_period_for(period: ReportingPeriod) -> ReportingPeriod:
    # Locking the period row serialises writes to its updates: no two first drafts of the same
    # update can both be inserted, and the quarter cannot close under a save.
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if not period.is_open:
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
    remove_evidence=(),
    on_behalf_of: Officer | None = None,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Save the draft of this quarter's update for a recommendation (or one of its actions).

    A draft may leave anything blank (the status and RAG too); submitting asks for what is missing.
    `on_behalf_of` is the lead officer the coordinator records it for. `remove_evidence` are ids of
    the draft's evidence files to take off it. `expected_version` is the version the form was
    opened on; if someone saved since, nothing is written and `ConflictError` carries their version.
    """
    period = _open_period_for(period)
    if action is not None and action.recommendation_id != recommendation.pk:
        raise WorkflowError("That action belongs to another recommendation.")
    if status not in ("", *Status.values):
        raise WorkflowError("Select one of the statuses listed", field="status")
    if rag not in ("", *Rag.values):
        raise WorkflowError("Select one of the RAG ratings listed", field="rag")
    if len(narrative) > NARRATIVE_MAX_LENGTH:
        raise WorkflowError(
            f"The progress must be {NARRATIVE_MAX_LENGTH:,} characters or fewer", field="narrative"
        )
    if (
        on_behalf_of is not None
        and not recommendation.lead_officers_of(action).filter(pk=on_behalf_of.pk).exists()
    ):
        raise WorkflowError(
            f"{on_behalf_of} does not lead this: choose its lead officer", field="on_behalf_of"
        )
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
        reason = "Draft started" if on_behalf_of is None else f"Draft started on behalf of {on_behalf_of}"
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
    if on_behalf_of is not None:
        update.on_behalf_of = on_behalf_of
    update.version += 1
    save_with_history(update, reason=reason, by=by)
    for evidence in update.evidence_files.filter(pk__in=list(remove_evidence)):
        stored = evidence.file.name
        evidence._change_reason = "Evidence removed from the draft"
        evidence._history_user = by
        evidence.delete()
        transaction.on_commit(lambda stored=stored: EvidenceFile.file.field.storage.delete(stored))
    for uploaded in evidence_files:
        evidence_file_attach(update=update, uploaded=uploaded, by=by)
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
    if not update.status:
        raise WorkflowError("Select the status of the work before submitting.", field="status")
    if not update.rag:
        raise WorkflowError("Select a RAG rating before submitting.", field="rag")
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
    complete_recommendation: bool = False,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Accept a submitted update: it becomes the official status, RAG and progress.

    `expected_version` is the version the coordinator reviewed: one revised and resubmitted since
    is not accepted unseen (`ConflictError`). `complete_recommendation`, for an update completing
    a recommendation's last open action, also marks the recommendation completed (the coordinator
    decides: the record never derives it).
    """
    update = ProgressUpdate.objects.select_related("period").get(pk=update.pk)
    _open_period_for(update.period)
    update = ProgressUpdate.objects.select_for_update().select_related("period").get(pk=update.pk)
    if not update.can_move_to(State.ACCEPTED):
        raise WorkflowError(f"This update is {update.get_state_display().lower()} and cannot be accepted.")
    check_version(update, expected_version)
    if update.author_id == by.pk and not update.is_on_behalf:
        raise WorkflowError(
            "You wrote this update, so someone else reviews it: another coordinator must accept it."
        )
    _check_completion(update, completion_verified)
    update.state = State.ACCEPTED
    update.reviewed_by = by
    update.reviewed_at = timezone.now()
    update.review_reason = note.strip()
    update.completion_verified = update.status == Status.COMPLETED and completion_verified
    update.version += 1
    reason = "Accepted, completion verified" if update.completion_verified else "Accepted"
    save_with_history(update, reason=reason, by=by)
    _apply_to_record(update, by, reason=f"{update.period.name}{ACCEPTED_REASON_SUFFIX}")
    if complete_recommendation:
        _complete_recommendation(update, by)
    transaction.on_commit(lambda: notifications.update_accepted(update), robust=True)
    return update


def _check_completion(update: ProgressUpdate, completion_verified: bool) -> None:
    if update.status != Status.COMPLETED:
        return
    if not update.has_evidence:
        raise WorkflowError("A completion cannot be accepted without evidence: return it instead.")
    if not completion_verified:
        raise WorkflowError(
            "Confirm you have checked the evidence for this completion, or return the update.",
            field="completion_verified",
        )


def completes_last_open_action(update: ProgressUpdate) -> bool:
    """Whether accepting this action update leaves every action of its recommendation completed
    or superseded while the recommendation itself is still open."""
    if update.action_id is None or update.status not in CLOSED_STATUSES:
        return False
    recommendation = update.recommendation
    if recommendation.status in CLOSED_STATUSES:
        return False
    still_open = recommendation.actions.exclude(pk=update.action_id).exclude(status__in=CLOSED_STATUSES)
    return not still_open.exists()


def _complete_recommendation(update: ProgressUpdate, by: User) -> None:
    recommendation = Recommendation.objects.select_for_update().get(pk=update.recommendation_id)
    if recommendation.status in CLOSED_STATUSES:
        return
    if recommendation.actions.exclude(status__in=CLOSED_STATUSES).exists():
        raise WorkflowError(
            f"Recommendation {recommendation.ref} still has actions open: it cannot be marked completed.",
            field="complete_recommendation",
        )
    recommendation.status = Status.COMPLETED
    recommendation.rag = Rag.COMPLETE
    recommendation.version += 1
    reason = f"{update.period.name}{ACCEPTED_REASON_SUFFIX}: every action completed"
    save_with_history(recommendation, reason=reason, by=by)


def _apply_to_record(update: ProgressUpdate, by: User, *, reason: str) -> None:
    """The update becomes the official status, RAG (a recommendation's) and progress, and a
    revised timescale the action's."""
    if update.action_id is None:
        recommendation = Recommendation.objects.select_for_update().get(pk=update.recommendation_id)
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
        if action.original_due_date is None and action.due_date != update.revised_due_date:
            action.original_due_date = action.due_date
        action.timescale = update.revised_timescale
        action.due_date = update.revised_due_date
    action.version += 1
    save_with_history(action, reason=reason, by=by)


@transaction.atomic
def progress_update_return(
    *, update: ProgressUpdate, by: User, reason: str, expected_version: int | None = None
) -> ProgressUpdate:
    """Return a submitted update to its author with the reason; the record is unchanged.

    `expected_version` is the version the coordinator reviewed (see `progress_update_accept`).
    """
    update = ProgressUpdate.objects.select_related("period").get(pk=update.pk)
    _open_period_for(update.period)
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


@transaction.atomic
def progress_update_correct(
    *,
    update: ProgressUpdate,
    by: User,
    reason: str,
    narrative: str,
    status: str,
    rag: str,
    revised_timescale: str = "",
    evidence_links: str = "",
    completion_verified: bool = False,
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Correct an accepted update, with the reason: a new version of it, recorded as a correction.

    The correction changes the record where the update is still the latest accepted one for its
    recommendation or action (a later quarter's update has replaced it otherwise); a closed
    quarter's snapshot keeps what was accepted, so the correction counts from now on.
    """
    update = ProgressUpdate.objects.select_for_update().select_related("period").get(pk=update.pk)
    if update.state != State.ACCEPTED:
        raise WorkflowError("Only an accepted update is corrected: this one can still be reviewed.")
    check_version(update, expected_version)
    if not reason.strip():
        raise WorkflowError("Enter why the accepted update is being corrected.", field="reason")
    revised_timescale = revised_timescale.strip()
    try:
        revised_due_date = parse_timescale(revised_timescale).due
    except TimescaleError as error:
        raise WorkflowError(str(error), field="revised_timescale") from error
    corrected = {
        "narrative": narrative.strip(),
        "status": status,
        "rag": rag,
        "revised_timescale": revised_timescale,
        "evidence_links": evidence_links.strip(),
    }
    if not corrected["narrative"]:
        raise WorkflowError("Enter the progress the update reports.", field="narrative")
    if all(getattr(update, name) == value for name, value in corrected.items()):
        raise WorkflowError("Change what the update says, or cancel: nothing was changed.", field="narrative")
    for name, value in corrected.items():
        setattr(update, name, value)
    update.revised_due_date = revised_due_date
    _check_completion(update, completion_verified)
    update.completion_verified = update.status == Status.COMPLETED and completion_verified
    update.corrected_by = by
    update.corrected_at = timezone.now()
    update.correction_reason = reason.strip()
    update.version += 1
    save_with_history(update, reason=f"Corrected: {reason.strip()}", by=by)
    later = (
        ProgressUpdate.objects.accepted()
        .filter(recommendation_id=update.recommendation_id, action_id=update.action_id)
        .filter(period__review_id=update.period.review_id, period__ends__gt=update.period.ends)
    )
    if not later.exists():
        _apply_to_record(update, by, reason=f"{update.period.name}{CORRECTED_REASON_SUFFIX}")
    return update


def progress_updates_review_together(
    *, decisions: list[tuple[ProgressUpdate, int]], by: User, accept: bool, reason: str = ""
) -> tuple[list[ProgressUpdate], list[tuple[ProgressUpdate, str]]]:
    """Accept (or return, with one reason) several submitted updates, each as it would be alone:
    each at the version the coordinator saw, each in its own transaction. A completion is never
    accepted in bulk: its evidence is checked on its own page. What was done, and what was not
    with why."""
    done, refused = [], []
    if not accept and not reason.strip():
        raise WorkflowError("Enter why the updates are being returned.", field="reason")
    for update, version in decisions:
        if accept and update.status == Status.COMPLETED:
            refused.append(
                (update, "a completion is accepted on its own page, once you have checked its evidence")
            )
            continue
        try:
            if accept:
                done.append(progress_update_accept(update=update, by=by, expected_version=version))
            else:
                done.append(
                    progress_update_return(update=update, by=by, reason=reason, expected_version=version)
                )
        except WorkflowError as error:
            refused.append((update, error.message))
    return done, refused
