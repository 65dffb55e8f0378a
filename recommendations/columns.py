"""The columns of Appendix 1, defined once: every export writes them, and an import reads them.

The report's own layout ("Progress in Implementing Recommendations") has seven columns,
`APPENDIX_1_COLUMNS`. The papers add, as an option, `STATUS_AND_RAG_COLUMNS`, and always end on
`KEY_COLUMN`: the report's KEY in words, so a shaded row never says what it says by colour alone.
The CSV (and any file meant to be read back) carries `CSV_COLUMNS`.

What the rows hold, in every format:
- one row per proposed action, in the order of the report; a recommendation with no action has
  one row with the action's cells empty;
- where the recommendation as a whole has an update (its own progress, not an action's), one more
  row after its actions with "Lead Officer", "Proposed Action" and "Timescale" empty and that
  update under "Progress update", as the report writes a recommendation's progress where it has
  no action;
- "Status" and "RAG" are the recommendation's; "Action status" is the row's own (the action's, or
  the recommendation's on a row without an action);
- "Key" is empty, "Completed", "EMG / I&E focus" or both joined by "; " (`KEY_SEPARATOR`):
  "Completed" where the row's own status is completed or the recommendation is, "EMG / I&E
  focus" where the recommendation is one (the report's yellow);
- "Due date" is the action's due date as understood from its timescale (YYYY-MM-DD), or empty;
- "Quarter" is the name of the quarter the file shows, or "now" (`NOW`).

In the spreadsheet (XLSX) paper a theme is a row of its own before its recommendations: the
theme's name under "Ref" and every other cell empty; the CSV has the "Theme" column instead.

These names are stable: a file exported today must read the same way later. Add a column at the
end rather than rename one.
"""

REF = "Ref"
RECOMMENDATION = "Recommendation"
ASSIGNED_TO = "Assigned to"
LEAD_OFFICER = "Lead Officer"
PROPOSED_ACTION = "Proposed Action"
TIMESCALE = "Timescale"
PROGRESS_UPDATE = "Progress update"
STATUS = "Status"
RAG = "RAG"
KEY = "Key"
THEME = "Theme"
ACTION_STATUS = "Action status"
DUE_DATE = "Due date"
QUARTER = "Quarter"

# The report's Appendix 1, in its order.
APPENDIX_1_COLUMNS = (
    REF,
    RECOMMENDATION,
    ASSIGNED_TO,
    LEAD_OFFICER,
    PROPOSED_ACTION,
    TIMESCALE,
    PROGRESS_UPDATE,
)
# The "with status and RAG" layout adds these after the report's columns.
STATUS_AND_RAG_COLUMNS = (STATUS, RAG)
KEY_COLUMN = KEY
# The report's KEY, in words.
KEY_COMPLETED = "Completed"
KEY_FOCUS = "EMG / I&E focus"
KEY_SEPARATOR = "; "
NOW = "now"

# The CSV: every column, one row per proposed action, the theme on each row.
CSV_COLUMNS = (
    THEME,
    *APPENDIX_1_COLUMNS,
    *STATUS_AND_RAG_COLUMNS,
    KEY,
    ACTION_STATUS,
    DUE_DATE,
    QUARTER,
)


def paper_columns(*, with_status_and_rag: bool) -> tuple[str, ...]:
    """The columns of the Appendix 1 paper (Word, Excel, print): the council's layout, or with
    status and RAG; the KEY's words last."""
    extra = STATUS_AND_RAG_COLUMNS if with_status_and_rag else ()
    return (*APPENDIX_1_COLUMNS, *extra, KEY_COLUMN)


# The Scrutiny Action Plan (the panel's own recommendations), in the report's order and words.
ACTION_PLAN_COLUMNS = (
    "No.",
    "Recommendation",
    "Directorate and Cabinet Member(s)",
    "Agreed?",
    "How will this be implemented?",
    "Who will be responsible for implementation?",
    "Estimated timescale",
)
# For a quarter, the progress recorded against each.
ACTION_PLAN_PROGRESS_COLUMNS = ("Status", "RAG", "Progress")
