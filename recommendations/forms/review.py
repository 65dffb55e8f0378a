"""The coordinator's decision on a submitted update (accept it, or return it with a reason), and
the correction of an accepted one."""

from django import forms

from tracker.forms import GovukFormMixin

from ..models import NARRATIVE_MAX_LENGTH, Rag, Status


class UpdateAcceptForm(GovukFormMixin, forms.Form):
    """Accepting a submitted update, with an optional note and, for a completion, the check.

    `version` is the update's version the page showed: one resubmitted since is not accepted unseen.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    field_options = {"note": {"rows": 3}}

    note = forms.CharField(
        label="Note (optional)",
        help_text="Kept with the update, for example what you checked",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "Note must be 2,000 characters or fewer"},
    )
    # progress_update_accept refuses a completion without this, with its own message.
    completion_verified = forms.BooleanField(
        label="I have checked the evidence for this completion",
        help_text="Check the evidence above before accepting a completion.",
        required=False,
    )
    # Offered only when the update completes the recommendation's last open action.
    complete_recommendation = forms.BooleanField(
        label="Also mark the recommendation as completed",
        help_text="Every other proposed action of the recommendation is completed or superseded.",
        required=False,
    )


class UpdateCorrectForm(GovukFormMixin, forms.Form):
    """A correction of an accepted update: what it should have said, and why it is corrected."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    reason = forms.CharField(
        label="Why are you correcting it?",
        help_text="Shown on the recommendation's timeline with your name and the date",
        required=False,  # progress_update_correct refuses a blank reason, with its own message
        max_length=500,
        widget=forms.Textarea,
        error_messages={"max_length": "Reason must be 500 characters or fewer"},
    )
    narrative = forms.CharField(
        label="Progress",
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={"max_length": f"The progress must be {NARRATIVE_MAX_LENGTH:,} characters or fewer"},
    )
    status = forms.ChoiceField(
        choices=Status.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the status",
            "invalid_choice": "Select one of the statuses listed",
        },
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a RAG rating",
            "invalid_choice": "Select one of the RAG ratings listed",
        },
    )
    revised_timescale = forms.CharField(
        label="Revised timescale (optional)",
        required=False,
        max_length=200,
        error_messages={"max_length": "The revised timescale must be 200 characters or fewer"},
    )
    evidence_links = forms.CharField(
        label="Evidence links (optional)",
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea,
        help_text="One web address per line",
        error_messages={"max_length": f"Evidence links must be {NARRATIVE_MAX_LENGTH:,} characters or fewer"},
    )
    completion_verified = forms.BooleanField(
        label="I have checked the evidence for this completion", required=False
    )

    compared_fields = ("narrative", "status", "rag", "revised_timescale", "evidence_links")
    field_options = {
        "reason": {"rows": 3},
        "narrative": {"rows": 8},
        "rag": {"inline": True},
        "revised_timescale": {"width": 20},
        "evidence_links": {"rows": 3},
    }

    @staticmethod
    def initial_for(update) -> dict:
        return {
            "version": update.version,
            "narrative": update.narrative,
            "status": update.status,
            "rag": update.rag,
            "revised_timescale": update.revised_timescale,
            "evidence_links": update.evidence_links,
            "completion_verified": update.completion_verified,
        }

    def saved_values(self, update) -> dict:
        return self.initial_for(update)

    def values(self) -> dict:
        """The correction, as progress_update_correct takes it."""
        names = (
            "reason",
            "narrative",
            "status",
            "rag",
            "revised_timescale",
            "evidence_links",
            "completion_verified",
        )
        return {name: self.cleaned_data[name] for name in names}


class UpdateReturnForm(GovukFormMixin, forms.Form):
    """Returning a submitted update to its author, with the reason (and the version the page showed)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    field_options = {"reason": {"rows": 4}}

    reason = forms.CharField(
        label="Why are you returning it?",
        help_text="The officer is emailed this reason with a link to revise the update",
        required=False,  # progress_update_return refuses a blank reason, with its own message
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Reason must be 2,000 characters or fewer"},
    )


class BulkReviewForm(GovukFormMixin, forms.Form):
    """Several submitted updates, each with the version the page showed, accepted together or
    returned with one reason. `update` values are "<id>:<version>"."""

    updates = forms.MultipleChoiceField(
        label="Updates", required=True, error_messages={"required": "Select the updates to accept or return"}
    )
    decision = forms.ChoiceField(choices=[("accept", "Accept"), ("return", "Return")])
    reason = forms.CharField(
        label="Why are you returning them?",
        help_text="Only to return them: each officer is emailed this reason",
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"max_length": "Reason must be 2,000 characters or fewer"},
    )
    non_field_anchor = "#bulk-review"
    field_options = {"reason": {"rows": 3}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any "<id>:<version>" is a choice the form can read; the service checks each update.
        self.fields["updates"].choices = (
            [(value, value) for value in self.data.getlist("updates")] if self.data else []
        )

    def clean_updates(self):
        chosen = []
        for value in self.cleaned_data["updates"]:
            pk, _, version = value.partition(":")
            if not (pk.isdigit() and version.isdigit()):
                raise forms.ValidationError("Select the updates from the list")
            chosen.append((int(pk), int(version)))
        return chosen
