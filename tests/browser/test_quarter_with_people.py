"""A first real quarter, in a real browser: the coordinator invites an officer, whose invitation
email's link sets her password and signs her in; records an update on behalf of an officer with
no account, chases what is outstanding, and accepts two updates together with the
keyboard alone; the officer sees what waits for them in the navigation and that their update was
accepted. axe checks each page on the way."""

import re

import pytest

from recommendations.models import ProgressUpdate, Recommendation, Reminder
from tests import factories
from tracker.models import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def people(transactional_db):
    head_of_service = factories.OfficerFactory(name="Head of Service")  # Olive, once she has an account
    theme = factories.ThemeFactory(name="Assessment")
    lh = factories.OfficerFactory(name="LH")
    factories.RecommendationFactory(theme=theme, ref=1, lead_officer=head_of_service)
    factories.RecommendationFactory(theme=theme, ref=2, lead_officer=lh)
    factories.OpenReportingPeriodFactory(review=theme.review)
    coordinator = factories.UserFactory(
        username="cmorgan", first_name="Colin", last_name="Morgan", role=Role.COORDINATOR
    )
    return {"coordinator": coordinator}


@pytest.fixture
def tab(browser, live_server, sign_in):
    contexts = []

    def open_for(user):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return sign_in(context.new_page(), user)

    yield open_for
    for context in contexts:
        context.close()


def press_until_focused(page, locator, key="Tab", most=80):
    """Press `key` until `locator` has the focus, as a keyboard user moves through a page."""
    for _ in range(most):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"never reached {locator} with {key}")


def test_a_quarter_with_an_officer_without_an_account(
    people, tab, browser, live_server, settings, expect, assert_accessible, mailoutbox
):
    settings.SITE_URL = live_server.url
    coordinator = tab(people["coordinator"])

    # The coordinator invites Olive, the report's "Head of Service"; the email's link signs her in.
    coordinator.get_by_role("link", name="People").click()
    coordinator.get_by_role("link", name="Invite someone").click()
    coordinator.get_by_label("First name").fill("Olive")
    coordinator.get_by_label("Last name").fill("Carter")
    coordinator.get_by_label("Email address").fill("olive.carter@example.org")
    coordinator.get_by_role("radio", name="Lead officer").check()
    coordinator.get_by_label("Which lead officer in the report are they?").select_option(
        label="Head of Service"
    )
    coordinator.get_by_role("button", name="Send the invitation").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text(
        "Olive Carter has been invited"
    )
    assert_accessible(coordinator)
    (invitation,) = [email for email in mailoutbox if email.to == ["olive.carter@example.org"]]
    link = re.search(r"http://\S+/accounts/password/set/\S+/", invitation.body).group(0)
    olive_context = browser.new_context(base_url=live_server.url, locale="en-GB")
    olive = olive_context.new_page()
    olive.goto(link)
    olive.get_by_label("New password", exact=True).fill("rainbow otter lantern 42")
    olive.get_by_label("Confirm new password").fill("rainbow otter lantern 42")
    olive.get_by_role("button", name="Set password and sign in").click()
    expect(olive.get_by_role("heading", name="My work", exact=True)).to_be_visible()

    # The officer sees what waits for her in the navigation, and writes and submits her update.
    expect(olive.get_by_role("navigation", name="Menu")).to_contain_text("My work 1")
    olive.goto("/recommendations/1/update/")
    olive.get_by_label("Progress this quarter").fill("Audit of every new assessment started.")
    olive.get_by_role("radio", name="In progress").check()
    olive.get_by_role("radio", name="Amber").check()
    olive.get_by_role("button", name="Submit for review").click()
    expect(olive.locator(".govuk-notification-banner--success")).to_contain_text("was submitted")

    # The coordinator chases: LH has no account, so she records LH's update on LH's behalf.
    coordinator.goto("/quarters/")
    coordinator.get_by_role("link", name=re.compile("^Chase")).click()
    chase = coordinator.locator("main")
    expect(chase).to_contain_text("No account: record their updates on their behalf")
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Remind everyone with something outstanding").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text(
        "LH has no account to email"
    )
    coordinator.get_by_role("link", name="Recommendation 2").click()
    expect(coordinator.get_by_role("radio", name="LH")).to_be_checked()
    coordinator.get_by_label("Progress this quarter").fill("LH reported by phone: training booked.")
    coordinator.get_by_role("radio", name="In progress").check()
    coordinator.get_by_role("radio", name="Green").check()
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Submit for review").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text("was submitted")

    # Both wait for review: she accepts them together with the keyboard alone.
    coordinator.goto("/review/")
    expect(coordinator.get_by_role("navigation", name="Menu")).to_contain_text("Review 2")
    assert_accessible(coordinator)
    for ref in (1, 2):
        box = coordinator.get_by_label(f"Choose recommendation {ref}")
        press_until_focused(coordinator, box)
        coordinator.keyboard.press("Space")
        expect(box).to_be_checked()
    accept = coordinator.get_by_role("button", name="Accept the chosen updates")
    press_until_focused(coordinator, accept)
    coordinator.keyboard.press("Enter")
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text(
        "You accepted 2 updates: recommendation 1, recommendation 2."
    )
    assert_accessible(coordinator)
    assert set(ProgressUpdate.objects.values_list("state", flat=True)) == {"accepted"}
    on_behalf = ProgressUpdate.objects.get(recommendation__ref=2)
    assert (on_behalf.author, str(on_behalf.on_behalf_of)) == (people["coordinator"], "LH")
    assert Recommendation.objects.get(ref=2).rag == "green"
    assert not Reminder.objects.exists()  # Olive had already submitted; LH has no account to email

    # The officer is told, by email and on My work.
    assert any(
        "accepted" in email.subject for email in mailoutbox if email.to == ["olive.carter@example.org"]
    )
    olive.goto("/my-work/")
    expect(olive.locator("#recently-reviewed + ul")).to_contain_text("was accepted by Colin Morgan")
    expect(olive.get_by_role("navigation", name="Menu")).not_to_contain_text("My work 1")
    assert_accessible(olive)
    olive_context.close()
