"""GOV.UK form fields through Django's form-rendering API.

`FORM_RENDERER` is `GovukFormRenderer`: it finds templates as the pages do and makes every bound
field a `GovukBoundField`, so `{{ form.status.as_field_group }}` draws the field as its GOV.UK
component (`templates/components/`): text input, textarea, select, radios, checkboxes (several
choices, or a single one), date input (`tracker.date_input`) or file upload, with its label or
legend, hint, error message and `aria-describedby`, the first input carrying the field's id so
that an error summary link to "#id_<name>" lands on it.

How a field is drawn (`FieldOptions`) is declared on its form: `field_defaults` for every field,
then `field_options[name]` for one (`GovukFormMixin` gives small labels and legends). A page may
include the same template with explicit context instead, to set what only the page knows:
`{% include "components/textarea.html" with field=form.answer hidden_label_end=… only %}`.
`CheckboxGroup` draws several fields of one checkbox each as one set of checkboxes.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from django import forms
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

# The first widget class a field's widget is an instance of chooses its template; None leaves
# the field to Django's own (a password is never drawn as a text box that shows it).
TEMPLATES_BY_WIDGET = (
    (forms.HiddenInput, None),
    (forms.PasswordInput, None),
    (forms.CheckboxSelectMultiple, "components/checkboxes.html"),
    (forms.RadioSelect, "components/radios.html"),
    (forms.CheckboxInput, "components/checkboxes.html"),
    (forms.Select, "components/select.html"),
    (forms.Textarea, "components/textarea.html"),
    (forms.FileInput, "components/file_upload.html"),
    (Input, "components/text_input.html"),
)
ITEM_HINT_WORDS = 24


@dataclass(frozen=True)
class FieldOptions:
    """How a GOV.UK field template draws a field; every one optional."""

    label: str = ""  # the label or legend, where it is not the field's label
    label_class: str = ""  # such as "govuk-label--s"
    legend_class: str = ""  # such as "govuk-fieldset__legend--s"
    hint: str = ""  # where it is not the field's help text
    hidden_label_end: str = ""  # words after the label only screen readers hear
    rows: int = 5  # a textarea's
    width: int | None = None  # a text input's govuk-input--width-N
    width_class: str = ""  # any other width class, such as "govuk-!-width-one-half"
    inputmode: str = ""  # such as "numeric"
    spellcheck: str = ""  # "false" to turn it off
    inline: bool = False  # radios side by side
    small: bool = False  # small radios or checkboxes
    classes: str = ""  # more classes on the input, or on the radios' or checkboxes' container
    # Radios: the choice of no value goes last, after a GOV.UK divider with these words ("or").
    divider: str = ""
    # The ids of the choices after the first (which has the field's id): "position" as GOV.UK
    # Frontend numbers them (-2, -3…), "index" from 0 (-1, -2…), "value" by value (-yes, -no).
    item_ids: Literal["position", "index", "value"] = "position"
    item_label: str = ""  # a single checkbox's label, where it is not the field's label


@dataclass(frozen=True)
class Choice:
    """One radio or checkbox, as the templates draw it."""

    id: str
    name: str
    value: str
    label: str
    checked: bool
    hint: str = ""
    hint_id: str = ""
    divider: str = ""  # words of a divider drawn before it


class GovukBoundField(forms.BoundField):
    """A bound field that knows its GOV.UK template and how the form asks for it to be drawn."""

    @property
    def template_name(self):
        if self.field.template_name:
            return self.field.template_name
        for widget_class, template_name in TEMPLATES_BY_WIDGET:
            if isinstance(self.field.widget, widget_class):
                return template_name or self.form.renderer.field_template_name
        return self.form.renderer.field_template_name

    @cached_property
    def govuk(self) -> FieldOptions:
        """The form's options for this field, its label and help text filled in."""
        declared = {
            **getattr(self.form, "field_defaults", {}),
            **getattr(self.form, "field_options", {}).get(self.name, {}),
        }
        options = FieldOptions(**declared)
        return replace(options, label=options.label or self.label, hint=options.hint or self.help_text)

    @property
    def errors_by_id(self) -> list[tuple[str, list[str]]]:
        """The field's error message with the id it is shown under, if it has errors."""
        return [(f"{self.auto_id}-error", self.errors)] if self.errors else []

    @property
    def accept(self) -> str:
        return self.field.widget.attrs.get("accept", "")

    @property
    def multiple(self) -> bool:
        return getattr(self.field.widget, "allow_multiple_selected", False)

    @cached_property
    def items(self) -> list[Choice]:
        """The radios or checkboxes, in the order drawn, each with its id."""
        if isinstance(self.field.widget, forms.CheckboxInput):
            return [self.checkbox]
        options = self.govuk
        choices = list(enumerate(self.subwidgets))
        after_divider = []
        if options.divider:
            after_divider = [(index, widget) for index, widget in choices if str(widget.data["value"]) == ""]
            choices = [(index, widget) for index, widget in choices if str(widget.data["value"]) != ""]
        items = [
            self._choice(widget, index, self._item_id(position, index, widget.data["value"]))
            for position, (index, widget) in enumerate(choices, start=1)
        ]
        items += [
            replace(
                self._choice(widget, index, f"{self.auto_id}-none"), divider="" if number else options.divider
            )
            for number, (index, widget) in enumerate(after_divider)
        ]
        return items

    def _item_id(self, position: int, index: int, value) -> str:
        if position == 1:
            return self.auto_id
        suffix = {"position": position, "index": index, "value": value}[self.govuk.item_ids]
        return f"{self.auto_id}-{suffix}"

    def _choice(self, widget, index: int, item_id: str) -> Choice:
        value = widget.data["value"]
        hint = self.item_hint(value)
        if self.govuk.item_ids == "index":
            hint_id = f"{self.auto_id}-{index}-item-hint"
        else:
            hint_id = f"{item_id}-item-hint"
        return Choice(
            item_id, self.html_name, str(value), widget.choice_label, widget.data["selected"], hint, hint_id
        )

    def item_hint(self, value) -> str:
        """A choice's hint, from the field's `hint_from_instance` where it has one."""
        hint_from_instance = getattr(self.field, "hint_from_instance", None)
        instance = getattr(value, "instance", None)
        if hint_from_instance is None or instance is None:
            return ""
        return Truncator(hint_from_instance(instance)).words(ITEM_HINT_WORDS, truncate=" …")

    @cached_property
    def checkbox(self) -> Choice:
        """The field as a single checkbox: a yes/no field, or one whose only choice is ticked."""
        value = self.value()
        if isinstance(self.field, forms.BooleanField):
            ticked_value, checked = "on", bool(value)
        else:
            ticked_value = next(str(key) for key, _ in self.field.choices if key != "")
            checked = value is not None and str(value) == ticked_value
        options = self.govuk
        return Choice(
            self.auto_id,
            self.html_name,
            ticked_value,
            options.item_label or options.label,
            checked,
            hint_id=f"{self.auto_id}-hint",
        )


