"""Browser tests of the panel's pages: questions to the lead officer, the quarter-by-quarter
timeline with its differences, and comparing versions; each checked with axe."""

import datetime
import re

import pytest

from recommendations.models import ProgressUpdate, ReportingPeriod, Status
from tests import factories
from tests.helpers import at, review_path, saved_at
from tracker.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


def focused_element_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def tab_to(page, element_id, *, limit=80):
    """Press Tab until the element with this id has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_element_id(page) == element_id:
            return
    pytest.fail(f"#{element_id} was not reached with the Tab key")


@pytest.fixture
def officer_user(transactional_db):
    user = factories.UserFactory(
        username="cparker", first_name="Carol", last_name="Parker", role=Role.LEAD_OFFICER
    )
    factories.OfficerFactory(name="Assistant Director for Support & Protection", user=user)
    return user


@pytest.fixture
def recommendation(transactional_db, officer_user):
    """Recommendation 18 led by Carol Parker: baseline, two accepted quarters, one question each way."""
    review = factories.ReviewFactory(name="Kirklees Safeguarding Commission")
    theme = factories.ThemeFactory(review=review, name="Assessment", position=1)
    recommendation = factories.RecommendationFactory.build(
        theme=theme,
        ref=18,
        text="Ensure that chronologies are in place on social care files.",
        lead_officer=officer_user.officer,
    )
    saved_at(recommendation, at(2009, 11, 30))
    action = factories.ProposedActionFactory.build(recommendation=recommendation, position=1)
    saved_at(action, at(2009, 11, 30))
    coordinator = factories.UserFactory(first_name="Sam", last_name="Coordinator", role=Role.COORDINATOR)
    for name, starts, ends, narrative, reviewed_at in [
        ("2010/11 Q2", (2010, 7, 1), (2010, 9, 30), "Care First 6 is being rolled out.", at(2010, 9, 16)),
        (
            "2010/11 Q3",
            (2010, 10, 1),
            (2010, 12, 31),
            "Care First 6 is rolled out everywhere.",
            at(2011, 1, 12),
        ),
    ]:
        period = factories.ReportingPeriodFactory(
            review=review,
            name=name,
            starts=datetime.date(*starts),
            ends=datetime.date(*ends),
            state=ReportingPeriod.State.CLOSED,
        )
        factories.AcceptedUpdateFactory(
            recommendation=recommendation,
            action=action,
            period=period,
            narrative=narrative,
            status=Status.IN_PROGRESS,
            author=officer_user,
            reviewed_by=coordinator,
            submitted_at=reviewed_at,
            reviewed_at=reviewed_at,
        )
    return recommendation


@pytest.fixture
def questions(recommendation, officer_user):
    factories.AnsweredQuestionFactory(
        recommendation=recommendation,
        text="Which teams were audited?",
        asked_at=at(2010, 10, 4),
        answer="All four assessment teams.",
        answered_by=officer_user,
        answered_at=at(2010, 10, 8),
    )
    factories.QuestionFactory(
        recommendation=recommendation, text="When does the next audit report?", asked_at=at(2011, 1, 20)
    )


@pytest.fixture
def second_page(browser, live_server):
    """Another browser tab with its own cookies, for a second user."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_panel_member_asks_with_the_keyboard_the_officer_answers_and_both_see_it_on_the_timeline(
    page, second_page, expect, user, officer_user, recommendation, sign_in, mailoutbox
):
    sign_in(page, user)  # Lynne Hughes, a panel member
    page.goto(review_path("/recommendations/18/"))

    tab_to(page, "id_text")
    page.keyboard.type("Are chronologies now on every file?")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Send question")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/recommendations/18/$"))
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Your question was sent to the lead officer.")
    expect(banner).to_be_focused()  # GOV.UK Frontend moves focus to a success banner
    banner.get_by_role("link", name="See the question").click()
    expect(page).to_have_url(re.compile(r"#question-\d+$"))
    question = page.locator("#questions .app-question")
    expect(question).to_contain_text("Are chronologies now on every file?")
    expect(question).to_contain_text("Awaiting an answer")
    expect(page.locator("#timeline")).to_contain_text("Question to the lead officer")
    assert [email.to for email in mailoutbox] == [[officer_user.email]]

    officer_page = sign_in(second_page, officer_user)
    officer_page.goto(review_path("/recommendations/18/#questions"))
    officer_page.get_by_label("Your answer to the question from Lynne Hughes").fill("Yes, since November.")
    officer_page.get_by_role("button", name="Send answer to the question from Lynne Hughes").click()

    expect(officer_page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your answer was sent to Lynne Hughes."
    )
    expect(officer_page.locator("#questions")).not_to_contain_text("Awaiting an answer")
    timeline = officer_page.locator("#timeline")
    expect(timeline.get_by_role("heading", name="Question answered")).to_be_visible()
    expect(timeline).to_contain_text("Yes, since November.")
    assert mailoutbox[-1].to == [user.email]

    page.reload()
    expect(page.locator("#questions")).to_contain_text("Yes, since November.")
    expect(page.locator("#questions")).to_contain_text("by Carol Parker")
    expect(page.locator("#timeline").get_by_role("heading", name="Question answered")).to_be_visible()


