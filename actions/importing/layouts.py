"""Remembered layouts: the preview's choices for one shape of spreadsheet, applied to its next upload.

A layout is known by its headings, normalised and in column order. The sheet's name, the header's
row number and the dates in headings ("Position statement January 2026") are left out, as they
change from term to term while the layout stays the same.
"""

import hashlib
import re

from django.utils import timezone

from actions.roles import AnyUser

from .corrections import Corrections
from .models import ImportLayout, PlanImport
from .parsed import ParsedPlan

_DATE_WORDS = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|spring|summer|autumn|winter|term)\b|\d+"
)


def normalised_header(text: str) -> str:
    """A heading as the fingerprint sees it: lower case, without dates or terms, spacing ignored."""
    text = _DATE_WORDS.sub(" ", (text or "").lower())
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def layout_headers(parsed: ParsedPlan) -> list[str]:
    return [normalised_header(c.header) for c in sorted(parsed.mapping.columns, key=lambda c: c.column)]


def layout_fingerprint(parsed: ParsedPlan) -> str:
    """The layout of the detected table, as a key: its normalised headings, in column order."""
    return hashlib.sha256("\x1f".join(layout_headers(parsed)).encode()).hexdigest()


def layout_for(parsed: ParsedPlan) -> ImportLayout | None:
    """The choices remembered for this layout, if any were made the last time it was imported."""
    return (
        ImportLayout.objects.select_related("updated_by")
        .filter(fingerprint=layout_fingerprint(parsed))
        .first()
    )


def layout_apply(record: PlanImport, layout: ImportLayout) -> None:
    """Start an upload from the remembered choices, and note on it which were applied."""
    by = layout.updated_by
    record.overrides = dict(layout.overrides)
    record.corrections = Corrections(
        row_texts=dict(layout.row_texts), people=dict(layout.people), partners=dict(layout.partners)
    ).as_json()
    record.layout_applied = {
        "on": timezone.localdate(layout.updated_at).isoformat(),
        "by": (by.get_full_name() or by.get_username()) if by else "",
        "summary": layout.summary(),
    }
    PlanImport.objects.filter(pk=record.pk).update(
        overrides=record.overrides, corrections=record.corrections, layout_applied=record.layout_applied
    )


def layout_remember(*, parsed: ParsedPlan, record: PlanImport, user: AnyUser | None) -> ImportLayout | None:
    """After a successful import, remember its choices for the next upload of the same layout.

    The last import of a layout decides: one that made no choices forgets the layout's.
    """
    fingerprint = layout_fingerprint(parsed)
    corrections = Corrections.from_json(record.corrections)
    row_texts = {text: choice for choice, text in parsed.chosen_rows.values() if text}
    if not (record.overrides or row_texts or corrections.people or corrections.partners):
        ImportLayout.objects.filter(fingerprint=fingerprint).delete()
        return None
    layout, _ = ImportLayout.objects.update_or_create(
        fingerprint=fingerprint,
        defaults={
            "headers": layout_headers(parsed),
            "overrides": dict(record.overrides),
            "row_texts": row_texts,
            "people": dict(corrections.people),
            "partners": dict(corrections.partners),
            "filename": record.filename,
            "updated_by": user if user is not None and user.is_authenticated else None,
        },
    )
    return layout
