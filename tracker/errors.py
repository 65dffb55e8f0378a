"""The refusals every app's services raise, and every form shows the same way.

A service that refuses a move raises `WorkflowError` with a message fit for the user and the form
field it concerns; a save made on an out-of-date version raises `ConflictError` carrying the
newer version. Views turn both into form errors through `tracker.forms.GovukFormMixin.refuse`.
"""


class WorkflowError(Exception):
    """A refused move, with a message for the user and the form field it concerns (if any)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ConflictError(WorkflowError):
    """Someone saved a newer version since the form was opened; `current` is that version."""

    def __init__(self, current):
        super().__init__(
            "Someone else saved a newer version while you were editing. "
            "Their version is shown beside yours: merge the two and save again."
        )
        self.current = current
