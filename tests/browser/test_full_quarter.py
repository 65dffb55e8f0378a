"""A whole quarter on the seed data, in a real browser, each person in their own browser context:
the coordinator assigns recommendation 18 a lead officer and opens 2010/11 Q3; the officer drafts
and submits (RAG amber); the coordinator returns it; the officer revises and resubmits; the
coordinator accepts; a panel member sees it on the timeline, compared with September 2010; an
officer who does not lead it is refused its form. axe checks every page on the way."""

import pytest

from recommendations.models import ProgressUpdate, Rag, Recommendation, ReportingPeriod, Status
from tests import factories
from tracker.models import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

RETURN_REASON = "Say how many case files the audit covered."


@pytest.fixture
def people(appendix):
    officer = factories.OfficerUserFactory(
        officer__name="Service Manager, Assessment",
        username="jbrook",
        first_name="Jo",
        last_name="Brook",
        email="jo.brook@example.org",
    )
    return {
        "coordinator": factories.UserFactory(
            username="pmorgan", first_name="Pat", last_name="Morgan", role=Role.COORDINATOR
        ),
        "officer": officer,
        "other_officer": factories.OfficerUserFactory(
            username="cpowell", first_name="Chris", last_name="Powell"
        ),
        "panel_member": factories.UserFactory(
            username="cllr", first_name="Cathy", last_name="Scott", role=Role.PANEL_MEMBER
        ),
    }


@pytest.fixture
def tab(browser, live_server, sign_in):
    """A signed-in tab of its own (own cookies) for each person."""
    contexts = []

    def open_for(user):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return sign_in(context.new_page(), user)

    yield open_for
    for context in contexts:
        context.close()


def fill_date(page, field, day, month, year):
    page.locator(f"#id_{field}_day").fill(day)
    page.locator(f"#id_{field}_month").fill(month)
    page.locator(f"#id_{field}_year").fill(year)


def test_a_full_quarter_on_recommendation_18(people, tab, expect, assert_accessible, mailoutbox):
    coordinator = tab(people["coordinator"])
    officer = tab(people["officer"])

    # The coordinator assigns recommendation 18 its lead officer (the report names only a post).
    coordinator.goto("/recommendations/18/")
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name="Change lead officer").click()
    assert_accessible(coordinator)
    coordinator.get_by_label("Who leads this recommendation?").select_option(
        label="Service Manager, Assessment (Jo Brook)"
    )
    coordinator.get_by_role("button", name="Save lead officer").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text(
        "now leads recommendation 18"
    )
    assert_accessible(coordinator)

    # ... and opens 2010/11 Q3.
    coordinator.get_by_role("navigation", name="Menu").get_by_role("link", name="Quarters").click()
    coordinator.get_by_role("button", name="Add a quarter").click()
    # The next quarter after the seed's 2010/11 Q2 is filled in.
    expect(coordinator.get_by_label("Name")).to_have_value("2010/11 Q3")
    expect(coordinator.locator("#id_deadline_day")).to_have_value("14")
    fill_date(coordinator, "starts", "1", "10", "2010")
    fill_date(coordinator, "ends", "31", "12", "2010")
    fill_date(coordinator, "deadline", "14", "1", "2011")
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Open it now").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text("2010/11 Q3 is open")
    assert_accessible(coordinator)
    opened = [m for m in mailoutbox if m.to == ["jo.brook@example.org"]]
    assert len(opened) == 1
    assert "/recommendations/18/update/" in opened[0].body

    # The officer finds it under My work, saves a draft, then submits with RAG amber.
    officer.get_by_role("navigation", name="Menu").get_by_role("link", name="My work").click()
    item = officer.locator(".govuk-task-list__item", has_text="Recommendation 18")
    expect(item).to_contain_text("Not started")
    assert_accessible(officer)
    item.get_by_role("link", name="Recommendation 18").click()
    assert_accessible(officer)
    officer.get_by_label("Progress this quarter").fill("Chronologies are audited on every new assessment.")
    officer.get_by_role("radio", name="In progress").check()
    officer.get_by_role("radio", name="Amber").check()
    officer.get_by_role("button", name="Save as draft").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("saved as a draft")
    expect(officer.locator(".govuk-task-list__item", has_text="Recommendation 18")).to_contain_text("Draft")
    assert_accessible(officer)
    officer.get_by_role("link", name="Recommendation 18").click()
    officer.get_by_role("button", name="Submit for review").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("was submitted")
    update = ProgressUpdate.objects.get(period__name="2010/11 Q3", recommendation__ref=18)
    assert (update.state, update.rag) == (ProgressUpdate.State.SUBMITTED, Rag.AMBER)

    # The coordinator returns it with a reason.
    coordinator.goto("/review/")
    assert_accessible(coordinator)
    coordinator.locator(f"#update-{update.pk}").get_by_role("link").click()
    expect(coordinator.locator("#differences, main")).to_contain_text("Changes from")
    assert_accessible(coordinator)
    coordinator.get_by_label("Why are you returning it?").fill(RETURN_REASON)
    coordinator.get_by_role("button", name="Return update").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text("You returned")
    assert any(RETURN_REASON in m.body for m in mailoutbox if m.to == ["jo.brook@example.org"])

    # The officer sees why, revises and resubmits.
    officer.reload()
    returned = officer.locator(".govuk-task-list__item", has_text="Recommendation 18")
    expect(returned).to_contain_text("Returned")
    expect(returned).to_contain_text(RETURN_REASON)
    assert_accessible(officer)
    returned.get_by_role("link", name="Recommendation 18").click()
    expect(officer.locator("main")).to_contain_text(RETURN_REASON)
    assert_accessible(officer)
    officer.get_by_label("Progress this quarter").fill(
        "Chronologies are audited on every new assessment: 120 case files so far."
    )
    officer.get_by_role("button", name="Submit for review").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("was submitted")

    # The coordinator accepts it: it becomes the official record.
    coordinator.goto(f"/review/{update.pk}/")
    coordinator.get_by_role("button", name="Accept update").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text("You accepted")
    recommendation = Recommendation.objects.get(ref=18)
    assert (recommendation.status, recommendation.rag) == (Status.IN_PROGRESS, Rag.AMBER)
    assert recommendation.progress.endswith("120 case files so far.")

    # A panel member sees the new entry on the timeline, compared with the September 2010 update.
    panel = tab(people["panel_member"])
    panel.goto("/recommendations/18/")
    quarter = panel.locator("#quarter-2010-11-q3 + ol")
    expect(quarter).to_contain_text("Progress update for 2010/11 Q3 accepted")
    expect(quarter).to_contain_text("Changes since the 2010/11 Q2 update")
    expect(quarter.locator("ins.app-diff__inserted").first).to_be_visible()
    expect(quarter.locator("del.app-diff__deleted").first).to_be_visible()
    expect(panel.locator("#quarter-2010-11-q2")).to_be_visible()
    assert_accessible(panel)

    # An officer who does not lead it cannot open its form.
    other = tab(people["other_officer"])
    response = other.goto("/recommendations/18/update/")
    assert response.status == 403
    expect(other.get_by_role("heading", level=1)).to_have_text("You cannot view this page")
    assert_accessible(other)
    assert ReportingPeriod.objects.get(name="2010/11 Q3").updates.count() == 1
