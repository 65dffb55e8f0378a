"""An officer records quarterly progress in a real browser: My work, the update form, conflicts."""

import datetime
import re

import pytest

from recommendations.models import ProgressUpdate, Rag, Status
from tests import factories
from tests.helpers import review_path
from tracker.models import Role

from .conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.browser]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def officer(transactional_db):
    return factories.OfficerUserFactory(username="kscott", first_name="Kim", last_name="Scott")


@pytest.fixture
def other_officer(transactional_db):
    return factories.OfficerUserFactory(username="cpowell", first_name="Chris", last_name="Powell")


@pytest.fixture
def work(transactional_db, officer, other_officer):
    """An open quarter; Kim leads recommendations 9 (overdue) and 21, whose action 1 Chris leads."""
    review = factories.ReviewFactory(name="Kirklees Safeguarding Commission")
    theme = factories.ThemeFactory(review=review, name="Assessment", position=2)
    period = factories.OpenReportingPeriodFactory(review=review, name="2010/11 Q3")
    late = factories.RecommendationFactory(theme=theme, ref=9, lead_officer=officer.officer)
    factories.ProposedActionFactory(recommendation=late, position=1, due_date=datetime.date(2010, 4, 30))
    recommendation = factories.RecommendationFactory(
        theme=theme,
        ref=21,
        text="Clarify the location of responsibility for the assessment of Children in Need.",
        lead_officer=officer.officer,
    )
    action = factories.ProposedActionFactory(
        recommendation=recommendation, position=1, text="Audit the chronologies held on case files."
    )
    action.lead_officers.add(other_officer.officer)
    factories.UserFactory(role=Role.COORDINATOR, email="coordinator@example.org")
    return {"period": period, "recommendation": recommendation, "action": action}


def focused_element_id(page):
    return page.evaluate("() => document.activeElement && document.activeElement.id")


def press_on(locator, key="Enter"):
    """Move the keyboard focus to an element and press a key there, as a keyboard user would."""
    locator.focus()
    locator.page.keyboard.press(key)


