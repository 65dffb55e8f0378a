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
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from panels.models import Finding, PanelRecommendation, PanelReport
from recommendations.as_at import Snapshot, snapshot
from recommendations.models import (
    CLOSED_STATUSES,
    ProgressUpdate,
    ProposedAction,
    Rag,
    Recommendation,
    ReportingPeriod,
    Review,
    Status,
    Theme,
    overdue_actions,
)

from . import charts

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


@dataclass(frozen=True)
class RecommendationLink:
    ref: int
    url: str
    note: str = ""


@dataclass(frozen=True)
class SlippedAction:
    """A proposed action whose timescale was revised, and how many times."""

    ref: int
    url: str
    position: int
    timescale: str
    times: int
    status: str
    status_label: str


@dataclass(frozen=True)
class RagChange:
    ref: int
    url: str
    was: str
    was_label: str
    now: str
    now_label: str


@dataclass(frozen=True)
class Changes:
    """What changed between the end of the previous quarter (`since`) and the dashboard's moment."""

    since: str
    new_completions: tuple[RecommendationLink, ...]
    rag_changes: tuple[RagChange, ...]


@dataclass(frozen=True)
class MissingUpdates:
    """Open recommendations with no update submitted (or accepted) for a quarter."""

    period: ReportingPeriod
    recommendations: tuple[RecommendationLink, ...]


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
    slipped: list[SlippedAction]
    changes: Changes | None
    missing_updates: MissingUpdates | None
    concerns: list[Finding]
    panel_recommendations: list[PanelRecommendation]
    charts: dict[str, charts.BarChart] = field(default_factory=dict)


def list_url(*, as_at: ReportingPeriod | None = None, **criteria) -> str:
    """The recommendation list filtered by `criteria` (the list's URL parameters), as at `as_at`."""
    if as_at is not None:
        criteria["as_at"] = as_at.pk
    query = urlencode(criteria, doseq=True)
    url = reverse("recommendations:recommendation-list")
    return f"{url}?{query}" if query else url


def recommendation_url(ref: int) -> str:
    return reverse("recommendations:recommendation-detail", kwargs={"ref": ref})


# Building it --------------------------------------------------------------------------------


def dashboard_for(
    review: Review, *, as_at: ReportingPeriod | None, today: datetime.date, public: bool = False
) -> Dashboard:
    """The dashboard of `review`, as it stands now or (`as_at`) at the end of that quarter.

    `public` leaves out the workflow (which updates are missing), shown to signed-in users only.
    """
    record = _Record(review, snapshot(as_at) if as_at else None)
    recommendations = record.recommendations()

    def link(**criteria):
        return list_url(as_at=as_at, **criteria)

    by_status = _counts(recommendations, "status")
    by_rag = _counts(recommendations, "rag")
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
        slipped=record.slipped_actions(refs),
        changes=_changes(record, review=review, as_at=as_at, today=today),
        missing_updates=None if public else _missing_updates(record, review=review, as_at=as_at),
        concerns=_concerns(review, as_at=as_at),
        panel_recommendations=_panel_recommendations(review, record),
    )
    dashboard.charts = _charts(dashboard)
    return dashboard


def _counts(queryset, field_name: str) -> dict[str, int]:
    rows = queryset.values(field_name).annotate(count=Count("id")).order_by()
    return {row[field_name]: row["count"] for row in rows}


class _Record:
    """The review's recommendations and actions: live, or from the history tables as at a moment."""

    def __init__(self, review: Review, past: Snapshot | None):
        self.review = review
        self.past = past
        self.moment = past.moment if past else timezone.now()

    def recommendations(self):
        if self.past:
            return self.past.recommendations()
        return Recommendation.objects.for_review(self.review)

    def actions(self):
        if self.past:
            return self.past.actions()
        return ProposedAction.objects.filter(recommendation__review=self.review)

    def refs(self) -> dict[int, int]:
        """Each recommendation's number by its id."""
        return dict(self.recommendations().order_by().values_list("id", "ref"))

    def late_action_counts(self, *, on: datetime.date) -> dict[int, int]:
        """Open recommendations with actions past their due date, as `Recommendation.overdue` selects
        them: {recommendation id: how many such actions}."""
        open_recommendations = self.recommendations().exclude(status__in=CLOSED_STATUSES).values("id")
        late = (
            overdue_actions(self.actions().filter(recommendation_id__in=open_recommendations), on=on)
            .values("recommendation_id")
            .annotate(count=Count("id"))
            .order_by()
        )
        return {row["recommendation_id"]: row["count"] for row in late}

    def slipped_actions(self, refs: dict[int, int]) -> list[SlippedAction]:
        """Actions whose timescale was revised: a first date kept (`original_due_date`), or more than
        one timescale in their history up to the moment. Each revision between two recorded
        timescales counts once; a first date kept counts at least once."""
        timescales = (
            ProposedAction.history.filter(
                recommendation_id__in=self.recommendations().values("id"), history_date__lte=self.moment
            )
            .values("id")
            .annotate(count=Count("timescale", distinct=True))
            .order_by()
        )
        revisions = {row["id"]: row["count"] - 1 for row in timescales if row["count"] > 1}
        actions = (
            self.actions()
            .filter(Q(original_due_date__isnull=False) | Q(id__in=list(revisions)))
            .order_by()
            .values("id", "recommendation_id", "position", "timescale", "status")
        )
        labels = dict(Status.choices)
        slipped = [
            SlippedAction(
                ref=refs[action["recommendation_id"]],
                url=recommendation_url(refs[action["recommendation_id"]]),
                position=action["position"],
                timescale=action["timescale"],
                times=max(revisions.get(action["id"], 0), 1),
                status=action["status"],
                status_label=labels.get(action["status"], action["status"]),
            )
            for action in actions
            if action["recommendation_id"] in refs
        ]
        return sorted(slipped, key=lambda item: (item.ref, item.position))


