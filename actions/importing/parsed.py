"""The plan as the parser reads it: plain data, no database (priorities → objectives → actions →
position statements, with the people, partners and periods they name, the measures with their
trajectories, figures and comparators, and what went wrong where).

The preview shows it, `commit.plan_import` saves it, and faithfulness.py checks it kept every word.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .faithfulness import DroppedText, row_kind_counts
from .mapping import ColumnMapping
from .names import ParsedName
from .reader import ImportProblem


@dataclass
class ParsedStatement:
    period: str | None  # the reporting period's name; None when the column's header names no date
    rag: str  # a Rag value; "not_rated" when the text gives no rating
    narrative: str
    row: int
    column: str


def _people(names: list[ParsedName]) -> list[str]:
    return [n.name for n in names if n.is_person]


def _partners(names: list[ParsedName]) -> list[str]:
    return [n.name for n in names if not n.is_person]


@dataclass(kw_only=True)
class _Led:
    """The lead and supporting names of an objective or an action (the row's Lead and Supporting
    cells), split into people and partners as the models hold them."""

    lead: list[ParsedName] = field(default_factory=list)
    supporting: list[ParsedName] = field(default_factory=list)

    @property
    def lead_people(self) -> list[str]:
        return _people(self.lead)

    @property
    def lead_partners(self) -> list[str]:
        return _partners(self.lead)

    @property
    def supporting_people(self) -> list[str]:
        return _people(self.supporting)

    @property
    def supporting_partners(self) -> list[str]:
        return _partners(self.supporting)


@dataclass
class ParsedAction(_Led):
    ref: str
    description: str
    row: int
    task_group: str = ""
    start_date: datetime.date | None = None
    start_text: str = ""  # the start cell as printed
    due_date: datetime.date | None = None
    timeframe: str = ""  # when there is no single due date: "Termly", "TBC"
    due_text: str = ""  # the "By when" cell as printed
    success_measures: str = ""
    notes: str = ""  # text with no field of its own (a Notes column, a lead named only by role)
    statements: list[ParsedStatement] = field(default_factory=list)


@dataclass
class ParsedObjective(_Led):
    ref: str
    title: str
    row: int
    success_measures: str = ""
    monitoring: str = ""
    resources: str = ""
    notes: str = ""
    actions: list[ParsedAction] = field(default_factory=list)
    # The row's "By when" cell as printed: an objective has no due date, so when no action comes from
    # its own row it becomes a note (finish()), to lose nothing.
    due_text: str = ""


@dataclass
class ParsedPriority:
    ref: str
    title: str
    row: int
    description: str = ""
    notes: str = ""  # narrative rows of the section ("As is", "Current position") and Notes cells
    objectives: list[ParsedObjective] = field(default_factory=list)
    printed_ref: str = ""  # the number as printed, when `ref` had to be cleared (a duplicate)


@dataclass(frozen=True)
class ParsedPeriod:
    name: str
    as_at: datetime.date
    column: str  # the statement column it came from


@dataclass(frozen=True)
class ParsedPoint:
    """A point of a measure's trajectory as the Measures sheet gives it."""

    kind: str  # "baseline", "milestone" or "target"
    date: datetime.date
    value: Decimal


@dataclass
class ParsedFigure:
    """A measure's actual figure for a reporting period (a row of the "Measure figures" sheet)."""

    period: str  # the reporting period's name, as the plan's statement columns give it
    refers_to: datetime.date
    value: Decimal
    numerator: Decimal | None
    denominator: Decimal | None
    source: str
    commentary: str
    rag: str
    proposed_rag: str  # the rating the lead proposed; the same as `rag` unless the file says otherwise
    confirmed: bool
    row: int


@dataclass
class ParsedComparatorFigure:
    """A comparator's figure at a date (a row of the "Comparators" sheet)."""

    comparator: str
    date: datetime.date
    value: Decimal
    row: int


@dataclass
class ParsedMeasure:
    """A measure as the Measures sheet gives it, with its figures and comparators from the other two.

    `evidences` are the file's own items (ParsedPriority, ParsedObjective, ParsedAction): the import
    links the measure to whatever each becomes. `trajectory` None: the cell is blank, so the trajectory
    held is left as it is.
    """

    name: str
    row: int
    definition: str = ""
    unit: str = "number"
    direction: str = "higher"
    frequency: str = "termly"
    source: str = "entered"
    tolerance: Decimal = Decimal(0)
    lead_person: str = ""
    lead_partner: str = ""
    evidences: list = field(default_factory=list)
    trajectory: list[ParsedPoint] | None = None
    figures: list[ParsedFigure] = field(default_factory=list)
    comparators: list[ParsedComparatorFigure] = field(default_factory=list)


@dataclass
class ParsedFinding:
    """A finding as the "Findings" sheet gives it, or as a plan sheet's Finding column names it.

    `answered_by` are the file's own objectives and actions (ParsedObjective, ParsedAction). From a
    Findings sheet they are the finding's links (replacing those held); from a Finding column they
    are added to whatever the plan's matching finding holds. `row` 0: named only on the plan sheet.
    """

    reference: str
    kind: str
    text: str
    row: int = 0
    partners: list[str] | None = None  # None: the file does not say (a Finding column)
    answered_by: list = field(default_factory=list)
    text_given: bool = True  # False: the file names the finding by reference alone
    reference_given: bool = True  # False: named by its words alone, the reference made up ("AFI 4")


