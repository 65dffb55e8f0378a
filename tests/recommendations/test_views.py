import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from recommendations.models import ProgressUpdate, Rag, Recommendation, Status
from tests import factories
from tests.helpers import at, lazy_review_url, listed_refs, markup_of, parse, review_url, saved_at

pytestmark = pytest.mark.django_db

LIST_URL = lazy_review_url("recommendations:recommendation-list")


def detail_url(ref):
    return review_url("recommendations:recommendation-detail", kwargs={"ref": ref})


@pytest.fixture
def review():
    return factories.ReviewFactory(name="Kirklees Safeguarding Commission")


@pytest.fixture
def themes(review):
    """Three themes created out of report order, so ordering by position is tested."""
    return {
        position: factories.ThemeFactory(review=review, name=name, position=position)
        for position, name in [
            (3, "Multi-Agency Working"),
            (1, "Prevention & Early Intervention"),
            (2, "Assessment"),
        ]
    }


def make_recommendations(themes, count, start=1):
    return [
        factories.RecommendationFactory(theme=themes[(ref % 3) + 1], ref=ref)
        for ref in range(start, start + count)
    ]


# Sign-in -------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [LIST_URL, detail_url(1)])
def test_anonymous_user_is_redirected_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


# The list ------------------------------------------------------------------------------


def test_list_groups_recommendations_by_theme_in_report_order(panel_member_client, themes):
    factories.RecommendationFactory(theme=themes[3], ref=25, text="Establish a close contact model")
    factories.RecommendationFactory(theme=themes[1], ref=2, text="Develop early help")
    factories.RecommendationFactory(theme=themes[2], ref=18, text="Ensure that chronologies")
    factories.RecommendationFactory(theme=themes[1], ref=1, text="Carry out an audit")

    html = panel_member_client.get(LIST_URL).content.decode()

    headings = [heading.text for heading in parse(html).find_all("h2", class_="govuk-heading-m")]
    assert headings == ["Prevention & Early Intervention", "Assessment", "Multi-Agency Working"]
    order = [html.index(text) for text in ["Carry out", "Develop early", "chronologies", "close contact"]]
    assert order == sorted(order)


def test_list_shows_ref_shortened_text_linking_to_the_page_and_assigned_to(panel_member_client, themes):
    long_text = " ".join(f"word{n}" for n in range(40))
    factories.RecommendationFactory(
        theme=themes[1], ref=7, text=long_text, assigned_to_text="Assistant Director for Learning"
    )

    html = panel_member_client.get(LIST_URL).content.decode()

    assert f'href="{detail_url(7)}"' in html
    assert "word17 …" in html
    assert "word18" not in html
    assert "Assistant Director for Learning" in html
    assert 7 in listed_refs(html)


def test_list_shows_a_status_tag_coloured_by_status(panel_member_client, themes):
    factories.CompletedRecommendationFactory(theme=themes[1], ref=1)
    factories.RecommendationFactory(theme=themes[1], ref=2)
    factories.RecommendationFactory(theme=themes[1], ref=3, status=Status.NO_PROGRESS)

    html = panel_member_client.get(LIST_URL).content.decode()

    assert '<strong class="govuk-tag app-tag--solid-green">Completed</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--grey">Not assessed</strong>' in html
    assert '<strong class="govuk-tag app-tag--strong-red">No progress</strong>' in html


def test_list_shows_the_reports_stated_figure_beside_the_recorded_completions(
    panel_member_client, review, themes
):
    panel = factories.PanelFactory()
    panel.reviews.add(review)
    factories.PanelReportFactory(panel=panel)
    factories.CompletedRecommendationFactory(theme=themes[1], ref=1)
    factories.CompletedRecommendationFactory(theme=themes[2], ref=2)
    factories.RecommendationFactory(theme=themes[3], ref=3)

    html = panel_member_client.get(LIST_URL).content.decode()

    assert (
        "The January 2011 report states 35 of 54 recommendations were completed at "
        "16 September 2010; the record shows 2 recorded as completed where the report's "
        "words say so."
    ) in " ".join(html.split())


def test_list_omits_the_stated_figure_when_no_panel_report_states_one(panel_member_client, themes):
    factories.CompletedRecommendationFactory(theme=themes[1], ref=1)

    html = panel_member_client.get(LIST_URL).content.decode()

    assert "report states" not in html
    assert "Prevention &amp; Early Intervention" in html