def test_officer_signs_in_with_the_keyboard_saves_a_draft_and_submits_it(
    page, expect, officer, work, mailoutbox
):
    page.goto("/my-work/")  # sign-in first, then straight back to My work
    for _ in range(12):
        page.keyboard.press("Tab")
        if focused_element_id(page) == "id_username":
            break
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(officer.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page).to_have_title("My work – Recommendation tracker")
    items = page.locator(".govuk-task-list__item")
    expect(items).to_have_count(2)
    expect(items.nth(0).get_by_role("link")).to_have_text("Recommendation 9")
    expect(items.nth(0)).to_contain_text("Overdue")
    expect(items.nth(1)).to_contain_text("Not started")

    press_on(page.get_by_role("link", name="Recommendation 21"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 21")
    page.get_by_label("Progress this quarter").focus()
    page.keyboard.type("Responsibility agreed with Duty & Assessment.")
    press_on(page.get_by_role("radio", name="In progress"), "Space")
    press_on(page.get_by_role("radio", name="Amber"), "Space")
    page.get_by_label("Evidence files (optional)").set_input_files(
        files=[{"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    press_on(page.get_by_role("button", name="Save as draft"))

    expect(page).to_have_title("My work – Recommendation tracker")
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your update on Recommendation 21 was saved as a draft."
    )
    expect(page.locator(".govuk-task-list__item").nth(1)).to_contain_text("Draft")

    press_on(page.get_by_role("link", name="Recommendation 21"))
    expect(page.get_by_label("Progress this quarter")).to_have_value(
        "Responsibility agreed with Duty & Assessment."
    )
    expect(page.get_by_role("radio", name="Amber")).to_be_checked()
    expect(page.get_by_role("link", name="minutes.pdf")).to_be_visible()
    press_on(page.get_by_role("button", name="Submit for review"))

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your update on Recommendation 21 was submitted."
    )
    expect(page.locator(".govuk-task-list__item").nth(1)).to_contain_text("Submitted")
    update = ProgressUpdate.objects.get()
    assert (update.state, update.status, update.rag) == (
        ProgressUpdate.State.SUBMITTED,
        Status.IN_PROGRESS,
        Rag.AMBER,
    )
    assert update.evidence_files.get().name == "minutes.pdf"
    assert [message.to for message in mailoutbox] == [["coordinator@example.org"]]


def test_my_work_and_the_update_form_with_and_without_errors_are_accessible(
    page, expect, officer, work, sign_in, assert_accessible
):
    sign_in(page, officer)
    page.get_by_role("link", name="My work").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My work")
    assert_accessible(page)

    page.get_by_role("link", name="Recommendation 21").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommendation 21")
    assert_accessible(page)

    page.get_by_label("Revised timescale (optional)").fill("When the money comes")
    page.get_by_label("Evidence links (optional)").fill("https://example.org/audit\nintranet/minutes")
    page.get_by_role("button", name="Save as draft").click()

    # A draft forgives what is not chosen yet, but not what is wrong.
    summary = page.locator(".govuk-error-summary")
    expect(page).to_have_title(re.compile(r"^Error: Update on Recommendation 21"))
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(2)  # timescale, the link on line 2
    assert_accessible(page)

    page.get_by_role("button", name="Submit for review").click()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_count(5)  # progress, status, RAG, timescale, line 2
    expect(page.get_by_label("Evidence links (optional)")).to_have_value(
        "https://example.org/audit\nintranet/minutes"
    )
    assert_accessible(page)

    summary.get_by_role("link", name=re.compile(r"^Line 2")).click()
    expect(page.get_by_label("Evidence links (optional)")).to_be_focused()
    summary.get_by_role("link", name="Select the status of the work").click()
    expect(page.get_by_role("group", name="Status").get_by_role("radio").first).to_be_focused()
    assert ProgressUpdate.objects.count() == 0


def test_two_people_editing_one_draft_see_each_others_words_and_merge_them(
    browser, live_server, page, expect, officer, other_officer, work, sign_in, assert_accessible
):
    recommendation, action = work["recommendation"], work["action"]
    factories.DraftUpdateFactory(
        recommendation=recommendation,
        action=action,
        period=work["period"],
        narrative="Audit planned.",
        author=officer,
    )
    url = review_path(f"/recommendations/{recommendation.ref}/actions/{action.position}/update/")
    kims_page = page
    chris_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    chris_context.set_default_timeout(10_000)
    chris_page = chris_context.new_page()
    try:
        sign_in(kims_page, officer)
        sign_in(chris_page, other_officer)
        kims_page.goto(url)
        chris_page.goto(url)
        kims_page.get_by_label("Progress this quarter").fill("Audit planned. Kim: six schools audited.")
        chris_page.get_by_label("Progress this quarter").fill("Audit planned. Chris: training booked.")

        kims_page.get_by_role("button", name="Save as draft").click()
        expect(kims_page.locator(".govuk-notification-banner--success")).to_be_visible()
        chris_page.get_by_role("button", name="Save as draft").click()

        conflict = chris_page.locator("#newer-version")
        expect(chris_page.locator(".govuk-error-summary")).to_contain_text(
            "Someone else saved a newer version"
        )
        expect(conflict.get_by_role("heading", level=2)).to_have_text(
            re.compile(r"^Kim \S+ saved a newer version on ")
        )
        expect(conflict.locator(".app-newer-version__saved")).to_have_text(
            "Audit planned. Kim: six schools audited."
        )
        expect(conflict.locator(".app-newer-version__yours")).to_have_text(
            "Audit planned. Chris: training booked."
        )
        expect(chris_page.get_by_label("Progress this quarter")).to_have_value(
            "Audit planned. Chris: training booked."
        )
        chris_page.locator(".govuk-error-summary").get_by_role("link").click()
        expect(conflict).to_be_focused()
        assert_accessible(chris_page)

        their_words = conflict.locator(".app-newer-version__saved").inner_text()
        narrative = chris_page.get_by_label("Progress this quarter")
        narrative.fill(f"{their_words} {narrative.input_value().removeprefix('Audit planned. ')}")
        chris_page.get_by_role("button", name="Save as draft").click()

        expect(chris_page.locator(".govuk-notification-banner--success")).to_contain_text(
            "Your update on Recommendation 21, action 1 was saved as a draft."
        )
    finally:
        chris_context.close()
    update = ProgressUpdate.objects.get()
    assert "Kim: six schools audited." in update.narrative
    assert "Chris: training booked." in update.narrative
    assert update.version == 3
