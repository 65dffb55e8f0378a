"""The figures as tables, the targets as verdicts, and docs/performance.md."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from pathlib import Path

from bench.figures import (
    APPENDIX_LOAD_TARGET_SECONDS,
    EXPORT_PEAK_TARGET_MIB,
    FLOOR_RATIO_TARGET,
    GROWTH_TARGET,
    SizeResult,
)
from bench.pages import PAGE_BUDGET_SECONDS, SLOW_SECONDS

ROOT = Path(__file__).resolve().parent.parent
SIZES = ("s", "m", "l")


def mib(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def over_peak(page) -> bool:
    return page.peak_mib is None or page.peak_mib >= EXPORT_PEAK_TARGET_MIB


def by_size(results) -> dict:
    return {result.size: {(page.review, page.name): page for page in result.pages} for result in results}


def targets(results) -> list[str]:
    """Which targets the figures meet, and by how much the others are missed."""
    pages = by_size(results)
    lines = ["Targets"]

    def verdict(met: bool, what: str, misses: list[str]) -> None:
        lines.append(f"  [{'met' if met else 'NOT MET'}] {what}")
        lines.extend(f"      {miss}" for miss in misses)

    sized = [result.size for result in results]
    misses = []
    keys = {key for size in sized for key in pages[size]}
    for key in sorted(keys):
        counts = {size: pages[size][key].queries for size in sized if key in pages[size]}
        if len(set(counts.values())) > 1:
            misses.append(f"{key[1]} ({key[0]}): " + ", ".join(f"{s} {n}" for s, n in counts.items()))
    verdict(not misses, "query counts the same at every size for every page", misses)

    misses = [
        f"{page.name} ({page.review}) at {result.size}: {page.ratio:.1f}x"
        for result in results
        for page in result.pages
        if page.ratio > FLOOR_RATIO_TARGET
    ]
    verdict(not misses, f"every page's median within {FLOOR_RATIO_TARGET}x the floor, at every size", misses)

    if "s" in pages and "l" in pages:
        misses = []
        for key, large in pages["l"].items():
            small = _small(pages, key, large)
            if small and growth(small, large) > GROWTH_TARGET:
                misses.append(
                    f"{key[1]} ({key[0]}): {small.median_ms:.1f} -> {large.median_ms:.1f} ms, "
                    f"{small.ratio:.1f}x -> {large.ratio:.1f}x its floor ({growth(small, large):.1f}x)"
                )
        verdict(not misses, f"no page's median at l more than {GROWTH_TARGET}x its median at s", misses)

    if "l" in pages:
        searches = [page for page in pages["l"].values() if page.kind == "search"]
        misses = [f"{p.name} ({p.review}): {p.ratio:.1f}x" for p in searches if p.ratio > FLOOR_RATIO_TARGET]
        verdict(not misses, f"search at l within {FLOOR_RATIO_TARGET}x the floor", misses)
        exports = [page for page in pages["l"].values() if page.kind == "export"]
        misses = [
            f"{p.name} ({p.review}): {'streamed' if p.streaming else 'not streamed'}, peak {mib(p.peak_mib)}"
            for p in exports
            if not p.streaming or over_peak(p)
        ]
        verdict(not misses, f"every export streams, peak under {EXPORT_PEAK_TARGET_MIB} MiB at l", misses)

    loads = {r.size: r.build_seconds.get("loaddata appendix") for r in results}
    slow = [
        f"at {size}: {seconds:.2f} s"
        for size, seconds in loads.items()
        if seconds >= APPENDIX_LOAD_TARGET_SECONDS
    ]
    verdict(not slow, f"loaddata appendix under {APPENDIX_LOAD_TARGET_SECONDS} s", slow)
    return lines


def growth(small, large) -> float:
    """How much a page grew from one size to another, as multiples of the floor measured beside it
    in each run: a machine slower while one size was measured (its floor slower too) is not the
    page doing more work. The medians in ms are in the tables."""
    return large.ratio / small.ratio


def _small(pages, key, large):
    """What a page at l is held against: itself at s, or at m for the generated review (which has
    no page at s) and for a page across every review (one review at s, a full page from m)."""
    if large.across_reviews or key not in pages.get("s", {}):
        return pages.get("m", {}).get(key)
    return pages["s"][key]


def figures_table(result: SizeResult) -> list[str]:
    lines = [
        "| page | review | median ms | p95 ms | x floor | queries | KiB | peak MiB | timed |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in result.pages:
        lines.append(
            f"| {page.name} | {page.review} | {page.median_ms:.1f} | {page.p95_ms:.1f} | {page.ratio:.1f} "
            f"| {page.queries} | {page.kib:.0f} | {mib(page.peak_mib)} | {page.samples} |"
        )
    return lines


def comparison_table(results) -> list[str]:
    """Each page across the sizes, with the targets and a verdict."""
    pages = by_size(results)
    keys = list(dict.fromkeys(key for result in results for key in pages[result.size]))
    lines = [
        "| page | review | median ms s / m / l | x floor s / m / l | queries s / m / l "
        "| l / s (x floor) | verdict |",
        "| --- | --- | --- | --- | --- | ---: | --- |",
    ]
    for key in keys:
        row = [pages.get(size, {}).get(key) for size in SIZES]

        def cells(attribute, pattern, row=row):
            return " / ".join(pattern.format(getattr(page, attribute)) if page else "–" for page in row)

        present = [page for page in row if page]
        small = _small(pages, key, row[2]) if row[2] else None
        grown = growth(small, row[2]) if row[2] and small else None
        problems = []
        if len({page.queries for page in present}) > 1:
            problems.append("queries grow")
        if any(page.ratio > FLOOR_RATIO_TARGET for page in present):
            problems.append(f"over {FLOOR_RATIO_TARGET}x floor")
        if grown and grown > GROWTH_TARGET:
            problems.append(f"l over {GROWTH_TARGET}x s")
        large = row[2]
        if large and large.kind == "export" and (not large.streaming or over_peak(large)):
            problems.append("not streamed" if not large.streaming else f"peak {mib(large.peak_mib)} MiB")
        lines.append(
            f"| {key[1]} | {key[0]} | {cells('median_ms', '{:.1f}')} | {cells('ratio', '{:.1f}')} "
            f"| {cells('queries', '{}')} | {f'{grown:.2f}' if grown else '–'} "
            f"| {'; '.join(problems) or 'met'} |"
        )
    return lines


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "unknown"
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        # The report itself is rewritten after each size: its own change is not the code's.
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no", "--", ".", ":!docs/performance.md"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        commit += " (with uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return [
        f"- commit measured: {commit}",
        f"- date: {datetime.date.today():%-d %B %Y}",
        f"- CPU: {cpu}, {os.cpu_count()} cores; RAM {ram}",
        f"- Python {platform.python_version()} on {platform.system()} {platform.release()}",
    ]


def performance_md(results, summary) -> str:
    first = results[0]
    lines = [
        "# Performance",
        "",
        "Written by `make bench` (bench/run.py); run it again to measure another commit. Each size is",
        "a fresh PostgreSQL database (`bench_s`, `bench_m`, `bench_l`, left behind for EXPLAIN): migrate,",
        "the council's seed, `generate_synthetic --size <size>`, the bench's set-up on the seed's review",
        "(an officer leading ~50 open items, quarters 2010/11 Q3 closed and Q4 open, ten updates waiting",
        "for review, two longest-length narratives in consecutive accepted updates), then ANALYZE.",
        "",
        "Every page is requested signed in, through the whole middleware stack, with DEBUG off, the",
        "first request untimed; each timed request is interleaved with one of the floor (a signed-in",
        "page that renders almost nothing, defined in `bench/urls.py` only), and a page's ratio is its",
        "median over the floor's median in the same run. Queries are counted on one request; the peak",
        "is tracemalloc's over one request, a streamed response read to its end; KiB is the response.",
        f"A page is timed up to its size's repeats within {PAGE_BUDGET_SECONDS} s, at least 3 times",
        f'("timed" says how often); one whose first request takes over {SLOW_SECONDS} s is timed on that',
        "request alone, its memory untraced (–).",
        '"seed" is the council\'s review (the first), "generated" the last synthetic review, as large',
        "as any: together they answer whether one review's page grows with all the data.",
        "",
        "## The machine",
        "",
        *machine(),
        f"- {first.extras.get('postgresql', 'PostgreSQL')}",
        "",
        "## The sizes",
        "",
        "| size | reviews | recommendations | actions | updates | history rows | built in | timed requests "
        "| load average, start / end |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        rows = result.rows
        built = sum(result.build_seconds.values())
        lines.append(
            f"| {result.size} | {rows['reviews']:,} | {rows['recommendations']:,} | {rows['actions']:,} "
            f"| {rows['updates']:,} | {rows['history rows']:,} | {built:.0f} s | {result.repeats} "
            f"| {result.extras.get('load average at the start', 0):.1f} / "
            f"{result.extras.get('load average at the end', 0):.1f} |"
        )
    lines += ["", "How long each step took (seconds):", ""]
    steps = list(dict.fromkeys(step for result in results for step in result.build_seconds))
    lines += ["| step | " + " | ".join(r.size for r in results) + " |", "| --- |" + " ---: |" * len(results)]
    for step in steps:
        lines.append(
            f"| {step} | " + " | ".join(f"{r.build_seconds.get(step, 0):.1f}" for r in results) + " |"
        )
    lines += [
        "| the whole size, measuring included | " + " | ".join(f"{r.seconds:.0f}" for r in results) + " |"
    ]
    lines += [
        "",
        "## Targets",
        "",
        "Query counts the same at s, m and l for every page; every page's median within",
        f"{FLOOR_RATIO_TARGET}x the floor at every size; no page's median at l more than {GROWTH_TARGET}x",
        "its median at s (against m: the generated review's, which has no page at s, and the pages of",
        "every review, which list one review at s and a full page from m), each median taken as a",
        "multiple of the floor measured beside it, so that a machine slower during one size's run",
        "(its floor slower too) does not read as growth; search at l within",
        f"{FLOOR_RATIO_TARGET}x the floor; every export streams with a peak under "
        f"{EXPORT_PEAK_TARGET_MIB} MiB at l; loaddata appendix under {APPENDIX_LOAD_TARGET_SECONDS} s.",
        "",
        "```",
        *summary,
        "```",
        "",
        "## Every page at every size",
        "",
        "Floor median: " + ", ".join(f"{r.size} {r.floor_ms:.1f} ms" for r in results) + ".",
        "",
        *comparison_table(results),
    ]
    for result in results:
        lines += ["", f"## Size {result.size}", "", *figures_table(result)]
    extras = first.extras
    if "papers" in extras:
        lines += ["", "## At size s: papers, the narrative comparison, an import", ""]
        lines += [
            "| paper, built as the download builds it | median ms | peak MiB |",
            "| --- | ---: | ---: |",
        ]
        lines += [f"| {name} | {ms:.1f} | {mib:.1f} |" for name, ms, mib in extras["papers"]]
        lines += ["", "| word diff | ms |", "| --- | ---: |"]
        lines += [f"| {name} | {ms:.1f} |" for name, ms in extras["diffs"]]
        lines += [
            "",
            "| import of 5,000 rows | seconds | peak MiB | file KiB |",
            "| --- | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {name} | {seconds:.2f} | {mib} | {kib} |" for name, seconds, mib, kib in extras["imports"]
        ]
        lines += ["", f"Process peak resident memory: {extras['peak_rss_mib']:.0f} MiB."]
    lines.append("")
    return "\n".join(lines)
