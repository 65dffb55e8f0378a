"""A panel recommendation's history, grouped by quarter, newest first: who changed what, when, why.

Every write to a panel recommendation goes through `panels.services`, which records the user and
a reason on the history row; a quarter's progress update also changes the panel recommendation
(its status, RAG and progress), so its history alone tells the whole story. Entries use the
recommendation timeline's shapes (`TimelineEntry`, `QuarterGroup`) so the same component shows
them. Three queries, whatever the number of versions.
"""

from __future__ import annotations

from recommendations.models import ReportingPeriod
from recommendations.timeline import QuarterGroup, Quarters, describe_version

from .models import PanelRecommendation

# The reasons panels.services writes when a quarter's update changes the panel recommendation.
UPDATE_REASON_SUFFIXES = (" update recorded", " update revised")


def panel_recommendation_timeline(panel_recommendation: PanelRecommendation) -> list[QuarterGroup]:
    """Every recorded version of the panel recommendation, described against the one before it."""
    versions = panel_recommendation.history.select_related("history_user", "report").order_by(
        "history_date", "history_id"
    )
    periods = ReportingPeriod.objects.filter(
        review__panels__reports__panel_recommendations=panel_recommendation
    ).distinct()
    period_versions = ReportingPeriod.history.filter(id__in=periods.values("pk")).order_by(
        "history_date", "history_id"
    )
    quarters = Quarters(periods, period_versions, reason_suffixes=UPDATE_REASON_SUFFIXES)
    previous = None
    subject = f"Panel recommendation {panel_recommendation.number}"
    for version in versions:
        entry = describe_version(version, previous, subject=subject, order=(0, 0, -version.history_id))
        if entry is not None:
            quarters.for_version(version).group.entries.append(entry)
        previous = version
    return quarters.newest_first()
