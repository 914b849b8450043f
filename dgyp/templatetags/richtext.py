"""`{{ text|richtext }}`: staff-written Markdown (headings, lists, emphasis, links, tables) shown
as HTML, sanitised by an allow-list so that no script or style ever reaches a page."""

import markdown
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "code",
}
_ATTRIBUTES = {"a": {"href", "title"}}


@register.filter(is_safe=True)
def richtext(value: str | None) -> SafeString:
    html = markdown.markdown(value or "", extensions=["tables", "sane_lists", "nl2br"])
    clean = nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308  sanitised just above
