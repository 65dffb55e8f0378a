import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from recommendations import services
from recommendations.as_at import snapshot
from recommendations.models import Rag, Recommendation, ReportingPeriod, Status
from tests import factories
from tracker.models import Role

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reporting:dashboard")


def dashboard_figures(dashboard):
    """Every figure the dashboard links to the list with."""
    figures = [dashboard.total, dashboard.open, dashboard.recorded_completed, dashboard.overdue]
    figures += dashboard.by_status + dashboard.by_rag
    for row in dashboard.by_theme:
        figures += [*row.cells, row.total]
    return figures


def selected_by_querysets(url, *, today):
    """How many recommendations the link's criteria select, read with the QuerySet methods."""
    params = parse_qs(urlsplit(url).query)
    recommendations = Recommendation.objects.all()
    if "as_at" in params:
        period = ReportingPeriod.objects.get(pk=params["as_at"][0])
        recommendations = snapshot(period).recommendations()
        today = min(period.ends, today)
    if "theme" in params:
        recommendations = recommendations.in_theme(params["theme"][0])
    if "status" in params:
        recommendations = recommendations.filter(status__in=params["status"])
    if "rag" in params:
        recommendations = recommendations.filter(rag__in=params["rag"])
    if "open" in params:
        recommendations = recommendations.open()
    if "overdue" in params:
        recommendations = recommendations.overdue(on=today)
    return recommendations.count()


def listed_by_the_link(client, url):
    """How many recommendations the list shows when the link is followed."""
    response = client.get(url)
    assert response.status_code == 200
    return response.context["paginator"].count


def assert_every_figure_counts_what_its_link_lists(client, response):
    dashboard = response.context["dashboard"]
    content = response.content.decode()
    today = timezone.localdate()
    figures = dashboard_figures(dashboard)
    assert len(figures) > 20
    for figure in figures:
        assert f'href="{escape(figure.url)}"' in content, figure
        assert figure.count == selected_by_querysets(figure.url, today=today), figure
        assert figure.count == listed_by_the_link(client, figure.url), figure


def text_of(html: str) -> str:
    spaced = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r" ([:,.])", r"\1", spaced).strip()


def test_home_page_is_the_dashboard(appendix, panel_member_client):
    response = panel_member_client.get(reverse("reporting:dashboard"))
    assert reverse("reporting:dashboard") == DASHBOARD == "/"
    assert response.status_code == 200
    assert response.templates[0].name == "reporting/dashboard.html"
    navigation = response.context["navigation"]
    assert navigation[0]["label"] == "Dashboard"
    assert navigation[0]["current"]


def test_each_dashboard_figure_on_the_seed_data_counts_what_its_list_link_shows(
    appendix, panel_member_client
):
    response = panel_member_client.get(DASHBOARD)
    dashboard = response.context["dashboard"]
    assert dashboard.total.count == 54
    assert dashboard.recorded_completed.count == 14
    assert_every_figure_counts_what_its_link_lists(panel_member_client, response)


def test_the_stated_and_the_recorded_completions_are_both_shown_and_labelled(appendix, panel_member_client):
    response = panel_member_client.get(DASHBOARD)
    stated_and_recorded = text_of(
        re.search(r'id="stated-and-recorded">(.*?)</div>', response.content.decode(), re.S).group(1)
    )
    assert "The January 2011 report states 35 of 54 completed at 16 September 2010." in stated_and_recorded
    assert "The record shows 14 recorded as completed where the report's words say so." in stated_and_recorded
    assert "grey shading" in stated_and_recorded


