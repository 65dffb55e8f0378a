"""Remind lead officers of the updates they have not submitted, a week before the deadline."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recommendations.services import reminders_send


def iso_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            f"--date must be a day written YYYY-MM-DD, such as 2011-01-07, not {text!r}"
        ) from error


class Command(BaseCommand):
    help = (
        "Email each lead officer the items they lead that still lack a submitted or accepted update "
        "for the open reporting quarter, with a link straight to each update form. Run it every day "
        "(from cron, e.g. `15 7 * * * python manage.py send_reminders`): it sends once per quarter, "
        "on the first run from a week before the quarter's deadline up to the deadline day, and "
        "sends nothing on other days or a second time. Prints how many emails went."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            type=iso_date,
            default=None,
            metavar="YYYY-MM-DD",
            help="Act as on this day instead of today (to catch up a missed run, or to try it out).",
        )

    def handle(self, *args, **options):
        today = options["date"] or timezone.localdate()
        sent = reminders_send(today=today)
        self.stdout.write(f"{sent} reminder email{'' if sent == 1 else 's'} sent for {today:%-d %B %Y}.")
