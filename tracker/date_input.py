"""A date typed as GOV.UK asks for it: day, month and year in separate boxes, with the design
system's error messages and only the boxes an error concerns marked (`components/date_input.html`)."""

import calendar
import datetime
from dataclasses import dataclass

from django import forms
from django.utils.text import capfirst

from .rendering import GovukBoundField

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


class DateInputBoundField(GovukBoundField):
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
        kwargs.setdefault("template_name", "components/date_input.html")
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
