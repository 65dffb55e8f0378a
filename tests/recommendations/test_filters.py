"""RecommendationFilter: each URL parameter alone, in combination, sorting, and bad values."""

import datetime
from urllib.parse import quote

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection, transaction
from django.http import QueryDict

from recommendations.as_at import snapshot
from recommendations.filters import SEARCH_CONFIG, SearchWords
from recommendations.forms import QuarterForm
from recommendations.models import (
    ProposedAction,
    Rag,
    Recommendation,
    Status,
)
from tests import factories
from tests.helpers import FILTER_TODAY, filtered, filtered_refs

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme():
    return factories.ThemeFactory(name="Assessment", position=1)


# On the seed data ---------------------------------------------------------------------------


# Each filter on built data ------------------------------------------------------------------


def test_rag_takes_several_values(theme):
    factories.RecommendationFactory(theme=theme, ref=1, rag=Rag.RED)
    factories.RecommendationFactory(theme=theme, ref=2, rag=Rag.AMBER)
    factories.RecommendationFactory(theme=theme, ref=3, rag=Rag.GREEN)

    assert filtered_refs("rag=red&rag=green") == [1, 3]


def test_open_leaves_out_completed_and_superseded(theme):
    factories.RecommendationFactory(theme=theme, ref=1, status=Status.IN_PROGRESS)
    factories.CompletedRecommendationFactory(theme=theme, ref=2)
    factories.RecommendationFactory(theme=theme, ref=3, status=Status.SUPERSEDED)

    assert filtered_refs("open=yes") == [1]


def test_lead_officer_finds_those_led_directly_and_through_an_action(theme):
    officer = factories.OfficerFactory(name="LH")
    factories.RecommendationFactory(theme=theme, ref=1, lead_officer=officer)
    through_action = factories.RecommendationFactory(theme=theme, ref=2)
    factories.ProposedActionFactory(recommendation=through_action, position=1).lead_officers.add(officer)
    factories.RecommendationFactory(theme=theme, ref=3)

    assert filtered_refs(f"lead_officer={officer.pk}") == [1, 2]


def test_overdue_counts_open_actions_due_before_today(theme):
    late = factories.RecommendationFactory(theme=theme, ref=1, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(recommendation=late, due_date=FILTER_TODAY - datetime.timedelta(days=1))
    done_late = factories.RecommendationFactory(theme=theme, ref=2)
    factories.ProposedActionFactory(
        recommendation=done_late, due_date=datetime.date(2010, 1, 1), status=Status.COMPLETED
    )
    not_yet = factories.RecommendationFactory(theme=theme, ref=3)
    factories.ProposedActionFactory(recommendation=not_yet, due_date=FILTER_TODAY)

    assert filtered_refs("overdue=yes") == [1]


def test_open_question_finds_those_with_an_unanswered_question(theme):
    asked = factories.RecommendationFactory(theme=theme, ref=1)
    factories.QuestionFactory(recommendation=asked)
    answered = factories.RecommendationFactory(theme=theme, ref=2)
    factories.AnsweredQuestionFactory(recommendation=answered)
    factories.RecommendationFactory(theme=theme, ref=3)

    assert filtered_refs("open_question=yes") == [1]


def test_search_reaches_the_recommendations_progress_and_its_actions_text_and_progress(theme):
    factories.RecommendationFactory(theme=theme, ref=1, progress="Audit of safeguarding completed.")
    with_action = factories.RecommendationFactory(theme=theme, ref=2)
    factories.ProposedActionFactory(recommendation=with_action, text="Commission a safeguarding audit.")
    with_progress = factories.RecommendationFactory(theme=theme, ref=3)
    factories.ProposedActionFactory(recommendation=with_progress, progress="The audits are under way.")
    factories.RecommendationFactory(theme=theme, ref=4, text="Recruit more social workers.")

    assert filtered_refs("q=audit") == [1, 2, 3]


def test_a_blank_search_filters_nothing(theme):
    factories.RecommendationFactory(theme=theme, ref=1)

    assert filtered_refs("q=+++") == [1]


@pytest.mark.postgres
def test_search_on_postgresql_matches_a_stemmed_word_in_recommendations_and_actions(theme):
    factories.RecommendationFactory(theme=theme, ref=1, text="Keep chronologies on every file.")
    with_action = factories.RecommendationFactory(theme=theme, ref=2)
    factories.ProposedActionFactory(recommendation=with_action, progress="A chronology is kept now.")
    factories.RecommendationFactory(theme=theme, ref=3, text="Recruit more social workers.")

    assert filtered_refs("q=chronology") == [1, 2]
    assert filtered_refs("q=chronologies -kept") == [1]


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("model", "index"), [(Recommendation, "recommendation_search"), (ProposedAction, "action_search")]
)
def test_search_on_postgresql_has_an_index_of_the_very_words_it_matches(model, index):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, model._meta.db_table)
    assert constraints[index]["type"] == "gin"
    assert constraints[index]["columns"] == ["search_words"]
    words = model.objects.alias(search=SearchWords()).filter(
        search=SearchQuery("chronologies", config=SEARCH_CONFIG, search_type="websearch")
    )
    # With reading every row priced out, the plan reads the index if, and only if, the index
    # holds the words the search reads (on a few rows a scan would be cheaper).
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = words.explain()
    assert f"Bitmap Index Scan on {index}" in plan


