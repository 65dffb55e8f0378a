from django.core.management.base import BaseCommand, CommandError

from recommendations.exports import write_appendix_csv
from recommendations.models import Recommendation, Review


class Command(BaseCommand):
    help = (
        "Write Appendix 1 (one row per proposed action) from the database to standard output. "
        "Columns: ref, theme, recommendation, assigned_to, lead_officer, proposed_action, "
        "timescale, progress_update, status."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv"], default="csv", help="Output format (csv).")
        parser.add_argument("--review", help="The review's slug; needed only when several are tracked.")

    def handle(self, *args, **options):
        recommendations = Recommendation.objects.all()
        if options["review"]:
            try:
                review = Review.objects.get(slug=options["review"])
            except Review.DoesNotExist:
                raise CommandError(f"No review with the slug {options['review']!r}.") from None
            recommendations = recommendations.for_review(review)
        elif Review.objects.count() > 1:
            slugs = ", ".join(Review.objects.values_list("slug", flat=True))
            raise CommandError(f"Several reviews are tracked: choose one with --review ({slugs}).")
        write_appendix_csv(self.stdout, recommendations)
