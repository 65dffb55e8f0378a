"""The service's own pages: help for each role, the glossary, the accessibility statement,
privacy and contact. All but help are read without signing in (the footer links to them from
every page, the sign-in page and the public view included); help needs signing in."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from .models import Role

HELP_SECTIONS = {
    Role.LEAD_OFFICER: "officer",
    Role.COORDINATOR: "coordinator",
    Role.PANEL_MEMBER: "panel",
    Role.ADMINISTRATOR: "administrator",
}


def help_page(request):
    """How a quarter runs, step by step, the signed-in person's part first."""
    mine = HELP_SECTIONS.get(request.user.role, "panel")
    order = [mine] + [section for section in HELP_SECTIONS.values() if section != mine]
    return render(request, "help/help.html", {"sections": order, "mine": mine})


@method_decorator(login_not_required, name="dispatch")
class PublicPageView(TemplateView):
    """A page anyone may read, signed in or not."""
