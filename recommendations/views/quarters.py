"""Reporting quarters: the list, opening one and closing one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from tracker.errors import WorkflowError
from tracker.permissions import can_manage_periods, can_review_updates, role_required

from .. import services
from ..forms import ReportingPeriodOpenForm
from ..models import ReportingPeriod


@method_decorator(require_safe, name="dispatch")
class ReportingPeriodListView(ListView):
    """Every reporting quarter: its days, deadline and state, and its updates counted by state."""

    model = ReportingPeriod

    def get_queryset(self):
        return (
            ReportingPeriod.objects.select_related("review")
            .with_update_counts()
            .order_by("review__name", "-ends")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_manage_periods"] = can_manage_periods(self.request.user)
        context["may_review_updates"] = can_review_updates(self.request.user)
        return context


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
def period_open(request):
    """The coordinator opens a quarter for updates; officers with updates due are emailed."""
    form = ReportingPeriodOpenForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            period = services.reporting_period_open(by=request.user, **form.cleaned_data)
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(
                request, f"{period.name} is open for updates. Officers with updates due have been emailed."
            )
            return redirect("recommendations:period-list")
    return render(
        request, "recommendations/reportingperiod_open.html", {"form": form, "errors": form.error_links()}
    )


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
def period_close(request, pk):
    """Asks the coordinator to confirm, then closes the quarter; refused while updates wait."""
    period = get_object_or_404(ReportingPeriod.objects.select_related("review").with_update_counts(), pk=pk)
    errors = []
    if request.method == "POST":
        try:
            services.reporting_period_close(period=period, by=request.user)
        except WorkflowError as error:
            # Updates waiting for review are what stops a close: the summary links to them.
            anchor = reverse("recommendations:review-queue") if period.submitted_count else "#main-content"
            errors = [(anchor, error.message)]
        else:
            messages.success(request, f"{period.name} is closed: its updates can no longer be changed.")
            return redirect("recommendations:period-list")
    return render(request, "recommendations/reportingperiod_close.html", {"period": period, "errors": errors})
