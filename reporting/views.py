from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from recommendations.forms import QuarterForm
from recommendations.reviews import review_in_view
from tracker.public import is_public_view

from .dashboard import dashboard_for


@require_safe
def dashboard(request):
    """The review at a glance, now or (`?as_at=<quarter>`) as at the end of a quarter."""
    review = review_in_view(request)
    if review is None:
        return render(request, "reporting/dashboard.html", {"dashboard": None})
    form = QuarterForm(request.GET, review=review)  # the list's quarter selector
    as_at = form.cleaned_data["as_at"] if form.is_valid() else None
    figures = dashboard_for(review, as_at=as_at, today=timezone.localdate(), public=is_public_view(request))
    return render(
        request,
        "reporting/dashboard.html",
        {"dashboard": figures, "form": form, "errors": form.error_links()},
    )
