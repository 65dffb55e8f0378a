from django.contrib.auth.models import AbstractUser
from django.db import models

from .versioning import History


class Role(models.TextChoices):
    LEAD_OFFICER = "lead_officer", "Lead officer"
    COORDINATOR = "coordinator", "Programme coordinator"
    PANEL_MEMBER = "panel_member", "Panel member"
    ADMINISTRATOR = "administrator", "Administrator"


class User(AbstractUser):
    """A person who signs in: an officer, the coordinator, a panel member or an administrator."""

    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        default=Role.PANEL_MEMBER,
        help_text="What this person may do in the tracker.",
    )

    history = History(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


class QueuedEmailQuerySet(models.QuerySet):
    def due(self, *, now):
        """Emails not yet sent whose next try is now or past, and that have tries left."""
        return self.filter(state=QueuedEmail.State.WAITING, next_attempt_at__lte=now)

    def failed(self):
        """Emails that could not be sent after every try: for the administrator to look into."""
        return self.filter(state=QueuedEmail.State.FAILED)


class QueuedEmail(models.Model):
    """An email waiting to go, kept in the database so that a request never waits on the mail
    server: the `send_queued_email` worker sends it, trying again later when sending fails."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting to be sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (every try)"

    subject = models.CharField(max_length=255, help_text="Plain text, on one line.")
    body = models.TextField()
    from_email = models.CharField(max_length=254)
    # One address a line (no address holds a line break): plain text, so a backup in any
    # serialisation restores it exactly.
    to = models.TextField(help_text="The recipients' addresses, one a line.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(help_text="When the worker may next try to send it.")
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, help_text="What the mail server said the last time it failed.")

    objects = QueuedEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["state", "next_attempt_at"])]
        verbose_name = "queued email"

    def __str__(self):
        return self.subject

    @property
    def recipients(self) -> list[str]:
        return self.to.splitlines()
