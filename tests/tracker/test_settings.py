import os
import subprocess
import sys
from pathlib import Path

import pytest

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
