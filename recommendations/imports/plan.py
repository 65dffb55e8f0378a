"""What a file would create: its themes, recommendations and proposed actions, read in exactly the
columns the Appendix 1 export writes (`recommendations.columns`), and every problem, by row and
column.

How the rows are read (the export's own rules, `recommendations/columns.py`):
- The first row holding anything is the headings: one of the export's layouts, the CSV
  (`CSV_COLUMNS`, a "Theme" on each row) or the spreadsheet paper (`paper_columns`, with or
  without status and RAG: a theme is a row of its own, its name under "Ref", every other cell
  empty). Rows above the headings (a title block) are skipped, up to `HEADING_SEARCH_ROWS`.
- One row per proposed action. A recommendation's rows follow one another; on its later rows
  "Ref", "Recommendation" and "Assigned to" repeat the first row's or are empty (merged cells).
- A recommendation's last row, where "Lead Officer", "Proposed Action" and "Timescale" are empty
  and "Action status" (if there is one) is the recommendation's "Status", is the recommendation's
  own row: its update as a whole, or its only row where it has no action. Any other row is an
  action.
- An empty "Lead Officer" on a later row is led by the officers of the row above (merged cells).
- "Status" and "RAG" are the recommendation's, "Action status" the row's own; "Key" sets the
  EMG / I&E focus; "Due date" and "Quarter" are what the export derived and are not read: dates
  come from the timescale (`recommendations.timescales`).
- Officers and assignees: the names already known (longest first) are found in the cell, and what
  is left, split at "/", ";" or a new line, is a new name.
- Cross-references: "Xref recs 1&4", "see recommendation 25", "recommendations 1, 6 and 11" in a
  recommendation's, action's or progress text name other refs, which must exist in the file or the review.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .. import columns
from ..models import NARRATIVE_MAX_LENGTH, Rag, Status
from ..timescales import Timescale, TimescaleError, parse_timescale
from .files import FileRefused, Problem, SheetRow, column_letter
from .links import check_cross_references, resolve_names

HEADING_SEARCH_ROWS = 10
MAX_REF = 32767
LAYOUTS = {
    "CSV": columns.CSV_COLUMNS,
    "spreadsheet with status and RAG": columns.paper_columns(with_status_and_rag=True),
    "spreadsheet": columns.paper_columns(with_status_and_rag=False),
}
# The longest each cell may be, as the record holds it.
LENGTHS = {
    columns.THEME: 200,
    columns.RECOMMENDATION: NARRATIVE_MAX_LENGTH,
    columns.ASSIGNED_TO: 300,
    columns.LEAD_OFFICER: 300,
    columns.PROPOSED_ACTION: NARRATIVE_MAX_LENGTH,
    columns.TIMESCALE: 200,
    columns.PROGRESS_UPDATE: NARRATIVE_MAX_LENGTH,
}
ACTION_CELLS = (columns.LEAD_OFFICER, columns.PROPOSED_ACTION, columns.TIMESCALE)
KEY_WORDS = (columns.KEY_COMPLETED, columns.KEY_FOCUS)


@dataclass
class ActionPlan:
    row: int
    text: str
    lead_officer_text: str
    officer_names: list[str]
    timescale: Timescale
    progress: str
    status: str


@dataclass
class RecommendationPlan:
    row: int
    ref: int
    theme: str
    text: str
    assigned_to_text: str
    assignee_names: list[str]
    status: str = Status.NOT_ASSESSED
    rag: str = Rag.NOT_ASSESSED
    focus: bool = False
    progress: str = ""
    cross_references: list[int] = field(default_factory=list)
    actions: list[ActionPlan] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    raw_rows: list[tuple[int, dict[str, str]]] = field(default_factory=list, repr=False)


@dataclass
class ImportPlan:
    """What the file holds, and what is wrong with it; `problems` empty means it may be imported."""

    layout: str = ""
    headings: tuple[str, ...] = ()
    themes: list[str] = field(default_factory=list)
    recommendations: list[RecommendationPlan] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    new_officers: list[str] = field(default_factory=list)
    known_officers: list[str] = field(default_factory=list)
    new_assignees: list[str] = field(default_factory=list)
    known_assignees: list[str] = field(default_factory=list)

    def add_problem(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        """A problem at a row and column (its heading; the letter is found from the headings)."""
        letter = column_letter(self.headings.index(column)) if column in self.headings else None
        self.problems.append(Problem(message, row=row, column=column, letter=letter))

    @property
    def actions(self) -> list[ActionPlan]:
        return [action for recommendation in self.recommendations for action in recommendation.actions]

    @property
    def timescales_understood(self) -> int:
        return sum(1 for action in self.actions if action.timescale.due or action.timescale.ongoing)

    @property
    def cross_reference_count(self) -> int:
        return sum(len(recommendation.cross_references) for recommendation in self.recommendations)


def plan_import(rows: Iterable[SheetRow], *, existing_refs: Iterable[int] = ()) -> ImportPlan:
    """Read the rows into what they would create, with every problem found; `existing_refs` are
    the refs the review already holds (a cross-reference may name them)."""
    plan = ImportPlan()
    reader = _Reader(plan)
    try:
        for row in rows:
            reader.read(row)
    except FileRefused as refusal:
        return ImportPlan(problems=[Problem(str(refusal))])
    reader.finish()
    if not plan.layout:
        plan.problems.append(Problem(_headings_message(None)))
        return plan
    if not plan.recommendations and not plan.problems:
        plan.problems.append(Problem("The file has its headings but no recommendation."))
    resolve_names(plan)
    check_cross_references(plan, set(existing_refs))
    plan.problems.sort(key=lambda problem: (problem.row or 0, reader.column_order(problem.column)))
    return plan


def _headings_message(found: list[str] | None) -> str:
    expected = "; or ".join(", ".join(layout) for layout in LAYOUTS.values())
    where = f" (found: {', '.join(found)})" if found else ""
    return (
        "The first row must be the Appendix 1 export's headings, exactly: "
        f"{expected}{where}. Download the template to start from them."
    )


class _Reader:
    """Reads the rows one by one into the plan."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.headings: tuple[str, ...] = ()
        self.rows_seen = 0
        self.theme: str | None = None
        self.theme_rows: dict[str, int] = {}
        self.refs: dict[int, RecommendationPlan] = {}
        self.current: RecommendationPlan | None = None

    def column_order(self, column: str | None) -> int:
        return self.headings.index(column) if column in self.headings else -1

    def problem(self, row: int, column: str | None, message: str) -> None:
        self.plan.add_problem(message, row=row, column=column)

    def read(self, row: SheetRow) -> None:
        if not any(row.cells) and not row.problems:
            return
        if not self.headings:
            self.find_headings(row)
            return
        padded = row.cells + [""] * (len(self.headings) - len(row.cells))
        cells = dict(zip(self.headings, padded, strict=False))
        extra = [cell for cell in row.cells[len(self.headings) :] if cell]
        if extra:
            self.problem(row.number, None, "has cells to the right of the last heading: remove them.")
        for index, message in row.problems:
            if index < len(self.headings):
                self.problem(row.number, self.headings[index], message)
        for name, limit in LENGTHS.items():
            if len(cells.get(name, "")) > limit:
                self.problem(row.number, name, f"is longer than {limit:,} characters.")
                # A timescale cut short would only be misread: the one problem is enough.
                cells[name] = "" if name == columns.TIMESCALE else cells[name][:limit]
        self.read_record(row.number, cells)

    def find_headings(self, row: SheetRow) -> None:
        self.rows_seen += 1
        found = list(row.cells)
        while found and not found[-1]:
            found.pop()
        for layout, headings in LAYOUTS.items():
            if [cell.casefold() for cell in found] == [heading.casefold() for heading in headings]:
                self.plan.layout = layout
                self.plan.headings = self.headings = headings
                return
        if self.rows_seen >= HEADING_SEARCH_ROWS or columns.REF.casefold() in (c.casefold() for c in found):
            raise FileRefused(_headings_message(found))

    def read_record(self, number: int, cells: dict[str, str]) -> None:
        ref_text = cells[columns.REF]
        rest = [value for name, value in cells.items() if name != columns.REF and value]
        if columns.THEME not in self.headings and ref_text and not rest and not _is_number(ref_text):
            self.start_theme(number, ref_text)
            return
        if columns.THEME in self.headings:
            theme = cells[columns.THEME]
            if not theme:
                self.problem(number, columns.THEME, "is empty: every row names its theme.")
            elif theme != self.theme:
                self.start_theme(number, theme)
        elif self.theme is None:
            self.problem(
                number,
                columns.REF,
                "comes before any theme: put the theme's name on a row of its own above it.",
            )
        recommendation = self.recommendation_of(number, ref_text, cells)
        if recommendation is not None:
            self.read_row(number, cells, recommendation)

    def start_theme(self, number: int, name: str) -> None:
        if name in self.theme_rows:
            self.problem(
                number,
                columns.THEME if columns.THEME in self.headings else columns.REF,
                f'"{name}" already started at row {self.theme_rows[name]}, so the order of the '
                "themes is unknown: keep each theme's rows together, in report order.",
            )
        else:
            self.theme_rows[name] = number
            self.plan.themes.append(name)
        self.theme = name
        self.current = None

    def recommendation_of(
        self, number: int, ref_text: str, cells: dict[str, str]
    ) -> RecommendationPlan | None:
        if not ref_text:
            if self.current is None:
                self.problem(number, columns.REF, "is empty: enter the recommendation's number.")
            return self.current
        if not _is_number(ref_text) or not 1 <= int(ref_text) <= MAX_REF:
            self.problem(number, columns.REF, f'"{ref_text[:40]}" is not a recommendation number, like 12.')
            self.current = None
            return None
        ref = int(ref_text)
        if self.current is not None and self.current.ref == ref:
            return self.current
        if ref in self.refs:
            first_row = self.refs[ref].row
            self.problem(number, columns.REF, f"{ref} is already used at row {first_row}: use each ref once.")
            self.current = None
            return None
        if not cells[columns.RECOMMENDATION]:
            self.problem(number, columns.RECOMMENDATION, f"is empty: recommendation {ref} needs its text.")
        recommendation = RecommendationPlan(
            row=number,
            ref=ref,
            theme=self.theme or "",
            text=cells[columns.RECOMMENDATION],
            assigned_to_text=cells[columns.ASSIGNED_TO],
            assignee_names=[],
        )
        self.refs[ref] = recommendation
        self.plan.recommendations.append(recommendation)
        self.current = recommendation
        self.read_standing(number, cells, recommendation)
        return recommendation

    def read_standing(self, number: int, cells: dict[str, str], recommendation: RecommendationPlan) -> None:
        if columns.STATUS in self.headings:
            recommendation.status = self.choice(number, columns.STATUS, cells[columns.STATUS], Status)
            recommendation.rag = self.choice(number, columns.RAG, cells[columns.RAG], Rag)

    def choice(self, number: int, column: str, text: str, choices) -> str:
        if not text:
            return choices.NOT_ASSESSED
        for value, label in choices.choices:
            if text.casefold() in (label.casefold(), value.casefold()):
                return value
        allowed = ", ".join(label for _, label in choices.choices)
        self.problem(number, column, f'"{text[:40]}" is not one of: {allowed}.')
        return choices.NOT_ASSESSED

    def read_row(self, number: int, cells: dict[str, str], recommendation: RecommendationPlan) -> None:
        recommendation.rows.append(number)
        first = len(recommendation.rows) == 1
        if not first:
            for column, value in (
                (columns.RECOMMENDATION, recommendation.text),
                (columns.ASSIGNED_TO, recommendation.assigned_to_text),
            ):
                if cells[column] and cells[column] != value:
                    self.problem(
                        number,
                        column,
                        f"differs from row {recommendation.row}, where recommendation "
                        f"{recommendation.ref} starts: repeat it exactly or leave it empty.",
                    )
        key = cells.get(columns.KEY, "")
        if key:
            words = _key_words(key)
            unknown = [word for word in words if word not in KEY_WORDS]
            if unknown:
                self.problem(number, columns.KEY, f'"{key[:60]}" is not empty, {" or ".join(KEY_WORDS)}.')
            recommendation.focus = recommendation.focus or columns.KEY_FOCUS in words
        recommendation.raw_rows.append((number, cells))

    def finish(self) -> None:
        """Each recommendation's rows as its actions and its own update, once all are read."""
        for recommendation in self.plan.recommendations:
            for index, (number, cells) in enumerate(recommendation.raw_rows):
                self.read_action(
                    number, cells, recommendation, last=index == len(recommendation.raw_rows) - 1
                )
            recommendation.raw_rows = []

    def read_action(
        self, number: int, cells: dict[str, str], recommendation: RecommendationPlan, *, last: bool
    ) -> None:
        row_status = cells.get(columns.ACTION_STATUS, "")
        status = recommendation.status
        if columns.ACTION_STATUS in self.headings:
            status = self.choice(number, columns.ACTION_STATUS, row_status, Status) if row_status else status
        elif columns.KEY_COMPLETED in _key_words(cells.get(columns.KEY, "")):
            status = Status.COMPLETED
        else:
            status = Status.NOT_ASSESSED
        progress = cells[columns.PROGRESS_UPDATE]
        # The export writes the recommendation's own row (its update as a whole, or its only row)
        # last, with the action's cells empty and the recommendation's status as the row's.
        own_status = status == recommendation.status or columns.ACTION_STATUS not in self.headings
        if last and own_status and not any(cells[column] for column in ACTION_CELLS):
            recommendation.progress = progress
            return
        try:
            timescale = parse_timescale(cells[columns.TIMESCALE])
        except TimescaleError as error:
            self.problem(number, columns.TIMESCALE, str(error))
            timescale = Timescale(text=cells[columns.TIMESCALE])
        recommendation.actions.append(
            ActionPlan(
                row=number,
                text=cells[columns.PROPOSED_ACTION],
                lead_officer_text=cells[columns.LEAD_OFFICER],
                officer_names=[],
                timescale=timescale,
                progress=progress,
                status=status,
            )
        )


def _is_number(text: str) -> bool:
    """A ref as a person types it: ASCII digits only (not "²", not 9,000 zeros)."""
    return re.fullmatch(r"[0-9]{1,6}", text) is not None


def _key_words(key: str) -> list[str]:
    return [word.strip() for word in key.split(columns.KEY_SEPARATOR.strip()) if word.strip()]
