"""Input validation for the recommendation pages' forms, one module per area.

Services hold the rules of the workflow (a blank question is refused by `question_ask`); these
forms read and tidy what was typed, and show a service's refusal next to its field through
`tracker.forms.GovukFormMixin`, as every form does.
"""

from .compare import VersionCompareForm
from .officers import LeadOfficerForm, OfficerChoiceField, officer_label
from .people import InvitationForm, OfficerAccountForm
from .quarters import QuarterForm, ReportingPeriodForm, ReportingPeriodReopenForm
from .questions import QUESTION_MAX_LENGTH, AnswerForm, QuestionForm
from .review import BulkReviewForm, UpdateAcceptForm, UpdateCorrectForm, UpdateReturnForm
from .updates import ProgressUpdateForm

__all__ = [
    "BulkReviewForm",
    "QUESTION_MAX_LENGTH",
    "AnswerForm",
    "InvitationForm",
    "LeadOfficerForm",
    "OfficerAccountForm",
    "OfficerChoiceField",
    "ProgressUpdateForm",
    "QuarterForm",
    "QuestionForm",
    "ReportingPeriodForm",
    "ReportingPeriodReopenForm",
    "UpdateAcceptForm",
    "UpdateCorrectForm",
    "UpdateReturnForm",
    "VersionCompareForm",
    "officer_label",
]
