"""Status, RAG and state colours are declared once (recommendations.presentation): the tags on the
pages and the dashboard's charts both read that declaration, and it keeps the colours they had."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from recommendations import presentation
from recommendations.models import ProgressUpdate, Rag, ReportingPeriod, Status
from reporting import charts

# The colours the pages and charts have: a change here is a change people will see. Each tag of
# a kind differs from the others in greyscale too (tests/browser/test_reflow.py measures them).
STATUS_COLOURS = {
    Status.NOT_ASSESSED: ("govuk-tag govuk-tag--grey", "#484949", "dots"),
    Status.NOT_STARTED: ("govuk-tag govuk-tag--yellow", "#806f00", "lines"),
    Status.IN_PROGRESS: ("govuk-tag app-tag--strong-blue", "#1d70b8", "stripes"),
    Status.COMPLETED: ("govuk-tag app-tag--solid-green", "#0f7a52", ""),
    Status.NO_PROGRESS: ("govuk-tag app-tag--strong-red", "#ca3535", "crosshatch"),
    Status.SUPERSEDED: ("govuk-tag app-tag--solid-purple", "#54319f", "lines"),
}
RAG_COLOURS = {
    Rag.NOT_ASSESSED: ("govuk-tag govuk-tag--grey", "#484949", "dots"),
    Rag.RED: ("govuk-tag app-tag--strong-red", "#ca3535", "crosshatch"),
    Rag.AMBER: ("govuk-tag govuk-tag--orange", "#b7592a", "stripes"),
    Rag.GREEN: ("govuk-tag app-tag--solid-green", "#0f7a52", ""),
    # "Complete" is dark, no longer the light grey of "Not assessed".
    Rag.COMPLETE: ("govuk-tag app-tag--solid-black", "#0b0c0c", "lines"),
}
UPDATE_STATE_TAGS = {
    ProgressUpdate.State.DRAFT: "govuk-tag govuk-tag--grey",
    ProgressUpdate.State.SUBMITTED: "govuk-tag",
    ProgressUpdate.State.RETURNED: "govuk-tag govuk-tag--orange",
    ProgressUpdate.State.ACCEPTED: "govuk-tag govuk-tag--green",
}
PERIOD_STATE_TAGS = {
    ReportingPeriod.State.PLANNED: "govuk-tag",
    ReportingPeriod.State.OPEN: "govuk-tag govuk-tag--green",
    ReportingPeriod.State.CLOSED: "govuk-tag govuk-tag--grey",
    ReportingPeriod.State.REOPENED: "govuk-tag govuk-tag--purple",
}


class TagReader(HTMLParser):
    """The class and words of the one <strong> tag a tag component draws."""

    def __init__(self):
        super().__init__()
        self.classes, self.words = None, ""

    def handle_starttag(self, tag, attrs):
        if tag == "strong":
            self.classes = dict(attrs)["class"]

    def handle_data(self, data):
        self.words += data


def drawn_tag(template: str, **context) -> tuple[str, str]:
    reader = TagReader()
    reader.feed(render_to_string(template, context))
    return reader.classes, reader.words.strip()


def test_every_status_and_rag_rating_has_one_look():
    assert set(presentation.STATUS_LOOKS) == set(Status)
    assert set(presentation.RAG_LOOKS) == set(Rag)
    assert set(presentation.UPDATE_STATE_LOOKS) == set(ProgressUpdate.State)
    assert set(presentation.PERIOD_STATE_LOOKS) == set(ReportingPeriod.State)


def declared(kind: str, looks: dict) -> dict:
    return {
        value: (presentation.tag_class(kind, value), look.colour, look.pattern)
        for value, look in looks.items()
    }


def test_the_declaration_keeps_the_colours_the_pages_and_charts_had():
    assert declared("status", presentation.STATUS_LOOKS) == STATUS_COLOURS
    assert declared("rag", presentation.RAG_LOOKS) == RAG_COLOURS
    assert {state: presentation.tag_class("update_state", state) for state in ProgressUpdate.State} == (
        UPDATE_STATE_TAGS
    )
    assert {state: presentation.tag_class("period_state", state) for state in ReportingPeriod.State} == (
        PERIOD_STATE_TAGS
    )


@pytest.mark.parametrize("status", Status)
def test_a_status_tag_takes_its_colour_from_the_declaration(status):
    classes, words = drawn_tag("components/status_tag.html", status=status, label=status.label)

    assert classes == presentation.tag_class("status", status) == STATUS_COLOURS[status][0]
    assert words == status.label


@pytest.mark.parametrize("rag", Rag)
def test_a_rag_tag_takes_its_colour_from_the_declaration(rag):
    classes, words = drawn_tag("components/rag_tag.html", rag=rag, label=rag.label)

    assert classes == presentation.tag_class("rag", rag) == RAG_COLOURS[rag][0]
    assert words == rag.label


def test_state_tags_take_their_colours_from_the_declaration():
    for state in ProgressUpdate.State:
        assert (
            drawn_tag("components/update_state_tag.html", state=state, label=state.label)[0]
            == (UPDATE_STATE_TAGS[state])
        )
        assert (
            drawn_tag("components/update_progress_tag.html", state=state, label=state.label)[0]
            == (UPDATE_STATE_TAGS[state])
        )
    for state in ReportingPeriod.State:
        assert (
            drawn_tag("components/period_state_tag.html", state=state, label=state.label)[0]
            == (PERIOD_STATE_TAGS[state])
        )


def test_a_work_item_without_an_update_is_teal_and_an_unknown_value_is_grey():
    assert drawn_tag("components/update_progress_tag.html", state="", label="Not started") == (
        "govuk-tag govuk-tag--teal",
        "Not started",
    )
    assert (
        drawn_tag("components/status_tag.html", status="", label="Not assessed")[0]
        == "govuk-tag govuk-tag--grey"
    )
    assert (
        drawn_tag("components/rag_tag.html", rag=None, label="Not assessed")[0] == "govuk-tag govuk-tag--grey"
    )


@pytest.mark.parametrize(
    ("values", "series", "expected"),
    [(Status, charts.STATUS_SERIES, STATUS_COLOURS), (Rag, charts.RAG_SERIES, RAG_COLOURS)],
    ids=["status", "rag"],
)
def test_chart_bars_take_their_colours_and_patterns_from_the_declaration(values, series, expected):
    chart = charts.stacked_bar_chart(
        chart_id="chart",
        title="Every value",
        description="One segment of each",
        rows=[("All", [charts.Bar(value, value.label, 1) for value in values])],
        series=series,
    )

    segments = {segment.key: segment for segment in chart.rows[0].segments}
    patterns = {pattern.id: pattern for pattern in chart.patterns}
    for value in values:
        _, colour, pattern = expected[value]
        segment = segments[value]
        assert segment.colour == colour
        if pattern:
            assert segment.fill == f"url(#chart-pattern-{value})"
            assert (patterns[f"chart-pattern-{value}"].kind, patterns[f"chart-pattern-{value}"].colour) == (
                pattern,
                colour,
            )
        else:
            assert segment.fill == colour
    assert [item.fill for item in chart.legend] == [segments[value].fill for value in values]
