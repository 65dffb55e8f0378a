"""Records and history rows written in bulk (by COPY on PostgreSQL) read back as written."""

import datetime

import pytest
from django.utils import timezone

from recommendations.bulk import HistoryRows, insert_in_bulk, insert_rows, reserve_ids, save_in_bulk
from recommendations.models import EvidenceFile, ProposedAction, SnapshotRow, Status
from tests.factories import ProgressUpdateFactory, RecommendationFactory, ReportingPeriodFactory, UserFactory

pytestmark = pytest.mark.django_db

AWKWARD_TEXT = 'Tab\there, a new line\nand a return\r, a back\\slash, "quotes", \\N and ünïcode'


def test_records_inserted_in_bulk_read_back_as_written():
    recommendation = RecommendationFactory()
    made = insert_in_bulk(
        [
            ProposedAction(recommendation=recommendation, position=1, text=AWKWARD_TEXT, due_date=None),
            ProposedAction(
                recommendation=recommendation,
                position=2,
                text="",
                status=Status.COMPLETED,
                due_date=datetime.date(2011, 2, 28),
            ),
        ]
    )

    assert all(action.pk for action in made)
    first, second = (ProposedAction.objects.get(pk=action.pk) for action in made)
    assert (first.text, first.due_date, first.status) == (AWKWARD_TEXT, None, Status.NOT_ASSESSED)
    assert (second.text, second.due_date, second.status) == ("", datetime.date(2011, 2, 28), Status.COMPLETED)
    # The ids taken are the table's: the next record made the ordinary way comes after them.
    later = ProposedAction.objects.create(recommendation=recommendation, position=3)
    assert later.pk > max(action.pk for action in made)


def test_history_rows_written_in_bulk_know_their_ids_and_who_when_why():
    recommendation = RecommendationFactory()
    coordinator = UserFactory()
    when = timezone.make_aware(datetime.datetime(2010, 3, 31, 12))
    history = HistoryRows()
    created = history.add(recommendation, when=when, kind="+", reason="Synthetic baseline")
    recommendation.status = Status.IN_PROGRESS
    changed = history.add(recommendation, when=when, kind="~", reason="Q1 update accepted", by=coordinator)
    history.write()

    rows = {row.history_id: row for row in recommendation.history.all()}
    assert rows[created.history_id].status == Status.NOT_ASSESSED
    assert rows[created.history_id].history_user is None
    moved = rows[changed.history_id]
    assert (moved.status, moved.history_type, moved.history_change_reason) == (
        Status.IN_PROGRESS,
        "~",
        "Q1 update accepted",
    )
    assert (moved.history_user, moved.history_date) == (coordinator, when)


def test_rows_inserted_without_instances_get_their_ids_from_the_database():
    period = ReportingPeriodFactory()
    insert_rows(
        SnapshotRow,
        ["period", "record_type", "record_id", "history_id"],
        [
            (period.pk, "recommendations.recommendation", 7, 70),
            (period.pk, "recommendations.recommendation", 8, 80),
        ],
    )

    assert sorted(SnapshotRow.objects.filter(period=period).values_list("record_id", "history_id")) == [
        (7, 70),
        (8, 80),
    ]


def test_records_given_keys_first_are_written_as_they_end():
    recommendation = RecommendationFactory()
    actions = [ProposedAction(recommendation=recommendation, position=n) for n in (1, 2)]
    reserve_ids(actions)
    keys = [action.pk for action in actions]
    for action in actions:
        action.status, action.progress, action.version = Status.COMPLETED, f"Done {action.position}", 4
    save_in_bulk(actions, ["status", "progress", "version"])

    assert all(keys)
    assert [action.pk for action in actions] == keys
    saved = ProposedAction.objects.filter(pk__in=keys).order_by("position")
    assert [(a.status, a.progress, a.version) for a in saved] == [
        (Status.COMPLETED, "Done 1", 4),
        (Status.COMPLETED, "Done 2", 4),
    ]


def test_a_record_stamped_when_saved_is_created_as_bulk_create_would():
    update = ProgressUpdateFactory()
    (evidence,) = insert_in_bulk(
        [
            EvidenceFile(
                update=update,
                file="evidence/1/a.pdf",
                name="a.pdf",
                size=3,
                content_type="application/pdf",
                uploaded_by=update.author,
            )
        ]
    )

    assert EvidenceFile.objects.get(pk=evidence.pk).uploaded_at is not None
