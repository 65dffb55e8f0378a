"""Speed, query and memory figures for the main pages, on PostgreSQL, at three sizes of data.

    make bench                      # sizes s, m and l: a fresh database for each
    make bench BENCH_SIZES=s        # the seed alone: a quick run
    BENCH_REPEATS=20 make bench     # timed requests per page (default 20 at s and m, 10 at l)

For each size the database `bench_<size>` is dropped and made again (migrate, the council's seed,
`generate_synthetic --size <size>`, the set-up below, ANALYZE), then every page is requested as a
signed-in user through the whole middleware stack, each timed request beside a request of the
floor page (`bench.urls`), so load on the machine moves both alike. Figures, not pass/fail: the
run ends non-zero only if a page answers with an error. A run of all three sizes writes
`docs/performance.md` (after each size, so a run stopped part-way leaves what it measured).
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_{size}) names the databases;
they are left behind for EXPLAIN.

The set-up, the same at every size, on the seed's review: an officer account leading ~50 open
items, two quarters opened after the seed's (2010/11 Q3, closed; Q4, open) whose accepted updates
on one recommendation carry two narratives of the longest length allowed, and ten updates
submitted in Q4 waiting in the coordinator's queue.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extras import diff_figures, import_figures, papers_figures  # noqa: E402
from bench.figures import Figures, SizeResult  # noqa: E402
from bench.pages import PageError, measure, page_table, prepare, signed_in_clients  # noqa: E402
from bench.report import SIZES, mib, performance_md, targets  # noqa: E402

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bench_{size}"
DEFAULT_REPEATS = {"s": 20, "m": 20, "l": 10}
PERFORMANCE_MD = ROOT / "docs" / "performance.md"

# --- the parent: one child process per size, then the summary and docs/performance.md -------------


def main() -> int:
    sizes = [
        size.strip() for size in os.environ.get("BENCH_SIZES", ",".join(SIZES)).split(",") if size.strip()
    ]
    unknown = [size for size in sizes if size not in SIZES]
    if unknown:
        print(f"BENCH_SIZES: unknown size {', '.join(unknown)} (choose from s, m, l)", file=sys.stderr)
        return 2
    results = []
    failed = False
    scratch = tempfile.TemporaryDirectory()
    for size in sizes:
        started = time.perf_counter()
        out = Path(scratch.name) / f"{size}.json"
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL).format(size=size),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
        print(f"\n=== size {size} ===", flush=True)
        child = subprocess.run([sys.executable, __file__, "--size", size, "--out", str(out)], env=env)
        if child.returncode != 0 or not out.exists():
            print(f"size {size}: the run failed (exit {child.returncode})", file=sys.stderr)
            failed = True
            continue
        result = SizeResult(**json.loads(out.read_text()))
        out.unlink()
        result.pages = [Figures(**page) for page in result.pages]
        results.append(result)
        print(f"size {size} took {time.perf_counter() - started:.0f} s", flush=True)
        if set(sizes) == set(SIZES):
            # Written after each size, so a run stopped part-way leaves the sizes it measured.
            PERFORMANCE_MD.write_text(performance_md(results, targets(results)))
            print(f"written to {PERFORMANCE_MD.relative_to(ROOT)}", flush=True)
    if results:
        print("\n" + "\n".join(targets(results)))
    return 1 if failed else 0


# --- the child: one size in one database ------------------------------------------------------------


def recreate_database(url: str) -> None:
    """Drop and create the database `url` names, from the server's maintenance database."""
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    maintenance = parts._replace(path="/postgres").geturl()
    connection = psycopg2.connect(maintenance)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def child(size: str, out: Path) -> None:
    started_size = time.perf_counter()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("The bench measures PostgreSQL: set BENCH_DATABASE_URL to a postgres:// address.")
    recreate_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    # The test client's request signals, so query counts and responses can be read; nothing else
    # of the test environment (the email backend stays the test settings' locmem).
    setup_test_environment()
    repeats = int(os.environ.get("BENCH_REPEATS", DEFAULT_REPEATS[size]))
    result = SizeResult(size=size, repeats=repeats)

    def step(name, action):
        began = time.perf_counter()
        action()
        result.build_seconds[name] = time.perf_counter() - began
        print(f"  {name}: {result.build_seconds[name]:.1f} s", flush=True)

    result.extras["load average at the start"] = os.getloadavg()[0]
    step("migrate", lambda: call_command("migrate", verbosity=0))
    step("loaddata appendix", lambda: call_command("loaddata", "appendix", verbosity=0))
    if size != "s":
        step("generate_synthetic", lambda: call_command("generate_synthetic", size=size, verbosity=0))
    context = {}
    step("bench set-up", lambda: context.update(prepare()))
    step("ANALYZE", lambda: connection.cursor().execute("ANALYZE"))
    result.rows = row_counts()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        result.extras["postgresql"] = f"PostgreSQL {cursor.fetchone()[0]}"
    print("  " + ", ".join(f"{value:,} {name}" for name, value in result.rows.items()), flush=True)

    pages = page_table(context)
    clients = signed_in_clients(context)
    floor_url = "/bench/floor/"
    floors = []
    print(
        f"{'page':44} {'review':9} {'median':>7} {'p95':>7} {'xfloor':>6} {'queries':>7}"
        f" {'KiB':>6} {'MiB':>5} {'n':>3}",
        flush=True,
    )
    errors = []
    for page in pages:
        try:
            figures, page_floors = measure(
                clients[page.user], clients["coordinator"], page, floor_url, repeats
            )
        except PageError as error:
            errors.append(str(error))
            print(f"  ERROR {error}", flush=True)
            continue
        floors += page_floors
        result.pages.append(asdict(figures))
        print(
            f"{page.name[:44]:44} {page.review:9} {figures.median_ms:7.1f} {figures.p95_ms:7.1f} "
            f"{figures.ratio:6.1f} {figures.queries:7d} {figures.kib:6.0f} {mib(figures.peak_mib):>5}"
            f" {figures.samples:3d}",
            flush=True,
        )
    result.floor_ms = statistics.median(floors) * 1000 if floors else 0.0
    print(f"floor: median {result.floor_ms:.1f} ms over {len(floors)} requests", flush=True)
    if size == "s":
        result.extras["papers"] = papers_figures(repeats)
        result.extras["diffs"] = diff_figures()
        result.extras["imports"] = import_figures()
        result.extras["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result.extras["load average at the end"] = os.getloadavg()[0]
    result.seconds = time.perf_counter() - started_size
    out.write_text(json.dumps(asdict(result)))
    if errors:
        raise SystemExit("pages in error:\n  " + "\n  ".join(errors))


def row_counts() -> dict[str, int]:
    from django.apps import apps

    from recommendations.models import ProgressUpdate, ProposedAction, Recommendation, Review

    history = sum(
        model.objects.count() for model in apps.get_models() if model.__name__.startswith("Historical")
    )
    return {
        "reviews": Review.objects.count(),
        "recommendations": Recommendation.objects.count(),
        "actions": ProposedAction.objects.count(),
        "updates": ProgressUpdate.objects.count(),
        "history rows": history,
    }


# --- at size s only: the papers, the diff at its worst, an import of 5,000 rows ----------------------


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--size":
        child(sys.argv[2], Path(sys.argv[4]))
    else:
        sys.exit(main())
