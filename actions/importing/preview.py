"""What the import preview shows, as plain data: stored with the upload, rendered by the page.

Built once per reading of the file (by the background task), so the page itself does no parsing.
Everything is JSON-friendly: strings, numbers, lists and dicts.
"""

from django.db.models.functions import Lower

from actions.cycle.models import Rag
from partners.models import Partner, Person

from .mapping import FIELDS
from .parsed import ParsedAction, ParsedPlan

FIRST_PRIORITIES = 3
FIRST_OBJECTIVES = 2
FIRST_ACTIONS = 3
MAX_LISTED_PROBLEMS = 500  # a file with more has one problem many times over; the count is kept
LONG_TEXT = 240
PLAN_ITEMS = ("priorities", "objectives", "actions", "statements")


def _short(text: str, limit: int = LONG_TEXT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _problems(items) -> list[dict]:
    return [
        {"sheet": p.sheet, "row": p.row, "column": p.column, "reason": p.reason, "code": p.code}
        for p in items[:MAX_LISTED_PROBLEMS]
    ]


def _names_known(model, names: list[str]) -> set[str]:
    lowered = {n.lower() for n in names}
    if not lowered:
        return set()
    return set(
        model.objects.annotate(lower_name=Lower("name"))
        .filter(lower_name__in=lowered)
        .values_list("lower_name", flat=True)
    )


def _action(action: ParsedAction) -> dict:
    return {
        "ref": action.ref,
        "row": action.row,
        "description": _short(action.description),
        "lead": ", ".join(n.name for n in action.lead),
        "supporting": ", ".join(n.name for n in action.supporting),
        "due": action.due_date.isoformat() if action.due_date else "",
        "timeframe": action.timeframe,
        "statements": [
            {"period": s.period or "", "rag": s.rag, "rag_label": Rag(s.rag).label} for s in action.statements
        ],
    }


def preview_of(parsed: ParsedPlan) -> dict:
    """The mapping, the counts, the first rows of each level, the names and what is wrong."""
    known_people = _names_known(Person, parsed.people)
    known_partners = _names_known(Partner, parsed.partners)
    details = parsed.person_details()
    by_period = parsed.statements_by_period()
    return {
        "filename": parsed.filename,
        "sheet": parsed.sheet,
        "sheets": list(parsed.sheet_names),
        "header_row": parsed.header_row,
        "title": parsed.title,
        "columns": [
            {
                "letter": c.letter,
                "header": _short(c.header, 80),
                "field": c.field or "",
                "label": c.field_label,
                "period": c.period.name if c.period else "",
                "as_at": c.period.as_at.isoformat() if c.period else "",
                "note": c.note,
            }
            for c in parsed.mapping.columns
        ],
        "counts": parsed.counts,
        "periods": [
            {
                "name": p.name,
                "as_at": p.as_at.isoformat(),
                "column": p.column,
                "statements": by_period.get(p.name, 0),
            }
            for p in parsed.periods
        ],
        "priorities": [
            {
                "ref": priority.ref,
                "row": priority.row,
                "title": _short(priority.title),
                "objective_count": len(priority.objectives),
                "objectives": [
                    {
                        "ref": objective.ref,
                        "row": objective.row,
                        "title": _short(objective.title),
                        "lead": ", ".join(n.name for n in objective.lead),
                        "action_count": len(objective.actions),
                        "actions": [_action(a) for a in objective.actions[:FIRST_ACTIONS]],
                    }
                    for objective in priority.objectives[:FIRST_OBJECTIVES]
                ],
            }
            for priority in parsed.priorities[:FIRST_PRIORITIES]
        ],
        "more_priorities": max(0, len(parsed.priorities) - FIRST_PRIORITIES),
        "people": [
            {
                "name": n,
                "is_new": n.lower() not in known_people,
                "detail": ", ".join(filter(None, details.get(n.lower(), ()))),  # "SENCo, Woodley Academy"
            }
            for n in parsed.people
        ],
        "partners": [{"name": n, "is_new": n.lower() not in known_partners} for n in parsed.partners],
        "problems": _problems(parsed.problems),
        "warnings": _problems(parsed.warnings),
    }


def field_choices() -> list[tuple[str, str]]:
    """What a column can be read as, for the preview's mapping form ("" = not imported)."""
    return [("", "Not imported"), *FIELDS.items()]


def report_data(report) -> dict:
    """An `ImportReport` as plain data: what was (or, in a dry run, would be) added and updated."""
    return {
        "plan": report.plan.pk,
        "counts": report.counts,
        # Headline figures: the plan's own items (people, partners and periods are in `counts`).
        **{
            outcome: sum(report.counts[kind][outcome] for kind in PLAN_ITEMS)
            for outcome in ("added", "updated", "unchanged")
        },
        "warnings": list(report.warnings[:MAX_LISTED_PROBLEMS]),
        "not_in_file": list(report.not_in_file[:MAX_LISTED_PROBLEMS]),
        "not_in_file_count": len(report.not_in_file),
        "note": report.note,
    }
