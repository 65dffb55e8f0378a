"""Figures kept from before the pages were measured at three sizes, taken at size s: each paper
built as its download builds it, the word diff at its worst, an import of 5,000 rows."""

from __future__ import annotations

import statistics
import time
import tracemalloc

from bench.pages import longest_narrative


def timed(action):
    """Run `action` once; return (seconds, peak bytes allocated)."""
    tracemalloc.start()
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def papers_figures(repeats: int) -> list:
    """Each paper built on the seed, as the downloads build it: time and peak memory."""
    from recommendations.models import ReportingPeriod, Review
    from reporting.papers import excel, word
    from reporting.papers.action_plan import action_plan
    from reporting.papers.appendix import appendix
    from reporting.papers.change_report import TABLE_COLUMNS, change_report

    review = Review.objects.order_by("pk").first()
    quarter = ReportingPeriod.objects.get(review=review, name="2010/11 Q2")

    def appendix_csv():
        import csv
        import io

        from recommendations.exports import csv_lines

        paper = appendix(review, quarter)
        csv.writer(io.StringIO()).writerows(csv_lines(paper.rows, quarter=paper.provenance.quarter))

    papers = {
        "Appendix 1 (2010/11 Q2) .docx": lambda: word.appendix_docx(appendix(review, quarter)),
        "Appendix 1 (2010/11 Q2) .xlsx": lambda: excel.appendix_xlsx(appendix(review, quarter)),
        "Appendix 1 (2010/11 Q2) .csv": appendix_csv,
        "Appendix 1 now, status+RAG .docx": lambda: word.appendix_docx(
            appendix(review, with_status_and_rag=True)
        ),
        "Action plan (now) .docx": lambda: word.action_plan_docx(action_plan(review)),
        "Action plan (now) .xlsx": lambda: excel.action_plan_xlsx(action_plan(review)),
        "Changes in 2010/11 Q2 .docx": lambda: word.change_report_docx(
            change_report(review, quarter), TABLE_COLUMNS
        ),
        "Changes in 2010/11 Q2 .xlsx": lambda: excel.change_report_xlsx(
            change_report(review, quarter), TABLE_COLUMNS
        ),
    }
    print(f"\n{'paper':34} {'median ms':>10} {'peak MiB':>9}")
    figures = []
    for name, build in papers.items():
        # Timed untraced (tracing slows building several times over), then traced once for the peak.
        durations = []
        for _ in range(max(repeats // 4, 3)):
            began = time.perf_counter()
            build()
            durations.append(time.perf_counter() - began)
        _, peak = timed(build)
        seconds = statistics.median(durations)
        print(f"{name:34} {seconds * 1000:10.1f} {peak / 1024 / 1024:9.1f}")
        figures.append((name, seconds * 1000, peak / 1024 / 1024))
    return figures


def diff_figures() -> list:
    """The narrative comparison at its worst: the longest texts, no word in common."""
    from recommendations.diffs import word_diff

    cases = {
        "1,000 words each, none shared": (
            " ".join(f"a{number}" for number in range(1000)),
            " ".join(f"b{number}" for number in range(1000)),
        ),
        "two longest narratives, none shared": (longest_narrative("a"), longest_narrative("b")),
    }
    figures = []
    for name, (old, new) in cases.items():
        seconds, _ = timed(lambda old=old, new=new: word_diff(old, new))
        print(f"word diff, {name:42} {seconds * 1000:8.1f} ms")
        figures.append((name, seconds * 1000))
    return figures


IMPORT_ROWS = 5_000
IMPORT_TARGET_SECONDS = 30


def import_rows(count: int):
    """`count` rows of a made-up review in the CSV's columns: 5 actions to a recommendation."""
    from recommendations import columns

    yield list(columns.CSV_COLUMNS)
    timescales = ["Nov 09", "Summer 2010", "February 2010 Revised to May 2010", "On-going", "Mar - Sep 2010"]
    for index in range(count):
        ref = index // 5 + 1
        cells = {
            columns.THEME: f"Theme {ref // 50 + 1}",
            columns.REF: str(ref),
            columns.RECOMMENDATION: f"Recommendation {ref}: " + "improve the service to children " * 8,
            columns.ASSIGNED_TO: "DCS / KSCB",
            columns.LEAD_OFFICER: f"Officer {index % 40}",
            columns.PROPOSED_ACTION: f"Action {index}: " + "agree and implement the protocol " * 6,
            columns.TIMESCALE: timescales[index % len(timescales)],
            columns.PROGRESS_UPDATE: "Progress has been made and is reported to the board. " * 5,
            columns.STATUS: "In progress",
            columns.RAG: "Amber",
            columns.ACTION_STATUS: "In progress",
            columns.QUARTER: "now",
        }
        yield [cells.get(name, "") for name in columns.CSV_COLUMNS]


def import_figures() -> list:
    """A 5,000-row review imported from CSV and from Excel: reading and checking it, then writing
    it in one transaction; time and peak memory of each (target: under 30 s). Run last: it adds
    two reviews."""
    import csv
    import io

    from openpyxl import Workbook

    from recommendations.imports.files import read_rows
    from recommendations.imports.plan import plan_import
    from recommendations.services.imports import review_import

    stream = io.StringIO()
    csv.writer(stream).writerows(import_rows(IMPORT_ROWS))
    files = {"csv": stream.getvalue().encode()}
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Appendix 1")
    for values in import_rows(IMPORT_ROWS):
        sheet.append(values)
    binary = io.BytesIO()
    workbook.save(binary)
    files["xlsx"] = binary.getvalue()

    print(f"\n{'import of 5,000 rows':34} {'seconds':>10} {'peak MiB':>9} {'file KiB':>9}")
    figures = []
    for extension, content in files.items():
        filename = f"bench.{extension}"
        started = time.perf_counter()
        plan = plan_import(read_rows(content, filename))
        reading = time.perf_counter() - started
        assert not plan.problems, plan.problems[:3]
        started = time.perf_counter()
        review_import(
            plan=plan, slug=f"bench-{extension}", name=f"Bench {extension}", filename=filename, by=None
        )
        writing = time.perf_counter() - started
        # Memory is traced on a second reading: tracing slows it several times over.
        _, peak = timed(lambda content=content, filename=filename: plan_import(read_rows(content, filename)))
        total = reading + writing
        verdict = "within" if total < IMPORT_TARGET_SECONDS else "OVER"
        size = len(content) / 1024
        print(f"{'read and check .' + extension:34} {reading:10.2f} {peak / 1024 / 1024:9.1f} {size:9.0f}")
        print(f"{'write .' + extension + ' (one transaction)':34} {writing:10.2f}")
        print(f"{'total .' + extension:34} {total:10.2f}   {verdict} the {IMPORT_TARGET_SECONDS} s target")
        figures += [
            (f"read and check .{extension}", reading, f"{peak / 1024 / 1024:.1f}", f"{size:.0f}"),
            (f"write .{extension} (one transaction)", writing, "", ""),
            (f"total .{extension} ({verdict} the {IMPORT_TARGET_SECONDS} s target)", total, "", ""),
        ]
    return figures
