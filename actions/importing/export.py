"""A plan → an .xlsx in sendplan's own layout, which `parse_workbook` reads back into the same plan.

    data = plan_export(plan)   # bytes of an .xlsx

The layout is one the parser already understands (see parse.py), one sheet "Plan":
- row 1: the plan's title (the parser takes the first text above the header as the title);
- row 3: the header row: Priority | Ref | Objective | Action | Lead | Supported by |
  Task and Finish Group | Start date | By when | Success Measures | Monitoring and Evaluation |
  Resources | Notes |
  then, for each period oldest first, Position Statement <period name> | RAG <period name>;
- each priority's text ("<ref> <title>") is repeated on every row of it, so the priority column
  carries it; a priority with no objectives, or with notes, has a row of its own holding just that
  cell and its notes;
- an objective row holds the objective's ref, title, lead, supporting, success measures, monitoring
  and resources, and no action; each action follows on its own row with an empty objective cell,
  its own ref, description, lead, supporting, task group, due date (a real date) or timeframe text,
  success measures and its statements.
After it, the plan's measures on three sheets, in the layout measures.py documents and reads back:
"Measures" (one row per measure, its evidences by ref and its trajectory in one cell), "Measure
figures" (one row per measure and reporting period, the rating, the proposed one where it differs, and
whether it was confirmed) and "Comparators" (one row per comparator figure). The sheets are there, with
their headers, even when the plan has no measures yet, for officers to fill in.
Then the plan's inspections and findings on two sheets, in the layout findings.py documents and reads
back: "Inspections" (one row per inspection, named "<Kind>, <first day of the visit>") and "Findings"
(one row per finding: its inspection, reference, kind, text, the partners it is directed to and the
objectives and actions answering it, named as the Measures sheet's Evidences name them). A finding's
links to items this export does not hold (another plan's, an archived action) are not written, and a
re-import leaves them as they are.
A statement's narrative is written as typed and its rating in the RAG column of its period ("Not
rated" where the words alone would read as a rating), so both come back exactly, whatever the
narrative says. (Exports before the RAG columns wrote "<Rating> - <narrative>"; they still read.)
Text is always written as text (actions/cells.py): a narrative starting "=" stays the words typed,
not a formula, and characters a workbook cannot hold are dropped rather than failing the export.

What the layout cannot carry (the parser has no place for it): a measure's order (a new one takes its
place in the file), a comparator's source (entered or imported), a figure's reason for a changed rating
and who confirmed it; a priority's description, an action's status and archived flag, the plan's local
area and dates, and people's job titles and organisations: a person is written by name alone ("Sam
Examplewood", not "Sam Examplewood, Assistant Principal"), and re-importing matches the person held, whose
title and organisation stay as they are. A partner or person whose name is a role or a stand-in for a name
alone ("Parents", "tbc": made by an import before roles were told from names) reads back as a note on the
item, not as a link to them.
"""

import datetime
import io
import re
from collections import Counter

from django.db.models import Prefetch
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from actions.cells import clean_text, needs_quote_prefix
from actions.cycle.models import PositionStatement, Rag, ReportingPeriod
from actions.findings.models import Finding, Inspection
from actions.measures.models import Benchmark, Measure, MeasureValue
from actions.plans.models import Action, Objective, Plan, Priority

from . import findings as finding_cells
from . import measures as measure_cells
from .names import PARTNER, PERSON, split_names
from .values import parse_due, rag_from_narrative

SHEET = "Plan"
HEADER_ROW = 3
HEADERS = [
    "Priority",
    "Ref",
    "Objective",
    "Action",
    "Lead",
    "Supported by",
    "Task and Finish Group",
    "Start date",
    "By when",
    "Success Measures",
    "Monitoring and Evaluation",
    "Resources",
    "Notes",
]
STATEMENT_HEADER = "Position Statement {name}"
RAG_HEADER = "RAG {name}"


def priority_cell(priority: Priority) -> str:
    return f"{priority.ref} {priority.title}".strip() if priority.ref else priority.title


def _reads_as(text: str, wanted: list[tuple[str, str]]) -> bool:
    names, _warnings = split_names(text)
    return sorted((n.name, n.kind) for n in names) == sorted(wanted)


