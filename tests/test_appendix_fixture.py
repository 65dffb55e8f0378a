"""The module-wide `appendix` fixture cannot leak: a test that did not ask for it sees an empty
database even when it runs right after tests that had it, and a module mixing the two is refused.

Each case runs a small pytest session of its own, in order and on SQLite in memory (so it never
touches the database of the run that starts it), with this project's conftest.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CONFTEST = """
from tests.conftest import *  # noqa: F403 - the project's fixtures and hooks, as they are
"""

WITH_THE_APPENDIX = """
import pytest

from recommendations.models import Recommendation, Review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("appendix")]


def test_a_first_test_sees_the_appendix_and_writes_a_review():
    assert Recommendation.objects.count() == 54
    Review.objects.create(name="Written by the first test", slug="written")


def test_b_the_next_test_sees_the_appendix_but_not_that_write():
    assert Recommendation.objects.count() == 54
    assert not Review.objects.filter(slug="written").exists()
"""

WITHOUT_THE_APPENDIX = """
import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db


def test_c_a_later_test_without_the_appendix_sees_an_empty_database():
    rows = {
        model._meta.label: model.objects.count()
        for app in ("tracker", "recommendations", "panels")
        for model in apps.get_app_config(app).get_models()
    }
    assert set(rows.values()) == {0}, {label: count for label, count in rows.items() if count}
"""

MIXED = """
import pytest

pytestmark = pytest.mark.django_db


def test_with_the_appendix(appendix):
    pass


def test_without_the_appendix():
    pass
"""


def run_pytest(directory: Path, *args: str) -> subprocess.CompletedProcess:
    """pytest in `directory`, in one process (no xdist), on SQLite, with no CI flags; the tables
    are made from the models (the migrations hold no data steps), which is quicker."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DATABASE_URL", "REQUIRE_POSTGRES", "FAIL_ON_SKIP", "PYTEST_ADDOPTS"}
        and not name.startswith("PYTEST_XDIST")
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "tracker.settings.test",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")])),
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "--nomigrations",
            "-v",
            *args,
        ],
        cwd=directory,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def session_directory(tmp_path):
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "pytest.ini").write_text("[pytest]\naddopts = --strict-markers\n")
    return tmp_path


def test_a_test_without_the_appendix_sees_an_empty_database_after_tests_with_it(session_directory):
    (session_directory / "test_a_with_the_appendix.py").write_text(WITH_THE_APPENDIX)
    (session_directory / "test_b_without_the_appendix.py").write_text(WITHOUT_THE_APPENDIX)

    result = run_pytest(session_directory)

    assert result.returncode == 0, result.stdout + result.stderr
    ran = [line.split(" ")[0] for line in result.stdout.splitlines() if " PASSED" in line]
    assert ran == [
        "test_a_with_the_appendix.py::test_a_first_test_sees_the_appendix_and_writes_a_review",
        "test_a_with_the_appendix.py::test_b_the_next_test_sees_the_appendix_but_not_that_write",
        "test_b_without_the_appendix.py::test_c_a_later_test_without_the_appendix_sees_an_empty_database",
    ]


def test_a_module_mixing_tests_with_and_without_the_appendix_is_refused(session_directory):
    (session_directory / "test_mixed.py").write_text(MIXED)

    result = run_pytest(session_directory, "--collect-only")

    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "test_mixed.py loads the appendix once for all its tests" in result.stderr
    assert "test_without_the_appendix" in result.stderr
