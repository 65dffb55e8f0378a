import csv

from django.db.models import QuerySet

from .models import Recommendation, Status

APPENDIX_HEADER = [
    "ref",
    "theme",
    "recommendation",
    "assigned_to",
    "lead_officer",
    "proposed_action",
    "timescale",
    "progress_update",
    "status",
]


def appendix_rows(recommendations):
    """Appendix 1 as rows: one per proposed action, one for a recommendation with none.

    `status` is the row's own: the action's status, or the recommendation's where it has no action.
    `recommendations` is a QuerySet, or a list whose themes and actions are already attached (the
    tracker as at a quarter: `as_at.Snapshot.with_themes_and_actions`).
    """
    if isinstance(recommendations, QuerySet):
        recommendations = recommendations.select_related("theme").prefetch_related("actions")
    for recommendation in recommendations:
        start = [
            recommendation.ref,
            recommendation.theme.name,
            recommendation.text,
            recommendation.assigned_to_text,
        ]
        actions = list(recommendation.actions.all())
        if not actions:
            yield [*start, "", "", "", "", recommendation.get_status_display()]
        for action in actions:
            yield [
                *start,
                action.lead_officer_text,
                action.text,
                action.timescale,
                action.progress,
                Status(action.status).label,
            ]


def write_appendix_csv(stream, recommendations=None):
    """Write Appendix 1 as CSV to a text stream."""
    if recommendations is None:
        recommendations = Recommendation.objects.all()
    writer = csv.writer(stream)
    writer.writerow(APPENDIX_HEADER)
    writer.writerows(appendix_rows(recommendations))
