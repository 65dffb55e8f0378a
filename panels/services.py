"""Writes of the panel's own recommendations: recorded, answered, then tracked quarter by quarter.

Each service runs in one transaction, records who made the change and why on the history rows it
writes, and raises `WorkflowError` (with a message fit to show the user and the form field it
belongs to) when it refuses; a refused write changes nothing. The `*_problems` functions hold the
rules the services check, so a form can show every problem at once, each next to its field, while
the service stays the one place the rules are enforced.
"""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from recommendations.models import Rag, Recommendation, ReportingPeriod, Status
from recommendations.timescales import TimescaleError, parse_timescale
from tracker.errors import ConflictError, WorkflowError
from tracker.models import User
from tracker.versioning import check_version, save_with_history

from .models import PanelRecommendation, PanelRecommendationUpdate, PanelReport

__all__ = [
    "ConflictError",
    "WorkflowError",
    "panel_recommendation_create",
    "panel_recommendation_new_problems",
    "panel_recommendation_record_update",
    "panel_recommendation_respond",
    "panel_recommendation_response_problems",
    "panel_recommendation_update_problems",
]


def _refs(recommendations: Iterable[Recommendation]) -> str:
    """ "recommendation 18" or "recommendations 4, 6, 7": how the report names them."""
    refs = sorted(recommendation.ref for recommendation in recommendations)
    noun = "recommendation" if len(refs) == 1 else "recommendations"
    return f"{noun} {', '.join(str(ref) for ref in refs)}"


def _raise_first(problems: list[WorkflowError]) -> None:
    if problems:
        raise problems[0]


# Recording a panel recommendation ----------------------------------------------------------


def panel_recommendation_new_problems(
    *, report: PanelReport, number: int, text: str, recommendations: Iterable[Recommendation]
) -> list[WorkflowError]:
    """Why a new panel recommendation cannot be recorded as given; empty when it can."""
    problems = []
    if number < 1:
        problems.append(WorkflowError("The number must be 1 or more", field="number"))
    elif PanelRecommendation.objects.filter(report=report, number=number).exists():
        problems.append(
            WorkflowError(
                f"Panel recommendation {number} already exists in this report: enter a different number",
                field="number",
            )
        )
    if not text.strip():
        problems.append(WorkflowError("Enter the panel's recommendation", field="text"))
    outside = [
        recommendation for recommendation in recommendations if recommendation.review_id != report.review_id
    ]
    if outside:
        problems.append(
            WorkflowError(
                f"Select only recommendations of the {report.review}, which the report is on "
                f"(not {_refs(outside)})",
                field="recommendations",
            )
        )
    return problems


@transaction.atomic
def panel_recommendation_create(
    *, report: PanelReport, number: int, text: str, recommendations: Iterable[Recommendation], by: User
) -> PanelRecommendation:
    """Record one of the panel's own recommendations from a report, with those it concerns."""
    # Locking the report serialises new numbers in it; the unique constraint is the backstop.
    report = PanelReport.objects.select_for_update().select_related("panel").get(pk=report.pk)
    recommendations = list(recommendations)
    _raise_first(
        panel_recommendation_new_problems(
            report=report, number=number, text=text, recommendations=recommendations
        )
    )
    panel_recommendation = PanelRecommendation(report=report, number=number, text=text.strip())
    reason = "Recorded"
    if recommendations:
        reason = f"Recorded, concerning {_refs(recommendations)}"
    try:
        with transaction.atomic():
            save_with_history(panel_recommendation, reason=reason, by=by)
    except IntegrityError as error:
        raise WorkflowError(
            f"Panel recommendation {number} already exists in this report: enter a different number",
            field="number",
        ) from error
    panel_recommendation.recommendations.set(recommendations)
    return panel_recommendation


# The action-plan response ------------------------------------------------------------------


def panel_recommendation_response_problems(
    *, agreed: bool | None, not_agreed_reason: str, timescale: str
) -> list[WorkflowError]:
    """Why a response cannot be recorded as given; empty when it can."""
    problems = []
    if agreed is None:
        problems.append(WorkflowError("Select yes if the recommendation is agreed", field="agreed"))
    elif not agreed and not not_agreed_reason.strip():
        problems.append(
            WorkflowError("Enter why the recommendation is not agreed", field="not_agreed_reason")
        )
    try:
        parse_timescale(timescale.strip())
    except TimescaleError as error:
        problems.append(WorkflowError(str(error), field="timescale"))
    return problems


