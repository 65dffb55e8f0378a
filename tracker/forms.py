"""The one path every form takes: GOV.UK error summaries, service refusals and edit conflicts.

`GovukFormMixin` gives a form
- `error_links()`: its errors as (anchor, message) pairs for the error summary, in page order,
  each linking to the field it concerns;
- `refuse(error)`: a service's refusal (`tracker.errors.WorkflowError`) shown next to the field it
  names, or above the form; a `ConflictError` also keeps what the user typed, carries the newer
  version (so saving again succeeds) and sets `conflict`, which `components/conflict.html` shows;
- `add_problems(problems)`: every problem a service's rules would refuse, shown at once;
- `field_defaults` and `field_options`: how its fields are drawn as GOV.UK components by
  `{{ form.field.as_field_group }}` (`tracker.rendering`).

`error_links(form)` is the same for forms without the mixin (a FilterSet's form).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .errors import ConflictError, WorkflowError

VERSION_FIELD = "version"
CONFLICT_ANCHOR = "#newer-version"


def error_links(form, *, non_field_anchor: str = "#main-content") -> list[tuple[str, str]]:
    """A bound form's errors for the error summary, in page order: errors of the whole form
    first (linking to `non_field_anchor`), then each field's, linking to its first input."""
    if form is None or not form.is_bound:
        return []
    links = [(non_field_anchor, message) for message in form.errors.get(NON_FIELD_ERRORS, ())]
    for name, field in form.fields.items():
        if name not in form.errors:
            continue
        bound = form[name]
        anchor = non_field_anchor if field.widget.is_hidden else f"#{bound.id_for_label or bound.auto_id}"
        links += [(anchor, message) for message in form.errors[name]]
    return links


@dataclass(frozen=True)
class Difference:
    """A field where the newer saved version differs from what the user typed."""

    label: str
    saved: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    """Someone saved a newer version while the user was editing: who, when, and what differs."""

    message: str
    who: str
    when: datetime.datetime | None
    differences: tuple[Difference, ...]
    saved_label: str = "Newer saved version"
    yours_label: str = "Your version"


def last_saved_by(record) -> tuple[str, datetime.datetime | None]:
    """Who saved the record's latest version, and when, from its history."""
    latest = record.history.select_related("history_user").first()
    if latest is None:
        return "Someone else", None
    return (str(latest.history_user) if latest.history_user_id else "Someone else"), latest.history_date


def value_in_words(field: forms.Field, value) -> str:
    """A form value as the page shows it: a choice's label, an officer's name, "None" for nothing."""
    if value in (None, "", [], ()):
        return "None"
    if isinstance(field, forms.ModelChoiceField):
        try:
            chosen = field.to_python(value)
        except ValidationError:
            return str(value)
        return field.label_from_instance(chosen) if chosen is not None else "None"
    choices = getattr(field, "choices", None)
    if choices:
        labels = {str(key): label for key, label in field.choices}
        return str(labels.get(str(value), value))
    return str(value).replace("\r\n", "\n").strip() or "None"


class GovukFormMixin:
    """Error summary links, service refusals and edit conflicts, the same way for every form.

    A form that can conflict has a hidden `version` field and lists `compared_fields`, the fields a
    newer saved version is compared on; `saved_values(record)` gives the record's values in the
    form's own shape (usually the form's `initial_from`).
    """

    non_field_anchor = "#main-content"
    compared_fields: tuple[str, ...] = ()
    # How the GOV.UK field templates draw the form's fields (tracker.rendering.FieldOptions):
    # these for every field, then `field_options[name]` for one.
    field_defaults: dict = {"label_class": "govuk-label--s", "legend_class": "govuk-fieldset__legend--s"}
    field_options: dict[str, dict] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Conflict | None = None

    def error_links(self, *, non_field_anchor: str | None = None) -> list[tuple[str, str]]:
        links = error_links(self, non_field_anchor=non_field_anchor or self.non_field_anchor)
        if self.conflict is not None:
            links.insert(0, (CONFLICT_ANCHOR, self.conflict.message))
        return links

    def refuse(self, error: WorkflowError) -> None:
        """Show a service's refusal next to its field (or above the form); keep what was typed."""
        if isinstance(error, ConflictError):
            self.show_conflict(error)
            return
        self.add_error(error.field if error.field in self.fields else None, error.message)

    def add_problems(self, problems: list[WorkflowError]) -> None:
        """Each problem next to its field, unless the field already shows one."""
        for problem in problems:
            field = problem.field if problem.field in self.fields else None
            if field is None or field not in self.errors:
                self.add_error(field, problem.message)

    def show_conflict(
        self,
        error: ConflictError,
        *,
        message: str | None = None,
        differences: tuple[Difference, ...] | None = None,
        **labels: str,
    ) -> None:
        """After a conflict: say who saved what, keep the user's words and carry the newer version,
        so saving again is made on it and succeeds. `labels` may rename the two sides
        (`saved_label`, `yours_label`)."""
        saved = error.current
        who, when = last_saved_by(saved)
        if differences is None:
            differences = self.differences_from(saved)
        self.conflict = Conflict(
            message=message or error.message, who=who, when=when, differences=differences, **labels
        )
        self.carry_version(saved.version)

    def carry_version(self, version: int) -> None:
        """Keep everything typed but base the form on `version`."""
        self.data = self.data.copy()
        self.data[self.add_prefix(VERSION_FIELD)] = str(version)

    def saved_values(self, record) -> dict:
        """The record's values as this form holds them; forms that conflict override it."""
        return {name: getattr(record, name, None) for name in self.compared_fields}

    def differences_from(self, record) -> tuple[Difference, ...]:
        """The compared fields where the newer saved record differs from what was typed."""
        saved = self.saved_values(record)
        differences = []
        for name in self.compared_fields:
            field = self.fields[name]
            saved_words = value_in_words(field, saved.get(name))
            typed_words = value_in_words(field, self[name].value())
            if saved_words != typed_words:
                differences.append(Difference(str(field.label), saved_words, typed_words))
        return tuple(differences)


class GovukForm(GovukFormMixin, forms.Form):
    """A plain form on the one path."""