def test_list_query_count_does_not_grow_with_recommendations(panel_member_client, review, themes):
    panel = factories.PanelFactory()
    panel.reviews.add(review)
    factories.PanelReportFactory(panel=panel)
    make_recommendations(themes, 3)
    with CaptureQueriesContext(connection) as with_three:
        assert panel_member_client.get(LIST_URL).status_code == 200

    make_recommendations(themes, 9, start=4)
    with CaptureQueriesContext(connection) as with_twelve:
        response = panel_member_client.get(LIST_URL)

    assert response.content.decode().count('class="govuk-table__row"') == 12 + 3  # rows + heads
    assert len(with_twelve) == len(with_three)


# The recommendation page --------------------------------------------------------------


def test_detail_shows_the_full_text_with_its_line_breaks(panel_member_client, themes):
    factories.RecommendationFactory(
        theme=themes[2], ref=18, text="Ensure that chronologies are in place.\nConsult them routinely."
    )

    response = panel_member_client.get(detail_url(18))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Recommendation 18 – Recommendation tracker</title>" in html
    assert "Ensure that chronologies are in place.<br>Consult them routinely." in html


def test_detail_shows_theme_assignment_status_rag_and_focus(panel_member_client, themes):
    factories.RecommendationFactory(
        theme=themes[2],
        ref=18,
        assigned_to_text="Assistant Director for Support & Protection",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        focus=True,
    )

    html = panel_member_client.get(detail_url(18)).content.decode()

    # The review's name first: two reviews may both have a recommendation 18 on "Assessment".
    review = Recommendation.objects.get(ref=18).review.name
    assert f'<span class="govuk-caption-l">{review}: Assessment</span>' in html
    assert "Assistant Director for Support &amp; Protection" in html
    assert '<strong class="govuk-tag app-tag--strong-blue">In progress</strong>' in html
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in html
    assert "EMG / I&amp;E focus" in html


def test_detail_hides_the_focus_row_when_not_a_focus(panel_member_client, themes):
    factories.RecommendationFactory(theme=themes[2], ref=18, focus=False)

    html = panel_member_client.get(detail_url(18)).content.decode()

    assert "EMG / I&amp;E focus" not in html


def test_detail_shows_proposed_actions_with_their_timescale_dates(panel_member_client, themes):
    recommendation = factories.RecommendationFactory(theme=themes[2], ref=18)
    factories.ProposedActionFactory(
        recommendation=recommendation,
        position=2,
        text="Update procedures so chronologies are completed.",
        lead_officer_text="CP",
        timescale="February 2010 Revised to May 2010",
        due_date=datetime.date(2010, 5, 31),
        original_due_date=datetime.date(2010, 2, 28),
        progress="Care First 6 improves chronologies.",
        status=Status.COMPLETED,
    )
    factories.ProposedActionFactory(
        recommendation=recommendation, position=1, text="Discuss at the away day.", timescale=""
    )

    actions = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "actions")

    assert actions.index("Proposed action 1") < actions.index("Proposed action 2")
    assert "Update procedures so chronologies are completed." in actions
    assert "CP" in actions
    assert "February 2010 Revised to May 2010" in actions
    assert "Due 31 May 2010, originally 28 February 2010" in actions
    assert "Care First 6 improves chronologies." in actions
    assert '<strong class="govuk-tag app-tag--solid-green">Completed</strong>' in actions
    assert "Not stated" in actions  # the first action's empty timescale


def test_detail_links_cross_references_and_the_recommendations_referring_to_it(panel_member_client, themes):
    first, fourth, twenty_first, twenty_fifth = (
        factories.RecommendationFactory(theme=themes[1], ref=ref) for ref in (1, 4, 21, 25)
    )
    twenty_first.cross_references.add(fourth, first)
    twenty_fifth.cross_references.add(twenty_first)

    html = panel_member_client.get(detail_url(21)).content.decode()

    assert (
        f'See also: <a class="govuk-link" href="{detail_url(1)}">Recommendation 1</a>, '
        f'<a class="govuk-link" href="{detail_url(4)}">Recommendation 4</a>'
    ) in html
    assert (f'Referred to by: <a class="govuk-link" href="{detail_url(25)}">Recommendation 25</a>') in html


