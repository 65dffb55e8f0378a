"""Reporting quarters."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .reviews import Review


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self):
        """Periods open for updates."""
        return self.filter(state=ReportingPeriod.State.OPEN)

    def closed(self):
        """Periods closed: read-only, the tracker as at their end."""
        return self.filter(state=ReportingPeriod.State.CLOSED)

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
    """A reporting quarter, open or closed for updates."""

    class State(models.TextChoices):
        PLANNED = "planned", "Planned"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="reporting_periods")
    name = models.CharField(max_length=50, help_text='e.g. "2010/11 Q2".')
    starts = models.DateField()
    ends = models.DateField(help_text="The quarter's last day; the tracker as at this date.")
    deadline = models.DateField(null=True, blank=True, help_text="When updates are due.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PLANNED)
    reminders_sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the week-before-deadline reminders went out."
    )

    history = HistoricalRecords()
    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["review", "ends"]
        constraints = [
            models.UniqueConstraint(fields=["review", "name"], name="period_unique_name"),
            models.UniqueConstraint(
                fields=["review"], condition=Q(state="open"), name="period_one_open_per_review"
            ),
            models.CheckConstraint(
                condition=Q(starts__lte=models.F("ends")), name="period_starts_before_ends"
            ),
        ]

    def __str__(self):
        return f"{self.name}, to {self.ends:%-d %B %Y}"

    @property
    def as_at_label(self) -> str:
        """How the quarter is offered where pages show the tracker as at a quarter's end."""
        open_note = " – open for updates" if self.state == self.State.OPEN else ""
        return f"End of {self.name} ({self.ends:%-d %B %Y}){open_note}"
