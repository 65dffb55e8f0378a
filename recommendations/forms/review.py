"""The coordinator's decision on a submitted update: accept it, or return it with a reason."""

from django import forms

from tracker.forms import GovukFormMixin


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