def _entry(name: str, kind: str, *, bracket_people: bool) -> str:
    """How to write one name so the parser reads it back as this name of this kind.

    A person named by initials alone ("JW") reads as a partner unless written in brackets, the way
    plans print "Senior EP (JW)".
    """
    candidates = [name]
    if kind == PERSON:
        candidates = [f"({name})", name] if bracket_people else [name, f"({name})"]
    for candidate in candidates:
        if _reads_as(candidate, [(name, kind)]):
            return candidate
    return name


def names_cell(people, partners) -> str:
    """One name a line (the parser splits lead cells at line breaks first), checked by reading it back."""
    wanted = [(p.name, PERSON) for p in people] + [(p.name, PARTNER) for p in partners]
    text = ""
    for bracket_people in (False, True):
        text = "\n".join(_entry(name, kind, bracket_people=bracket_people) for name, kind in wanted)
        if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
            text += "."  # the parser drops one full stop at the end of a cell
        if _reads_as(text, wanted):
            return text
    return text


def due_cell(action: Action):
    """The timeframe text where it reads back as the same date (or there is no date); else the date."""
    if action.timeframe:
        reading = parse_due(action.timeframe)
        if action.due_date is None or reading.due_date == action.due_date:
            return action.timeframe
    return action.due_date


def statement_cell(statement: PositionStatement) -> str:
    return statement.narrative or ""


def rag_cell(statement: PositionStatement) -> str:
    """The rating as the RAG column writes it; "Not rated" only where the narrative reads as rated."""
    if statement.rag != Rag.NOT_RATED:
        return Rag(statement.rag).label
    narrative = statement.narrative or ""
    return Rag.NOT_RATED.label if narrative and rag_from_narrative(narrative) != Rag.NOT_RATED else ""


def text_cell(sheet, row: int, column: int, text: str):
    """Write `text` as text, never as a formula or an error value; the cell, or None if nothing is left.

    A statement typed in the web form can start with "=" or hold a control character: openpyxl would
    write the first as a formula and refuse the second, failing the whole export (see actions/cells.py).
    Forced to the string type, a cell the parser reads back holds the same (cleaned) text.
    """
    text = clean_text(text)
    if not text:
        return None
    cell = sheet.cell(row, column)
    cell.value = text
    cell.data_type = "s"
    if needs_quote_prefix(text):
        cell.quotePrefix = True  # Excel shows the text, and keeps it text if the cell is edited
    return cell


