import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.manager import HistoricalQuerySet
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    """Where a recommendation or proposed action stands."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    NO_PROGRESS = "no_progress", "No progress"
    SUPERSEDED = "superseded", "Superseded"


# A recommendation or action in one of these needs no more updates.
CLOSED_STATUSES = (Status.COMPLETED, Status.SUPERSEDED)


def overdue_actions(actions, *, on: datetime.date):
    """The overdue rule, the one place it is written: an action is overdue on a day when it was due
    before that day and is neither completed nor superseded. `actions` is a QuerySet of proposed
    actions, now or as they stood (`ProposedAction.history.as_of(...)`);
    `ProposedAction.is_overdue` is the same rule for an action already read."""
    return actions.filter(due_date__lt=on).exclude(status__in=CLOSED_STATUSES)


class Rag(models.TextChoices):
    """Red / amber / green rating; complete is the report's grey."""

    NOT_ASSESSED = "not_assessed", "Not assessed"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


class Review(models.Model):
    """An inquiry whose recommendations are tracked, such as the Safeguarding Commission."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    published = models.DateField(null=True, blank=True, help_text="When the review's report was published.")
    published_text = models.CharField(
        max_length=100, blank=True, help_text='The publication date as the source gives it ("August 2009").'
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Theme(models.Model):
    """A section of a review's recommendations, in report order."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(help_text="Order of the section in the report.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "position"]
        constraints = [
            models.UniqueConstraint(fields=["review", "position"], name="theme_unique_position"),
            models.UniqueConstraint(fields=["review", "name"], name="theme_unique_name"),
        ]

    def __str__(self):
        return self.name


