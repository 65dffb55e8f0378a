"""Reporting quarters: the list; adding, correcting, deleting, opening, closing and reopening one."""

from django.conf import settings
from django.contrib import messages
from django.db.models import F
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from tracker.errors import WorkflowError
from tracker.permissions import can_manage_periods, can_review_updates, role_required

from .. import services
from ..chasing import tallies
from ..forms import ReportingPeriodForm, ReportingPeriodReopenForm
from ..models import ReportingPeriod
from ..reviews import ReviewMixin, in_review, period_in, with_review
from .mixins import NearestPageMixin

PeriodState = ReportingPeriod.State


def _with_counts():
    counts = ReportingPeriod.objects.with_update_counts()
    return counts.annotate(
        update_count=F("draft_count") + F("submitted_count") + F("returned_count") + F("accepted_count")
    )


@method_decorator(require_safe, name="dispatch")
class ReportingPeriodListView(ReviewMixin, NearestPageMixin, ListView):
    """The review's reporting quarters, a page at a time: their days, deadline and state, their
    updates counted by state (in the database), and what the coordinator may do with each."""

    model = ReportingPeriod
    paginate_by = 25

    def get_queryset(self):
        return _with_counts().filter(review=self.review).order_by("-ends", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_manage_periods"] = can_manage_periods(self.request.user)
        context["may_review_updates"] = can_review_updates(self.request.user)
        # Only the latest quarter opened may be reopened, whichever page it is on.
        latest_opened = (
            ReportingPeriod.objects.reported().filter(review=self.review).order_by("-ends").first()
        )
        shown = with_review(list(context["object_list"]), self.review)
        context["object_list"] = context["reportingperiod_list"] = shown
        tallied = tallies(period for period in shown if period.is_open)
        for period in shown:
            period.not_started = tallied[period.pk].not_started if period.is_open else None
            correctable = period.state in (PeriodState.PLANNED, PeriodState.OPEN) and not period.update_count
            period.may_correct = correctable
            period.may_reopen = period.state == PeriodState.CLOSED and latest_opened == period
        return context


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
@in_review
def period_open(request, review):
    """The coordinator adds the review's next quarter, suggested: opened now (officers with updates
    due are emailed) or planned."""
    if request.method == "POST":
        form = ReportingPeriodForm(request.POST, review=review)
    else:
        form = ReportingPeriodForm(
            review=review, initial=services.next_quarter(review, today=timezone.localdate())
        )
    if form.is_bound and form.is_valid():
        add = services.reporting_period_plan if form.planning else services.reporting_period_open
        try:
            period = add(review=review, by=request.user, **form.values())
        except WorkflowError as error:
            form.refuse(error)
        else:
            if form.planning:
                messages.success(request, f"{period.name} is planned. Open it when updates are due.")
            else:
                _say_opened(request, period)
            return redirect("recommendations:period-list", review=review.slug)
    context = {
        "review": review,
        "form": form,
        "errors": form.error_links(),
        "deadline_days": settings.QUARTER_DEADLINE_DAYS,
    }
    return render(request, "recommendations/reportingperiod_open.html", context)


def _say_opened(request, period) -> None:
    """Tell the coordinator the quarter is open, and truly who will be emailed."""
    queued = getattr(period, "emails_queued", None)
    if queued is None:
        messages.warning(
            request,
            f"{period.name} is open for updates, but the emails to officers could not be queued: "
            "tell them yourself, and tell your administrator.",
        )
    elif queued == 0:
        messages.success(
            request,
            f"{period.name} is open for updates. No officer with an account has updates due: "
            "no one was emailed.",
        )
    else:
        officers = "officer" if queued == 1 else "officers"
        messages.success(
            request,
            f"{period.name} is open for updates. {queued} {officers} with updates due will be emailed a link "
            "to their work.",
        )


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
@in_review
def period_edit(request, review, pk):
    """Correct a planned quarter, or an open one no update has been started in."""
    period = period_in(review, pk)
    if request.method == "POST":
        form = ReportingPeriodForm(request.POST, review=review, period=period)
    else:
        form = ReportingPeriodForm(
            review=review,
            period=period,
            initial={
                "name": period.name,
                "starts": period.starts,
                "ends": period.ends,
                "deadline": period.deadline,
            },
        )
    if form.is_bound and form.is_valid():
        try:
            period = services.reporting_period_edit(period=period, by=request.user, **form.values())
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(request, f"{period.name} is corrected.")
            return redirect("recommendations:period-list", review=review.slug)
    context = {"review": review, "form": form, "period": period, "errors": form.error_links()}
    return render(request, "recommendations/reportingperiod_form.html", context)


CONFIRMATIONS = {
    # name: (service, title, button, what it does, message once done)
    "delete": (
        services.reporting_period_delete,
        "Delete {name}",
        "Delete {name}",
        "{name} is removed from the quarters. No update has been started in it.",
        "{name} is deleted.",
    ),
    "start": (
        services.reporting_period_open_planned,
        "Open {name}",
        "Open {name}",
        "Officers can write and submit their updates while {name} is open; each officer with updates due "
        "is emailed a link to their work.",
        None,  # said by _say_opened: how many officers will be emailed
    ),
}


def _confirm(request, review, pk, action):
    period = period_in(review, pk, _with_counts())
    service, title, button, explanation, done = CONFIRMATIONS[action]
    errors = []
    if request.method == "POST":
        try:
            result = service(period=period, by=request.user)
        except WorkflowError as error:
            errors = [("#main-content", error.message)]
        else:
            if done is None:
                _say_opened(request, result)
            else:
                messages.success(request, done.format(name=period.name if result is None else result.name))
            return redirect("recommendations:period-list", review=review.slug)
    context = {
        "review": review,
        "period": period,
        "action": action,
        "title": title.format(name=period.name),
        "button": button.format(name=period.name),
        "explanation": explanation.format(name=period.name),
        "warning": action == "delete",
        "errors": errors,
    }
    return render(request, "recommendations/reportingperiod_confirm.html", context)


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
@in_review
def period_delete(request, review, pk):
    """Asks the coordinator to confirm, then deletes a quarter nobody has used."""
    return _confirm(request, review, pk, "delete")


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
@in_review
def period_start(request, review, pk):
    """Asks the coordinator to confirm, then opens a planned quarter for updates."""
    return _confirm(request, review, pk, "start")


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
@in_review
def period_close(request, review, pk):
    """Asks the coordinator to confirm, then closes the quarter and freezes its snapshot; refused
    while updates wait for review."""
    period = period_in(review, pk, _with_counts())
    period.not_started = tallies([period])[period.pk].not_started
    errors = []
    if request.method == "POST":
        try:
            services.reporting_period_close(period=period, by=request.user)
        except WorkflowError as error:
            # Updates waiting for review are what stops a close: the summary links to them.
            queue = reverse("recommendations:review-queue-in-review", kwargs={"review": review.slug})
            anchor = queue if period.submitted_count else "#main-content"
            errors = [(anchor, error.message)]
        else:
            messages.success(
                request,
                f"{period.name} is closed: its updates can no longer be changed, and the tracker as at "
                "its end is frozen.",
            )
            return redirect("recommendations:period-list", review=review.slug)
    context = {"review": review, "period": period, "errors": errors}
    return render(request, "recommendations/reportingperiod_close.html", context)


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
@in_review
def period_reopen(request, review, pk):
    """Reopen the latest closed quarter, with the reason, to correct it."""
    period = period_in(review, pk, _with_counts())
    form = ReportingPeriodReopenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.reporting_period_reopen(
                period=period, by=request.user, reason=form.cleaned_data["reason"]
            )
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(
                request,
                f"{period.name} is reopened. Officers can change its updates again until you close it, "
                "which freezes it anew.",
            )
            return redirect("recommendations:period-list", review=review.slug)
    context = {"review": review, "period": period, "form": form, "errors": form.error_links()}
    return render(request, "recommendations/reportingperiod_reopen.html", context)
