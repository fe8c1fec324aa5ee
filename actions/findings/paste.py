"""Findings pasted as a list, split into (reference, kind, text): pure functions, no database.

The rules, for text copied from an inspection report or a council's paper:

- A finding starts on a line labelled with its reference or kind: “API 1: Leaders must…”,
  “AFI 3 - …”, “AFI 2 – …”, “WSOA 4. …”, “Area for priority action 1 …”, “Area for improvement: …”;
  or numbered: “1. …”, “1) …”, “(1) …”; or, when nothing in the text is labelled or numbered, a
  bullet: “• …”, “- …”, “* …”.
- A heading on its own line (“Areas for priority action”, “Areas for improvement:”) gives the kind
  of the unlabelled findings after it. Without one, the kind chosen with the paste (`default_kind`)
  applies; a finding whose kind cannot be told is a problem.
- A line that starts nothing continues the finding above it (a wrapped line, a second paragraph,
  a lettered sub-point, or a bullet under a numbered finding). In a text where no line is labelled,
  numbered or bulleted, each paragraph (lines between blank lines) is a finding, or each line when
  there is no blank line at all.
- A labelled finding keeps its reference (“api1” is written “API 1”); any other is numbered as in
  the text (“1.” under “Areas for improvement” is “AFI 1”), or after the highest number its kind
  already has. References are unique whatever the case, within the paste and against `taken`.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import KIND_PREFIX, KINDS_BY_FRAMEWORK, FindingKind, Framework, kind_refusal

PREFIX_KIND = {prefix: kind for kind, prefix in KIND_PREFIX.items()}

# The long names of each kind, singular or plural, as reports and headings write them.
_LONG_NAMES = [
    (r"areas?\s+for\s+priority\s+action", FindingKind.PRIORITY_ACTION),
    (r"areas?\s+for\s+improvement", FindingKind.IMPROVEMENT),
    (r"written\s+statement\s+of\s+action(?:\s+items?)?", FindingKind.WRITTEN_STATEMENT),
    (r"accelerated\s+progress\s+plan(?:\s+items?)?", FindingKind.ACCELERATED_PROGRESS),
]
_SEPARATOR = r"\s*(?:[:.)]|[-–—])\s*"
_NUMBER = r"(?P<number>\d{1,3}[a-z]?)"
_BULLET = r"[•*·▪‣◦\-–—]"

# “API 1: …”, “- AFI 3 – …”, “WSOA4 …”: an abbreviation always with its number.
_ABBREVIATED = re.compile(
    rf"^(?:{_BULLET}\s*)?(?P<prefix>API|AFI|WSOA|APP)\s*{_NUMBER}(?:{_SEPARATOR}|\s+|$)(?P<text>.*)$",
    re.IGNORECASE,
)
# “Area for priority action 1 …”, “Area for improvement: …” (numbered automatically).
_LONG = [
    (
        re.compile(
            rf"^(?:{_BULLET}\s*)?(?:{name})(?:\s*{_NUMBER})?(?:{_SEPARATOR}|\s+)(?P<text>\S.*)$",
            re.IGNORECASE,
        ),
        kind,
    )
    for name, kind in _LONG_NAMES
]
# A heading alone on its line: “Areas for priority action”, “Areas for improvement:”.
_HEADINGS = [
    (re.compile(rf"^(?:the\s+)?(?:{name})\s*:?$", re.IGNORECASE), kind) for name, kind in _LONG_NAMES
]
_NUMBERED = re.compile(
    rf"^(?:\(\s*{_NUMBER}\s*\)|{_NUMBER.replace('number', 'number2')}[.)])\s+(?P<text>\S.*)$"
)
_BULLETED = re.compile(rf"^{_BULLET}\s+(?P<text>\S.*)$")
_REFERENCE = re.compile(r"^(?P<prefix>API|AFI|WSOA|APP)\s*(?P<number>\d+\w*)$", re.IGNORECASE)


@dataclass(frozen=True)
class PastedFinding:
    """One finding as split from the paste. `kind` is "" when it could not be told."""

    line: int  # where it starts in the pasted text, from 1
    reference: str
    kind: str
    text: str

    @property
    def kind_label(self) -> str:
        return FindingKind(self.kind).label if self.kind else "Kind not known"


@dataclass(frozen=True)
class Preview:
    """What saving the paste would record, and every problem (naming its line) that stops it."""

    findings: list[PastedFinding]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.findings) and not self.problems


def normalise_reference(raw: str) -> str:
    """A reference as the report writes it: “api1” → “API 1”, “ AFI  3 ” → “AFI 3”; any other
    reference with its spaces tidied."""
    text = " ".join((raw or "").split())
    found = _REFERENCE.match(text)
    if found:
        return f"{found['prefix'].upper()} {found['number']}"
    return text


def kind_of_reference(reference: str) -> str:
    """The kind a reference names (“API 1”: area for priority action), or "" when it names none."""
    found = _REFERENCE.match(normalise_reference(reference))
    return PREFIX_KIND.get(found["prefix"].upper(), "") if found else ""


def _number_of(reference: str) -> int:
    found = re.search(r"(\d+)", reference)
    return int(found.group(1)) if found else 0


@dataclass
class _Item:
    line: int
    kind: str
    number: str  # as in the text ("" when it had none)
    reference: str  # as labelled ("" when to be numbered)
    lines: list[str]


def _start(line: str, *, marked: bool, heading_kind: str) -> _Item | None:
    """The finding a line starts, or None when it starts none."""
    found = _ABBREVIATED.match(line)
    if found:
        kind = PREFIX_KIND[found["prefix"].upper()]
        reference = f"{found['prefix'].upper()} {found['number']}"
        return _Item(0, kind, found["number"], reference, [found["text"]])
    for pattern, kind in _LONG:
        found = pattern.match(line)
        if found:
            return _Item(0, kind, found["number"] or "", "", [found["text"]])
    found = _NUMBERED.match(line)
    if found:
        return _Item(0, heading_kind, found["number"] or found["number2"], "", [found["text"]])
    if not marked:
        found = _BULLETED.match(line)
        if found:
            return _Item(0, heading_kind, "", "", [found["text"]])
    return None


def _heading(line: str) -> str:
    for pattern, kind in _HEADINGS:
        if pattern.match(line):
            return kind
    return ""


def _snippet(text: str) -> str:
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def split_findings(
    text: str,
    *,
    framework: str = Framework.AREA_SEND_2023,
    default_kind: str = "",
    taken: Iterable[str] = (),
) -> Preview:
    """The findings in pasted `text` (the module's rules), with every problem naming its line: a kind
    that cannot be told or that the framework does not set out, a finding without text, a reference
    given twice or already in `taken` (the inspection's references), a line that starts nothing."""
    lines = [" ".join(raw.split()) for raw in (text or "").splitlines()]
    # Labelled or numbered findings make bullets sub-points; with neither, bullets are findings.
    numbered = any(_ABBREVIATED.match(ln) or _NUMBERED.match(ln) for ln in lines) or any(
        pattern.match(ln) for ln in lines for pattern, _kind in _LONG
    )
    bulleted = any(_BULLETED.match(ln) for ln in lines)
    marked = numbered or bulleted
    paragraphs = not marked and _blank_between_findings(lines)
    items: list[_Item] = []
    problems: list[str] = []
    heading_kind = default_kind
    current: _Item | None = None
    for number, line in enumerate(lines, start=1):
        if not line:
            if not marked:
                current = None if paragraphs else current
            continue
        kind = _heading(line)
        if kind:
            heading_kind, current = kind, None
            continue
        item = _start(line, marked=numbered, heading_kind=heading_kind)
        if item is None and not marked and (current is None or not paragraphs):
            item = _Item(0, heading_kind, "", "", [line])
        if item is not None:
            item.line = number
            items.append(item)
            current = item
        elif current is not None:
            current.lines.append(line)
        else:
            problems.append(
                f"Line {number}: “{_snippet(line)}” does not start a finding: label it (“AFI 1: …”), "
                "number it (“1. …”) or remove it"
            )
    return _numbered(items, problems, framework=framework, taken=taken)


def _blank_between_findings(lines: list[str]) -> bool:
    """Does a blank line part two lines of findings (not a heading from what follows it)?"""
    seen = blank = False
    for line in lines:
        if not line:
            blank = seen
        elif _heading(line):
            seen = blank = False
        elif seen and blank:
            return True
        else:
            seen = True
    return False


def _numbered(items: list[_Item], problems: list[str], *, framework: str, taken: Iterable[str]) -> Preview:
    """The items with their references, and the problems of each."""
    seen: dict[str, int] = {}  # lower-case reference → its line (0: already in the inspection)
    for reference in taken:
        seen[normalise_reference(reference).lower()] = 0
    highest: dict[str, int] = {}
    for reference in [*seen, *(i.reference for i in items if i.reference)]:
        kind = kind_of_reference(reference)
        if kind:
            highest[kind] = max(highest.get(kind, 0), _number_of(reference))
    allowed = KINDS_BY_FRAMEWORK.get(framework, ())
    found: list[PastedFinding] = []
    for item in items:
        reference = item.reference
        if not reference and item.kind:
            number = item.number or str(highest.get(item.kind, 0) + 1)
            reference = f"{KIND_PREFIX[item.kind]} {number}"
            highest[item.kind] = max(highest.get(item.kind, 0), _number_of(number))
        elif not reference:
            reference = item.number
        text = _joined(item.lines)
        where = f"Line {item.line}"
        named = f"{where} ({reference})" if reference else where
        if not item.kind:
            problems.append(
                f"{where}: say what kind of finding “{_snippet(text)}” is: start it “API 1” or “AFI 1”, "
                "put it under a heading such as “Areas for improvement”, or choose the kind"
            )
        elif item.kind not in allowed:
            problems.append(f"{named}: {kind_refusal(framework)}")
        if not text:
            problems.append(f"{named}: the finding has no text")
        key = reference.lower()
        if reference and key in seen:
            first = seen[key]
            problems.append(
                f"{named}: the inspection already has a finding {reference}"
                if first == 0
                else f"{named}: {reference} is given twice (first on line {first})"
            )
        elif reference:
            seen[key] = item.line
        found.append(PastedFinding(line=item.line, reference=reference, kind=str(item.kind), text=text))
    if not found and not problems:
        problems.append("Paste at least one finding, one a line or one a numbered paragraph")
    return Preview(found, problems)


def _joined(lines: list[str]) -> str:
    """A finding's lines as one text: wrapped lines joined by a space, sub-points on their own line."""
    text = ""
    for line in lines:
        if not line:
            continue
        if text and (_BULLETED.match(line) or re.match(r"^\(?[a-z]\)\s|^\(?[ivx]+\)\s", line)):
            text += "\n" + line
        else:
            text = f"{text} {line}" if text else line
    return text.strip()
