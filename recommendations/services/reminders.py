"""Reminding officers of updates not yet submitted, a week before a quarter's deadline."""

import datetime

from django.db import transaction
from django.utils import timezone

from tracker.models import User
from tracker.versioning import save_with_history

from .. import notifications
from ..chasing import chase
from ..models import Reminder, ReportingPeriod

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


@transaction.atomic
def reminders_send_now(*, period: ReportingPeriod, officers: list | None = None, by: User) -> list[str]:
    """Remind officers of their outstanding items in the quarter now: the named ones, or every one
    with something outstanding. At most once a day an officer, and only those with an account;
    each reminder is logged. What happened to each officer, in words."""
    today = timezone.localdate()
    chased = chase(period, today=today)
    wanted = None if officers is None else {officer.pk for officer in officers}
    said, messages = [], []
    for group in chased.officers:
        officer = group.officer
        if officer is None or (wanted is not None and officer.pk not in wanted):
            continue
        outstanding = group.outstanding
        if not outstanding:
            continue
        if not group.has_account or not officer.user.email:
            said.append(f"{officer} has no account to email: record their update on their behalf")
            continue
        if Reminder.objects.filter(period=period, officer=officer, sent_on=today).exists():
            said.append(f"{officer} was already reminded today")
            continue
        Reminder.objects.create(
            period=period,
            officer=officer,
            sent_at=timezone.now(),
            sent_on=today,
            sent_by=by,
            outstanding=len(outstanding),
        )
        messages.append(notifications.reminder_now(period, officer, outstanding))
        said.append(f"{officer} reminded of {len(outstanding)} item{'s' if len(outstanding) != 1 else ''}")
    transaction.on_commit(
        lambda: notifications.send([message for message in messages if message]), robust=True
    )
    return said
