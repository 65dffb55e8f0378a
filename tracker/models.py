from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords


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

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username
