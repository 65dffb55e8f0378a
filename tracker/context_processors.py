from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from . import permissions
from .models import Role
from .public import is_public_view


def service(request):
    """The service's name for the header and page titles; who runs it, for the footer's pages."""
    return {
        "service_name": settings.SERVICE_NAME,
        "service_owner": settings.SERVICE_OWNER,
        "service_contact_email": settings.SERVICE_CONTACT_EMAIL,
    }


@dataclass(frozen=True)
class Section:
    label: str
    url_name: str  # the section's landing page, "namespace:name"
    pages: frozenset[str] = frozenset()  # other "namespace:name" pages that belong to it
    namespace: str | None = None  # every page of this namespace not claimed by another section
    shown_to: object = None  # a rule of the user; None: everyone signed in
    public: bool = False  # also shown to anonymous visitors when the public view is on
    in_review: bool = False  # a page of one review: shown while a review is in view, linking into it

    def claims(self, page: str) -> bool:
        return page == self.url_name or page in self.pages


SECTIONS = [
    Section("All reviews", "recommendations:review-list", public=True),
    Section("Dashboard", "reporting:dashboard", public=True, in_review=True),
    Section(
        "Recommendations",
        "recommendations:recommendation-list",
        namespace="recommendations",
        public=True,
        in_review=True,
    ),
    Section(
        "My work",
        "recommendations:my-work",
        frozenset({"recommendations:what-i-lead", "recommendations:my-past-updates"}),
        shown_to=lambda user: permissions.has_role(user, Role.LEAD_OFFICER),
    ),
    Section(
        "Quarters",
        "recommendations:period-list",
        frozenset(
            {
                "recommendations:period-open",
                "recommendations:period-close",
                "recommendations:period-edit",
                "recommendations:period-delete",
                "recommendations:period-start",
                "recommendations:period-reopen",
                "recommendations:period-chase",
                "recommendations:chasing",
            }
        ),
        in_review=True,
    ),
    Section(
        "Review",
        "recommendations:review-queue",
        frozenset(
            {
                "recommendations:review-update",
                "recommendations:review-queue-in-review",
                "recommendations:review-together",
                "recommendations:correct-update",
            }
        ),
        shown_to=permissions.can_review_updates,
    ),
    Section(
        "Papers",
        "reporting:papers",
        frozenset({"reporting:appendix", "reporting:action-plan", "reporting:change-report"}),
        in_review=True,
    ),
    Section("Panel", "panels:review-panel", namespace="panels", in_review=True),
    Section(
        "People",
        "recommendations:people",
        frozenset(
            {
                "recommendations:account-invite",
                "recommendations:officer-account",
                "recommendations:account-change",
            }
        ),
        shown_to=permissions.can_manage_people,
    ),
]

# Which review a page is about, for the sections of one review: a function of the request giving
# its slug or None. The recommendations app registers it (recommendations/apps.py).
REVIEW_FINDER: dict = {}


def register_review_finder(finder) -> None:
    REVIEW_FINDER["finder"] = finder


# Counts shown beside a section's name ("Review 4"): url name -> function of the request giving
# (how many, what they are in words). The apps register theirs (recommendations/apps.py), so the
# project knows only the names of the pages.
COUNTS: dict = {}


def register_count(url_name: str, count) -> None:
    COUNTS[url_name] = count


def navigation(request):
    """The header's sections for this user, the one holding the current page marked active.

    Worked out once per request: a page that renders parts of itself with the request (a
    recommendation's sections) runs the context processors again, and the counts cost queries."""
    if not hasattr(request, "_navigation"):
        request._navigation = _navigation(request)
    return request._navigation


def _navigation(request):
    signed_in = request.user.is_authenticated
    if not signed_in and not is_public_view(request):
        return {}
    match = request.resolver_match
    page = match.view_name if match else ""
    namespace = match.namespace if match else ""
    active = next((s for s in SECTIONS if s.claims(page)), None) or next(
        (s for s in SECTIONS if s.namespace and s.namespace == namespace), None
    )
    finder = REVIEW_FINDER.get("finder")
    review = finder(request) if finder else None
    items = []
    for section in SECTIONS:
        shown = section.shown_to is None or section.shown_to(request.user) if signed_in else section.public
        if not shown or (section.in_review and review is None):
            continue
        count, count_words = (
            COUNTS[section.url_name](request) if signed_in and section.url_name in COUNTS else (0, "")
        )
        items.append(
            {
                "label": section.label,
                "url": reverse(section.url_name, kwargs={"review": review} if section.in_review else None),
                "active": section is active,
                "current": page == section.url_name,
                "count": count,
                "count_words": count_words,
            }
        )
    return {"navigation": items}
