"""Progress updates, their evidence files, and the panel's questions to lead officers."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from tracker.versioning import History

from .choices import Rag, Status
from .periods import ReportingPeriod
from .recommendations import ProposedAction, Recommendation


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
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.NOT_ASSESSED,
        blank=True,
        help_text="Empty in a draft where none is chosen yet; required to submit.",
    )
    rag = models.CharField(
        "RAG",
        max_length=20,
        choices=Rag.choices,
        default=Rag.NOT_ASSESSED,
        blank=True,
        help_text="Empty in a draft where none is chosen yet; required to submit.",
    )
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
    on_behalf_of = models.ForeignKey(
        "recommendations.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="updates_entered_for",
        help_text="The lead officer the coordinator entered this update for (the author entered it).",
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
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_updates",
        help_text="Who last corrected the update after it was accepted.",
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_reason = models.TextField(blank=True, help_text="Why the accepted update was corrected.")
    version = models.PositiveIntegerField(
        default=1, help_text="Raised on every save, so a stale form cannot overwrite a newer one."
    )

    history = History()
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
        indexes = [
            # The updates waiting for review are few beside the record: the navigation counts them
            # on every coordinator's page and the queues list them (at 170,000 updates: 9 ms, not 100).
            models.Index(fields=["period"], condition=Q(state="submitted"), name="update_waiting_for_review"),
            # Each review's last accepted update is its quarters' latest: one probe a quarter.
            models.Index(
                fields=["period", "-reviewed_at"],
                condition=Q(state="accepted"),
                name="update_accepted_latest",
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
    def is_on_behalf(self) -> bool:
        return self.on_behalf_of_id is not None

    @property
    def accepted_own_entry(self) -> bool:
        """Accepted by the coordinator who entered it on an officer's behalf (allowed, and shown)."""
        return self.is_on_behalf and self.reviewed_by_id is not None and self.reviewed_by_id == self.author_id

    @property
    def reported_by(self) -> str:
        """Who reported it, in words: "Colin Coordinator on behalf of KSCB manager"."""
        if self.on_behalf_of_id is not None:
            return f"{self.author or 'The coordinator'} on behalf of {self.on_behalf_of}"
        if self.author_id is not None:
            return str(self.author)
        return self.reported_by_text

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

    history = History()

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

    history = History()
    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["recommendation", "asked_at"]

    def __str__(self):
        return f"Question on recommendation {self.recommendation.ref}"
