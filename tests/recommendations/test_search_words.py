"""The search's words stored in each row on PostgreSQL (migration 0013): written by the database
whichever way a record is saved, the very words the search computed, and out of Django's way."""

import datetime

import pytest
from django.db import connection

from recommendations.bulk import by_copy, insert_in_bulk, update_in_bulk
from recommendations.filters import SearchWords, search_vector
from recommendations.models import (
    ProgressUpdate,
    ProposedAction,
    Recommendation,
    ReportingPeriod,
)
from tests import factories
from tests.helpers import accept_update, filtered, filtered_refs
from tracker.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def stored_and_computed(model) -> dict[int, tuple[str, str]]:
    """Each row's stored words beside the words `search_vector()` computes from its fields now."""
    rows = model.objects.annotate(stored=SearchWords(), computed=search_vector())
    return {pk: (stored, computed) for pk, stored, computed in rows.values_list("pk", "stored", "computed")}


def assert_words_stored(model):
    rows = stored_and_computed(model)
    assert rows
    assert {pk: words for pk, words in rows.items() if words[0] != words[1]} == {}


@pytest.fixture
def theme():
    return factories.ThemeFactory(name="Assessment", position=1)


@pytest.fixture
def period(theme):
    return factories.ReportingPeriodFactory(
        review=theme.review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=datetime.date(2011, 1, 14),
        state=ReportingPeriod.State.OPEN,
    )


def accept(recommendation, period, *, narrative, action=None):
    """A lead officer's update, submitted and accepted by a coordinator: the record's progress."""
    update = accept_update(
        recommendation,
        period=period,
        action=action,
        narrative=narrative,
        officer=factories.UserFactory(role=Role.LEAD_OFFICER),
        coordinator=factories.UserFactory(role=Role.COORDINATOR),
    )
    assert ProgressUpdate.objects.get(pk=update.pk).state == ProgressUpdate.State.ACCEPTED


def test_a_word_only_in_an_actions_accepted_progress_is_found_and_its_old_words_are_not(theme, period):
    factories.RecommendationFactory(theme=theme, ref=1, text="Recruit more social workers.")
    recommendation = factories.RecommendationFactory(theme=theme, ref=2, text="Audit the files.")
    action = factories.ProposedActionFactory(
        recommendation=recommendation, text="Audit every file.", progress="Awaiting funding."
    )
    assert filtered_refs("q=funded") == [2]

    accept(recommendation, period, action=action, narrative="Chronologies kept on every file.")

    assert ProposedAction.objects.get(pk=action.pk).progress == "Chronologies kept on every file."
    assert filtered_refs("q=chronology") == [2]
    assert filtered("q=chronology").qs.count() == 1
    assert filtered_refs("q=funded") == []
    assert_words_stored(ProposedAction)


def test_a_recommendations_accepted_progress_is_found(theme, period):
    recommendation = factories.RecommendationFactory(theme=theme, ref=1, text="Audit the files.")
    factories.RecommendationFactory(theme=theme, ref=2, text="Recruit more social workers.")

    accept(recommendation, period, narrative="Chronologies kept on every file.")

    assert filtered_refs("q=chronology") == [1]
    assert filtered_refs("q=chronology+or+recruiting") == [1, 2]
    assert filtered("q=chronology").qs.count() == 1
    assert_words_stored(Recommendation)


def test_records_written_in_bulk_have_their_words(theme):
    assert by_copy(ProposedAction)  # on PostgreSQL with psycopg2 the rows go in by COPY
    recommendation = factories.RecommendationFactory(theme=theme, ref=1, text="Audit the files.")
    made = insert_in_bulk(
        [
            ProposedAction(recommendation=recommendation, position=1, text="Train the staff."),
            ProposedAction(recommendation=recommendation, position=2, progress="Chronologies kept."),
        ]
    )
    assert filtered_refs("q=training") == [1]
    assert filtered_refs("q=chronology") == [1]
    assert_words_stored(ProposedAction)

    made[1].progress = "Supervision every month."
    update_in_bulk(made, ["progress"])

    assert filtered_refs("q=chronology") == []
    assert filtered_refs("q=supervised") == [1]
    assert_words_stored(ProposedAction)


@pytest.mark.parametrize("model", [Recommendation, ProposedAction])
def test_the_words_are_a_column_of_the_table_only_not_of_its_history_nor_the_model(model):
    def columns(table):
        with connection.cursor() as cursor:
            return {column.name for column in connection.introspection.get_table_description(cursor, table)}

    assert "search_words" in columns(model._meta.db_table)
    assert "search_words" not in columns(model.history.model._meta.db_table)
    assert "search_words" not in {field.column for field in model._meta.concrete_fields}
