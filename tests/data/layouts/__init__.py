"""The layouts councils lay their plans out in, one module each, with a hand-made transcription.

Each module builds a small workbook in one council's shape (openpyxl, fictional names) and says what
a faithful import of it holds: `LAYOUT = Layout(...)`. tests/actions/importing/test_layouts.py
imports every one and checks counts, ratings, leads and supporters, names and that no text is lost;
`python -m tests.data.layouts DIR` writes them all out as .xlsx, to try in the browser or with
`manage.py import_plan`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from openpyxl import Workbook


@dataclass(frozen=True)
class Expected:
    """What the plan holds, counted by hand from the workbook (the transcription)."""

    priorities: int
    objectives: int
    actions: int
    statements: int
    people: int
    partners: int
    ratings: dict[str, int] = field(default_factory=dict)  # Rag value -> statements with it
    priority_titles: list[str] | None = None
    periods: dict[str, int] | None = None  # period name -> statements in it
    # Items are named by ref, or by title / description where the plan has no refs.
    # item -> names, lead people and partners together (sorted), for the items the layout is about.
    leads: dict[str, list[str]] = field(default_factory=dict)
    supporting: dict[str, list[str]] = field(default_factory=dict)
    job_titles: dict[str, str] = field(default_factory=dict)  # person -> job title kept
    organisations: dict[str, str] = field(default_factory=dict)  # person -> the partner they work for
    # ref -> the item's notes, for the items whose lead or supporting cell names nobody ("Lead: tbc").
    notes: dict[str, str] = field(default_factory=dict)
    statement_ratings: dict[str, list[str]] = field(default_factory=dict)  # action -> ratings, by period
    actions_of: dict[str, int] = field(default_factory=dict)  # objective -> how many actions it has
    priority_notes: list[str] | None = None  # the notes of the priorities that have any, in order
    # item -> the references of the findings its row's Finding column names (mapping.FINDING).
    findings: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    slug: str  # also the file name: <slug>.xlsx
    about: str  # the shape in a sentence
    build: Callable[[], Workbook]
    expected: Expected
    # parse_workbook() keyword arguments a user would give (a period for an undated column...).
    parse_options: dict = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.slug}.xlsx"


def all_layouts() -> list[Layout]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.append(module.LAYOUT)
    return found
