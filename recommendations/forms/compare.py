"""The choice of two recorded versions of a record to compare."""

from django import forms

from tracker.forms import GovukFormMixin


class VersionCompareForm(GovukFormMixin, forms.Form):
    """Two recorded versions of one record, chosen from its history (`versions`: id, label);
    `record_name` ("recommendation 18") names the record in the errors."""

    def __init__(self, *args, versions: list[tuple[int, str]], record_name: str = "this record", **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(history_id, label) for history_id, label in versions]
        for name, label in (("from", "From version"), ("to", "To version")):
            self.fields[name] = forms.TypedChoiceField(
                label=label,
                choices=choices,
                coerce=int,
                error_messages={
                    "required": f"Select the version to compare {name}",
                    "invalid_choice": (
                        f"Select a version to compare {name}: the one given is not a version of {record_name}"
                    ),
                },
            )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("from") is not None and cleaned_data.get("from") == cleaned_data.get("to"):
            self.add_error("to", "Select a different version to compare with: both are the same")
        return cleaned_data
