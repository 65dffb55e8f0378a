"""Passwords: change one's own, reset a forgotten one by email, set the first from an invitation."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests import factories
from tests.helpers import error_summary, links_in
from tracker.models import Role
from tracker.passwords import invitation_link

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW = "a new and longer passphrase"


def link_in(email) -> str:
    return re.search(r"https?://\S+/accounts/password/set/\S+/", email.body).group(0)


def test_sign_in_page_offers_forgot_your_password(client):
    page = client.get(reverse("login")).content.decode()
    assert (reverse("password_reset"), "Forgot your password?") in links_in(page)


def test_everyone_signed_in_can_change_their_password(client):
    user = factories.UserFactory(role=Role.PANEL_MEMBER, username="panel1")
    client.force_login(user)
    page = client.get(reverse("reporting:dashboard")).content.decode()
    assert (reverse("password_change"), "Change password") in links_in(page)

    response = client.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("reporting:dashboard")).status_code == 200, "still signed in"


def test_a_wrong_current_password_or_mismatch_is_said_next_to_the_field(client):
    user = factories.UserFactory(username="panel1")
    client.force_login(user)

    response = client.post(
        reverse("password_change"), {"old_password": "nope", "new_password1": NEW, "new_password2": NEW + "x"}
    )

    assert dict(error_summary(response.content.decode())) == {
        "#id_old_password": "Your current password is not right: enter it again",
        "#id_new_password2": "The two passwords do not match: enter them again",
    }
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_forgot_password_emails_a_link_at_site_url_that_sets_a_password_and_signs_in(client, settings):
    settings.SITE_URL = "http://tracker.example:8123"
    user = factories.UserFactory(username="officer1", email="officer1@example.org", role=Role.LEAD_OFFICER)

    response = client.post(reverse("password_reset"), {"email": "OFFICER1@example.org"})

    assert response.status_code == 302
    (email,) = mail.outbox
    link = link_in(email)
    assert link.startswith("http://tracker.example:8123/accounts/password/set/")
    form = client.get(link.removeprefix("http://tracker.example:8123"), follow=True)
    assert "Set your password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    assert done.url == reverse("recommendations:my-work")
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("recommendations:my-work")).status_code == 200, "signed in"


def test_forgot_password_for_an_unknown_address_says_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_forgot_password_needs_an_email_address(client):
    response = client.post(reverse("password_reset"), {"email": ""})
    assert error_summary(response.content.decode()) == [("#id_email", "Enter your email address")]


def test_an_invited_account_without_a_password_can_ask_for_a_link_again(client):
    user = factories.UserFactory(username="new1", email="new1@example.org")
    user.set_unusable_password()
    user.save()

    client.post(reverse("password_reset"), {"email": "new1@example.org"})

    assert len(mail.outbox) == 1


def test_a_used_or_tampered_link_says_it_does_not_work(client):
    user = factories.UserFactory(username="new1")
    link = invitation_link(user).split("8000", 1)[-1]
    user.set_password(NEW)
    user.save()

    page = client.get(link, follow=True).content.decode()

    assert "This link does not work" in page
    assert "Set password and sign in" not in page
