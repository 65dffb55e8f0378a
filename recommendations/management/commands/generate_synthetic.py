import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from recommendations.models import Review
from recommendations.synthetic import SIZES, generate


class Command(BaseCommand):
    help = (
        "Add synthetic reviews for measuring the service at scale: s is the council's seed alone; "
        "m adds 40 reviews (2,000 recommendations, 6,000 actions, 16 quarters); l adds 400 "
        "(20,000 recommendations, 60,000 actions). Deterministic for a --seed. Never on a database "
        "in use: it refuses where reviews other than the seed exist, unless --add."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["s", *SIZES], default="s")
        parser.add_argument("--seed", type=int, default=2011)
        parser.add_argument("--add", action="store_true", help="Add to a database that already has reviews.")

    def handle(self, *args, size, seed, add, **options):
        started = time.perf_counter()
        if not Review.objects.exists():
            call_command("loaddata", "appendix", verbosity=0)
            self.stdout.write("Loaded the council's seed.")
        if size == "s":
            return
        if Review.objects.exclude(slug="safeguarding-commission").exists() and not add:
            self.stderr.write(
                "Reviews other than the seed exist already: nothing added (use --add to add more)."
            )
            return
        counts = generate(size, seed=seed, stdout=self.stdout)
        made = ", ".join(f"{count:,} {name}" for name, count in counts.items())
        self.stdout.write(f"Added {made} in {time.perf_counter() - started:.0f} s.")
