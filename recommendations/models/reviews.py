"""Reviews, their themes, the bodies recommendations are assigned to, and officers."""

from django.conf import settings
from django.db import models
from django.urls import reverse

from tracker.versioning import History

# Slugs that name pages beside the reviews at /reviews/<word>/, so no review may take them.
RESERVED_SLUGS = frozenset({"new", "import", "archived"})


class ReviewQuerySet(models.QuerySet):
    def current(self):
        """Reviews still being tracked (not archived)."""
        return self.filter(archived_at__isnull=True)


class Review(models.Model):
    """An inquiry whose recommendations are tracked, such as the Safeguarding Commission.

    An archived review is finished: read-only in the service, still reportable.
    """

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    published = models.DateField(null=True, blank=True, help_text="When the review's report was published.")
    published_text = models.CharField(
        max_length=100, blank=True, help_text='The publication date as the source gives it ("August 2009").'
    )
    description = models.TextField(blank=True)
    archived_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the review was archived: finished, read-only, still reportable.",
    )

    history = History()
    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("reporting:dashboard", kwargs={"review": self.slug})

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Theme(models.Model):
    """A section of a review's recommendations, in report order."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(help_text="Order of the section in the report.")

    history = History()

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

    history = History()

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

    history = History()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def name_in_full(self) -> str:
        """The name as the report writes it, with what the report says it stands for: "EC –
        Safeguarding Officer for Schools"; just the name where the report says no more."""
        return f"{self.name} – {self.full_name}" if self.full_name else self.name
