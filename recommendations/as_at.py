"""The tracker as it stood at the end of a past reporting quarter, read from the history tables."""

import dataclasses
import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from .models import ProposedAction, Recommendation, ReportingPeriod
from .timeline import QuarterGroup


def end_of(period: ReportingPeriod) -> datetime.datetime:
    """The last moment of the quarter's last day, in the service's time zone."""
    last_day = datetime.datetime.combine(period.ends, datetime.time.max)
    return timezone.make_aware(last_day)


@dataclass(frozen=True)
class Snapshot:
    """Recommendations and actions as they stood at `moment` (model instances, read-only)."""

    period: ReportingPeriod
    moment: datetime.datetime

    def recommendations(self):
        """Each recommendation's latest version at the moment; filter and order like a QuerySet."""
        return Recommendation.history.as_of(self.moment).filter(review_id=self.period.review_id)

    def actions(self):
        """Each proposed action's latest version at the moment."""
        return ProposedAction.history.as_of(self.moment).filter(
            recommendation_id__in=self.recommendations().values("id")
        )

    def overdue_on(self, today: datetime.date) -> datetime.date:
        """The day "overdue" counts from as at the quarter: its last day, or today if that is sooner."""
        return min(self.period.ends, today)

    @property
    def has_ended(self) -> bool:
        """Whether the quarter is over; before then its snapshot is simply the tracker now."""
        return self.moment <= timezone.now()

    def with_themes_and_actions(self, recommendations) -> list[Recommendation]:
        """The recommendations (as they stood) as a list, each with its theme and lead officer, and
        its proposed actions as they stood then with their lead officers: four queries in all."""
        recommendations = list(recommendations)
        actions_then = ProposedAction.history.as_of(self.moment).order_by("position")
        prefetch_related_objects(
            recommendations,
            "theme",
            "lead_officer",
            Prefetch("actions", queryset=actions_then),
            "actions__lead_officers",
        )
        return recommendations

    def recommendation(self, pk: int) -> Recommendation | None:
        """One recommendation as it stood, with its actions then; None if not yet recorded."""
        found = self.with_themes_and_actions(self.recommendations().filter(id=pk))
        return found[0] if found else None

    def timeline(self, quarters: list[QuarterGroup]) -> list[QuarterGroup]:
        """A recommendation's timeline cut at the quarter's end: nothing that happened later."""
        cut = []
        for quarter in quarters:
            entries = [entry for entry in quarter.entries if entry.when <= self.moment]
            if quarter.ends <= self.period.ends and entries:
                cut.append(dataclasses.replace(quarter, entries=entries))
        return cut


def snapshot(period: ReportingPeriod) -> Snapshot:
    """The tracker as at the end of `period`."""
    return Snapshot(period=period, moment=end_of(period))
