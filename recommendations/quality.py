"""Update-quality flags: what the coordinator may want to question in a submitted update.

They advise and never block: submitting and accepting go on as before. Each is worked out from the
update as submitted and the accepted update of the latest earlier quarter for the same
recommendation or action (`reviewing.last_accepted_update`), so the review page and the change
report say the same thing about the same update.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass

from .models import ProgressUpdate, Rag, Status
from .reviewing import last_accepted_update

# At or above this, a narrative is "nearly identical" to the previous quarter's.
SIMILAR = 0.9

COPIED, STATUS_WITHOUT_NARRATIVE, NO_EVIDENCE, TIMESCALE_BEFORE_QUARTER, TIMESCALE_PAST, RAG_CONTRADICTS = (
    "copied",
    "status-without-narrative",
    "no-evidence",
    "timescale-before-quarter",
    "timescale-past",
    "rag-contradicts-status",
)


@dataclass(frozen=True)
class Flag:
    """One thing to question, in words."""

    code: str
    message: str


def _words(text: str) -> list[str]:
    return (text or "").split()


def similarity(old: str, new: str) -> float:
    """How alike two narratives are, word by word: 1.0 for the same words."""
    old_words, new_words = _words(old), _words(new)
    if not old_words and not new_words:
        return 1.0
    return difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).ratio()


def update_flags(
    update: ProgressUpdate,
    previous: ProgressUpdate | None,
    *,
    has_evidence: bool | None = None,
    on: datetime.date | None = None,
) -> list[Flag]:
    """The flags of `update` against `previous` (the last accepted update before its quarter).

    `has_evidence` saves a query where the caller knows; `on` is the day the timescale is judged
    "already past" (the day it was submitted, else today)."""
    flags = []
    if previous is not None and update.narrative.strip():
        ratio = similarity(previous.narrative, update.narrative)
        if ratio >= SIMILAR:
            same = "identical to" if ratio == 1.0 else f"{ratio:.0%} the same as"
            flags.append(Flag(COPIED, f"The narrative is {same} {previous.period.name}'s."))
        if update.status != previous.status and _words(update.narrative) == _words(previous.narrative):
            flags.append(
                Flag(
                    STATUS_WITHOUT_NARRATIVE,
                    f"The status changed from {previous.get_status_display().lower()} to "
                    f"{update.get_status_display().lower()} with no change to the narrative.",
                )
            )
    if update.status == Status.COMPLETED:
        evidenced = update.has_evidence if has_evidence is None else has_evidence
        if not evidenced:
            flags.append(Flag(NO_EVIDENCE, "Completion is claimed without evidence."))
    if update.revised_due_date is not None:
        judged_on = on or (update.submitted_at.date() if update.submitted_at else datetime.date.today())
        when = f"{update.revised_due_date:%-d %B %Y}"
        if update.revised_due_date < update.period.starts:
            flags.append(
                Flag(TIMESCALE_BEFORE_QUARTER, f"The revised timescale ({when}) is before the quarter began.")
            )
        elif update.revised_due_date < judged_on:
            flags.append(Flag(TIMESCALE_PAST, f"The revised timescale ({when}) had already passed."))
    if update.rag == Rag.GREEN and update.status in (Status.NO_PROGRESS, Status.NOT_STARTED):
        flags.append(
            Flag(RAG_CONTRADICTS, f"Rated green but the status is {update.get_status_display().lower()}.")
        )
    if update.rag == Rag.RED and update.status == Status.COMPLETED:
        flags.append(Flag(RAG_CONTRADICTS, "Rated red but claimed completed."))
    return flags


def flags_for(update: ProgressUpdate) -> list[Flag]:
    """The flags of one update (the review page), against its previous accepted update."""
    return update_flags(update, last_accepted_update(update))
