"""What the user corrected in the preview, beyond the column mapping: rows, periods and names.

Detection reads most plans right, but not every one: a heading that looks like data, a period the
sheet never names, one person spelt two ways. The preview lets the user say so; these corrections
go to `parse_workbook(corrections=...)`, which follows them, and are stored with the upload as
JSON. Rows are remembered by their text as well as their number, so the same corrections apply to
next term's copy of the file, where rows have moved (`ImportLayout`).
"""

import datetime
import re
from dataclasses import dataclass, field

from .values import ReportingPeriodGuess

# How a row can be read, as the preview offers it.
ROW_CHOICES = {
    "heading": "A priority heading",
    "header": "A header row (not part of the plan)",
    "skip": "Skipped (not imported)",
    "item": "An objective or action",
}
MAX_NAME = 200


def row_key(texts: list[str]) -> str:
    """A row's text as a key that survives retyping: cells joined, case and spacing ignored."""
    return " | ".join(" ".join(t.lower().split()) for t in texts if t.strip())[:500]


@dataclass(frozen=True)
class Corrections:
    rows: dict[int, str] = field(default_factory=dict)  # sheet row -> ROW_CHOICES key
    row_texts: dict[str, str] = field(default_factory=dict)  # row_key(...) -> ROW_CHOICES key
    periods: dict[str, ReportingPeriodGuess] = field(
        default_factory=dict
    )  # statement column letter -> period
    people: dict[str, str] = field(default_factory=dict)  # name as read -> name to use (rename or merge)
    partners: dict[str, str] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return any((self.rows, self.row_texts, self.periods, self.people, self.partners))

    def as_json(self) -> dict:
        return {
            "rows": {str(row): choice for row, choice in sorted(self.rows.items())},
            "row_texts": dict(self.row_texts),
            "periods": {c: {"name": p.name, "as_at": p.as_at.isoformat()} for c, p in self.periods.items()},
            "people": dict(self.people),
            "partners": dict(self.partners),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> "Corrections":
        data = data or {}
        return cls(
            rows={
                int(row): choice for row, choice in (data.get("rows") or {}).items() if choice in ROW_CHOICES
            },
            row_texts={k: v for k, v in (data.get("row_texts") or {}).items() if v in ROW_CHOICES},
            periods={
                column: ReportingPeriodGuess(p["name"], datetime.date.fromisoformat(p["as_at"]))
                for column, p in (data.get("periods") or {}).items()
            },
            people=dict(data.get("people") or {}),
            partners=dict(data.get("partners") or {}),
        )

    def rename(self, kind: str, name: str) -> str:
        """The name to use for `name` (a person or a partner), following renames case-insensitively."""
        changes = self.people if kind == "person" else self.partners
        lowered = {k.lower(): v for k, v in changes.items()}
        seen = set()
        while name.lower() in lowered and name.lower() not in seen:  # "A → B" and "B → C" give C
            seen.add(name.lower())
            name = lowered[name.lower()]
        return name


def clean_name(text: str) -> str:
    """A name typed in the preview: spacing tidied, at most 200 characters."""
    return re.sub(r"\s+", " ", text or "").strip()[:MAX_NAME]
