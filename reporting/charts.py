"""Horizontal bar charts drawn on the server as SVG (`templates/components/chart_bar.html`).

Each chart is geometry only: rows of labelled bars, each bar one or more segments, every value
written beside or inside its bar. The page pairs every chart with a table of the same figures
(the table carries the links), so the chart is a picture of the table, never the only place a
figure is.

Each status and RAG rating is drawn in the colour and pattern `recommendations.presentation`
declares for it, the same declaration its tag on the pages is coloured from. Colour is never the
only cue: bars are labelled, values are written, and the segments of a stacked bar also differ by
pattern, shown in the legend.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from recommendations import presentation

# The viewBox width: at a phone's 343 pixels the 16-unit labels still read at about 14 pixels.
WIDTH = 400
LABEL_SIZE = 16
LINE_HEIGHT = 20
BAR_HEIGHT = 24
ROW_GAP = 14
VALUE_ROOM = 44  # to the right of the longest bar, for its value
LABEL_CHARACTERS = 44  # wrap longer labels onto further lines
MIN_SEGMENT_FOR_VALUE = 22  # narrower segments leave their value to the table and the total


# How each kind of bar looks (`presentation.Look`: a fill colour and a pattern drawn over it in white).
STATUS_SERIES = presentation.STATUS_LOOKS
RAG_SERIES = presentation.RAG_LOOKS


@dataclass(frozen=True)
class Bar:
    """One figure to draw: its key (a Status or Rag value), label and count."""

    key: str
    label: str
    value: int


@dataclass(frozen=True)
class Segment:
    key: str
    label: str
    value: int
    x: float
    width: float
    colour: str
    fill: str  # a colour, or url(#pattern) over it
    text_x: float
    shows_value: bool


@dataclass(frozen=True)
class Row:
    label_lines: tuple[str, ...]
    label_y: int
    bar_y: int
    text_y: int
    segments: tuple[Segment, ...]
    total: int
    total_x: float


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    colour: str
    fill: str


@dataclass(frozen=True)
class PatternDef:
    id: str
    kind: str
    colour: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    width: int
    height: int
    rows: tuple[Row, ...]
    legend: tuple[LegendItem, ...]
    patterns: tuple[PatternDef, ...]
    stacked: bool


def bar_chart(*, chart_id: str, title: str, description: str, bars: Sequence[Bar], series) -> BarChart:
    """One bar per figure, each labelled with its name and value."""
    return _chart(
        chart_id=chart_id,
        title=title,
        description=description,
        rows=[(bar.label, [bar]) for bar in bars],
        series=series,
        stacked=False,
    )


def stacked_bar_chart(
    *, chart_id: str, title: str, description: str, rows: Sequence[tuple[str, Sequence[Bar]]], series
) -> BarChart:
    """One bar per row, split into segments (with a legend); the row's total at the bar's end."""
    return _chart(
        chart_id=chart_id, title=title, description=description, rows=rows, series=series, stacked=True
    )


def _pattern_id(chart_id: str, key: str) -> str:
    return f"{chart_id}-pattern-{key}"


def _fill(chart_id: str, key: str, look: presentation.Look) -> str:
    return f"url(#{_pattern_id(chart_id, key)})" if look.pattern else look.colour


def _chart(
    *, chart_id: str, title: str, description: str, rows: Iterable[tuple[str, Sequence[Bar]]], series, stacked
) -> BarChart:
    rows = [(label, [bar for bar in bars if bar.value]) for label, bars in rows]
    largest = max((sum(bar.value for bar in bars) for _, bars in rows), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    drawn, used_keys, y = [], {}, 0
    for label, bars in rows:
        lines = tuple(textwrap.wrap(label, LABEL_CHARACTERS)) or ("",)
        label_y = y + LABEL_SIZE
        bar_y = y + len(lines) * LINE_HEIGHT + 4
        x, segments = 0.0, []
        for bar in bars:
            look = series[bar.key]
            width = bar.value * scale
            used_keys[bar.key] = bar.label
            segments.append(
                Segment(
                    key=bar.key,
                    label=bar.label,
                    value=bar.value,
                    x=round(x, 2),
                    width=round(width, 2),
                    colour=look.colour,
                    fill=_fill(chart_id, bar.key, look),
                    text_x=round(x + width / 2, 2),
                    shows_value=stacked and width >= MIN_SEGMENT_FOR_VALUE,
                )
            )
            x += width
        drawn.append(
            Row(
                label_lines=lines,
                label_y=label_y,
                bar_y=bar_y,
                text_y=bar_y + BAR_HEIGHT // 2 + 6,
                segments=tuple(segments),
                total=sum(bar.value for bar in bars),
                total_x=round(x + 6, 2),
            )
        )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    ordered_keys = [key for key in series if key in used_keys]
    return BarChart(
        id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=max(y - ROW_GAP + 2, 1),
        rows=tuple(drawn),
        legend=tuple(
            LegendItem(key, used_keys[key], series[key].colour, _fill(chart_id, key, series[key]))
            for key in ordered_keys
        )
        if stacked
        else (),
        patterns=tuple(
            PatternDef(_pattern_id(chart_id, key), series[key].pattern, series[key].colour)
            for key in ordered_keys
            if series[key].pattern
        ),
        stacked=stacked,
    )
