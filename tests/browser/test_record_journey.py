"""The official record, walked in a real browser: an update accepted after its quarter ended is in
that quarter once it closes and not in the one before; a correction changes "now" but never the
closed quarter; the admin shows the accepted update read-only; and `make run`'s set-up, run again
on the database in use, changes nothing."""

import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from recommendations.models import ProgressUpdate, Rag, Recommendation, ReportingPeriod
from tests import factories
from tests.helpers import review_path
from tracker.models import Role

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def people(transactional_db):
    call_command("loaddata", "appendix", verbosity=0)
    officer = factories.OfficerUserFactory(username="obrook", first_name="Olive", last_name="Brook")
    recommendation = Recommendation.objects.get(ref=10)
    recommendation.lead_officer = officer.officer
    recommendation.save()
    return {
        "officer": officer,
        "coordinator": factories.UserFactory(
            username="cmorgan", first_name="Colin", last_name="Morgan", role=Role.COORDINATOR
        ),
        "panel_member": factories.UserFactory(username="cllr", first_name="Cathy", last_name="Scott"),
        "admin": factories.UserFactory(
            username="ada",
            first_name="Ada",
            last_name="Admin",
            role=Role.ADMINISTRATOR,
            is_staff=True,
            is_superuser=True,
        ),
    }


@pytest.fixture
def tab(browser, live_server, sign_in):
    contexts = []

    def open_for(user):
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return sign_in(context.new_page(), user)

    yield open_for
    for context in contexts:
        context.close()


def status_and_rag(page):
    """The recommendation's own Status and RAG, as its summary list shows them."""
    rows = page.locator("main dl.govuk-summary-list").first.evaluate(
        """list => Object.fromEntries([...list.querySelectorAll(".govuk-summary-list__row")].map(
            row => [row.querySelector("dt").innerText.trim(), row.querySelector("dd").innerText.trim()]))"""
    )
    return rows["Status"], rows["RAG"]


def database_url() -> str:
    """The address of the database the live server uses, for a command run beside it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def test_the_record_stays_as_reported(people, tab, expect, assert_accessible):
    coordinator = tab(people["coordinator"])
    officer = tab(people["officer"])
    panel = tab(people["panel_member"])

    # Open 2010/11 Q3 (1 October to 31 December 2010): today is long after its last day.
    coordinator.goto(review_path("/quarters/"))
    coordinator.get_by_role("button", name="Add a quarter").click()
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Open it now").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text("2010/11 Q3 is open")
    assert_accessible(coordinator)
    q3 = ReportingPeriod.objects.get(name="2010/11 Q3")
    q2 = ReportingPeriod.objects.get(name="2010/11 Q2")

    # The officer reports In progress / Amber on recommendation 10; the coordinator accepts it.
    officer.goto(review_path("/recommendations/10/"))
    officer.get_by_role("link", name="Write this quarter's update on recommendation 10").click()
    officer.get_by_label("Progress this quarter").fill("Multi-agency training delivered to every team.")
    officer.get_by_role("radio", name="In progress").check()
    officer.get_by_role("radio", name="Amber").check()
    officer.get_by_role("button", name="Submit for review").click()
    expect(officer.locator(".govuk-notification-banner--success")).to_contain_text("was submitted")
    update = ProgressUpdate.objects.get(period=q3, recommendation__ref=10)
    coordinator.goto(f"/review/{update.pk}/")
    coordinator.get_by_role("button", name="Accept update").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text("You accepted")

    # Close Q3: its snapshot is frozen.
    coordinator.goto(review_path(f"/quarters/{q3.pk}/close/"))
    assert_accessible(coordinator)
    coordinator.get_by_role("button", name="Close 2010/11 Q3").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text("is frozen")

    # As at Q3 the update is there; as at Q2 it is not.
    panel.goto(review_path(f"/recommendations/10/?as_at={q3.pk}"))
    expect(panel.locator("#as-at-frozen")).to_contain_text("frozen when 2010/11 Q3 closed")
    assert status_and_rag(panel) == ("In progress", "Amber")
    assert_accessible(panel)
    panel.goto(review_path(f"/recommendations/10/?as_at={q2.pk}"))
    assert status_and_rag(panel) == ("Not assessed", "Not assessed")

    # The coordinator corrects the RAG, with a reason.
    coordinator.goto(f"/review/{update.pk}/")
    coordinator.get_by_role("link", name="Correct this update").click()
    assert_accessible(coordinator)
    coordinator.get_by_label("Why are you correcting it?").fill("The panel was told Red at its meeting")
    coordinator.get_by_role("radio", name="Red").check()
    coordinator.get_by_role("button", name="Save the correction").click()
    expect(coordinator.locator(".govuk-notification-banner--success")).to_contain_text("You corrected")

    # Q3 is unchanged; now shows the correction, on the timeline too.
    panel.goto(review_path(f"/recommendations/10/?as_at={q3.pk}"))
    assert status_and_rag(panel) == ("In progress", "Amber")
    panel.goto(review_path("/recommendations/10/"))
    assert status_and_rag(panel) == ("In progress", "Red")
    expect(panel.locator("#timeline")).to_contain_text("The panel was told Red at its meeting")
    assert_accessible(panel)

    # In the admin the accepted update is read-only: nothing to type into, nothing to save.
    admin = tab(people["admin"])
    admin.goto(f"/admin/recommendations/progressupdate/{update.pk}/change/")
    expect(admin.locator("#content")).to_contain_text("Multi-agency training delivered")
    expect(admin.locator("textarea, input[name='narrative']")).to_have_count(0)
    expect(admin.get_by_role("button", name="Save")).to_have_count(0)

    # make run's set-up, again, on the database in use: it loads nothing and changes nothing.
    done = subprocess.run(
        ["make", "--no-print-directory", "setup"],
        cwd=Path(settings.BASE_DIR),
        env={**os.environ, "DATABASE_URL": database_url(), "DJANGO_SETTINGS_MODULE": "tracker.settings.dev"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing loaded, nothing changed" in done.stdout
    panel.reload()
    assert status_and_rag(panel) == ("In progress", "Red")
    recommendation = Recommendation.objects.get(ref=10)
    assert (recommendation.rag, recommendation.lead_officer) == (Rag.RED, people["officer"].officer)
