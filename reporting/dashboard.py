"""The dashboard's figures for a review: now, or as at the end of a quarter.

Every count is made by the database (aggregates over the live tables, or over the history tables
through `as_at.snapshot` for a past quarter), and every figure carries the address of the
recommendation list that selects the same recommendations, using the list's URL parameters:
`theme`, `status`, `open`, `rag`, `overdue` and `as_at`. The number of queries does not depend on
the number of recommendations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch

from panels.models import Finding, PanelRecommendation, PanelReport
from recommendations.as_at import snapshot
from recommendations.models import (
    CLOSED_STATUSES,
    Rag,
    Recommendation,
    ReportingPeriod,
    Review,
    Status,
    Theme,
)

from . import charts
from .changes import Changes, MissingUpdates, changes_since_previous_quarter, missing_updates
from .links import RecommendationLink, list_url, recommendation_url
from .record import Record, SlippedAction, counts

# What the page shows ------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A count and the address of the list of the recommendations it counts."""

    label: str
    count: int
    url: str
    key: str = ""


@dataclass(frozen=True)
class ThemeRow:
    """A theme's recommendations counted by status (one cell per column of the table)."""

    theme: Theme
    cells: tuple[Figure, ...]
    total: Figure


@dataclass
class Dashboard:
    review: Review
    as_at: ReportingPeriod | None
    moment: datetime.datetime
    total: Figure
    open: Figure
    by_status: list[Figure]
    by_rag: list[Figure]
    theme_columns: list[tuple[str, str]]
    by_theme: list[ThemeRow]
    recorded_completed: Figure
    stated_report: PanelReport | None
    overdue_on: datetime.date
    overdue: Figure
    overdue_recommendations: list[RecommendationLink]
    actions_done_still_open: list[RecommendationLink]
    slipped: list[SlippedAction]
    changes: Changes | None
    missing_updates: MissingUpdates | None
    concerns: list[Finding]
    panel_recommendations: list[PanelRecommendation]
    charts: dict[str, charts.BarChart] = field(default_factory=dict)

    @property
    def completions_to_confirm(self) -> int:
        """How many more the report says were completed than the record shows (none if fewer)."""
        if self.stated_report is None or self.stated_report.stated_completed is None:
            return 0
        return max(self.stated_report.stated_completed - self.recorded_completed.count, 0)


# Building it --------------------------------------------------------------------------------


def dashboard_for(
    review: Review, *, as_at: ReportingPeriod | None, today: datetime.date, public: bool = False
) -> Dashboard:
    """The dashboard of `review`, as it stands now or (`as_at`) at the end of that quarter.

    `public` leaves out the workflow (which updates are missing), shown to signed-in users only.
    """
    record = Record(review, snapshot(as_at) if as_at else None)
    recommendations = record.recommendations()

    def link(**criteria):
        return list_url(as_at=as_at, **criteria)

    by_status = counts(recommendations, "status")
    by_rag = counts(recommendations, "rag")
    total = sum(by_status.values())
    open_count = sum(count for status, count in by_status.items() if status not in CLOSED_STATUSES)
    status_figures = [
        Figure(label, by_status.get(value, 0), link(status=value), value) for value, label in Status.choices
    ]
    rag_figures = [
        Figure(label, by_rag.get(value, 0), link(rag=value), value) for value, label in Rag.choices
    ]

    # Status by theme: a column for every status some recommendation has, the themes in report order.
    theme_columns = [(value, label) for value, label in Status.choices if by_status.get(value)]
    by_theme_and_status = {
        (row["theme_id"], row["status"]): row["count"]
        for row in recommendations.values("theme_id", "status").annotate(count=Count("id")).order_by()
    }
    themes = list(Theme.objects.filter(review=review).order_by("position"))
    theme_rows = [
        ThemeRow(
            theme=theme,
            cells=tuple(
                Figure(
                    label, by_theme_and_status.get((theme.pk, value), 0), link(theme=theme.pk, status=value)
                )
                for value, label in theme_columns
            ),
            total=Figure(
                theme.name,
                sum(by_theme_and_status.get((theme.pk, value), 0) for value, _ in theme_columns),
                link(theme=theme.pk),
            ),
        )
        for theme in themes
    ]

    # As the list's `overdue` filter counts: from the quarter's last day, or today if sooner.
    overdue_on = record.past.overdue_on(today) if record.past else today
    late = record.late_action_counts(on=overdue_on)
    refs = record.refs()
    overdue_recommendations = sorted(
        (
            RecommendationLink(
                refs[pk], recommendation_url(refs[pk]), f"{count} action{'s' if count != 1 else ''} past due"
            )
            for pk, count in late.items()
        ),
        key=lambda item: item.ref,
    )

    dashboard = Dashboard(
        review=review,
        as_at=as_at,
        moment=record.moment,
        total=Figure("All recommendations", total, link()),
        open=Figure("Open", open_count, link(open="yes")),
        by_status=status_figures,
        by_rag=rag_figures,
        theme_columns=theme_columns,
        by_theme=theme_rows,
        recorded_completed=Figure(
            "Completed", by_status.get(Status.COMPLETED, 0), link(status=Status.COMPLETED)
        ),
        stated_report=PanelReport.objects.stating_completion_for(review).first(),
        overdue_on=overdue_on,
        overdue=Figure("Overdue", len(late), link(overdue="yes")),
        overdue_recommendations=overdue_recommendations,
        actions_done_still_open=record.actions_done_still_open(refs),
        slipped=record.slipped_actions(refs),
        changes=changes_since_previous_quarter(record, review=review, as_at=as_at, today=today),
        missing_updates=None if public else missing_updates(record, review=review, as_at=as_at),
        concerns=_concerns(review, as_at=as_at),
        panel_recommendations=_panel_recommendations(review, record),
    )
    dashboard.charts = _charts(dashboard)
    return dashboard


