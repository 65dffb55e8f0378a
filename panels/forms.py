"""Input validation for the panel pages' forms.

The rules live in `panels.services` (the `*_problems` functions, which the services enforce);
these forms read and tidy what was typed, ask the same functions so every problem shows at once
next to its field, and name each field's errors in GOV.UK words.
"""

from django import forms

from recommendations.models import NARRATIVE_MAX_LENGTH, Rag, Recommendation, Status
from tracker.forms import GovukFormMixin

from . import services
from .models import PanelRecommendation, PanelRecommendationUpdate, PanelReport

YES, NO = "yes", "no"
TOO_LONG = f"Enter {NARRATIVE_MAX_LENGTH:,} characters or fewer"
AGREED_CHOICES = [(YES, "Yes"), (NO, "No")]
# The hidden version is only missing or wrong if the page was tampered with or is very old.
VERSION_ERRORS = {
    "required": "The page is out of date: open it again and re-enter your changes",
    "invalid": "The page is out of date: open it again and re-enter your changes",
}


class RecommendationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, recommendation):
        return f"Recommendation {recommendation.ref}"

    def hint_from_instance(self, recommendation):
        """Each checkbox's hint: the recommendation's words (tracker.rendering shortens them)."""
        return recommendation.text


class PanelRecommendationForm(GovukFormMixin, forms.Form):
    """A new panel recommendation: its report, number, words and the recommendations it concerns."""

    report = forms.ModelChoiceField(
        queryset=PanelReport.objects.select_related("panel").order_by("panel__name", "published", "pk"),
        label="Report",
        help_text="The report that makes the recommendation",
        empty_label="Select the report",
        error_messages={
            "required": "Select the report the recommendation is from",
            "invalid_choice": "Select a report from the list",
        },
    )
    number = forms.IntegerField(
        label="Number",
        help_text="Its number in the report's action plan, for example 6",
        min_value=1,
        max_value=32767,
        error_messages={
            "required": "Enter the recommendation's number",
            "invalid": "The number must be a whole number, like 6",
            "min_value": "The number must be 1 or more",
            "max_value": "The number must be 32767 or less",
        },
    )
    text = forms.CharField(
        label="Recommendation",
        help_text="As the report words it",
        widget=forms.Textarea,
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG, "required": "Enter the panel's recommendation"},
    )
    recommendations = RecommendationChoiceField(
        queryset=Recommendation.objects.none(),  # the review's: see __init__
        label="Commission recommendations it concerns",
        help_text="Select all that apply. Leave them all unselected if it concerns none in particular.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Select recommendations from the list"},
    )

    field_options = {
        "number": {"width": 3, "inputmode": "numeric", "spellcheck": "false"},
        "text": {"rows": 6},
        "recommendations": {"small": True, "classes": "app-recommendation-choices", "item_ids": "index"},
    }

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        # The review's own reports, and its own recommendations.
        self.fields["report"].queryset = self.fields["report"].queryset.filter(review=review)
        self.fields["recommendations"].queryset = Recommendation.objects.filter(review=review).order_by("ref")
        reports = list(self.fields["report"].queryset[:2])
        if len(reports) == 1:
            self.fields["report"].initial = reports[0].pk

    def clean(self):
        cleaned_data = super().clean()
        report, number = cleaned_data.get("report"), cleaned_data.get("number")
        if report is not None and number is not None:
            self.add_problems(
                services.panel_recommendation_new_problems(
                    report=report,
                    number=number,
                    text=cleaned_data.get("text", ""),
                    recommendations=cleaned_data.get("recommendations", []),
                )
            )
        return cleaned_data


