"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live_server.

Test tools cannot download browsers here, so Playwright launches the system Chromium; never run
`playwright install`. Without Playwright or Chromium these tests skip, naming what is missing,
unless settings.REQUIRE_BROWSER is true (the REQUIRE_BROWSER environment variable, as in CI),
when they fail instead.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests import factories

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's password


def browser_unavailable(reason: str):
    """Skip, or fail where a browser is required, saying what is missing."""
    if getattr(settings, "REQUIRE_BROWSER", False):
        pytest.fail(f"{reason}, and REQUIRE_BROWSER is set", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        browser_unavailable("Playwright for Python is not installed (pip install playwright)")
    if not CHROMIUM.exists():
        browser_unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")

    # Playwright's sync API keeps an event loop running in the test thread, which makes Django
    # refuse ORM calls from the tests (factories, fixtures) for the rest of the session.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
    except Error as error:
        playwright.stop()
        _restore_environment(previous)
        browser_unavailable(f"Chromium at {CHROMIUM} did not start: {error.message.splitlines()[0]}")

    yield chromium

    chromium.close()
    playwright.stop()
    _restore_environment(previous)


def _restore_environment(previous):
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def expect(browser):
    """Playwright's waiting assertions (imported only once the browser is known to be there)."""
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies) whose relative addresses go to the live server. A page
    whose Content-Security-Policy blocked anything (a script, a style, a form) fails the test: the
    policy must never break GOV.UK Frontend or the pages' own scripts."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(10_000)
    tab = context.new_page()
    blocked = []
    tab.on(
        "console",
        lambda message: (
            blocked.append(f"{tab.url}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab
    context.close()
    if blocked:
        pytest.fail("The Content-Security-Policy blocked:\n" + "\n".join(blocked), pytrace=False)


@pytest.fixture
def user(transactional_db):
    return factories.UserFactory(username="lhughes", first_name="Lynne", last_name="Hughes")


@pytest.fixture
def sign_in():
    """Sign a user in through the real sign-in form; returns the page where they land."""

    def sign_in_through_the_form(page, user, password=PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password", exact=True).fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return sign_in_through_the_form


@pytest.fixture
def assert_accessible():
    """Run axe-core's WCAG 2.2 AA rules on the page; fail listing every violation."""
    axe_script = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
    if not axe_script.exists():
        browser_unavailable(f"axe-core is not installed at {axe_script} (npm install)")

    axe_source = axe_script.read_text()

    def assert_no_axe_violations(page):
        # Evaluated by the browser's debugging protocol, which the page's policy does not govern
        # (a <script> tag added to the page would rightly be refused by it).
        page.evaluate(f"() => {{ {axe_source}\n;window.axe = axe; }}")
        results = page.evaluate(
            "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
        )
        violations = results["violations"]
        if violations:
            pytest.fail(
                f"axe found {len(violations)} accessibility problem(s) on {page.url}:\n"
                + "\n".join(describe_violation(violation) for violation in violations),
                pytrace=False,
            )

    return assert_no_axe_violations


def describe_violation(violation) -> str:
    targets = "; ".join(" ".join(map(str, node["target"])) for node in violation["nodes"])
    return (
        f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"  {violation['helpUrl']}\n"
        f"  on: {targets}"
    )


@pytest.fixture
def appendix(transactional_db):
    """The shipped seed data, loaded for this test: the live server's thread reads only committed
    rows, so browser tests cannot share the module-wide transaction of tests/conftest.py."""
    call_command("loaddata", "appendix", verbosity=0)
