"""What importing a file into a review that already exists would change, and whether it may.

A review "has progress" once a progress update was started on it. Importing into such a review
may only add new recommendations: a file that would change one already there is refused, and the
refusal names each recommendation and what would change. Into a review without progress, the
file's recommendations replace those with the same ref. Recommendations of the review that the
file leaves out are never deleted: they stay as they are. Themes the review has keep their order:
a file that lists them in another order is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import ProgressUpdate, Recommendation, Review
from .plan import ImportPlan, RecommendationPlan


@dataclass
class ReviewChanges:
    """What the file would do to the review."""

    has_progress: bool = False
    new_refs: list[int] = field(default_factory=list)
    changed: dict[int, list[str]] = field(default_factory=dict)  # ref -> what would change
    unchanged_refs: list[int] = field(default_factory=list)
    left_out_refs: list[int] = field(default_factory=list)


def recommendation_values(recommendation: Recommendation) -> dict:
    """A recommendation and its actions as the file states them, to compare."""
    return {
        "theme": recommendation.theme.name,
        "text": recommendation.text,
        "assigned to": recommendation.assigned_to_text,
        "status": recommendation.status,
        "RAG": recommendation.rag,
        "focus": recommendation.focus,
        "progress": recommendation.progress,
        "proposed actions": [
            (action.text, action.lead_officer_text, action.timescale, action.progress, action.status)
            for action in recommendation.actions.all()
        ],
    }


def plan_values(recommendation: RecommendationPlan) -> dict:
    return {
        "theme": recommendation.theme,
        "text": recommendation.text,
        "assigned to": recommendation.assigned_to_text,
        "status": recommendation.status,
        "RAG": recommendation.rag,
        "focus": recommendation.focus,
        "progress": recommendation.progress,
        "proposed actions": [
            (action.text, action.lead_officer_text, action.timescale.text, action.progress, action.status)
            for action in recommendation.actions
        ],
    }


def review_changes(review: Review, plan: ImportPlan) -> ReviewChanges:
    """Compare the file with the review; add to `plan.problems` what would be refused."""
    changes = ReviewChanges(
        has_progress=ProgressUpdate.objects.filter(recommendation__review=review).exists()
    )
    existing = {
        recommendation.ref: recommendation
        for recommendation in Recommendation.objects.for_review(review)
        .select_related("theme")
        .prefetch_related("actions")
    }
    in_file = set()
    for planned in plan.recommendations:
        in_file.add(planned.ref)
        current = existing.get(planned.ref)
        if current is None:
            changes.new_refs.append(planned.ref)
            continue
        before, after = recommendation_values(current), plan_values(planned)
        differences = [name for name in before if before[name] != after[name]]
        if differences:
            changes.changed[planned.ref] = differences
            if changes.has_progress:
                plan.add_problem(
                    f"Recommendation {planned.ref} is already in {review.name}, which has progress: "
                    f"importing would change its {', '.join(differences)}. Into a review with "
                    "progress an import may only add new recommendations.",
                    row=planned.row,
                )
        else:
            changes.unchanged_refs.append(planned.ref)
    changes.left_out_refs = sorted(set(existing) - in_file)
    _check_theme_order(review, plan)
    return changes


def _check_theme_order(review: Review, plan: ImportPlan) -> None:
    positions = dict(review.themes.values_list("name", "position"))
    known = [name for name in plan.themes if name in positions]
    if known != sorted(known, key=positions.__getitem__):
        in_order = ", ".join(sorted(known, key=positions.__getitem__))
        plan.add_problem(
            f"The file lists {review.name}'s themes in another order than the review's ({in_order}): "
            "keep the review's order, and add new themes after them."
        )
    new_positions = [index for index, name in enumerate(plan.themes) if name not in positions]
    if known and new_positions and min(new_positions) < plan.themes.index(known[-1]):
        plan.add_problem(f"A new theme comes before {review.name}'s own themes: add new themes after them.")
