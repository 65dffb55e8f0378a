from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views import defaults

from tests import factories
from tests.helpers import current_links, element, parse
from tracker.models import Role

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("login")
LIST_URL = reverse("recommendations:recommendation-list")
PASSWORD = "correct horse battery staple"  # the factories' password


def normalised(response):
    return " ".join(response.content.decode().split())


# Sign-in -------------------------------------------------------------------------------


def test_anonymous_visitor_to_the_home_page_is_sent_to_sign_in(client):
    response = client.get("/", follow=True)

    assert response.redirect_chain[-1] == (f"{LOGIN_URL}?next=/", 302)
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in response.content.decode()


def test_signed_in_home_page_is_the_dashboard(panel_member_client):
    response = panel_member_client.get("/")

    assert response.status_code == 200
    assert "reporting/dashboard.html" in [template.name for template in response.templates]


def test_sign_in_page_has_labelled_fields_with_autocomplete(client):
    html = client.get(LOGIN_URL).content.decode()

    assert "<title>Sign in – Recommendation tracker</title>" in html
    assert '<label class="govuk-label" for="id_username">Username</label>' in html
    assert '<label class="govuk-label" for="id_password">Password</label>' in html
    assert element(html, "id_username").attrs["autocomplete"] == "username"
    assert element(html, "id_password").attrs["autocomplete"] == "current-password"
    assert "govuk-error-summary" not in html


def test_wrong_password_shows_the_error_summary_linking_to_the_username(client):
    user = factories.UserFactory(username="lhughes")

    response = client.post(LOGIN_URL, {"username": user.username, "password": "wrong"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in – Recommendation tracker</title>" in html
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<a href="#id_username">Enter a correct username and password.' in html
    assert 'aria-describedby="username-error"' in html
    assert 'value="lhughes"' in html
    assert "_auth_user_id" not in client.session


def test_empty_sign_in_asks_for_the_username_and_the_password(client):
    html = normalised(client.post(LOGIN_URL, {"username": "", "password": ""}))

    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert 'id="password-error" class="govuk-error-message"' in html


@pytest.mark.parametrize(
    ("role", "landing"),
    [
        (Role.PANEL_MEMBER, "/"),
        (Role.COORDINATOR, "/"),
        (Role.ADMINISTRATOR, "/"),
        (Role.LEAD_OFFICER, "/my-work/"),
    ],
)
def test_signing_in_goes_to_the_dashboard_or_for_officers_to_my_work(client, role, landing):
    user = factories.UserFactory(role=role)

    response = client.post(LOGIN_URL, {"username": user.username, "password": PASSWORD})

    assert response.status_code == 302
    assert response.url == landing
    assert client.session["_auth_user_id"] == str(user.pk)


def test_signing_in_returns_to_the_page_asked_for(client):
    user = factories.UserFactory()
    next_url = reverse("recommendations:recommendation-detail", kwargs={"ref": 4})

    response = client.post(LOGIN_URL, {"username": user.username, "password": PASSWORD, "next": next_url})

    assert response.url == next_url


# The layout ----------------------------------------------------------------------------


def test_header_shows_the_service_name_as_text_and_no_crown(panel_member_client):
    html = panel_member_client.get(LIST_URL).content.decode()

    home = parse(html).find_all("a", class_="govuk-generic-header__homepage-link")
    assert [(link.attrs["href"], link.text) for link in home] == [("/", "Recommendation tracker")]
    assert "govuk-logo" not in html
    assert "crown" not in html.lower()
    assert "Open Government Licence" not in html
    assert "govuk-footer__licence" not in html


def test_header_names_the_signed_in_user_with_a_sign_out_button(panel_member_client, panel_member_user):
    html = normalised(panel_member_client.get(LIST_URL))

    assert f"Signed in as </span>{panel_member_user}</span>" in html
    (sign_out,) = [
        form for form in parse(html).find_all("form") if form.attrs.get("action") == reverse("logout")
    ]
    assert sign_out.attrs["method"] == "post"
    token = sign_out.find("input", type="hidden", name="csrfmiddlewaretoken")
    assert token is not None
    assert token.attrs["value"]
    assert [(button.attrs["type"], button.text) for button in sign_out.find_all("button")] == [
        ("submit", "Sign out")
    ]
    assert sign_out.find("button").classes == ["app-link-button"]
    assert current_links(html)


def test_sign_in_page_has_no_navigation_or_sign_out(client):
    html = client.get(LOGIN_URL).content.decode()

    assert "Sign out" not in html
    assert "govuk-service-navigation" not in html


def test_signing_out_by_post_ends_the_session(panel_member_client):
    response = panel_member_client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == LOGIN_URL
    assert panel_member_client.get(LIST_URL).status_code == 302


def test_layout_is_english_with_a_skip_link_and_govuk_frontend_initialised(panel_member_client):
    html = panel_member_client.get(LIST_URL).content.decode()

    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    # GOV.UK Frontend starts from a static file: no inline module script (a CSP can forbid them).
    assert '<script type="module" src="/static/js/application.js"></script>' in html
    assert "import {" not in html
    started = (Path(settings.BASE_DIR) / "static" / "js" / "application.js").read_text()
    assert 'import { initAll } from "../govuk/govuk-frontend.min.js"' in started
    assert "initAll()" in started
    assert '<link rel="stylesheet" href="/static/css/application.css">' in html


def test_compiled_stylesheet_uses_a_system_font_and_declares_no_gds_transport():
    css = (Path(settings.BASE_DIR) / "static" / "css" / "application.css").read_text()

    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "font-family:arial,sans-serif" in css
    assert ".govuk-generic-header" in css
    assert ".app-timeline" in css


def test_stylesheet_source_configures_the_font_and_assets_path():
    scss = (Path(settings.BASE_DIR) / "static" / "scss" / "application.scss").read_text()

    assert "$govuk-include-default-font-face: false" in scss
    assert '$govuk-assets-path: "/static/govuk/assets/"' in scss


# Error pages ---------------------------------------------------------------------------


def test_unknown_address_shows_the_govuk_page_not_found(panel_member_client):
    response = panel_member_client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found – Recommendation tracker</title>" in html
    assert "If you typed the web address, check it is correct." in html


def test_unknown_address_shows_page_not_found_to_anonymous_visitors_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Sign out" not in response.content.decode()


def test_permission_denied_shows_the_govuk_403_page(rf, panel_member_user):
    request = rf.get("/recommendations/")
    request.user = panel_member_user

    response = defaults.permission_denied(request, PermissionDenied())

    html = response.content.decode()
    assert response.status_code == 403
    assert "<title>You cannot view this page – Recommendation tracker</title>" in html


def test_server_error_page_renders_without_a_request_context(rf):
    response = defaults.server_error(rf.get("/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "<title>Sorry, there is a problem with the service – Recommendation tracker</title>" in html
    assert "Sign out" not in html
