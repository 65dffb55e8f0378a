"""Who and what a file's cells name: officers and assignees (known names found first, the rest
split at "/", ";" or a new line), and cross-references to other recommendations."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .. import columns
from ..models import Assignee, Officer

if TYPE_CHECKING:
    from .plan import ImportPlan

NAME_LENGTH = 200
NAME_SEPARATORS = re.compile(r"\s*(?:/|;|\n)\s*")
CONNECTING_WORDS = {"and", "&", "or"}
CROSS_REFERENCE = re.compile(
    r"\b(?:x-?ref\s+recs?|recs?\.?|recommendations?)\s+(\d{1,3}(?:\s*(?:,|&|and)\s*\d{1,3})*)\b",
    re.IGNORECASE,
)


def split_names(text: str, known: list[str]) -> list[str]:
    """The names in a cell: the known ones it contains (longest first), then what is left, split."""
    found = []
    remainder = text
    for name in known:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
        if pattern.search(remainder):
            found.append(name)
            remainder = pattern.sub(" ", remainder)
    remainder = re.sub(r"\(\s*\)", " ", remainder)
    for piece in NAME_SEPARATORS.split(remainder):
        piece = " ".join(piece.split()).strip("&-–() ")
        if piece and piece.casefold() not in CONNECTING_WORDS and piece not in found:
            found.append(piece)
    return found


def resolve_names(plan: ImportPlan) -> None:
    officers = sorted(Officer.objects.values_list("name", flat=True), key=len, reverse=True)
    assignees = sorted(Assignee.objects.values_list("name", flat=True), key=len, reverse=True)
    cache: dict[tuple[str, str], list[str]] = {}

    def names(kind: str, text: str, known: list[str]) -> list[str]:
        if (kind, text) not in cache:
            cache[kind, text] = split_names(text, known) if text else []
        return cache[kind, text]

    all_officers, all_assignees = {}, {}
    for recommendation in plan.recommendations:
        recommendation.assignee_names = names("assignee", recommendation.assigned_to_text, assignees)
        for name in recommendation.assignee_names:
            all_assignees.setdefault(name, recommendation.row)
        above: list[str] = []
        for action in recommendation.actions:
            action.officer_names = names("officer", action.lead_officer_text, officers) or above
            above = action.officer_names
            for name in action.officer_names:
                all_officers.setdefault(name, action.row)
    for kind, found, known, column in (
        ("officer", all_officers, set(officers), columns.LEAD_OFFICER),
        ("assignee", all_assignees, set(assignees), columns.ASSIGNED_TO),
    ):
        for name, row in found.items():
            if len(name) > NAME_LENGTH:
                message = f"names an {kind} longer than {NAME_LENGTH} characters."
                plan.add_problem(message, row=row, column=column)
        setattr(plan, f"new_{kind}s", sorted(name for name in found if name not in known))
        setattr(plan, f"known_{kind}s", sorted(name for name in found if name in known))


def cross_references_in(text: str) -> list[int]:
    """The refs a text points to ("Xref recs 1&4", "see recommendation 25")."""
    refs = []
    for match in CROSS_REFERENCE.finditer(text):
        refs += [int(number) for number in re.findall(r"\d+", match.group(1))]
    return refs


def check_cross_references(plan: ImportPlan, existing_refs: set[int]) -> None:
    refs = {recommendation.ref for recommendation in plan.recommendations} | existing_refs
    for recommendation in plan.recommendations:
        sources = [(recommendation.row, columns.RECOMMENDATION, recommendation.text)]
        for action in recommendation.actions:
            sources += [(action.row, columns.PROPOSED_ACTION, action.text)]
            sources += [(action.row, columns.PROGRESS_UPDATE, action.progress)]
        for row, column, text in sources:
            for ref in cross_references_in(text):
                if ref == recommendation.ref or ref in recommendation.cross_references:
                    continue
                if ref in refs:
                    recommendation.cross_references.append(ref)
                else:
                    plan.add_problem(
                        f"refers to recommendation {ref}, which is not in the file or the review.",
                        row=row,
                        column=column,
                    )
        recommendation.cross_references.sort()
