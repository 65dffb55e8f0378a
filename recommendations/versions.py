"""Versions of a tracked record (django-simple-history rows) in the words users read.

Shared by the timeline, which describes each version against the one before it, and the compare
page (`views.compare`), which shows every changed field between any two versions, long text word by
word.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst

from .diffs import Piece, word_diff

FROM_REPORT = "From the published report"

# Fields that identify a record, or count its saves, rather than describe it: never listed as
# changes. (`version` is the edit counter that guards against overwriting; users never see it.)
NOT_DESCRIPTIVE_FIELDS = {"id", "review", "recommendation", "version"}


@dataclass(frozen=True)
class FieldChange:
    """One field's change between two versions of a record, in words.

    `pieces` holds the word-by-word difference for long text (narratives, progress, the text).
    """

    label: str
    old: str
    new: str
    is_long_text: bool = False
    pieces: tuple[Piece, ...] = ()
    field: str = ""  # the model field's name


def changed_fields(
    old_version, new_version, *, with_word_diff: bool = False, among: set[str] | None = None
) -> tuple[FieldChange, ...]:
    """Every descriptive field whose value differs between two versions of the same record (only
    those named `among`, when given: the others' related records need not be selected)."""
    delta = new_version.diff_against(old_version)
    changed = {change.field for change in delta.changes} - NOT_DESCRIPTIVE_FIELDS
    if among is not None:
        changed &= among
    # In the order the model declares its fields, as the record's pages show them.
    in_model_order = [model_field.name for model_field in new_version.instance_type._meta.concrete_fields]
    return tuple(
        field_change(old_version, new_version, name, with_word_diff=with_word_diff)
        for name in sorted(changed, key=in_model_order.index)
    )


def field_change(old_version, new_version, field_name: str, *, with_word_diff: bool = False) -> FieldChange:
    model_field = new_version._meta.get_field(field_name)
    is_long_text = isinstance(model_field, models.TextField)
    pieces: tuple[Piece, ...] = ()
    if is_long_text and with_word_diff:
        pieces = tuple(
            word_diff(getattr(old_version, model_field.attname), getattr(new_version, model_field.attname))
        )
    return FieldChange(
        label=capfirst(model_field.verbose_name),
        old=in_words(old_version, model_field),
        new=in_words(new_version, model_field),
        is_long_text=is_long_text,
        pieces=pieces,
        field=model_field.name,
    )


def in_words(version, model_field) -> str:
    """A field's value as a reader would say it: choice labels, names, dates in words."""
    if isinstance(model_field, models.ForeignKey):
        if getattr(version, model_field.attname) is None:
            return "none"
        related = getattr(version, model_field.name, None)  # selected with the version
        return str(related) if related is not None else f"a deleted {model_field.verbose_name}"
    value = getattr(version, model_field.attname)
    if value is None or value == "":
        return "none"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return format_date(value, "j F Y")
    return str(value)


def who_changed(version) -> str:
    """The user who saved a version; changes loaded from the report have none."""
    return str(version.history_user) if version.history_user_id else FROM_REPORT


def moment_in_words(when: datetime.datetime) -> str:
    """A date and time as GOV.UK writes them: "16 September 2010, 1pm", "30 November 2009, midday"."""
    local = timezone.localtime(when)
    if (local.hour, local.minute) == (12, 0):
        time = "midday"
    elif (local.hour, local.minute) == (0, 0):
        time = "midnight"
    else:
        minutes = f":{local.minute:02d}" if local.minute else ""
        time = f"{local.hour % 12 or 12}{minutes}{'am' if local.hour < 12 else 'pm'}"
    return f"{format_date(local, 'j F Y')}, {time}"


def version_label(version, number: int) -> str:
    """How a version is named in a list to choose from: number, when, who and why."""
    parts = [f"Version {number}", moment_in_words(version.history_date), who_changed(version)]
    if version.history_change_reason:
        parts.append(version.history_change_reason)
    return " – ".join(parts)
