"""Choosing the officer who leads a recommendation."""

from django import forms

from tracker.forms import GovukFormMixin

from ..models import Officer


def officer_label(officer) -> str:
    """An officer as the report names them (often initials) with what the report says that stands
    for, and the person who signs in as them: "EC – Safeguarding Officer for Schools (Erin Collins)"."""
    if officer.user_id and str(officer.user) != officer.name:
        return f"{officer.name_in_full} ({officer.user})"
    return officer.name_in_full


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, officer):
        return officer_label(officer)


class LeadOfficerForm(GovukFormMixin, forms.Form):
    """The officer accountable for a recommendation, or none.

    `version` is the recommendation's version the page showed, so a choice made on an out-of-date
    page is refused rather than silently undoing someone else's.
    """

    officer = OfficerChoiceField(
        queryset=Officer.objects.select_related("user").order_by("name"),
        required=False,
        blank=True,  # without it, radios drop the empty choice
        empty_label="No lead officer",
        # A select, not 24 radios: the report's officers are many, and mostly initials.
        widget=forms.Select,
        label="Who leads this recommendation?",
        help_text=(
            "The lead officer is accountable for the whole recommendation and writes its quarterly updates."
        ),
        error_messages={"invalid_choice": "Select an officer from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    compared_fields = ("officer",)
    field_options = {"officer": {"label_class": "govuk-label--m"}}

    def saved_values(self, recommendation) -> dict:
        return {"officer": recommendation.lead_officer_id}
