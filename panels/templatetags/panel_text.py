"""Template filters for the panel pages."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

BULLET = "• "


@register.filter
def bulleted(text: str) -> SafeString:
    """Text as the report prints it, its "• " lines as a GOV.UK bulleted list and every other
    line as a paragraph, so a screen reader announces a list where the report has one."""
    blocks: list[tuple[str, list[str]]] = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        kind = "bullet" if line.startswith(BULLET) else "paragraph"
        words = line.removeprefix(BULLET).strip()
        if kind == "bullet" and blocks and blocks[-1][0] == "bullet":
            blocks[-1][1].append(words)
        else:
            blocks.append((kind, [words]))
    html = []
    for kind, lines in blocks:
        if kind == "bullet":
            items = format_html_join("", "<li>{}</li>", ((line,) for line in lines))
            html.append(format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', items))
        else:
            html.append(format_html('<p class="govuk-body govuk-!-margin-bottom-1">{}</p>', lines[0]))
    return SafeString("".join(html))
