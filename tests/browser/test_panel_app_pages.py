"""The panel pages in a real browser: recording with the keyboard alone, and axe on every page and
form, including each form's error state."""

import datetime
import re

import pytest

from panels import services
from panels.models import PanelRecommendation, PanelRecommendationUpdate
from recommendations.models import Status
from tests import factories
from tests.helpers import review_path
from tracker.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


@pytest.fixture
def panel_data(transactional_db):
    """A panel overseeing a review with recommendations 4, 7 and 18, its report with a highlight,
    a concern, two responded panel recommendations, and the quarter open for updates."""
    review = factories.ReviewFactory(name="Kirklees Safeguarding Commission")
    theme = factories.ThemeFactory(review=review, name="Assessment and Care Management", position=1)
    recommendations = {
        ref: factories.RecommendationFactory(theme=theme, ref=ref, text=text)
        for ref, text in [
            (4, "Clarify expectations about the contribution of locality based family support workers."),
            (7, "Consider how schools will develop their role in relation to CAF."),
            (18, "Ensure that chronologies are in place on social care files."),
        ]
    }
    report = factories.PanelReportFactory(
        panel__name="Children and Young People Scrutiny Panel",
        title="Safeguarding Commission Progress Report",
        lead_scrutiny_officer="Beth Hewitt",
    )
    report.panel.reviews.add(review)
    for position, (name, kind, is_lead) in enumerate(
        [
            ("Margaret Fearnley", "councillor", True),
            ("Beryl Smith", "councillor", False),
            ("Kate Cross", "co_opted", False),
        ],
        start=1,
    ):
        factories.PanelMemberFactory(
            panel=report.panel, name=name, kind=kind, is_lead=is_lead, position=position
        )
    factories.MeetingFactory(panel=report.panel, date=datetime.date(2010, 9, 16))
    factories.HighlightFactory(report=report, number=1).recommendations.add(recommendations[4])
    factories.ConcernFactory(report=report, number=3).recommendations.add(recommendations[18])
    for number in (1, 2):
        factories.RespondedPanelRecommendationFactory(report=report, number=number).recommendations.add(
            recommendations[18]
        )
    factories.OpenReportingPeriodFactory(review=review)
    return {"report": report, "recommendations": recommendations}


@pytest.fixture
def member(transactional_db):
    return factories.UserFactory(
        username="mfearnley", first_name="Margaret", last_name="Fearnley", role=Role.PANEL_MEMBER
    )


def focused_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def tab_to(page, expect, selector, *, limit=120):
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    target = page.locator(selector)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            break
    expect(target).to_be_focused()


def test_panel_member_records_a_panel_recommendation_and_its_response_with_the_keyboard(
    page, expect, sign_in, member, panel_data
):
    sign_in(page, member)
    page.goto(review_path("/panel/recommendations/"))

    tab_to(page, expect, "a.govuk-button >> text=Record a panel recommendation")
    page.keyboard.press("Enter")
    expect(page).to_have_title("Record a panel recommendation – Recommendation tracker")
    expect(page.locator("#id_report")).to_have_value(str(panel_data["report"].pk))  # the only report

    tab_to(page, expect, "#id_number")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    expect(page.locator("#id_text")).to_be_focused()
    page.keyboard.type("The Panel recommends that chronologies are consulted before every assessment.")
    tab_to(page, expect, "#id_recommendations-2")  # Recommendation 18
    page.keyboard.press("Space")
    tab_to(page, expect, "button >> text=Save panel recommendation")
    page.keyboard.press("Enter")

    expect(page).to_have_title("Panel recommendation 6 – Recommendation tracker")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Panel recommendation 6 recorded")
    expect(page.locator("#response .app-concerns")).to_have_text("Recommendation 18")

    tab_to(page, expect, "a.govuk-button >> text=Record the response")
    page.keyboard.press("Enter")
    expect(page).to_have_title("Response to panel recommendation 6 – Recommendation tracker")
    tab_to(page, expect, "#id_coordinators")
    page.keyboard.type("Directorate for Children and Young People")
    page.keyboard.press("Tab")
    expect(page.locator("#id_agreed")).to_be_focused()
    page.keyboard.press("ArrowDown")  # from "Yes" to "No"
    expect(page.locator("#id_agreed-2")).to_be_checked()
    tab_to(page, expect, "#id_timescale")
    page.keyboard.type("Summer 2011")
    page.keyboard.press("Enter")  # sent without saying why not

    expect(page).to_have_title("Error: Response to panel recommendation 6 – Recommendation tracker")
    expect(page.locator("#id_not_agreed_reason-error")).to_have_text(
        "Error: Enter why the recommendation is not agreed"
    )
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # GOV.UK Frontend moves focus there
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the summary's link goes to the field
    expect(page.locator("#id_not_agreed_reason")).to_be_focused()
    page.keyboard.type("It is covered by the Munro Review.")
    tab_to(page, expect, "button >> text=Save response")
    page.keyboard.press("Enter")

    expect(page).to_have_title("Panel recommendation 6 – Recommendation tracker")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The response to panel recommendation 6 is saved"
    )
    saved = PanelRecommendation.objects.get(number=6)
    assert saved.agreed is False
    assert saved.not_agreed_reason == "It is covered by the Munro Review."
    assert saved.timescale == "Summer 2011"
    assert saved.due_date == datetime.date(2011, 8, 31)
    assert list(saved.recommendations.values_list("ref", flat=True)) == [18]
    assert saved.history.first().history_user == member


