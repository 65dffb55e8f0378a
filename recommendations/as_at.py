"""The tracker as at the end of a quarter: frozen when the quarter is closed, "so far" while open.

"As at quarter Q" is the official record once Q's updates were reviewed (docs/data-model.md):
- a closed quarter reads the history rows it froze when it closed (`snapshots`), the same forever;
- an open (or reopened) quarter reads the tracker as it is now: so far, everything accepted is for
  this quarter or an earlier one;
- before a review's first quarter (what its first quarter is compared with) the tracker is read
  from history as it stood at a moment.
"""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from .models import ProposedAction, Recommendation, ReportingPeriod
from .quarters import end_of_day
from .snapshots import frozen_records, frozen_versions
from .timeline import QuarterGroup

FROZEN, SO_FAR, AT_MOMENT = "frozen", "so far", "at a moment"


@dataclass(frozen=True)
class Snapshot:
    """Recommendations and actions as a quarter reports them (model instances, read-only)."""

    period: ReportingPeriod
    moment: datetime.datetime  # when it was frozen; now while so far; or the moment read
    kind: str = FROZEN

    @property
    def is_frozen(self) -> bool:
        return self.kind == FROZEN

    @property
    def is_so_far(self) -> bool:
        return self.kind == SO_FAR

    @property
    def has_ended(self) -> bool:
        """Whether the page shows a quarter that is over (frozen, or read as it stood)."""
        return self.kind != SO_FAR

    def recommendations(self):
        """Each recommendation as the quarter reports it; filter and order like a QuerySet."""
        review_id = self.period.review_id
        if self.kind == SO_FAR:
            return Recommendation.objects.filter(review_id=review_id)
        if self.kind == AT_MOMENT:
            return Recommendation.history.as_of(self.moment).filter(review_id=review_id)
        records = frozen_records(Recommendation, self.period).filter(review_id=review_id)
        return records.with_actions_then(frozen_versions(ProposedAction, self.period))

    def actions(self, *, of=None):
        """Each proposed action as the quarter reports it; only those of `of` (some of
        `recommendations()`), when given: one subquery rather than two, which PostgreSQL plans
        far better."""
        if self.kind == SO_FAR and of is None:
            return ProposedAction.objects.filter(recommendation__review_id=self.period.review_id)
        recommendations = self.recommendations() if of is None else of
        return self._any_actions().filter(recommendation_id__in=recommendations.values("id"))

    def actions_of_ids(self, ids):
        """The proposed actions of the recommendations with these ids, as the quarter reports them
        (narrowed by the ids alone: scoping them to the quarter's recommendations as well only
        slows PostgreSQL's plan)."""
        return self._any_actions().filter(recommendation_id__in=ids)

    def _any_actions(self):
        """The proposed actions as the quarter reports them, of any review: for a caller that
        narrows them to some of its recommendations."""
        if self.kind == SO_FAR:
            return ProposedAction.objects.all()
        if self.kind == AT_MOMENT:
            return ProposedAction.history.as_of(self.moment)
        return frozen_records(ProposedAction, self.period)

    def versions_of(self, model):
        """Records of any frozen model (a panel recommendation, say) as the quarter reports them."""
        if self.kind == SO_FAR:
            return model.objects.all()
        if self.kind == AT_MOMENT:
            return model.history.as_of(self.moment)
        return frozen_records(model, self.period)

    def overdue_on(self, today: datetime.date) -> datetime.date:
        """The day "overdue" counts from as at the quarter: its last day, or today if that is sooner."""
        return min(self.period.ends, today)

    def with_themes_and_actions(self, recommendations) -> list[Recommendation]:
        """The recommendations (as they stood) as a list, each with its theme and lead officer, and
        its proposed actions as they stood with their lead officers: four queries in all."""
        recommendations = list(recommendations)
        prefetch_related_objects(
            recommendations,
            "theme",
            "lead_officer",
            # The prefetch reads only these recommendations' actions: no need to scope them again.
            Prefetch("actions", queryset=self._any_actions().order_by("position")),
            "actions__lead_officers",
        )
        return recommendations

    def with_actions(self, recommendations) -> list[Recommendation]:
        """The recommendations (as they stood) as a list, each with its proposed actions as they
        stood, and nothing else: two queries, for a reader comparing their words and states."""
        recommendations = list(recommendations)
        prefetch_related_objects(
            recommendations, Prefetch("actions", queryset=self._any_actions().order_by("position"))
        )
        return recommendations

    def with_themes_and_actions_by_id(self, ids: list[int]) -> list[Recommendation]:
        """The recommendations with these ids as they stood, with themes and actions (a batch of an
        export: `exports.in_batches`)."""
        return self.with_themes_and_actions(self.recommendations().filter(id__in=ids))

    def recommendation(self, pk: int) -> Recommendation | None:
        """One recommendation as it stood, with its actions then; None if not yet recorded."""
        found = self.with_themes_and_actions(self.recommendations().filter(id=pk))
        return found[0] if found else None

    def timeline(self, quarters: list[QuarterGroup]) -> list[QuarterGroup]:
        """A recommendation's timeline as the quarter reports it: its quarter and earlier ones, and
        nothing recorded after the snapshot (a later correction shows only in "now")."""
        cut = []
        for quarter in quarters:
            entries = [entry for entry in quarter.entries if entry.when <= self.moment]
            if quarter.ends <= self.period.ends and entries:
                cut.append(dataclasses.replace(quarter, entries=entries))
        return cut


def snapshot(period: ReportingPeriod) -> Snapshot:
    """The tracker as at the end of `period`: frozen if it is closed, so far if it is open.

    A closed quarter that was never frozen (made closed directly, not through the service or a
    load) is read from history as recorded at the end of its last day."""
    if period.is_frozen and period.closed_at is not None:
        return Snapshot(period=period, moment=period.closed_at, kind=FROZEN)
    if period.is_frozen:
        return at_moment(period, end_of_day(period.ends))
    return Snapshot(period=period, moment=timezone.now(), kind=SO_FAR)


def at_moment(period: ReportingPeriod, moment: datetime.datetime) -> Snapshot:
    """The tracker of `period`'s review as recorded at `moment` (before its first quarter)."""
    return Snapshot(period=period, moment=moment, kind=AT_MOMENT)
