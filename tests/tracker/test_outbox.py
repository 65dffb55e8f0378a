"""The email queue: a request only adds rows; the worker sends them, tries again, gives up."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.utils import timezone

from tracker.models import QueuedEmail
from tracker.outbox import MOST_ATTEMPTS, header_safe, queue, send_queued

pytestmark = pytest.mark.django_db


def message(subject="Update submitted", to=("coordinator@example.org",)):
    return EmailMessage(subject, "Body & more", "tracker@example.org", list(to))


def test_queueing_sends_nothing_until_the_worker_runs():
    assert queue([message()]) == 1
    assert mail.outbox == []
    assert QueuedEmail.objects.get().state == QueuedEmail.State.WAITING

    call_command("send_queued_email", verbosity=0)

    assert [email.subject for email in mail.outbox] == ["Update submitted"]
    assert mail.outbox[0].body == "Body & more"
    sent = QueuedEmail.objects.get()
    assert (sent.state, sent.attempts) == (QueuedEmail.State.SENT, 1)
    call_command("send_queued_email", verbosity=0)
    assert len(mail.outbox) == 1  # never sent twice


def test_a_failed_send_is_tried_again_later_then_given_up_and_shown_as_failed(settings):
    settings.EMAIL_BACKEND = "tests.helpers.RefusingEmailBackend"
    queue([message()])
    now = timezone.now()
    for attempt in range(1, MOST_ATTEMPTS + 1):
        assert send_queued(now=now) == (0, 1)
        email = QueuedEmail.objects.get()
        assert email.attempts == attempt
        assert "Connection refused" in email.last_error
        assert send_queued(now=now) == (0, 0)  # not again until its next try is due
        now = email.next_attempt_at + datetime.timedelta(seconds=1)
    assert QueuedEmail.objects.get().state == QueuedEmail.State.FAILED
    assert list(QueuedEmail.objects.failed()) == [QueuedEmail.objects.get()]
    assert send_queued(now=now + datetime.timedelta(days=30)) == (0, 0)


def test_an_email_that_failed_once_goes_when_the_server_is_back(settings):
    settings.EMAIL_BACKEND = "tests.helpers.RefusingEmailBackend"
    queue([message()])
    send_queued()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    later = QueuedEmail.objects.get().next_attempt_at + datetime.timedelta(seconds=1)
    assert send_queued(now=later) == (1, 0)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("subject", "safe"),
    [
        ("2010/11\nQ3 is open", "2010/11 Q3 is open"),
        ("Q3\r\nBcc: everyone@example.org", "Q3 Bcc: everyone@example.org"),
        ("Q3\x0b\x00\u2028now  open", "Q3 now open"),
    ],
)
def test_a_subject_is_always_one_header_line(subject, safe):
    assert header_safe(subject) == safe
    queue([message(subject=subject)])
    call_command("send_queued_email", verbosity=0)
    assert mail.outbox[0].subject == safe
    assert mail.outbox[0].message()["Bcc"] is None


def test_an_email_with_no_recipients_is_not_queued():
    assert queue([message(to=()), None]) == 0
    assert not QueuedEmail.objects.exists()


def test_the_administrator_sees_failed_emails_and_tries_them_again(client, admin_user_, settings):
    from django.urls import reverse

    settings.EMAIL_BACKEND = "tests.helpers.RefusingEmailBackend"
    queue([message(subject="Your update was returned")])
    for day in range(MOST_ATTEMPTS):
        send_queued(now=timezone.now() + datetime.timedelta(days=day))
    client.force_login(admin_user_)
    listing = client.get(reverse("admin:tracker_queuedemail_changelist"), {"state": "failed"})
    assert "Your update was returned" in listing.content.decode()

    email = QueuedEmail.objects.get()
    client.post(
        reverse("admin:tracker_queuedemail_changelist"),
        {"action": "try_again", "_selected_action": [email.pk]},
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_queued() == (1, 0)
