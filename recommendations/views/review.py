"""The coordinator's review of submitted updates: the queue, and one update beside what went before."""

from django.contrib import messages
from django.http import HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import ListView

from tracker.errors import ConflictError, WorkflowError
from tracker.forms import Difference
from tracker.permissions import can_read_update, can_review_updates, require, role_required

from .. import services
from ..forms import BulkReviewForm, UpdateAcceptForm, UpdateCorrectForm, UpdateReturnForm
from ..models import ProgressUpdate, Review, Status
from ..quality import flags_for
from ..reviewing import compare_update, update_history
from ..reviews import REVIEW_KWARG, review_named
from ..versions import changed_fields
from .mixins import NearestPageMixin


@method_decorator([role_required(can_review_updates), require_safe], name="dispatch")
class ReviewQueueView(NearestPageMixin, ListView):
    """Submitted updates waiting for the coordinator, by review, oldest first, whatever their
    quarter: of every review, or (under `/reviews/<slug>/`) of one; a page at a time, each page's
    updates grouped by review. Several on the page can be accepted together, or returned with one
    reason (`review_together`)."""

    template_name = "recommendations/progressupdate_queue.html"
    context_object_name = "updates"
    paginate_by = 50

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.review = review_named(request, kwargs[REVIEW_KWARG]) if REVIEW_KWARG in kwargs else None

    def get_queryset(self):
        updates = ProgressUpdate.objects.awaiting_review()
        if self.review is not None:
            updates = updates.filter(period__review=self.review)
        return updates.select_related(
            "recommendation__review", "action", "author", "period__review", "on_behalf_of"
        ).order_by("period__review__name", "submitted_at", "pk")

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or BulkReviewForm()
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # Reviewing together comes back to the same queue and page (or the nearest, once fewer wait).
        back = QueryDict(mutable=True)
        if self.review is not None:
            back["review"] = self.review.slug
        if page.number > 1:
            back["page"] = page.number
        together = reverse("recommendations:review-together")
        context["together_url"] = f"{together}?{back.urlencode()}" if back else together
        # Reviewing one update comes back here too.
        context["back_query"] = f"?{back.urlencode()}" if back else ""
        return context | {"form": form, "review": self.review}


@role_required(can_review_updates)
@require_POST
def review_together(request):
    """Accept the chosen updates together, or return them with one reason; each checked as it
    would be alone, and whatever is refused said so, naming the update."""
    form = BulkReviewForm(request.POST)
    if form.is_valid():
        chosen = dict(form.cleaned_data["updates"])
        updates = ProgressUpdate.objects.filter(pk__in=chosen).select_related("recommendation", "action")
        accept = form.cleaned_data["decision"] == "accept"
        try:
            done, refused = services.progress_updates_review_together(
                decisions=[(update, chosen[update.pk]) for update in updates.select_related("period")],
                by=request.user,
                accept=accept,
                reason=form.cleaned_data["reason"],
            )
        except WorkflowError as error:
            form.refuse(error)
        else:
            verb = "accepted" if accept else "returned"
            if done:
                names = ", ".join(_short(update) for update in done)
                messages.success(
                    request, f"You {verb} {len(done)} update{'s' if len(done) != 1 else ''}: {names}."
                )
            for update, why in refused:
                messages.error(request, f"{_short(update).capitalize()} was not {verb}: {why}.")
            return redirect(_queue_page(request))
    view = ReviewQueueView()
    review = _queue_review(request)
    view.setup(request, **({REVIEW_KWARG: review.slug} if review else {}))
    view.object_list = view.get_queryset()
    return render(
        request, view.template_name, view.get_context_data(form=form) | {"errors": form.error_links()}
    )


def _queue_review(request):
    """The review whose queue the updates were chosen in, if they were chosen in one's."""
    slug = request.GET.get("review", "")
    return Review.objects.filter(slug=slug).first() if slug else None


def _queue_page(request) -> str:
    """The queue the updates were chosen in, at their page (a page that is not a number: the first)."""
    review = _queue_review(request)
    if review is not None:
        queue = reverse("recommendations:review-queue-in-review", kwargs={REVIEW_KWARG: review.slug})
    else:
        queue = reverse("recommendations:review-queue")
    page = request.GET.get("page", "")
    return f"{queue}?page={page}" if page.isdigit() and int(page) > 1 else queue


def _back_query(request) -> str:
    """The queue and page an update was opened from, to return to once it is reviewed."""
    back = QueryDict(mutable=True)
    for name in ("review", "page"):
        if request.GET.get(name):
            back[name] = request.GET[name]
    return f"?{back.urlencode()}" if back else ""


def _short(update) -> str:
    target = f"recommendation {update.recommendation.ref}"
    return f"{target}, action {update.action.position}" if update.action_id else target


REVIEW_DECISIONS = {
    "accept": (UpdateAcceptForm, services.progress_update_accept),
    "return": (UpdateReturnForm, services.progress_update_return),
}

