"""Where a recommendation or action stands: status and RAG, and the overdue rule."""

import datetime

from django.db import models


class Status(models.TextChoices):
    """Where a recommendation or proposed action stands."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    NO_PROGRESS = "no_progress", "No progress"
    SUPERSEDED = "superseded", "Superseded"


# A recommendation or action in one of these needs no more updates.
CLOSED_STATUSES = (Status.COMPLETED, Status.SUPERSEDED)


def overdue_actions(actions, *, on: datetime.date):
    """The overdue rule, the one place it is written: an action is overdue on a day when it was due
    before that day and is neither completed nor superseded. `actions` is a QuerySet of proposed
    actions, now or as they stood (`ProposedAction.history.as_of(...)`);
    `ProposedAction.is_overdue` is the same rule for an action already read."""
    return actions.filter(due_date__lt=on).exclude(status__in=CLOSED_STATUSES)


class Rag(models.TextChoices):
    """Red / amber / green rating; complete is the report's grey."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


# The most a narrative (or any long free text a person writes) may hold: about eight pages, more
# than any update the council has written, and short enough to compare word by word.
NARRATIVE_MAX_LENGTH = 20_000
