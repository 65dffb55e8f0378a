"""Reminding officers of updates not yet submitted, a week before a quarter's deadline."""

import datetime

from django.db import transaction
from django.utils import timezone

from tracker.versioning import save_with_history

from .. import notifications
from ..models import ReportingPeriod

REMINDER_LEAD = datetime.timedelta(days=7)


@transaction.atomic
def reminders_send(*, today: datetime.date) -> int:
    """Remind officers of updates not yet submitted, once per quarter, from a week before the deadline.

    The quarter is marked reminded and the emails go once that is committed: a failure to mark
    sends nothing, so a later run never repeats what already went.
    """
    messages = []
    periods = (
        ReportingPeriod.objects.select_for_update(of=("self",))
        .open()
        .filter(
            deadline__isnull=False,
            deadline__gte=today,
            deadline__lte=today + REMINDER_LEAD,
            reminders_sent_at__isnull=True,
        )
    )
    for period in periods:
        messages += notifications.reminder_messages(period, today=today)
        period.reminders_sent_at = timezone.now()
        save_with_history(period, reason="Reminders sent", by=None)
    transaction.on_commit(lambda: notifications.send(messages), robust=True)
    return len(messages)
