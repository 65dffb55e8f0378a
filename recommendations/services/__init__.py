"""Writes and state transitions, each in one transaction, one module per area.

Every service records who and why on the history rows it writes (`tracker.versioning`), raises
`tracker.errors.WorkflowError` (a message fit for the user, and the form field it concerns) when
it refuses, and a refused move changes nothing. Allowed moves are declared beside their states
(`ProgressUpdate.TRANSITIONS`, `ReportingPeriod.TRANSITIONS`) and checked here.
"""

from .people import (
    account_deactivate,
    account_invitation_resend,
    account_invite,
    account_reactivate,
    officer_link_account,
)
from .periods import (
    next_quarter,
    reporting_period_close,
    reporting_period_delete,
    reporting_period_edit,
    reporting_period_open,
    reporting_period_open_planned,
    reporting_period_plan,
    reporting_period_problems,
    reporting_period_reopen,
)
from .questions import question_answer, question_ask
from .records import recommendation_assign_lead_officer
from .reminders import REMINDER_LEAD, reminders_send, reminders_send_now
from .updates import (
    completes_last_open_action,
    progress_update_accept,
    progress_update_correct,
    progress_update_return,
    progress_update_save,
    progress_update_submit,
    progress_updates_review_together,
)

__all__ = [
    "account_deactivate",
    "account_invitation_resend",
    "account_invite",
    "account_reactivate",
    "officer_link_account",
    "REMINDER_LEAD",
    "completes_last_open_action",
    "next_quarter",
    "progress_update_accept",
    "progress_update_correct",
    "progress_update_return",
    "progress_update_save",
    "progress_update_submit",
    "progress_updates_review_together",
    "question_answer",
    "question_ask",
    "recommendation_assign_lead_officer",
    "reminders_send",
    "reminders_send_now",
    "reporting_period_close",
    "reporting_period_delete",
    "reporting_period_edit",
    "reporting_period_open",
    "reporting_period_open_planned",
    "reporting_period_plan",
    "reporting_period_problems",
    "reporting_period_reopen",
]