class Assignee(models.Model):
    """A body or post a recommendation is assigned to ("DCS", "KSCB")."""

    name = models.CharField(max_length=200, unique=True)
    description = models.CharField(max_length=200, blank=True, help_text="What the abbreviation stands for.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Officer(models.Model):
    """A person or post that leads actions, as the report names them (often initials)."""

    name = models.CharField(
        max_length=200, unique=True, help_text="As the report writes it: a post or initials."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer",
        help_text="The account this officer signs in with, if any.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class RecommendationQuerySet(models.QuerySet):
    def for_review(self, review):
        """Recommendations of one review."""
        return self.filter(review=review)

    def open(self):
        """Recommendations not yet completed or superseded."""
        return self.exclude(status__in=CLOSED_STATUSES)

    def completed(self):
        """Recommendations recorded as completed."""
        return self.filter(status=Status.COMPLETED)

    def overdue(self, *, on: datetime.date):
        """Open recommendations with an action overdue on `on` (`overdue_actions`)."""
        late_actions = overdue_actions(
            ProposedAction.objects.filter(recommendation=models.OuterRef("pk")), on=on
        )
        return self.open().filter(models.Exists(late_actions))

    def led_by(self, officer):
        """Recommendations the officer leads, directly or through one of their actions."""
        led_actions = ProposedAction.objects.filter(
            recommendation=models.OuterRef("pk"), lead_officers=officer
        )
        return self.filter(Q(lead_officer=officer) | models.Exists(led_actions))

    def in_theme(self, theme):
        """Recommendations in one theme."""
        return self.filter(theme=theme)


class HistoricalRecommendationQuerySet(HistoricalQuerySet, RecommendationQuerySet):
    """Recommendations as they stood (`Recommendation.history.as_of(moment)`), read with the same
    vocabulary as now: `open()`, `completed()`, `in_theme()`… work unchanged on the recorded fields."""

    def overdue(self, *, on: datetime.date):
        """Open then, with an action then due before `on` and then still open, as the actions stood."""
        actions = ProposedAction.history.all()
        if self._as_of is not None:
            actions = ProposedAction.history.as_of(self._as_of)
        late_actions = overdue_actions(actions.filter(recommendation_id=models.OuterRef("id")), on=on)
        return self.open().filter(models.Exists(late_actions))

    def led_by(self, officer):
        """Led by the officer then, directly or through an action (action lead officers are not
        versioned: today's)."""
        led_actions = ProposedAction.objects.filter(
            recommendation=models.OuterRef("id"), lead_officers=officer
        )
        return self.filter(Q(lead_officer=officer) | models.Exists(led_actions))


class Recommendation(models.Model):
    """One of a review's recommendations, with its assignment and where it stands."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="recommendations")
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="recommendations")
    ref = models.PositiveSmallIntegerField(help_text="The recommendation's number in the report.")
    text = models.TextField(help_text="The recommendation in full, as the report gives it.")
    assigned_to_text = models.CharField(
        "assigned to (as written)",
        max_length=300,
        blank=True,
        help_text="The report's 'Assigned to' cell, word for word.",
    )
    assignees = models.ManyToManyField(
        Assignee, blank=True, related_name="recommendations", help_text="The bodies or posts assigned."
    )
    cross_references = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="referred_to_by",
        help_text='Other recommendations this one points to ("Xref recs 1&4", "See recommendation 25").',
    )
    lead_officer = models.ForeignKey(
        Officer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_recommendations",
        help_text="The officer accountable for the whole recommendation, once the coordinator assigns one.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.NOT_ASSESSED,
        help_text="Completed only where the report's words say so.",
    )
    rag = models.CharField(
        "RAG",
        max_length=20,
        choices=Rag.choices,
        default=Rag.NOT_ASSESSED,
        help_text="Red, amber, green or complete.",
    )
    progress = models.TextField(
        blank=True, help_text="The latest accepted progress on the recommendation as a whole."
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every edit, so a stale form cannot overwrite a newer one."
    )
    focus = models.BooleanField(
        "EMG / I&E focus",
        default=False,
        help_text="The report's yellow shading: linked to the Innovation & Efficiency programme or EMG.",
    )

    history = HistoricalRecords(historical_queryset=HistoricalRecommendationQuerySet)
    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["review", "ref"]
        constraints = [models.UniqueConstraint(fields=["review", "ref"], name="recommendation_unique_ref")]

    def __str__(self):
        return f"Recommendation {self.ref}"

    def get_absolute_url(self):
        return reverse("recommendations:recommendation-detail", kwargs={"ref": self.ref})


class ProposedActionQuerySet(models.QuerySet):
    def overdue(self, *, on: datetime.date):
        """Actions overdue on `on` (`overdue_actions`)."""
        return overdue_actions(self, on=on)

    def led_by(self, officer):
        """Actions the officer leads."""
        return self.filter(lead_officers=officer)

    def open(self):
        """Actions not completed or superseded, of recommendations still open."""
        return self.exclude(status__in=CLOSED_STATUSES).exclude(recommendation__status__in=CLOSED_STATUSES)


class ProposedAction(models.Model):
    """One row of the action plan under a recommendation."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="actions")
    position = models.PositiveSmallIntegerField(help_text="Order of the row under its recommendation.")
    text = models.TextField(blank=True, help_text="The proposed action, as the report gives it.")
    lead_officer_text = models.CharField(
        "lead officer (as written)", max_length=300, blank=True, help_text="The report's 'Lead Officer' cell."
    )
    lead_officers = models.ManyToManyField(Officer, blank=True, related_name="actions")
    timescale = models.CharField(max_length=200, blank=True, help_text='As written: "Nov 09", "On-going".')
    due_date = models.DateField(
        null=True, blank=True, help_text="The date the timescale gives, revised if revised."
    )
    original_due_date = models.DateField(
        null=True, blank=True, help_text="The first date, where the timescale names a later one too."
    )
    progress = models.TextField(blank=True, help_text="The latest accepted progress.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED)

    history = HistoricalRecords()
    objects = ProposedActionQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "position"], name="action_unique_position")
        ]

    def __str__(self):
        return f"Recommendation {self.recommendation.ref}, action {self.position}"

    def is_overdue(self, *, on: datetime.date) -> bool:
        """`overdue_actions` for an action already read (perhaps as it stood at a quarter's end)."""
        return self.due_date is not None and self.due_date < on and self.status not in CLOSED_STATUSES


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self):
        """Periods open for updates."""
        return self.filter(state=ReportingPeriod.State.OPEN)

    def closed(self):
        """Periods closed: read-only, the tracker as at their end."""
        return self.filter(state=ReportingPeriod.State.CLOSED)

    def with_update_counts(self):
        """Each period with its updates counted by state: `draft_count`, `submitted_count`, …"""
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


