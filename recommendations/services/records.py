"""Writes to the record outside the quarterly workflow: who leads a recommendation."""

from django.db import transaction

from tracker.models import User
from tracker.versioning import check_version, save_with_history

from ..models import Officer, Recommendation

# Lead officers -----------------------------------------------------------------------------


@transaction.atomic
def recommendation_assign_lead_officer(
    *, recommendation: Recommendation, officer: Officer | None, by: User, expected_version: int | None = None
) -> Recommendation:
    """Assign (or clear) the officer accountable for a recommendation."""
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    check_version(recommendation, expected_version)
    recommendation.lead_officer = officer
    recommendation.version += 1
    reason = f"Lead officer assigned: {officer}" if officer else "Lead officer removed"
    save_with_history(recommendation, reason=reason, by=by)
    return recommendation
