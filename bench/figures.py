"""What the bench measures of a page, and the targets (issue 13) the figures are held to."""

from __future__ import annotations

from dataclasses import dataclass, field

FLOOR_RATIO_TARGET = 20  # every page's median within 20 times the floor's, at every size
GROWTH_TARGET = 1.5  # no page's median at l more than 1.5 times its median at s
EXPORT_PEAK_TARGET_MIB = 50  # every export streams, with a peak under 50 MiB at l
APPENDIX_LOAD_TARGET_SECONDS = 3


@dataclass
class Page:
    """One measured page: `kind` is "page", "search" or "export"; `user` is the role asking."""

    name: str
    url: str
    review: str = "seed"  # "seed" or "generated": which review it belongs to
    kind: str = "page"
    user: str = "coordinator"
    # A page of every review's (the reviews, chasing, the coordinator's queue): at s it lists the
    # one review, from m on a full page of them, so its growth is held from m to l.
    across_reviews: bool = False


@dataclass
class Figures:
    name: str
    review: str
    kind: str
    url: str
    median_ms: float
    p95_ms: float
    floor_ms: float
    ratio: float
    queries: int
    kib: float
    peak_mib: float | None  # None: not traced (a page timed once, see pages.SLOW_SECONDS)
    streaming: bool
    samples: int = 0  # timed requests
    across_reviews: bool = False


@dataclass
class SizeResult:
    size: str
    repeats: int
    rows: dict = field(default_factory=dict)
    build_seconds: dict = field(default_factory=dict)
    floor_ms: float = 0.0
    pages: list = field(default_factory=list)
    extras: dict = field(default_factory=dict)
    seconds: float = 0.0
