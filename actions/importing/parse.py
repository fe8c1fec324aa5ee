"""A council's spreadsheet → a `ParsedPlan`: the plan as it would be imported, with no database writes.

The preview page, the dry run of `import_plan` and the real import all start here, so what the user
is shown is exactly what gets saved. Nothing here touches the database: a ParsedPlan is plain data
(priorities → objectives → actions → position statements, plus the people, partners and reporting
periods they name, and every problem and warning located by sheet, row and column).

How rows become a plan (each rule follows a layout councils really use; tests/data/layouts has one
of each, with its transcription):
- Priorities come from heading rows or from a priority column (a merged cell's value applies to every
  row it spans: Telford). A heading row is a cell merged across the table; one cell alone in the
  table's first column ("1 Further developing ...", "4i Statutory processes", "Theme 3 DATA"); a
  title alone in capitals or in bold anywhere in the table; or "Theme 3" / "Workstream 2" /
  "Priority 4" in one cell with the title in the next, also above the header row, where a plan's
  first section often starts. With none of these, a ref column numbered 1 / 1.1 / 1.1.a gives them
  by depth.
- The header printed again under a section, even in other words ("Leads", "Resource needs"), is
  read once. Narrative rows ("As is / next steps | ...", "Current position | ...", "Update: ...")
  are notes on the section's priority, never items, people or partners.
- A statement column whose header names no date takes its period from the user's choice, else from
  the sheet's title, the sheet's name or the file name ("... Schools Forum January 2019").
- The user's corrections in the preview (corrections.py: a row read as a heading, a header, skipped
  or an item; a column's period; renamed or merged names) override all of this.
- A row with objective text starts an objective (unless it is the same merged cell or repeats the
  current objective's text and ref). Its ref is the ref column, or the number half of a header
  merged over two columns (Kirklees: "Objective" spans the number and the text).
- The action cell may hold several actions, one per line: each line is an action, and a bulleted
  list (•, -, *) that follows a line stays with it as that action's detail (as kirklees.json reads
  the printed plan); bullets with no line before them are actions of their own. Actions the sheet
  does not number get the objective's ref and a letter: 1.1.a, 1.1.b...
- With no action column (Telford), each objective row carries exactly ONE action with the same ref
  and text, so the action-level columns (task group, timeframe, position statements) have a home.
  With no objective column, each row is such an objective with its one action. With an action
  column, an objective with no action stays an objective with none (its "By when" a note), unless
  its row has a position statement: then it carries it on one such action (the plan page shows it
  as the objective's own progress), or, if actions follow on later rows, keeps it as a note.
- Lead, supporting, task group and due cells are row-level: they go on the objective (lead,
  supporting) and on every action split from the row. Success measures, monitoring and resources go
  on the objective of an objective row; on an action-only row the success measures are the action's.
- In a "Lead & Representatives" column the first entry is the lead and the rest support. An entry
  that names nobody (a role alone, "tbc", a sentence: names.py) goes wherever the names go, as a
  note ("Lead: Primary Head"), with a warning.
- Position statements belong to the row's actions, one per dated statement column. A RAG column
  that names a date ("RAG July 2026") rates that period's statement; a plain RAG column rates the
  latest-dated statement of the row. Words after the rating in a RAG cell ("Amber Pilot under way")
  are narrative, kept in the statement. With no rating in words, a cell's fill colour gives it.
- A statement whose lines each start with a rating, or a number, and line up with the actions split
  from the row (as many lines as actions, the same numbers) gives each action its own line and
  rating; otherwise each action has the whole statement, rated the worst of its lines.
- Duplicate refs at one level are problems naming both rows, except a heading that repeats another's
  number and has no rows of its own (Kirklees' "1 Processes", a parent of 4i-4iii printed with the
  wrong number): it is kept, without a ref, with a warning.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl.utils import get_column_letter

from actions.cycle.models import Rag

from . import mapping as m
from .corrections import Corrections, row_key
from .faithfulness import DroppedText, dropped_text
from .findings import read_finding_column, read_finding_sheets
from .findings import split_book as split_finding_sheets
from .mapping import ColumnMapping, MappedColumn, detect_mapping, first_text_above
from .measures import read_measures, split_book
from .names import STAND_IN, NotAName, ParsedName, read_names
from .parsed import (
    ParsedAction,
    ParsedFindingCell,
    ParsedObjective,
    ParsedPeriod,
    ParsedPlan,
    ParsedPriority,
    ParsedStatement,
)
from .reader import (
    DEFAULT_MAX_UNCOMPRESSED_BYTES,
    Book,
    ImportProblem,
    Sheet,
    cell_text,
    read_book,
)
from .splitting import lines_for_pieces, split_actions
from .tables import (
    MIN_HEADER_FIELDS,
    cover_title,
    data_rows,
    date_undated_columns,
    find_tables,
)
from .values import (
    ReportingPeriodGuess,
    format_ref,
    is_not_rated_word,
    is_rating_only,
    is_ref,
    parse_due,
    parse_heading,
    parse_start,
    rag_from_cell,
    rag_from_colour,
    rag_from_narrative,
    ref_depth,
    ref_parent,
)

# Model field lengths (actions/models.py): longer text would fail on save, so the preview warns.
MAX_LENGTHS = {"ref": 20, "timeframe": 100, "task_group": 200}
# "Theme 3" / "Workstream 2" / "Priority 4a" alone in a cell, with the title in the next one.
_NUMBERED_HEADING = re.compile(
    r"^(?:theme|workstream|work\s*stream|priority|section|strand|area)\s*(\d{1,3}[a-z]?|[IVX]{1,5})[.:)]?$",
    re.I,
)
# Narrative rows inside a section: the label alone in a cell with the text beside it, or the label and
# a colon or dash starting the only cell ("As is: ...").
_NARRATIVE_LABEL = re.compile(
    r"^(as\s+is(?:\s*(?:/|and|&)\s*next\s+steps?)?|next\s+steps?|current\s+position|current\s+status|"
    r"position\s+statement|progress(?:\s+update)?|latest\s+update|update|summary|commentary)"
    r"\s*(?:[:\-–]\s*(\S.*))?$",
    re.I | re.S,
)
MAX_HEADING_LENGTH = 200
REPEATED_HEADER_SHARE = 0.6  # of a row's cells that must read as headers for it to be a header again


@dataclass
class _RowStatement:
    """One period's statement of a row, before it is given to the actions split from the row."""

    period: str | None
    column: str
    narrative: str
    rag: str  # what the narrative says of itself
    fill_rag: str = Rag.NOT_RATED  # what the statement cell's fill says
    column_rag: str | None = None  # what the RAG column says, when it says anything
    rag_text: str = ""  # the RAG cell when it is only ratings: "Amber\nGreen" may rate line by line
    dated: bool = False  # the RAG column names this period