def test_a_blank_question_is_an_error_and_the_page_stays_accessible(
    page, expect, user, recommendation, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto(review_path("/recommendations/18/"))

    page.get_by_role("button", name="Send question").click()

    expect(page).to_have_title("Error: Recommendation 18 – Recommendation tracker")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_text-error")).to_contain_text("Enter your question")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your question").click()
    expect(page.locator("#id_text")).to_be_focused()


def test_recommendation_page_with_questions_answers_and_differences_is_accessible(
    page, second_page, expect, user, officer_user, recommendation, questions, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto(review_path("/recommendations/18/"))
    timeline = page.locator("#timeline")
    # The questions asked after the last quarter are filed under it, never under a made-up quarter.
    expect(timeline.get_by_role("heading", level=3)).to_have_text(
        ["2010/11 Q3", "2010/11 Q2", "Action plan (baseline)"]
    )
    expect(timeline.locator("del").first).to_contain_text("being")
    expect(timeline.locator("ins").first).to_contain_text("everywhere.")
    expect(page.locator("#questions")).to_contain_text("All four assessment teams.")
    expect(page.get_by_label("Ask the lead officer a question")).to_be_visible()
    assert_accessible(page)

    sign_in(second_page, officer_user)
    second_page.goto(review_path("/recommendations/18/"))
    expect(second_page.get_by_role("button", name=re.compile("^Send answer"))).to_have_count(1)
    assert_accessible(second_page)


def test_comparing_versions_of_the_seed_recommendation_18_and_the_error_state(
    page, expect, user, appendix, sign_in, assert_accessible
):
    sign_in(page, user)
    page.goto(review_path("/recommendations/18/"))
    expect(page.locator("#timeline").get_by_role("heading", level=3)).to_have_text(
        ["2010/11 Q2", "Action plan (baseline)"]
    )

    page.get_by_role("link", name="Compare versions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare versions")
    expect(page.get_by_label("From version").locator("option")).to_have_count(2)
    differences = page.locator("#differences")
    expect(differences).to_contain_text("Changed from Not assessed to In progress")
    assert_accessible(page)

    page.get_by_role("link", name="Proposed action 1").click()
    expect(page.get_by_role("link", name="Proposed action 1")).to_have_attribute("aria-current", "page")
    page.get_by_label("From version").select_option(index=1)  # newest first: version 1, the baseline
    page.get_by_label("To version").select_option(index=0)  # version 2, September 2010
    page.get_by_role("button", name="Compare versions").click()
    expect(page).to_have_url(re.compile(r"action=1"))
    expect(differences.locator("ins")).to_contain_text("Care First 6 improves chronologies")
    assert_accessible(page)

    page.goto(review_path("/recommendations/18/compare/?from=abc&to=1"))
    expect(page).to_have_title("Error: Compare versions of recommendation 18 – Recommendation tracker")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page.locator("#id_from-error")).to_contain_text("Select a version to compare from: the one given")
    assert_accessible(page)
    summary.get_by_role("link", name=re.compile("^Select a version to compare from")).click()
    expect(page.locator("#id_from")).to_be_focused()


def test_progress_update_narratives_not_accepted_never_reach_the_timeline(
    page, expect, user, officer_user, recommendation, sign_in
):
    factories.ProgressUpdateFactory(
        recommendation=recommendation,
        period=factories.ReportingPeriodFactory(
            review=recommendation.review,
            name="2010/11 Q4",
            starts=datetime.date(2011, 1, 1),
            ends=datetime.date(2011, 3, 31),
            state=ReportingPeriod.State.OPEN,
        ),
        narrative="A draft nobody has accepted.",
        state=ProgressUpdate.State.DRAFT,
        author=officer_user,
    )
    sign_in(page, user)
    page.goto(review_path("/recommendations/18/"))

    expect(page.locator("#timeline")).to_contain_text("Care First 6 is rolled out everywhere.")
    expect(page.locator("#timeline")).not_to_contain_text("A draft nobody has accepted.")
