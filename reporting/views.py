from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recommendations.forms import QuarterForm
from recommendations.models import Review
from recommendations.reviews import in_review, only_review
from tracker.permissions import can_manage_reviews
from tracker.public import is_public_view

from .dashboard import dashboard_for


@require_safe
def home(request):
    """The home page: the review's dashboard where there is one review, else the list of reviews."""
    review = only_review()
    if review is not None:
        return redirect(review)
    if not Review.objects.exists():
        return render(request, "reporting/dashboard.html", {"dashboard": None})
    return redirect("recommendations:review-list")


@require_safe
@in_review
def dashboard(request, review):
    """The review at a glance, now or (`?as_at=<quarter>`) as at the end of a quarter."""
    form = QuarterForm(request.GET, review=review)  # the list's quarter selector
    as_at = form.cleaned_data["as_at"] if form.is_valid() else None
    figures = dashboard_for(review, as_at=as_at, today=timezone.localdate(), public=is_public_view(request))
    return render(
        request,
        "reporting/dashboard.html",
        {
            "review": review,
            "dashboard": figures,
            "form": form,
            "errors": form.error_links(),
            "may_manage_reviews": can_manage_reviews(request.user),
        },
    )


@login_not_required  # a move says nothing; the page moved to asks for signing in itself
def first_review_redirect(request, path):
    """An address from before reviews had their own (`/recommendations/10/`, `/quarters/`,
    `/panel/…`): moved for good to the same page of the first review, the seed."""
    review = Review.objects.order_by("pk").first()
    if review is None:
        return redirect("reporting:home")
    target = f"{review.get_absolute_url()}{path}"
    if request.META.get("QUERY_STRING"):
        target = f"{target}?{request.META['QUERY_STRING']}"
    if request.method in ("GET", "HEAD"):
        return HttpResponsePermanentRedirect(target)
    response = HttpResponsePermanentRedirect(target)
    response.status_code = 308  # keeps the method and body of a form posted to an old address
    return response
