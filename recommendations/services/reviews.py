"""Setting up a review in the service: creating it with its themes, correcting it, archiving it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tracker.errors import WorkflowError
from tracker.models import User
from tracker.versioning import save_with_history

from ..models import RESERVED_SLUGS, ReportingPeriod, Review, Theme


def review_problems(*, name: str, slug: str, review: Review | None = None) -> list[WorkflowError]:
    """Everything wrong with a review's name and address, each next to its field."""
    problems = []
    others = Review.objects.exclude(pk=review.pk) if review else Review.objects.all()
    if others.filter(name__iexact=name.strip()).exists():
        problems.append(
            WorkflowError("A review with this title already exists: enter a different title", field="name")
        )
    if review is None:
        if slug in RESERVED_SLUGS:
            problems.append(
                WorkflowError(f"“{slug}” names a page of the service: choose another", field="slug")
            )
        elif others.filter(slug=slug).exists():
            problems.append(WorkflowError("Another review has this address: choose another", field="slug"))
    return problems


def suggested_slug(name: str) -> str:
    return slugify(name)[:80].strip("-")


@transaction.atomic
def review_create(
    *,
    name: str,
    slug: str,
    published: datetime.date | None,
    description: str,
    themes: list[str],
    by: User,
) -> Review:
    """A new review with its themes in report order."""
    problems = review_problems(name=name, slug=slug)
    if problems:
        raise problems[0]
    review = Review(
        name=name.strip(),
        slug=slug,
        published=published,
        published_text=f"{published:%B %Y}" if published else "",
        description=description.strip(),
    )
    save_with_history(review, reason="Review set up in the service", by=by)
    for position, theme_name in enumerate(themes, start=1):
        save_with_history(
            Theme(review=review, name=theme_name, position=position),
            reason="Theme added with the review",
            by=by,
        )
    return review


@transaction.atomic
def review_edit(
    *,
    review: Review,
    name: str,
    published: datetime.date | None,
    description: str,
    new_themes: list[str],
    by: User,
) -> Review:
    """Correct a review's title, publication date and description, and add themes after its last."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    _refuse_if_archived(review)
    problems = review_problems(name=name, slug=review.slug, review=review)
    if problems:
        raise problems[0]
    existing = {theme.lower() for theme in review.themes.values_list("name", flat=True)}
    repeated = [theme for theme in new_themes if theme.lower() in existing]
    if repeated:
        raise WorkflowError(f"The review already has the theme “{repeated[0]}”", field="new_themes")
    review.name, review.description = name.strip(), description.strip()
    if review.published != published:
        review.published = published
        review.published_text = f"{published:%B %Y}" if published else ""
    save_with_history(review, reason="Review corrected in the service", by=by)
    last = review.themes.order_by("-position").values_list("position", flat=True).first() or 0
    for position, theme_name in enumerate(new_themes, start=last + 1):
        save_with_history(
            Theme(review=review, name=theme_name, position=position), reason="Theme added", by=by
        )
    return review


@transaction.atomic
def review_archive(*, review: Review, by: User) -> Review:
    """Archive a finished review: read-only from now on, still reportable. Refused while a quarter
    is open (its updates would be left unreviewed)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    _refuse_if_archived(review)
    open_quarter = ReportingPeriod.objects.open().filter(review=review).first()
    if open_quarter is not None:
        raise WorkflowError(f"Close {open_quarter.name} before archiving the review.")
    review.archived_at = timezone.now()
    save_with_history(review, reason="Review archived", by=by)
    return review


def _refuse_if_archived(review: Review) -> None:
    if review.is_archived:
        raise WorkflowError(f"The {review.name} is archived: it can be read but no longer changed.")
