"""The coordinator's side of the quarter, in a real browser: open a quarter, review updates,
return one with a reason, accept it once resubmitted; assign a lead officer; close a quarter.
Every page, and every error state, is checked with axe."""

import re

import pytest

from recommendations import services
from recommendations.models import ProgressUpdate, Rag, Recommendation, ReportingPeriod, Status
from tests import factories
from tests.helpers import officer_with_account
from tracker.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.browser]


@pytest.fixture
def coordinator(transactional_db):
    return factories.UserFactory(
        username="pmorgan", first_name="Pat", last_name="Morgan", role=Role.COORDINATOR
    )


@pytest.fixture
def recommendation(transactional_db):
    """Recommendation 21, led by LH (Lynne Hughes), with its 2010/11 Q2 update accepted."""
    review = factories.ReviewFactory(name="Kirklees Safeguarding Commission")
    theme = factories.ThemeFactory(review=review, name="Assessment", position=1)
    recommendation = factories.InProgressRecommendationFactory(
        theme=theme,
        ref=21,
        text="Clarify the location of responsibility for the assessment and support of Children in Need",
        progress="An audit of Children in Need cases began in June.",
        lead_officer=officer_with_account("LH", username="lhughes", first_name="Lynne", last_name="Hughes"),
    )
    last_quarter = factories.ClosedReportingPeriodFactory(review=review)
    factories.AcceptedUpdateFactory(
        recommendation=recommendation,
        period=last_quarter,
        narrative="An audit of Children in Need cases began in June.",
        status=Status.IN_PROGRESS,
        rag=Rag.AMBER,
    )
    return recommendation


def officer_submits(recommendation, period, narrative, *, expected_version=None):
    """What the lead officer does on their update form, done through the services."""
    author = recommendation.lead_officer.user
    update = services.progress_update_save(
        recommendation=recommendation,
        action=None,
        period=period,
        by=author,
        narrative=narrative,
        status=Status.IN_PROGRESS,
        rag=Rag.GREEN,
        expected_version=expected_version,
    )
    return services.progress_update_submit(update=update, by=author)


def fill_date(page, field, day, month, year):
    page.locator(f"#id_{field}_day").fill(day)
    page.locator(f"#id_{field}_month").fill(month)
    page.locator(f"#id_{field}_year").fill(year)


def test_coordinator_opens_a_quarter_returns_an_update_and_accepts_it_once_resubmitted(
    page, expect, coordinator, recommendation, sign_in, assert_accessible, mailoutbox
):
    sign_in(page, coordinator)

    # Open the quarter, getting the deadline wrong first.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Quarters").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting quarters")
    expect(page.locator("tbody tr")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("button", name="Add a quarter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a reporting quarter")
    assert_accessible(page)
    page.get_by_label("Name").fill("2010/11 Q3")
    fill_date(page, "starts", "1", "10", "2010")
    fill_date(page, "ends", "31", "12", "2010")
    fill_date(page, "deadline", "31", "2", "2011")
    page.get_by_role("button", name="Open it now").click()

    summary = page.locator(".govuk-error-summary")
    expect(page).to_have_title("Error: Add a reporting quarter – Recommendation tracker")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Deadline must be a real date")
    expect(page.locator("#id_deadline_day")).to_have_class(re.compile(r"govuk-input--error"))
    expect(page.locator("#id_deadline_month")).not_to_have_class(re.compile(r"govuk-input--error"))
    assert_accessible(page)
    summary.get_by_role("link", name="Deadline must be a real date").click()
    expect(page.locator("#id_deadline_day")).to_be_focused()

    fill_date(page, "deadline", "14", "1", "2011")
    page.get_by_role("button", name="Open it now").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "2010/11 Q3 is open for updates"
    )
    expect(page.locator("tbody tr").first).to_contain_text("2010/11 Q3")
    expect(page.locator("tbody tr").first).to_contain_text("Open")
    assert_accessible(page)
    assert [email.to for email in mailoutbox] == [[recommendation.lead_officer.user.email]]
    quarter = ReportingPeriod.objects.get(name="2010/11 Q3")

    # The lead officer submits; the coordinator finds it in the queue and returns it.
    update = officer_submits(recommendation, quarter, "An audit of Children in Need cases finished in June.")
    page.reload()
    page.get_by_role("link", name="Review submitted updates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Updates to review")
    queued = page.locator(f"#update-{update.pk}")
    expect(queued).to_contain_text("Lynne Hughes")
    expect(queued).to_contain_text("Green")
    assert_accessible(page)

    queued.get_by_role("link", name=re.compile("Recommendation 21")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the update on recommendation 21")
    expect(page.locator("del.app-diff__deleted")).to_have_text("[deleted: began]")
    expect(page.locator("ins.app-diff__inserted")).to_have_text("[inserted: finished]")
    assert_accessible(page)

    page.get_by_role("button", name="Return update").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why the update is being returned")
    assert_accessible(page)
    page.get_by_label("Why are you returning it?").fill("Say which teams took part in the audit.")
    page.get_by_role("button", name="Return update").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You returned the 2010/11 Q3 update on recommendation 21 to Lynne Hughes"
    )
    expect(page.get_by_text("No updates are waiting for review.")).to_be_visible()
    assert_accessible(page)
    assert mailoutbox[-1].to == [recommendation.lead_officer.user.email]
    assert "Say which teams took part in the audit." in mailoutbox[-1].body

    # Resubmitted, it comes back to the queue; this time it is accepted.
    update.refresh_from_db()
    officer_submits(
        recommendation,
        quarter,
        "An audit of Children in Need cases by the Duty and Assessment teams finished in June.",
        expected_version=update.version,
    )
    page.reload()
    page.locator(f"#update-{update.pk}").get_by_role("link").click()
    expect(page.locator("ins.app-diff__inserted")).to_contain_text(["by the Duty and Assessment teams"])
    page.get_by_label("Note (optional)").fill("Teams now named.")
    page.get_by_role("button", name="Accept update").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "You accepted the 2010/11 Q3 update on recommendation 21"
    )
    recommendation.refresh_from_db()
    assert (recommendation.rag, recommendation.progress) == (
        Rag.GREEN,
        "An audit of Children in Need cases by the Duty and Assessment teams finished in June.",
    )

    # Accepted, the update reads as a record: its state and its history, no forms.
    page.goto(f"/review/{update.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Update on recommendation 21")
    expect(page.get_by_role("button", name="Accept update")).to_have_count(0)
    expect(page.locator("#history ~ ol .app-timeline__title")).to_have_text(
        [
            "Draft started",
            "Submitted for review",
            "Returned to its author",
            "Submitted for review",
            "Accepted",
        ]
    )
    assert_accessible(page)