class CheckboxGroup:
    """Several fields drawn as one set of checkboxes under one legend, each field one checkbox
    (the list's "Show only": open, overdue, with an unanswered question). `hints` gives a
    checkbox its hint, by field name."""

    template_name = "components/checkboxes.html"
    auto_id = ""

    def __init__(self, *, legend: str, fields: list[GovukBoundField], hints: dict[str, str] | None = None):
        self.fields = fields
        self.hints = hints or {}
        form = fields[0].form if fields else None
        self.govuk = FieldOptions(**{**getattr(form, "field_defaults", {}), "label": legend})

    @property
    def errors(self) -> list[str]:
        return [error for field in self.fields for error in field.errors]

    @property
    def errors_by_id(self) -> list[tuple[str, list[str]]]:
        return [pair for field in self.fields for pair in field.errors_by_id]

    @property
    def items(self) -> list[Choice]:
        return [replace(field.checkbox, hint=self.hints.get(field.name, "")) for field in self.fields]

    def as_field_group(self) -> SafeString:
        renderer = self.fields[0].form.renderer if self.fields else GovukFormRenderer()
        return mark_safe(renderer.render(self.template_name, {"field": self}))  # noqa: S308

    __str__ = __html__ = as_field_group


class GovukFormRenderer(TemplatesSetting):
    """Form fields drawn as GOV.UK components, from the project's templates."""

    bound_field_class = GovukBoundField
