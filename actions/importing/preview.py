"""What the import preview shows, as plain data: stored with the upload, rendered by the page.

Built once per reading of the file (by the background task), so the page itself does no parsing.
Everything is JSON-friendly: strings, numbers, lists and dicts.
"""

from django.db.models.functions import Lower

from actions.cycle.models import Rag
from actions.findings.models import FindingKind
from partners.models import Partner, Person

from .corrections import ROW_CHOICES, Corrections
from .faithfulness import ROW_KINDS
from .mapping import FIELDS, STATEMENT
from .parsed import ParsedAction, ParsedObjective, ParsedPlan, ParsedPriority

FIRST_PRIORITIES = 3
FIRST_OBJECTIVES = 2
FIRST_ACTIONS = 3
MAX_LISTED_PROBLEMS = 500  # a file with more has one problem many times over; the count is kept
LONG_TEXT = 240
MEASURE_KINDS = ("measures", "figures", "comparators", "inspections", "findings")
PLAN_ITEMS = ("priorities", "objectives", "actions", "statements", *MEASURE_KINDS)


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


def _renamed_from(changes: dict[str, str], corrections: Corrections, kind: str) -> dict[str, list[str]]:
    """Each name in use → the names as read that the user renamed or merged into it."""
    out: dict[str, list[str]] = {}
    for old in changes:
        out.setdefault(corrections.rename(kind, old).lower(), []).append(old)
    return out


def _names(
    names: list[str], known: set[str], renamed: dict[str, list[str]], details: dict | None = None
) -> list[dict]:
    """The names to create or link, with how each was renamed and, for a person, their role and
    organisation as the sheet gives them ("SENCo, Woodley Academy")."""
    return [
        {
            "name": n,
            "is_new": n.lower() not in known,
            "renamed_from": renamed.get(n.lower(), []),
            "detail": ", ".join(filter(None, (details or {}).get(n.lower(), ()))),
        }
        for n in names
    ]


def _kinds(counts: dict[str, int]) -> list[dict]:
    return [{"kind": kind, "label": ROW_KINDS[kind], "count": count} for kind, count in counts.items()]


def _dropped(dropped) -> list[dict]:
    return [
        {
            "sheet": d.sheet,
            "row": d.row,
            "column": d.column,
            "text": _short(d.text, 120),
            "missing": _short(d.missing, 120),
        }
        for d in dropped[:MAX_LISTED_PROBLEMS]
    ]


def faithfulness_of(parsed: ParsedPlan) -> dict:
    """How faithfully the sheets became a plan: rows read as each kind and text dropped, in all and
    sheet by sheet; and the items that keep notes (text with no field of its own)."""
    items: list[ParsedPriority | ParsedObjective | ParsedAction] = [
        *parsed.priorities,
        *parsed.objectives(),
        *parsed.actions(),
    ]
    by_sheet = parsed.rows_read_as_by_sheet()
    return {
        "rows_read_as": _kinds(parsed.rows_read_as),
        "notes": sum(1 for item in items if item.notes.strip()),
        "dropped": _dropped(parsed.dropped),
        "dropped_count": len(parsed.dropped),
        "sheets": [
            {
                "sheet": sheet,
                "rows_read_as": _kinds(by_sheet.get(sheet, {})),
                "dropped": _dropped([d for d in parsed.dropped if d.sheet == sheet]),
                "dropped_count": sum(1 for d in parsed.dropped if d.sheet == sheet),
            }
            for sheet in (parsed.sheets or [parsed.sheet])
        ],
    }


def preview_of(parsed: ParsedPlan, corrections: Corrections | None = None) -> dict:
    """The mapping, the counts, the first rows of each level, the names and what is wrong; how the
    rows were read, the rows the user chose, and any text the plan would not keep."""
    corrections = corrections or Corrections()
    known_people = _names_known(Person, parsed.people)
    known_partners = _names_known(Partner, parsed.partners)
    details = parsed.person_details()
    by_period = parsed.statements_by_period()
    faithfulness = faithfulness_of(parsed)
    return {
        "filename": parsed.filename,
        "sheet": parsed.sheet,
        "sheets": list(parsed.sheet_names),
        "sheets_read": list(parsed.sheets or [parsed.sheet]),  # several when laid out alike
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
        "counts": {**parsed.counts, "dropped": faithfulness["dropped_count"]},
        "first_row": parsed.header_row + 1,
        "last_row": max(parsed.row_kinds, default=parsed.header_row),
        "statement_columns": [
            {
                "letter": c.letter,
                "header": _short(c.header, 80),
                "period": c.period.name if c.period else "",
                "as_at": c.period.as_at.isoformat() if c.period else "",
            }
            for c in parsed.mapping.columns
            if c.field == STATEMENT
        ],
        "rows_read_as": faithfulness["rows_read_as"],
        "chosen_rows": [
            {
                "row": row,
                "choice": choice,
                "label": ROW_CHOICES.get(choice, choice),
                "text": _short(text, 80),
                "key": text,
                "remembered": row not in corrections.rows,  # chosen by its text, at an earlier import
            }
            for row, (choice, text) in sorted(parsed.chosen_rows.items())
        ],
        "dropped": faithfulness["dropped"],
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
        "people": _names(
            parsed.people,
            known_people,
            _renamed_from(corrections.people, corrections, "person"),
            details,
        ),
        "partners": _names(
            parsed.partners, known_partners, _renamed_from(corrections.partners, corrections, "partner")
        ),
        "problems": _problems(parsed.problems),
        "warnings": _problems(parsed.warnings),
        "measure_sheets": list(parsed.measure_sheets.values()),  # the sheets read as measures
        "finding_sheets": list(parsed.finding_sheets.values()),  # the sheets read as inspections, findings
        "findings": _findings(parsed),
        "finding_links": [
            {
                "sheet": c.sheet,
                "row": c.row,
                "column": c.column,
                "item": _item_label(c.item),
                "findings": [x.reference for x in c.findings],
            }
            for c in parsed.finding_cells[:MAX_LISTED_PROBLEMS]
        ],
    }


def _item_label(item) -> str:
    """ "Objective 1.2" or "Action 1.2.a" (by its words where it has no ref)."""
    kind, text = (
        ("Objective", item.title) if isinstance(item, ParsedObjective) else ("Action", item.description)
    )
    return f"{kind} {item.ref}" if item.ref else f"{kind} “{_short(text)}”"


def _findings(parsed: ParsedPlan) -> list[dict]:
    """The findings the file gives or names, each with the items answering it."""
    return [
        {
            "inspection": inspection.key,
            "new_inspection": inspection.from_column,
            "reference": finding.reference,
            "kind": FindingKind(finding.kind).label,
            "text": _short(finding.text),
            "words_given": finding.text_given,
            "answered_by": [_item_label(item) for item in finding.answered_by],
        }
        for inspection in parsed.inspections
        for finding in inspection.findings
    ]


def field_choices() -> list[tuple[str, str]]:
    """What a column can be read as, for the preview's mapping form ("" = not imported)."""
    return [("", "Not imported"), *FIELDS.items()]


def report_data(report, parsed: ParsedPlan | None = None) -> dict:
    """An `ImportReport` as plain data: what was (or, in a dry run, would be) added and updated; with
    the plan it read, how faithfully each sheet became the plan."""
    return {
        **({"faithfulness": faithfulness_of(parsed)} if parsed is not None else {}),
        "plan": report.plan.pk,
        # Measures only for a file that has them (or a plan that does): a plan alone lists none.
        "counts": {
            kind: c for kind, c in report.counts.items() if kind not in MEASURE_KINDS or any(c.values())
        },
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
