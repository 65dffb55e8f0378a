"""Versions of a tracked record (django-simple-history rows) in the words users read.

Shared by the timeline, which describes each version against the one before it, and the compare
page, which shows every changed field between any two versions, long text word by word.
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


def changed_fields(old_version, new_version, *, with_word_diff: bool = False) -> tuple[FieldChange, ...]:
    """Every descriptive field whose value differs between two versions of the same record."""
    delta = new_version.diff_against(old_version)
    changed = {change.field for change in delta.changes} - NOT_DESCRIPTIVE_FIELDS
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


def version_comparison(recommendation, query) -> dict:
    """The compare page: the record chosen (the recommendation, or `action=<position>`), its
    versions to choose from, the form of two versions and every field that changed between them.

    Without a choice, the latest change is compared. A bad choice is an error on the page, never a
    failure: `page_errors` lists (anchor, message) pairs for the error summary.
    """
    from .forms import VersionCompareForm

    actions = list(recommendation.actions.all())
    record, action, page_errors = recommendation, None, []
    asked_for = query.get("action", "").strip()
    if asked_for:
        action = next((candidate for candidate in actions if str(candidate.position) == asked_for), None)
        if action is None:
            page_errors.append(
                (
                    "#compare-record",
                    f"Recommendation {recommendation.ref} has no proposed action “{asked_for[:20]}”: "
                    "choose what to compare from the list",
                )
            )
        else:
            record = action
    related = ("history_user",) if action else ("history_user", "theme", "lead_officer")
    versions = list(record.history.select_related(*related).order_by("history_date", "history_id"))
    numbered = {version.history_id: (number, version) for number, version in enumerate(versions, 1)}
    choices = [
        (version.history_id, version_label(version, number))
        for number, version in reversed(list(enumerate(versions, 1)))
    ]
    record_name = f"proposed action {action.position}" if action else f"recommendation {recommendation.ref}"
    # The latest change, until the user chooses others (and in place of a bad choice).
    latest = {"from": versions[-2].history_id, "to": versions[-1].history_id} if len(versions) >= 2 else {}

    if page_errors:
        form = VersionCompareForm(versions=choices, record_name=record_name)
    elif "from" in query or "to" in query:
        form = VersionCompareForm(query, versions=choices, record_name=record_name)
    elif latest:
        form = VersionCompareForm(latest, versions=choices, record_name=record_name)
    else:
        form = VersionCompareForm(versions=choices, record_name=record_name)

    comparison = None
    if form.is_bound and form.is_valid():
        old_number, old = numbered[form.cleaned_data["from"]]
        new_number, new = numbered[form.cleaned_data["to"]]
        comparison = {
            "old_label": version_label(old, old_number),
            "new_label": version_label(new, new_number),
            "changes": changed_fields(old, new, with_word_diff=True),
        }
    elif form.is_bound:
        page_errors += [
            (f"#{form[name].id_for_label}", message)
            for name, messages in form.errors.items()
            for message in messages
        ]
    selected = {
        name: str(form.data[name] if form.is_bound and name not in form.errors else latest.get(name, ""))
        for name in ("from", "to")
    }
    return {
        "actions": actions,
        "action": action,
        "record_name": record_name,
        "versions": versions,
        "form": form,
        "choices": [(str(history_id), label) for history_id, label in choices],
        "selected": selected,
        "page_errors": page_errors,
        "comparison": comparison,
    }
