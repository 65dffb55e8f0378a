"""The officer's quarterly update on a recommendation or proposed action, and its evidence."""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from tracker.forms import GovukFormMixin

from ..evidence import evidence_extensions_in_words, evidence_file_problem, size_in_words
from ..models import NARRATIVE_MAX_LENGTH, Officer, ProgressUpdate, Rag, Status
from ..timescales import TimescaleError, parse_timescale


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """Any number of uploaded files, as a list; the form checks each one and names it."""

    widget = MultipleFileInput

    def to_python(self, data):
        return [uploaded for uploaded in data or [] if uploaded]


# What `progress_update_submit` refuses to submit without, in the words it uses.
SUBMIT_NEEDS = {
    "narrative": "Enter the progress made this quarter before submitting",
    "status": "Select the status of the work",
    "rag": "Select a RAG rating",
}


class ProgressUpdateForm(GovukFormMixin, forms.Form):
    """A lead officer's quarterly update on a recommendation or action, and its evidence.

    The form checks what was typed; `progress_update_save` and `progress_update_submit` decide
    whether the move is allowed, and `refuse` shows their refusal next to the field it concerns.
    The hidden `version` is the version of the update the form was opened on, so a save cannot
    overwrite someone else's newer one.
    """

    narrative = forms.CharField(
        label="Progress this quarter",
        required=False,  # a draft may be blank; progress_update_submit refuses a blank narrative
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea,
        help_text="What was done this quarter, what is still to do, and anything holding it up.",
        error_messages={"max_length": f"The progress must be {NARRATIVE_MAX_LENGTH:,} characters or fewer"},
    )
    # A draft may leave the status and RAG unchosen; progress_update_submit asks for them.
    status = forms.ChoiceField(
        choices=Status.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="If the work is completed, add evidence below: a link or a file.",
        error_messages={
            "required": "Select the status of the work",
            "invalid_choice": "Select one of the statuses listed",
        },
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="How the work stands against its timescale.",
        error_messages={
            "required": "Select a RAG rating",
            "invalid_choice": "Select one of the RAG ratings listed",
        },
    )
    revised_timescale = forms.CharField(
        label="Revised timescale (optional)",
        required=False,
        max_length=200,
        help_text='Only if the timescale has changed, like "May 2011", "Summer 2011" or "On-going".',
        error_messages={"max_length": "The revised timescale must be 200 characters or fewer"},
    )
    evidence_links = forms.CharField(
        label="Evidence links (optional)",
        required=False,
        max_length=NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea,
        help_text="One web address per line, each starting https:// or http://",
        error_messages={"max_length": f"Evidence links must be {NARRATIVE_MAX_LENGTH:,} characters or fewer"},
    )
    evidence_files = MultipleFileField(label="Evidence files (optional)", required=False)
    remove_evidence = forms.TypedMultipleChoiceField(
        label="Remove files",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Files stay on the draft unless you tick them.",
        error_messages={"invalid_choice": "Select files of this update to remove"},
    )
    on_behalf_of = forms.ModelChoiceField(
        label="Whose update is this?",
        queryset=Officer.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
        help_text="You are recording it on behalf of its lead officer.",
        error_messages={
            "required": "Select the lead officer you are recording this update for",
            "invalid_choice": "Select one of the lead officers listed",
        },
    )
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    non_field_anchor = "#update-form"
    field_options = {
        "narrative": {"rows": 8},
        "remove_evidence": {"small": True},
        "rag": {"inline": True},
        "revised_timescale": {"width": 20},
        "evidence_links": {"rows": 3},
    }
    compared_fields = ("narrative", "status", "rag", "revised_timescale", "evidence_links")

    def __init__(
        self, *args, evidence=(), lead_officers=None, refused_uploads=(), uploads_over_total=(), **kwargs
    ):
        """`evidence`: the draft's files, any of which may be removed; `lead_officers`: who the
        coordinator may record it on behalf of (None: the user is the lead officer);
        `refused_uploads`: files too large to be read at all, `uploads_over_total`: files not read as
        the request's files together passed their limit (tracker/uploads.py)."""
        super().__init__(*args, **kwargs)
        self.refused_uploads = list(refused_uploads)
        self.uploads_over_total = list(uploads_over_total)
        self.fields["remove_evidence"].choices = [(item.pk, item.name) for item in evidence]
        if not evidence:
            del self.fields["remove_evidence"]
        if lead_officers is None:
            del self.fields["on_behalf_of"]
        else:
            leads = list(lead_officers[:2])
            self.fields["on_behalf_of"].queryset = lead_officers
            self.fields["on_behalf_of"].required = bool(leads)
            if len(leads) == 1 and not self.initial.get("on_behalf_of"):
                self.initial["on_behalf_of"] = leads[0].pk  # the only one it can be
        evidence_files = self.fields["evidence_files"]
        evidence_files.help_text = (
            f"{evidence_extensions_in_words()} files, each {size_in_words(settings.EVIDENCE_MAX_BYTES)} "
            "or smaller. You can choose several."
        )
        evidence_files.widget.attrs["accept"] = ",".join(settings.EVIDENCE_EXTENSIONS)
        self.files_passed = []  # uploaded files that passed their checks
        self._files_asked_again = False

    def saved_values(self, update: ProgressUpdate) -> dict:
        return self.initial_for(update)

    @staticmethod
    def initial_for(update: ProgressUpdate | None, *, last_accepted: ProgressUpdate | None = None) -> dict:
        """The form's starting values: the saved update; for a new one, the status and RAG of the
        last accepted update (the officer changes what changed)."""
        if update is None:
            if last_accepted is None:
                return {"version": 0}
            return {"version": 0, "status": last_accepted.status, "rag": last_accepted.rag}
        return {
            "on_behalf_of": update.on_behalf_of_id,
            "narrative": update.narrative,
            "status": update.status,
            "rag": update.rag,
            "revised_timescale": update.revised_timescale,
            "evidence_links": update.evidence_links,
            "version": update.version,
        }

    @property
    def submitting(self) -> bool:
        """Whether "Submit for review" was pressed (pressing Enter saves a draft)."""
        return self.data.get("intent") == "submit"

    def clean_revised_timescale(self):
        text = self.cleaned_data["revised_timescale"]
        try:
            parse_timescale(text)
        except TimescaleError as error:
            raise ValidationError(str(error)) from error
        return text

    def clean_evidence_links(self):
        lines = self.cleaned_data["evidence_links"].splitlines()
        is_web_address = URLValidator(schemes=["http", "https"])
        problems = []
        for number, line in enumerate(lines, start=1):
            address = line.strip()
            if not address:
                continue
            try:
                is_web_address(address)
            except ValidationError:
                shown = address if len(address) <= 60 else f"{address[:57]}…"
                problems.append(
                    f"Line {number}, “{shown}”, is not a web address: "
                    "enter the full address, starting https:// or http://"
                )
        if problems:
            raise ValidationError(problems)
        return "\n".join(line.strip() for line in lines if line.strip())

    def clean_evidence_files(self):
        largest = size_in_words(settings.EVIDENCE_MAX_BYTES)
        problems = [f"“{name}” must be {largest} or smaller" for name in self.refused_uploads]
        together = size_in_words(settings.FILE_UPLOAD_MAX_TOTAL_BYTES)
        problems += [
            f"“{name}” was not sent: the files of one save must be {together} or smaller together. "
            "Attach fewer files, save, then attach the rest"
            for name in self.uploads_over_total
        ]
        for uploaded in self.cleaned_data["evidence_files"]:
            problem = evidence_file_problem(uploaded)
            if problem:
                problems.append(problem)
            else:
                self.files_passed.append(uploaded)
        if problems:
            raise ValidationError(problems)
        return self.files_passed

    def clean(self):
        cleaned_data = super().clean()
        version = (cleaned_data.get("version") or "").strip()
        if re.fullmatch(r"[0-9]{1,9}", version):
            cleaned_data["version"] = int(version)
        else:
            self.add_error(None, "This form is out of date: open the update again from My work")
        if self.submitting and self.errors:
            # Nothing is saved when the form has errors: say at once what submitting will also ask
            # for. (A valid form is saved as a draft first, and progress_update_submit refuses.)
            for name, message in SUBMIT_NEEDS.items():
                if name not in self.errors and not cleaned_data.get(name, "").strip():
                    self.add_error(name, message)
        if self.errors:
            self.ask_for_files_again()
        return cleaned_data

    def values(self) -> dict:
        """What the update says, as progress_update_save takes it."""
        values = {
            name: self.cleaned_data[name]
            for name in ("narrative", "status", "rag", "revised_timescale", "evidence_links")
        }
        values["remove_evidence"] = self.cleaned_data.get("remove_evidence", [])
        values["on_behalf_of"] = self.cleaned_data.get("on_behalf_of")
        return values

    def refuse(self, error, *, files_saved: bool = False) -> None:
        """Show a service's refusal (see `GovukFormMixin.refuse`); files not saved are asked for again."""
        super().refuse(error)
        if not files_saved:
            self.ask_for_files_again()

    def ask_for_files_again(self) -> None:
        """Files are kept only when the update saves, and no browser can fill a file field in
        again: say which good files must be chosen again."""
        if self.files_passed and not self._files_asked_again:
            self._files_asked_again = True
            names = ", ".join(f"“{uploaded.name}”" for uploaded in self.files_passed)
            self.add_error(
                "evidence_files",
                f"Choose {names} again: files are not kept when there is a problem with the form, "
                "and your browser cannot fill them in for you",
            )

    def entered_update(self) -> ProgressUpdate:
        """What the user typed, as an unsaved update, to show beside someone else's version."""
        return ProgressUpdate(
            narrative=self.data.get("narrative", ""),
            status=self.data.get("status", ""),
            rag=self.data.get("rag", ""),
            revised_timescale=self.data.get("revised_timescale", ""),
            evidence_links=self.data.get("evidence_links", ""),
        )
