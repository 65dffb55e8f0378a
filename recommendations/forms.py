"""Input validation for the recommendation pages' forms.

Services hold the rules of the workflow (a blank question is refused by `question_ask`); these
forms read and tidy what was typed and add the service's refusal next to the field.
"""

import calendar
import datetime
import re
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import URLValidator
from django.template.defaultfilters import filesizeformat
from django.utils.text import capfirst

from .models import Officer, ProgressUpdate, Rag, Review, Status
from .timescales import TimescaleError, parse_timescale

QUESTION_MAX_LENGTH = 2000


class QuestionForm(forms.Form):
    """A panel member's question to the recommendation's lead officer."""

    text = forms.CharField(
        label="Ask the lead officer a question",
        required=False,  # question_ask refuses a blank question, with its own message
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Your question must be {QUESTION_MAX_LENGTH:,} characters or fewer"},
    )


class AnswerForm(forms.Form):
    """The lead officer's answer to one question."""

    answer = forms.CharField(
        label="Your answer",
        required=False,  # question_answer refuses a blank answer, with its own message
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Your answer must be {QUESTION_MAX_LENGTH:,} characters or fewer"},
    )


class VersionCompareForm(forms.Form):
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


# Progress updates ---------------------------------------------------------------------------

# How each kind of evidence file begins. A file whose first bytes do not match its name is
# refused: a renamed program or web page is not evidence, and could harm whoever opens it.
ZIP_SIGNATURE = b"PK\x03\x04"  # .docx, .xlsx, .odt and .ods are zip archives
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc and .xls (Office 97-2003)
EVIDENCE_SIGNATURES = {
    ".pdf": (b"%PDF-", "PDF"),
    ".png": (b"\x89PNG\r\n\x1a\n", "PNG image"),
    ".jpg": (b"\xff\xd8\xff", "JPEG image"),
    ".jpeg": (b"\xff\xd8\xff", "JPEG image"),
    ".docx": (ZIP_SIGNATURE, "Word document"),
    ".xlsx": (ZIP_SIGNATURE, "Excel spreadsheet"),
    ".odt": (ZIP_SIGNATURE, "OpenDocument text"),
    ".ods": (ZIP_SIGNATURE, "OpenDocument spreadsheet"),
    ".doc": (OLE_SIGNATURE, "Word document"),
    ".xls": (OLE_SIGNATURE, "Excel spreadsheet"),
}


def size_in_words(size: int) -> str:
    """A number of bytes as people write it: "10 MB", not "10.0\xa0MB"."""
    return filesizeformat(size).replace("\xa0", " ").replace(".0 ", " ")


def evidence_extensions_in_words() -> str:
    """The allowed evidence file types, as a list a person reads: "PDF, DOCX or JPG"."""
    names = [extension.lstrip(".").upper() for extension in settings.EVIDENCE_EXTENSIONS]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def evidence_file_problem(uploaded) -> str | None:
    """What is wrong with one uploaded evidence file, naming it; None if it may be kept."""
    name = uploaded.name
    extension = PurePath(name).suffix.lower()
    if extension not in settings.EVIDENCE_EXTENSIONS:
        return f"“{name}” must be a {evidence_extensions_in_words()} file"
    if uploaded.size == 0:
        return f"“{name}” is empty: choose the file again, or a different one"
    if uploaded.size > settings.EVIDENCE_MAX_BYTES:
        return f"“{name}” must be {size_in_words(settings.EVIDENCE_MAX_BYTES)} or smaller"
    if extension in EVIDENCE_SIGNATURES:
        signature, kind = EVIDENCE_SIGNATURES[extension]
        uploaded.seek(0)
        first_bytes = uploaded.read(len(signature))
        uploaded.seek(0)
        if first_bytes != signature:
            return f"“{name}” is not a valid {kind}: its contents do not match its name"
    return None


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """Any number of uploaded files, as a list; the form checks each one and names it."""

    widget = MultipleFileInput

    def to_python(self, data):
        return [uploaded for uploaded in data or [] if uploaded]


