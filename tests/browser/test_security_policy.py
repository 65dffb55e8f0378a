"""The Content-Security-Policy lets GOV.UK Frontend run and refuses anything else inline."""

import pytest

pytestmark = pytest.mark.browser


def test_govuk_frontend_runs_under_the_policy(page, sign_in, user):
    landed = sign_in(page, user)
    classes = landed.evaluate("document.body.className")
    assert "js-enabled" in classes
    assert "govuk-frontend-supported" in classes
    # initAll ran: the service navigation's module marked itself initialised.
    assert (
        landed.locator("[data-module='govuk-service-navigation']").get_attribute(
            "data-govuk-service-navigation-init"
        )
        is not None
    )


def test_a_script_injected_into_the_page_is_refused(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    tab = context.new_page()
    messages = []
    tab.on("console", lambda message: messages.append(message.text))
    tab.goto("/accounts/login/")
    # As an injected <script> (say, through a stored value) would arrive: without the nonce.
    tab.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.pwned = 1';"
        " document.body.appendChild(s); }"
    )
    assert tab.evaluate("window.pwned") is None
    assert any("Content Security Policy" in text for text in messages)
    context.close()
