"""The reviews: every review tracked, newest activity first."""

from django.core.paginator import Paginator
from django.db.models import Count, F, Max, OuterRef, Subquery
from django.shortcuts import render
from django.views.decorators.http import require_safe

from ..models import ProgressUpdate, Recommendation, ReportingPeriod, Review, Status


@require_safe
def review_list(request):
    """Each review: its body, when published, its recommendations by status, its open quarter and
    its last accepted update; the latest activity first. Three queries a page, whatever the number
    of reviews."""
    last_accepted = (
        ProgressUpdate.objects.accepted()
        .filter(period__review=OuterRef("pk"))
        .order_by()
        .values("period__review")
        .annotate(latest=Max("reviewed_at"))
        .values("latest")
    )
    reviews = Review.objects.annotate(
        last_update=Subquery(last_accepted), recommendation_count=Count("recommendations")
    ).order_by(F("last_update").desc(nulls_last=True), F("published").desc(nulls_last=True), "name")
    page = Paginator(reviews, 25).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    by_status = {}
    labels = dict(Status.choices)
    for row in (
        Recommendation.objects.filter(review__in=shown)
        .order_by()
        .values("review_id", "status")
        .annotate(count=Count("pk"))
    ):
        by_status.setdefault(row["review_id"], []).append(
            (labels.get(row["status"], row["status"]), row["count"])
        )
    open_periods = {
        period.review_id: period
        for period in ReportingPeriod.objects.open().filter(review__in=shown).order_by("-ends")
    }
    for review in shown:
        review.status_counts = sorted(by_status.get(review.pk, []), key=lambda item: -item[1])
        review.open_period = open_periods.get(review.pk)
    return render(
        request,
        "recommendations/review_list.html",
        {"reviews": shown, "page_obj": page, "page_range": page.paginator.get_elided_page_range(page.number)},
    )