def _concerns(review: Review, *, as_at: ReportingPeriod | None) -> list[Finding]:
    """The panel's areas of concern about the review, from reports published by the moment."""
    concerns = Finding.objects.filter(kind=Finding.Kind.CONCERN, report__panel__reviews=review)
    if as_at is not None:
        concerns = concerns.filter(report__published__lte=as_at.ends)
    return list(
        concerns.select_related("report")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.order_by("ref")))
        .order_by("report__published", "report_id", "number")
        .distinct()
    )


def _panel_recommendations(review: Review, record: Record) -> list[PanelRecommendation]:
    """The panel's own recommendations on the review, now or as the quarter reports them."""
    reports = PanelReport.objects.filter(panel__reviews=review).values("id")
    in_force = record.versions_of(PanelRecommendation).filter(report_id__in=reports)
    return list(in_force.order_by("report__panel__name", "report__published", "report_id", "number"))


def _charts(dashboard: Dashboard) -> dict[str, charts.BarChart]:
    when = f" as at {dashboard.as_at.ends:%-d %B %Y}" if dashboard.as_at else ""
    same_figures = "The same figures, with links to the recommendations, are in the table that follows."
    return {
        "status": charts.bar_chart(
            chart_id="chart-status",
            title=f"Recommendations by status{when}",
            description=f"A bar for each status, its length the number of recommendations. {same_figures}",
            bars=[charts.Bar(f.key, f.label, f.count) for f in dashboard.by_status],
            series=charts.STATUS_SERIES,
        ),
        "rag": charts.bar_chart(
            chart_id="chart-rag",
            title=f"Recommendations by RAG rating{when}",
            description=(
                f"A bar for each RAG rating, its length the number of recommendations. {same_figures}"
            ),
            bars=[charts.Bar(f.key, f.label, f.count) for f in dashboard.by_rag],
            series=charts.RAG_SERIES,
        ),
        "theme": charts.stacked_bar_chart(
            chart_id="chart-theme",
            title=f"Status of recommendations by theme{when}",
            description=(
                "A bar for each theme, split by status, with the theme's total at its end. " + same_figures
            ),
            rows=[
                (
                    row.theme.name,
                    [
                        charts.Bar(key, label, cell.count)
                        for (key, label), cell in zip(dashboard.theme_columns, row.cells, strict=True)
                    ],
                )
                for row in dashboard.by_theme
            ],
            series=charts.STATUS_SERIES,
        ),
    }