def test_panel_page_is_accessible(page, expect, sign_in, member, panel_data, assert_accessible):
    sign_in(page, member)
    page.goto(review_path("/panel/"))

    expect(page.locator("h1")).to_have_text("Children and Young People Scrutiny Panel")
    expect(page.locator("#members .app-members__lead")).to_have_count(1)
    assert_accessible(page)


def test_action_plan_is_accessible_and_readable_on_a_narrow_screen(
    page, expect, sign_in, member, panel_data, assert_accessible
):
    sign_in(page, member)
    page.goto(review_path("/panel/recommendations/"))
    expect(page.locator(".app-panel-recommendation")).to_have_count(2)
    assert_accessible(page)

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, "the action plan scrolls sideways at 375px"
    assert_accessible(page)


def test_panel_recommendation_page_is_accessible(
    page, expect, sign_in, member, panel_data, assert_accessible
):
    panel_recommendation = PanelRecommendation.objects.get(number=1)
    PanelRecommendationUpdate.objects.create(
        panel_recommendation=panel_recommendation,
        period=panel_data["report"].panel.open_periods().get(),
        narrative="Training dates are set.",
        status=Status.IN_PROGRESS,
        rag="green",
        recorded_by=member,
        recorded_at=datetime.datetime(2010, 11, 5, 12, tzinfo=datetime.UTC),
    )
    sign_in(page, member)
    page.goto(review_path(f"/panel/recommendations/{panel_recommendation.pk}/"))

    expect(page.locator("#progress")).to_contain_text("Training dates are set.")
    assert_accessible(page)


def test_create_form_and_its_error_state_are_accessible(
    page, expect, sign_in, member, panel_data, assert_accessible
):
    sign_in(page, member)
    page.goto(review_path("/panel/recommendations/new/"))
    assert_accessible(page)

    page.get_by_label("Number").fill("1")  # already used in the report
    page.get_by_role("button", name="Save panel recommendation").click()

    expect(page.locator("#id_number-error")).to_contain_text("Panel recommendation 1 already exists")
    expect(page.locator("#id_text-error")).to_have_text("Error: Enter the panel's recommendation")
    assert_accessible(page)


def test_response_form_and_its_error_state_are_accessible(
    page, expect, sign_in, member, panel_data, assert_accessible
):
    panel_recommendation = PanelRecommendation.objects.get(number=1)
    sign_in(page, member)
    page.goto(review_path(f"/panel/recommendations/{panel_recommendation.pk}/response/"))
    assert_accessible(page)

    page.get_by_label("What is the estimated timescale for implementation?").fill("Sometime soon")
    page.get_by_role("button", name="Save response").click()

    expect(page.locator("#id_timescale-error")).to_contain_text('"Sometime soon" is not understood')
    assert_accessible(page)


def test_response_form_showing_a_newer_version_is_accessible(
    page, expect, sign_in, member, panel_data, assert_accessible
):
    panel_recommendation = PanelRecommendation.objects.get(number=1)
    sign_in(page, member)
    page.goto(review_path(f"/panel/recommendations/{panel_recommendation.pk}/response/"))
    # Someone else saves while the form is open.
    services.panel_recommendation_respond(
        panel_recommendation=panel_recommendation,
        by=factories.UserFactory(role=Role.COORDINATOR, first_name="Lorraine", last_name="Hansom"),
        coordinators="Directorate for Children and Young People",
        agreed=True,
        not_agreed_reason="",
        implementation="Through the Munro Review",
        responsible="CPRU Manager",
        timescale="Sept 2011",
    )

    page.get_by_label("Who will be responsible for implementation?").fill("Head of Targeted Support")
    page.get_by_role("button", name="Save response").click()

    expect(page.locator("#newer-version")).to_contain_text("Lorraine Hansom saved a newer version")
    expect(page.locator("#id_responsible")).to_have_value("Head of Targeted Support")
    assert_accessible(page)


def test_progress_form_and_its_error_state_are_accessible(
    page, expect, sign_in, member, panel_data, assert_accessible
):
    panel_recommendation = PanelRecommendation.objects.get(number=1)
    sign_in(page, member)
    page.goto(review_path(f"/panel/recommendations/{panel_recommendation.pk}/progress/"))
    expect(page.locator("h1")).to_have_text("Progress for 2010/11 Q3")
    assert_accessible(page)

    page.get_by_role("button", name="Save progress").click()

    expect(page.locator("#id_narrative-error")).to_have_text("Error: Enter the progress made this quarter")
    expect(page.locator("#id_status-error")).to_have_text("Error: Select the status")
    expect(page.locator("#id_rag-error")).to_have_text("Error: Select the RAG rating")
    assert re.match(r"^Error: ", page.title())
    assert_accessible(page)
