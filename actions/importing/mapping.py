"""Which column holds what: recognising the headers councils write, and letting the user correct it.

Councils name the same thing many ways ("Lead", "Lead(s)", "Who?", "Lead officer"), so a
header is normalised (case, punctuation, "&", plurals and brackets ignored) and matched against the
synonyms below: an exact match beats a header that starts with a synonym, which beats one that merely
contains it; among equals the longer synonym wins ("Task and Finish Group" is a task group, not a task).

Two words mean different things in different plans and are settled by the rest of the header set:
- "Outcome(s)" is the objective, unless another column already is the objective; then it is the
  success measures ("Objective | Action | Outcomes" reads as outcomes achieved).
- "Progress" is the RAG rating when another column already holds the narrative (a position statement),
  or when its cells are all RAG words; otherwise it is the narrative, and RAG words in it still become
  ratings. "Progress (Red. Amber Green)" names the colours and is always the RAG rating.

Detection returns a `ColumnMapping` that the preview shows and the user can change
(`mapping.with_override("C", "action")`); parsing then follows the mapping, never the headers.
"""

import re
from dataclasses import dataclass, replace

from openpyxl.utils import column_index_from_string, get_column_letter

from .reader import Sheet, cell_text
from .values import ReportingPeriodGuess, is_rating_only, is_ref, period_from_header

REF = "ref"
PRIORITY = "priority"
OBJECTIVE = "objective"
ACTION = "action"
LEAD = "lead"
LEAD_THEN_SUPPORTING = "lead_then_supporting"  # "Lead & Representatives": the first named leads
SUPPORTING = "supporting"
TASK_GROUP = "task_group"
START = "start"
DUE = "due"
SUCCESS_MEASURES = "success_measures"
MONITORING = "monitoring"
RESOURCES = "resources"
RAG = "rag"
STATEMENT = "statement"
NOTES = "notes"
FINDING = "finding"  # the inspection finding(s) the row answers ("AFI 3", "API 1; API 2")

# The fields a column can be mapped to, with the words the preview shows.
FIELDS = {
    REF: "Ref",
    PRIORITY: "Priority",
    OBJECTIVE: "Objective",
    ACTION: "Action",
    LEAD: "Lead",
    LEAD_THEN_SUPPORTING: "Lead, then supporting",
    SUPPORTING: "Supporting partners",
    TASK_GROUP: "Task and finish group",
    START: "Start date",
    DUE: "Due date or timeframe",
    SUCCESS_MEASURES: "Success measures",
    MONITORING: "Monitoring and evaluation",
    RESOURCES: "Resources",
    RAG: "RAG rating",
    STATEMENT: "Position statement",
    NOTES: "Notes",
    FINDING: "Inspection finding",
}

SYNONYMS = {
    REF: ["ref", "reference", "no", "number", "ref no", "reference number", "item", "id"],
    PRIORITY: [
        "priority",
        "theme",
        "workstream",
        "work stream",
        "priority area",
        "key priority",
        "strategic priority",
        "area of focus",
        "section",
    ],
    OBJECTIVE: [
        "objective",
        "delivery objective",
        "recommendation",
        "aim",
        "goal",
        "key objective",
        "strategic objective",
        "what need to be done",
    ],
    ACTION: [
        "action",
        "how",
        "what will be done",
        "what we will do",
        "what will we do",
        "key action",
        "action to be taken",
        "action required",
        "task",
        "activity",
        "activities",
    ],
    LEAD: [
        "lead",
        "who",
        "lead officer",
        "responsible officer",
        "responsible",
        "owner",
        "lead person",
        "accountable",
    ],
    # One column for the lead and those with them: the first named leads, the rest support.
    LEAD_THEN_SUPPORTING: [
        "lead and representative",
        "lead and member",
        "lead and support",
        "lead and supporting",
        "lead and supporter",
        "lead and partner",
        "lead supporting",
        "lead support",
        "lead and other",
        "lead and contributor",
    ],
    SUPPORTING: [
        "supported by",
        "supporting",
        "support",
        "supporting partner",
        "group member",
        "member",
        "representative",
        "partner",
        "key partner",
        "other partner",
        "contributor",
        "involved",
    ],
    TASK_GROUP: [
        "task and finish group",
        "task finish group",
        "task group",
        "working group",
        "sub group",
        "subgroup",
        "tfg",
    ],
    START: ["start date", "start", "date started", "commencement date", "start by", "from"],
    DUE: [
        "by when",
        "when",
        "timeframe",
        "time frame",
        "timescale",
        "time scale",
        "due",
        "due date",
        "deadline",
        "target date",
        "completion date",
        "date",
        "end date",
        "by",
        "timeline",
        "target completion",
        "due by",
    ],
    SUCCESS_MEASURES: [
        "success measure",
        "success criterion",
        "success criteria",
        "impact measure",
        "measure of success",
        "kpi",
        "impact",
        "evidence of impact",
        "target",
        "outcome measure",
        "outcome indicator",
        "what difference will it make",
        "performance indicator",
    ],
    MONITORING: [
        "monitoring and evaluation",
        "monitoring",
        "evaluation",
        "how will we monitor",
        "how will we know",
    ],
    RESOURCES: [
        "resource implication",
        "resource need",
        "resource",
        "resource required",
        "cost",
        "funding",
        "budget",
    ],
    RAG: ["rag", "rag rating", "rag status", "status", "rating"],
    STATEMENT: [
        "position statement",
        "summary of current position",
        "current position",
        "as is",
        "next step",
        "update",
        "progress update",
        "status update",
        "update on progress",
        "latest update",
        "commentary",
        "comment",
        "narrative",
        "position",
    ],
    NOTES: ["note", "notes", "additional information", "other information", "remarks"],
    FINDING: [
        "finding",
        "ofsted finding",
        "inspection finding",
        "area for improvement",
        "area for priority action",
        "api afi",
        "afi api",
        "api",
        "afi",
        "wsoa weakness",
        "area of weakness",
        "wsoa area of weakness",
    ],
}
# Words whose meaning depends on the other headers: settled by `_resolve_ambiguous`.
OUTCOME = "outcome"
PROGRESS = "progress"
AMBIGUOUS = {OUTCOME: (OBJECTIVE, SUCCESS_MEASURES), PROGRESS: (STATEMENT, RAG)}

