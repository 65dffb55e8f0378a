"""`manage.py send_reminders`: once per quarter, from a week before the deadline, to officers
with items still lacking a submitted or accepted update, linking straight to each update form."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from recommendations.management.commands.send_reminders import Command
from recommendations.models import ReportingPeriod
from tests import factories
from tests.helpers import review_url
from tracker.models import Role

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2011, 1, 14)


def send_reminders(*args):
    """Run the command as a commit would (emails go once its transaction commits); what it printed."""
    out = StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def officer(name, *, account=True):
    user = factories.UserFactory(username=name, email=f"{name}@example.org", role=Role.LEAD_OFFICER)
    return factories.OfficerFactory(name=name, user=user if account else None)


@pytest.fixture
def review():
    return factories.ReviewFactory()


@pytest.fixture
def period(review):
    return factories.ReportingPeriodFactory(
        review=review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=DEADLINE,
        state=ReportingPeriod.State.OPEN,
    )


@pytest.fixture
def theme(review):
    return factories.ThemeFactory(review=review)


@pytest.fixture
def behind(theme, period):
    """An officer with recommendation 1 not started and action 1 of recommendation 2 in draft."""
    lead = officer("behind")
    factories.RecommendationFactory(theme=theme, ref=1, lead_officer=lead)
    action = factories.ProposedActionFactory(
        recommendation=factories.RecommendationFactory(theme=theme, ref=2), position=1
    )
    action.lead_officers.add(lead)
    factories.DraftUpdateFactory(recommendation=action.recommendation, action=action, period=period)
    factories.CompletedRecommendationFactory(theme=theme, ref=3, lead_officer=lead)  # needs no update
    return lead


@pytest.fixture
def up_to_date(theme, period):
    """An officer whose updates are all submitted or accepted."""
    lead = officer("uptodate")
    for ref, update_factory in [(4, factories.SubmittedUpdateFactory), (5, factories.AcceptedUpdateFactory)]:
        recommendation = factories.RecommendationFactory(theme=theme, ref=ref, lead_officer=lead)
        update_factory(recommendation=recommendation, period=period)
    return lead


@pytest.fixture
def without_account(theme, period):
    lead = officer("noaccount", account=False)
    factories.RecommendationFactory(theme=theme, ref=6, lead_officer=lead)
    return lead


def test_reminds_officers_of_items_lacking_an_update_with_a_link_to_each_form(
    period, behind, up_to_date, without_account, mailoutbox
):
    printed = send_reminders("--date", "2011-01-10")

    assert printed == "1 reminder email sent for 10 January 2011.\n"
    assert len(mailoutbox) == 1
    email = mailoutbox[0]
    assert email.to == ["behind@example.org"]
    assert email.subject == "Reminder: 2010/11 Q3 updates are due by 14 January 2011"
    recommendation_form = review_url("recommendations:recommendation-update", kwargs={"ref": 1})
    action_form = review_url("recommendations:action-update", kwargs={"ref": 2, "position": 1})
    assert f"- Recommendation 1: http://127.0.0.1:8000{recommendation_form}" in email.body
    assert f"- Recommendation 2, action 1: http://127.0.0.1:8000{action_form}" in email.body
    assert "Recommendation 3" not in email.body  # completed: nothing due
    period.refresh_from_db()
    assert period.reminders_sent_at is not None


def test_officers_whose_updates_are_all_submitted_or_accepted_are_not_reminded(
    period, up_to_date, mailoutbox
):
    printed = send_reminders("--date", "2011-01-10")

    assert printed == "0 reminder emails sent for 10 January 2011.\n"
    assert mailoutbox == []


def test_a_returned_update_is_still_outstanding(period, theme, mailoutbox):
    lead = officer("returned")
    recommendation = factories.RecommendationFactory(theme=theme, ref=7, lead_officer=lead)
    factories.ReturnedUpdateFactory(recommendation=recommendation, period=period)

    send_reminders("--date", "2011-01-10")

    assert [email.to for email in mailoutbox] == [["returned@example.org"]]


def test_reminders_go_only_once_per_quarter(period, behind, mailoutbox):
    send_reminders("--date", "2011-01-08")
    printed = send_reminders("--date", "2011-01-12")

    assert printed == "0 reminder emails sent for 12 January 2011.\n"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("day", "emails"),
    [
        ("2010-12-20", 0),  # weeks before
        ("2011-01-06", 0),  # eight days before
        ("2011-01-07", 1),  # a week before
        ("2011-01-14", 1),  # the deadline day
        ("2011-01-15", 0),  # after the deadline
    ],
)
def test_reminders_go_only_from_a_week_before_the_deadline_to_the_deadline(
    period, behind, mailoutbox, day, emails
):
    send_reminders("--date", day)

    assert len(mailoutbox) == emails
    period.refresh_from_db()
    assert (period.reminders_sent_at is not None) == bool(emails)


def test_a_day_too_early_does_not_use_up_the_quarters_reminder(period, behind, mailoutbox):
    send_reminders("--date", "2011-01-01")
    send_reminders("--date", "2011-01-07")

    assert len(mailoutbox) == 1


def test_closed_quarters_and_quarters_without_a_deadline_send_nothing(review, theme, mailoutbox):
    factories.RecommendationFactory(theme=theme, ref=1, lead_officer=officer("someone"))
    factories.ReportingPeriodFactory(
        review=review,
        name="2010/11 Q2",
        starts=datetime.date(2010, 7, 1),
        ends=datetime.date(2010, 9, 30),
        deadline=DEADLINE,
        state=ReportingPeriod.State.CLOSED,
    )
    factories.ReportingPeriodFactory(
        review=review,
        name="2010/11 Q3",
        starts=datetime.date(2010, 10, 1),
        ends=datetime.date(2010, 12, 31),
        deadline=None,
        state=ReportingPeriod.State.OPEN,
    )

    assert send_reminders("--date", "2011-01-10") == "0 reminder emails sent for 10 January 2011.\n"
    assert mailoutbox == []


def test_the_day_defaults_to_today(period, behind, mailoutbox):
    today = timezone.localdate()
    period.deadline = today + datetime.timedelta(days=3)
    period.save()

    printed = send_reminders()

    assert printed == f"1 reminder email sent for {today:%-d %B %Y}.\n"
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("day", ["10/01/2011", "2011-02-30", "tomorrow"])
def test_a_date_not_written_yyyy_mm_dd_is_a_clear_error(period, behind, mailoutbox, day):
    with pytest.raises(CommandError, match="--date must be a day written YYYY-MM-DD"):
        send_reminders("--date", day)

    assert mailoutbox == []


def test_the_help_says_when_to_run_it_and_what_it_sends():
    help_text = " ".join(Command().create_parser("manage.py", "send_reminders").format_help().split())

    assert "Run it every day (from cron" in help_text
    assert "once per quarter" in help_text
    assert "from a week before the quarter's deadline up to the deadline day" in help_text
    assert "--date YYYY-MM-DD" in help_text
