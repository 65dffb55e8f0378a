"""Appendix 1, "Progress in Implementing Recommendations", for a quarter or now: the rows under
their themes in report order, read from the quarter's frozen snapshot or the live record."""

from __future__ import annotations

from dataclasses import dataclass, field

from recommendations import columns
from recommendations.exports import AppendixRow, recommendation_rows
from recommendations.models import Recommendation, ReportingPeriod, Review

from .key import FILL_NAMES, recommendation_fill, row_fill
from .provenance import Provenance, provenance

TITLE = "Progress in Implementing Recommendations"
PAPER = "appendix-1"


@dataclass
class ThemeGroup:
    """A theme heading and its rows, recommendation by recommendation."""

    name: str
    rows: list[AppendixRow] = field(default_factory=list)


@dataclass(frozen=True)
class Appendix:
    """The paper: its provenance, its columns and its theme groups."""

    provenance: Provenance
    themes: list[ThemeGroup]
    with_status_and_rag: bool
    title: str = TITLE

    @property
    def columns(self) -> tuple[str, ...]:
        return columns.paper_columns(with_status_and_rag=self.with_status_and_rag)

    @property
    def rows(self) -> list[AppendixRow]:
        return [row for theme in self.themes for row in theme.rows]

    def filename(self, extension: str) -> str:
        return self.provenance.filename(PAPER, extension)

    def printed(self):
        """Each theme with its rows' cells as the print page draws them (`printed_cells`)."""
        return [(theme.name, [printed_cells(self, row) for row in theme.rows]) for theme in self.themes]


def recommendations_of(review: Review, origin: Provenance) -> list:
    """The review's recommendations as the paper shows them, each with its theme and actions."""
    if origin.past is not None:
        past = origin.past
        found = past.with_themes_and_actions(past.recommendations())
    else:
        found = list(
            Recommendation.objects.for_review(review).select_related("theme").prefetch_related("actions")
        )
    return sorted(found, key=lambda recommendation: (recommendation.theme.position, recommendation.ref))


def appendix(
    review: Review, period: ReportingPeriod | None = None, *, with_status_and_rag: bool = False
) -> Appendix:
    """Appendix 1 of `review` as at the end of `period` (frozen if closed, so far if open) or now."""
    origin = provenance(review, period)
    themes: list[ThemeGroup] = []
    for recommendation in recommendations_of(review, origin):
        if not themes or themes[-1].name != recommendation.theme.name:
            themes.append(ThemeGroup(recommendation.theme.name))
        themes[-1].rows += recommendation_rows(recommendation)
    return Appendix(provenance=origin, themes=themes, with_status_and_rag=with_status_and_rag)


@dataclass(frozen=True)
class Cell:
    """A cell of the printed table: its text, its KEY fill and how many rows it spans."""

    text: object
    fill: str | None
    rows: int = 1
    heading: bool = False  # the Ref cell: the row's header cell


def printed_cells(paper: Appendix, row: AppendixRow) -> list[Cell]:
    """A row's cells as the print page draws them: the recommendation's cells (Ref,
    Recommendation, Assigned to, and Status and RAG) only on its first row, spanning its rows."""
    values = row.values(with_status_and_rag=paper.with_status_and_rag)
    merged = {0, 1, 2} | ({7, 8} if paper.with_status_and_rag else set())
    own, whole = FILL_NAMES.get(row_fill(row)), FILL_NAMES.get(recommendation_fill(row))
    if row.is_recommendation_row and not row.first:
        values[4] = "The recommendation as a whole"
    return [
        Cell(
            value,
            whole if index in merged else own,
            row.rows_in_recommendation if index in merged else 1,
            index == 0,
        )
        for index, value in enumerate(values)
        if row.first or index not in merged
    ]
