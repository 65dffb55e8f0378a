"""How each status, RAG rating and state looks, declared once.

Each value has its GOV.UK tag colour (`components/status_tag.html`, `components/rag_tag.html` and
the other state tags read it through the `tag_class` filter), and each status and RAG rating its
chart colour and pattern (`reporting.charts` draws the dashboard's bars with them).

Chart colours are GOV.UK palette colours dark enough for white text (4.5:1) and for a bar against
the white page (3:1). Colour is never the only cue: tags carry their words, bars are labelled, and
the segments of a stacked bar also differ by pattern, shown in the legend.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import ProgressUpdate, Rag, ReportingPeriod, Status

TAG = "govuk-tag"


@dataclass(frozen=True)
class Look:
    """How one value looks: its tag colour and, in a chart, a fill with a white pattern over it."""

    tag: str  # the tag's colour modifier, such as "govuk-tag--green"; "" is the tag's own blue
    colour: str = ""  # the chart's fill
    pattern: str = ""  # drawn over the fill: "", "stripes", "dots", "crosshatch", "lines"


# Within each kind, every value's tag has a clearly different lightness (at least 25 levels of
# 255 apart in greyscale), so the tags stay apart for anyone who cannot tell the colours apart,
# and on a greyscale print: the lighter tints with dark words, the strong and solid fills (the
# chart colours, or their tints) with white or dark words as contrast needs. The `app-tag--`
# modifiers are in static/scss/application.scss.
STATUS_LOOKS = {
    # "Not assessed" is grey: the source gave no status, so none is implied.
    Status.NOT_ASSESSED: Look("govuk-tag--grey", "#484949", "dots"),  # grey #cecece
    Status.NOT_STARTED: Look("govuk-tag--yellow", "#806f00", "lines"),  # yellow #ffee80
    Status.IN_PROGRESS: Look("app-tag--strong-blue", "#1d70b8", "stripes"),  # blue #5694ca
    Status.COMPLETED: Look("app-tag--solid-green", "#0f7a52"),  # the chart's green
    Status.NO_PROGRESS: Look("app-tag--strong-red", "#ca3535", "crosshatch"),  # red #e59a9a
    Status.SUPERSEDED: Look("app-tag--solid-purple", "#54319f", "lines"),  # the chart's purple
}

RAG_LOOKS = {
    # "Complete" is the report's shading made solid: dark, never the light grey of "Not assessed".
    Rag.NOT_ASSESSED: Look("govuk-tag--grey", "#484949", "dots"),  # grey #cecece
    Rag.RED: Look("app-tag--strong-red", "#ca3535", "crosshatch"),  # red #e59a9a
    Rag.AMBER: Look("govuk-tag--orange", "#b7592a", "stripes"),  # orange #fde4d7
    Rag.GREEN: Look("app-tag--solid-green", "#0f7a52"),  # the chart's green
    Rag.COMPLETE: Look("app-tag--solid-black", "#0b0c0c", "lines"),  # the chart's black
}

UPDATE_STATE_LOOKS = {
    ProgressUpdate.State.DRAFT: Look("govuk-tag--grey"),
    ProgressUpdate.State.SUBMITTED: Look(""),
    ProgressUpdate.State.RETURNED: Look("govuk-tag--orange"),
    ProgressUpdate.State.ACCEPTED: Look("govuk-tag--green"),
}

# Where an officer's work item stands: its update's state, or "Not started" with no update yet.
WORK_ITEM_LOOKS = {**UPDATE_STATE_LOOKS, "": Look("govuk-tag--teal")}

PERIOD_STATE_LOOKS = {
    ReportingPeriod.State.PLANNED: Look(""),
    ReportingPeriod.State.OPEN: Look("govuk-tag--green"),
    ReportingPeriod.State.CLOSED: Look("govuk-tag--grey"),
    ReportingPeriod.State.REOPENED: Look("govuk-tag--purple"),
}

# Each kind of value, and how a value the declaration does not know (say a blank) looks.
LOOKS = {
    "status": (STATUS_LOOKS, STATUS_LOOKS[Status.NOT_ASSESSED]),
    "rag": (RAG_LOOKS, RAG_LOOKS[Rag.NOT_ASSESSED]),
    "update_state": (UPDATE_STATE_LOOKS, Look("")),
    "work_item": (WORK_ITEM_LOOKS, Look("")),
    "period_state": (PERIOD_STATE_LOOKS, Look("")),
}


def look_of(kind: str, value) -> Look:
    """How a value of this kind ("status", "rag", "update_state", "work_item", "period_state") looks."""
    looks, otherwise = LOOKS[kind]
    return looks.get(value or "", otherwise)


def tag_class(kind: str, value) -> str:
    """The GOV.UK tag's classes for a value: "govuk-tag govuk-tag--green", or "govuk-tag" for blue."""
    modifier = look_of(kind, value).tag
    return f"{TAG} {modifier}" if modifier else TAG
