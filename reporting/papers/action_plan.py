"""The Scrutiny Action Plan: the panel's own recommendations with the response to each (who
coordinates it, whether it is agreed, how, who, when) and, once progress is recorded, where each
stands as at the quarter; read from the quarter's frozen snapshot or the live record."""

from __future__ import annotations

from dataclasses import dataclass

from panels.models import PanelRecommendation, PanelReport
from recommendations.columns import ACTION_PLAN_COLUMNS, ACTION_PLAN_PROGRESS_COLUMNS
from recommendations.exports import neutralise_formula
from recommendations.models import Rag, ReportingPeriod, Review, Status

from .provenance import Provenance, provenance

TITLE = "Scrutiny Action Plan"
PAPER = "scrutiny-action-plan"


def agreed_text(panel_recommendation) -> str:
    """The "Agreed?" cell: "Yes", "No" with the reason why not, or empty until a response."""
    if panel_recommendation.agreed is None:
        return ""
    if panel_recommendation.agreed:
        return "Yes"
    reason = panel_recommendation.not_agreed_reason
    return f"No: {reason}" if reason else "No"


@dataclass(frozen=True)
class ActionPlanRow:
    number: int
    recommendation: str
    coordinators: str
    agreed: str
    implementation: str
    responsible: str
    timescale: str
    status: str
    rag: str
    progress: str

    @property
    def has_progress(self) -> bool:
        return bool(self.progress) or self.status != Status.NOT_ASSESSED.label

    def values(self, *, with_progress: bool) -> list:
        cells = [
            self.number,
            self.recommendation,
            self.coordinators,
            self.agreed,
            self.implementation,
            self.responsible,
            self.timescale,
        ]
        return cells + ([self.status, self.rag, self.progress] if with_progress else [])


@dataclass(frozen=True)
class ActionPlan:
    provenance: Provenance
    rows: list[ActionPlanRow]
    title: str = TITLE

    @property
    def with_progress(self) -> bool:
        """Whether any progress is recorded against the plan as at the quarter."""
        return any(row.has_progress for row in self.rows)

    @property
    def columns(self) -> tuple[str, ...]:
        return ACTION_PLAN_COLUMNS + (ACTION_PLAN_PROGRESS_COLUMNS if self.with_progress else ())

    def table(self) -> list[list]:
        return [row.values(with_progress=self.with_progress) for row in self.rows]

    def filename(self, extension: str) -> str:
        return self.provenance.filename(PAPER, extension)


def _label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def action_plan(review: Review, period: ReportingPeriod | None = None) -> ActionPlan:
    """The review's panel recommendations as at the end of `period` (or now)."""
    origin = provenance(review, period)
    reports = PanelReport.objects.filter(panel__reviews=review).values("id")
    records = origin.past.versions_of(PanelRecommendation) if origin.past else PanelRecommendation.objects
    found = records.filter(report_id__in=reports).order_by(
        "report__panel__name", "report__published", "report_id", "number"
    )
    rows = [
        ActionPlanRow(
            number=item.number,
            recommendation=item.text,
            coordinators=item.coordinators,
            agreed=agreed_text(item),
            implementation=item.implementation,
            responsible=item.responsible,
            timescale=item.timescale,
            status=_label(Status, item.status),
            rag=_label(Rag, item.rag),
            progress=item.progress,
        )
        for item in found
    ]
    return ActionPlan(provenance=origin, rows=rows)


def csv_lines(plan: ActionPlan):
    """The CSV's lines: the plan's columns and the quarter, every text cell safe from formulas."""
    yield [*plan.columns, "Quarter"]
    for values in plan.table():
        yield [neutralise_formula(value) for value in values] + [plan.provenance.quarter]