class ProgressUpdateForm(forms.Form):
    """A lead officer's quarterly update on a recommendation or action, and its evidence.

    The form checks what was typed; `progress_update_save` and `progress_update_submit` decide
    whether the move is allowed, and `refuse` shows their refusal next to the field it concerns.
    The hidden `version` is the version of the update the form was opened on, so a save cannot
    overwrite someone else's newer one.
    """

    narrative = forms.CharField(
        label="Progress this quarter",
        required=False,  # a draft may be blank; progress_update_submit refuses a blank narrative
        widget=forms.Textarea,
        help_text="What was done this quarter, what is still to do, and anything holding it up.",
    )
    status = forms.ChoiceField(
        choices=Status.choices,
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
        widget=forms.Textarea,
        help_text="One web address per line, each starting https:// or http://",
    )
    evidence_files = MultipleFileField(label="Evidence files (optional)", required=False)
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        evidence_files = self.fields["evidence_files"]
        evidence_files.help_text = (
            f"{evidence_extensions_in_words()} files, each {size_in_words(settings.EVIDENCE_MAX_BYTES)} "
            "or smaller. You can choose several."
        )
        evidence_files.widget.attrs["accept"] = ",".join(settings.EVIDENCE_EXTENSIONS)
        self.files_passed = []  # uploaded files that passed their checks
        self._files_asked_again = False

    @staticmethod
    def initial_for(update: ProgressUpdate | None) -> dict:
        """The form's starting values: the saved update, or nothing chosen for a new one."""
        if update is None:
            return {"version": 0}
        return {
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
        problems = []
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
        if self.errors:
            self.ask_for_files_again()
        return cleaned_data

    def values(self) -> dict:
        """What the update says, as progress_update_save takes it."""
        return {
            name: self.cleaned_data[name]
            for name in ("narrative", "status", "rag", "revised_timescale", "evidence_links")
        }

    def refuse(self, error, *, files_saved: bool) -> None:
        """Show a service's refusal (a WorkflowError) on its field, or above the form."""
        self.add_error(error.field if error.field in self.fields else None, error.message)
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

    def carry_version(self, version: int) -> None:
        """Keep everything typed but carry `version`: after a conflict the next save is made on
        the newer version, and succeeds."""
        self.data = self.data.copy()
        self.data["version"] = str(version)

    def entered_update(self) -> ProgressUpdate:
        """What the user typed, as an unsaved update, to show beside someone else's version."""
        return ProgressUpdate(
            narrative=self.data.get("narrative", ""),
            status=self.data.get("status", ""),
            rag=self.data.get("rag", ""),
            revised_timescale=self.data.get("revised_timescale", ""),
            evidence_links=self.data.get("evidence_links", ""),
        )

    def error_links(self, *, non_field_anchor: str) -> list[tuple[str, str]]:
        """Each error as (anchor, message) for the error summary, linking to its field."""
        in_page_order = [NON_FIELD_ERRORS, *self.fields]
        return [
            (non_field_anchor if name == NON_FIELD_ERRORS else f"#{self[name].auto_id}", message)
            for name in in_page_order
            for message in self.errors.get(name, ())
        ]


# Dates as GOV.UK asks for them: day, month and year in separate boxes -----------------------

DATE_PARTS = ("day", "month", "year")
MONTH_NUMBERS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}


class DatePartsWidget(forms.MultiWidget):
    """Day, month and year boxes, named `<name>_day`, `<name>_month` and `<name>_year`."""

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput() for part in DATE_PARTS}, attrs)

    def decompress(self, value):
        return [value.day, value.month, value.year] if value else [None, None, None]


@dataclass(frozen=True)
class DatePart:
    """One box of a date input, as the template draws it."""

    name: str
    label: str
    html_name: str
    id: str
    value: str
    has_error: bool

    @property
    def width(self) -> int:
        return 4 if self.name == "year" else 2


class DateInputBoundField(forms.BoundField):
    """A date input's boxes for the template, each marked when an error concerns it."""

    @property
    def parts_in_error(self) -> set[str]:
        """The boxes an error names, or all of them where an error concerns the whole date."""
        parts: set[str] = set()
        for error in self.errors.as_data():
            named = (error.params or {}).get("parts")
            if not named:
                return set(DATE_PARTS)
            parts.update(named)
        return parts

    @property
    def parts(self) -> list[DatePart]:
        values = self.value()
        if not isinstance(values, list | tuple):
            values = self.field.widget.decompress(values)
        in_error = self.parts_in_error
        return [
            DatePart(
                name=part,
                label=part.capitalize(),
                html_name=f"{self.html_name}_{part}",
                id=f"{self.auto_id}_{part}",
                value="" if value is None else str(value),
                has_error=part in in_error,
            )
            for part, value in zip(DATE_PARTS, values, strict=True)
        ]

    @property
    def id_for_label(self):
        # The error summary links to the first box in error.
        in_error = self.parts_in_error
        return f"{self.auto_id}_{next((part for part in DATE_PARTS if part in in_error), 'day')}"


