"""A panel recommendation's history, grouped by quarter, newest first: who changed what, when, why.

Every write to a panel recommendation goes through `panels.services`, which records the user and
a reason on the history row; a quarter's progress update also changes the panel recommendation
(its status, RAG and progress), so its history alone tells the whole story. Entries use the
recommendation timeline's shapes (`TimelineEntry`, `QuarterGroup`) so the same component shows
them. Two queries, whatever the number of versions.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone

from recommendations.models import ReportingPeriod
from recommendations.timeline import QuarterGroup, TimelineEntry, financial_quarter
from recommendations.versions import changed_fields, who_changed

from .models import PanelRecommendation

# The reasons panels.services writes when a quarter's update changes the panel recommendation.
UPDATE_REASON_SUFFIXES = (" update recorded", " update revised")


def panel_recommendation_timeline(panel_recommendation: PanelRecommendation) -> list[QuarterGroup]:
    """Every recorded version of the panel recommendation, described against the one before it."""
    versions = panel_recommendation.history.select_related("history_user", "report").order_by(
        "history_date", "history_id"
    )
    periods = ReportingPeriod.objects.filter(
        review__panels__reports__panel_recommendations=panel_recommendation
    ).distinct()
    quarters = _Quarters(periods)
    previous = None
    for version in versions:
        entry = _entry(version, previous, panel_recommendation.number)
        if entry is not None:
            quarters.for_version(version).entries.append(entry)
        previous = version
    return quarters.newest_first()


def _entry(version, previous, number: int) -> TimelineEntry | None:
    subject = f"Panel recommendation {number}"
    changes = ()
    if version.history_type == "-":
        title = f"{subject} removed"
    elif previous is None:
        title = f"{subject} recorded"
    else:
        changes = changed_fields(previous, version)
        if not changes and not version.history_change_reason:
            return None  # saved without a change: nothing to tell
        title = f"{subject} changed"
    if version.history_change_reason:
        title = f"{subject}: {version.history_change_reason}"
    return TimelineEntry(
        when=version.history_date,
        who=who_changed(version),
        title=title,
        changes=changes,
        order=(0, 0, -version.history_id),
    )


class _Quarters:
    """Places each version in its quarter: a quarter's update in that quarter, anything else in
    the reporting period covering its date, or else the financial-year quarter of its date."""

    def __init__(self, periods: Iterable[ReportingPeriod]):
        self.periods = sorted(periods, key=lambda period: (period.starts, period.ends))
        self.periods_by_name = {period.name: period for period in self.periods}
        self.groups: dict[str, QuarterGroup] = {}

    def group(self, name: str, ends: datetime.date) -> QuarterGroup:
        if name not in self.groups:
            self.groups[name] = QuarterGroup(name=name, ends=ends)
        return self.groups[name]

    def for_version(self, version) -> QuarterGroup:
        reason = version.history_change_reason or ""
        for suffix in UPDATE_REASON_SUFFIXES:
            period = (
                self.periods_by_name.get(reason.removesuffix(suffix)) if reason.endswith(suffix) else None
            )
            if period is not None:
                return self.group(period.name, period.ends)
        day = timezone.localdate(version.history_date)
        for period in self.periods:
            if period.starts <= day <= period.ends:
                return self.group(period.name, period.ends)
        return self.group(*financial_quarter(day))

    def newest_first(self) -> list[QuarterGroup]:
        groups = sorted(self.groups.values(), key=lambda group: group.ends, reverse=True)
        for group in groups:
            group.entries.sort(key=lambda entry: (-entry.when.timestamp(), entry.order))
        return groups
