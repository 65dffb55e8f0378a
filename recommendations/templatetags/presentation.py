"""How statuses, RAG ratings and states look on the pages, from `recommendations.presentation`."""

from django import template

from .. import presentation

register = template.Library()


@register.filter
def tag_class(value, kind: str) -> str:
    """The GOV.UK tag classes for a value of a kind: `{{ status|tag_class:"status" }}`."""
    return presentation.tag_class(kind, value)
