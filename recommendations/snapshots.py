"""Freezing a quarter: which records a closed quarter keeps, and the history rows it reads them from.

Closing a quarter (`services.reporting_period_close`) writes, for every recommendation, proposed
action and any record another app registers (the panels app adds panel recommendations), the
history row that holds the record as it stands at that moment: once the quarter's updates were
reviewed, so everything accepted for the quarter or before counts, whenever it was accepted, and
nothing of a later quarter does (a later quarter cannot open while this one is open). Reading the
quarter then reads those rows, which never change: the quarter reads the same forever.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.db.models.query import ModelIterable

from .models import ProposedAction, Recommendation, ReportingPeriod, Review, SnapshotRow
from .quarters import end_of_day


@dataclass(frozen=True)
class FrozenModel:
    """A history-tracked model a quarter freezes, and how to find a review's records of it."""

    model: type[models.Model]
    of_review: Callable[[Review], models.QuerySet]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_frozen: list[FrozenModel] = [
    FrozenModel(Recommendation, lambda review: Recommendation.objects.filter(review=review)),
    FrozenModel(ProposedAction, lambda review: ProposedAction.objects.filter(recommendation__review=review)),
]


def freeze_also(model: type[models.Model], of_review: Callable[[Review], models.QuerySet]) -> None:
    """Have every quarter freeze `model` too (from another app's `ready()`)."""
    if all(frozen.model is not model for frozen in _frozen):
        _frozen.append(FrozenModel(model, of_review))


def freeze(period: ReportingPeriod, *, as_of: datetime.datetime | None = None) -> int:
    """Write the quarter's snapshot rows, replacing any it had: each record's latest history row
    (at `as_of`, for a quarter loaded already closed; otherwise now). How many rows."""
    SnapshotRow.objects.filter(period=period).delete()
    rows = []
    for frozen in _frozen:
        versions = frozen.model.history.filter(id__in=frozen.of_review(period.review).values("pk"))
        if as_of is not None:
            versions = versions.filter(history_date__lte=as_of)
        latest: dict[int, tuple[int, str]] = {}
        for record_id, history_id, history_type in versions.order_by(
            "history_date", "history_id"
        ).values_list("id", "history_id", "history_type"):
            latest[record_id] = (history_id, history_type)
        rows += [
            SnapshotRow(period=period, record_type=frozen.label, record_id=record_id, history_id=history_id)
            for record_id, (history_id, history_type) in latest.items()
            if history_type != "-"
        ]
    SnapshotRow.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def frozen_versions(model: type[models.Model], period: ReportingPeriod):
    """The history rows of `model` the quarter froze (a HistoricalQuerySet)."""
    rows = SnapshotRow.objects.filter(period=period, record_type=model._meta.label_lower)
    return model.history.filter(history_id__in=rows.values("history_id"))


def frozen_records(model: type[models.Model], period: ReportingPeriod):
    """The records of `model` the quarter froze, as `model` instances (read-only): the history rows
    `as_instances()`, each read straight into its record rather than built as a history row first."""
    records = frozen_versions(model, period).as_instances()
    records._iterable_class = RecordIterable
    return records


class RecordIterable(ModelIterable):
    """Yields, for each history row, the record it holds, as `as_instances()` does (the tracked
    fields only), from the row's columns."""

    def __iter__(self):
        queryset = self.queryset
        if queryset.query.deferred_loading != (frozenset(), True):  # some columns not read
            yield from (version.instance for version in super().__iter__())
            return
        model, db = queryset.model.instance_type, queryset.db
        compiler = queryset.query.get_compiler(using=db)
        results = compiler.execute_sql(chunked_fetch=self.chunked_fetch, chunk_size=self.chunk_size)
        columns = {compiler.select[i][0].target.attname: i for i in compiler.klass_info["select_fields"]}
        names = [field.attname for field in model._meta.concrete_fields]
        positions = [columns[name] for name in names]
        for row in compiler.results_iter(results):
            yield model.from_db(db, names, [row[i] for i in positions])


def unfreeze(period: ReportingPeriod) -> None:
    """Drop the quarter's snapshot (it is reopened: it reads as it is now until closed again)."""
    SnapshotRow.objects.filter(period=period).delete()


def freeze_closed_quarters_without_snapshot() -> list[ReportingPeriod]:
    """Freeze each closed quarter that has no snapshot (loaded from a fixture already closed), as
    the record stood when it closed: `closed_at`, or else the time of the history row that closed
    it, or else the end of its last day."""
    frozen = []
    for period in (
        ReportingPeriod.objects.closed().filter(snapshot_rows__isnull=True).select_related("review")
    ):
        if period.closed_at is None:
            closing = (
                period.history.filter(state=ReportingPeriod.State.CLOSED).order_by("history_date").first()
            )
            period.closed_at = closing.history_date if closing else end_of_day(period.ends)
            ReportingPeriod.objects.filter(pk=period.pk).update(closed_at=period.closed_at)
        freeze(period, as_of=period.closed_at)
        frozen.append(period)
    return frozen
