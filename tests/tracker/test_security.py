"""What docs/security.md promises: sign-in throttling and its log, browser security headers,
responses never cached, and sessions that end when idle or too old (keeping what was typed)."""

import json
import logging
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from recommendations import services
from recommendations.models import ProgressUpdate, Rag, Status
from tests import factories
from tests.helpers import parse, review_url
from tracker.logs import JsonFormatter
from tracker.models import Role, User
from tracker.security import LAST_SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
PASSWORD = "correct horse battery staple"  # tests.factories.UserFactory's


def security_events(caplog) -> list[dict]:
    return [record.security for record in caplog.records if record.name == "tracker.security"]


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


# Sign-in throttling -------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_out_from_that_address_even_with_the_right_one(
    client, settings
):
    user = factories.UserFactory(username="lhughes")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "lhughes", "wrong").status_code == 200
    locked = sign_in(client, "lhughes", "wrong")
    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert "paused for 30 minutes" in " ".join(locked.content.decode().split())

    right = sign_in(client, "lhughes", PASSWORD)

    assert right.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by someone else's guessing.
    assert sign_in(client, "lhughes", PASSWORD, address="198.51.100.2").status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_an_administrator_lifts_a_lockout(client, settings):
    factories.UserFactory(username="lhughes")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lhughes", "wrong")
    assert sign_in(client, "lhughes", PASSWORD).status_code == 429

    call_command("axes_reset_username", "lhughes", verbosity=0)

    assert sign_in(client, "lhughes", PASSWORD).status_code == 302


def test_the_administrator_sees_attempts_in_the_admin(client, admin_user_, settings):
    factories.UserFactory(username="lhughes")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lhughes", "wrong")
    client.force_login(admin_user_)
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "lhughes" in page


def test_a_success_resets_the_count_of_failures(client, settings):
    factories.UserFactory(username="lhughes")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "lhughes", "wrong")
    assert sign_in(client, "lhughes", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "lhughes", "wrong").status_code == 200
    assert sign_in(client, "lhughes", PASSWORD).status_code == 302


# The security log ---------------------------------------------------------------------------


