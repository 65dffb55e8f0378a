"""What the public view shows of a recommendation's history: accepted progress only.

The full timeline (`timeline.recommendation_timeline`) also holds who changed the record, updates
submitted and returned with the reasons, and questions. The public sees the accepted updates
alone, with no account's name on them: the report that published the progress named no author,
so an update taken from it keeps the report's own attribution, and others show none.
"""

from dataclasses import replace

from .models import Officer
from .timeline import QuarterGroup, recommendation_timeline
from .versions import FROM_REPORT


def public_timeline(recommendation) -> list[QuarterGroup]:
    """The recommendation's accepted updates by quarter, newest first, without names or notes."""
    quarters = []
    for quarter in recommendation_timeline(recommendation, questions=[]):
        entries = [
            replace(
                entry,
                who=entry.who if entry.who.startswith(FROM_REPORT) else "",
                author=entry.author if entry.author.startswith(FROM_REPORT) else "",
                note="",
            )
            for entry in quarter.entries
            if entry.kind == "update"
        ]
        if entries:
            quarters.append(QuarterGroup(name=quarter.name, ends=quarter.ends, entries=entries))
    return quarters


def offer_only_published_lead_officers(filterset) -> None:
    """Narrow the list's lead officer filter to the officers the report published (its actions'
    "Lead Officer" column), so an officer record made for a user's account is never named."""
    offered = filterset.filters["lead_officer"].queryset
    filterset.filters["lead_officer"].queryset = offered.filter(
        id__in=Officer.objects.filter(actions__isnull=False).values("id")
    )