@pytest.fixture
def late_and_slipped(db):
    """Five recommendations: 1 open with a late open action, 2 open with its action not yet due,
    3 completed with a late action, 4 open whose late action is completed, 5 open with an action
    whose timescale was revised twice and one revised from a first date."""
    theme = factories.ThemeFactory()
    late = factories.RecommendationFactory(theme=theme, ref=1, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(recommendation=late, position=1, due_date=datetime.date(2010, 1, 31))
    factories.ProposedActionFactory(recommendation=late, position=2, due_date=datetime.date(2010, 3, 31))
    not_due = factories.RecommendationFactory(theme=theme, ref=2, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(recommendation=not_due, due_date=datetime.date(2099, 1, 31))
    done = factories.CompletedRecommendationFactory(theme=theme, ref=3)
    factories.ProposedActionFactory(recommendation=done, due_date=datetime.date(2010, 1, 31))
    action_done = factories.RecommendationFactory(theme=theme, ref=4, status=Status.IN_PROGRESS)
    factories.ProposedActionFactory(
        recommendation=action_done, due_date=datetime.date(2010, 1, 31), status=Status.COMPLETED
    )
    slipped = factories.RecommendationFactory(theme=theme, ref=5, status=Status.IN_PROGRESS)
    twice = factories.ProposedActionFactory(
        recommendation=slipped, position=1, timescale="Nov 09", due_date=datetime.date(2099, 11, 30)
    )
    for timescale in ("Summer 2010", "Spring 2011"):
        twice.timescale = timescale
        twice.save()
    factories.ProposedActionFactory(
        recommendation=slipped,
        position=2,
        timescale="February 2010 Revised to May 2099",
        due_date=datetime.date(2099, 5, 31),
        original_due_date=datetime.date(2010, 2, 28),
    )
    return theme.review


def test_overdue_counts_open_recommendations_with_an_open_action_past_its_due_date(
    late_and_slipped, panel_member_client
):
    response = panel_member_client.get(DASHBOARD)
    dashboard = response.context["dashboard"]
    assert dashboard.overdue.count == 1
    assert [(item.ref, item.note) for item in dashboard.overdue_recommendations] == [
        (1, "2 actions past due")
    ]
    assert dashboard.overdue.count == Recommendation.objects.overdue(on=timezone.localdate()).count()
    overdue = text_of(re.search(r'id="overdue">(.*?)</div>', response.content.decode(), re.S).group(1))
    assert "1 open recommendation has an action still open" in overdue
    assert "Recommendation 1: 2 actions past due" in overdue


def test_slipped_lists_each_revised_timescale_with_how_many_times(late_and_slipped, panel_member_client):
    response = panel_member_client.get(DASHBOARD)
    slipped = response.context["dashboard"].slipped
    assert [(item.ref, item.position, item.times, item.timescale) for item in slipped] == [
        (5, 1, 2, "Spring 2011"),
        (5, 2, 1, "February 2010 Revised to May 2099"),
    ]
    section = text_of(re.search(r'id="slipped">(.*?)</div>', response.content.decode(), re.S).group(1))
    assert "Recommendation 5, proposed action 1: revised twice" in section
    assert "Recommendation 5, proposed action 2: revised once" in section
    assert f'href="{reverse("recommendations:recommendation-detail", kwargs={"ref": 5})}"' in (
        response.content.decode()
    )


def _accept(update, *, officer, coordinator):
    update = services.progress_update_submit(update=update, by=officer)
    return services.progress_update_accept(update=update, by=coordinator, completion_verified=True)


def test_changes_since_the_previous_quarter_follow_accepted_updates(appendix, panel_member_client):
    coordinator = factories.UserFactory(role=Role.COORDINATOR)
    officer = factories.OfficerUserFactory()
    completed, amber = Recommendation.objects.get(ref=18), Recommendation.objects.get(ref=1)
    for recommendation in (completed, amber):
        services.recommendation_assign_lead_officer(
            recommendation=recommendation, officer=officer.officer, by=coordinator
        )
    q3 = services.reporting_period_open(
        review=completed.review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=None,
        by=coordinator,
    )
    common = {"action": None, "period": q3, "by": officer, "evidence_links": "https://example.org/audit"}
    _accept(
        services.progress_update_save(
            recommendation=completed, narrative="Done.", status=Status.COMPLETED, rag=Rag.COMPLETE, **common
        ),
        officer=officer,
        coordinator=coordinator,
    )
    _accept(
        services.progress_update_save(
            recommendation=amber, narrative="Slow.", status=Status.IN_PROGRESS, rag=Rag.AMBER, **common
        ),
        officer=officer,
        coordinator=coordinator,
    )

    response = panel_member_client.get(DASHBOARD)
    dashboard = response.context["dashboard"]
    assert dashboard.changes.since == "the end of 2010/11 Q2 (30 September 2010)"
    assert [item.ref for item in dashboard.changes.new_completions] == [18]
    assert [(c.ref, c.was, c.now) for c in dashboard.changes.rag_changes] == [
        (1, Rag.NOT_ASSESSED, Rag.AMBER),
        (18, Rag.NOT_ASSESSED, Rag.COMPLETE),
    ]
    missing = [item.ref for item in dashboard.missing_updates.recommendations]
    assert dashboard.missing_updates.period == q3
    assert 1 not in missing
    assert 18 not in missing
    assert len(missing) == Recommendation.objects.open().count() - 1  # 1 is open and reported
    content = response.content.decode()
    assert "Changes since the end of 2010/11 Q2 (30 September 2010)" in content
    new_completions = text_of(re.search(r'id="new-completions">(.*?)</div>', content, re.S).group(1))
    assert "New completions: 1" in new_completions
    assert "Recommendation 18" in new_completions
    assert "Recommendation 1: Not assessed to Amber" in text_of(content)
    assert "Updates not submitted for 2010/11 Q3" in content
    assert dashboard.recorded_completed.count == 15
    assert_every_figure_counts_what_its_link_lists(panel_member_client, response)


def test_the_dashboard_as_at_2010_11_q2_shows_the_record_then(appendix, panel_member_client):
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")
    rec = Recommendation.objects.get(ref=18)
    rec.status, rec.rag = Status.COMPLETED, Rag.COMPLETE
    rec.save()  # after the quarter: not part of the tracker as at its end

    response = panel_member_client.get(DASHBOARD, {"as_at": q2.pk})
    dashboard = response.context["dashboard"]
    assert dashboard.as_at == q2
    assert dashboard.recorded_completed.count == 14
    assert response.context["dashboard"].total.count == 54
    assert {f.key: f.count for f in dashboard.by_rag}[Rag.NOT_ASSESSED] == 54
    assert dashboard.changes.since == "the start of 2010/11 Q2 (1 July 2010)"
    assert len(dashboard.changes.new_completions) == 14
    assert all(f"as_at={q2.pk}" in figure.url for figure in dashboard_figures(dashboard))
    content = response.content.decode()
    assert "Dashboard as at 30 September 2010" in content
    banner = text_of(re.search(r'class="govuk-notification-banner.*?</div>\s*</div>', content, re.S).group(0))
    assert "as it stood at the end of 2010/11 Q2, 30 September 2010" in banner
    assert "Show the dashboard as it is now" in banner
    assert 'href="/">Show the dashboard as it is now' in content
    assert_every_figure_counts_what_its_link_lists(panel_member_client, response)

    now = panel_member_client.get(DASHBOARD).context["dashboard"]
    assert now.recorded_completed.count == 15


def test_an_unknown_quarter_is_an_error_beside_the_selector_not_a_failure(appendix, panel_member_client):
    response = panel_member_client.get(DASHBOARD, {"as_at": "999"})
    assert response.status_code == 200
    assert response.context["errors"] == [
        ("#id_as_at", "Select a quarter from the list: there is no such quarter")
    ]
    assert response.context["dashboard"].as_at is None


@pytest.fixture
def growing_tracker(db):
    """A review with two quarters, a concern and a panel recommendation; `grow_to(n)` gives it n
    recommendations, each with a revised late action, an accepted and a submitted update."""
    review = factories.ReviewFactory()
    themes = [factories.ThemeFactory(review=review) for _ in range(3)]
    closed = factories.ReportingPeriodFactory(
        review=review,
        name="2010/11 Q2",
        starts=datetime.date(2010, 7, 1),
        ends=datetime.date(2010, 9, 30),
        state=ReportingPeriod.State.CLOSED,
    )
    open_period = factories.OpenReportingPeriodFactory(review=review)
    concern = factories.ConcernFactory()
    concern.report.panel.reviews.add(review)
    factories.PanelRecommendationFactory(report=concern.report)

    def grow_to(size):
        for ref in range(Recommendation.objects.count() + 1, size + 1):
            recommendation = factories.RecommendationFactory(
                theme=themes[ref % 3], ref=ref, status=[Status.IN_PROGRESS, Status.COMPLETED][ref % 2]
            )
            action = factories.ProposedActionFactory(
                recommendation=recommendation,
                position=1,
                due_date=datetime.date(2010, 1, 31),
                original_due_date=datetime.date(2009, 11, 30),
            )
            action.timescale = "Revised"
            action.save()
            factories.AcceptedUpdateFactory(recommendation=recommendation, period=closed)
            factories.SubmittedUpdateFactory(recommendation=recommendation, period=open_period)
            concern.recommendations.add(recommendation)

    grow_to.closed = closed
    # A closed quarter ending after the records were made, so the tracker as at its end holds them.
    grow_to.later = factories.ReportingPeriodFactory(
        review=review,
        name="Later",
        starts=datetime.date(2099, 1, 1),
        ends=datetime.date(2099, 3, 31),
        state=ReportingPeriod.State.CLOSED,
    )
    return grow_to


@pytest.mark.parametrize("as_at", [False, True], ids=["now", "as-at"])
def test_the_dashboard_reads_the_same_number_of_queries_for_5_or_40_recommendations(
    growing_tracker, panel_member_client, as_at
):
    params = {"as_at": growing_tracker.later.pk} if as_at else {}
    counts = []
    for size in (5, 40):
        growing_tracker(size)
        with CaptureQueriesContext(connection) as queries:
            response = panel_member_client.get(DASHBOARD, params)
        dashboard = response.context["dashboard"]
        assert dashboard.total.count == size
        assert len(dashboard.slipped) == size
        assert dashboard.concerns[0].recommendations.count() == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_each_chart_is_an_image_with_a_title_and_the_figures_of_its_table(appendix, panel_member_client):
    content = panel_member_client.get(DASHBOARD).content.decode()
    dashboard = panel_member_client.get(DASHBOARD).context["dashboard"]
    for chart_id, figures, title in [
        ("chart-status", dashboard.by_status, "Recommendations by status"),
        ("chart-rag", dashboard.by_rag, "Recommendations by RAG rating"),
    ]:
        svg = re.search(
            rf'<svg class="app-chart__svg"[^>]*aria-labelledby="{chart_id}-title.*?</svg>', content, re.S
        )
        assert svg is not None
        svg = svg.group(0)
        assert 'role="img"' in svg
        assert f'<title id="{chart_id}-title">{title}</title>' in svg
        labels = [
            text_of(label) for label in re.findall(r'<text class="app-chart__label".*?</text>', svg, re.S)
        ]
        values = [int(value) for value in re.findall(r'class="app-chart__value"[^>]*>(\d+)</text>', svg)]
        assert labels == [figure.label for figure in figures]
        assert values == [figure.count for figure in figures]
        table_id = chart_id.replace("chart-", "") + "-table"
        table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', content, re.S).group(0)
        table_counts = [int(n) for n in re.findall(r'<a class="govuk-link" href="[^"]*">(\d+)<', table)]
        assert table_counts == values + [54]

    themes = re.search(
        r'<svg class="app-chart__svg"[^>]*aria-labelledby="chart-theme-title.*?</svg>', content, re.S
    )
    totals = [int(v) for v in re.findall(r'class="app-chart__value"[^>]*>(\d+)</text>', themes.group(0))]
    assert totals == [row.total.count for row in dashboard.by_theme]
    assert sum(totals) == 54
