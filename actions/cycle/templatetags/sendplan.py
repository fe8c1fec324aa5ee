"""Template helpers for showing RAG ratings: always the word and the colour, never colour alone."""

import datetime

from django import template
from django.utils.html import format_html

from actions.cycle.models import NO_UPDATE, NO_UPDATE_DEFINITION, RAG_DEFINITIONS, Rag, rag_label
from actions.plans.access import display_name as _display_name

register = template.Library()


@register.simple_tag
def rag_tag(value: str | None) -> str:
    """`<strong class="govuk-tag sp-rag sp-rag--amber">Amber</strong>`; "No update" where there is none."""
    key = value or NO_UPDATE
    return format_html(
        '<strong class="govuk-tag sp-rag sp-rag--{}">{}</strong>', key.replace("_", "-"), rag_label(value)
    )


@register.filter
def rag_word(value: str | None) -> str:
    return rag_label(value)


@register.filter
def rag_definition(value: str | None) -> str:
    return RAG_DEFINITIONS.get(value, NO_UPDATE_DEFINITION) if value else NO_UPDATE_DEFINITION


@register.inclusion_tag("cycle/_rag_key.html")
def rag_key() -> dict:
    """The RAG ratings and what each means, for a details component beside a table or form."""
    key = [(rag.value, rag.label, rag.definition) for rag in Rag]
    return {"rag_key": [*key, (None, rag_label(None), NO_UPDATE_DEFINITION)]}


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key)


@register.filter
def rag_class(value: str | None) -> str:
    """CSS modifier for a RAG key: "not_rated" -> "not-rated"; None -> "no-update"."""
    return (value or NO_UPDATE).replace("_", "-")


@register.filter
def iso_date(value: str):
    """ "2022-01-31" (as stored in an import preview) → a date for the `date` filter; "" stays ""."""
    try:
        return datetime.date.fromisoformat(value) if value else ""
    except (TypeError, ValueError):
        return ""


@register.filter
def display_name(user) -> str:
    """`access.display_name`: a user as named on screen (their Person's name, else full name, else
    username). select_related `...__person` when naming many users."""
    return _display_name(user)


@register.filter
def lockout_minutes(delta: datetime.timedelta) -> str:
    """A sign-in lockout's length in words: "15 minutes", "1 hour", "1 hour 30 minutes"."""
    minutes = max(1, round(delta.total_seconds() / 60))
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)