def test_detail_timeline_shows_a_change_with_its_user_reason_and_changed_fields(
    panel_member_client, coordinator_user, themes
):
    recommendation = factories.RecommendationFactory(theme=themes[2], ref=18)
    recommendation.status = Status.COMPLETED
    recommendation.rag = Rag.COMPLETE
    recommendation._history_user = coordinator_user
    recommendation._change_reason = "Completion verified"
    recommendation.save()

    timeline = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "timeline")

    assert "Recommendation 18: Completion verified" in timeline
    assert escape(str(coordinator_user)) in timeline  # a made-up name may hold an apostrophe
    assert "Status changed from Not assessed to Completed" in timeline
    assert "RAG changed from Not assessed to Complete" in timeline


def test_detail_timeline_describes_an_action_change_without_a_reason(panel_member_client, themes):
    recommendation = factories.RecommendationFactory(theme=themes[2], ref=18)
    action = factories.ProposedActionFactory(recommendation=recommendation, position=1)
    action.status = Status.IN_PROGRESS
    action.progress = "Training commissioned from an external provider."
    action.due_date = datetime.date(2010, 8, 31)
    action.save()

    timeline = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "timeline")

    assert "Proposed action 1 changed" in timeline
    assert "Status changed from Not assessed to In progress" in timeline
    assert "Due date changed from none to 31 August 2010" in timeline
    assert "Progress changed to: “Training commissioned from an external provider.”" in timeline
    assert "Proposed action 1 added" in timeline


def test_detail_timeline_attributes_changes_without_a_user_to_the_published_report(
    panel_member_client, themes
):
    recommendation = factories.RecommendationFactory.build(theme=themes[2], ref=18)
    saved_at(recommendation, at(2009, 11, 30))

    timeline = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "timeline")

    assert "Recommendation 18 recorded" in timeline
    assert '<time datetime="2009-11-30">30 November 2009</time>' in timeline
    assert "From the published report" in timeline


def test_detail_timeline_shows_accepted_progress_updates_only(panel_member_client, themes):
    recommendation = factories.RecommendationFactory(theme=themes[2], ref=18)
    period = factories.ReportingPeriodFactory(review=recommendation.review, name="2010/11 Q2")
    factories.ProgressUpdateFactory(
        recommendation=recommendation,
        period=period,
        narrative="Care First 6 is being rolled out.",
        status=Status.IN_PROGRESS,
        state=ProgressUpdate.State.ACCEPTED,
        reviewed_at=at(2010, 9, 16),
    )
    factories.ProgressUpdateFactory(
        recommendation=recommendation,
        narrative="A draft nobody has accepted.",
        state=ProgressUpdate.State.SUBMITTED,
    )

    timeline = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "timeline")

    assert "Progress update for 2010/11 Q2 accepted" in timeline
    assert '<time datetime="2010-09-16">16 September 2010</time>' in timeline
    assert "Care First 6 is being rolled out." in timeline
    assert "A draft nobody has accepted." not in timeline


def test_detail_timeline_lists_the_newest_entry_first(panel_member_client, themes):
    recommendation = factories.RecommendationFactory.build(theme=themes[2], ref=18)
    saved_at(recommendation, at(2009, 11, 30))
    recommendation.status = Status.IN_PROGRESS
    saved_at(recommendation, at(2010, 9, 16))

    timeline = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "timeline")

    assert timeline.index("16 September 2010") < timeline.index("30 November 2009")


def test_unknown_ref_shows_the_page_not_found_page(panel_member_client, themes):
    factories.RecommendationFactory(theme=themes[1], ref=1)

    response = panel_member_client.get(detail_url(99))

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_detail_query_count_does_not_grow_with_actions_references_or_history(panel_member_client, themes):
    def build(ref, size):
        recommendation = factories.RecommendationFactory(theme=themes[1], ref=ref)
        others = make_recommendations(themes, size, start=ref + 1)
        recommendation.cross_references.add(*others)
        recommendation.referred_to_by.add(*others)
        for position in range(1, size + 1):
            action = factories.ProposedActionFactory(recommendation=recommendation, position=position)
            action.lead_officers.add(factories.OfficerFactory())
            action.progress = "Changed"
            action.save()
            factories.ProgressUpdateFactory(
                recommendation=recommendation, action=action, state=ProgressUpdate.State.ACCEPTED
            )

    build(1, 3)
    build(100, 12)
    with CaptureQueriesContext(connection) as small:
        assert panel_member_client.get(detail_url(1)).status_code == 200
    with CaptureQueriesContext(connection) as large:
        response = panel_member_client.get(detail_url(100))

    assert response.content.decode().count("Proposed action 12 changed") == 1
    assert len(large) == len(small)


# The shipped seed data ----------------------------------------------------------------
