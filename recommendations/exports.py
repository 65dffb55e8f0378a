"""Appendix 1 as rows and as CSV, in the columns `columns` defines (the papers build on these)."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from . import columns
from .models import Rag, Recommendation, Status

# Recommendations read at a time for a CSV: its memory stays that of one batch, however long.
EXPORT_BATCH = 200

# A spreadsheet reads a cell beginning with one of these as a formula (or a command): the CSV
# writes such text with a leading apostrophe, so it is shown as written and never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Text a spreadsheet would run as a formula, made plain text (a leading apostrophe)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class AppendixRow:
    """One row of Appendix 1: a proposed action, or the recommendation's own row (its update as a
    whole, or its only row where it has no action)."""

    theme: str
    ref: int
    recommendation: str
    assigned_to: str
    lead_officer: str
    proposed_action: str
    timescale: str
    progress_update: str
    status: str  # the recommendation's, as a label
    rag: str  # the recommendation's, as a label
    action_status: str  # the row's own, as a label
    due_date: datetime.date | None
    completed: bool  # the report's grey: the row's own status, or the recommendation's, is completed
    focus: bool  # the report's yellow: EMG / I&E focus
    action_position: int | None  # None on the recommendation's own row
    first: bool  # the first row of its recommendation
    rows_in_recommendation: int

    @property
    def key(self) -> str:
        """The report's KEY in words, for a row that is shaded."""
        words = [columns.KEY_COMPLETED] if self.completed else []
        if self.focus:
            words.append(columns.KEY_FOCUS)
        return columns.KEY_SEPARATOR.join(words)

    @property
    def is_recommendation_row(self) -> bool:
        return self.action_position is None

    def values(self, *, with_status_and_rag: bool) -> list:
        """The cells of the paper's columns (`columns.paper_columns`), in order."""
        cells = [
            self.ref,
            self.recommendation,
            self.assigned_to,
            self.lead_officer,
            self.proposed_action,
            self.timescale,
            self.progress_update,
        ]
        if with_status_and_rag:
            cells += [self.status, self.rag]
        return [*cells, self.key]

    def csv_values(self, *, quarter: str) -> list:
        """The cells of `columns.CSV_COLUMNS`, in order."""
        return [
            self.theme,
            *self.values(with_status_and_rag=True),
            self.action_status,
            self.due_date.isoformat() if self.due_date else "",
            quarter,
        ]


def _label(choices, value) -> str:
    try:
        return choices(value).label
    except ValueError:
        return value


def recommendation_rows(recommendation) -> list[AppendixRow]:
    """A recommendation's rows: one per proposed action, then its update as a whole if it has one
    (or a single row if it has neither)."""
    status = _label(Status, recommendation.status)
    common = {
        "theme": recommendation.theme.name,
        "ref": recommendation.ref,
        "recommendation": recommendation.text,
        "assigned_to": recommendation.assigned_to_text,
        "status": status,
        "rag": _label(Rag, recommendation.rag),
        "focus": recommendation.focus,
    }
    # The recommendation's completion shades all its rows; an action's, its own.
    done = recommendation.status == Status.COMPLETED
    cells = [
        {
            "lead_officer": action.lead_officer_text,
            "proposed_action": action.text,
            "timescale": action.timescale,
            "progress_update": action.progress,
            "action_status": _label(Status, action.status),
            "due_date": action.due_date,
            "completed": done or action.status == Status.COMPLETED,
            "action_position": action.position,
        }
        for action in sorted(recommendation.actions.all(), key=lambda action: action.position)
    ]
    if recommendation.progress or not cells:
        cells.append(
            {
                "lead_officer": "",
                "proposed_action": "",
                "timescale": "",
                "progress_update": recommendation.progress,
                "action_status": status,
                "due_date": None,
                "completed": done,
                "action_position": None,
            }
        )
    return [
        AppendixRow(**common, **row, first=index == 0, rows_in_recommendation=len(cells))
        for index, row in enumerate(cells)
    ]


def appendix_rows(recommendations) -> Iterator[AppendixRow]:
    """Appendix 1 as rows, recommendation by recommendation in the order given.

    `recommendations` is a QuerySet, or a list whose themes and actions are already attached (the
    tracker as at a quarter: `as_at.Snapshot.with_themes_and_actions`).
    """
    if isinstance(recommendations, QuerySet):
        recommendations = recommendations.select_related("theme").prefetch_related("actions")
    for recommendation in recommendations:
        yield from recommendation_rows(recommendation)


def csv_lines(rows: Iterable[AppendixRow], *, quarter: str = columns.NOW) -> Iterator[list]:
    """The CSV's lines, the header first, every text cell safe from formula injection."""
    yield list(columns.CSV_COLUMNS)
    for row in rows:
        yield [neutralise_formula(value) for value in row.csv_values(quarter=quarter)]


def in_batches(
    recommendations: QuerySet, read: Callable[[list[int]], Iterable], *, size: int | None = None
) -> Iterator:
    """The recommendations in their order, read `size` (`EXPORT_BATCH`) at a time by `read(ids)`
    (each with what its rows need attached), so a long export never holds them all at once."""
    size = size or EXPORT_BATCH
    ids = list(recommendations.values_list("id", flat=True))
    for start in range(0, len(ids), size):
        batch = ids[start : start + size]
        by_id = {recommendation.pk: recommendation for recommendation in read(batch)}
        yield from (by_id[pk] for pk in batch if pk in by_id)


def with_themes_and_actions(ids: list[int]) -> QuerySet:
    """Recommendations now, by id, each with its theme and proposed actions (`in_batches`)."""
    return Recommendation.objects.filter(id__in=ids).select_related("theme").prefetch_related("actions")


class _Echo:
    """A file-like object whose write returns the line, for writing CSV a line at a time."""

    def write(self, value):
        return value


def csv_text(lines: Iterable[list]) -> Iterator[str]:
    """Each CSV line as text, as it is written (for a streamed download)."""
    writer = csv.writer(_Echo())
    return (writer.writerow(line) for line in lines)