EXACT, PREFIX, CONTAINS = 3, 2, 1
MAX_HEADER_LENGTH = 80  # a longer cell is data, not a header


def normalise_header(text: str) -> str:
    """Lower case, brackets' plural "(s)" dropped, "&" as "and", punctuation gone, plurals singular."""
    text = text.lower().replace("(s)", "").replace("&", " and ").replace("+", " and ")
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(_singular(w) for w in words)


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NORMALISED = {
    fld: sorted({normalise_header(s) for s in words}, key=len, reverse=True)
    for fld, words in SYNONYMS.items()
}


@dataclass(frozen=True)
class HeaderMatch:
    field: str  # a field, or OUTCOME / PROGRESS while still ambiguous
    strength: int
    synonym: str


def match_header(text: str) -> HeaderMatch | None:
    """The field a header names, or None. Case, punctuation and extra words are ignored."""
    raw = text.strip()
    if not raw or len(raw) > MAX_HEADER_LENGTH:
        return None
    if raw in ("#", "No.", "No"):
        return HeaderMatch(REF, EXACT, raw)
    norm = normalise_header(raw)
    if not norm:
        return None
    words = norm.split()
    colours = sum(1 for w in ("red", "amber", "green") if w in words)
    if "rag" in words or colours >= 2:
        return HeaderMatch(RAG, EXACT + 1, "rag")
    if (
        norm.startswith("position statement")
        or norm.startswith("progress")
        and len(words) > 1
        and (period_from_header(raw) is not None)
    ):
        return HeaderMatch(STATEMENT, EXACT, "position statement")
    candidates = []
    for fld, synonyms in [*_NORMALISED.items(), (OUTCOME, ["outcome"]), (PROGRESS, ["progress"])]:
        for synonym in synonyms:
            strength = _strength(norm, synonym)
            if strength:
                candidates.append((strength, len(synonym), fld, synonym))
    if not candidates:
        return None
    strength, _, fld, synonym = max(candidates, key=lambda c: (c[0], c[1]))
    return HeaderMatch(fld, strength, synonym)


def _strength(norm: str, synonym: str) -> int:
    if norm == synonym:
        return EXACT
    if norm.startswith(synonym + " "):
        return PREFIX
    if f" {synonym} " in f" {norm} ":
        return CONTAINS
    return 0


@dataclass(frozen=True)
class MappedColumn:
    """One column of the table and what it is read as. `column` is 1-based: A = 1."""

    column: int
    header: str
    field: str | None  # None: the column is not imported
    period: ReportingPeriodGuess | None = None  # for a dated position statement or RAG column
    note: str = ""  # why, when the choice was not obvious

    @property
    def letter(self) -> str:
        return get_column_letter(self.column)

    @property
    def field_label(self) -> str:
        return FIELDS.get(self.field, "Not imported") if self.field else "Not imported"


