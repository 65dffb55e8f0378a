"""import_review FILE --review SLUG [--name NAME] [--dry-run]: the import page's path, from a shell."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from recommendations.imports.files import MAX_FILE_BYTES, read_rows
from recommendations.imports.plan import plan_import
from recommendations.models import Recommendation, Review
from recommendations.services.imports import import_problems, review_import
from tracker.errors import WorkflowError


class Command(BaseCommand):
    help = (
        "Import a review from an .xlsx or .csv in the Appendix 1 export's columns. Lists every "
        "problem by row and column and writes nothing unless the file is clean; --dry-run only "
        "lists what it would create."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv to import.")
        parser.add_argument(
            "--review", required=True, help="The review's slug: a new review, or one to add to."
        )
        parser.add_argument("--name", help="The new review's name (default: from the slug).")
        parser.add_argument("--dry-run", action="store_true", help="Check and describe; write nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        slug = options["review"]
        if slug != slugify(slug) or not slug or slug == "import":
            raise CommandError(f'"{slug}" is not a review slug: use lower-case letters, digits and hyphens.')
        try:
            with path.open("rb") as stream:
                content = stream.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        review = Review.objects.filter(slug=slug).first()
        existing = Recommendation.objects.for_review(review).values_list("ref", flat=True) if review else []
        plan = plan_import(read_rows(content, path.name), existing_refs=list(existing))
        changes = import_problems(plan, review)
        if plan.problems:
            lines = "\n".join(f"  - {problem}" for problem in plan.problems)
            raise CommandError(
                f"Nothing was imported: {path.name} has {len(plan.problems)} problem(s):\n{lines}"
            )
        self.describe(plan, review, changes)
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was written.")
            return
        name = options["name"] or (review.name if review else slug.replace("-", " ").capitalize())
        try:
            result = review_import(
                plan=plan,
                slug=slug,
                name=name,
                filename=path.name,
                by=None,
                by_name="the import_review command",
            )
        except WorkflowError as error:
            raise CommandError(f"Nothing was imported: {error.message}") from None
        where = "a new review" if result.created else "the review"
        self.stdout.write(
            f"Imported {result.recommendations} recommendation(s) and {result.actions} proposed "
            f'action(s) into {where} "{result.review.name}" ({result.review.slug}).'
        )

    def describe(self, plan, review, changes):
        self.stdout.write(
            f"{plan.layout} layout: {len(plan.themes)} theme(s), {len(plan.recommendations)} "
            f"recommendation(s), {len(plan.actions)} proposed action(s), {plan.timescales_understood} "
            f"timescale(s) understood as dates, {plan.cross_reference_count} cross-reference(s); "
            f"officers {len(plan.known_officers)} known, {len(plan.new_officers)} new; assignees "
            f"{len(plan.known_assignees)} known, {len(plan.new_assignees)} new."
        )
        if changes is not None:
            self.stdout.write(
                f"Into {review.name}: {len(changes.new_refs)} new, {len(changes.changed)} replaced, "
                f"{len(changes.unchanged_refs)} unchanged, {len(changes.left_out_refs)} left as they are."
            )