@transaction.atomic
def panel_recommendation_respond(
    *,
    panel_recommendation: PanelRecommendation,
    by: User,
    coordinators: str,
    agreed: bool | None,
    not_agreed_reason: str,
    implementation: str,
    responsible: str,
    timescale: str,
    expected_version: int | None = None,
) -> PanelRecommendation:
    """Record (or revise) the action-plan response to a panel recommendation.

    `expected_version` is the version the form was opened on; if someone saved since, nothing is
    written and `ConflictError` carries their version.
    """
    panel_recommendation = PanelRecommendation.objects.select_for_update().get(pk=panel_recommendation.pk)
    check_version(panel_recommendation, expected_version)
    _raise_first(
        panel_recommendation_response_problems(
            agreed=agreed, not_agreed_reason=not_agreed_reason, timescale=timescale
        )
    )
    first_response = panel_recommendation.agreed is None
    panel_recommendation.coordinators = coordinators.strip()
    panel_recommendation.agreed = agreed
    # "Why not" answers a "no": kept only with one, so the record never says both.
    panel_recommendation.not_agreed_reason = "" if agreed else not_agreed_reason.strip()
    panel_recommendation.implementation = implementation.strip()
    panel_recommendation.responsible = responsible.strip()
    panel_recommendation.timescale = timescale.strip()
    panel_recommendation.due_date = parse_timescale(panel_recommendation.timescale).due
    panel_recommendation.version += 1
    save_with_history(
        panel_recommendation, reason="Response recorded" if first_response else "Response revised", by=by
    )
    return panel_recommendation


# Quarterly tracking ------------------------------------------------------------------------


def panel_recommendation_update_problems(*, narrative: str, status: str, rag: str) -> list[WorkflowError]:
    """Why a quarter's progress cannot be recorded as given; empty when it can."""
    problems = []
    if not narrative.strip():
        problems.append(WorkflowError("Enter the progress made this quarter", field="narrative"))
    if status not in Status.values:
        problems.append(WorkflowError("Select the status", field="status"))
    if rag not in Rag.values:
        problems.append(WorkflowError("Select the RAG rating", field="rag"))
    return problems


@transaction.atomic
def panel_recommendation_record_update(
    *,
    panel_recommendation: PanelRecommendation,
    period: ReportingPeriod,
    by: User,
    narrative: str,
    status: str,
    rag: str,
    expected_version: int | None = None,
) -> PanelRecommendationUpdate:
    """Record (or revise) a quarter's progress on a panel recommendation in an open quarter; it
    becomes the panel recommendation's status, RAG and progress.

    `expected_version` is the version of the quarter's update the form was opened on (0 when
    there was none yet); if someone saved since, nothing is written and `ConflictError` carries
    their update.
    """
    # Lock the quarter first, as the progress update services do, so it cannot close under a save.
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != ReportingPeriod.State.OPEN:
        raise WorkflowError(f"{period.name} is not open for updates", field="period")
    panel_recommendation = (
        PanelRecommendation.objects.select_for_update(of=("self",))
        .select_related("report__panel")
        .get(pk=panel_recommendation.pk)
    )
    if not panel_recommendation.report.panel.reviews.filter(pk=period.review_id).exists():
        raise WorkflowError(
            f"{period.name} is a quarter of a review {panel_recommendation.report.panel} does not oversee",
            field="period",
        )
    update = (
        PanelRecommendationUpdate.objects.select_for_update()
        .filter(panel_recommendation=panel_recommendation, period=period)
        .first()
    )
    if expected_version is not None and (update.version if update else 0) != expected_version:
        if update is None:
            raise WorkflowError(f"The {period.name} update you opened no longer exists: record it again")
        raise ConflictError(update)
    _raise_first(panel_recommendation_update_problems(narrative=narrative, status=status, rag=rag))

    if update is None:
        update = PanelRecommendationUpdate(
            panel_recommendation=panel_recommendation, period=period, version=0
        )
        reason = f"{period.name} update recorded"
    else:
        reason = f"{period.name} update revised"
    update.narrative = narrative.strip()
    update.status = status
    update.rag = rag
    update.recorded_by = by
    update.recorded_at = timezone.now()
    update.version += 1
    save_with_history(update, reason=reason, by=by)

    panel_recommendation.status = status
    panel_recommendation.rag = rag
    panel_recommendation.progress = update.narrative
    panel_recommendation.version += 1
    save_with_history(panel_recommendation, reason=reason, by=by)
    return update
