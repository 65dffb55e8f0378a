"""The coordinator's chasing page: who still owes an update in a quarter, and reminding them."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from tracker.permissions import can_manage_periods, role_required

from .. import services
from ..chasing import NOT_STARTED, PROGRESS_LABELS, chase, tallies
from ..models import Officer, ReportingPeriod
from ..reviews import in_review, period_in

# Each open quarter's items are tallied from bare columns: a page holds a few reviews' worth.
QUARTERS_PER_PAGE = 25
ACCOUNTS = {"yes": "With an account", "no": "Without an account"}


@role_required(can_manage_periods)
@require_safe
def chasing(request):
    """Every review's open quarter and who still owes an update in it, a review at a time, a page
    of quarters at a time: the same number of queries however many reviews there are."""
    today = timezone.localdate()
    open_quarters = ReportingPeriod.objects.open().select_related("review").order_by("review__name", "pk")
    page = Paginator(open_quarters, QUARTERS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    tallied = tallies(shown)
    quarters = []
    for period in shown:
        tally = tallied[period.pk]
        quarters.append(
            {
                "period": period,
                "counts": [(PROGRESS_LABELS[value], count) for value, count in tally.counts.items()],
                "officers_owing": tally.officers_owing,
                "unled_owing": tally.unled_owing,
                "days_left": _days_left_in_words(period.days_left(today)),
            }
        )
    context = {
        "quarters": quarters,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
    }
    return render(request, "recommendations/chasing.html", context)


@role_required(can_manage_periods)
@require_http_methods(["GET", "POST"])
@in_review
def period_chase(request, review, pk):
    """Every item of the quarter and where its update stands, by lead officer, with the deadline
    and the days left; filtered by where updates stand and by whether officers have an account.
    A POST sends a reminder now to one officer (`officer`) or to all with something outstanding."""
    period = period_in(review, pk)
    today = timezone.localdate()
    if request.method == "POST":
        if not period.is_open:
            messages.error(request, f"{period.name} is not open: there is no one to remind.")
            return redirect("recommendations:period-chase", review=review.slug, pk=period.pk)
        officer_pk = request.POST.get("officer", "")
        officers = None
        if officer_pk:
            officers = list(Officer.objects.filter(pk=officer_pk)) if officer_pk.isdigit() else []
            if not officers:
                raise Http404("No officer has that number.")
        said = services.reminders_send_now(period=period, officers=officers, by=request.user)
        messages.success(request, "; ".join(said) + "." if said else "Nobody has anything outstanding.")
        return redirect("recommendations:period-chase", review=review.slug, pk=period.pk)
    chased = chase(period, today=today)
    wanted_progress = [value for value in request.GET.getlist("progress") if value in PROGRESS_LABELS]
    wanted_account = request.GET.get("account", "")
    groups = []
    for group in chased.officers:
        if wanted_account in ACCOUNTS and group.has_account != (wanted_account == "yes"):
            continue
        items = [item for item in group.items if not wanted_progress or item.progress in wanted_progress]
        if items:
            groups.append((group, items))
    context = {
        "review": review,
        "period": period,
        "chase": chased,
        "groups": groups,
        "counts": [(value, PROGRESS_LABELS[value], count) for value, count in chased.counts().items()],
        "days_left": _days_left_in_words(chased.days_left(today)),
        "progress_choices": list(PROGRESS_LABELS.items()),
        "wanted_progress": wanted_progress,
        "account_choices": list(ACCOUNTS.items()),
        "wanted_account": wanted_account,
        "not_started": NOT_STARTED,
        "today": today,
    }
    return render(request, "recommendations/reportingperiod_chase.html", context)


def _days_left_in_words(days: int | None) -> str:
    if days is None:
        return ""
    if days == 0:
        return "due today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} left"
    return f"{-days} day{'s' if days != -1 else ''} past the deadline"