STALE_REVIEW = (
    "This update was revised and submitted again while you were reviewing it. "
    "Nothing was changed: review it again as it is now."
)


@role_required(can_review_updates)
@require_http_methods(["GET", "POST"])
def review_update(request, pk):
    """One update beside what went before; while submitted, the forms to accept or return it. A
    draft is not the coordinator's to read (unless entered on someone's behalf)."""
    update = _update_to_review(pk)
    require(can_read_update(request.user, update))
    failed_form = None
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in REVIEW_DECISIONS:
            return HttpResponseBadRequest("Choose to accept or to return the update.")
        form_class, decide = REVIEW_DECISIONS[decision]
        form = form_class(request.POST, prefix=decision)
        if form.is_valid():
            choices = dict(form.cleaned_data)
            reviewed_version = choices.pop("version")
            if "complete_recommendation" in choices and not services.completes_last_open_action(update):
                choices["complete_recommendation"] = False
            try:
                reviewed = decide(
                    update=update, by=request.user, expected_version=reviewed_version, **choices
                )
            except ConflictError as conflict:
                # Returned, revised and resubmitted since the page was opened: show what is there now.
                form.show_conflict(
                    conflict,
                    message=STALE_REVIEW,
                    differences=_changes_since(update, reviewed_version),
                    saved_label="Now",
                    yours_label="When you opened it",
                )
            except WorkflowError as error:
                form.refuse(error)
            else:
                messages.success(request, _reviewed_message(reviewed))
                return redirect(_queue_page(request))
            # Refused: someone may have reviewed it meanwhile, so show the update as it is now.
            update = _update_to_review(pk)
        failed_form = form
    forms_by_decision = {
        decision: failed_form
        if failed_form is not None and failed_form.prefix == decision and failed_form.conflict is None
        else form_class(prefix=decision, initial={"version": update.version})
        for decision, (form_class, _) in REVIEW_DECISIONS.items()
    }
    return render(
        request,
        "recommendations/progressupdate_review.html",
        {
            "update": update,
            "comparison": compare_update(update),
            "flags": flags_for(update),
            "history": update_history(update),
            "accept_form": forms_by_decision["accept"],
            "return_form": forms_by_decision["return"],
            "conflict": failed_form.conflict if failed_form is not None else None,
            "errors": failed_form.error_links(non_field_anchor="#about-the-update") if failed_form else [],
            "is_completion_claim": update.status == Status.COMPLETED,
            "offers_completion": update.state == ProgressUpdate.State.SUBMITTED
            and services.completes_last_open_action(update),
            "may_correct": update.state == ProgressUpdate.State.ACCEPTED,
            "back_query": _back_query(request),
            "queue_url": _queue_page(request),
        },
    )


@role_required(can_review_updates)
@require_http_methods(["GET", "POST"])
def correct_update(request, pk):
    """Correct an accepted update, with the reason: a new version of it, on its timeline."""
    update = _update_to_review(pk)
    require(can_read_update(request.user, update))
    if request.method == "POST":
        form = UpdateCorrectForm(request.POST)
        if form.is_valid():
            try:
                services.progress_update_correct(
                    update=update,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                    **form.values(),
                )
            except WorkflowError as error:
                form.refuse(error)
                update = _update_to_review(pk)
            else:
                messages.success(
                    request, f"You corrected {_subject(update)}. The correction is on its timeline."
                )
                return redirect("recommendations:review-update", pk=update.pk)
    else:
        form = UpdateCorrectForm(initial=UpdateCorrectForm.initial_for(update))
    return render(
        request,
        "recommendations/progressupdate_correct.html",
        {"update": update, "form": form, "errors": form.error_links()},
    )


def _changes_since(update, version: int | None) -> tuple[Difference, ...]:
    """What changed in the update since the version the coordinator opened."""
    opened = update.history.filter(version=version).order_by("-history_id").first()
    now = update.history.order_by("-history_id").first()
    if opened is None or now is None:
        return ()
    return tuple(Difference(change.label, change.new, change.old) for change in changed_fields(opened, now))


def _update_to_review(pk):
    return get_object_or_404(
        ProgressUpdate.objects.select_related("recommendation", "action", "period", "author", "reviewed_by"),
        pk=pk,
    )


def _subject(update) -> str:
    subject = f"the {update.period.name} update on recommendation {update.recommendation.ref}"
    if update.action_id:
        subject += f", proposed action {update.action.position}"
    return subject


def _reviewed_message(update) -> str:
    subject = _subject(update)
    if update.state == ProgressUpdate.State.ACCEPTED:
        status = update.get_status_display().lower()
        return f"You accepted {subject}. The official record now shows it as {status}."
    to_whom = f" to {update.author}" if update.author else ""
    return f"You returned {subject}{to_whom}, with your reason."
