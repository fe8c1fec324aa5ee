"""The termly cycle's marks beside a rating or a due date, in words: "Unconfirmed", "Carried forward",
"Re-baselined from 31 Jul 2026".

Simple tags rather than included templates: the plan page shows them on every action (5,000 rows on a
big plan), and an include per row costs several times what a function call does.
"""

import datetime

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def rating_marks(confirmed: bool | None, carried: bool | None) -> SafeString:
    """After `{% rag_tag %}`: `confirmed` False = awaiting confirmation (None: no statement)."""
    marks = []
    if confirmed is False:
        marks.append(' <strong class="govuk-tag sp-unconfirmed">Unconfirmed</strong>')
    if carried:
        marks.append(' <strong class="govuk-tag sp-carried-forward">Carried forward</strong>')
    return mark_safe("".join(marks))


@register.simple_tag
def statement_marks(statement, *, carried: bool = True) -> SafeString:
    """`rating_marks` for one position statement (the action page's current rating and timeline)."""
    return rating_marks(not statement.is_unconfirmed, carried and statement.is_carried_forward)


@register.simple_tag
def due_marks(
    when: str, *, overdue: bool = False, rebaselined: bool = False, original: datetime.date | None = None
) -> SafeString:
    """When an action is due ("Not set" when nothing says), then Overdue and Re-baselined in words."""
    html = format_html("{}", when or "Not set")
    if overdue:
        html += mark_safe(' <strong class="govuk-tag sp-overdue">Overdue</strong>')
    if rebaselined and original:
        html += format_html(
            '<span class="govuk-body-s sp-context">Re-baselined from {}</span>', f"{original:%-d %b %Y}"
        )
    return html
