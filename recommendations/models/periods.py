"""Reporting quarters, and the snapshot each one freezes when it closes."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tracker.versioning import History

from .reviews import Review


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self):
        """Periods open for updates (opened, or reopened after closing)."""
        return self.filter(state__in=ReportingPeriod.OPEN_STATES)

    def closed(self):
        """Periods closed: read-only, their snapshot frozen."""
        return self.filter(state=ReportingPeriod.State.CLOSED)

    def reported(self):
        """Periods that have been opened: the tracker can be shown as at their end."""
        return self.exclude(state=ReportingPeriod.State.PLANNED)

    def with_update_counts(self):
        """Each period with its updates counted by state: `draft_count`, `submitted_count`, …"""
        from .updates import ProgressUpdate

        return self.annotate(
            **{
                f"{state}_count": models.Count("updates", filter=Q(updates__state=state))
                for state in ProgressUpdate.State.values
            }
        )


class ReportingPeriod(models.Model):
    """A reporting quarter: planned, open for updates, then closed with its snapshot frozen."""

    class State(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        REOPENED = "reopened", "Reopened"

    # The only moves a quarter makes; services check every transition against this.
    TRANSITIONS = {
        State.PLANNED: {State.OPEN},
        State.OPEN: {State.CLOSED},
        State.CLOSED: {State.REOPENED},
        State.REOPENED: {State.CLOSED},
    }
    OPEN_STATES = (State.OPEN, State.REOPENED)

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="reporting_periods")
    name = models.CharField(max_length=50, help_text='e.g. "2010/11 Q2".')
    starts = models.DateField()
    ends = models.DateField(help_text="The quarter's last day.")
    deadline = models.DateField(null=True, blank=True, help_text="When updates are due.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    reminders_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the week-before-deadline reminders went out."
    )
    closed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the quarter was last closed and its snapshot frozen."
    )

    history = History()
    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["review", "ends"]
        constraints = [
            models.UniqueConstraint(fields=["review", "name"], name="period_unique_name"),
            models.UniqueConstraint(
                fields=["review"],
                condition=Q(state__in=["open", "reopened"]),
                name="period_one_open_per_review",
            ),
            models.CheckConstraint(
                condition=Q(starts__lte=models.F("ends")), name="period_starts_before_ends"
            ),
        ]

    def __str__(self):
        return f"{self.name}, to {self.ends:%-d %B %Y}"

    def can_move_to(self, state) -> bool:
        """Whether the quarter may move to `state`."""
        return state in self.TRANSITIONS[self.State(self.state)]

    @property
    def is_open(self) -> bool:
        """Open for updates: opened, or reopened."""
        return self.state in self.OPEN_STATES

    @property
    def is_frozen(self) -> bool:
        """Closed, its snapshot frozen: it reads the same whatever happens later."""
        return self.state == self.State.CLOSED

    def days_left(self, today) -> int | None:
        """Days from `today` to the deadline (negative once past it); None without a deadline."""
        return (self.deadline - today).days if self.deadline else None

    @property
    def as_at_label(self) -> str:
        """How the quarter is offered where pages show the tracker as at a quarter's end."""
        open_note = " – open for updates, so far" if self.is_open else ""
        return f"End of {self.name} ({self.ends:%-d %B %Y}){open_note}"


class SnapshotRow(models.Model):
    """One record as its quarter froze it: the history row to read it from.

    Closing a quarter writes one row per recommendation, proposed action and panel
    recommendation of the review (`recommendations.snapshots`); reading the quarter reads those
    history rows, so a closed quarter reads the same forever, whatever is accepted or corrected
    later. Reopening the quarter removes them; closing it again freezes it anew.
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="snapshot_rows")
    record_type = models.CharField(max_length=100, help_text='The model, as "app_label.model_name".')
    record_id = models.BigIntegerField()
    history_id = models.BigIntegerField(help_text="The record's history row as the quarter froze it.")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["period", "record_type", "record_id"], name="snapshot_one_row_per_record"
            )
        ]

    def __str__(self):
        return f"{self.period.name}: {self.record_type} {self.record_id}"


class Reminder(models.Model):
    """A reminder the coordinator sent an officer about a quarter's outstanding updates (at most
    one a day per officer), kept as the log of who was chased and when."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    officer = models.ForeignKey("recommendations.Officer", on_delete=models.CASCADE, related_name="reminders")
    sent_at = models.DateTimeField()
    sent_on = models.DateField(help_text="The day it was sent, in the service's time zone.")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outstanding = models.PositiveIntegerField(help_text="How many items it reminded them of.")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["period", "officer", "sent_on"], name="reminder_once_a_day")
        ]

    def __str__(self):
        return f"Reminder to {self.officer} for {self.period.name} on {self.sent_on:%-d %B %Y}"
