"""Writing an imported review: one transaction, history on every record, and the re-import rules."""

import pytest

from recommendations.imports.files import read_rows
from recommendations.imports.plan import plan_import
from recommendations.models import ProposedAction, Recommendation, Review, Status
from recommendations.services.imports import import_reason, review_import
from tests import factories
from tracker.errors import WorkflowError

from .spreadsheets import csv_file, row

pytestmark = pytest.mark.django_db


def plan_for(rows, review=None):
    refs = list(review.recommendations.values_list("ref", flat=True)) if review else []
    return plan_import(read_rows(csv_file(rows), "review.csv"), existing_refs=refs)


def run(rows, *, slug="new-review", name="New review", by=None):
    review = Review.objects.filter(slug=slug).first()
    return review_import(plan=plan_for(rows, review), slug=slug, name=name, filename="review.csv", by=by)


def test_importing_creates_the_review_with_history_naming_the_file_and_user(admin_user_):
    result = run(
        [
            row(1, action="First", lead_officer="LH / CP"),
            row(1, action="Second", lead_officer=""),
            row(2, "See recommendation 1"),
        ],
        by=admin_user_,
    )
    review = result.review
    assert result.created
    assert (review.slug, review.name) == ("new-review", "New review")
    first = review.recommendations.get(ref=1)
    assert first.status == Status.IN_PROGRESS
    assert [str(assignee) for assignee in first.assignees.all()] == ["DCS"]
    actions = list(first.actions.order_by("position"))
    assert [action.text for action in actions] == ["First", "Second"]
    assert actions[0].due_date.isoformat() == "2009-11-30"
    assert sorted(officer.name for officer in actions[1].lead_officers.all()) == ["CP", "LH"]
    assert list(review.recommendations.get(ref=2).cross_references.values_list("ref", flat=True)) == [1]
    reason = f"Imported from review.csv by {admin_user_.get_username()}"
    for history in (
        first.history.get(),
        actions[0].history.get(),
        review.history.get(),
        first.theme.history.get(),
    ):
        assert history.history_change_reason == reason
        assert history.history_user == admin_user_


def test_a_long_file_name_is_cut_to_fit_the_history():
    reason = import_reason("x" * 300 + ".csv", "administrator")
    assert len(reason) <= 100
    assert reason.endswith("… by administrator")


def test_a_plan_with_problems_writes_nothing():
    with pytest.raises(WorkflowError, match="1 problem"):
        run([row(1, timescale="Whenever")])
    assert not Review.objects.exists()
    assert not Recommendation.objects.exists()


def test_a_failure_midway_leaves_nothing_behind(monkeypatch):
    from recommendations.services import imports

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(imports, "_link", broken)
    with pytest.raises(RuntimeError):
        run([row(1), row(2)])
    assert not Review.objects.exists()
    assert not ProposedAction.objects.exists()


def test_a_new_reviews_name_must_be_new():
    factories.ReviewFactory(name="New review", slug="other")
    with pytest.raises(WorkflowError, match="already called"):
        run([row(1)])


def test_into_a_review_with_progress_new_recommendations_are_added():
    run([row(1)])
    review = Review.objects.get(slug="new-review")
    factories.ProgressUpdateFactory(recommendation=review.recommendations.get(ref=1))
    result = run([row(1), row(2, "A new one", theme="Later")])
    assert not result.created
    assert result.recommendations == 1
    assert sorted(review.recommendations.values_list("ref", flat=True)) == [1, 2]
    assert list(review.themes.values_list("name", "position")) == [("Prevention", 1), ("Later", 2)]


def test_into_a_review_with_progress_a_change_is_refused_naming_it():
    run([row(1)])
    review = Review.objects.get(slug="new-review")
    factories.ProgressUpdateFactory(recommendation=review.recommendations.get(ref=1))
    plan = plan_for([row(1, "Changed words", timescale="Dec 09"), row(2)], review)
    with pytest.raises(WorkflowError) as refusal:
        review_import(plan=plan, slug="new-review", name="", filename="review.csv", by=None)
    assert "Recommendation 1 is already in New review, which has progress" in refusal.value.message
    assert "text, proposed actions" in refusal.value.message
    assert review.recommendations.get(ref=1).text == "Improve the front door"
    assert not review.recommendations.filter(ref=2).exists()


def test_into_a_review_without_progress_the_file_replaces_its_recommendations():
    run([row(1), row(2)])
    review = Review.objects.get(slug="new-review")
    run([row(1, "Changed words", action="New action")])
    first = review.recommendations.get(ref=1)
    assert first.text == "Changed words"
    assert list(first.actions.values_list("text", flat=True)) == ["New action"]
    assert review.recommendations.filter(ref=2).exists()  # left out of the file: kept
    assert ProposedAction.history.filter(history_type="-").count() == 1


def test_themes_in_another_order_than_the_reviews_are_refused():
    run([row(1, theme="A"), row(2, theme="B")])
    review = Review.objects.get(slug="new-review")
    plan = plan_for([row(3, theme="B"), row(4, theme="A")], review)
    with pytest.raises(WorkflowError, match="another order"):
        review_import(plan=plan, slug="new-review", name="", filename="review.csv", by=None)