@pytest.mark.postgres
@pytest.mark.parametrize("odd", ["'&|!:*", "chronolog:*", '"unclosed', "-", "a & !b | (c", "<->", "'"])
def test_search_on_postgresql_reads_any_text_without_an_error(theme, odd):
    factories.RecommendationFactory(theme=theme, ref=1, text="Keep chronologies on every file.")

    assert filtered_refs("q=" + quote(odd)) in ([], [1])


# Sorting ------------------------------------------------------------------------------------


@pytest.fixture
def sortable(theme):
    later_theme = factories.ThemeFactory(review=theme.review, name="Agency Training", position=2)
    first = factories.RecommendationFactory(theme=theme, ref=1, status=Status.COMPLETED)
    factories.ProposedActionFactory(recommendation=first, due_date=datetime.date(2010, 3, 1))
    second = factories.RecommendationFactory(theme=theme, ref=2, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(recommendation=second, due_date=datetime.date(2010, 9, 1))
    factories.ProposedActionFactory(
        recommendation=second, due_date=datetime.date(2010, 1, 1), status=Status.COMPLETED
    )
    third = factories.RecommendationFactory(theme=later_theme, ref=3, status=Status.NOT_STARTED)
    factories.ProposedActionFactory(recommendation=third, due_date=datetime.date(2010, 6, 1))
    factories.RecommendationFactory(theme=later_theme, ref=4, status=Status.NO_PROGRESS)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("", [1, 2, 3, 4]),
        ("ref", [1, 2, 3, 4]),
        ("-ref", [4, 3, 2, 1]),
        ("theme", [3, 4, 1, 2]),  # "Agency Training" before "Assessment"
        ("status", [3, 2, 1, 4]),  # not started, in progress, completed, no progress
        ("due", [1, 3, 2, 4]),  # the earliest open action's date; a completed action's does not count
    ],
)
def test_sort_orders_the_list(sortable, sort, expected):
    assert filtered_refs(f"sort={sort}") == expected


def test_only_report_order_and_theme_order_stay_grouped_by_theme():
    assert filtered("").is_grouped_by_theme
    assert filtered("sort=theme").is_grouped_by_theme
    assert not filtered("sort=due").is_grouped_by_theme
    assert not filtered("sort=-ref").is_grouped_by_theme


# Bad values and the selected filters ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("theme=abc", "theme", "Select a theme from the list"),
        ("theme=99999", "theme", "Select a theme from the list"),
        ("status=finished", "status", "Select a status from the list"),
        ("rag=purple", "rag", "Select a RAG rating from the list"),
        ("open=maybe", "open", "Select open recommendations from the list"),
        ("focus=1", "focus", "Select yes or no for the EMG / I&E focus from the list"),
        ("lead_officer=x", "lead_officer", "Select a lead officer from the list"),
        ("sort=colour", "sort", "Select a sort order from the list"),
        ("q=" + "x" * 201, "q", "Search for 200 characters or fewer"),
    ],
)
def test_a_bad_value_is_an_error_on_its_field(query, field, message):
    filterset = filtered(query)

    assert not filterset.is_valid()
    assert filterset.errors[field] == [message]


def test_selected_filters_each_link_to_the_list_without_them(theme):
    filterset = filtered(f"theme={theme.pk}&status=completed&status=no_progress&open=yes&q=audit&page=2")

    assert filterset.selected() == [
        ("Theme: Assessment", "status=completed&status=no_progress&open=yes&q=audit"),
        ("Status: Completed", f"theme={theme.pk}&status=no_progress&open=yes&q=audit"),
        ("Status: No progress", f"theme={theme.pk}&status=completed&open=yes&q=audit"),
        ("Only open recommendations", f"theme={theme.pk}&status=completed&status=no_progress&q=audit"),
        ("Search: “audit”", f"theme={theme.pk}&status=completed&status=no_progress&open=yes"),
    ]


# As at a quarter ------------------------------------------------------------------------------


def test_filters_apply_to_the_tracker_as_it_stood(theme):
    period = factories.ClosedReportingPeriodFactory(review=theme.review)
    recommendation = factories.RecommendationFactory(theme=theme, ref=1, status=Status.IN_PROGRESS)
    factories.RecommendationFactory(theme=theme, ref=2, status=Status.IN_PROGRESS)
    # The records were made before the quarter ended; a later change must not show as at then.
    Recommendation.history.update(history_date=datetime.datetime(2010, 9, 1, tzinfo=datetime.UTC))
    recommendation.status = Status.COMPLETED
    recommendation.save()
    then = snapshot(period)

    as_at = then.recommendations().order_by("ref")
    assert filtered_refs("open=yes", queryset=as_at, snapshot=then) == [1, 2]
    assert filtered_refs("status=completed", queryset=as_at, snapshot=then) == []
    assert filtered_refs("open=yes") == [2]


def test_quarter_form_offers_closed_and_open_quarters_but_not_planned_ones():
    review = factories.ReviewFactory()
    closed = factories.ClosedReportingPeriodFactory(review=review)
    opened = factories.ReportingPeriodFactory(
        review=review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        state="open",
    )
    factories.ReportingPeriodFactory(review=review, name="2010/11 Q4", state="planned")

    form = QuarterForm(QueryDict(f"as_at={closed.pk}"), review=review)

    assert list(form.fields["as_at"].queryset) == [opened, closed]
    assert form.snapshot().period == closed
    assert QuarterForm(QueryDict(""), review=review).snapshot() is None
    assert not QuarterForm(QueryDict("as_at=nope"), review=review).is_valid()
