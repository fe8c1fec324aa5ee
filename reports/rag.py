"""RAG counts as plain data: what every dashboard figure, chart, PDF and workbook is built from."""

from dataclasses import dataclass, fields

from actions.cycle.models import NO_UPDATE, NO_UPDATE_LABEL, Rag

# The order ratings are shown in everywhere: table columns, bar segments, legends.
RAG_KEYS = ("red", "amber", "green", "blue", "not_rated", NO_UPDATE)
RAG_LABELS = {**{r.value: r.label for r in Rag}, NO_UPDATE: NO_UPDATE_LABEL}


@dataclass(frozen=True)
class RagCounts:
    """How many actions carry each rating (an action with no statement is "no update")."""

    red: int = 0
    amber: int = 0
    green: int = 0
    blue: int = 0
    not_rated: int = 0
    no_update: int = 0

    @property
    def total(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self))

    def items(self) -> list[tuple[str, str, int]]:
        """(key, word, count) in display order, including zeros."""
        return [(key, RAG_LABELS[key], getattr(self, key)) for key in RAG_KEYS]

    def __add__(self, other: "RagCounts") -> "RagCounts":
        return RagCounts(**{key: getattr(self, key) + getattr(other, key) for key in RAG_KEYS})
