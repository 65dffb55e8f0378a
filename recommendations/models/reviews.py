"""Reviews, their themes, the bodies recommendations are assigned to, and officers."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


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
    full_name = models.CharField(
        max_length=200,
        blank=True,
        help_text=(
            "The name in full where the report spells it out: the post it gives for initials, or an "
            "abbreviation written out. Blank where the report does not."
        ),
    )
    full_name_source = models.CharField(
        max_length=200, blank=True, help_text="Where in the report the full name comes from."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def name_in_full(self) -> str:
        """The name as the report writes it, with what the report says it stands for: "EC –
        Safeguarding Officer for Schools"; just the name where the report says no more."""
        return f"{self.name} – {self.full_name}" if self.full_name else self.name