def plan_export(plan: Plan) -> bytes:
    """The plan with all its items and one column of position statements per period, as .xlsx bytes."""
    periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("as_at"))
    priorities = list(Priority.objects.filter(plan=plan).order_by("order", "pk"))
    objectives = list(
        Objective.objects.filter(priority__plan=plan)
        .prefetch_related("lead_people", "lead_partners", "supporting_people", "supporting_partners")
        .order_by("priority__order", "priority_id", "order", "pk")
    )
    actions = list(
        Action.objects.for_plan(plan)
        .live()
        .prefetch_related("lead_people", "lead_partners", "supporting_people", "supporting_partners")
        .order_by("objective_id", "order", "pk")
    )
    statements = {(s.action_id, s.period_id): s for s in PositionStatement.objects.filter(period__plan=plan)}
    objectives_of: dict[int, list[Objective]] = {}
    for o in objectives:
        objectives_of.setdefault(o.priority_id, []).append(o)
    actions_of: dict[int, list[Action]] = {}
    for a in actions:
        actions_of.setdefault(a.objective_id, []).append(a)

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    title = text_cell(sheet, 1, 1, plan.title)
    if title is not None:
        title.font = Font(bold=True, size=14)
    headers = HEADERS + [
        header.format(name=p.name) for p in periods for header in (STATEMENT_HEADER, RAG_HEADER)
    ]
    for column, header in enumerate(headers, start=1):
        text_cell(sheet, HEADER_ROW, column, header).font = Font(bold=True)
    col = {h: i for i, h in enumerate(headers, start=1)}
    row = HEADER_ROW

    def put(r: int, header: str, value) -> None:
        if value in (None, ""):
            return
        if isinstance(value, str):
            cell = text_cell(sheet, r, col[header], value)
            if cell is None:
                return
        else:
            cell = sheet.cell(r, col[header], value)
            if isinstance(value, datetime.date):
                cell.number_format = "d mmm yyyy"
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    def put_names(r: int, item: Objective | Action) -> None:
        put(r, "Lead", names_cell(item.lead_people.all(), item.lead_partners.all()))
        put(r, "Supported by", names_cell(item.supporting_people.all(), item.supporting_partners.all()))

    for priority in priorities:
        text = priority_cell(priority)
        children = objectives_of.get(priority.pk, [])
        if not children or priority.notes:
            row += 1
            put(row, "Priority", text)
            put(row, "Notes", priority.notes)
        for objective in children:
            row += 1
            put(row, "Priority", text)
            put(row, "Ref", objective.ref)
            put(row, "Objective", objective.title)
            put_names(row, objective)
            put(row, "Success Measures", objective.success_measures)
            put(row, "Monitoring and Evaluation", objective.monitoring)
            put(row, "Resources", objective.resources)
            put(row, "Notes", objective.notes)
            for action in actions_of.get(objective.pk, []):
                row += 1
                put(row, "Priority", text)
                put(row, "Ref", action.ref)
                put(row, "Action", action.description)
                put_names(row, action)
                put(row, "Task and Finish Group", action.task_group)
                put(row, "Start date", action.start_date)
                put(row, "By when", due_cell(action))
                put(row, "Success Measures", action.success_measures)
                put(row, "Notes", action.notes)
                for period in periods:
                    statement = statements.get((action.pk, period.pk))
                    if statement is not None:
                        put(row, STATEMENT_HEADER.format(name=period.name), statement_cell(statement))
                        put(row, RAG_HEADER.format(name=period.name), rag_cell(statement))
    for column in range(1, len(headers) + 1):
        sheet.column_dimensions[sheet.cell(HEADER_ROW, column).column_letter].width = 30
    _measure_sheets(book, plan, priorities, objectives, actions)
    _finding_sheets(book, plan, priorities, objectives, actions)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _evidence_labels(priorities, objectives, actions) -> dict[tuple[str, int], str]:
    """(kind, pk) → how the Evidences cell names the item: by ref where no other item of its kind in
    the plan has it, else by its words (measures.py reads either back)."""
    labels = {}
    for kind, items, text in (
        ("priority", priorities, "title"),
        ("objective", objectives, "title"),
        ("action", actions, "description"),
    ):
        refs = Counter(i.ref.lower() for i in items if i.ref)
        for item in items:
            unique = bool(item.ref) and refs[item.ref.lower()] == 1
            labels[kind, item.pk] = measure_cells.evidence_entry(
                kind, item.ref, getattr(item, text), unique_ref=unique
            )
    return labels


def _sheet(book, kind: str):
    sheet = book.create_sheet(measure_cells.SHEETS[kind])
    for column, header in enumerate(measure_cells.HEADERS[kind], start=1):
        text_cell(sheet, 1, column, header).font = Font(bold=True)
        sheet.column_dimensions[sheet.cell(1, column).column_letter].width = 24
    sheet.freeze_panes = "A2"
    return sheet