def test_coordinator_changes_a_lead_officer_and_closes_a_quarter(
    page, expect, coordinator, recommendation, sign_in, assert_accessible
):
    chosen = officer_with_account("CP", username="cparker", first_name="Chris", last_name="Parker")
    colleague_choice = officer_with_account("EC", username="ecollins", first_name="Erin", last_name="Collins")
    quarter = factories.OpenReportingPeriodFactory(review=recommendation.review)
    waiting = officer_submits(recommendation, quarter, "An audit of Children in Need cases finished in June.")
    sign_in(page, coordinator)

    # Another coordinator assigns someone while this one is choosing.
    page.goto("/recommendations/21/")
    page.get_by_role("link", name="Change lead officer").click()
    expect(page.locator("#current-lead-officer")).to_have_text("LH (Lynne Hughes)")
    assert_accessible(page)
    services.recommendation_assign_lead_officer(
        recommendation=recommendation,
        officer=colleague_choice,
        by=factories.UserFactory(role=Role.COORDINATOR, first_name="Sam", last_name="Jones"),
    )
    page.get_by_label("Who leads this recommendation?").select_option(label="CP (Chris Parker)")
    page.get_by_role("button", name="Save lead officer").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Sam Jones changed recommendation 21 while you were choosing: "
        "its lead officer is now EC (Erin Collins)."
    )
    expect(page.locator("#current-lead-officer")).to_have_text("EC (Erin Collins)")
    expect(page.get_by_label("Who leads this recommendation?")).to_have_value(str(chosen.pk))
    assert_accessible(page)
    page.get_by_role("button", name="Save lead officer").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "CP (Chris Parker) now leads recommendation 21."
    )
    expect(page.locator("#lead-officer")).to_have_text("CP")
    assert Recommendation.objects.get(pk=recommendation.pk).lead_officer.name == "CP"

    # Closing is refused while an update waits, then allowed.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Quarters").click()
    page.get_by_role("link", name="Close 2010/11 Q3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close 2010/11 Q3")
    assert_accessible(page)
    page.get_by_role("button", name="Close 2010/11 Q3").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Accept or return the 1 submitted update before closing 2010/11 Q3."
    )
    assert_accessible(page)
    services.progress_update_accept(update=waiting, by=coordinator)
    page.get_by_role("button", name="Close 2010/11 Q3").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("2010/11 Q3 is closed")
    assert ReportingPeriod.objects.get(pk=quarter.pk).state == ReportingPeriod.State.CLOSED
    assert ProgressUpdate.objects.get(pk=waiting.pk).state == ProgressUpdate.State.ACCEPTED
