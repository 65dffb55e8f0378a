"""Comparing two recorded versions of a recommendation, or of one of its proposed actions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import Status
from tests import factories
from tests.helpers import (
    at,
    current_links,
    diff_markup,
    error_next_to,
    error_summary,
    field_value,
    links_in,
    markup_of,
    parse,
    review_url,
    saved_at,
    select_options,
)

pytestmark = pytest.mark.django_db


def compare_url(ref, **query):
    url = review_url("recommendations:recommendation-compare", kwargs={"ref": ref})
    if query:
        url += "?" + "&".join(f"{name}={value}" for name, value in query.items())
    return url


@pytest.fixture
def editor():
    return factories.UserFactory(first_name="Sam", last_name="Coordinator", role="coordinator")


@pytest.fixture
def recommendation(editor):
    """Recommendation 18 in three versions: baseline, September 2010, and an edit by Sam."""
    recommendation = factories.RecommendationFactory.build(
        theme=factories.ThemeFactory(),
        ref=18,
        text="Ensure that chronologies are in place on social care files.",
    )
    recommendation._history_date = at(2009, 11, 30)
    recommendation._change_reason = "Baseline"
    recommendation.save()
    recommendation.status = Status.IN_PROGRESS
    recommendation.progress = "Chronologies are being audited."
    recommendation._history_date = at(2010, 9, 16, 13)
    recommendation._change_reason = "September 2010 progress"
    recommendation.save()
    recommendation.text = "Ensure that chronologies are in place on every social care file."
    recommendation.progress = "Chronologies were audited in December."
    recommendation.version += 1
    recommendation._history_date = at(2011, 1, 12, 9)
    recommendation._history_user = editor
    recommendation._change_reason = "Corrected after the audit"
    recommendation.save()
    return recommendation


@pytest.fixture
def versions(recommendation):
    return list(recommendation.history.order_by("history_date"))


@pytest.fixture
def action(recommendation):
    action = factories.ProposedActionFactory.build(
        recommendation=recommendation, position=1, timescale="Nov 09", progress=""
    )
    saved_at(action, at(2009, 11, 30))
    action.progress = "Care First 6 is being rolled out."
    action.status = Status.IN_PROGRESS
    action._history_date = at(2010, 9, 16)
    action._change_reason = "September 2010 progress"
    action.save()
    action.progress = "Care First 6 is rolled out across the service."
    action.timescale = "Summer 2010"
    saved_at(action, at(2011, 1, 12))
    return action


# Choosing versions ------------------------------------------------------------------------


def test_compare_page_lists_every_version_by_number_date_user_and_reason_newest_first(
    panel_member_client, versions
):
    html = panel_member_client.get(compare_url(18)).content.decode()

    labels = [label for _, _, label in select_options(html, "id_from")]
    assert labels == [
        "Version 3 – 12 January 2011, 9am – Sam Coordinator – Corrected after the audit",
        "Version 2 – 16 September 2010, 1pm – From the published report – September 2010 progress",
        "Version 1 – 30 November 2009, midday – From the published report – Baseline",
    ]
    assert [value for value, _, _ in select_options(html, "id_to")] == [
        str(v.history_id) for v in reversed(versions)
    ]


def test_without_a_choice_the_latest_change_is_compared(panel_member_client, versions):
    html = panel_member_client.get(compare_url(18)).content.decode()

    assert [value for value, selected, _ in select_options(html, "id_from") if selected] == [
        str(versions[1].history_id)
    ]
    assert [value for value, selected, _ in select_options(html, "id_to") if selected] == [
        str(versions[2].history_id)
    ]
    assert "Corrected after the audit" in markup_of(html, "differences")


def test_compare_shows_every_changed_field_and_long_text_word_by_word(panel_member_client, versions):
    html = panel_member_client.get(
        compare_url(18, **{"from": versions[0].history_id, "to": versions[2].history_id})
    ).content.decode()

    changes = markup_of(html, "differences")
    assert "<title>Compare versions of recommendation 18 – Recommendation tracker</title>" in html
    keys = [key.text for key in parse(changes).find_all("dt", class_="govuk-summary-list__key")]
    assert keys == ["From", "To", "Text", "Status", "Progress"]
    assert (
        "in place on "
        + diff_markup("insert", "every")
        + " social care "
        + diff_markup("delete", "files.")
        + diff_markup("insert", "file.")
    ) in changes
    assert 'Changed from <span class="app-compare__old">Not assessed</span> to ' in changes
    assert diff_markup("insert", "Chronologies were audited in December.") in changes
    assert "Version" not in keys  # the edit counter is not a user's field


def test_compare_can_go_backwards(panel_member_client, versions):
    html = panel_member_client.get(
        compare_url(18, **{"from": versions[2].history_id, "to": versions[1].history_id})
    ).content.decode()

    changes = markup_of(html, "differences")
    assert (
        "Chronologies "
        + diff_markup("delete", "were audited in December.")
        + diff_markup("insert", "are being audited.")
    ) in changes


def test_versions_that_differ_in_no_field_say_so(panel_member_client, recommendation, versions):
    recommendation._change_reason = "Saved again"
    saved_at(recommendation, at(2011, 2, 1))
    latest = recommendation.history.latest("history_date")

    html = panel_member_client.get(
        compare_url(18, **{"from": versions[2].history_id, "to": latest.history_id})
    ).content.decode()

    assert "Every field is the same in these two versions." in markup_of(html, "differences")


def test_a_record_with_one_version_has_nothing_to_compare(panel_member_client):
    factories.RecommendationFactory(ref=7)

    html = panel_member_client.get(compare_url(7)).content.decode()

    assert "Only one version of recommendation 7 is recorded, so there is nothing to compare yet." in html
    assert "<select" not in html
    assert 'id="differences"' not in html


# Proposed actions -----------------------------------------------------------------------


def test_compare_an_actions_versions_with_its_progress_word_by_word(panel_member_client, action):
    history = list(action.history.order_by("history_date"))

    html = panel_member_client.get(
        compare_url(18, action=1, **{"from": history[1].history_id, "to": history[2].history_id})
    ).content.decode()

    assert field_value(html, "action") == "1"
    assert current_links(html) == ["Proposed action 1"]
    changes = markup_of(html, "differences")
    keys = [key.text for key in parse(changes).find_all("dt", class_="govuk-summary-list__key")]
    assert keys == ["From", "To", "Timescale", "Progress"]
    assert 'Changed from <span class="app-compare__old">Nov 09</span> to' in changes
    assert (
        "Care First 6 is "
        + diff_markup("delete", "being")
        + " rolled "
        + diff_markup("delete", "out.")
        + diff_markup("insert", "out across the service.")
    ) in changes


def test_compare_lists_the_recommendation_and_each_action_to_choose_from(panel_member_client, action):
    factories.ProposedActionFactory(recommendation=action.recommendation, position=2)

    html = panel_member_client.get(compare_url(18)).content.decode()

    assert current_links(html) == ["Recommendation 18"]
    hrefs = [href for href, _ in links_in(html)]
    assert f"{compare_url(18)}?action=1" in hrefs
    assert f"{compare_url(18)}?action=2" in hrefs


def test_recommendation_page_links_to_compare_versions(panel_member_client, recommendation):
    html = panel_member_client.get(recommendation.get_absolute_url()).content.decode()

    assert f'<a class="govuk-link" href="{compare_url(18)}">Compare versions</a>' in html


# Bad choices ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            {"from": "abc", "to": "{latest}"},
            "id_from",
            "Select a version to compare from: the one given is not a version of recommendation 18",
        ),
        (
            {"from": "{first}", "to": "99999999"},
            "id_to",
            "Select a version to compare to: the one given is not a version of recommendation 18",
        ),
        (
            {"from": "{foreign}", "to": "{latest}"},
            "id_from",
            "Select a version to compare from: the one given is not a version of recommendation 18",
        ),
        ({"from": "{first}", "to": ""}, "id_to", "Select the version to compare to"),
        ({"from": "{first}"}, "id_to", "Select the version to compare to"),
        ({"from": "{first}", "to": "{first}"}, "id_to", "Select a different version to compare with"),
    ],
)
def test_bad_or_foreign_versions_are_an_error_on_the_form(
    panel_member_client, versions, query, field, message
):
    foreign = factories.RecommendationFactory(ref=19).history.get()
    values = {
        "first": versions[0].history_id,
        "latest": versions[2].history_id,
        "foreign": foreign.history_id,
    }

    response = panel_member_client.get(compare_url(18, **{k: v.format(**values) for k, v in query.items()}))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Compare versions of recommendation 18 – Recommendation tracker</title>" in html
    assert [
        text for anchor, text in error_summary(html) if anchor == f"#{field}" and text.startswith(message)
    ]
    assert error_next_to(html, field) is not None
    assert 'id="differences"' not in html


def test_a_bad_choice_is_replaced_by_the_latest_change_and_a_good_one_kept(panel_member_client, versions):
    html = panel_member_client.get(
        compare_url(18, **{"from": "abc", "to": versions[0].history_id})
    ).content.decode()

    assert [value for value, selected, _ in select_options(html, "id_from") if selected] == [
        str(versions[1].history_id)
    ]
    assert [value for value, selected, _ in select_options(html, "id_to") if selected] == [
        str(versions[0].history_id)
    ]


def test_another_recommendations_action_version_is_foreign(panel_member_client, action):
    other_action = factories.ProposedActionFactory(recommendation=factories.RecommendationFactory(ref=19))
    other_action.progress = "Another recommendation's progress."
    other_action.save()
    history = list(action.history.order_by("history_date"))

    html = panel_member_client.get(
        compare_url(
            18, action=1, **{"from": other_action.history.latest().history_id, "to": history[2].history_id}
        )
    ).content.decode()

    assert '<a href="#id_from">Select a version to compare from: the one given' in html
    assert 'id="differences"' not in html


@pytest.mark.parametrize("position", ["9", "first", "-1"])
def test_an_unknown_action_is_an_error_and_the_recommendations_versions_are_offered(
    panel_member_client, versions, action, position
):
    response = panel_member_client.get(compare_url(18, action=position))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#compare-record">Recommendation 18 has no proposed action “{position}”' in html
    assert "Versions of recommendation 18" in html
    assert 'id="differences"' not in html


def test_comparing_an_unknown_recommendation_is_not_found(panel_member_client):
    assert panel_member_client.get(compare_url(99)).status_code == 404


def test_compare_query_count_does_not_grow_with_versions_or_actions(panel_member_client, action):
    def build(ref, size):
        recommendation = factories.RecommendationFactory(ref=ref)
        for position in range(1, size + 1):
            factories.ProposedActionFactory(recommendation=recommendation, position=position)
        for number in range(size):
            recommendation.progress = f"Progress {number}"
            recommendation.save()

    build(1, 2)
    build(2, 9)
    with CaptureQueriesContext(connection) as small:
        panel_member_client.get(compare_url(1))
    with CaptureQueriesContext(connection) as large:
        html = panel_member_client.get(compare_url(2)).content.decode()

    assert len(select_options(html, "id_from")) == 10
    assert len(large) == len(small)


# The shipped seed data ------------------------------------------------------------------
