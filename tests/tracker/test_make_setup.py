"""`make run`'s set-up, run the way a person runs it: twice, around real use of the service."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

ACCEPT_AN_UPDATE = """
import datetime
from recommendations import services
from recommendations.models import Recommendation, Review, Status, Rag
from tracker.models import User, Role
review = Review.objects.get()
coordinator = User.objects.get(username="coordinator")
officer = User.objects.get(username="officer")
recommendation = Recommendation.objects.get(ref=10)
services.recommendation_assign_lead_officer(
    recommendation=recommendation, officer=officer.officer, by=coordinator
)
q3 = services.reporting_period_open(review=review, name="2010/11 Q3", starts=datetime.date(2010, 10, 1),
    ends=datetime.date(2010, 12, 31), deadline=datetime.date(2011, 1, 14), by=coordinator)
update = services.progress_update_save(recommendation=recommendation, action=None, period=q3, by=officer,
    narrative="Multi-agency training delivered.", status=Status.IN_PROGRESS, rag=Rag.AMBER)
update = services.progress_update_submit(update=update, by=officer)
services.progress_update_accept(update=update, by=coordinator)
"""

READ_BACK = """
SELECT recommendation.status, recommendation.rag, officer.name, progress.state
FROM recommendations_recommendation AS recommendation
JOIN recommendations_officer AS officer ON officer.id = recommendation.lead_officer_id
JOIN recommendations_progressupdate AS progress ON progress.recommendation_id = recommendation.id
JOIN recommendations_reportingperiod AS period ON period.id = progress.period_id
WHERE recommendation.ref = 10 AND period.name = '2010/11 Q3'
"""


def read_back(database) -> tuple:
    """Recommendation 10 and its 2010/11 Q3 update, read straight from the database file."""
    with closing(sqlite3.connect(database)) as db:
        return db.execute(READ_BACK).fetchone()


def run(command, env):
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_make_setup_twice_around_an_accepted_update_changes_nothing(tmp_path):
    database = tmp_path / "in-use.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "tracker.settings.dev",
    }
    first = run(["make", "--no-print-directory", "setup"], env)
    assert "Loaded the seed: 1 review(s), 54 recommendations" in first
    run([sys.executable, "manage.py", "shell", "--no-imports", "-c", ACCEPT_AN_UPDATE], env)
    before = read_back(database)

    again = run(["make", "--no-print-directory", "setup"], env)

    assert "nothing loaded, nothing changed" in again
    assert read_back(database) == before == ("in_progress", "amber", "KSCB manager", "accepted")