class ProgressUpdateQuerySet(models.QuerySet):
    def in_period(self, period):
        """Updates written against one reporting period."""
        return self.filter(period=period)

    def accepted(self):
        """Updates the coordinator accepted: the official record."""
        return self.filter(state=ProgressUpdate.State.ACCEPTED)

    def awaiting_review(self):
        """Submitted updates the coordinator has not yet accepted or returned."""
        return self.filter(state=ProgressUpdate.State.SUBMITTED)

    def by_author(self, user):
        """Updates written by one user."""
        return self.filter(author=user)


class ProgressUpdate(models.Model):
    """What an officer reported for a recommendation (and optionally one action) in a period."""

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        ACCEPTED = "accepted", "Accepted"

    # The only moves the workflow allows; services check every transition against this.
    TRANSITIONS = {
        State.DRAFT: {State.SUBMITTED},
        State.RETURNED: {State.SUBMITTED},
        State.SUBMITTED: {State.ACCEPTED, State.RETURNED},
        State.ACCEPTED: set(),
    }
    EDITABLE_STATES = {State.DRAFT, State.RETURNED}

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="updates")
    action = models.ForeignKey(
        ProposedAction, on_delete=models.PROTECT, null=True, blank=True, related_name="updates"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="updates")
    narrative = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_ASSESSED)
    rag = models.CharField("RAG", max_length=20, choices=Rag.choices, default=Rag.NOT_ASSESSED)
    revised_timescale = models.CharField(max_length=200, blank=True)
    revised_due_date = models.DateField(null=True, blank=True)
    evidence_links = models.TextField(blank=True, help_text="One address per line.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="progress_updates",
        help_text="Empty for progress taken from a published report.",
    )
    reported_by_text = models.CharField(
        max_length=200, blank=True, help_text="Who reported it, where taken from a report."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_updates",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True, help_text="Why it was returned, or a note on acceptance.")
    completion_verified = models.BooleanField(
        default=False, help_text="The coordinator checked the evidence for a claimed completion."
    )
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save, so a stale form cannot overwrite a newer one."
    )

    history = HistoricalRecords()
    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["period__ends", "recommendation__ref", "action__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "recommendation"],
                condition=Q(action__isnull=True),
                name="update_one_per_recommendation_and_period",
            ),
            models.UniqueConstraint(
                fields=["period", "action"],
                condition=Q(action__isnull=False),
                name="update_one_per_action_and_period",
            ),
        ]

    def __str__(self):
        target = f"action {self.action.position}" if self.action_id else "recommendation"
        return f"{self.period.name} update on recommendation {self.recommendation.ref} ({target})"

    def can_move_to(self, state) -> bool:
        """Whether the workflow allows this update to move to `state`."""
        return state in self.TRANSITIONS[self.State(self.state)]

    @property
    def is_editable(self) -> bool:
        return self.state in self.EDITABLE_STATES

    @property
    def has_evidence(self) -> bool:
        return bool(self.evidence_links.strip()) or self.evidence_files.exists()


def evidence_upload_to(instance, filename):
    """Store evidence under the update it supports, with a random name: never the uploader's path."""
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{instance.update_id}/{uuid.uuid4().hex}{suffix}"


class EvidenceFile(models.Model):
    """A file an officer attached to a progress update as evidence."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.PROTECT, related_name="evidence_files")
    file = models.FileField(upload_to=evidence_upload_to)
    name = models.CharField(max_length=255, help_text="The file's name as uploaded.")
    size = models.PositiveIntegerField(help_text="Bytes.")
    content_type = models.CharField(max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name


class QuestionQuerySet(models.QuerySet):
    def unanswered(self):
        """Questions still waiting for the lead officer's answer."""
        return self.filter(answered_at__isnull=True)


class Question(models.Model):
    """A panel member's question to the lead officer on a recommendation, and its answer."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.PROTECT, related_name="questions")
    text = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "asked_at"]

    def __str__(self):
        return f"Question on recommendation {self.recommendation.ref}"
