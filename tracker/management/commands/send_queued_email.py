import time

from django.core.management.base import BaseCommand

from tracker.outbox import send_queued


class Command(BaseCommand):
    help = (
        "Send the emails waiting in the queue, trying failed ones again later. Once by default (for "
        "cron); with --loop, the worker: sends what is due every --interval seconds until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep running, as the email worker.")
        parser.add_argument("--interval", type=float, default=10.0, help="Seconds between rounds (--loop).")

    def handle(self, *args, loop=False, interval=10.0, **options):
        while True:
            sent, failed = send_queued()
            if sent or failed or options["verbosity"] > 1:
                self.stdout.write(f"{sent} sent, {failed} failed (to be tried again or given up)")
            if not loop:
                return
            time.sleep(interval)