class DateInputField(forms.Field):
    """A date typed as day, month and year, with the design system's error messages.

    `noun` is how the messages call the date: "Enter the deadline", "Deadline must include a
    month", "Deadline must be a real date", "Year of the deadline must include 4 numbers".
    Months may be written as numbers or names ("3", "Mar", "March").
    """

    widget = DatePartsWidget
    bound_field_class = DateInputBoundField

    def __init__(self, *, noun: str, **kwargs):
        self.noun = noun
        kwargs["error_messages"] = {"required": f"Enter the {noun}", **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def to_python(self, value):
        typed = dict(zip(DATE_PARTS, (str(part or "").strip() for part in value or ()), strict=False))
        if not any(typed.values()):
            return None
        name = capfirst(self.noun)
        missing = [part for part in DATE_PARTS if not typed.get(part)]
        if missing:
            raise forms.ValidationError(
                f"{name} must include a {' and '.join(missing)}", code="incomplete", params={"parts": missing}
            )
        day = _whole_number(typed["day"])
        month = _whole_number(typed["month"]) or MONTH_NUMBERS.get(typed["month"].lower())
        year = _whole_number(typed["year"])
        wrong = [
            part
            for part, number, most in (("day", day, 31), ("month", month, 12), ("year", year, 9999))
            if number is None or not 1 <= number <= most
        ]
        if wrong:
            raise forms.ValidationError(
                f"{name} must be a real date", code="invalid", params={"parts": wrong}
            )
        if len(typed["year"]) != 4:
            raise forms.ValidationError(
                f"Year of the {self.noun} must include 4 numbers", code="year", params={"parts": ["year"]}
            )
        try:
            return datetime.date(year, month, day)
        except ValueError:  # a day the month does not have, such as 30 February
            raise forms.ValidationError(
                f"{name} must be a real date", code="invalid", params={"parts": ["day"]}
            ) from None


def _whole_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() else None


# Reporting quarters, lead officers and the review of updates ------------------------------


class ReportingPeriodOpenForm(forms.Form):
    """A new reporting quarter: its name, the days it covers and when updates are due.

    The review is asked for only when there is more than one to choose from.
    """

    review = forms.ModelChoiceField(
        queryset=Review.objects.order_by("name"),
        label="Which review does the quarter report on?",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the review the quarter reports on",
            "invalid_choice": "Select a review from the list",
        },
    )
    name = forms.CharField(
        label="Name",
        max_length=50,
        help_text="For example, 2010/11 Q3",
        error_messages={
            "required": "Enter a name for the quarter",
            "max_length": "Name must be 50 characters or fewer",
        },
    )
    starts = DateInputField(noun="start date", label="Start date", help_text="For example, 1 10 2010")
    ends = DateInputField(
        noun="end date",
        label="End date",
        help_text="The quarter's last day: progress is reported as at this date. For example, 31 12 2010",
    )
    deadline = DateInputField(
        noun="deadline",
        label="Deadline for updates",
        help_text="Officers are reminded a week before. For example, 14 1 2011",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reviews = list(self.fields["review"].queryset[:2])
        self.only_review = reviews[0] if len(reviews) == 1 else None
        if self.only_review is not None:
            del self.fields["review"]

    def clean(self):
        cleaned_data = super().clean()
        if self.only_review is not None:
            cleaned_data["review"] = self.only_review
        return cleaned_data


def officer_label(officer) -> str:
    """An officer as the report names them (often initials), with the person who signs in as them."""
    if officer.user_id and str(officer.user) != officer.name:
        return f"{officer.name} ({officer.user})"
    return officer.name


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, officer):
        return officer_label(officer)


class LeadOfficerForm(forms.Form):
    """The officer accountable for a recommendation, or none.

    `version` is the recommendation's version the page showed, so a choice made on an out-of-date
    page is refused rather than silently undoing someone else's.
    """

    officer = OfficerChoiceField(
        queryset=Officer.objects.select_related("user").order_by("name"),
        required=False,
        blank=True,  # without it, radios drop the empty choice
        empty_label="No lead officer",
        widget=forms.RadioSelect,
        label="Who leads this recommendation?",
        error_messages={"invalid_choice": "Select an officer from the list"},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def show_newer_version(self, recommendation, message: str) -> None:
        """After a conflict: keep the choice made, say what changed, and carry the newer version."""
        self.data = self.data.copy()
        self.data["version"] = str(recommendation.version)
        self.add_error("officer", message)


class UpdateAcceptForm(forms.Form):
    """Accepting a submitted update, with an optional note and, for a completion, the check.

    `version` is the update's version the page showed: one resubmitted since is not accepted unseen.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

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
        label="I have checked the evidence for this completion", required=False
    )


class UpdateReturnForm(forms.Form):
    """Returning a submitted update to its author, with the reason (and the version the page showed)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    reason = forms.CharField(
        label="Why are you returning it?",
        help_text="The officer is emailed this reason with a link to revise the update",
        required=False,  # progress_update_return refuses a blank reason, with its own message
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "Reason must be 2,000 characters or fewer"},
    )
