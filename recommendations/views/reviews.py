"""The reviews: every review tracked, newest activity first."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from tracker.errors import WorkflowError
from tracker.permissions import can_manage_reviews, role_required

from .. import services
from ..forms import ReviewForm
from ..models import ProgressUpdate, Recommendation, ReportingPeriod, Review, Status
from ..reviews import in_review

REVIEWS_PER_PAGE = 25


@require_safe
def review_list(request):
    """Each review: its body, when published, its recommendations by status, its open quarter and
    its last accepted update; the latest activity first. Three queries a page, whatever the number
    of reviews; each review's last accepted update is its quarters' latest, one index probe each
    (`update_accepted_latest`), never a scan of all the updates."""
    latest_in_quarter = (
        ProgressUpdate.objects.accepted()
        .filter(period=OuterRef("pk"), reviewed_at__isnull=False)
        .order_by("-reviewed_at")
        .values("reviewed_at")[:1]
    )
    latest_in_review = (
        ReportingPeriod.objects.filter(review=OuterRef("pk"))
        .annotate(latest=Subquery(latest_in_quarter))
        .order_by(F("latest").desc(nulls_last=True))
        .values("latest")[:1]
    )
    reviews = Review.objects.annotate(last_update=Subquery(latest_in_review)).order_by(
        F("last_update").desc(nulls_last=True), F("published").desc(nulls_last=True), "name"
    )
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("page"))
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
        review.recommendation_count = sum(count for _, count in review.status_counts)
        review.open_period = open_periods.get(review.pk)
    return render(
        request,
        "recommendations/review_list.html",
        {
            "reviews": shown,
            "page_obj": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "may_manage_reviews": can_manage_reviews(request.user),
        },
    )


@role_required(can_manage_reviews)
@require_http_methods(["GET", "POST"])
def review_create(request):
    """The coordinator or an administrator sets up a review: its title, address, publication,
    description and themes; then adds its quarters (the next UK financial quarter suggested)."""
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_create(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                published=form.cleaned_data["published"],
                description=form.cleaned_data["description"],
                themes=form.cleaned_data["theme_list"],
                by=request.user,
            )
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(
                request, f"The {review.name} is set up. Add its first quarter when updates are due."
            )
            return redirect("recommendations:period-list", review=review.slug)
    return render(request, "recommendations/review_form.html", {"form": form, "errors": form.error_links()})


@role_required(can_manage_reviews)
@require_http_methods(["GET", "POST"])
@in_review
def review_edit(request, review):
    """Correct a review's title, publication and description, or add themes."""
    initial = {"name": review.name, "published": review.published, "description": review.description}
    form = ReviewForm(request.POST or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_edit(
                review=review,
                name=form.cleaned_data["name"],
                published=form.cleaned_data["published"],
                description=form.cleaned_data["description"],
                new_themes=form.cleaned_data["theme_list"],
                by=request.user,
            )
        except WorkflowError as error:
            form.refuse(error)
        else:
            messages.success(request, "The review is corrected.")
            return redirect(review)
    context = {"form": form, "review": review, "errors": form.error_links(), "themes": review.themes.all()}
    return render(request, "recommendations/review_form.html", context)


@role_required(can_manage_reviews)
@require_http_methods(["GET", "POST"])
@in_review
def review_archive(request, review):
    """Asks to confirm, then archives a finished review: read-only, still reportable."""
    errors = []
    if request.method == "POST":
        try:
            services.review_archive(review=review, by=request.user)
        except WorkflowError as error:
            errors = [("#main-content", error.message)]
        else:
            messages.success(
                request, f"The {review.name} is archived. Its pages and papers can still be read."
            )
            return redirect(review)
    return render(request, "recommendations/review_archive.html", {"review": review, "errors": errors})
