"""Saving a history-tracked record as every service does: who and why on its history row, and
its edit counter (`version`) checked so a form opened on an older version never overwrites it."""

from .errors import ConflictError

# django-simple-history keeps a change reason in 100 characters.
REASON_LENGTH = 100


def save_with_history(instance, *, reason: str, by) -> None:
    """Save `instance`, recording `by` (a user, or None for a command) and `reason` on its history row."""
    instance._change_reason = reason[:REASON_LENGTH]
    instance._history_user = by
    instance.save()


def check_version(instance, expected_version: int | None) -> None:
    """Refuse (`ConflictError`) unless `instance` is still at the version the form was opened on;
    `None` means the caller did not open a form (a command), so nothing is checked."""
    if expected_version is not None and instance.version != expected_version:
        raise ConflictError(instance)