@dataclass(frozen=True)
class ColumnMapping:
    """Column → field for the table's header row. Immutable: overriding returns a new mapping."""

    header_row: int
    columns: tuple[MappedColumn, ...]
    # A row under the header naming the periods of merged statement or RAG columns ("Autumn 2023 |
    # Spring 2024"): part of the header, not data.
    sub_header_row: int | None = None

    def columns_for(self, field: str) -> list[MappedColumn]:
        return [c for c in self.columns if c.field == field]

    def field_of(self, column: int) -> str | None:
        for c in self.columns:
            if c.column == column:
                return c.field
        return None

    def get(self, column: str | int) -> MappedColumn:
        index = _column_index(column)
        for c in self.columns:
            if c.column == index:
                return c
        raise ValueError(f"Column {get_column_letter(index)} is not part of the table.")

    def as_dict(self) -> dict[str, str | None]:
        return {c.letter: c.field for c in self.columns}

    def with_override(
        self, column: str | int, field: str | None, *, period_name: str | None = None
    ) -> "ColumnMapping":
        """The same mapping with one column read as `field` (None or "" to leave it out).

        `column` is a letter ("C") or a 1-based index (3), as openpyxl numbers columns. A position
        statement column takes its reporting period from its header, or from `period_name`.
        """
        field = field or None
        if field is not None and field not in FIELDS:
            raise ValueError(f"Unknown field {field!r}; choose one of {', '.join(FIELDS)}.")
        current = self.get(column)
        period = None
        if field in (STATEMENT, RAG):
            period = period_from_header(period_name) if period_name else current.period
            if period is None and period_name is None:
                period = period_from_header(current.header)
        updated = replace(current, field=field, period=period, note="Chosen by you.")
        return replace(
            self, columns=tuple(updated if c.column == current.column else c for c in self.columns)
        )

    def undated_columns(self) -> list[MappedColumn]:
        """The position statement columns whose header names no date; in a plan with no statement
        column, the RAG columns that name none (their ratings are the statements)."""
        statements = self.columns_for(STATEMENT)
        if statements:
            return [c for c in statements if c.period is None]
        return [c for c in self.columns_for(RAG) if c.period is None]

    def with_period(self, column: str | int, period: ReportingPeriodGuess, note: str) -> "ColumnMapping":
        """The same mapping with one position statement column's period set, as the user chose."""
        current = self.get(column)
        if current.field != STATEMENT:
            return self
        updated = replace(current, period=period, note=note)
        return replace(
            self, columns=tuple(updated if c.column == current.column else c for c in self.columns)
        )

    def with_undated_period(self, period: ReportingPeriodGuess, note: str) -> "ColumnMapping":
        """The same mapping with every column of `undated_columns()` read as `period`."""
        undated = {c.column for c in self.undated_columns()}
        return replace(
            self,
            columns=tuple(
                replace(c, period=period, note=note) if c.column in undated else c for c in self.columns
            ),
        )


def _column_index(column: str | int) -> int:
    if isinstance(column, int):
        if column < 1:
            raise ValueError("Columns are numbered from 1 (A = 1).")
        return column
    text = str(column).strip().upper()
    if text.isdigit():
        return int(text)
    try:
        return column_index_from_string(text)
    except ValueError:
        raise ValueError(f"{column!r} is not a column letter.") from None


def header_cells(sheet: Sheet, row: int) -> list[tuple[int, int, str]]:
    """(first column, last column, text) of each header cell; a merged header spans columns."""
    spans = {c1: c2 for r1, c1, r2, c2 in sheet.merges if r1 <= row <= r2}
    cells = []
    column = 1
    width = sheet.max_column
    while column <= width:
        text = cell_text(sheet.value(row, column)).strip()
        last = spans.get(column, column)
        if text:
            cells.append((column, last, text))
        column = last + 1
    return cells


def header_score(sheet: Sheet, row: int) -> tuple[int, int]:
    """(distinct fields named, cells recognised) for a candidate header row."""
    fields = set()
    recognised = 0
    for _first, _last, text in header_cells(sheet, row):
        match = match_header(text)
        if match:
            recognised += 1
            fields.add(match.field)
    has_core = bool(fields & {OBJECTIVE, ACTION, OUTCOME})
    return (len(fields), recognised) if has_core else (0, 0)


