"""Cutting a cell into items: an action cell into actions, a statement into the lines that go with
them."""

import re

from actions.cycle.models import Rag

from .values import LIST_MARKER, rag_at_start

_BULLET = re.compile(r"^\s*[•\-\*·◦▪‣–]\s*")


def split_actions(text: str) -> list[str]:
    """One action per line; a bulleted list after a line stays with it (kirklees.json's reading).

    A cell that starts with a numbered item ("1.", "2)", "a)", "i.") has one action per numbered item:
    lines without a number continue the item above (the number stays in the description).
    """
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    if lines and LIST_MARKER.match(lines[0]):
        items: list[str] = []
        for line in lines:
            if LIST_MARKER.match(line) or not items:
                items.append(line)
            else:
                items[-1] += "\n" + line
        return items
    actions: list[str] = []
    paragraph = False
    for line in lines:
        if _BULLET.match(line):
            if actions and paragraph:
                actions[-1] += "\n" + line
            else:
                stripped = _BULLET.sub("", line).strip()
                if stripped:
                    actions.append(stripped)
                paragraph = False
        else:
            actions.append(line)
            paragraph = True
    return actions


def statement_lines(text: str) -> list[str]:
    """A statement cut into its items: at numbered lines when it starts with one, else at lines that
    start with a rating when its first line does; otherwise the whole text is one item."""
    lines = [line for line in (text or "").split("\n") if line.strip()]
    if not lines:
        return []
    numbered = bool(LIST_MARKER.match(lines[0]))
    if not numbered and rag_at_start(lines[0]) == Rag.NOT_RATED:
        return [text]
    items: list[str] = []
    for line in lines:
        starts = LIST_MARKER.match(line) if numbered else rag_at_start(line) != Rag.NOT_RATED
        if starts or not items:
            items.append(line)
        else:
            items[-1] += "\n" + line
    return items


def lines_for_pieces(text: str, pieces: list[str]) -> list[str] | None:
    """The statement's items, one per action piece, when they line up: as many items as pieces, and
    the same numbers where both are numbered. None when they do not."""
    items = statement_lines(text)
    if len(pieces) < 2 or len(items) != len(pieces):
        return None
    numbers = [_number(i) for i in items], [_number(p) for p in pieces]
    if all(numbers[0]) and all(numbers[1]) and numbers[0] != numbers[1]:
        return None
    return items


def _number(text: str) -> str:
    found = LIST_MARKER.match(text)
    return (found[1] or found[2]).lower() if found else ""
