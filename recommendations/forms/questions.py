"""A panel member's question to a recommendation's lead officer, and the answer."""

from django import forms

from tracker.forms import GovukFormMixin

QUESTION_MAX_LENGTH = 2000


class QuestionForm(GovukFormMixin, forms.Form):
    """A panel member's question to the recommendation's lead officer."""

    text = forms.CharField(
        label="Ask the lead officer a question",
        help_text="The recommendation's lead officers are emailed your question with a link to this page.",
        required=False,  # question_ask refuses a blank question, with its own message
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Your question must be {QUESTION_MAX_LENGTH:,} characters or fewer"},
    )

    field_options = {"text": {"label_class": "govuk-label--m"}}


class AnswerForm(GovukFormMixin, forms.Form):
    """The lead officer's answer to one question."""

    answer = forms.CharField(
        label="Your answer",
        help_text="The panel member who asked is emailed your answer.",
        required=False,  # question_answer refuses a blank answer, with its own message
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Your answer must be {QUESTION_MAX_LENGTH:,} characters or fewer"},
    )

    field_options = {"answer": {"rows": 4}}