class PanelRecommendationResponseForm(GovukFormMixin, forms.Form):
    """The action-plan response: who coordinates, agreed or why not, how, who and by when."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=VERSION_ERRORS)
    coordinators = forms.CharField(
        label="Directorate and Cabinet Member(s) asked to coordinate the response",
        required=False,
        widget=forms.Textarea,
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG},
    )
    agreed = forms.TypedChoiceField(
        label="Is the recommendation agreed?",
        choices=AGREED_CHOICES,
        coerce=lambda value: value == YES,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select yes if the recommendation is agreed",
            "invalid_choice": "Select yes if the recommendation is agreed",
        },
    )
    not_agreed_reason = forms.CharField(
        label="If not, why not?",
        help_text="Only if it is not agreed",
        required=False,
        widget=forms.Textarea,
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG},
    )
    implementation = forms.CharField(
        label="How will it be implemented?",
        required=False,
        widget=forms.Textarea,
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG},
    )
    responsible = forms.CharField(
        label="Who will be responsible for implementation?",
        required=False,
        max_length=300,
        error_messages={"max_length": "Who is responsible must be 300 characters or fewer"},
    )
    timescale = forms.CharField(
        label="What is the estimated timescale for implementation?",
        help_text='For example, "June 2011", "Summer 2011" or "On-going"',
        required=False,
        max_length=200,
        error_messages={"max_length": "The timescale must be 200 characters or fewer"},
    )

    field_options = {
        "coordinators": {"rows": 3},
        "not_agreed_reason": {"rows": 4},
        "implementation": {"rows": 4},
        "timescale": {"width_class": "govuk-!-width-one-half"},
    }

    # The fields a newer saved version is compared on, in page order.
    compared_fields = (
        "coordinators",
        "agreed",
        "not_agreed_reason",
        "implementation",
        "responsible",
        "timescale",
    )

    @classmethod
    def initial_from(cls, panel_recommendation: PanelRecommendation) -> dict:
        """The form's starting values: the response as recorded."""
        agreed = {True: YES, False: NO}.get(panel_recommendation.agreed)
        return {
            "version": panel_recommendation.version,
            "coordinators": panel_recommendation.coordinators,
            "agreed": agreed,
            "not_agreed_reason": panel_recommendation.not_agreed_reason,
            "implementation": panel_recommendation.implementation,
            "responsible": panel_recommendation.responsible,
            "timescale": panel_recommendation.timescale,
        }

    def clean(self):
        cleaned_data = super().clean()
        self.add_problems(
            services.panel_recommendation_response_problems(
                agreed=cleaned_data.get("agreed"),
                not_agreed_reason=cleaned_data.get("not_agreed_reason", ""),
                timescale=cleaned_data.get("timescale", ""),
            )
        )
        return cleaned_data

    def saved_values(self, saved: PanelRecommendation) -> dict:
        return self.initial_from(saved)


class PanelRecommendationUpdateForm(GovukFormMixin, forms.Form):
    """A quarter's progress on a panel recommendation: what happened, its status and RAG."""

    version = forms.IntegerField(widget=forms.HiddenInput, error_messages=VERSION_ERRORS)
    narrative = forms.CharField(
        label="Progress this quarter",
        help_text="What has been done, what is still to do, and anything in the way",
        required=False,
        widget=forms.Textarea,
        max_length=NARRATIVE_MAX_LENGTH,
        error_messages={"max_length": TOO_LONG},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Status.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the status"},
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        help_text="Red, amber or green for how it is going; complete when it is done",
        choices=Rag.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select the RAG rating"},
    )

    @classmethod
    def initial_from(cls, update: PanelRecommendationUpdate | None) -> dict:
        """The form's starting values: the quarter's update if one is recorded, else empty."""
        if update is None:
            return {"version": 0}
        return {
            "version": update.version,
            "narrative": update.narrative,
            "status": update.status,
            "rag": update.rag,
        }

    def clean(self):
        cleaned_data = super().clean()
        self.add_problems(
            services.panel_recommendation_update_problems(
                narrative=cleaned_data.get("narrative", ""),
                status=cleaned_data.get("status", ""),
                rag=cleaned_data.get("rag", ""),
            )
        )
        return cleaned_data

    compared_fields = ("narrative", "status", "rag")
    field_options = {"narrative": {"rows": 6}, "status": {"small": True}, "rag": {"small": True}}

    def saved_values(self, saved: PanelRecommendationUpdate) -> dict:
        return self.initial_from(saved)
