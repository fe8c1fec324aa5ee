"""How faithfully a sheet became a plan: what each row was read as, and any text that was dropped.

An import must keep every word the council wrote. After the rows are read, each non-empty cell of
the table is checked against the text the plan keeps (titles, descriptions, statements, notes, names
as printed, timeframes, refs, period names...): a cell any of whose words is found nowhere is
"dropped" and listed in the preview and the report, by sheet, row and column. Words are compared
lower case and without punctuation, so a cell split into several items, or a RAG word read off the
front of a statement, still counts as kept; so does a RAG cell that is only a rating ("Complete",
"On track", "G"), kept as the rating it names.
"""

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from openpyxl.utils import get_column_letter

from .reader import Sheet, cell_text
from .values import RAG_PHRASES, RAG_WORDS, RATING_LABELS

# What a row of the table was read as (ParsedPlan.row_kinds), in the words the report uses.
ROW_KINDS = {
    "heading": "priority headings",
    "header": "repeated header rows",
    "objective": "objectives",
    "action": "actions",
    "note": "notes on a priority",
    "skipped": "skipped (chosen by you)",
    "ignored": "not imported",
}
_WORD = re.compile(r"[^\W_]+")
# Words that label a level rather than say anything ("Theme 3 | DATA" is priority 3, "DATA").
LEVEL_WORDS = {
    "theme",
    "workstream",
    "work",
    "stream",
    "priority",
    "section",
    "strand",
    "area",
    "recommendation",
}
LEVEL_WORDS |= {"of", "for", "weakness", "improvement", "development"}  # "Area of weakness 1: ..."
# The words that can write each rating in a RAG cell ("Complete", "On track", "G", "RAG: Red"): a cell
# that is only a rating is kept as the rating, so its words count as kept.
_RATING_WORDS = {
    rag: {w for word, r in [*RAG_WORDS.items(), *RAG_PHRASES.items()] if r == rag for w in word.split()}
    | RATING_LABELS
    for rag in {*RAG_WORDS.values(), *RAG_PHRASES.values()}
}


@dataclass(frozen=True)
class DroppedText:
    sheet: str
    row: int
    column: str
    text: str
    missing: str  # the words of the cell found nowhere in the plan

    @property
    def location(self) -> str:
        return f"{self.sheet}, row {self.row}, column {self.column}"


def words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def kept_words(plan) -> set[str]:
    """Every word the parsed plan keeps, wherever it keeps it."""
    kept: set[str] = set(LEVEL_WORDS)

    def add(*texts) -> None:
        for text in texts:
            if text:
                kept.update(words(str(text)))

    add(plan.title, *(p.name for p in plan.periods))
    add(*(c.text for c in getattr(plan, "finding_cells", ())))  # a Finding column: links to findings
    for priority in plan.priorities:
        add(priority.ref, priority.printed_ref, priority.title, priority.description, priority.notes)
        for objective in priority.objectives:
            add(objective.ref, objective.title, objective.success_measures, objective.monitoring)
            add(objective.resources, objective.notes)
            add(*(n.text for n in objective.lead + objective.supporting))
            for action in objective.actions:
                add(action.ref, action.description, action.task_group, action.timeframe, action.due_text)
                add(action.start_text)
                add(action.success_measures, action.notes)
                add(*(n.text for n in action.lead + action.supporting))
                for statement in action.statements:
                    if statement.period is None:
                        continue  # no reporting period: not imported, so its text is dropped
                    add(statement.narrative, statement.rag.replace("_", " "), statement.period)
                    add(*_RATING_WORDS.get(statement.rag, ()))
    return kept


def dropped_text(plan, sheet: Sheet, rows: Iterable[int], columns: Iterable[int], cell) -> list[DroppedText]:
    """The cells of `rows` × `columns` (read through `cell(row, column)`, which sees merged values)
    with a word the plan does not keep. A merged cell is checked once, at its first row."""
    kept = kept_words(plan)
    columns = list(columns)
    out = []
    seen_merges: set[tuple] = set()
    merge_of: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for rng in sheet.merges:
        r1, c1, r2, c2 = rng
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                merge_of[(r, c)] = rng
    for row in rows:
        for column in columns:
            merged = merge_of.get((row, column))
            if merged is not None:
                if merged in seen_merges:
                    continue
                seen_merges.add(merged)
            text = cell_text(cell(row, column)).strip()
            if not text:
                continue
            missing = [w for w in _WORD.findall(text) if w.lower() not in kept]
            if missing:
                out.append(
                    DroppedText(
                        plan.sheet, row, get_column_letter(column), text, " ".join(dict.fromkeys(missing))
                    )
                )
    return out


def row_kind_counts(row_kinds: Mapping[Any, str]) -> dict[str, int]:
    """Rows of each kind, in ROW_KINDS order, leaving out kinds with none."""
    counts = Counter(row_kinds.values())
    return {kind: counts[kind] for kind in ROW_KINDS if counts[kind]}