@dataclass
class ParsedInspection:
    """An inspection as the "Inspections" sheet gives it; or, `from_column`, the one a plan sheet's
    Finding column implies, recorded only for the findings the plan does not already hold."""

    key: str  # how the Findings sheet names it: "Full inspection, 12 May 2025"
    kind: str
    framework: str
    visit_start: datetime.date
    visit_end: datetime.date
    outcome: str = ""
    report_url: str = ""
    published_on: datetime.date | None = None
    row: int = 0
    from_column: bool = False
    findings: list[ParsedFinding] = field(default_factory=list)


@dataclass
class ParsedFindingCell:
    """A plan sheet's Finding cell: the findings it names (references or words) for the row's item."""

    item: object  # the ParsedObjective or ParsedAction the row made
    text: str
    sheet: str
    row: int
    column: str
    entries: list[str] = field(default_factory=list)
    findings: list[ParsedFinding] = field(default_factory=list)  # what the entries were read as


@dataclass
class ParsedPlan:
    title: str
    filename: str
    sheet: str
    sheet_names: list[str]
    mapping: ColumnMapping
    priorities: list[ParsedPriority] = field(default_factory=list)
    periods: list[ParsedPeriod] = field(default_factory=list)
    people: list[str] = field(default_factory=list)  # unique, case-insensitive, first spelling kept
    partners: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)  # block the import
    warnings: list[ImportProblem] = field(default_factory=list)  # shown, and kept
    sheets: list[str] = field(default_factory=list)  # the sheets read, in order: several share a layout
    # sheet -> row -> faithfulness.ROW_KINDS key: what each row of each sheet read was read as
    sheet_row_kinds: dict[str, dict[int, str]] = field(default_factory=dict)
    chosen_rows: dict[int, tuple[str, str]] = field(default_factory=dict)  # row -> (choice, its text)
    dropped: list[DroppedText] = field(default_factory=list)  # cells with words the plan does not keep
    measures: list[ParsedMeasure] = field(default_factory=list)  # from the measure sheets (measures.py)
    measure_sheets: dict[str, str] = field(default_factory=dict)  # measures.SHEETS kind → the sheet read
    inspections: list[ParsedInspection] = field(default_factory=list)  # findings.py
    finding_sheets: dict[str, str] = field(default_factory=dict)  # findings.SHEETS kind → the sheet read
    finding_cells: list[ParsedFindingCell] = field(default_factory=list)  # a plan sheet's Finding column

    @property
    def header_row(self) -> int:
        return self.mapping.header_row

    @property
    def is_importable(self) -> bool:
        return not self.problems

    def objectives(self) -> list[ParsedObjective]:
        return [o for p in self.priorities for o in p.objectives]

    def actions(self) -> list[ParsedAction]:
        return [a for o in self.objectives() for a in o.actions]

    def statements(self) -> list[ParsedStatement]:
        return [s for a in self.actions() for s in a.statements]

    @property
    def counts(self) -> dict[str, int]:
        statements = self.statements()
        counts = {
            "priorities": len(self.priorities),
            "objectives": len(self.objectives()),
            "actions": len(self.actions()),
            "statements": len(statements),
            "periods": len(self.periods),
            "people": len(self.people),
            "partners": len(self.partners),
            "measures": len(self.measures),
            "figures": sum(len(m.figures) for m in self.measures),
            "comparators": sum(len(m.comparators) for m in self.measures),
            "inspections": len(self.inspections),
            "findings": sum(len(i.findings) for i in self.inspections),
            "problems": len(self.problems),
            "warnings": len(self.warnings),
        }
        return counts

    @property
    def row_kinds(self) -> dict[int, str]:
        """The first sheet's rows (the only one, but for plans laid out over several sheets)."""
        return self.sheet_row_kinds.get(self.sheet, {})

    @property
    def rows_read_as(self) -> dict[str, int]:
        """What the rows of every sheet read were read as, added up."""
        return row_kind_counts(
            {(s, r): k for s, rows in self.sheet_row_kinds.items() for r, k in rows.items()}
        )

    def rows_read_as_by_sheet(self) -> dict[str, dict[str, int]]:
        return {sheet: row_kind_counts(rows) for sheet, rows in self.sheet_row_kinds.items()}

    def statements_by_period(self) -> dict[str | None, int]:
        out: dict[str | None, int] = {p.name: 0 for p in self.periods}
        for s in self.statements():
            out[s.period] = out.get(s.period, 0) + 1
        return out

    def person_details(self) -> dict[str, tuple[str, str]]:
        """Lower-case name → (job title, organisation) as the file writes them beside the person's name
        ("Sam Examplewood, Assistant Principal"): the first the file gives of each."""
        details: dict[str, tuple[str, str]] = {}
        for item in [*self.objectives(), *self.actions()]:
            for n in item.lead + item.supporting:
                if n.is_person:
                    title, organisation = details.get(n.name.lower(), ("", ""))
                    details[n.name.lower()] = (title or n.job_title, organisation or n.organisation)
        return details
