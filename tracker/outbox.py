"""Email through a queue in the database: `queue` in the request, `send_queued` in the worker.

A request (opening a quarter, submitting an update) only adds rows; `manage.py send_queued_email`
(the worker: docs/operations.md) sends them over SMTP. A failed send is tried again after 1, 4,
16, 64 minutes; after `MOST_ATTEMPTS` it is marked failed, logged, and listed for the
administrator (admin "Queued emails", and /healthz's `email` count). Several workers may run at
once: on PostgreSQL each takes rows no other holds (SKIP LOCKED).
"""

import datetime
import logging

from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.utils import timezone

from .models import QueuedEmail

logger = logging.getLogger(__name__)

MOST_ATTEMPTS = 5
BATCH = 50


def header_safe(text: str) -> str:
    """Text made fit for one email header line: every run of whitespace and control characters
    becomes one space."""
    cleaned = "".join(character if character.isprintable() else " " for character in text)
    return " ".join(cleaned.split())


def queue(messages: list[EmailMessage]) -> int:
    """Keep prepared emails to be sent by the worker; how many were queued."""
    now = timezone.now()
    rows = [
        QueuedEmail(
            subject=header_safe(message.subject)[:255],
            body=message.body.strip(),  # as every text the tracker keeps
            from_email=message.from_email,
            to="\n".join(header_safe(address) for address in message.to),
            next_attempt_at=now,
        )
        for message in messages
        if message is not None and message.to
    ]
    QueuedEmail.objects.bulk_create(rows)
    return len(rows)


def send_queued(*, now: datetime.datetime | None = None, batch: int = BATCH) -> tuple[int, int]:
    """Send the emails that are due; (sent, failed for now). Each email is sent and marked in its
    own transaction, holding its row, so no two workers send the same one."""
    sent = failed = 0
    while True:
        outcome = _send_one(now or timezone.now())
        if outcome is None:
            return sent, failed
        sent, failed = (sent + 1, failed) if outcome else (sent, failed + 1)
        if sent + failed >= batch:
            return sent, failed


@transaction.atomic
def _send_one(now) -> bool | None:
    due = QueuedEmail.objects.due(now=now).order_by("next_attempt_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        due = due.select_for_update(skip_locked=True)
    else:
        due = due.select_for_update()
    email = due.first()
    if email is None:
        return None
    email.attempts += 1
    try:
        message = EmailMessage(email.subject, email.body, email.from_email, email.recipients)
        get_connection(fail_silently=False).send_messages([message])
    except Exception as error:  # the mail server's refusal or absence, whatever its kind
        email.last_error = f"{type(error).__name__}: {error}"[:2000]
        if email.attempts >= MOST_ATTEMPTS:
            email.state = QueuedEmail.State.FAILED
            logger.error(
                "Email %s to %s failed after %s tries: %s", email.pk, email.recipients, email.attempts, error
            )
        else:
            email.next_attempt_at = now + datetime.timedelta(minutes=4 ** (email.attempts - 1))
            logger.warning(
                "Email %s to %s failed (try %s): %s", email.pk, email.recipients, email.attempts, error
            )
        email.save()
        return False
    email.state = QueuedEmail.State.SENT
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save()
    return True
