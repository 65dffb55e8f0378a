"""The public view: with PUBLIC_VIEW_ENABLED on, anonymous visitors may read a few pages.

Everything about it is decided here. The pages anyone may read are listed by URL name in
`PUBLIC_PAGES`, and only for reading (GET and HEAD); every other page, and every POST, still needs
signing in (this middleware takes the place of Django's LoginRequiredMiddleware, and defers to it
for everything it does not allow). Templates and views ask `public_view` (the context processor)
or `is_public_view(request)` to leave out what the public must not see: officers' accounts,
questions, drafts and updates not accepted, reasons for returning, evidence, and the links and
forms of the workflow.
"""

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware

from .unsaved import keep_unsaved

# The URL names anyone may read while the public view is on.
PUBLIC_PAGES = frozenset(
    {
        "reporting:dashboard",
        "recommendations:recommendation-list",
        "recommendations:recommendation-export",  # the list as CSV: the appendix's published columns
        "recommendations:recommendation-detail",
    }
)
READING = frozenset({"GET", "HEAD"})

# Pages anyone may open whether or not the public view is on (their views are
# `login_not_required`): signing in, getting a password, and the pages the footer links to.
OPEN_PAGES = frozenset(
    {
        "login",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "glossary",
        "accessibility",
        "privacy",
        "contact",
    }
)


def is_public_view(request) -> bool:
    """Whether this request is an anonymous visitor's, with the public view on."""
    return settings.PUBLIC_VIEW_ENABLED and not request.user.is_authenticated


class PublicViewLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Sign-in for every page, except reading a public page while the public view is on."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            is_public_view(request)
            and request.method in READING
            and match is not None
            and match.view_name in PUBLIC_PAGES
        ):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)

    def handle_no_permission(self, request, view_func):
        # A form posted after the session ended: keep what was typed for after signing in.
        if request.method == "POST":
            keep_unsaved(request)
        return super().handle_no_permission(request, view_func)


def public_view(request):
    """`public_view` for templates: true when an anonymous visitor reads the public view."""
    return {"public_view": is_public_view(request)}
