"""The report's KEY: the shading of completed and EMG / I&E focus rows, declared once for every
format (Word, Excel, print), beside the words every shaded row also carries."""

from recommendations.columns import KEY_COMPLETED, KEY_FOCUS

GREY = "D9D9D9"  # completed
YELLOW = "FFFF99"  # EMG / I&E focus
THEME_FILL = "E7E6E6"  # a theme's heading row
HEADER_FILL = "BFBFBF"

KEY = ((GREY, KEY_COMPLETED), (YELLOW, KEY_FOCUS))
KEY_TEXT = "KEY: GREY shaded progress areas = Completed. YELLOW shaded areas = EMG / I&E focus."


def recommendation_fill(row) -> str | None:
    """The fill of a recommendation's own cells (Ref, Recommendation, Assigned to, Status, RAG)."""
    if row.focus:
        return YELLOW
    if row.status == KEY_COMPLETED:
        return GREY
    return None


def row_fill(row) -> str | None:
    """The fill of a row's own cells (Lead Officer to Progress update, Key): grey where completed."""
    if row.completed:
        return GREY
    if row.focus:
        return YELLOW
    return None


# The print page's class for each fill ("app-paper--grey"), its colour drawn from the above.
FILL_NAMES = {GREY: "grey", YELLOW: "yellow"}


def print_colours() -> dict[str, str]:
    """The print page's KEY colours by class name."""
    return {name: f"#{fill}" for fill, name in FILL_NAMES.items()}
