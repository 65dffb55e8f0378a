"""Importing a review from a spreadsheet: everything the file holds, written in one transaction,
with a history row on each record ("Imported from <file> by <user>")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from simple_history.utils import bulk_create_with_history

from tracker.errors import WorkflowError
from tracker.models import User
from tracker.versioning import REASON_LENGTH, save_with_history

from ..imports.changes import ReviewChanges, review_changes
from ..imports.plan import ImportPlan, RecommendationPlan
from ..models import Assignee, Officer, ProposedAction, Recommendation, Review, Theme


@dataclass(frozen=True)
class ImportResult:
    review: Review
    created: bool
    recommendations: int
    actions: int


def import_reason(filename: str, by_name: str) -> str:
    """The change reason of every record an import writes, within the history's length."""
    room = REASON_LENGTH - len("Imported from  by ") - len(by_name[:40])
    name = filename if len(filename) <= room else filename[: room - 1] + "…"
    return f"Imported from {name} by {by_name[:40]}"


def import_problems(plan: ImportPlan, review: Review | None) -> ReviewChanges | None:
    """Check the plan against the review it goes into (if it exists); problems go on the plan."""
    return review_changes(review, plan) if review is not None else None


@transaction.atomic
def review_import(
    *,
    plan: ImportPlan,
    slug: str,
    name: str,
    filename: str,
    by: User | None,
    by_name: str | None = None,
) -> ImportResult:
    """Import the file's review into a new review (`slug`, `name`) or into the one with that slug,
    refusing (`WorkflowError`, nothing written) while the file or the review has any problem."""
    if plan.problems:
        raise WorkflowError(f"The file has {len(plan.problems)} problem(s): nothing was imported.")
    reason = import_reason(filename, by_name or (by.get_username() if by else "a command"))
    review = Review.objects.select_for_update().filter(slug=slug).first()
    created = review is None
    if created:
        if Review.objects.filter(name=name).exists():
            raise WorkflowError(f'A review is already called "{name}": choose another name.', field="name")
        review = Review(name=name, slug=slug)
        try:
            with transaction.atomic():
                save_with_history(review, reason=reason, by=by)
        except IntegrityError:
            raise WorkflowError(f'A review already has the address "{slug}".', field="slug") from None
        changes = None
    else:
        changes = import_problems(plan, review)
        if plan.problems:
            raise WorkflowError(plan.problems[0].message)
    themes = _themes(review, plan, by=by, reason=reason)
    replaced = set(changes.changed) if changes else set()
    if replaced:
        try:
            _remove(review, replaced, by=by, reason=reason)
        except ProtectedError:
            raise WorkflowError(
                "A recommendation the file would replace has questions or other records: nothing "
                "was imported. Import only new recommendations into this review."
            ) from None
    writing = [
        planned
        for planned in plan.recommendations
        if changes is None or planned.ref in changes.new_refs or planned.ref in replaced
    ]
    officer_names = {
        name for planned in writing for action in planned.actions for name in action.officer_names
    }
    officers = _named(Officer, officer_names, by=by, reason=reason)
    assignee_names = {name for planned in writing for name in planned.assignee_names}
    assignees = _named(Assignee, assignee_names, by=by, reason=reason)
    recommendations = bulk_create_with_history(
        [_recommendation(review, themes, planned) for planned in writing],
        Recommendation,
        default_user=by,
        default_change_reason=reason,
    )
    by_ref = {recommendation.ref: recommendation for recommendation in recommendations}
    if len(by_ref) != len(writing) or any(r.pk is None for r in recommendations):
        written = Recommendation.objects.for_review(review).filter(ref__in=[p.ref for p in writing])
        by_ref = {recommendation.ref: recommendation for recommendation in written}
    actions = []
    for planned in writing:
        for position, action in enumerate(planned.actions, 1):
            actions.append(
                ProposedAction(
                    recommendation=by_ref[planned.ref],
                    position=position,
                    text=action.text,
                    lead_officer_text=action.lead_officer_text,
                    timescale=action.timescale.text,
                    due_date=action.timescale.due,
                    original_due_date=action.timescale.original_due,
                    progress=action.progress,
                    status=action.status,
                )
            )
    bulk_create_with_history(actions, ProposedAction, default_user=by, default_change_reason=reason)
    _link(review, writing, by_ref, officers, assignees)
    return ImportResult(review=review, created=created, recommendations=len(writing), actions=len(actions))


