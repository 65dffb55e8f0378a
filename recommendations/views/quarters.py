"""Reporting quarters: the list; adding, correcting, deleting, opening, closing and reopening one."""

from django.conf import settings
from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from tracker.errors import WorkflowError
from tracker.permissions import can_manage_periods, can_review_updates, role_required

from .. import services
from ..chasing import chase
from ..forms import ReportingPeriodForm, ReportingPeriodReopenForm
from ..models import ReportingPeriod
from ..reviews import reviews_in_view

PeriodState = ReportingPeriod.State


def _with_counts():
    counts = ReportingPeriod.objects.select_related("review").with_update_counts()
    return counts.annotate(
        update_count=F("draft_count") + F("submitted_count") + F("returned_count") + F("accepted_count")
    )


@method_decorator(require_safe, name="dispatch")
class ReportingPeriodListView(ListView):
    """Every reporting quarter: its days, deadline and state, its updates counted by state, and
    what the coordinator may do with it."""

    model = ReportingPeriod

    def get_queryset(self):
        return _with_counts().order_by("review__name", "-ends")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_manage_periods"] = can_manage_periods(self.request.user)
        context["may_review_updates"] = can_review_updates(self.request.user)
        latest_opened = {}
        for period in context["object_list"]:
            if period.state != PeriodState.PLANNED and period.review_id not in latest_opened:
                latest_opened[period.review_id] = period.pk
        today = timezone.localdate()
        for period in context["object_list"]:
            period.not_started = chase(period, today=today).not_started if period.is_open else None
            correctable = period.state in (PeriodState.PLANNED, PeriodState.OPEN) and not period.update_count
            period.may_correct = correctable
            period.may_reopen = (
                period.state == PeriodState.CLOSED and latest_opened.get(period.review_id) == period.pk
            )
        return context


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
def period_open(request):
    """The coordinator adds the next quarter, suggested: opened now (officers with updates due are
    emailed) or planned."""
    if request.method == "POST":
        form = ReportingPeriodForm(request.POST)
    else:
        form = ReportingPeriodForm(
            initial=services.next_quarter(reviews_in_view(request), today=timezone.localdate())
        )
    if form.is_bound and form.is_valid():
        add = services.reporting_period_plan if form.planning else services.reporting_period_open
        try:
            period = add(review=form.cleaned_data["review"], by=request.user, **form.values())
        except WorkflowError as error:
            form.refuse(error)
        else:
            if form.planning:
                messages.success(request, f"{period.name} is planned. Open it when updates are due.")
            else:
                _say_opened(request, period)
            return redirect("recommendations:period-list")
    context = {"form": form, "errors": form.error_links(), "deadline_days": settings.QUARTER_DEADLINE_DAYS}
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
def period_edit(request, pk):
    """Correct a planned quarter, or an open one no update has been started in."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("review"), pk=pk)
    if request.method == "POST":
        form = ReportingPeriodForm(request.POST, period=period)
    else:
        form = ReportingPeriodForm(
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
            return redirect("recommendations:period-list")
    context = {"form": form, "period": period, "errors": form.error_links()}
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


def _confirm(request, pk, action):
    period = get_object_or_404(_with_counts(), pk=pk)
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
            return redirect("recommendations:period-list")
    context = {
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
def period_delete(request, pk):
    """Asks the coordinator to confirm, then deletes a quarter nobody has used."""
    return _confirm(request, pk, "delete")


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
def period_start(request, pk):
    """Asks the coordinator to confirm, then opens a planned quarter for updates."""
    return _confirm(request, pk, "start")


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
def period_close(request, pk):
    """Asks the coordinator to confirm, then closes the quarter and freezes its snapshot; refused
    while updates wait for review."""
    period = get_object_or_404(_with_counts(), pk=pk)
    period.not_started = chase(period, today=timezone.localdate()).not_started
    errors = []
    if request.method == "POST":
        try:
            services.reporting_period_close(period=period, by=request.user)
        except WorkflowError as error:
            # Updates waiting for review are what stops a close: the summary links to them.
            anchor = reverse("recommendations:review-queue") if period.submitted_count else "#main-content"
            errors = [(anchor, error.message)]
        else:
            messages.success(
                request,
                f"{period.name} is closed: its updates can no longer be changed, and the tracker as at "
                "its end is frozen.",
            )
            return redirect("recommendations:period-list")
    return render(request, "recommendations/reportingperiod_close.html", {"period": period, "errors": errors})


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
def period_reopen(request, pk):
    """Reopen the latest closed quarter, with the reason, to correct it."""
    period = get_object_or_404(_with_counts(), pk=pk)
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
            return redirect("recommendations:period-list")
    context = {"period": period, "form": form, "errors": form.error_links()}
    return render(request, "recommendations/reportingperiod_reopen.html", context)
