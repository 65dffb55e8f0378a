"""An officer's work: My work, the quarterly update form, and evidence downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tracker.errors import ConflictError, WorkflowError
from tracker.permissions import (
    can_read_update,
    can_review_updates,
    can_write_update,
    officer_of,
    require,
    writes_on_behalf,
)
from tracker.unsaved import restore_unsaved
from tracker.uploads import refused_uploads, uploads_over_total

from .. import services
from ..forms import ProgressUpdateForm
from ..models import EvidenceFile, ProgressUpdate, ProposedAction, Recommendation, ReportingPeriod
from ..reviews import in_review, recommendation_in
from ..timescales import parse_timescale
from ..work import questions_waiting, recently_reviewed, work_by_review


@require_safe
def my_work(request):
    """What the signed-in officer leads, and where each update stands, in the open quarter of every
    review they work in."""
    officer = officer_of(request.user)
    work = work_by_review(officer, today=timezone.localdate()) if officer else []
    request.officers_work = work  # the navigation's count of it, on this page, reads it too
    items = [item for review_work in work for item in review_work.items]
    context = {
        "officer": officer,
        "work": work,
        "any_open": bool(work) or ReportingPeriod.objects.open().exists(),
        "questions": list(questions_waiting(officer)) if officer else [],
        "reviewed": recently_reviewed(items),
        "is_coordinator": can_review_updates(request.user),
    }
    return render(request, "recommendations/work_item_list.html", context)


@require_http_methods(["GET", "POST"])
@in_review
def progress_update_edit(request, review, ref, position=None):
    """The open quarter's update on a recommendation or one of its actions: save it as a draft or
    submit it for review. With no quarter open, or once submitted, the update is read-only."""
    recommendation, action = _update_target(review, ref, position)
    require(can_write_update(request.user, recommendation, action))
    target = {"recommendation": recommendation, "action": action}
    period = ReportingPeriod.objects.open().filter(review_id=recommendation.review_id).first()
    if period is None:
        closed = (
            ReportingPeriod.objects.closed()
            .filter(review_id=recommendation.review_id)
            .order_by("-ends")
            .first()
        )
        return _read_only_update_page(request, **target, period=closed, quarter_open=False)
    update = _update_in(period, recommendation, action)
    if update is not None and (not update.is_editable or not can_read_update(request.user, update)):
        return _read_only_update_page(request, **target, period=period, quarter_open=True)

    options = {
        "evidence": list(update.evidence_files.all()) if update else [],
        "lead_officers": recommendation.lead_officers_of(action)
        if writes_on_behalf(request.user, recommendation, action)
        else None,
    }
    if request.method != "POST":
        initial = ProgressUpdateForm.initial_for(update, last_accepted=_last_accepted(recommendation, action))
        unsaved = restore_unsaved(request)
        form = ProgressUpdateForm(initial={**initial, **unsaved}, **options)
        return _update_form_page(request, form, **target, period=period, restored=bool(unsaved))
    form = ProgressUpdateForm(
        request.POST,
        request.FILES,
        refused_uploads=refused_uploads(request),
        uploads_over_total=uploads_over_total(request),
        **options,
    )
    saved_as_draft = False
    if form.is_valid():
        update, saved_as_draft = _save_and_submit(form, by=request.user, **target, period=period)
        if update is not None:
            messages.success(request, _saved_message(update, str(action or recommendation)))
            warning = revised_timescale_warning(update.revised_timescale, period)
            if warning:
                messages.warning(request, warning)
            return redirect("recommendations:my-work")
    return _update_form_page(request, form, **target, period=period, saved_as_draft=saved_as_draft)


def revised_timescale_warning(text: str, period) -> str:
    """A word (not a refusal) when a revised timescale falls due before the quarter began: a
    slip of the year is likelier than a new date already past."""
    due = parse_timescale(text).due if text else None
    if due is None or due >= period.starts:
        return ""
    return (
        f"The revised timescale “{text}” is due {due.day} {due:%B %Y}, before {period.name} began "
        f"({period.starts.day} {period.starts:%B %Y}). If that is not what you meant, change the update."
    )


def _update_target(review, ref, position):
    """The recommendation (found by its number in the review) and, if given, its action."""
    recommendation = recommendation_in(review, ref)
    if position is None:
        return recommendation, None
    action = get_object_or_404(ProposedAction, recommendation=recommendation, position=position)
    action.recommendation = recommendation
    return recommendation, action


def _update_in(period, recommendation, action):
    """The update on the recommendation (or action) for the period, if one was started."""
    if period is None:
        return None
    return (
        ProgressUpdate.objects.filter(period=period, recommendation=recommendation, action=action)
        .select_related("reviewed_by")
        .prefetch_related("evidence_files")
        .first()
    )


def _save_and_submit(form, *, by, recommendation, action, period):
    """Save the update and, if asked, submit it: (the update, False), or on a refusal (None,
    whether the draft was saved). A refused submit leaves the draft saved; the form then carries its
    new version, as it carries the newer version after a conflict, so the next save succeeds."""
    try:
        update = services.progress_update_save(
            recommendation=recommendation,
            action=action,
            period=period,
            by=by,
            evidence_files=form.cleaned_data["evidence_files"],
            expected_version=form.cleaned_data["version"],
            **form.values(),
        )
    except WorkflowError as error:
        form.refuse(error, files_saved=False)
        return None, False
    if not form.submitting:
        return update, False
    try:
        return services.progress_update_submit(update=update, by=by, expected_version=update.version), False
    except WorkflowError as error:
        form.refuse(error, files_saved=True)
        if not isinstance(error, ConflictError):
            form.carry_version(update.version)
        return None, True


def _saved_message(update, subject: str) -> str:
    if update.state == ProgressUpdate.State.SUBMITTED:
        return f"Your update on {subject} was submitted. The programme coordinator will review it."
    if update.state == ProgressUpdate.State.RETURNED:
        return (
            f"Your changes to the returned update on {subject} were saved. "
            "Submit it for review when it is ready."
        )
    return f"Your update on {subject} was saved as a draft. It is not sent for review until you submit it."


def _last_accepted(recommendation, action, *, besides=None):
    return (
        ProgressUpdate.objects.accepted()
        .filter(recommendation=recommendation, action=action)
        .exclude(pk=besides.pk if besides else None)
        .select_related("period")
        .order_by("-period__ends", "-pk")
        .first()
    )


def _update_page_context(*, recommendation, action, period, update) -> dict:
    """What the update pages show above the form: the work, its last accepted update, the evidence."""
    last_accepted = _last_accepted(recommendation, action, besides=update)
    return {
        "recommendation": recommendation,
        "action": action,
        "subject": str(action or recommendation),
        "period": period,
        "update": update,
        "last_accepted": last_accepted,
        "evidence_files": list(update.evidence_files.all()) if update else [],
        "breadcrumbs": [
            ("My work", reverse("recommendations:my-work")),
            (f"Recommendation {recommendation.ref}", recommendation.get_absolute_url()),
        ],
    }


def _update_form_page(request, form, *, recommendation, action, period, saved_as_draft=False, restored=False):
    # Read again: a refused submit or someone else's save may have changed it since the form was bound.
    update = _update_in(period, recommendation, action)
    context = _update_page_context(recommendation=recommendation, action=action, period=period, update=update)
    context.update(form=form, errors=form.error_links(), saved_as_draft=saved_as_draft, restored=restored)
    return render(request, "recommendations/progressupdate_form.html", context)


def _read_only_update_page(request, *, recommendation, action, period, quarter_open: bool):
    """The update as saved, with why it cannot be changed; a POST is refused (403), and what was
    typed is shown back so it is not lost."""
    update = _update_in(period, recommendation, action)
    context = _update_page_context(recommendation=recommendation, action=action, period=period, update=update)
    posted = request.method == "POST"
    if update is not None and not can_read_update(request.user, update):
        # Someone else's draft: that it exists and whose it is, never what it says.
        context.update(update=None, draft_of=update.author or update.on_behalf_of, evidence_files=[])
    context.update(
        quarter_open=quarter_open,
        refused=posted,
        entered=ProgressUpdateForm(request.POST).entered_update() if posted else None,
    )
    return render(
        request, "recommendations/progressupdate_detail.html", context, status=403 if posted else 200
    )


@login_required
@require_safe
def evidence_download(request, pk):
    """An evidence file, to signed-in users only, always as a download (never shown inline); a
    draft's evidence only to those who may read the draft."""
    evidence = get_object_or_404(
        EvidenceFile.objects.select_related("update__recommendation", "update__action"), pk=pk
    )
    require(can_read_update(request.user, evidence.update))
    try:
        stream = evidence.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The evidence file is missing.") from missing
    response = FileResponse(stream, as_attachment=True, filename=evidence.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def what_i_lead(request):
    """Everything the signed-in officer leads, whether or not a quarter is open."""
    officer = officer_of(request.user)
    recommendations, actions = [], []
    if officer is not None:
        recommendations = list(
            Recommendation.objects.filter(lead_officer=officer)
            .select_related("review", "theme")
            .order_by("review__name", "ref")
        )
        actions = list(
            ProposedAction.objects.led_by(officer)
            .select_related("recommendation__review")
            .order_by("recommendation__review__name", "recommendation__ref", "position")
        )
    context = {"officer": officer, "recommendations": recommendations, "actions": actions}
    return render(request, "recommendations/work_led.html", context)


@require_safe
def my_past_updates(request):
    """The updates the signed-in officer wrote, or that were entered on their behalf, by quarter."""
    officer = officer_of(request.user)
    mine = ProgressUpdate.objects.filter(author=request.user)
    if officer is not None:
        mine = mine | ProgressUpdate.objects.filter(on_behalf_of=officer)
    updates = list(
        mine.select_related(
            "period__review", "recommendation", "action", "reviewed_by", "on_behalf_of", "author"
        )
        .order_by("-period__ends", "recommendation__ref", "action__position")
        .distinct()
    )
    return render(request, "recommendations/work_past_updates.html", {"officer": officer, "updates": updates})
