"""Production settings: refuse to start without what they need; `check --deploy` is clean; the
health check answers without signing in."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "a-production-secret-key-of-sufficient-length-and-randomness-0123456789",
    "SITE_URL": "https://tracker.example.gov.uk",
    "ALLOWED_HOSTS": "tracker.example.gov.uk",
}


def run_in_production(code: str, **env):
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "SITE_URL", "DATABASE_URL"}
    }
    environ.update(env, DJANGO_SETTINGS_MODULE="tracker.settings.production")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True, check=False
    )


SETTINGS_AS_JSON = (
    "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({"
    "'hsts': s.SECURE_HSTS_SECONDS, 'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS,"
    "'preload': s.SECURE_HSTS_PRELOAD, 'session_cookie': s.SESSION_COOKIE_NAME,"
    "'csrf_cookie': s.CSRF_COOKIE_NAME, 'secure': [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],"
    "'httponly': s.SESSION_COOKIE_HTTPONLY, 'samesite': s.SESSION_COOKIE_SAMESITE,"
    "'email': [s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, s.EMAIL_USE_TLS], 'site': s.SITE_URL}))"
)


def test_production_refuses_to_start_without_a_site_url():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = run_in_production("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "Set the SITE_URL environment variable" in result.stderr


def test_production_cookies_hsts_and_mail_server_come_out_as_promised():
    result = run_in_production(
        SETTINGS_AS_JSON,
        **PRODUCTION_ENV,
        EMAIL_HOST="smtp.example.gov.uk",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="tracker",
        EMAIL_HOST_PASSWORD="not-in-the-repo",
        EMAIL_USE_TLS="1",
    )
    assert result.returncode == 0, result.stderr
    production = json.loads(result.stdout)
    assert production == {
        "hsts": 31_536_000,
        "subdomains": True,
        "preload": False,
        "session_cookie": "__Host-sessionid",
        "csrf_cookie": "__Host-csrftoken",
        "secure": [True, True],
        "httponly": True,
        "samesite": "Lax",
        "email": ["smtp.example.gov.uk", 587, "tracker", True],
        "site": "https://tracker.example.gov.uk",
    }


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}},
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_the_health_check_answers_without_signing_in_and_without_a_session(client):
    response = client.get(reverse("health-check"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "email_failed": 0,
        "email_waiting_over_an_hour": 0,
    }
    assert "sessionid" not in response.cookies
    assert "no-cache" in response.headers["Cache-Control"] or "no-store" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_the_health_check_says_503_when_the_database_does_not_answer(client, monkeypatch):
    from tracker import views

    class BrokenCursor:
        def __enter__(self):
            raise DatabaseError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(views.connection, "cursor", lambda: BrokenCursor())
    response = client.get(reverse("health-check"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unavailable"}


@pytest.mark.django_db
def test_the_health_check_counts_emails_failed_and_waiting_too_long(client):
    from tracker.models import QueuedEmail

    an_hour_and_more = timezone.now() - datetime.timedelta(hours=2)
    QueuedEmail.objects.create(
        subject="a", body="", from_email="t@x", to=["a@x"], next_attempt_at=an_hour_and_more
    )
    QueuedEmail.objects.create(
        subject="b", body="", from_email="t@x", to=["a@x"], next_attempt_at=timezone.now()
    )
    QueuedEmail.objects.create(
        subject="c", body="", from_email="t@x", to=["a@x"], next_attempt_at=timezone.now(), state="failed"
    )
    answer = client.get(reverse("health-check")).json()
    assert (answer["email_failed"], answer["email_waiting_over_an_hour"]) == (1, 1)


@pytest.mark.django_db
def test_the_health_check_refuses_posts(client):
    assert client.post(reverse("health-check")).status_code == 405
