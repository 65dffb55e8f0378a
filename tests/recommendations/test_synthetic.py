"""Synthetic reviews for the benchmark: shaped as the services would leave them, and repeatable."""

import pytest
from django.core.management import call_command
from django.db import transaction

from panels.models import PanelRecommendation
from recommendations import as_at
from recommendations.bulk import update_in_bulk
from recommendations.models import (
    ProgressUpdate,
    ProposedAction,
    Recommendation,
    ReportingPeriod,
    Review,
    Status,
)
from recommendations.synthetic import QUARTERS, Size, generate

pytestmark = pytest.mark.django_db

SMALL = Size(reviews=2, recommendations=6, actions=2)


class Rollback(Exception):
    pass


def made(seed):
    """What a generation with `seed` makes, then undone."""
    try:
        with transaction.atomic():
            generate(SMALL, seed=seed)
            rows = list(
                Recommendation.objects.order_by("review__slug", "ref").values_list(
                    "review__slug", "ref", "text", "status", "rag", "lead_officer__name"
                )
            )
            raise Rollback
    except Rollback:
        return rows


def test_the_same_seed_makes_the_same_reviews_and_another_seed_others():
    first = made(7)
    assert made(7) == first
    assert made(8) != first


def test_each_review_has_its_records_quarters_and_panel():
    counts = generate(SMALL, seed=1)

    assert counts["reviews"] == 2
    assert counts["recommendations"] == 12
    assert counts["actions"] == 24
    for review in Review.objects.all():
        assert review.recommendations.count() == 6
        periods = ReportingPeriod.objects.filter(review=review)
        assert periods.count() == QUARTERS
        assert periods.filter(state=ReportingPeriod.State.OPEN).count() == 1
        assert PanelRecommendation.objects.filter(report__panel__reviews=review).count() == 5
    # Nothing is accepted in the open quarter; every closed quarter's updates are accepted.
    open_updates = ProgressUpdate.objects.filter(period__state=ReportingPeriod.State.OPEN)
    assert not open_updates.filter(state=ProgressUpdate.State.ACCEPTED).exists()
    closed = ProgressUpdate.objects.filter(period__state=ReportingPeriod.State.CLOSED)
    assert closed.exists()
    assert set(closed.values_list("state", flat=True)) == {ProgressUpdate.State.ACCEPTED}
    # Officers without an account had their updates entered on their behalf.
    assert not ProgressUpdate.objects.filter(author__isnull=True).exists()


def test_history_is_written_as_the_services_write_it():
    generate(SMALL, seed=2)

    for recommendation in Recommendation.objects.all():
        versions = recommendation.history.order_by("history_date", "history_id")
        assert versions.first().history_type == "+"
        last = versions.last()
        assert (last.status, last.rag, last.version) == (
            recommendation.status,
            recommendation.rag,
            recommendation.version,
        )
    accepted = ProgressUpdate.objects.filter(state=ProgressUpdate.State.ACCEPTED).first()
    reasons = list(accepted.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["Draft started", "Submitted for review"]
    assert reasons[2].startswith("Accepted")


def test_each_closed_quarter_reads_the_record_as_its_updates_left_it():
    generate(SMALL, seed=3)

    review = Review.objects.first()
    periods = list(ReportingPeriod.objects.filter(review=review).order_by("starts"))
    last_closed = periods[-2]
    frozen = {r.pk: (r.status, r.rag) for r in as_at.snapshot(last_closed).recommendations()}
    # The open quarter accepts nothing, so the last closed quarter reads the record as it is now.
    assert frozen == {r.pk: (r.status, r.rag) for r in review.recommendations.all()}
    first = {r.pk: r.status for r in as_at.snapshot(periods[0]).recommendations()}
    assert len(first) == 6
    moved = [
        update
        for update in ProgressUpdate.objects.filter(period=periods[0], action__isnull=True)
        if update.recommendation.review_id == review.pk
    ]
    for update in moved:
        assert first[update.recommendation_id] == update.status
    # Statuses move on over the quarters: some work is done by the end.
    assert Recommendation.objects.filter(status=Status.COMPLETED).exists()
    panel_rows = as_at.snapshot(last_closed).versions_of(PanelRecommendation)
    assert panel_rows.filter(report__panel__reviews=review).count() == 5


def test_the_command_loads_the_seed_and_refuses_to_add_twice_without_add(capsys):
    call_command("generate_synthetic", "--size", "s")
    assert list(Review.objects.values_list("slug", flat=True)) == ["safeguarding-commission"]

    generate(SMALL, seed=4)
    call_command("generate_synthetic", "--size", "m")
    assert "nothing added" in capsys.readouterr().err
    assert Review.objects.count() == 3


@pytest.mark.postgres
def test_records_written_in_bulk_read_back_as_changed():
    generate(SMALL, seed=7)
    actions = list(ProposedAction.objects.order_by("pk")[:3])
    for number, action in enumerate(actions):
        action.status, action.progress, action.version = Status.COMPLETED, f"Done {number}", 40 + number
        action.original_due_date, action.due_date = action.due_date, None
    update_in_bulk(actions, ["status", "progress", "version", "due_date", "original_due_date"])
    for before in actions:
        after = ProposedAction.objects.get(pk=before.pk)
        assert (after.status, after.progress, after.version, after.due_date, after.original_due_date) == (
            before.status,
            before.progress,
            before.version,
            None,
            before.original_due_date,
        )