def parse_workbook(
    file_or_path,
    *,
    filename: str,
    sheet: str | None = None,
    mapping_overrides: dict | None = None,
    period: ReportingPeriodGuess | None = None,
    corrections: Corrections | None = None,
    max_bytes: int | None = None,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedPlan:
    """Read a council's .xlsx or .csv and return the plan it holds, without saving anything.

    Raises `ImportProblem` when the file cannot be read as a plan at all (not a spreadsheet,
    encrypted, too large, a zip bomb, no recognisable header, an empty sheet). Everything else is
    reported in the result: `problems` block the import, `warnings` are shown and kept.
    `mapping_overrides` maps a column ("C" or 3) to a field name (or None to leave it out), as the
    user chose in the preview. `period` is the reporting period of statement columns whose header
    names no date, as the user chose it; without one it is taken from the sheet's title, the sheet's
    name or the file name when one of them names a month or term ("… Schools Forum January 2019").
    `corrections` are the user's other choices in the preview: how a row is read, the period of a
    statement column, renamed and merged people and partners (corrections.py).
    `progress(rows_done, rows_total)` is called as rows are read.
    Sheets of measures, their figures and comparators (told by their headers: measures.py) are read
    into `measures`, after the plan, whose refs and periods they name; the Inspections and Findings
    sheets, and a plan sheet's Finding column, into `inspections` (findings.py).
    """
    book = read_book(
        file_or_path, filename=filename, max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes
    )
    corrections = corrections or Corrections()
    book, finding_sheets = split_finding_sheets(book)  # read as inspections and findings, never as the plan
    book, measure_sheets = split_book(book)  # the same for the measure sheets
    tables = []
    for target, header_row in find_tables(book, sheet):
        mapping = detect_mapping(target, header_row, data_rows(target, header_row))
        for column, fld in (mapping_overrides or {}).items():
            mapping = mapping.with_override(column, fld)
        for column, chosen in corrections.periods.items():
            try:
                mapping = mapping.with_period(
                    column, chosen, f"Reporting period {chosen.name}, as you chose."
                )
            except ValueError:
                continue  # a column of another sheet's layout
        tables.append((target, date_undated_columns(mapping, target, filename, period)))
    plan = build_plans(book, tables, filename=filename, progress=progress, corrections=corrections)
    read_measures(plan, book, measure_sheets, corrections)
    read_finding_sheets(plan, book, finding_sheets)
    headers = {
        (target.name, c.letter): c.header
        for target, mapping in tables
        for c in mapping.columns_for(m.FINDING)
    }
    read_finding_column(plan, headers, filename or plan.filename)
    return plan


def build_plan(
    book: Book,
    sheet: Sheet,
    mapping: ColumnMapping,
    *,
    filename: str,
    progress: Callable[[int, int], None] | None = None,
    corrections: Corrections | None = None,
) -> ParsedPlan:
    """Follow `mapping` down the sheet's rows and return the plan they describe."""
    return build_plans(
        book, [(sheet, mapping)], filename=filename, progress=progress, corrections=corrections
    )


def build_plans(
    book: Book,
    tables: list[tuple[Sheet, ColumnMapping]],
    *,
    filename: str,
    progress: Callable[[int, int], None] | None = None,
    corrections: Corrections | None = None,
) -> ParsedPlan:
    """One plan from one or more sheets laid out alike, read in order: a sheet's rows before its
    first heading are a priority named after the sheet when there are several."""
    corrections = corrections or Corrections()
    plan: ParsedPlan | None = None
    builders = []
    total = sum(len(data_rows(sheet, mapping.header_row)) for sheet, mapping in tables)
    done = 0
    for sheet, mapping in tables:
        builder = _Builder(book, sheet, mapping, filename, corrections, plan=plan, several=len(tables) > 1)
        plan = builder.plan
        offset = done

        def step(rows_done: int, _rows_total: int, offset: int = offset) -> None:
            if progress:
                progress(offset + rows_done, total)

        builder.run(step)
        done += len(builder.rows)
        builders.append(builder)
    for builder in builders:
        builder.finish_items()
    builders[-1].finish_plan()
    for builder in builders:
        builder.plan.dropped += builder.dropped()
    assert plan is not None  # tables is never empty: find_tables raises instead
    if len(tables) > 1 and (cover := cover_title(book, tables[0][0])):
        plan.title = cover
    return plan


class _Builder:
    """The state of one pass down the rows: current priority and objective, what has been seen."""

    def __init__(
        self,
        book: Book,
        sheet: Sheet,
        mapping: ColumnMapping,
        filename: str,
        corrections: Corrections,
        *,
        plan: "ParsedPlan | None" = None,
        several: bool = False,
    ):
        self.sheet = sheet
        self.mapping = mapping
        self.several = several
        # Row choices by number are the first sheet's (the preview shows its rows); by text, any sheet's.
        self.corrections = corrections if plan is None else replace(corrections, rows={})
        self.rows = data_rows(sheet, mapping.header_row)
        sheet_warnings = [w for w in book.warnings if w.sheet == sheet.name]
        if plan is None:
            plan = ParsedPlan(
                title=first_text_above(sheet, mapping.header_row) or Path(filename).stem,
                filename=filename,
                sheet=sheet.name,
                sheet_names=[s.name for s in book.sheets],
                mapping=mapping,
                warnings=[w for w in book.warnings if not w.sheet] + sheet_warnings,
            )
        else:
            plan.warnings += sheet_warnings
        self.plan = plan
        self.plan.sheets.append(sheet.name)
        self.kinds = self.plan.sheet_row_kinds.setdefault(sheet.name, {})
        self.by_field: dict[str, list[MappedColumn]] = {f: mapping.columns_for(f) for f in m.FIELDS}
        self.table_columns = sorted(c.column for c in mapping.columns)
        self.priority: ParsedPriority | None = None
        self.made_objectives: list[ParsedObjective] = []
        self.priority_keys: dict[object, ParsedPriority] = {}
        self.objective: ParsedObjective | None = None
        self.objective_merge: tuple | None = None
        self.letters: dict[int, int] = {}  # id(objective) -> actions lettered so far
        self.pending_single: dict[int, ParsedAction] = {}  # id(objective) -> its one action, if no other
        self.warned: set[tuple] = set()
        self.statement_cache: tuple[int, list[_RowStatement]] | None = None
        self.names_cache: tuple[int, _RowNames] | None = None
        self.kept_as_notes: list[tuple[int, int, NotAName]] = []  # (row, column, entry) naming nobody
        self.name_cells: dict[tuple[int, str], int] = {}  # (row, entry as printed) -> its column
        self.rag_reported_row: int | None = None
        self._fill_merges()
        self.header_fields = {  # column -> the field its header names, before ambiguity is settled
            first: match.field
            for first, _last, text in m.header_cells(sheet, mapping.header_row)
            if (match := m.match_header(text))
        }
        self.child_numbers: set[str] | None = None  # first parts of the refs numbered under others
        self.chosen = self._chosen_rows()
        detect = [r for r in self.rows if r not in self.chosen]
        self.repeated_headers = {r for r in detect if self._is_repeated_header(r)}
        self.repeated_headers |= {r for r, choice in self.chosen.items() if choice == "header"}
        if mapping.sub_header_row is not None:
            self.repeated_headers.add(mapping.sub_header_row)
        self.skipped = {r for r, choice in self.chosen.items() if choice == "skip"}
        self.narratives = {
            r: text for r in detect if r not in self.repeated_headers and (text := self._narrative(r))
        }
        self.headings = {
            r: heading
            for r in detect
            if r not in self.repeated_headers and r not in self.narratives and (heading := self._heading(r))
        }
        for r, choice in self.chosen.items():
            if choice == "heading":
                self.headings[r] = self._chosen_heading(r)
        self.refs_mode = self._use_ref_depth()
        self._check_columns()

    # Merged cells ---------------------------------------------------------------------------------

    def _fill_merges(self) -> None:
        """A vertically merged cell's value applies to every row it spans; note odd merges."""
        self.filled: dict[tuple[int, int], object] = {}
        self.merge_of: dict[tuple[int, int], tuple] = {}
        start = self.rows.start
        for rng in self.sheet.merges:
            r1, c1, r2, c2 = rng
            if r2 < start:
                continue
            value = self.sheet.value(r1, c1)
            for r in range(max(r1, start), r2 + 1):
                self.merge_of[(r, c1)] = rng
                if r != r1:
                    self.filled[(r, c1)] = value

    def cell(self, row: int, column: int) -> object:
        if (row, column) in self.filled:
            return self.filled[(row, column)]
        return self.sheet.value(row, column)

    # Rows that are not plan items -----------------------------------------------------------------

    def _filled(self, row: int) -> list[int]:
        width = max(self.table_columns[-1], self.sheet.max_column)
        return [c for c in range(1, width + 1) if cell_text(self.cell(row, c)).strip()]

    def _heading_cell(self, row: int) -> int | None:
        """The column of a heading row's only cell, or None when the row is not such a heading: a
        cell merged across the table, or alone in the table's first column, or alone and in capitals
        ("EARLY HELP") or bold anywhere in the table."""
        filled = self._filled(row)
        if len(filled) != 1:
            return None
        column = filled[0]
        value = self.cell(row, column)
        if not isinstance(value, str) or is_ref(value) or (row, column) in self.filled:
            return None
        if self.mapping.field_of(column) == m.PRIORITY or len(value.strip()) > MAX_HEADING_LENGTH:
            return None
        rng = self.merge_of.get((row, column))
        wide = rng is not None and rng[3] > rng[1]
        letters = [ch for ch in value if ch.isalpha()]
        capitals = len(letters) >= 4 and all(ch.isupper() for ch in letters)
        bold = (row, column) in getattr(self.sheet, "bold", ())
        return column if wide or column == self.table_columns[0] or capitals or bold else None

    def _heading(self, row: int) -> tuple[str, str] | None:
        """(ref, title) of a heading row: one of `_heading_cell`'s shapes, or "Theme 3" in one cell
        and its title in the next ("Theme 3 | DATA")."""
        if (column := self._heading_cell(row)) is not None:
            return parse_heading(cell_text(self.cell(row, column)))
        return self._numbered_heading(row)

    def _numbered_heading(self, row: int) -> tuple[str, str] | None:
        """ "Theme 3 | DATA" (two cells) or "Theme 3: DATA" (one): shapes also read above the header
        row, where a plan's first section often starts."""
        filled = self._filled(row)
        if not 1 <= len(filled) <= 2 or any((row, c) in self.filled for c in filled):
            return None
        texts = [cell_text(self.cell(row, c)).strip() for c in filled]
        if len(texts) == 1:
            if not (parts := re.match(r"^(\S+\s*\S+?)[.:)\-–]?\s+(\S.*)$", texts[0], re.S)):
                return None
            label, title = parts[1], parts[2]
        else:
            label, title = texts
        match = _NUMBERED_HEADING.match(label)
        if match and not is_ref(title) and len(title) <= MAX_HEADING_LENGTH:
            return match[1], title.strip(" :-–")
        if len(texts) == 2 and self._is_parent_number(label, filled[0]) and not is_ref(title):
            return label.rstrip("."), title  # "3 | DATA" over objectives 3.1, 3.2...
        return None

    def _is_parent_number(self, text: str, column: int) -> bool:
        """A bare number in the ref (or first) column that other rows' refs are numbered under
        ("3" over "3.1", "3.2"), in a plan with objectives of its own: a section's number."""
        if not (text.rstrip(".").isdigit() and self.by_field[m.OBJECTIVE]):
            return False
        ref_columns = {c.column for c in self.by_field[m.REF]} or {self.table_columns[0]}
        if column not in ref_columns:
            return False
        if self.child_numbers is None:
            self.child_numbers = {
                ref.split(".")[0]
                for r in self.rows
                if (ref := cell_text(self.cell(r, min(ref_columns))).strip()) and ref_depth(ref) >= 2
            }
        return text.rstrip(".") in self.child_numbers

    def _chosen_rows(self) -> dict[int, str]:
        """The user's row choices: by number for this upload, by text for ones remembered from an
        earlier upload of the same layout (rows move from term to term). Recorded on the plan, with
        each row's text, so they can be remembered in turn."""
        chosen = {r: c for r, c in self.corrections.rows.items() if r in self.rows}
        if self.corrections.row_texts:
            for r in self.rows:
                if r not in chosen:
                    key = row_key([cell_text(self.cell(r, c)) for c in self._filled(r)])
                    if key in self.corrections.row_texts:
                        chosen[r] = self.corrections.row_texts[key]
        for r, choice in chosen.items():
            if self.plan.sheet != self.sheet.name:
                break  # choices are remembered from the first sheet's rows
            self.plan.chosen_rows[r] = (
                choice,
                row_key([cell_text(self.cell(r, c)) for c in self._filled(r)]),
            )
        return chosen

    def _chosen_heading(self, row: int) -> tuple[str, str]:
        """A row the user marked as a heading: "3 | Data", "Theme 3 | Data" or one cell of text."""
        texts = [cell_text(self.cell(row, c)).strip() for c in self._filled(row)]
        if not texts:
            return "", "(no title)"
        if heading := self._numbered_heading(row):
            return heading
        if len(texts) >= 2 and is_ref(texts[0]):
            return format_ref(texts[0]), " ".join(texts[1:])
        return parse_heading(" ".join(texts))

    def _is_repeated_header(self, row: int) -> bool:
        """The header row printed again under a section, perhaps in other words ("Leads" for "Lead",
        "Resource needs" for "Resource implication"): most of its cells are exactly a header word for
        what their column holds. "Action 1" in the action column is data, not a header."""
        filled = self._filled(row)
        if any(is_ref(self.sheet.value(row, c)) for c in filled):
            return False  # "1.1 | Objective | Action": a numbered row is data
        same = 0
        for column in filled:
            text = cell_text(self.sheet.value(row, column)).strip()
            match = m.match_header(text)
            if match is None or match.strength < m.EXACT:
                continue
            if match.field == self.header_fields.get(column):
                same += 1
        return same >= MIN_HEADER_FIELDS and same >= REPEATED_HEADER_SHARE * len(filled)

    def _narrative(self, row: int) -> str | None:
        """The note an "As is" / "Current position" / "Update" row makes, as "Label: text"."""
        filled = [c for c in self._filled(row) if (row, c) not in self.filled]
        if not filled:
            return None
        first = cell_text(self.cell(row, filled[0])).strip()
        match = _NARRATIVE_LABEL.match(first)
        if match is None:
            return None
        rest = [cell_text(self.cell(row, c)).strip() for c in filled[1:]]
        if match[2] is not None:
            return "\n".join([first, *rest])
        if not rest:
            return None
        return f"{first}: " + "\n".join(rest)

    def _use_ref_depth(self) -> bool:
        if self.headings or self.by_field[m.PRIORITY] or not self.by_field[m.REF]:
            return False
        depths = {ref_depth(self.ref(r)[0]) for r in self.rows if self.ref(r)[0]}
        return 1 in depths and any(d >= 2 for d in depths)

    def _check_columns(self) -> None:
        mapped = {c.column for c in self.mapping.columns if c.field}
        for (row, column), formula in sorted(self.sheet.formulas_without_value.items()):
            if row >= self.mapping.header_row and column in mapped:
                self.problem(
                    row,
                    column,
                    f"This cell holds a formula ({formula}) but the file has no saved result for it, so "
                    "its value is unknown: the workbook was probably written by a program that does not "
                    "calculate formulas. Open it in Excel or LibreOffice, save it, and upload it again "
                    "(or type the value in place of the formula).",
                    "formula_without_value",
                )
        seen: dict[str, str] = {}
        for c in self.by_field[m.STATEMENT]:
            if c.period is None:
                self.warn(
                    None,
                    c.column,
                    f"Column “{c.header}” names no date, so its position statements have no reporting "
                    "period yet: choose the period when you import.",
                    "undated_statements",
                )
            elif c.period.name in seen:
                self.problem(
                    None,
                    c.column,
                    f"Columns {seen[c.period.name]} and {c.letter} are both position statements for "
                    f"{c.period.name}: map one of them to something else.",
                    "duplicate_period",
                )
            else:
                seen[c.period.name] = c.letter
                self.plan.periods.append(ParsedPeriod(c.period.name, c.period.as_at, c.letter))
        self._check_rag_periods({p.name for p in self.plan.periods})
        self.plan.periods.sort(key=lambda p: p.as_at)
        for rng in self.sheet.merges:
            r1, c1, r2, c2 = rng
            if c2 == c1 or r2 < self.rows.start or r1 <= self.mapping.header_row:
                continue
            if r1 in self.headings and self._heading_cell(r1) == c1 or r1 in self.narratives:
                continue
            fields = [self.mapping.field_of(c) for c in range(c1, c2 + 1)]
            labels = [m.FIELDS[f] for f in dict.fromkeys(f for f in fields if f)]
            if len(set(fields)) > 1:
                read_as = m.FIELDS.get(fields[0], "not imported") if fields[0] else "not imported"
                self.warn(
                    r1,
                    c1,
                    f"Cells {get_column_letter(c1)}{r1}:{get_column_letter(c2)}{r2} are merged across "
                    f"the {', '.join(labels) or 'unmapped'} columns; the text is read as {read_as} only. "
                    "Unmerge them if it belongs elsewhere.",
                    "merged_cells",
                )

    def _check_rag_periods(self, statement_periods: set[str]) -> None:
        """A RAG column naming a date rates that period's statements; a period with no statement
        column of its own is added; two RAG columns for one period are a problem."""
        seen: dict[str, str] = {}
        for c in self.by_field[m.RAG]:
            if c.period is None:
                continue
            if c.period.name in seen:
                self.problem(
                    None,
                    c.column,
                    f"Columns {seen[c.period.name]} and {c.letter} are both RAG ratings for "
                    f"{c.period.name}: map one of them to something else.",
                    "duplicate_period",
                )
                continue
            seen[c.period.name] = c.letter
            if c.period.name not in statement_periods:
                self.plan.periods.append(ParsedPeriod(c.period.name, c.period.as_at, c.letter))

    # Problems -------------------------------------------------------------------------------------

    def _located(self, row, column, reason, code) -> ImportProblem:
        letter = get_column_letter(column) if isinstance(column, int) else (column or "")
        return ImportProblem(reason, sheet=self.sheet.name, row=row, column=letter, code=code)

    def problem(self, row, column, reason, code) -> None:
        self.plan.problems.append(self._located(row, column, reason, code))

    def warn(self, row, column, reason, code) -> None:
        # A row-level cell is read once for the objective and again for each action split from it:
        # its warning is given once.
        warning = self._located(row, column, reason, code)
        key = (warning.row, warning.column, warning.code, warning.reason)
        if key not in self.warned:
            self.warned.add(key)
            self.plan.warnings.append(warning)

    # Reading a row --------------------------------------------------------------------------------

    def text(self, row: int, fld: str) -> str:
        """The row's text for a field; several columns mapped to one field are joined by lines."""
        parts = []
        for c in self.by_field[fld]:
            value = cell_text(self.cell(row, c.column)).strip()
            if value:
                parts.append(value)
        return "\n".join(parts)

    def ref(self, row: int) -> tuple[str, int | None]:
        for c in self.by_field[m.REF]:
            value = self.cell(row, c.column)
            if value is not None:
                ref = format_ref(value, self.sheet.number_formats.get((row, c.column), ""))
                if ref:
                    return ref, c.column
        return "", None

    def names(self, row: int) -> "_RowNames":
        """The row's lead and supporting names (row-level: read once a row), and as note lines the
        entries that name nobody ("Lead: Primary Head"), so that no text is lost.

        A "Lead & Representatives" column (LEAD_THEN_SUPPORTING) gives its first entry to the lead,
        even when that entry names nobody ("tbc"), and the rest to the supporting.
        """
        if self.names_cache and self.names_cache[0] == row:
            return self.names_cache[1]
        sides: dict[str, list[tuple[ParsedName | NotAName, int]]] = {"Lead": [], "Supporting": []}
        for fld, side in ((m.LEAD, "Lead"), (m.LEAD_THEN_SUPPORTING, "Lead"), (m.SUPPORTING, "Supporting")):
            for c in self.by_field[fld]:
                entries = read_names(cell_text(self.cell(row, c.column)).strip())
                if fld == m.LEAD_THEN_SUPPORTING:
                    sides["Lead"] += [(e, c.column) for e in entries[:1]]
                    sides["Supporting"] += [(e, c.column) for e in entries[1:]]
                else:
                    sides[side] += [(e, c.column) for e in entries]
        notes = []
        for side, located in sides.items():
            kept = [(e, column) for e, column in located if isinstance(e, NotAName)]
            if kept:
                notes.append(f"{side}: " + "; ".join(e.text for e, _ in kept))
            self.kept_as_notes.extend((row, column, e) for e, column in kept)
            self.name_cells.update(((row, e.text), column) for e, column in located)
        found = _RowNames(
            lead=[e for e, _ in sides["Lead"] if isinstance(e, ParsedName)],
            supporting=[e for e, _ in sides["Supporting"] if isinstance(e, ParsedName)],
            notes="\n".join(notes),
        )
        self.names_cache = (row, found)
        return found

    # The pass -------------------------------------------------------------------------------------

    def run(self, progress) -> None:
        title_row = next((r for r in range(1, self.mapping.header_row) if self._filled(r)), None)
        for row in range(1, self.mapping.header_row):
            if row == title_row and not self.several:
                continue  # the plan's title ("Priority 1 plan 2024" is not a section of itself)
            if heading := self._numbered_heading(row):  # the first section's heading, above the header
                self.kinds[row] = "heading"
                self.new_priority(*heading, row)
        total = len(self.rows)
        for done, row in enumerate(self.rows, start=1):
            if row in self.skipped:
                self.kinds[row] = "skipped"
            elif row in self.repeated_headers:
                self.kinds[row] = "header"
            elif row in self.narratives:
                self.kinds[row] = "note"
                self.add_priority_note(row, self.narratives[row])
            elif row in self.headings:
                self.kinds[row] = "heading"
                self.new_priority(*self.headings[row], row)
            else:
                self.data_row(row)
            if progress and (done % 100 == 0 or done == total):
                progress(done, total)

    def add_priority_note(self, row: int, text: str) -> None:
        priority = self.current_priority(row)
        priority.notes = "\n".join(filter(None, [priority.notes, text]))

    def new_priority(self, ref: str, title: str, row: int) -> ParsedPriority:
        self.priority = ParsedPriority(ref=ref, title=title, row=row)
        self.plan.priorities.append(self.priority)
        self.objective = None
        self.objective_merge = None
        return self.priority

    def current_priority(self, row: int) -> ParsedPriority:
        if self.priority is None and self.several:
            ref, title = parse_heading(self.sheet.name)  # "Priority 2 SEND support" → 2
            self.new_priority(ref, title, row)
        if self.priority is None:
            self.warn(
                row,
                None,
                "Rows before the first priority heading were put under a priority called “Other”: "
                "add a heading row above them or a priority column, or move them in sendplan.",
                "no_priority",
            )
            self.new_priority("", "Other", row)
        return self.priority  # type: ignore[return-value]  # new_priority() has just set it

    def switch_priority_from_column(self, row: int) -> None:
        column = self.by_field[m.PRIORITY][0].column
        text = self.text(row, m.PRIORITY)
        if not text:
            return
        keys = [key for key in (self.merge_of.get((row, column)), " ".join(text.lower().split())) if key]
        for key in keys:
            if key in self.priority_keys:
                found = self.priority_keys[key]
                if found is not self.priority:
                    self.priority, self.objective, self.objective_merge = found, None, None
                break
        else:
            ref, title = parse_heading(text)
            self.new_priority(ref, title, row)
        for key in keys:
            self.priority_keys.setdefault(key, self.priority)  # type: ignore[arg-type]  # the one found, or the new one

    def data_row(self, row: int) -> None:
        if self.by_field[m.PRIORITY]:
            self.switch_priority_from_column(row)
        ref, ref_column = self.ref(row)
        objective_text = self.text(row, m.OBJECTIVE)
        action_text = self.text(row, m.ACTION)
        has_objective_column = bool(self.by_field[m.OBJECTIVE])
        single_action = not self.by_field[m.ACTION]

        if self.refs_mode and ref and ref_depth(ref) == 1 and (objective_text or action_text):
            self.kinds[row] = "heading"
            self.new_priority(ref, objective_text or action_text, row)
            return
        if not has_objective_column and not (self.refs_mode and ref and ref_depth(ref) >= 3):
            # No objective column: the row is an objective carrying its one action (Telford's rule).
            objective_text, action_text, single_action = action_text, "", True

        action_ref = ""
        if objective_text:
            merge = self._objective_merge(row)
            self.kinds[row] = "objective"
            if self._continues_objective(objective_text, ref, merge):
                self.kinds[row] = "action"
                action_ref = ref if ref and ref != self.objective.ref else ""  # type: ignore[union-attr]  # _continues_objective() needs one
                self.action_row(row, action_text, action_ref, objective_row=False)
            else:
                objective_ref = ref
                if ref and action_text and ref_depth(ref) >= 3:
                    objective_ref, action_ref = ref_parent(ref), ref
                self.objective_row(row, objective_ref, objective_text, merge)
                if single_action:
                    objective = self.objective
                    assert objective is not None  # objective_row() has just set it
                    self.pending_single[id(objective)] = self.make_action(
                        row, objective.ref, objective.title, objective_row=True
                    )
                else:
                    self.action_row(row, action_text, action_ref, objective_row=True)
            if ref and ref_column and len(ref) > MAX_LENGTHS["ref"]:
                reason = f"The ref “{ref}” is longer than {MAX_LENGTHS['ref']} characters."
                self.warn(row, ref_column, reason, "too_long")
        elif action_text:
            if self.refs_mode and ref and ref_depth(ref) >= 3:
                self._find_objective(ref_parent(ref))
            if self.objective is None:
                self.problem(
                    row,
                    self.by_field[m.ACTION][0].column,
                    "This action has no objective above it: add the objective's row, or map the column "
                    "that holds objectives.",
                    "action_without_objective",
                )
                return
            self.kinds[row] = "action"
            self.action_row(row, action_text, ref, objective_row=False)
        elif self._only_notes(row):
            self.kinds[row] = "note"
            self.add_priority_note(row, self.text(row, m.NOTES))
        elif self._has_other_content(row):
            self.kinds[row] = "ignored"
            self.warn(
                row,
                None,
                "This row has no objective or action text, so its other cells were not imported.",
                "row_ignored",
            )

    def _objective_merge(self, row: int) -> tuple | None:
        column = self.by_field[m.OBJECTIVE][0].column if self.by_field[m.OBJECTIVE] else None
        rng = self.merge_of.get((row, column)) if column else None
        return rng if rng and rng[2] > rng[0] else None

    def _continues_objective(self, text: str, ref: str, merge) -> bool:
        current = self.objective
        if current is None:
            return False
        if merge is not None and merge == self.objective_merge:
            return True
        same_text = " ".join(text.lower().split()) == " ".join(current.title.lower().split())
        return same_text and (not ref or ref == current.ref or ref_parent(ref) == current.ref)

    def _find_objective(self, ref: str) -> None:
        if self.objective is not None and self.objective.ref == ref:
            return
        for priority in self.plan.priorities:
            for objective in priority.objectives:
                if objective.ref == ref:
                    self.priority, self.objective, self.objective_merge = priority, objective, None
                    return

    def _has_other_content(self, row: int) -> bool:
        ignored = {m.PRIORITY, m.REF}
        return any(
            self.cell(row, c.column) is not None
            for c in self.mapping.columns
            if c.field and c.field not in ignored
        )

    def _only_notes(self, row: int) -> bool:
        """A row whose only text is a Notes cell: a note on the section's priority."""
        if not self.text(row, m.NOTES):
            return False
        ignored = {m.PRIORITY, m.REF, m.NOTES}
        return not any(
            self.cell(row, c.column) is not None for c in self.mapping.columns if c.field not in ignored
        )

    def objective_row(self, row: int, ref: str, title: str, merge) -> None:
        priority = self.current_priority(row)
        self.objective = ParsedObjective(
            ref=ref,
            title=title,
            row=row,
            lead=list(self.names(row).lead),
            supporting=list(self.names(row).supporting),
            success_measures=self.text(row, m.SUCCESS_MEASURES),
            monitoring=self.text(row, m.MONITORING),
            resources=self.text(row, m.RESOURCES),
            notes=_lines(self.text(row, m.NOTES), self.names(row).notes),
            due_text=self.text(row, m.DUE),
        )
        self.objective_merge = merge
        priority.objectives.append(self.objective)
        self.finding_cell(row, self.objective)
        self.made_objectives.append(self.objective)

    def action_row(self, row: int, text: str, given_ref: str, *, objective_row: bool) -> None:
        objective: ParsedObjective = self.objective  # type: ignore[assignment]  # callers check there is one
        if not objective_row:
            for fld, attr in ((m.MONITORING, "monitoring"), (m.RESOURCES, "resources")):
                extra = self.text(row, fld)
                if extra:
                    setattr(objective, attr, "\n".join(filter(None, [getattr(objective, attr), extra])))
        pieces = split_actions(text)
        if not pieces and objective_row and self._statements(row):
            # An outcome with progress but no action of its own: it carries its statements itself, as
            # one action in the objective's words (the plan page shows it as the objective's own).
            self.pending_single[id(objective)] = self.make_action(
                row, objective.ref, objective.title, objective_row=True
            )
        elif not pieces and self._statements(row):
            self.warn(
                row,
                None,
                "This row has a position statement but no action for it to belong to, so the statement "
                "was not imported.",
                "statement_without_action",
            )
        for index, description in enumerate(pieces):
            ref = given_ref if index == 0 and given_ref else self.next_letter_ref(objective)
            part = (index, pieces) if len(pieces) > 1 else None
            action = self.make_action(row, ref, description, objective_row=objective_row, part=part)
            if not objective_row:
                self.finding_cell(row, action)
            if index == 0 and not objective_row:
                # An objective row's notes are the objective's.
                action.notes = "\n".join(filter(None, [self.text(row, m.NOTES), action.notes]))
            objective.actions.append(action)

    def finding_cell(self, row: int, item: ParsedObjective | ParsedAction) -> None:
        """The row's Finding cell, for the item the row made (its objective, or each of its actions).
        An action row repeating its objective's findings adds nothing: the objective answers them."""
        column = next((c for c in self.by_field[m.FINDING] if self.cell(row, c.column) is not None), None)
        text = self.text(row, m.FINDING)
        if column is None or not text:
            return
        if isinstance(item, ParsedAction) and self.objective is not None:
            held = [c for c in self.plan.finding_cells if c.item is self.objective]
            if any(" ".join(c.text.lower().split()) == " ".join(text.lower().split()) for c in held):
                return
        self.plan.finding_cells.append(
            ParsedFindingCell(item=item, text=text, sheet=self.sheet.name, row=row, column=column.letter)
        )

    def next_letter_ref(self, objective: ParsedObjective) -> str:
        if not objective.ref:
            return ""
        taken = {a.ref for a in objective.actions}
        count = self.letters.get(id(objective), 0)
        while True:
            count += 1
            ref = f"{objective.ref}.{_letters(count)}"
            if ref not in taken:
                self.letters[id(objective)] = count
                return ref

    def make_action(
        self,
        row: int,
        ref: str,
        description: str,
        *,
        objective_row: bool,
        part: tuple[int, list[str]] | None = None,
    ) -> ParsedAction:
        due_column = next((c for c in self.by_field[m.DUE] if self.cell(row, c.column) is not None), None)
        due = parse_due(self.cell(row, due_column.column)) if due_column else parse_due(None)
        if due.warning:
            self.warn(row, due_column.column, due.warning, "unparseable_date")  # type: ignore[union-attr]  # only a cell's text warns
        action = ParsedAction(
            ref=ref,
            description=description,
            row=row,
            lead=list(self.names(row).lead),
            supporting=list(self.names(row).supporting),
            notes=self.names(row).notes,
            task_group=self.text(row, m.TASK_GROUP),
            due_date=due.due_date,
            timeframe=due.timeframe,
            due_text=cell_text(self.cell(row, due_column.column)) if due_column else "",
            success_measures="" if objective_row else self.text(row, m.SUCCESS_MEASURES),
            statements=self._statements(row, part),
        )
        self._start(action, row)
        for attr, column in (
            ("timeframe", due_column),
            ("task_group", (self.by_field[m.TASK_GROUP] or [None])[0]),  # type: ignore[list-item]  # None: no such column
        ):
            if len(getattr(action, attr)) > MAX_LENGTHS[attr]:
                self.warn(
                    row,
                    column.column if column else None,
                    f"This {attr.replace('_', ' ')} is longer than {MAX_LENGTHS[attr]} characters and will "
                    "be shortened.",
                    "too_long",
                )
        return action

    def _start(self, action: ParsedAction, row: int) -> None:
        """The start date, when the cell gives a whole date that is not after the due date; any
        other text there ("Autumn 2022", "Ongoing") is kept in the action's notes."""
        column = next((c for c in self.by_field[m.START] if self.cell(row, c.column) is not None), None)
        if column is None:
            return
        value = self.cell(row, column.column)
        action.start_text = cell_text(value)
        start = parse_start(value)
        if start is not None and action.due_date is not None and start > action.due_date:
            self.warn(
                row,
                column.column,
                f"The start date {start:%d/%m/%Y} is after the due date {action.due_date:%d/%m/%Y}, so it "
                "was kept as a note on the action.",
                "start_after_due",
            )
            start = None
        if start is None:
            action.notes = "\n".join(filter(None, [action.notes, f"Start: {cell_text(value).strip()}"]))
        action.start_date = start

    def _statements(self, row: int, part: tuple[int, list[str]] | None = None) -> list[ParsedStatement]:
        """The row's position statements, one per period, for one action split from the row.

        `part` is (index, pieces) when the action cell split into several actions: a statement whose
        lines line up with the pieces (one rated or numbered line each) gives each action its own line
        and rating; otherwise every action has the whole statement, rated the worst of its lines.
        """
        statements = []
        for pending in self._row_statements(row):
            narrative, rag = pending.narrative, pending.rag
            items = lines_for_pieces(pending.narrative, part[1]) if part else None
            if items is not None:
                narrative = items[part[0]]  # type: ignore[index]  # items only with a part
                rag = rag_from_narrative(narrative)
            if rag == Rag.NOT_RATED:
                rag = pending.fill_rag
            overrides = lines_for_pieces(pending.rag_text, part[1]) if part and pending.rag_text else None
            if overrides is not None:
                line_rag = rag_from_cell(overrides[part[0]])  # type: ignore[index]  # overrides only with a part
                rag = line_rag if line_rag and line_rag != Rag.NOT_RATED else rag
            elif pending.column_rag is not None:
                if items is not None:
                    rag = pending.column_rag if rag == Rag.NOT_RATED else rag  # each line's own rating wins
                elif pending.column_rag != Rag.NOT_RATED or pending.dated:
                    rag = pending.column_rag  # a dated column's "Not rated" is meant
            if narrative or rag != Rag.NOT_RATED:
                statements.append(ParsedStatement(pending.period, rag, narrative, row, pending.column))
        return statements

    def _row_statements(self, row: int) -> list["_RowStatement"]:
        """The row's statement cells and RAG cells, paired by period (read once a row)."""
        if self.statement_cache and self.statement_cache[0] == row:
            return self.statement_cache[1]
        pending: list[_RowStatement] = []
        columns = sorted(
            self.by_field[m.STATEMENT], key=lambda c: (c.period is None, c.period.as_at if c.period else None)
        )
        for c in columns:
            narrative = cell_text(self.cell(row, c.column)).strip()
            if narrative:
                pending.append(
                    _RowStatement(
                        period=c.period.name if c.period else None,
                        column=c.letter,
                        narrative=narrative,
                        rag=rag_from_narrative(narrative),
                        fill_rag=self.fill_rag(row, c.column),
                    )
                )
        for c in sorted(self.by_field[m.RAG], key=lambda c: c.period is not None):
            self._apply_rag_column(row, c, pending)
        as_at = {p.name: p.as_at for p in self.plan.periods}
        pending.sort(key=lambda p: (p.period not in as_at, as_at.get(p.period or "")))  # oldest first
        self.statement_cache = (row, pending)
        return pending

    def _apply_rag_column(self, row: int, c: MappedColumn, pending: list["_RowStatement"]) -> None:
        """A RAG cell rates its period's statement (a plain RAG column: the latest); words after the
        rating are narrative, kept in the statement; a cell filled in a RAG colour rates by its fill."""
        reading = self._rag_cell(row, c)
        if reading is None:
            return
        rating, narrative = reading
        period: str | None
        if c.period is not None:
            target = next((p for p in pending if p.period == c.period.name), None)
            period = c.period.name
        else:
            target = pending[-1] if pending else None
            period = self.plan.periods[-1].name if len(self.plan.periods) == 1 else None
        if target is None:
            if rating in (None, Rag.NOT_RATED) and not narrative:
                return
            target = _RowStatement(period=period, column=c.letter, narrative="", rag=Rag.NOT_RATED)
            pending.append(target)
        if narrative:
            target.narrative = "\n".join(filter(None, [target.narrative, narrative]))
            target.rag_text = ""
        else:
            target.rag_text = cell_text(self.cell(row, c.column)).strip()
        target.column_rag = rating
        target.dated = c.period is not None

    def _rag_cell(self, row: int, c: MappedColumn) -> tuple[str | None, str] | None:
        """(rating, narrative) of a RAG cell: the rating None when the cell gives none, the narrative
        the words after the rating. None for an empty, unfilled cell, or one refused as a problem."""
        fill = self.fill_rag(row, c.column)
        text = cell_text(self.cell(row, c.column)).strip()
        if not text:
            return (fill, "") if fill != Rag.NOT_RATED else None
        if is_not_rated_word(text):
            return Rag.NOT_RATED, ""
        rating = rag_from_cell(text)
        if rating is not None and rating != Rag.NOT_RATED:
            if fill not in (Rag.NOT_RATED, rating):
                self.warn(
                    row,
                    c.column,
                    f"This cell says {Rag(rating).label} but is filled {Rag(fill).label.lower()}: the "
                    "words were followed.",
                    "rag_fill_disagrees",
                )
            return rating, "" if is_rating_only(text) else text
        if fill != Rag.NOT_RATED:
            return fill, text
        if len(text.split()) <= 3:
            # A word or two is meant as a rating ("Purple", "Amberish"): say so rather than guess.
            if self.rag_reported_row != row:
                self.rag_reported_row = row
                self.problem(
                    row,
                    c.column,
                    f"“{text}” is not a RAG rating. Use Red, Amber, Green or Blue (or Complete, On track, "
                    "At risk, Off track, Not started), fill the cell in its colour, or leave it blank for "
                    "not rated.",
                    "unknown_rag",
                )
            return None
        self.warn(
            row,
            c.column,
            "No RAG rating could be read from this cell (its words name none and it is not filled in a "
            "RAG colour), so its text was kept as the position statement, not rated.",
            "no_rag_in_text",
        )
        return None, text

    def fill_rag(self, row: int, column: int) -> str:
        """The rating a cell's fill colour shows (a merged cell's fill is its first cell's)."""
        rng = self.merge_of.get((row, column))
        rgb = self.sheet.fills.get((rng[0], rng[1])) if rng else None
        return rag_from_colour(rgb or self.sheet.fills.get((row, column)))

    # Finishing ------------------------------------------------------------------------------------

    def finish_items(self) -> None:
        """Settle this sheet's objectives: the one action of an objective with no other, and the cells
        an objective row keeps as notes."""
        for objective in self.made_objectives:
            single = self.pending_single.get(id(objective))
            if single is not None and not objective.actions:
                objective.actions.append(single)
            elif single is not None and single.statements:
                # Actions followed on later rows: the objective row's own progress is a note.
                lines = [
                    f"Position statement {s.period or ''}: {s.narrative}".replace(" :", ":")
                    for s in single.statements
                ]
                objective.notes = "\n".join(filter(None, [objective.notes, *lines]))
            self._keep_objective_only_cells(objective)
        self._warn_kept_as_notes()
        self._warn_second_details()

    def finish_plan(self) -> None:
        """Checks and names over the whole plan, once every sheet has been read."""
        if not self.plan.priorities and not self.plan.problems:
            self.problem(
                self.mapping.header_row,
                None,
                "There are no rows of the plan under the header row.",
                "no_data",
            )
        self._check_duplicates()
        self._rename()
        self._collect_names()
        order = {name: index for index, name in enumerate(self.plan.sheets)}
        for items in (self.plan.problems, self.plan.warnings):
            items.sort(key=lambda p: (order.get(p.sheet, -1), *_position(p)))

    def dropped(self) -> list[DroppedText]:
        """This sheet's cells with words the finished plan keeps nowhere."""
        width = max(self.table_columns[-1], self.sheet.max_column)
        rows = [r for r in self.rows if r not in self.repeated_headers and r not in self.skipped]
        return dropped_text(self.plan, self.sheet, rows, range(1, width + 1), self.cell)

    @staticmethod
    def _keep_objective_only_cells(objective: ParsedObjective) -> None:
        """The due cell of an objective row no action was read from: kept as a note."""
        if any(a.row == objective.row for a in objective.actions):
            return
        if objective.due_text:
            objective.notes = "\n".join(filter(None, [objective.notes, f"By when: {objective.due_text}"]))

    def _check_duplicates(self) -> None:
        ref_column = self.by_field[m.REF][0].letter if self.by_field[m.REF] else None
        by_ref: dict[str, list[ParsedPriority]] = {}
        for p in self.plan.priorities:
            if p.ref:
                by_ref.setdefault(p.ref.lower(), []).append(p)
        for same in by_ref.values():
            if len(same) < 2:
                continue
            empty = [p for p in same if not p.objectives]
            if len(same) - len(empty) <= 1 and empty:
                keeper = next((p for p in same if p.objectives), same[0])
                for p in same:
                    if p is keeper:
                        continue
                    self.warn(
                        p.row,
                        None,
                        f"The heading “{p.ref} {p.title}” repeats the number {p.ref} of row {keeper.row} "
                        "and has no rows of its own, so it is imported without a number.",
                        "duplicate_heading_ref",
                    )
                    p.printed_ref, p.ref = p.ref, ""
            else:
                rows = " and ".join(str(p.row) for p in same)
                self.problem(
                    same[-1].row,
                    None,
                    f"Priority {same[0].ref} appears twice (rows {rows}).",
                    "duplicate_ref",
                )
        for level, items in (("objective", self.plan.objectives()), ("action", self.plan.actions())):
            seen: dict[str, ParsedObjective | ParsedAction] = {}
            for item in items:
                if not item.ref:
                    continue
                key = item.ref.lower()
                if key in seen and seen[key].row != item.row:
                    self.problem(
                        item.row,
                        ref_column,
                        f"Ref {item.ref} is used by two {level}s (rows {seen[key].row} and {item.row}): "
                        "each needs its own ref.",
                        "duplicate_ref",
                    )
                else:
                    seen.setdefault(key, item)

    def _rename(self) -> None:
        """The user's renames and merges: every mention takes the name chosen, once per list."""
        if not (self.corrections.people or self.corrections.partners):
            return

        def renamed(names: list[ParsedName]) -> list[ParsedName]:
            out: dict[tuple[str, str], ParsedName] = {}
            for n in names:
                name = self.corrections.rename(n.kind, n.name)
                # A partner renamed is renamed as a person's organisation too.
                organisation = self.corrections.rename("partner", n.organisation) if n.organisation else ""
                if (name, organisation) != (n.name, n.organisation):
                    n = replace(n, name=name, organisation=organisation)
                out.setdefault((n.kind, name.lower()), n)
            return list(out.values())

        for objective in self.plan.objectives():
            objective.lead, objective.supporting = renamed(objective.lead), renamed(objective.supporting)
            for action in objective.actions:
                action.lead, action.supporting = renamed(action.lead), renamed(action.supporting)

    def _collect_names(self) -> None:
        people: dict[str, str] = {}
        partners: dict[str, str] = {}
        for objective in self.plan.objectives():
            for name in (
                objective.lead
                + objective.supporting
                + [n for a in objective.actions for n in a.lead + a.supporting]
            ):
                target = people if name.is_person else partners
                target.setdefault(name.name.lower(), name.name)
                if name.organisation:  # the partner a person works for is made too
                    partners.setdefault(name.organisation.lower(), name.organisation)
        self.plan.people = list(people.values())
        self.plan.partners = list(partners.values())

    def _warn_second_details(self) -> None:
        """A person given a second, different job title or organisation in this sheet: the first is kept
        (ParsedPlan.person_details), as it is when sheets differ."""
        first: dict[tuple[str, str], tuple[str, int]] = {}  # (name, field) -> (value, row)
        items: list[ParsedObjective | ParsedAction] = [
            *self.made_objectives,
            *(a for o in self.made_objectives for a in o.actions),
        ]
        for item in sorted(items, key=lambda i: i.row):
            for n in item.lead + item.supporting:
                for label, value in (("job title", n.job_title), ("organisation", n.organisation)):
                    if not (n.is_person and value):
                        continue
                    kept, row = first.setdefault((n.name.lower(), label), (value, item.row))
                    if kept.lower() != value.lower():
                        self.warn(
                            item.row,
                            self.name_cells.get((item.row, n.text)),
                            f"{n.name} is given the {label} “{value}” here and “{kept}” in row {row}: "
                            f"a person has one {label} in sendplan, so “{kept}” is kept.",
                            "second_person_detail",
                        )

    def _warn_kept_as_notes(self) -> None:
        """A warning for each lead or supporting entry that names nobody, saying which items keep it."""
        items: dict[int, list[str]] = {}
        for objective in self.made_objectives:  # this sheet's
            items.setdefault(objective.row, []).append("objective")
            for action in objective.actions:
                items.setdefault(action.row, []).append("action")
        for row, column, entry in self.kept_as_notes:
            kinds = items.get(row)
            if not kinds:
                continue  # the row gave no item: its cells are warned about as a whole
            actions = kinds.count("action")
            on = "" if not actions else "action" if actions == 1 else f"{actions} actions"
            if "objective" in kinds:
                on = f"objective and its {on}" if on else "objective"
            reason = f"{entry.quoted} {entry.reason}, so it was kept as a note on the {on}."
            code = "not_a_name" if entry.why == STAND_IN else f"{entry.why}_not_a_name"
            self.warn(row, column, reason, code)


@dataclass(frozen=True)
class _RowNames:
    lead: list[ParsedName]
    supporting: list[ParsedName]
    notes: str  # "Lead: tbc\nSupporting: Parent": the entries that name nobody


def _lines(*texts: str) -> str:
    return "\n".join(t for t in texts if t)


def _letters(n: int) -> str:
    """1 → a, 26 → z, 27 → aa: action letters as plans write them."""
    out = ""
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def _position(problem: ImportProblem) -> tuple:
    return (problem.row or 0, len(problem.column), problem.column, problem.code)
