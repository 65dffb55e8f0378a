import csv
import io
import sys

from django.core.management.base import BaseCommand, CommandError

from recommendations.columns import CSV_COLUMNS
from recommendations.exports import csv_lines
from recommendations.models import ReportingPeriod, Review
from reporting.papers import excel, word
from reporting.papers.appendix import appendix


class Command(BaseCommand):
    help = (
        "Write Appendix 1 (one row per proposed action, under its theme) for a quarter or now, as "
        f"CSV (columns: {', '.join(CSV_COLUMNS)}), Excel or Word, to a file or standard output. "
        "A closed quarter is read from its frozen record."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "xlsx", "docx"], default="csv", help="Output format.")
        parser.add_argument("--review", help="The review's slug; needed only when several are tracked.")
        parser.add_argument(
            "--quarter", help='The quarter\'s name ("2010/11 Q2"); without it, the tracker as it is now.'
        )
        parser.add_argument(
            "--with-status-and-rag",
            action="store_true",
            help="Add the Status and RAG columns to the Excel and Word layout (the CSV always has them).",
        )
        parser.add_argument("--output", "-o", help="The file to write; without it, standard output.")

    def handle(self, *args, **options):
        review = self.review(options["review"])
        period = None
        if options["quarter"]:
            period = ReportingPeriod.objects.filter(review=review, name=options["quarter"]).first()
            if period is None:
                names = ", ".join(
                    ReportingPeriod.objects.filter(review=review)
                    .order_by("ends")
                    .values_list("name", flat=True)
                )
                raise CommandError(f"No quarter named {options['quarter']!r} in {review.name} ({names}).")
        paper = appendix(review, period, with_status_and_rag=options["with_status_and_rag"])
        if options["format"] == "csv":
            text = io.StringIO()
            csv.writer(text).writerows(csv_lines(paper.rows, quarter=paper.provenance.quarter))
            content = text.getvalue().encode("utf-8")
        elif options["format"] == "xlsx":
            content = excel.appendix_xlsx(paper)
        else:
            content = word.appendix_docx(paper)
        if options["output"]:
            with open(options["output"], "wb") as file:
                file.write(content)
            self.stderr.write(f"Wrote {paper.filename(options['format'])} to {options['output']}.")
        elif options["format"] == "csv":
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            binary = getattr(getattr(self.stdout, "_out", sys.stdout), "buffer", None)
            if binary is None:
                raise CommandError(f"A .{options['format']} file is binary: write it with --output FILE.")
            self.stdout.flush()
            binary.write(content)
            binary.flush()

    def review(self, slug: str | None) -> Review:
        if slug:
            try:
                return Review.objects.get(slug=slug)
            except Review.DoesNotExist:
                raise CommandError(f"No review with the slug {slug!r}.") from None
        reviews = list(Review.objects.order_by("pk")[:2])
        if len(reviews) > 1:
            slugs = ", ".join(Review.objects.values_list("slug", flat=True))
            raise CommandError(f"Several reviews are tracked: choose one with --review ({slugs}).")
        if not reviews:
            raise CommandError("No review has been loaded yet.")
        return reviews[0]
