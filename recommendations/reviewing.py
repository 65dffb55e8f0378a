"""A progress update as the coordinator reviews it: beside the last accepted update for the same
recommendation (or action) and the official record, and with its own history.

"Changed" means changed since the last accepted update (last quarter's, usually), since that is
what the coordinator is asked to judge; for an update returned and resubmitted, changed since the
version the coordinator returned; where there is neither, changed from the official record.
Three queries: the last accepted update, the evidence files of both, and (for the history) the
update's recorded versions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.urls import NoReverseMatch, reverse
from django.utils.dateformat import format as format_date

from .diffs import Piece, word_diff
from .models import EvidenceFile, ProgressUpdate
from .timeline import combined_action_updates
from .versions import moment_in_words, who_changed

State = ProgressUpdate.State
NONE_GIVEN = "None given"


@dataclass(frozen=True)
class EvidenceItem:
    """A link or file given as evidence; `url` is None where it cannot safely be linked."""

    text: str
    url: str | None
    is_file: bool = False


@dataclass(frozen=True)
class ComparedField:
    """One field of the update, beside the last accepted update's and the official record's.

    `previous` is None where there is no accepted update before this one; `official` is None
    where the record keeps no such field (a proposed action has no RAG, no record keeps evidence).
    """

    label: str
    proposed: str
    previous: str | None
    official: str | None
    changed: bool


@dataclass(frozen=True)
class UpdateComparison:
    """What the update reports, field by field and word by word, against what went before."""

    update: ProgressUpdate
    previous: ProgressUpdate | None
    fields: list[ComparedField]
    evidence: list[EvidenceItem]
    previous_evidence: list[EvidenceItem]
    evidence_changed: bool
    narrative_diff: list[Piece]
    compared_with: str  # what the narrative is compared with, in words

    @property
    def previous_label(self) -> str:
        """What the earlier version is, as a list item begins: "2010/11 Q2 update"."""
        if self.previous is None:
            return ""
        returned_at = getattr(self.previous, "returned_at", None)
        if returned_at:
            return f"Version returned on {format_date(returned_at, 'j F Y')}"
        return f"{self.previous.period.name} update"

    @property
    def narrative_changed(self) -> bool:
        return any(piece.kind != "equal" for piece in self.narrative_diff)


@dataclass(frozen=True)
class HistoryEntry:
    """A move the update made: started, submitted, returned, accepted; who, when and why."""

    title: str
    who: str
    when: datetime.datetime
    when_in_words: str
    note: str = ""
    note_label: str = ""


def last_accepted_update(update: ProgressUpdate) -> ProgressUpdate | None:
    """The accepted update for the same recommendation or action from the latest earlier quarter."""
    return (
        ProgressUpdate.objects.accepted()
        .filter(
            recommendation_id=update.recommendation_id,
            action_id=update.action_id,
            period__review_id=update.period.review_id,
            period__ends__lt=update.period.ends,
        )
        .select_related("period")
        .order_by("-period__ends")
        .first()
    )


def returned_version(update: ProgressUpdate):
    """The update as the coordinator last returned it, if it was returned and then resubmitted:
    what a resubmission is judged against (its history row at the return, with `period` set)."""
    if update.state != State.SUBMITTED:
        return None
    returned, previous_state = None, None
    for version in update.history.order_by("history_date", "history_id"):
        # The move into "returned", not the officer's later saves of the returned update.
        if version.state == State.RETURNED and previous_state != State.RETURNED:
            returned = version
        previous_state = version.state
    if returned is None:
        return None
    as_returned = returned.instance
    as_returned.period = update.period
    as_returned.returned_at = returned.history_date
    return as_returned


def compare_update(update: ProgressUpdate) -> UpdateComparison:
    """The update (with `recommendation`, `action` and `period` selected) against what went before:
    the version the coordinator returned, for a resubmission; else the last accepted update."""
    previous = returned_version(update) or last_accepted_update(update)
    files = _evidence_files([update] + ([previous] if previous else []))
    record = update.action if update.action_id else update.recommendation

    def compared(label, proposed, previous_value, official):
        baseline = previous_value if previous is not None else official
        return ComparedField(label, proposed, previous_value, official, changed=proposed != baseline)

    fields = [
        compared(
            "Status",
            update.get_status_display(),
            previous.get_status_display() if previous else None,
            record.get_status_display(),
        ),
        compared(
            "RAG",
            update.get_rag_display(),
            previous.get_rag_display() if previous else None,
            None if update.action_id else update.recommendation.get_rag_display(),
        ),
        _compared_timescale(update, previous),
    ]
    evidence = _evidence(update, files.get(update.pk, []))
    previous_files = files.get(previous.pk, []) if previous else []
    if previous is not None and getattr(previous, "returned_at", None):
        # The returned version is this update as it was: only the files it had then.
        previous_files = [item for item in previous_files if item.uploaded_at <= previous.returned_at]
    previous_evidence = _evidence(previous, previous_files) if previous else []
    narrative_before, compared_with = _narrative_before(update, previous, record)
    return UpdateComparison(
        update=update,
        previous=previous,
        fields=fields,
        evidence=evidence,
        previous_evidence=previous_evidence,
        evidence_changed=[item.text for item in evidence] != [item.text for item in previous_evidence],
        narrative_diff=word_diff(narrative_before, update.narrative),
        compared_with=compared_with,
    )


def _narrative_before(update, previous, record) -> tuple[str, str]:
    if previous is not None and getattr(previous, "returned_at", None):
        return previous.narrative, f"the version returned on {format_date(previous.returned_at, 'j F Y')}"
    if previous is not None:
        return previous.narrative, f"the {previous.period.name} update"
    if update.action_id is None:
        # A recommendation's first update of its own: compare it with what its actions reported
        # in the latest earlier quarter (the September 2010 progress was reported action by action).
        earlier = (
            ProgressUpdate.objects.accepted()
            .filter(recommendation_id=update.recommendation_id, action__isnull=False)
            .filter(period__review_id=update.period.review_id, period__ends__lt=update.period.ends)
            .select_related("period", "action")
        )
        combined = combined_action_updates(list(earlier), before=update.period)
        if combined is not None:
            return combined.narrative, f"the {combined.period.name} updates of its actions"
    return record.progress, "the official record"


def _timescale_in_words(timescale: str, due: datetime.date | None) -> str:
    if not timescale:
        return NONE_GIVEN
    return f"{timescale} (due {format_date(due, 'j F Y')})" if due else timescale


def _compared_timescale(update: ProgressUpdate, previous: ProgressUpdate | None) -> ComparedField:
    proposed = _timescale_in_words(update.revised_timescale, update.revised_due_date)
    official = (
        _timescale_in_words(update.action.timescale, update.action.due_date) if update.action_id else None
    )
    if previous is not None:
        previous_value = _timescale_in_words(previous.revised_timescale, previous.revised_due_date)
        changed = update.revised_timescale != previous.revised_timescale
    else:
        previous_value = None
        # No revision leaves the record's timescale as it is: nothing changes.
        changed = bool(update.revised_timescale) and proposed != official
    return ComparedField("Revised timescale", proposed, previous_value, official, changed)


def _evidence_files(updates: list[ProgressUpdate]) -> dict[int, list[EvidenceFile]]:
    by_update: dict[int, list[EvidenceFile]] = {}
    for evidence_file in EvidenceFile.objects.filter(update__in=[u.pk for u in updates]).order_by(
        "uploaded_at", "pk"
    ):
        by_update.setdefault(evidence_file.update_id, []).append(evidence_file)
    return by_update


def _evidence(update: ProgressUpdate, files: list[EvidenceFile]) -> list[EvidenceItem]:
    links = [line.strip() for line in update.evidence_links.splitlines() if line.strip()]
    return [EvidenceItem(link, link if _is_web_address(link) else None) for link in links] + [
        EvidenceItem(evidence_file.name, evidence_download_url(evidence_file), is_file=True)
        for evidence_file in files
    ]


def _is_web_address(text: str) -> bool:
    # Only http(s) addresses become links: a "javascript:" line must stay text.
    parts = urlsplit(text)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def evidence_download_url(evidence_file: EvidenceFile) -> str | None:
    """Where a signed-in user downloads the file (None until the download page exists)."""
    try:
        return reverse("recommendations:evidence-download", kwargs={"pk": evidence_file.pk})
    except NoReverseMatch:
        return None


HISTORY_TITLES = {
    State.DRAFT: "Draft started",
    State.SUBMITTED: "Submitted for review",
    State.RETURNED: "Returned to its author",
    State.ACCEPTED: "Accepted",
}


NOTE_LABELS = {State.RETURNED: "Reason", State.ACCEPTED: "Note"}


def update_history(update: ProgressUpdate) -> list[HistoryEntry]:
    """Each move of the update between states, oldest first, from its recorded versions."""
    versions = ProgressUpdate.history.filter(id=update.pk).select_related("history_user")
    entries = []
    previous_state = None
    for version in versions.order_by("history_date", "history_id"):
        if version.state != previous_state:
            title = HISTORY_TITLES[State(version.state)]
            if version.state == State.ACCEPTED and version.completion_verified:
                title = "Accepted, completion verified"
            entries.append(
                HistoryEntry(
                    title=title,
                    who=who_changed(version),
                    when=version.history_date,
                    when_in_words=moment_in_words(version.history_date),
                    note=version.review_reason if version.state in NOTE_LABELS else "",
                    note_label=NOTE_LABELS.get(State(version.state), ""),
                )
            )
        previous_state = version.state
    return entries
