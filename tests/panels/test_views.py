"""The panel pages: the panel, its action plan, one panel recommendation, and the forms that
record a panel recommendation, its response and its quarterly progress."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from panels import services
from panels.models import PanelRecommendation, PanelRecommendationUpdate
from recommendations.models import Rag, Status
from recommendations.timescales import TimescaleError, parse_timescale
from tests import factories
from tests.helpers import (
    checked_values,
    element,
    error_next_to,
    error_summary,
    field_value,
    lazy_review_url,
    markup_of,
    parse,
    review_url,
    select_options,
    text_of,
)
from tracker.models import Role

pytestmark = pytest.mark.django_db

PANEL_URL = lazy_review_url("panels:review-panel")

LIST_URL = lazy_review_url("panels:panel-recommendation-list")
CREATE_URL = lazy_review_url("panels:panel-recommendation-create")


def detail_url(panel_recommendation):
    return review_url("panels:panel-recommendation-detail", kwargs={"pk": panel_recommendation.pk})


def response_url(panel_recommendation):
    return review_url("panels:panel-recommendation-response", kwargs={"pk": panel_recommendation.pk})


def progress_url(panel_recommendation):
    return review_url("panels:panel-recommendation-progress", kwargs={"pk": panel_recommendation.pk})


@pytest.fixture
def review():
    return factories.ReviewFactory(name="Kirklees Safeguarding Commission")


@pytest.fixture
def report(review):
    report = factories.PanelReportFactory(panel__name="Children and Young People Scrutiny Panel")
    report.panel.reviews.add(review)
    return report


@pytest.fixture
def open_period(review):
    return factories.OpenReportingPeriodFactory(review=review)


@pytest.fixture
def recommendations(review):
    theme = factories.ThemeFactory(review=review)
    return {ref: factories.RecommendationFactory(theme=theme, ref=ref) for ref in (4, 6, 7, 18)}


@pytest.fixture
def panel_recommendation(report):
    return factories.RespondedPanelRecommendationFactory(report=report, number=3)


# Sign-in and navigation ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["review-panel", "panel-recommendation-list", "panel-recommendation-create"])
def test_anonymous_user_is_sent_to_sign_in(client, name):
    url = review_url(f"panels:{name}")

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_header_navigation_links_to_the_panel_and_marks_it_as_the_current_page(panel_member_client, report):
    html = panel_member_client.get(PANEL_URL).content.decode()

    navigation = element(html, "navigation")
    current = navigation.find_all("a", class_="govuk-service-navigation__link", aria_current="page")
    assert [(link.attrs["href"], link.text) for link in current] == [(PANEL_URL, "Panel")]


def test_other_pages_link_to_the_panel_without_marking_it_current(panel_member_client, report):
    html = panel_member_client.get(review_url("recommendations:recommendation-list")).content.decode()

    links = element(html, "navigation").find_all("a", class_="govuk-service-navigation__link")
    assert [link.attrs for link in links if link.text == "Panel"] == [
        {"class": "govuk-service-navigation__link", "href": PANEL_URL}
    ]


# The panel page, on the seed data ------------------------------------------------------------


def test_panel_page_with_no_panel_says_so(panel_member_client):
    factories.ReviewFactory()
    response = panel_member_client.get(PANEL_URL)

    assert response.status_code == 200
    assert "No scrutiny panel has been recorded yet." in response.content.decode()


def test_a_reviews_panel_page_links_to_any_other_panel_overseeing_it_and_each_panel_has_its_page(
    panel_member_client,
):
    review = factories.ReviewFactory()
    first = factories.PanelFactory(name="A Panel")
    second = factories.PanelFactory(name="B Panel")
    first.reviews.add(review)
    second.reviews.add(review)

    default = panel_member_client.get(PANEL_URL).content.decode()
    chosen = panel_member_client.get(reverse("panels:panel-detail", args=[second.pk])).content.decode()

    assert '<h1 class="govuk-heading-l">A Panel</h1>' in default
    assert f'href="{reverse("panels:panel-detail", args=[second.pk])}">B Panel</a>' in default
    assert '<h1 class="govuk-heading-l">B Panel</h1>' in chosen
    assert f'href="{review.get_absolute_url()}"' in chosen  # the review it oversees
    assert panel_member_client.get(reverse("panels:panel-detail", args=[999999])).status_code == 404


# The action plan, on the seed data -----------------------------------------------------------


# The report's Scrutiny Action Plan, column by column. Recommendations 2 to 5 say "As above" for
# the coordinators: the seed stores recommendation 1's words for each (fixtures/README.md).


# Who may record ------------------------------------------------------------------------------


def write_urls(panel_recommendation):
    return [CREATE_URL, response_url(panel_recommendation), progress_url(panel_recommendation)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_lead_officer_may_not_record_anything_for_the_panel(
    officer_client, panel_recommendation, open_period, recommendations, method
):
    before = (
        PanelRecommendation.objects.count(),
        PanelRecommendationUpdate.objects.count(),
        PanelRecommendation.history.count(),
    )
    posted = {
        "report": panel_recommendation.report_id,
        "number": "9",
        "text": "A new recommendation",
        "version": str(panel_recommendation.version),
        "agreed": "no",
        "not_agreed_reason": "Because",
        "timescale": "May 2011",
        "narrative": "Done",
        "status": Status.COMPLETED,
        "rag": Rag.COMPLETE,
    }

    for url in write_urls(panel_recommendation):
        response = getattr(officer_client, method)(url, posted if method == "post" else None)
        assert response.status_code == 403, url

    panel_recommendation.refresh_from_db()
    assert panel_recommendation.agreed is True
    assert panel_recommendation.status == Status.NOT_ASSESSED
    assert (
        PanelRecommendation.objects.count(),
        PanelRecommendationUpdate.objects.count(),
        PanelRecommendation.history.count(),
    ) == before


@pytest.mark.parametrize("role", [Role.PANEL_MEMBER, Role.COORDINATOR, Role.ADMINISTRATOR])
def test_panel_members_coordinators_and_administrators_may_open_every_form(
    client, role, panel_recommendation, open_period
):
    client.force_login(factories.UserFactory(role=role))

    for url in write_urls(panel_recommendation):
        assert client.get(url).status_code == 200, url


def test_lead_officer_sees_no_buttons_to_record(officer_client, panel_recommendation, open_period):
    list_html = officer_client.get(LIST_URL).content.decode()
    detail_html = officer_client.get(detail_url(panel_recommendation)).content.decode()

    assert str(CREATE_URL) not in list_html
    assert response_url(panel_recommendation) not in detail_html
    assert progress_url(panel_recommendation) not in detail_html


def test_panel_member_sees_the_buttons_to_record(panel_member_client, panel_recommendation, open_period):
    list_html = panel_member_client.get(LIST_URL).content.decode()
    detail_html = panel_member_client.get(detail_url(panel_recommendation)).content.decode()

    assert f'href="{CREATE_URL}"' in list_html
    assert "Change the response" in detail_html
    assert f'href="{progress_url(panel_recommendation)}"' in detail_html
    assert "Record progress for 2010/11 Q3" in detail_html


# Recording a panel recommendation ------------------------------------------------------------


def test_panel_member_records_a_panel_recommendation_with_the_recommendations_it_concerns(
    panel_member_client, panel_member_user, report, recommendations
):
    response = panel_member_client.post(
        CREATE_URL,
        {
            "report": report.pk,
            "number": "6",
            "text": "  The Panel recommends a review of chronologies.  ",
            "recommendations": [recommendations[18].pk, recommendations[4].pk],
        },
    )

    created = PanelRecommendation.objects.get(report=report, number=6)
    assert response.status_code == 302
    assert response.url == detail_url(created)
    assert created.text == "The Panel recommends a review of chronologies."
    assert sorted(created.recommendations.values_list("ref", flat=True)) == [4, 18]
    recorded = created.history.get()
    assert recorded.history_user == panel_member_user
    assert recorded.history_change_reason == "Recorded, concerning recommendations 4, 18"
    page = panel_member_client.get(response.url).content.decode()
    assert "Panel recommendation 6 recorded" in page  # the success banner


def test_create_form_offers_the_report_and_each_commission_recommendation(
    panel_member_client, report, recommendations
):
    html = panel_member_client.get(CREATE_URL).content.decode()

    # The only report, chosen already.
    assert [(value, selected) for value, selected, _ in select_options(html, "id_report")] == [
        ("", False),
        (str(report.pk), True),
    ]
    labels = [label.text for label in parse(html).find_all("label", class_="govuk-checkboxes__label")]
    assert labels == ["Recommendation 4", "Recommendation 6", "Recommendation 7", "Recommendation 18"]
    assert recommendations[18].text.split()[0] in text_of(markup_of(html, "id_recommendations-3-item-hint"))


def test_create_refuses_a_number_already_used_in_the_report_with_the_error_next_to_the_number(
    panel_member_client, panel_recommendation
):
    before = PanelRecommendation.objects.count()

    response = panel_member_client.post(
        CREATE_URL, {"report": panel_recommendation.report_id, "number": "3", "text": "Another"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    message = "Panel recommendation 3 already exists in this report: enter a different number"
    assert error_next_to(html, "id_number") == message
    assert error_summary(html) == [("#id_number", message)]
    assert "<title>Error: Record a panel recommendation" in html
    assert "Another</textarea>" in html
    assert PanelRecommendation.objects.count() == before


def test_create_shows_every_missing_answer_next_to_its_field_and_records_nothing(panel_member_client, report):
    response = panel_member_client.post(CREATE_URL, {"report": "", "number": "", "text": "  "})

    html = response.content.decode()
    assert error_next_to(html, "id_report") == "Select the report the recommendation is from"
    assert error_next_to(html, "id_number") == "Enter the recommendation's number"
    assert error_next_to(html, "id_text") == "Enter the panel's recommendation"
    assert [anchor for anchor, _ in error_summary(html)] == ["#id_report", "#id_number", "#id_text"]
    assert not PanelRecommendation.objects.exists()


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("six", "The number must be a whole number, like 6"),
        ("0", "The number must be 1 or more"),
        ("40000", "The number must be 32767 or less"),
    ],
)
def test_create_refuses_a_number_that_is_not_a_positive_whole_number(
    panel_member_client, report, number, message
):
    response = panel_member_client.post(CREATE_URL, {"report": report.pk, "number": number, "text": "Words"})

    assert error_next_to(response.content.decode(), "id_number") == message
    assert not PanelRecommendation.objects.exists()


def test_create_refuses_a_recommendation_of_a_review_the_panel_does_not_oversee(
    panel_member_client, report, recommendations
):
    other_report = factories.PanelReportFactory(title="Another panel's report")
    other_review = factories.ReviewFactory()
    other_report.panel.reviews.add(other_review)
    elsewhere = factories.RecommendationFactory(theme__review=other_review, ref=2)

    response = panel_member_client.post(
        CREATE_URL,
        {"report": report.pk, "number": "1", "text": "Words", "recommendations": [elsewhere.pk]},
    )

    # Only the review's own recommendations are offered: another review's is not a choice.
    assert (
        error_next_to(response.content.decode(), "id_recommendations")
        == "Select recommendations from the list"
    )
    assert not PanelRecommendation.objects.exists()


# The response --------------------------------------------------------------------------------


def response_data(panel_recommendation, **changes):
    data = {
        "version": str(panel_recommendation.version),
        "coordinators": "Directorate for Children and Young People",
        "agreed": "yes",
        "not_agreed_reason": "",
        "implementation": "Through the IT project",
        "responsible": "P Johnson",
        "timescale": "Summer 2011",
    }
    data.update(changes)
    return data


def test_coordinator_records_the_response_and_the_date_its_timescale_gives(
    coordinator_client, coordinator_user, report
):
    panel_recommendation = factories.PanelRecommendationFactory(report=report, number=2)

    response = coordinator_client.post(
        response_url(panel_recommendation), response_data(panel_recommendation)
    )

    assert response.status_code == 302
    assert response.url == detail_url(panel_recommendation)
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.agreed is True
    assert panel_recommendation.implementation == "Through the IT project"
    assert panel_recommendation.timescale == "Summer 2011"
    assert panel_recommendation.due_date == datetime.date(2011, 8, 31)
    assert panel_recommendation.version == 2
    latest = panel_recommendation.history.first()
    assert (latest.history_user, latest.history_change_reason) == (coordinator_user, "Response recorded")


def test_response_form_opens_with_the_recorded_response(panel_member_client, panel_recommendation):
    html = panel_member_client.get(response_url(panel_recommendation)).content.decode()

    assert field_value(html, "version") == "2"
    assert checked_values(html, "agreed") == ["yes"]
    assert field_value(html, "timescale") == "June 2011"
    assert parse(html).find("h1").text == "Change the response"


def test_response_not_agreed_without_a_reason_shows_the_error_next_to_why_not_and_changes_nothing(
    panel_member_client, panel_recommendation
):
    response = panel_member_client.post(
        response_url(panel_recommendation), response_data(panel_recommendation, agreed="no")
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert error_next_to(html, "id_not_agreed_reason") == "Enter why the recommendation is not agreed"
    assert error_summary(html) == [("#id_not_agreed_reason", "Enter why the recommendation is not agreed")]
    assert checked_values(html, "agreed") == ["no"]
    panel_recommendation.refresh_from_db()
    assert (panel_recommendation.agreed, panel_recommendation.version) == (True, 2)
    assert panel_recommendation.timescale == "June 2011"


def test_response_without_an_answer_to_agreed_asks_for_one(panel_member_client, report):
    panel_recommendation = factories.PanelRecommendationFactory(report=report)

    response = panel_member_client.post(
        response_url(panel_recommendation), response_data(panel_recommendation, agreed="")
    )

    assert (
        error_next_to(response.content.decode(), "id_agreed") == "Select yes if the recommendation is agreed"
    )
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.agreed is None
    assert panel_recommendation.version == 1


def test_response_shows_the_timescale_error_next_to_the_field_and_changes_nothing(
    panel_member_client, panel_recommendation
):
    response = panel_member_client.post(
        response_url(panel_recommendation), response_data(panel_recommendation, timescale="Sometime soon")
    )

    html = response.content.decode()
    with pytest.raises(TimescaleError) as refusal:
        parse_timescale("Sometime soon")
    assert error_next_to(html, "id_timescale") == str(refusal.value)
    assert 'value="Sometime soon"' in html
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.timescale == "June 2011"


def test_stale_response_shows_the_newer_version_beside_the_users_input_and_loses_nothing(
    panel_member_client, coordinator_user, panel_recommendation
):
    opened_on = panel_recommendation.version
    services.panel_recommendation_respond(
        panel_recommendation=panel_recommendation,
        by=coordinator_user,
        coordinators="Directorate for Children and Young People",
        agreed=True,
        not_agreed_reason="",
        implementation="Through the Munro Review",
        responsible="CPRU Manager",
        timescale="Sept 2011",
        expected_version=opened_on,
    )

    response = panel_member_client.post(
        response_url(panel_recommendation),
        response_data(panel_recommendation, version=str(opened_on), implementation="Through new training"),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert error_summary(html)[0][0] == "#newer-version"
    newer = text_of(markup_of(html, "newer-version"))
    assert f"{coordinator_user} saved a newer version" in newer
    assert "Newer saved version Through the Munro Review Your version Through new training" in newer
    assert "Newer saved version CPRU Manager Your version P Johnson" in newer
    # The form keeps the user's words, now based on the newer version.
    assert "Through new training</textarea>" in html
    assert f'name="version" value="{opened_on + 1}"' in html
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.implementation == "Through the Munro Review"

    saved_again = panel_member_client.post(
        response_url(panel_recommendation),
        response_data(panel_recommendation, implementation="Through new training and the Munro Review"),
    )
    assert saved_again.status_code == 302
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.implementation == "Through new training and the Munro Review"


# Quarterly progress --------------------------------------------------------------------------


def progress_data(**changes):
    data = {
        "version": "0",
        "narrative": "The project plan for chronologies is agreed.",
        "status": Status.IN_PROGRESS,
        "rag": Rag.AMBER,
    }
    data.update(changes)
    return data


def test_panel_member_records_the_quarters_progress_which_becomes_the_status_rag_and_progress(
    panel_member_client, panel_member_user, panel_recommendation, open_period
):
    response = panel_member_client.post(progress_url(panel_recommendation), progress_data())

    assert response.status_code == 302
    assert response.url == detail_url(panel_recommendation)
    update = PanelRecommendationUpdate.objects.get()
    assert (update.period, update.recorded_by, update.status, update.rag) == (
        open_period,
        panel_member_user,
        Status.IN_PROGRESS,
        Rag.AMBER,
    )
    panel_recommendation.refresh_from_db()
    assert (panel_recommendation.status, panel_recommendation.rag) == (Status.IN_PROGRESS, Rag.AMBER)
    assert panel_recommendation.progress == "The project plan for chronologies is agreed."

    page = panel_member_client.get(detail_url(panel_recommendation)).content.decode()
    progress = text_of(markup_of(page, "progress"))
    assert "2010/11 Q3, to 31 December 2010" in progress
    assert "The project plan for chronologies is agreed." in progress
    assert f"Recorded by {panel_member_user}" in progress


def test_progress_without_narrative_status_or_rag_shows_each_error_and_records_nothing(
    panel_member_client, panel_recommendation, open_period
):
    response = panel_member_client.post(
        progress_url(panel_recommendation), progress_data(narrative=" ", status="", rag="purple")
    )

    html = response.content.decode()
    assert error_next_to(html, "id_narrative") == "Enter the progress made this quarter"
    assert error_next_to(html, "id_status") == "Select the status"
    assert error_next_to(html, "id_rag") == "Select the RAG rating"
    assert [anchor for anchor, _ in error_summary(html)] == ["#id_narrative", "#id_status", "#id_rag"]
    assert not PanelRecommendationUpdate.objects.exists()
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.status == Status.NOT_ASSESSED


def test_progress_page_says_when_no_quarter_is_open_and_records_nothing(
    panel_member_client, panel_recommendation
):
    page = panel_member_client.get(progress_url(panel_recommendation))
    posted = panel_member_client.post(progress_url(panel_recommendation), progress_data())

    assert "No reporting quarter is open for updates." in page.content.decode()
    assert "<form" not in markup_of(page.content.decode(), "main-content")
    assert posted.status_code == 200
    assert not PanelRecommendationUpdate.objects.exists()


def test_progress_for_a_quarter_that_is_not_open_is_not_found(
    panel_member_client, panel_recommendation, open_period
):
    closed = factories.ClosedReportingPeriodFactory(review=open_period.review)

    response = panel_member_client.post(
        f"{progress_url(panel_recommendation)}?period={closed.pk}", progress_data()
    )

    assert response.status_code == 404
    assert not PanelRecommendationUpdate.objects.exists()


def test_revising_the_quarters_progress_keeps_one_update_for_the_quarter(
    panel_member_client, panel_recommendation, open_period
):
    panel_member_client.post(progress_url(panel_recommendation), progress_data())
    form = panel_member_client.get(progress_url(panel_recommendation)).content.decode()
    assert 'name="version" value="1"' in form
    assert "The project plan for chronologies is agreed.</textarea>" in form

    panel_member_client.post(
        progress_url(panel_recommendation),
        progress_data(
            version="1", narrative="The plan is complete.", status=Status.COMPLETED, rag=Rag.COMPLETE
        ),
    )

    update = PanelRecommendationUpdate.objects.get()
    assert (update.narrative, update.status, update.version) == ("The plan is complete.", Status.COMPLETED, 2)
    panel_recommendation.refresh_from_db()
    assert panel_recommendation.rag == Rag.COMPLETE


def test_stale_progress_shows_the_newer_update_beside_the_users_input(
    panel_member_client, coordinator_user, panel_recommendation, open_period
):
    services.panel_recommendation_record_update(
        panel_recommendation=panel_recommendation,
        period=open_period,
        by=coordinator_user,
        narrative="Training dates are set.",
        status=Status.IN_PROGRESS,
        rag=Rag.GREEN,
        expected_version=0,
    )

    response = panel_member_client.post(progress_url(panel_recommendation), progress_data(version="0"))

    html = response.content.decode()
    newer = text_of(markup_of(html, "newer-version"))
    assert (
        "Newer saved version Training dates are set. "
        "Your version The project plan for chronologies is agreed." in newer
    )
    assert "Newer saved version Green Your version Amber" in newer
    assert "The project plan for chronologies is agreed.</textarea>" in html
    assert 'name="version" value="1"' in html
    update = PanelRecommendationUpdate.objects.get()
    assert update.narrative == "Training dates are set."


# History ---------------------------------------------------------------------------------------


def test_history_shows_who_changed_what_and_why_newest_first(
    panel_member_client, panel_member_user, coordinator_user, report, review
):
    today = timezone.localdate()
    # The quarter open now, so each change falls in it, in the order it was made.
    open_period = factories.OpenReportingPeriodFactory(
        review=review,
        name="This quarter",
        starts=today - datetime.timedelta(days=30),
        ends=today + datetime.timedelta(days=30),
    )
    panel_recommendation = services.panel_recommendation_create(
        report=report, number=1, text="Review chronologies", recommendations=[], by=panel_member_user
    )
    services.panel_recommendation_respond(
        panel_recommendation=panel_recommendation,
        by=coordinator_user,
        coordinators="",
        agreed=True,
        not_agreed_reason="",
        implementation="",
        responsible="P Johnson",
        timescale="June 2011",
    )
    services.panel_recommendation_record_update(
        panel_recommendation=panel_recommendation,
        period=open_period,
        by=panel_member_user,
        narrative="Started",
        status=Status.IN_PROGRESS,
        rag=Rag.GREEN,
    )

    html = panel_member_client.get(detail_url(panel_recommendation)).content.decode()

    timeline = markup_of(html, "timeline")
    titles = [title.text for title in parse(timeline).find_all("h4", class_="app-timeline__title")]
    assert titles == [
        "Panel recommendation 1: This quarter update recorded",
        "Panel recommendation 1: Response recorded",
        "Panel recommendation 1: Recorded",
    ]
    entries = [text_of(entry) for entry in timeline.split('<li class="app-timeline__item')[1:]]
    assert str(panel_member_user) in entries[0]
    assert "Status changed from Not assessed to In progress" in entries[0]
    assert str(coordinator_user) in entries[1]
    assert "Who is responsible changed from none to P Johnson" in entries[1]


# Query counts ----------------------------------------------------------------------------------


def panel_report():
    """A panel report on a review its panel oversees."""
    return factories.PanelReportFactory()


def add_rows(report, numbers):
    """Members, meetings, highlights, concerns and panel recommendations numbered `numbers`, each
    finding and panel recommendation concerning as many commission recommendations."""
    theme = factories.ThemeFactory(review=report.review)
    recommendations = [factories.RecommendationFactory(theme=theme) for _ in numbers]
    for number in numbers:
        factories.PanelMemberFactory(panel=report.panel, is_lead=number == 1)
        factories.MeetingFactory(panel=report.panel)
        factories.HighlightFactory(report=report, number=number).recommendations.set(recommendations)
        factories.ConcernFactory(report=report, number=number).recommendations.set(recommendations)
        factories.RespondedPanelRecommendationFactory(report=report, number=number).recommendations.set(
            recommendations
        )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [PANEL_URL, LIST_URL])
def test_list_pages_read_the_same_number_of_queries_however_many_rows(panel_member_client, url):
    report = panel_report()
    add_rows(report, range(1, 3))
    small = queries_for(panel_member_client, url)

    add_rows(report, range(3, 15))
    large = queries_for(panel_member_client, url)

    assert PanelRecommendation.objects.count() == 14
    assert small == large


def test_panel_recommendation_page_reads_the_same_number_of_queries_however_long_its_history(
    panel_member_client, panel_member_user, panel_recommendation, open_period
):
    small = queries_for(panel_member_client, detail_url(panel_recommendation))

    for number in range(5):
        services.panel_recommendation_record_update(
            panel_recommendation=panel_recommendation,
            period=open_period,
            by=panel_member_user,
            narrative=f"Progress {number}",
            status=Status.IN_PROGRESS,
            rag=Rag.GREEN,
        )
    large = queries_for(panel_member_client, detail_url(panel_recommendation))

    assert small == large