def _put_row(sheet, row: int, values: list) -> None:
    for column, value in enumerate(values, start=1):
        if value in (None, ""):
            continue
        if isinstance(value, str):
            cell = text_cell(sheet, row, column, value)
            if cell is None:
                continue
        else:
            cell = sheet.cell(row, column, value)
            if isinstance(value, datetime.date):
                cell.number_format = "d mmm yyyy"
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _measure_sheets(book, plan: Plan, priorities, objectives, actions) -> None:
    """The sheets "Measures", "Measure figures" and "Comparators", after the plan (see measures.py)."""
    measures = list(
        Measure.objects.filter(plan=plan)
        .select_related("lead_person", "lead_partner")
        .prefetch_related(
            "priorities",
            "objectives",
            "actions",
            "trajectory_points",
            Prefetch(
                "values", queryset=MeasureValue.objects.select_related("period").order_by("period__as_at")
            ),
            Prefetch("benchmarks", queryset=Benchmark.objects.prefetch_related("values")),
        )
        .order_by("order", "name", "pk")
    )
    labels = _evidence_labels(priorities, objectives, actions)
    sheets = {kind: _sheet(book, kind) for kind in measure_cells.SHEETS}
    rows = dict.fromkeys(sheets, 1)

    def add(kind: str, values: list) -> None:
        rows[kind] += 1
        _put_row(sheets[kind], rows[kind], values)

    number = measure_cells.number_cell
    for measure in measures:
        evidences = [
            labels[kind, item.pk]
            for kind, items in (
                ("priority", measure.priorities.all()),
                ("objective", measure.objectives.all()),
                ("action", measure.actions.all()),
            )
            for item in sorted(items, key=lambda i: (i.order, i.pk))
            if (kind, item.pk) in labels  # an archived action is not in the file
        ]
        add(
            measure_cells.MEASURES,
            [
                measure.name,
                measure.definition,
                measure.get_unit_display(),
                measure.get_direction_display(),
                measure.get_frequency_display(),
                measure.get_source_display(),
                number(measure.tolerance),
                measure.lead_person.name if measure.lead_person else "",
                measure.lead_partner.name if measure.lead_partner else "",
                "; ".join(evidences),
                measure_cells.trajectory_cell(measure.trajectory_points.all()),
            ],
        )
        for figure in measure.values.all():
            proposed = figure.proposed_rag or figure.rag
            add(
                measure_cells.FIGURES,
                [
                    measure.name,
                    figure.period.name,
                    figure.refers_to,
                    number(figure.value),
                    number(figure.numerator),
                    number(figure.denominator),
                    figure.source,
                    figure.commentary,
                    Rag(figure.rag).label,
                    Rag(proposed).label if proposed != figure.rag else "",
                    measure_cells.yes_no(figure.is_confirmed),
                ],
            )
        for benchmark in sorted(measure.benchmarks.all(), key=lambda b: b.name.lower()):
            for value in sorted(benchmark.values.all(), key=lambda v: v.date):
                add(
                    measure_cells.COMPARATORS, [measure.name, benchmark.name, value.date, number(value.value)]
                )


def _finding_sheets(book, plan: Plan, priorities, objectives, actions) -> None:
    """The sheets "Inspections" and "Findings", after the measures (see findings.py): there, with their
    headers, even when the plan has no inspection yet."""
    inspections = list(Inspection.objects.filter(plan=plan).order_by("visit_start", "pk"))
    findings = list(
        Finding.objects.filter(inspection__plan=plan)
        .prefetch_related("partners", "objectives", "actions")
        .order_by("inspection__visit_start", "inspection_id", "order", "pk")
    )
    labels = _evidence_labels(priorities, objectives, actions)
    keys: dict[int, str] = {}
    taken: Counter = Counter()
    for inspection in inspections:
        key = finding_cells.inspection_key(inspection.kind, inspection.visit_start)
        taken[key.lower()] += 1
        keys[inspection.pk] = key if taken[key.lower()] == 1 else f"{key} ({taken[key.lower()]})"
    sheets = {}
    for kind, name in finding_cells.SHEETS.items():
        sheet = book.create_sheet(name)
        for column, header in enumerate(finding_cells.HEADERS[kind], start=1):
            text_cell(sheet, 1, column, header).font = Font(bold=True)
            sheet.column_dimensions[sheet.cell(1, column).column_letter].width = 24
        sheet.freeze_panes = "A2"
        sheets[kind] = sheet
    for row, inspection in enumerate(inspections, start=2):
        _put_row(
            sheets[finding_cells.INSPECTIONS],
            row,
            [
                keys[inspection.pk],
                inspection.get_kind_display(),
                inspection.get_framework_display(),
                inspection.visit_start,
                inspection.visit_end,
                inspection.outcome_text,
                inspection.report_url,
                inspection.published_on,
            ],
        )
    for row, finding in enumerate(findings, start=2):
        _put_row(
            sheets[finding_cells.FINDINGS],
            row,
            [
                keys[finding.inspection_id],
                finding.reference,
                finding.get_kind_display(),
                finding.text,
                "; ".join(sorted((p.name for p in finding.partners.all()), key=str.lower)),
                finding_cells.answered_by_cell(finding_cells.answered_by_labels(labels, finding)),
            ],
        )
