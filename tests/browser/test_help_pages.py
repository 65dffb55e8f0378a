"""Help, the glossary, the accessibility statement, privacy and contact in a real browser: axe
finds nothing, none scrolls sideways at 320 pixels, and the footer reaches them by keyboard."""

import pytest

from tests import factories
from tracker.models import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

OPEN_PAGES = ["/help/glossary/", "/accessibility/", "/privacy/", "/contact/"]


def assert_fits_320(page):
    page.set_viewport_size({"width": 320, "height": 800})
    wider = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert wider <= 320, f"{page.url} is {wider}px wide at 320px"


def test_the_footer_pages_are_accessible_before_signing_in(page, expect, assert_accessible):
    page.goto("/accounts/login/")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for the Recommendation tracker"
    )
    for path in OPEN_PAGES:
        page.goto(path)
        assert_accessible(page)
        assert_fits_320(page)


@pytest.mark.parametrize("role", [Role.LEAD_OFFICER, Role.COORDINATOR, Role.PANEL_MEMBER])
def test_help_is_accessible_for_each_role_and_reaches_the_glossary(
    page, sign_in, expect, assert_accessible, transactional_db, role
):
    sign_in(page, factories.UserFactory(role=role))
    page.get_by_role("contentinfo").get_by_role("link", name="Help").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Help: a quarter, step by step")
    assert_accessible(page)
    assert_fits_320(page)
    page.get_by_role("main").get_by_role("link", name="glossary").first.click()
    expect(page.locator("#rag")).to_contain_text("The report does not define RAG")
