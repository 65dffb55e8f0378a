"""`make loadtest` keeps working: a few seconds of it, against gunicorn on PostgreSQL, with no
error and every update saved once (bench/loadtest.py checks the database and exits 1 otherwise)."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.postgres
def test_a_short_load_test_runs_without_errors_or_lost_updates(db):
    database = connection.settings_dict
    host, port = database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    name = f"{database['NAME']}_loadtest"
    environ = {
        **os.environ,
        "LOADTEST_SECONDS": "3",
        "LOADTEST_USERS": "2",
        "LOADTEST_WORKERS": "1",
        "LOADTEST_DATABASE_URL": f"postgres://{database['USER']}@{host}:{port}/{name}",
    }

    try:
        run = subprocess.run(
            [sys.executable, "bench/loadtest.py"],
            cwd=ROOT,
            env=environ,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        link = psycopg2.connect(host=host, port=port, user=database["USER"], dbname="postgres")
        link.autocommit = True  # DROP DATABASE runs outside a transaction
        with link.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        link.close()

    assert run.returncode == 0, run.stdout + run.stderr
    assert "none lost or duplicated" in run.stdout
    assert "update saved" in run.stdout
