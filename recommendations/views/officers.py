"""Assigning the officer who leads a recommendation."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from tracker.errors import ConflictError, WorkflowError
from tracker.forms import last_saved_by
from tracker.permissions import can_assign_lead_officers, role_required

from .. import services
from ..forms import LeadOfficerForm, officer_label
from ..models import Recommendation
from ..reviews import in_review, recommendation_in


@role_required(can_assign_lead_officers)
@require_http_methods(["GET", "POST"])
@in_review
def lead_officer_assign(request, review, ref):
    """The coordinator assigns a recommendation's lead officer, or removes it."""
    recommendation = recommendation_in(review, ref, Recommendation.objects.select_related("lead_officer"))
    if request.method == "POST":
        form = LeadOfficerForm(request.POST)
        if form.is_valid():
            officer = form.cleaned_data["officer"]
            try:
                recommendation = services.recommendation_assign_lead_officer(
                    recommendation=recommendation,
                    officer=officer,
                    by=request.user,
                    expected_version=form.cleaned_data["version"],
                )
            except ConflictError as conflict:
                recommendation = conflict.current
                form.show_conflict(conflict, message=_changed_meanwhile(recommendation))
            except WorkflowError as error:
                form.refuse(error)
            else:
                messages.success(
                    request,
                    f"{officer_label(officer)} now leads recommendation {ref}."
                    if officer
                    else f"Recommendation {ref} no longer has a lead officer.",
                )
                return redirect(recommendation)
    else:
        form = LeadOfficerForm(
            initial={"officer": recommendation.lead_officer_id, "version": recommendation.version}
        )
    return render(
        request,
        "recommendations/recommendation_lead_officer.html",
        {
            "recommendation": recommendation,
            "current_lead_officer": officer_label(recommendation.lead_officer)
            if recommendation.lead_officer
            else "",
            "form": form,
            "errors": form.error_links(),
        },
    )


def _changed_meanwhile(recommendation) -> str:
    """Who changed the recommendation while the coordinator was choosing, and who leads it now."""
    who, _ = last_saved_by(recommendation)
    now = officer_label(recommendation.lead_officer) if recommendation.lead_officer else "no lead officer"
    return (
        f"{who} changed recommendation {recommendation.ref} while you were choosing: "
        f"its lead officer is now {now}. Choose again."
    )
