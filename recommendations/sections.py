"""Sections other apps add to the recommendation pages, so that this app never imports them.

The panels app, for one, adds the panel's findings and its own recommendations to a
recommendation's page, and the report's stated completions to the list (`panels.apps`). A page
asks `sections_for(page, request=..., **context)` for each added section's HTML, in the order the
sections were added.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string

RECOMMENDATION_PAGE = "recommendation-page"  # context: recommendation, snapshot
RECOMMENDATION_LIST = "recommendation-list"  # context: review, snapshot, recorded_completed


@dataclass(frozen=True)
class Section:
    """A template and the function giving its context from the page's."""

    template_name: str
    context: Callable[..., dict | None]  # None: nothing to show on this page


_sections: dict[str, list[Section]] = {}


def add_section(page: str, section: Section) -> None:
    """Add a section to a page (from an app's `ready()`); adding the same one twice adds it once."""
    added = _sections.setdefault(page, [])
    if section not in added:
        added.append(section)


def sections_for(page: str, *, request, **context) -> list[str]:
    """Each section of the page, rendered."""
    rendered = []
    for section in _sections.get(page, []):
        section_context = section.context(request=request, **context)
        if section_context is not None:
            rendered.append(render_to_string(section.template_name, section_context, request=request))
    return rendered
