"""What every paper says about itself: which review and quarter it shows, whether that quarter is
closed (frozen) or still open (so far), and when it was produced; and the file's name."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

from recommendations.as_at import Snapshot, snapshot
from recommendations.columns import NOW
from recommendations.models import ReportingPeriod, Review


@dataclass(frozen=True)
class Provenance:
    """The review, the quarter (None: the tracker now), how it is read, and when."""

    review: Review
    past: Snapshot | None
    produced_at: datetime.datetime

    @property
    def period(self) -> ReportingPeriod | None:
        return self.past.period if self.past else None

    @property
    def quarter(self) -> str:
        """The quarter's name, or "now"."""
        return self.period.name if self.period else NOW

    @property
    def is_frozen(self) -> bool:
        return self.past is not None and self.past.has_ended

    @property
    def as_at(self) -> str:
        """What the paper shows, in a sentence."""
        if self.past is None:
            return f"The tracker now, as it stood on {self.produced_at:%-d %B %Y at %H:%M}."
        period = self.past.period
        if self.past.is_so_far:
            return (
                f"As at the end of {period.name} ({period.ends:%-d %B %Y}), so far: the quarter is open "
                "and its updates may still change."
            )
        return (
            f"As at the end of {period.name} ({period.ends:%-d %B %Y}): the quarter is closed and this "
            f"is its frozen record ({self.past.moment:%-d %B %Y})."
        )

    @property
    def state(self) -> str:
        """ "closed (frozen)", "open (so far)" or "now"."""
        if self.past is None:
            return NOW
        return "closed (frozen)" if self.is_frozen else "open (so far)"

    @property
    def produced(self) -> str:
        return f"Produced on {self.produced_at:%-d %B %Y at %H:%M} from the tracker."

    def lines(self) -> list[str]:
        """The title block's lines after the paper's title."""
        return [self.review.name, self.as_at, self.produced]

    def filename(self, paper: str, extension: str) -> str:
        """`<review-slug>-<paper>-<quarter>.<extension>`, the quarter as in "2010-11-q2"."""
        quarter = re.sub(r"[^a-z0-9]+", "-", self.quarter.lower()).strip("-") or NOW
        return f"{self.review.slug}-{paper}-{quarter}.{extension}"


def provenance(review: Review, period: ReportingPeriod | None) -> Provenance:
    """The provenance of a paper of `review`, as at the end of `period` or (None) now."""
    past = snapshot(period) if period is not None else None
    return Provenance(review=review, past=past, produced_at=timezone.localtime())
