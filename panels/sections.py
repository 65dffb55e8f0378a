"""What the panels app adds to the recommendation pages (registered in `apps.PanelsConfig.ready`)."""

from recommendations.sections import Section
from tracker.public import is_public_view

from .models import Finding, PanelRecommendation, PanelReport


def findings_on_recommendation(*, request, recommendation, snapshot) -> dict:
    """The panel's findings on a recommendation (with their report) and the panel recommendations
    concerning it; as at a quarter, only those of reports published by its end. Two queries."""
    # Report by report; in each, the highlights before the areas of concern, as on the panel page.
    findings = Finding.objects.filter(recommendations=recommendation).select_related("report")
    panel_recommendations = PanelRecommendation.objects.filter(recommendations=recommendation).select_related(
        "report__review"
    )
    if snapshot is not None:
        findings = findings.filter(report__published__lte=snapshot.period.ends)
        panel_recommendations = panel_recommendations.filter(report__published__lte=snapshot.period.ends)
    return {
        "findings": findings.order_by("report__published", "report_id", "-kind", "number"),
        "panel_recommendations": panel_recommendations.in_action_plan_order(),
        "snapshot": snapshot,
        "review": recommendation.review,
        "public_view": is_public_view(request),
    }


def stated_completion(*, request, review, snapshot, recorded_completed) -> dict | None:
    """The report's own completion figure, beside the record's (now, or as it stood)."""
    report = PanelReport.objects.stating_completion_for(review).first()
    if report is None:
        return None
    return {"stated_report": report, "recorded_completed": recorded_completed, "snapshot": snapshot}


RECOMMENDATION_FINDINGS = Section("panels/includes/_recommendation_findings.html", findings_on_recommendation)
STATED_COMPLETION = Section("panels/includes/_stated_completion.html", stated_completion)
