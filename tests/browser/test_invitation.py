"""Accounts in a real browser: the coordinator invites an officer the report names, the invitation
email's link sets a password and signs them in, and they find what they lead; everyone changes
their own password; a forgotten one is reset by email. axe checks every page on the way, and none
scrolls sideways at 320 pixels."""

import re

import pytest
from django.core import mail

from tests import factories
from tracker.models import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

NEW_PASSWORD = "rainbow otter lantern 42"


@pytest.fixture
def coordinator(transactional_db):
    theme = factories.ThemeFactory(name="Schools")
    ec = factories.OfficerFactory(
        name="EC",
        full_name="Safeguarding Officer for Schools",
        full_name_source="Rec 31, Lead Officer cell (source line 299)",
    )
    factories.OfficerFactory(name="LH")
    recommendation = factories.RecommendationFactory(theme=theme, ref=31)
    factories.ProposedActionFactory(recommendation=recommendation, position=1).lead_officers.add(ec)
    factories.OpenReportingPeriodFactory(review=theme.review)
    return factories.UserFactory(
        username="cmorgan", first_name="Colin", last_name="Morgan", role=Role.COORDINATOR
    )


def link_in(body: str) -> str:
    return re.search(r"http://\S+/accounts/password/set/\S+/", body).group(0)


def assert_fits_320(page):
    page.set_viewport_size({"width": 320, "height": 800})
    wider = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert wider <= 320, f"{page.url} is {wider}px wide at 320px"


def test_coordinator_invites_an_officer_whose_email_link_sets_a_password_and_signs_in(
    page, browser, live_server, settings, coordinator, sign_in, expect, assert_accessible
):
    settings.SITE_URL = live_server.url
    sign_in(page, coordinator)
    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", name="People", exact=True)).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("EC Safeguarding Officer for Schools"))).to_contain_text(
        "No account"
    )
    assert_accessible(page)
    assert_fits_320(page)

    page.get_by_role("link", name="Invite someone").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter their first name")
    assert_accessible(page)
    page.get_by_label("First name").fill("Erin")
    page.get_by_label("Last name").fill("Collins")
    page.get_by_label("Email address").fill("erin.collins@kirklees.example")
    page.get_by_role("radio", name="Lead officer").check()
    page.get_by_label("Which lead officer in the report are they?").select_option(
        label="EC – Safeguarding Officer for Schools"
    )
    assert_fits_320(page)
    page.get_by_role("button", name="Send the invitation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Erin Collins has been invited: an email went to erin.collins@kirklees.example."
    )
    expect(page.get_by_role("row", name=re.compile("^EC"))).to_contain_text("Erin Collins")
    expect(page.get_by_role("row", name=re.compile("^Erin Collins"))).to_contain_text(
        "Invited: no password set yet"
    )

    (invitation,) = mail.outbox
    assert invitation.to == ["erin.collins@kirklees.example"]
    link = link_in(invitation.body)
    assert link.startswith(live_server.url), "the link points at the server that sent it"

    erin = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    erin.goto(link)
    expect(erin.get_by_role("heading", name="Set your password")).to_be_visible()
    expect(erin.get_by_text("erin.collins@kirklees.example")).to_be_visible()
    assert_accessible(erin)
    assert_fits_320(erin)
    erin.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    erin.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    erin.get_by_role("button", name="Set password and sign in").click()

    expect(erin.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your password has been set and you are signed in."
    )
    expect(erin.get_by_role("heading", name="My work", exact=True)).to_be_visible()
    expect(erin.locator("main")).to_contain_text("Recommendation 31")
    assert_accessible(erin)

    # The link works once.
    erin.goto(link)
    expect(erin.get_by_role("heading", name="This link does not work")).to_be_visible()
    assert_accessible(erin)

    page.reload()
    expect(page.get_by_role("row", name=re.compile("^Erin Collins"))).to_contain_text("Active")
    erin.context.close()


def test_a_person_changes_their_password_and_resets_a_forgotten_one(
    page, live_server, settings, sign_in, expect, assert_accessible, transactional_db
):
    settings.SITE_URL = live_server.url
    member = factories.UserFactory(username="kcross", email="kate.cross@example.org", role=Role.PANEL_MEMBER)
    sign_in(page, member)
    page.get_by_role("link", name="Change password").click()
    assert_accessible(page)
    page.get_by_label("Current password").fill("not it")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Your current password is not right")
    assert_accessible(page)
    page.get_by_label("Current password").fill("correct horse battery staple")
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your password has been changed."
    )

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Forgot your password?").click()
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_label("Email address").fill("kate.cross@example.org")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)
    page.goto(link_in(mail.outbox[0].body))
    page.get_by_label("New password", exact=True).fill("another otter lantern 7")
    page.get_by_label("Confirm new password").fill("another otter lantern 7")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
