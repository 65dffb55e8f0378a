"""The record: reviews, recommendations and their actions, reporting quarters, progress updates.

One module per part (`choices`, `reviews`, `recommendations`, `periods`, `updates`); every model
and its vocabulary is importable from here.
"""

from .choices import CLOSED_STATUSES, NARRATIVE_MAX_LENGTH, Rag, Status, overdue_actions
from .periods import Reminder, ReportingPeriod, ReportingPeriodQuerySet, SnapshotRow
from .recommendations import (
    HistoricalRecommendationQuerySet,
    ProposedAction,
    ProposedActionQuerySet,
    Recommendation,
    RecommendationQuerySet,
)
from .reviews import RESERVED_SLUGS, Assignee, Officer, Review, Theme
from .updates import (
    EvidenceFile,
    ProgressUpdate,
    ProgressUpdateQuerySet,
    Question,
    QuestionQuerySet,
    evidence_upload_to,
)

__all__ = [
    "CLOSED_STATUSES",
    "NARRATIVE_MAX_LENGTH",
    "Assignee",
    "EvidenceFile",
    "HistoricalRecommendationQuerySet",
    "Officer",
    "ProgressUpdate",
    "ProgressUpdateQuerySet",
    "ProposedAction",
    "ProposedActionQuerySet",
    "Question",
    "QuestionQuerySet",
    "Rag",
    "Recommendation",
    "Reminder",
    "RecommendationQuerySet",
    "ReportingPeriod",
    "ReportingPeriodQuerySet",
    "RESERVED_SLUGS",
    "Review",
    "SnapshotRow",
    "Status",
    "Theme",
    "evidence_upload_to",
    "overdue_actions",
]