def test_sign_in_failures_lockouts_and_successes_are_logged_with_who_when_and_where(client, caplog, settings):
    caplog.set_level(logging.INFO, logger="tracker.security")
    factories.UserFactory(username="lhughes")
    sign_in(client, "lhughes", "wrong")
    sign_in(client, "lhughes", PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lhughes", "wrong", address="198.51.100.9")

    events = security_events(caplog)
    names = [event["event"] for event in events]
    assert names[:2] == ["sign_in_failed", "sign_in_succeeded"]
    assert "account_locked_out" in names
    failed = events[0]
    assert failed["username"] == "lhughes"
    assert failed["ip"] == "203.0.113.7"
    assert failed["at"].endswith("+00:00")  # UTC
    locked = next(event for event in events if event["event"] == "account_locked_out")
    assert locked["ip"] == "198.51.100.9"
    assert "wrong" not in json.dumps(events)
    assert PASSWORD not in json.dumps(events)


def test_a_refused_request_is_logged(panel_member_client, panel_member_user, caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    response = panel_member_client.post(review_url("recommendations:period-open"), {})
    assert response.status_code == 403
    refused = [event for event in security_events(caplog) if event["event"] == "request_refused"]
    assert refused == [
        {
            "event": "request_refused",
            "at": refused[0]["at"],
            "by": panel_member_user.username,
            "ip": "127.0.0.1",
            "path": review_url("recommendations:period-open"),
            "method": "POST",
        }
    ]


def test_role_and_password_changes_are_logged_with_who_made_them(client, admin_user_, caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    officer = factories.UserFactory(username="kscott", role=Role.LEAD_OFFICER)
    client.force_login(admin_user_)
    change = reverse("admin:tracker_user_change", args=[officer.pk])
    page = parse(client.get(change))
    data = {
        field.attrs["name"]: field.attrs.get("value", "")
        for field in page.find_all("input")
        if field.attrs.get("name") and field.attrs.get("type") not in {"checkbox", "submit"}
    }
    data.update(role=Role.COORDINATOR, is_active="on")
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.post(
        reverse("admin:auth_user_password_change", args=[officer.pk]),
        {
            "password1": "a new long passphrase",
            "password2": "a new long passphrase",
            "usable_password": "true",
        },
    )

    events = {event["event"]: event for event in security_events(caplog)}
    assert events["role_changed"]["username"] == "kscott"
    assert events["role_changed"]["by"] == admin_user_.username
    assert (events["role_changed"]["role_before"], events["role_changed"]["role_after"]) == (
        Role.LEAD_OFFICER,
        Role.COORDINATOR,
    )
    assert events["password_changed"]["username"] == "kscott"
    assert events["password_changed"]["by"] == admin_user_.username
    assert User.objects.get(pk=officer.pk).check_password("a new long passphrase")


def test_log_lines_are_json_with_the_request_id(client, caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    factories.UserFactory(username="lhughes")
    response = client.post(
        LOGIN, {"username": "lhughes", "password": "wrong"}, headers={"X-Request-ID": "req-42"}
    )
    assert response.headers["X-Request-ID"] == "req-42"
    record = next(record for record in caplog.records if record.name == "tracker.security")
    # The id is read while the request runs: format the record as the handler did.
    line = json.loads(caplog.text and JsonFormatter().format(record))
    assert line["event"] == "sign_in_failed"
    assert line["logger"] == "tracker.security"
    assert line["time"].endswith("+00:00")


def test_a_request_id_that_is_not_an_id_is_replaced(client):
    response = client.get(LOGIN, headers={"X-Request-ID": "evil\nheader injection"})
    assert response.headers["X-Request-ID"] != "evil\nheader injection"
    assert len(response.headers["X-Request-ID"]) == 32


# Browser security headers -------------------------------------------------------------------


def test_pages_carry_a_strict_content_security_policy_with_a_nonce_on_every_inline_script(officer_client):
    response = officer_client.get(reverse("recommendations:my-work"))
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response.headers["Content-Security-Policy"].split(";")
    )
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    nonce = policy["script-src"].split("'nonce-")[1].rstrip("'")
    # GOV.UK Frontend starts from static/js/application.js: the one inline script is its class switch.
    inline = [script for script in parse(response).find_all("script") if not script.attrs.get("src")]
    assert len(inline) == 1, "only the js-enabled class is set inline; the rest is static/js"
    assert all(script.attrs.get("nonce") == nonce for script in inline)
    assert (
        officer_client.get(reverse("recommendations:my-work")).headers["Content-Security-Policy"]
        != (response.headers["Content-Security-Policy"])
    )  # a new nonce each time


def test_pages_carry_a_permissions_policy_and_other_headers(client):
    response = client.get(LOGIN)
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_signed_in_pages_are_never_stored(officer_client):
    response = officer_client.get(reverse("recommendations:my-work"))
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]


def test_evidence_downloads_are_never_stored(officer_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    period = factories.OpenReportingPeriodFactory()
    update = factories.ProgressUpdateFactory(period=period, recommendation__review=period.review)
    services.progress_update_save(
        recommendation=update.recommendation,
        action=update.action,
        period=update.period,
        by=update.author,
        narrative="Audited.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
        revised_timescale="",
        evidence_links="",
        evidence_files=[SimpleUploadedFile("audit.pdf", b"%PDF-1.4 x", content_type="application/pdf")],
        expected_version=update.version,
    )
    update.refresh_from_db()
    # Submitted: a draft's evidence is only its writer's (tests/recommendations/test_drafts.py).
    services.progress_update_submit(update=update, by=update.author, expected_version=update.version)
    evidence = update.evidence_files.get()
    response = officer_client.get(reverse("recommendations:evidence-download", args=[evidence.pk]))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_static_files_stay_cacheable(client):
    response = client.get("/static/css/application.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


# Sessions -----------------------------------------------------------------------------------


def age_session(client, *, idle: int = 0, since_sign_in: int = 0) -> None:
    """Move the session's clock back by seconds."""
    session = client.session
    session[LAST_SEEN_AT] -= idle
    session[SIGNED_IN_AT] -= since_sign_in
    session.save()


def test_a_session_idle_for_longer_than_the_timeout_is_ended(officer_client, settings, caplog):
    caplog.set_level(logging.INFO, logger="tracker.security")
    my_work = reverse("recommendations:my-work")
    assert officer_client.get(my_work).status_code == 200
    age_session(officer_client, idle=settings.SESSION_IDLE_SECONDS - 120)
    assert officer_client.get(my_work).status_code == 200  # not yet
    age_session(officer_client, idle=settings.SESSION_IDLE_SECONDS + 1)

    response = officer_client.get(my_work)

    assert response.status_code == 302
    assert response.url.startswith(LOGIN)
    assert "_auth_user_id" not in officer_client.session
    assert any(event["event"] == "session_expired" for event in security_events(caplog))


def test_a_session_in_use_ends_after_its_absolute_lifetime(officer_client, settings):
    my_work = reverse("recommendations:my-work")
    assert officer_client.get(my_work).status_code == 200
    age_session(officer_client, since_sign_in=settings.SESSION_ABSOLUTE_SECONDS + 1)
    response = officer_client.get(my_work)
    assert response.status_code == 302
    assert "_auth_user_id" not in officer_client.session


def test_idle_timeout_and_lifetime_come_from_the_environment(settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == settings.SESSION_ABSOLUTE_SECONDS


def test_text_typed_when_the_session_timed_out_comes_back_after_signing_in_again(client, settings):
    officer = factories.OfficerUserFactory()
    recommendation = factories.RecommendationFactory(ref=10, lead_officer=officer.officer)
    factories.OpenReportingPeriodFactory(review=recommendation.review)
    url = review_url("recommendations:recommendation-update", kwargs={"ref": 10})
    assert sign_in(client, officer.username, PASSWORD).status_code == 302
    age_session(client, idle=settings.SESSION_IDLE_SECONDS + 1)

    typed = {
        "narrative": "Two hours of careful words.",
        "status": "in_progress",
        "rag": "green",
        "version": "0",
    }
    timed_out = client.post(url, {**typed, "intent": "draft"})

    assert timed_out.status_code == 302
    assert timed_out.url.startswith(LOGIN)
    assert sign_in(client, officer.username, PASSWORD).status_code == 302
    page = client.get(url).content.decode()
    assert "Your session ended before your changes were saved" in page
    assert "Two hours of careful words." in page
    assert not ProgressUpdate.objects.exists()


def test_password_resets_are_logged_with_the_accounts_they_matched_and_the_link_used(
    client, caplog, mailoutbox
):
    caplog.set_level(logging.INFO, logger="tracker.security")
    factories.UserFactory(username="lhughes", email="lh@example.org")

    client.post(reverse("password_reset"), {"email": "LH@example.org"}, REMOTE_ADDR="203.0.113.7")
    client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    link = next(line for line in mailoutbox[0].body.split() if "/accounts/password/set/" in line)
    form = client.get(urlsplit(link).path, follow=True)
    new = "a new long phrase 7"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    events = security_events(caplog)
    asked = [event for event in events if event["event"] == "password_reset_asked"]
    assert [(event["accounts"], event["ip"]) for event in asked] == [
        (["lhughes"], "203.0.113.7"),
        ([], "127.0.0.1"),
    ]
    assert [event["username"] for event in events if event["event"] == "password_set_by_link"] == ["lhughes"]
    assert "password_changed" in [event["event"] for event in events]
    assert new not in json.dumps(events)


def test_an_administrator_lifting_a_lockout_is_logged(client, caplog, settings):
    caplog.set_level(logging.INFO, logger="tracker.security")
    factories.UserFactory(username="lhughes")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "lhughes", "wrong")

    call_command("axes_reset_username", "lhughes", verbosity=0)

    (lifted,) = [event for event in security_events(caplog) if event["event"] == "lockout_lifted"]
    assert (lifted["username"], lifted["ip"]) == ("lhughes", "203.0.113.7")
    assert lifted["by"] == "a command on the server"
