"""Print speed, query and memory figures for the main pages on the seed data.

    make bench                      # a throwaway SQLite database
    DATABASE_URL=postgres://... make bench

Figures, not pass/fail: tests assert query counts; this shows what a person would wait for.
Targets: a page in under 200 ms at the median on this machine, loading the seed in under 5 s.
"""

import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings.test")
scratch = tempfile.TemporaryDirectory()
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch.name}/bench.sqlite3")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from tracker.models import Role, User  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "20"))


def timed(action):
    """Run `action` once; return (seconds, peak bytes allocated)."""
    tracemalloc.start()
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def page_figures(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    query_count = len(queries)  # read now: each request resets the connection's query log
    durations = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        client.get(url)
        durations.append(time.perf_counter() - started)
    _, peak = timed(lambda: client.get(url))
    durations.sort()
    return {
        "median_ms": statistics.median(durations) * 1000,
        "p95_ms": durations[int(len(durations) * 0.95) - 1] * 1000,
        "queries": query_count,
        "peak_kib": peak / 1024,
        "bytes": len(response.content),
    }


def main():
    setup_test_environment()
    print(f"database: {connection.vendor}, {REPEATS} requests per page")
    call_command("migrate", verbosity=0)
    seconds, peak = timed(lambda: call_command("loaddata", "appendix", verbosity=0))
    print(f"loaddata appendix: {seconds:.2f} s, peak {peak / 1024 / 1024:.1f} MiB")
    seconds, _ = timed(lambda: call_command("loaddata", "appendix", verbosity=0))
    print(f"loaddata appendix again (no changes): {seconds:.2f} s")

    user, _ = User.objects.get_or_create(username="bench", defaults={"role": Role.PANEL_MEMBER})
    client = Client()
    client.force_login(user)
    pages = {
        "dashboard": "/",
        "dashboard as at 2010/11 Q2": "/?as_at=1",
        "recommendation list": "/recommendations/",
        "list: search + open": "/recommendations/?q=chronologies&open=yes",
        "list as at 2010/11 Q2": "/recommendations/?as_at=1",
        "list as CSV": "/recommendations/export.csv",
        "recommendation 18": "/recommendations/18/",
        "recommendation 7 (most actions)": "/recommendations/7/",
        "recommendation 18 as at 2010/11 Q2": "/recommendations/18/?as_at=1",
        "panel": "/panel/",
        "panel action plan": "/panel/recommendations/",
        "papers": "/papers/",
        "Appendix 1 print page (Q2)": "/papers/appendix-1/?as_at=1",
        "change report (Q2)": "/papers/changes/?as_at=1",
    }
    print(f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'peak KiB':>9} {'KiB':>6}")
    for name, url in pages.items():
        f = page_figures(client, url)
        print(
            f"{name:34} {f['median_ms']:10.1f} {f['p95_ms']:8.1f} {f['queries']:8d}"
            f" {f['peak_kib']:9.0f} {f['bytes'] / 1024:6.0f}"
        )
    papers_figures()
    diff_figures()
    import_figures()


def papers_figures():
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
    for name, build in papers.items():
        runs = [timed(build) for _ in range(max(REPEATS // 4, 3))]
        seconds = statistics.median(run[0] for run in runs)
        peak = max(run[1] for run in runs)
        print(f"{name:34} {seconds * 1000:10.1f} {peak / 1024 / 1024:9.1f}")


def diff_figures():
    """The narrative comparison at its worst: the longest texts, no word in common."""
    from recommendations.diffs import word_diff
    from recommendations.models import NARRATIVE_MAX_LENGTH

    def words(prefix, count):
        return " ".join(f"{prefix}{number}" for number in range(count))

    cases = {
        "word diff, 1,000 words each (the word limit)": (words("a", 1000), words("b", 1000)),
        "word diff, two longest narratives": (
            words("a", 4000)[:NARRATIVE_MAX_LENGTH].replace("0 ", "0\n"),
            words("b", 4000)[:NARRATIVE_MAX_LENGTH].replace("0 ", "0\n"),
        ),
    }
    for name, (old, new) in cases.items():
        seconds, _ = timed(lambda old=old, new=new: word_diff(old, new))
        print(f"{name:48} {seconds * 1000:8.1f} ms")


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


def import_figures():
    """A 5,000-row review imported from CSV and from Excel: reading and checking it, then writing
    it in one transaction; time and peak memory of each (target: under 30 s)."""
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
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process peak resident memory: {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
