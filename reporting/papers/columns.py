"""The Appendix 1 columns the papers write: defined once in `recommendations.columns` (where the
write side, an import, may read them too) and named here for the papers."""

from recommendations.columns import (
    ACTION_PLAN_COLUMNS,
    ACTION_PLAN_PROGRESS_COLUMNS,
    APPENDIX_1_COLUMNS,
    CSV_COLUMNS,
    KEY_COLUMN,
    KEY_COMPLETED,
    KEY_FOCUS,
    KEY_SEPARATOR,
    STATUS_AND_RAG_COLUMNS,
    paper_columns,
)

__all__ = [
    "ACTION_PLAN_COLUMNS",
    "ACTION_PLAN_PROGRESS_COLUMNS",
    "APPENDIX_1_COLUMNS",
    "CSV_COLUMNS",
    "KEY_COLUMN",
    "KEY_COMPLETED",
    "KEY_FOCUS",
    "KEY_SEPARATOR",
    "STATUS_AND_RAG_COLUMNS",
    "paper_columns",
]
