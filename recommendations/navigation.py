"""The counts the navigation shows beside My work and Review (registered in `apps.py`)."""

from django.http import Http404

from tracker.permissions import can_review_updates, officer_of

from .models import ProgressUpdate
from .reviews import only_review, review_of
from .work import outstanding


def review_slug_in_view(request) -> str | None:
    """The review the navigation's review sections link into: the page's, or the only one."""
    try:
        review = review_of(request)
    except Http404:  # the page is the "no such review" page itself
        return None
    if review is not None:
        return review.slug
    only = only_review()
    return only.slug if only else None


def review_count(request) -> tuple[int, str]:
    """Submitted updates waiting for the coordinator."""
    if not can_review_updates(request.user):
        return 0, ""
    waiting = ProgressUpdate.objects.awaiting_review().count()
    return waiting, f"update{'s' if waiting != 1 else ''} waiting for review"


def my_work_count(request) -> tuple[int, str]:
    """What the officer has to do: updates to write or revise, questions to answer."""
    officer = officer_of(request.user)
    if officer is None:
        return 0, ""
    # My work itself has read the officer's work in this request (`views.work.my_work`).
    to_write, returned, questions = outstanding(officer, work=getattr(request, "officers_work", None))
    words = [
        f"{count} {noun}"
        for count, noun in (
            (to_write, "to write"),
            (returned, "returned"),
            (questions, f"question{'s' if questions != 1 else ''} to answer"),
        )
        if count
    ]
    return to_write + returned + questions, ", ".join(words)
