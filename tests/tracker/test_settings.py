import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def load_settings(module, **env):
    """Import a settings module in a fresh interpreter; return (exit code, stderr)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL"}}
    environ.update(env, DJANGO_SETTINGS_MODULE=module)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    return result


def test_production_refuses_to_start_with_debug_on():
    result = load_settings("tracker.settings.production", DEBUG="1", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DEBUG must be off in production" in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = load_settings("tracker.settings.production")
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_starts_with_a_secret_key_a_site_url_and_debug_off():
    result = load_settings(
        "tracker.settings.production", SECRET_KEY="x" * 50, SITE_URL="https://tracker.example"
    )
    assert result.returncode == 0, result.stderr


def test_sqlite_is_the_default_database():
    result = load_settings("tracker.settings.dev")
    assert result.stdout.strip() == "django.db.backends.sqlite3"


@pytest.mark.parametrize("url", ["postgres://someone@db.example:5432/tracker"])
def test_database_url_selects_postgresql(url):
    result = load_settings("tracker.settings.dev", DATABASE_URL=url)
    assert result.stdout.strip() == "django.db.backends.postgresql"


def database_options(url):
    """The default database's connection OPTIONS for a DATABASE_URL, read in a fresh interpreter."""
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="tracker.settings.dev")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS'].get('options', ''))",
        ],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_postgresql_connections_turn_jit_off_keeping_the_urls_own_options():
    assert database_options("postgres://someone@db.example:5432/tracker") == "-c jit=off"
    with_timeout = "postgres://someone@db.example:5432/tracker?options=-c%20statement_timeout%3D5000"
    assert database_options(with_timeout) == "-c statement_timeout=5000 -c jit=off"


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_apps_postgresql_connection_has_jit_off():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
