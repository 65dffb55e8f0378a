from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from recommendations.models import Recommendation, Review


class Command(BaseCommand):
    help = (
        "Load the council's seed (Appendix 1 and the panel) and, in development, the demo users, "
        "into an empty database. On a database that already holds a review it changes nothing, so "
        "running it on every start (make run) never reverts what users did."
    )

    def handle(self, *args, **options):
        if Review.objects.exists():
            self.stdout.write(
                f"The database already holds {Review.objects.count()} review(s) and "
                f"{Recommendation.objects.count()} recommendation(s): nothing loaded, nothing changed."
            )
            return
        call_command("loaddata", "appendix", verbosity=0)
        self.stdout.write(
            f"Loaded the seed: {Review.objects.count()} review(s), {Recommendation.objects.count()} "
            "recommendations, with their history."
        )
        if getattr(settings, "DEMO_USERS_ALLOWED", False):
            call_command("create_demo_users", stdout=self.stdout)
