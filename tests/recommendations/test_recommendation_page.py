"""The recommendation page completed: the panel's findings and recommendations, and slippage."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from recommendations.models import Status
from tests import factories
from tests.helpers import markup_of, review_url, text_of

pytestmark = pytest.mark.django_db


def detail_url(ref):
    return review_url("recommendations:recommendation-detail", kwargs={"ref": ref})


@pytest.fixture
def recommendation():
    theme = factories.ThemeFactory(name="Assessment", position=3)
    return factories.RecommendationFactory(theme=theme, ref=18)


@pytest.fixture
def report():
    return factories.PanelReportFactory(title="Safeguarding Commission progress report")


# Panel findings and panel recommendations ----------------------------------------------------


def test_page_lists_the_panel_findings_on_it_linking_to_the_panel_page(
    panel_member_client, recommendation, report
):
    highlight = factories.HighlightFactory(report=report, number=2, text="Chronologies are now in place.")
    concern = factories.ConcernFactory(report=report, number=3, text="Assessments are still late.")
    unrelated = factories.ConcernFactory(report=report, number=4, text="Something about another one.")
    highlight.recommendations.add(recommendation)
    concern.recommendations.add(recommendation)

    findings = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "panel-findings")

    panel_url = review_url("panels:review-panel")
    assert (
        f'<a class="govuk-link" href="{panel_url}#report-{report.pk}-highlights">Progress highlight 2</a>'
        in (findings)
    )
    assert (
        f'<a class="govuk-link" href="{panel_url}#report-{report.pk}-concerns">Area of concern 3</a>'
        in findings
    )
    assert (
        "in the Safeguarding Commission progress report (January 2011): Chronologies are now in place."
        in (text_of(findings))
    )
    assert findings.index("Progress highlight 2") < findings.index("Area of concern 3")
    assert unrelated.text not in findings


def test_page_lists_the_panel_recommendations_concerning_it(panel_member_client, recommendation, report):
    panel_recommendation = factories.PanelRecommendationFactory(
        report=report, number=3, text="Audit chronologies quarterly.", status=Status.IN_PROGRESS
    )
    panel_recommendation.recommendations.add(recommendation)
    factories.PanelRecommendationFactory(report=report, number=4, text="Something else entirely.")

    html = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "panel-recommendations")

    url = review_url("panels:panel-recommendation-detail", kwargs={"pk": panel_recommendation.pk})
    assert f'<a class="govuk-link" href="{url}">Panel recommendation 3</a>' in html
    assert "(January 2011): Audit chronologies quarterly." in text_of(html)
    assert '<strong class="govuk-tag app-tag--strong-blue">In progress</strong>' in html
    assert "Something else entirely." not in html


def test_page_says_when_the_panel_has_no_findings_or_recommendations_on_it(
    panel_member_client, recommendation
):
    html = panel_member_client.get(detail_url(18)).content.decode()

    assert "name this recommendation in no progress highlight or area of concern" in html
    assert "No panel recommendation concerns this recommendation." in html


def test_cross_references_both_ways_are_kept(panel_member_client, recommendation):
    other = factories.RecommendationFactory(theme=recommendation.theme, ref=25)
    recommendation.cross_references.add(other)

    assert 'id="see-also">See also:' in panel_member_client.get(detail_url(18)).content.decode()
    assert 'id="referred-to-by">Referred to by:' in panel_member_client.get(detail_url(25)).content.decode()


# Slippage -------------------------------------------------------------------------------------


def test_slippage_lists_every_timescale_an_action_has_had_with_who_changed_it(
    panel_member_client, coordinator_user, recommendation
):
    action = factories.ProposedActionFactory(
        recommendation=recommendation, position=1, timescale="Nov 09", due_date=datetime.date(2009, 11, 30)
    )
    action.progress = "Discussed at the away day."  # not a change of timescale
    action.save()
    action.timescale, action.due_date = "February 2010", datetime.date(2010, 2, 28)
    action._history_user = coordinator_user
    action.save()
    action.timescale, action.due_date = "February 2010 Revised to May 2010", datetime.date(2010, 5, 31)
    action._history_user = coordinator_user
    action.save()

    slippage = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "slippage")

    assert "Proposed action 1: revised 2 times" in slippage
    timescales = [slippage.index(words) for words in ["Nov 09", "February 2010<", "Revised to May 2010"]]
    assert timescales == sorted(timescales)
    assert "30 November 2009" in slippage
    assert "31 May 2010" in slippage
    assert slippage.count(escape(str(coordinator_user))) == 2  # a made-up name may hold an apostrophe
    assert slippage.count('<tr class="govuk-table__row">') == 1 + 3  # heading + three timescales


def test_slippage_says_whether_each_action_is_overdue_now(panel_member_client, recommendation):
    factories.ProposedActionFactory(
        recommendation=recommendation, position=1, timescale="May 2010", due_date=datetime.date(2010, 5, 31)
    )
    factories.ProposedActionFactory(
        recommendation=recommendation,
        position=2,
        timescale="May 2010",
        due_date=datetime.date(2010, 5, 31),
        status=Status.COMPLETED,
    )

    slippage = markup_of(panel_member_client.get(detail_url(18)).content.decode(), "slippage")

    first = slippage[slippage.index('id="slippage-action-1"') : slippage.index('id="slippage-action-2"')]
    second = slippage[slippage.index('id="slippage-action-2"') :]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in first
    assert "Due 31 May 2010 and not completed yet." in text_of(first)
    assert "Proposed action 1: not revised" in first
    assert "Overdue</strong>" not in second
    assert "Not overdue." in second


# Query counts ---------------------------------------------------------------------------------


def add_actions_and_findings(recommendation, report, count, start):
    for position in range(start, start + count):
        action = factories.ProposedActionFactory(
            recommendation=recommendation, position=position, due_date=datetime.date(2010, 1, 1)
        )
        action.lead_officers.add(factories.OfficerFactory())
        action.timescale = "Revised"
        action.save()
        factories.HighlightFactory(report=report).recommendations.add(recommendation)
        factories.PanelRecommendationFactory(report=report).recommendations.add(recommendation)


def test_page_query_count_does_not_grow_with_actions_or_findings(panel_member_client, recommendation, report):
    add_actions_and_findings(recommendation, report, 1, start=1)
    with CaptureQueriesContext(connection) as with_one:
        assert panel_member_client.get(detail_url(18)).status_code == 200

    add_actions_and_findings(recommendation, report, 4, start=2)
    with CaptureQueriesContext(connection) as with_five:
        html = panel_member_client.get(detail_url(18)).content.decode()

    assert html.count("revised 1 time</h3>") == 5
    assert html.count("Progress highlight") == 5
    assert len(with_five) == len(with_one)
