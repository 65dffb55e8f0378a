"""The recommendation list page: filters, count, selected filters, pagination, CSV and bad input."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations import exports, services
from recommendations.models import Status
from tests import factories
from tests.helpers import (
    checked_values,
    field_value,
    lazy_review_url,
    list_row,
    listed_refs,
    parse,
    select_options,
    text_of,
)

pytestmark = pytest.mark.django_db

LIST_URL = lazy_review_url("recommendations:recommendation-list")

EXPORT_URL = lazy_review_url("recommendations:recommendation-export")


@pytest.fixture
def theme():
    return factories.ThemeFactory(name="Assessment", position=1)


def make_recommendations(theme, count, start=1, **fields):
    return [
        factories.RecommendationFactory(theme=theme, ref=ref, **fields) for ref in range(start, start + count)
    ]


# Filters, search, sorting and the download link ------------------------------------------------


def test_the_form_shows_the_chosen_filters(panel_member_client):
    theme = factories.ThemeFactory(name="Assessment and Care Management", position=3)
    make_recommendations(theme, 2)

    html = panel_member_client.get(
        LIST_URL, {"theme": theme.pk, "open": "yes", "status": ["in_progress", "no_progress"], "q": "audit"}
    ).content.decode()

    assert (str(theme.pk), True, "Assessment and Care Management") in select_options(html, "id_theme")
    assert checked_values(html, "open") == ["yes"]
    assert checked_values(html, "status") == ["in_progress", "no_progress"]
    assert field_value(html, "q") == "audit"


def test_search_lists_recommendation_18_for_chronologies(theme, panel_member_client):
    factories.RecommendationFactory(theme=theme, ref=18, text="Ensure that chronologies are in place.")
    factories.RecommendationFactory(theme=theme, ref=19, text="Review the conference system.")

    html = panel_member_client.get(LIST_URL, {"q": "chronologies"}).content.decode()

    assert listed_refs(html) == [18]
    assert "Search: “chronologies”" in text_of(html)


def test_sorting_by_due_date_is_one_table_without_theme_headings(panel_member_client):
    for position in (1, 2):
        make_recommendations(factories.ThemeFactory(position=position), 2, start=position * 10)

    grouped = parse(panel_member_client.get(LIST_URL, {"open": "yes"}))
    page = parse(panel_member_client.get(LIST_URL, {"sort": "due", "open": "yes"}))

    def theme_headings(page):
        headings = page.find_all("h2")
        return [heading for heading in headings if heading.attrs.get("id", "").startswith("theme-")]

    assert len(theme_headings(grouped)) == 2
    assert theme_headings(page) == []
    assert len(page.find_all("table", class_="app-recommendation-table")) == 1
    # One table over every theme: each row names its theme under the recommendation's words.
    assert "Theme: Theme" in list_row(page.markup, 10).text


def test_sorting_by_due_date_shows_each_recommendation_s_next_due_date(theme, panel_member_client):
    soon, later, undated = make_recommendations(theme, 3)
    factories.ProposedActionFactory(recommendation=soon, due_date=datetime.date(2010, 3, 31))
    factories.ProposedActionFactory(recommendation=later, due_date=datetime.date(2011, 1, 31))

    by_due = panel_member_client.get(LIST_URL, {"sort": "due"}).content.decode()
    by_number = panel_member_client.get(LIST_URL).content.decode()

    assert listed_refs(by_due) == [soon.ref, later.ref, undated.ref]
    assert "Next action due" in [header.text for header in parse(by_due).find_all("th", scope="col")]
    assert "Next action due 31 Mar 2010" in list_row(by_due, soon.ref).text
    assert "Next action due 31 Jan 2011" in list_row(by_due, later.ref).text
    assert "Next action due None open" in list_row(by_due, undated.ref).text
    assert "Next action due" not in [header.text for header in parse(by_number).find_all("th", scope="col")]


def test_sorting_by_number_descending_lists_the_highest_first(theme, panel_member_client):
    make_recommendations(theme, 5)

    html = panel_member_client.get(LIST_URL, {"sort": "-ref"}).content.decode()

    assert listed_refs(html) == [5, 4, 3, 2, 1]


def test_the_list_links_to_the_download_with_its_filters(theme, panel_member_client):
    make_recommendations(theme, 2)

    html = panel_member_client.get(LIST_URL, {"theme": theme.pk, "open": "yes", "page": 1}).content.decode()

    (download,) = parse(html).find_all("a", download=True)
    assert download.attrs["href"] == f"{EXPORT_URL}?theme={theme.pk}&open=yes"
    assert download.text == "Download this list as CSV"


def test_csv_download_with_a_bad_parameter_returns_to_the_list_showing_the_error(panel_member_client):
    factories.ReviewFactory()
    response = panel_member_client.get(EXPORT_URL, {"theme": "nope"})

    assert response.status_code == 302
    assert response.url == f"{LIST_URL}?theme=nope"
    assert "Select a theme from the list" in panel_member_client.get(response.url).content.decode()


# Selected filters and clearing ----------------------------------------------------------------


def test_each_selected_filter_is_a_link_that_removes_it(theme, panel_member_client):
    factories.RecommendationFactory(theme=theme, ref=1, status=Status.IN_PROGRESS)

    html = panel_member_client.get(
        LIST_URL, {"theme": theme.pk, "status": ["in_progress", "completed"]}
    ).content.decode()

    assert (
        f'<a class="app-filter-tag" href="{LIST_URL}?theme={theme.pk}&amp;status=completed">'
        '<span class="govuk-visually-hidden">Remove this filter: </span>Status: In progress</a>'
    ) in html
    assert (
        f'<a class="app-filter-tag" href="{LIST_URL}?status=in_progress&amp;status=completed">'
        '<span class="govuk-visually-hidden">Remove this filter: </span>Theme: Assessment</a>'
    ) in html
    assert f'<a class="govuk-link" href="{LIST_URL}">Clear filters</a>' in html


def test_no_match_says_so(theme, panel_member_client):
    factories.RecommendationFactory(theme=theme, ref=1, status=Status.IN_PROGRESS)

    html = panel_member_client.get(LIST_URL, {"status": "completed"}).content.decode()

    assert "0 recommendations" in html
    assert "No recommendations match these filters." in html
    assert "Download this list" not in html


# Pagination -----------------------------------------------------------------------------------


def test_the_list_shows_25_a_page_and_page_links_keep_the_filters(theme, panel_member_client):
    make_recommendations(theme, 30, status=Status.IN_PROGRESS)
    factories.CompletedRecommendationFactory(theme=theme, ref=31)

    first = panel_member_client.get(LIST_URL, {"theme": theme.pk, "open": "yes"}).content.decode()
    second = panel_member_client.get(LIST_URL, {"theme": theme.pk, "open": "yes", "page": 2}).content.decode()

    assert "30 recommendations" in first
    assert listed_refs(first) == list(range(1, 26))
    assert listed_refs(second) == list(range(26, 31))
    assert f'href="?theme={theme.pk}&amp;open=yes&amp;page=2" rel="next"' in first
    assert f'href="?theme={theme.pk}&amp;open=yes&amp;page=1" rel="prev"' in second
    assert 'aria-label="Page 2" aria-current="page">2</a>' in second


@pytest.mark.parametrize("page", ["0", "99", "two", ""])
def test_a_page_out_of_range_or_not_a_number_shows_a_page_not_an_error(theme, panel_member_client, page):
    make_recommendations(theme, 30)

    response = panel_member_client.get(LIST_URL, {"page": page})

    assert response.status_code == 200
    assert len(listed_refs(response.content.decode())) in (25, 5)


# Bad parameters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"theme": "abc"}, "Select a theme from the list"),
        ({"theme": "99999"}, "Select a theme from the list"),
        ({"status": ["completed", "done"]}, "Select a status from the list"),
        ({"rag": "blue"}, "Select a RAG rating from the list"),
        ({"open": "no"}, "Select open recommendations from the list"),
        ({"overdue": "1"}, "Select overdue recommendations from the list"),
        ({"open_question": "true"}, "Select unanswered questions from the list"),
        ({"focus": "maybe"}, "Select yes or no for the EMG / I&amp;E focus from the list"),
        ({"lead_officer": "-1"}, "Select a lead officer from the list"),
        ({"assignee": "x"}, "Select who it is assigned to from the list"),
        ({"sort": "random"}, "Select a sort order from the list"),
        ({"as_at": "not-a-quarter"}, "Select a quarter from the list: there is no such quarter"),
        ({"as_at": "99999"}, "Select a quarter from the list: there is no such quarter"),
        ({"q": "x" * 500}, "Search for 200 characters or fewer"),
    ],
)
def test_a_bad_parameter_shows_its_error_and_no_list_never_a_server_error(
    theme, panel_member_client, params, message
):
    factories.RecommendationFactory(theme=theme, ref=1)

    response = panel_member_client.get(LIST_URL, params)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Recommendations" in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert message in html
    assert listed_refs(html) == []
    assert "No recommendations shown" in html


def test_a_bad_filter_value_is_shown_next_to_its_field_linked_from_the_summary(theme, panel_member_client):
    html = panel_member_client.get(LIST_URL, {"theme": "abc"}).content.decode()

    assert '<li><a href="#id_theme">Select a theme from the list</a></li>' in html
    assert (
        '<p id="id_theme-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Select a theme from the list</p>'
    ) in html


# Query counts ---------------------------------------------------------------------------------


def build(theme, officer, count, start):
    for recommendation in make_recommendations(theme, count, start=start, status=Status.IN_PROGRESS):
        action = factories.ProposedActionFactory(
            recommendation=recommendation, position=1, due_date=datetime.date(2010, 1, 1), text="An audit."
        )
        action.lead_officers.add(officer)
        factories.QuestionFactory(recommendation=recommendation)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"open": "yes", "overdue": "yes", "open_question": "yes", "q": "audit", "focus": "no"},
        {"status": ["in_progress", "completed"], "rag": "not_assessed", "sort": "due"},
        {"sort": "status"},
    ],
)
def test_list_query_count_does_not_grow_with_recommendations(theme, panel_member_client, params):
    officer = factories.OfficerFactory()
    params = {**params, "theme": theme.pk, "lead_officer": officer.pk}
    build(theme, officer, 3, start=1)
    with CaptureQueriesContext(connection) as with_three:
        assert listed_refs(panel_member_client.get(LIST_URL, params).content.decode()) == [1, 2, 3]

    build(theme, officer, 9, start=4)
    with CaptureQueriesContext(connection) as with_twelve:
        html = panel_member_client.get(LIST_URL, params).content.decode()

    assert len(listed_refs(html)) == 12
    assert len(with_twelve) == len(with_three)


def test_csv_query_count_does_not_grow_with_recommendations(theme, panel_member_client):
    officer = factories.OfficerFactory()
    build(theme, officer, 2, start=1)
    with CaptureQueriesContext(connection) as with_two:
        panel_member_client.get(EXPORT_URL, {"open": "yes"}).getvalue()  # streamed: read it all

    build(theme, officer, 8, start=3)
    with CaptureQueriesContext(connection) as with_ten:
        csv_text = panel_member_client.get(EXPORT_URL, {"open": "yes"}).getvalue().decode()

    assert csv_text.count("An audit.") == 10
    assert len(with_ten) == len(with_two)


@pytest.mark.parametrize("as_at", [False, True])
def test_csv_is_streamed_a_batch_of_recommendations_at_a_time_in_list_order(
    theme, panel_member_client, monkeypatch, as_at
):
    build(theme, factories.OfficerFactory(), 7, start=1)
    params = {"sort": "-ref"}
    if as_at:
        period = factories.OpenReportingPeriodFactory(review=theme.review)
        services.reporting_period_close(period=period, by=factories.UserFactory(role="coordinator"))
        params["as_at"] = period.pk
    whole = panel_member_client.get(EXPORT_URL, params)
    monkeypatch.setattr(exports, "EXPORT_BATCH", 3)
    with CaptureQueriesContext(connection) as in_threes:
        streamed = panel_member_client.get(EXPORT_URL, params)
        rows = list(csv.reader(io.StringIO(streamed.getvalue().decode())))

    assert streamed.streaming
    filename = f"{theme.review.slug}-recommendations.csv"
    assert streamed["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in streamed["Cache-Control"]
    assert [row[1] for row in rows[1:]] == [str(ref) for ref in range(7, 0, -1)]
    assert rows == list(csv.reader(io.StringIO(whole.getvalue().decode())))
    # Three batches (3, 3 and 1 recommendations), each with its own reads.
    recommendation_reads = [q for q in in_threes.captured_queries if '"id" IN (' in q["sql"]]
    assert len(recommendation_reads) >= 3


# The public view ------------------------------------------------------------------------------


def test_the_public_list_neither_offers_nor_applies_the_unanswered_question_filter(theme, client, settings):
    settings.PUBLIC_VIEW_ENABLED = True
    asked = factories.RecommendationFactory(theme=theme, ref=1)
    factories.QuestionFactory(recommendation=asked)
    factories.RecommendationFactory(theme=theme, ref=2)

    response = client.get(LIST_URL, {"open_question": "yes"})

    html = response.content.decode()
    assert response.status_code == 200
    assert listed_refs(html) == [1, 2]
    assert "With an unanswered question" not in html
    assert "Download this list" not in html


def test_many_pages_are_shortened_with_an_ellipsis(theme, panel_member_client):
    make_recommendations(theme, 6 * 25)

    html = panel_member_client.get(LIST_URL, {"page": 1}).content.decode()

    pagination = parse(html).find(class_="govuk-pagination")
    pages = [link.attrs["aria-label"] for link in pagination.find_all("a", aria_label=True)]
    assert [label for label in pages if label.startswith("Page ")] == ["Page 1", "Page 2", "Page 6"]
    ellipses = pagination.find_all("li", class_="govuk-pagination__item--ellipses")
    assert [item.text for item in ellipses] == ["⋯"]


def test_each_row_says_what_its_actions_say_beside_its_own_status(theme, panel_member_client):
    with_actions, without = make_recommendations(theme, 2, status=Status.IN_PROGRESS)
    for status in (Status.COMPLETED, Status.COMPLETED, Status.IN_PROGRESS):
        factories.ProposedActionFactory(recommendation=with_actions, status=status)

    html = panel_member_client.get(LIST_URL).content.decode()

    assert "In progress 2 of 3 actions completed" in list_row(html, with_actions.ref).text
    assert "actions completed" not in list_row(html, without.ref).text