def _previous_moment(review: Review, *, as_at: ReportingPeriod | None, today: datetime.date):
    """The moment to compare with, and its name: the end of the previous quarter (before `as_at`,
    or the latest closed quarter for now); for the first quarter, the moment it began."""
    periods = ReportingPeriod.objects.filter(review=review)
    if as_at is not None:
        previous = periods.filter(ends__lt=as_at.starts).order_by("-ends").first()
        if previous is None:
            began = timezone.make_aware(datetime.datetime.combine(as_at.starts, datetime.time.min))
            return Snapshot(
                period=as_at, moment=began
            ), f"the start of {as_at.name} ({as_at.starts:%-d %B %Y})"
    else:
        previous = periods.closed().filter(ends__lt=today).order_by("-ends").first()
        if previous is None:
            return None, ""
    return snapshot(previous), f"the end of {previous.name} ({previous.ends:%-d %B %Y})"


def _changes(record: _Record, *, review, as_at, today) -> Changes | None:
    then, since = _previous_moment(review, as_at=as_at, today=today)
    if then is None:
        return None
    # Two rows per recommendation, paired up in memory: a constant two queries.
    before = {row["id"]: row for row in then.recommendations().order_by().values("id", "status", "rag")}
    now = record.recommendations().order_by("ref").values("id", "ref", "status", "rag")
    rag_labels = dict(Rag.choices)
    new_completions, rag_changes = [], []
    for row in now:
        was = before.get(row["id"])
        if row["status"] == Status.COMPLETED and (was is None or was["status"] != Status.COMPLETED):
            new_completions.append(RecommendationLink(row["ref"], recommendation_url(row["ref"])))
        if was is not None and was["rag"] != row["rag"]:
            rag_changes.append(
                RagChange(
                    ref=row["ref"],
                    url=recommendation_url(row["ref"]),
                    was=was["rag"],
                    was_label=rag_labels.get(was["rag"], was["rag"]),
                    now=row["rag"],
                    now_label=rag_labels.get(row["rag"], row["rag"]),
                )
            )
    return Changes(since=since, new_completions=tuple(new_completions), rag_changes=tuple(rag_changes))


def _missing_updates(record: _Record, *, review, as_at) -> MissingUpdates | None:
    """The quarter's missing updates: the open quarter's (or the latest one's) now, or `as_at`'s."""
    period = as_at
    if period is None:
        periods = ReportingPeriod.objects.filter(review=review)
        period = (
            periods.open().first()
            or periods.exclude(state=ReportingPeriod.State.PLANNED).order_by("-ends").first()
        )
    if period is None:
        return None
    reported = (
        ProgressUpdate.objects.in_period(period)
        .filter(state__in=[ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.ACCEPTED])
        .values("recommendation_id")
    )
    refs = (
        record.recommendations()
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(id__in=reported)
        .order_by("ref")
        .values_list("ref", flat=True)
    )
    return MissingUpdates(
        period=period, recommendations=tuple(RecommendationLink(ref, recommendation_url(ref)) for ref in refs)
    )


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


def _panel_recommendations(review: Review, record: _Record) -> list[PanelRecommendation]:
    """The panel's own recommendations on the review, as they stood at the moment."""
    if record.past:
        reports = PanelReport.objects.filter(panel__reviews=review).values("id")
        in_force = PanelRecommendation.history.as_of(record.moment).filter(report_id__in=reports)
        return list(in_force.order_by("report_id", "number"))
    return list(
        PanelRecommendation.objects.filter(report__panel__reviews=review).in_action_plan_order().distinct()
    )


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
