"""A recommendation's timeline: its recorded history, newest first.

Built from django-simple-history (the recommendation's own versions and its proposed actions'
versions) and the accepted progress updates. Three queries whatever the number of actions or
versions: the versions of all the recommendation's actions are read in one query and diffed in
memory, each version against the previous version of the same action.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.text import capfirst

from .models import ProgressUpdate, ProposedAction, Recommendation

FROM_REPORT = "From the published report"

# Fields that identify a record rather than describe it: never listed as changes.
IDENTITY_FIELDS = {"id", "review", "recommendation"}


@dataclass(frozen=True)
class FieldChange:
    """One field's change between two versions of a record, in words."""

    label: str
    old: str
    new: str
    is_long_text: bool = False


@dataclass(frozen=True)
class TimelineEntry:
    """Something that happened to a recommendation: when, who, what."""

    when: datetime.datetime
    who: str
    title: str
    changes: tuple[FieldChange, ...] = ()
    narrative: str = ""
    status: str = ""
    status_label: str = ""
    # Orders entries made at the same moment: the recommendation, then its actions by position.
    order: tuple = field(default=(), compare=False, repr=False)


def recommendation_timeline(recommendation: Recommendation) -> list[TimelineEntry]:
    """Every recorded change to the recommendation and its actions, and its accepted updates."""
    recommendation_versions = recommendation.history.select_related(
        "history_user", "theme", "lead_officer"
    ).order_by("history_date", "history_id")
    action_versions = (
        ProposedAction.history.filter(recommendation=recommendation)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    accepted_updates = ProgressUpdate.objects.filter(
        recommendation=recommendation, state=ProgressUpdate.State.ACCEPTED
    ).select_related("period", "author", "action")

    entries = [
        *_version_entries(recommendation_versions, kind=0),
        *(
            entry
            for _, versions in groupby(action_versions, key=lambda version: version.id)
            for entry in _version_entries(versions, kind=1)
        ),
        *(_update_entry(update) for update in accepted_updates),
    ]
    return sorted(entries, key=lambda entry: (-entry.when.timestamp(), entry.order))


def _version_entries(versions: Iterable, *, kind: int) -> Iterator[TimelineEntry]:
    """One entry per version of one record, each described against the version before it."""
    previous = None
    for version in versions:
        entry = _version_entry(version, previous, kind=kind)
        if entry is not None:
            yield entry
        previous = version


def _version_entry(version, previous, *, kind: int) -> TimelineEntry | None:
    if kind == 0:
        subject, position = f"Recommendation {version.ref}", 0
        created_title = f"{subject} recorded"
    else:
        subject, position = f"Proposed action {version.position}", version.position
        created_title = f"{subject} added"

    changes: tuple[FieldChange, ...] = ()
    if version.history_type == "-":
        title = f"{subject} removed"
    elif previous is None:
        title = created_title
    else:
        delta = version.diff_against(previous)
        changes = tuple(
            _field_change(previous, version, change.field)
            for change in delta.changes
            if change.field not in IDENTITY_FIELDS
        )
        if not changes and not version.history_change_reason:
            return None  # saved without a change: nothing to tell
        title = f"{subject} changed"
    if version.history_change_reason:
        title = f"{subject}: {version.history_change_reason}"

    return TimelineEntry(
        when=version.history_date,
        who=str(version.history_user) if version.history_user else FROM_REPORT,
        title=title,
        changes=changes,
        order=(kind, position, -version.history_id),
    )


def _field_change(previous, version, field_name: str) -> FieldChange:
    model_field = version._meta.get_field(field_name)
    return FieldChange(
        label=capfirst(model_field.verbose_name),
        old=_in_words(previous, model_field),
        new=_in_words(version, model_field),
        is_long_text=isinstance(model_field, models.TextField),
    )


def _in_words(version, model_field) -> str:
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


def _update_entry(update: ProgressUpdate) -> TimelineEntry:
    if update.reviewed_at:
        when = update.reviewed_at
    elif update.submitted_at:
        when = update.submitted_at
    else:
        when = timezone.make_aware(datetime.datetime.combine(update.period.ends, datetime.time()))

    if update.author:
        who = str(update.author)
    elif update.reported_by_text:
        who = f"{FROM_REPORT} ({update.reported_by_text})"
    else:
        who = FROM_REPORT

    target = f" on proposed action {update.action.position}" if update.action_id else ""
    return TimelineEntry(
        when=when,
        who=who,
        title=f"Progress update for {update.period.name}{target} accepted",
        narrative=update.narrative,
        status=update.status,
        status_label=update.get_status_display(),
        order=(2, update.action.position if update.action_id else 0, -update.pk),
    )
