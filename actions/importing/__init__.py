"""Importing a council's own plan spreadsheet: the reading-and-mapping layer, with no database writes.

    plan = parse_workbook(upload, filename=upload.name)
    plan.mapping            # column → field, shown in the preview; plan.mapping.with_override("C", "action")
    plan.counts             # priorities, objectives, actions, statements...
    plan.problems           # block the import (each with sheet, row, column, reason)
    plan.warnings           # shown and kept

Modules, in the order a file travels through them:
- reader.py: bytes → sheets of values, behind the guard rails (size, encryption, zip bomb, formulas);
- mapping.py: the header row → a `ColumnMapping` the user can override;
- values.py and names.py: what a cell's words mean (due dates, RAG ratings, refs; people and partners);
- parse.py: rows → the `ParsedPlan` tree.
Saving a ParsedPlan (atomically, with history) is the job of actions/services.py, not of this package.
"""

from .mapping import FIELDS, ColumnMapping, MappedColumn
from .names import PARTNER, PERSON, ParsedName, split_names
from .parse import (
    ParsedAction,
    ParsedObjective,
    ParsedPeriod,
    ParsedPlan,
    ParsedPriority,
    ParsedStatement,
    build_plan,
    find_table,
    parse_workbook,
    split_actions,
)
from .reader import ImportProblem, read_book
from .values import parse_due, rag_from_cell, rag_from_narrative

__all__ = [
    "FIELDS",
    "PARTNER",
    "PERSON",
    "ColumnMapping",
    "ImportProblem",
    "MappedColumn",
    "ParsedAction",
    "ParsedName",
    "ParsedObjective",
    "ParsedPeriod",
    "ParsedPlan",
    "ParsedPriority",
    "ParsedStatement",
    "build_plan",
    "find_table",
    "parse_due",
    "parse_workbook",
    "rag_from_cell",
    "rag_from_narrative",
    "read_book",
    "split_actions",
    "split_names",
]
