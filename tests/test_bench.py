"""The benchmark measures every main page (issue 13), and its floor page exists only in the bench."""

from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

from bench.figures import Figures, SizeResult
from bench.pages import WORK_ITEMS, page_table, prepare
from bench.report import targets
from recommendations.models import ProgressUpdate
from tracker.models import User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("appendix")]

# The pages issue 13 names, as the bench's table names them.
NAMED_PAGES = [
    "dashboard",
    "dashboard as at",
    "list",
    "list filtered (open, amber)",
    "list searched",
    "list sorted by due date",
    "list, last page",
    "list as at",
    "recommendation as at",
    "compare (latest change)",
    "My work (officer, ~50 items)",
    "coordinator's queue",
    "review's own queue",
    "chasing",
    "quarter's chase page",
    "quarters",
    "papers",
    "export: list as CSV",
    "export: Appendix 1 .docx",
    "export: Appendix 1 .xlsx",
    "reviews",
    "panel recommendations",
    "longest narratives: update's review page",
    "longest narratives: compare",
]


def test_the_page_table_names_every_main_page_at_an_address_of_the_product(capsys):
    context = prepare()
    pages = page_table(context)
    names = [page.name for page in pages]
    assert [name for name in NAMED_PAGES if name not in names] == []
    assert any(name.startswith("recommendation (heaviest") for name in names)
    for page in pages:
        assert resolve(urlsplit(page.url).path).url_name, page.url
    assert f"the officer leads {WORK_ITEMS} items" in capsys.readouterr().out
    narrated = ProgressUpdate.objects.get(pk=context["narrated_update"])
    assert narrated.state == ProgressUpdate.State.ACCEPTED


def test_the_floor_page_is_the_benchs_alone(client, settings):
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")
    settings.ROOT_URLCONF = "bench.urls"
    assert client.get("/bench/floor/").status_code == 302  # signed out: to the sign-in page
    client.force_login(User.objects.create(username="reader"))
    response = client.get("/bench/floor/")
    assert (response.status_code, response.content) == (200, b"reader\n")


def figures(name, median_ms, *, across_reviews=False, review="seed", floor_ms=2.0):
    return Figures(
        name=name,
        review=review,
        kind="page",
        url="/",
        median_ms=median_ms,
        p95_ms=median_ms,
        floor_ms=floor_ms,
        ratio=median_ms / floor_ms,
        queries=5,
        kib=1.0,
        peak_mib=0.1,
        streaming=False,
        across_reviews=across_reviews,
    )


def growth_verdict(sizes: dict) -> list[str]:
    """The growth target's lines of the report on these pages by size (and what follows them)."""
    results = [
        SizeResult(size=size, repeats=1, pages=pages, build_seconds={"loaddata appendix": 1.0})
        for size, pages in sizes.items()
    ]
    lines = targets(results)
    return lines[lines.index(next(line for line in lines if "more than 1.5x" in line)) :]


def test_growth_is_held_from_s_but_from_m_for_pages_of_every_review_and_the_generated_review():
    sizes = {
        "s": [figures("list", 10), figures("reviews", 5, across_reviews=True)],
        "m": [
            figures("list", 10),
            figures("reviews", 20, across_reviews=True),
            figures("list", 10, review="generated"),
        ],
        "l": [
            figures("list", 16),
            figures("reviews", 25, across_reviews=True),
            figures("list", 16, review="generated"),
        ],
    }
    growth = growth_verdict(sizes)
    assert "  [NOT MET] no page's median at l more than 1.5x its median at s" in growth
    assert "      list (seed): 10.0 -> 16.0 ms, 5.0x -> 8.0x its floor (1.6x)" in growth
    assert "      list (generated): 10.0 -> 16.0 ms, 5.0x -> 8.0x its floor (1.6x)" in growth
    assert not [line for line in growth if "reviews (seed)" in line], "held against m: 20 -> 25 ms"


def test_growth_is_taken_against_the_floor_measured_beside_it():
    """A page twice as slow at l while its floor was twice as slow too did not grow."""
    sizes = {
        "s": [figures("list", 10), figures("quarters", 10)],
        "l": [figures("list", 20, floor_ms=4.0), figures("quarters", 20)],
    }
    growth = growth_verdict(sizes)
    assert "      quarters (seed): 10.0 -> 20.0 ms, 5.0x -> 10.0x its floor (2.0x)" in growth
    assert not [line for line in growth if "list (seed)" in line]