def _themes(review: Review, plan: ImportPlan, *, by, reason) -> dict[str, Theme]:
    themes = {theme.name: theme for theme in review.themes.all()}
    position = max((theme.position for theme in themes.values()), default=0)
    new = []
    for name in plan.themes:
        if name not in themes:
            position += 1
            themes[name] = Theme(review=review, name=name, position=position)
            new.append(themes[name])
    for theme in bulk_create_with_history(new, Theme, default_user=by, default_change_reason=reason):
        themes[theme.name] = theme
    if any(theme.pk is None for theme in themes.values()):
        themes = {theme.name: theme for theme in review.themes.all()}
    return themes


def _named(model, names: set[str], *, by, reason) -> dict[str, object]:
    """The officers (or assignees) with these names, creating the ones not yet known."""
    known = {record.name: record for record in model.objects.filter(name__in=names)}
    missing = [model(name=name) for name in sorted(names - set(known))]
    if missing:
        bulk_create_with_history(missing, model, default_user=by, default_change_reason=reason)
        known = {record.name: record for record in model.objects.filter(name__in=names)}
    return known


def _recommendation(review: Review, themes: dict[str, Theme], planned: RecommendationPlan) -> Recommendation:
    return Recommendation(
        review=review,
        theme=themes[planned.theme],
        ref=planned.ref,
        text=planned.text,
        assigned_to_text=planned.assigned_to_text,
        status=planned.status,
        rag=planned.rag,
        focus=planned.focus,
        progress=planned.progress,
    )


def _remove(review: Review, refs: set[int], *, by, reason) -> None:
    """Remove the recommendations a file replaces (a review without progress), recording it."""
    for recommendation in Recommendation.objects.for_review(review).filter(ref__in=refs):
        for action in recommendation.actions.all():
            action._change_reason, action._history_user = reason, by
            action.delete()
        recommendation.cross_references.clear()
        recommendation.referred_to_by.clear()
        recommendation._change_reason, recommendation._history_user = reason, by
        recommendation.delete()


def _link(review, writing, by_ref, officers, assignees) -> None:
    through_officers = ProposedAction.lead_officers.through
    through_assignees = Recommendation.assignees.through
    through_references = Recommendation.cross_references.through
    all_refs = {r.ref: r.pk for r in Recommendation.objects.for_review(review).only("pk", "ref")}
    actions = {
        (action.recommendation_id, action.position): action.pk
        for action in ProposedAction.objects.filter(recommendation__in=list(by_ref.values())).only(
            "pk", "recommendation_id", "position"
        )
    }
    officer_links, assignee_links, reference_links = [], [], []
    for planned in writing:
        recommendation = by_ref[planned.ref]
        for name in dict.fromkeys(planned.assignee_names):
            assignee = assignees[name]
            assignee_links.append(through_assignees(recommendation_id=recommendation.pk, assignee=assignee))
        for ref in planned.cross_references:
            link = through_references(
                from_recommendation_id=recommendation.pk, to_recommendation_id=all_refs[ref]
            )
            reference_links.append(link)
        for position, action in enumerate(planned.actions, 1):
            action_pk = actions[recommendation.pk, position]
            for name in dict.fromkeys(action.officer_names):
                officer_links.append(through_officers(proposedaction_id=action_pk, officer=officers[name]))
    through_officers.objects.bulk_create(officer_links)
    through_assignees.objects.bulk_create(assignee_links, ignore_conflicts=True)
    through_references.objects.bulk_create(reference_links, ignore_conflicts=True)