def detect_mapping(sheet: Sheet, header_row: int, data_rows: range) -> ColumnMapping:
    """Map each header cell to a field, then settle merged headers and ambiguous words."""
    columns: list[MappedColumn] = []
    for first, last, text in header_cells(sheet, header_row):
        match = match_header(text)
        fld = match.field if match else None
        group = list(range(first, last + 1))
        period = period_from_header(text) if fld in (STATEMENT, RAG) else None
        if len(group) > 1 and fld is not None:
            columns.extend(_split_merged_header(sheet, group, text, fld, period, data_rows))
        else:
            note = "" if match else "Header not recognised: choose what this column holds, or leave it out."
            columns.append(MappedColumn(first, text, fld, period, note))
    columns = _resolve_ambiguous(sheet, columns, data_rows)
    columns, sub_header_row = _periods_from_row_below(sheet, columns, data_rows)
    return ColumnMapping(header_row=header_row, columns=tuple(columns), sub_header_row=sub_header_row)


def _periods_from_row_below(
    sheet, columns: list[MappedColumn], data_rows
) -> tuple[list[MappedColumn], int | None]:
    """Periods named in the row under the header, for statement and RAG columns whose own header
    names none: "Progress update" merged over "Autumn 2023 | Spring 2024 | Summer 2024". The row is
    taken as part of the header only when every text in it is such a period."""
    if not data_rows:
        return columns, None
    row = data_rows.start
    texts = {c: cell_text(sheet.value(row, c)).strip() for c in range(1, sheet.max_column + 1)}
    texts = {c: t for c, t in texts.items() if t}
    dated = {c.column for c in columns if c.field in (STATEMENT, RAG) and c.period is None}
    if not texts or not set(texts) <= dated:
        return columns, None
    periods = {c: period_from_header(t) for c, t in texts.items()}
    if any(p is None for p in periods.values()):
        return columns, None
    note = f"The period is named in row {row}, under the header."
    return [
        replace(c, period=periods[c.column], note=note) if c.column in periods else c for c in columns
    ], row


def _split_merged_header(sheet, group, text, fld, period, data_rows) -> list[MappedColumn]:
    """A header merged over several columns: a numbers-only first column is the ref (Kirklees'
    "Objective" spans the number and the text); otherwise every column is read as the field and
    their texts are joined."""
    first, rest = group[0], group[1:]
    values = [
        sheet.value(r, first)
        for r in data_rows
        if sheet.value(r, first) is not None and not _is_wide_merge(sheet, r, first, group[-1])
    ]
    if fld != REF and values and sum(1 for v in values if is_ref(v)) >= 0.8 * len(values):
        out = [MappedColumn(first, text, REF, None, f"The number part of the merged “{text}” header.")]
        out += [MappedColumn(c, text, fld, period, f"Part of the merged “{text}” header.") for c in rest]
        return out
    return [
        MappedColumn(c, text, fld, period, f"Part of the merged “{text}” header: texts are joined.")
        for c in group
    ]


def _is_wide_merge(sheet: Sheet, row: int, column: int, last: int) -> bool:
    return any(r1 == row and c1 == column and c2 > last for r1, c1, _r2, c2 in sheet.merges)


def _resolve_ambiguous(sheet, columns: list[MappedColumn], data_rows) -> list[MappedColumn]:
    named = {c.field for c in columns}
    out = []
    for c in columns:
        if c.field == OUTCOME:
            if OBJECTIVE in named:
                why = "“Outcomes” read as success measures: another column is the objective."
                c = replace(c, field=SUCCESS_MEASURES, note=why)
            else:
                c = replace(c, field=OBJECTIVE, note="“Outcomes” read as the objective: no other column is.")
            named.add(c.field)
        elif c.field == PROGRESS:
            values = [cell_text(sheet.value(r, c.column)) for r in data_rows]
            values = [v for v in values if v]
            all_rag_words = bool(values) and all(_is_rag_word_only(v) for v in values)
            if STATEMENT in named or all_rag_words:
                why = (
                    "another column holds the position statement"
                    if STATEMENT in named
                    else "its cells are RAG words"
                )
                c = replace(
                    c,
                    field=RAG,
                    period=period_from_header(c.header),
                    note=f"“Progress” read as the RAG rating: {why}.",
                )
            else:
                c = replace(
                    c,
                    field=STATEMENT,
                    period=period_from_header(c.header),
                    note="“Progress” read as the position statement; RAG words in it become ratings.",
                )
            named.add(c.field)
        out.append(c)
    return out


def _is_rag_word_only(text: str) -> bool:
    return is_rating_only(text)


def first_text_above(sheet: Sheet, header_row: int) -> str:
    """The plan's title as the sheet prints it: the first text above the header row."""
    for row in range(1, header_row):
        for column in range(1, sheet.max_column + 1):
            text = cell_text(sheet.value(row, column)).strip()
            if text:
                return text.split("\n")[0][:300]
    return ""
