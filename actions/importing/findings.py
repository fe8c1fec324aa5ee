"""Inspections and findings in a workbook: the "Inspections" and "Findings" sheets export.py writes,
and a council's own Finding column on the plan sheet ("AFI 3", "API 1; API 2", or the finding's words).

The sheets are told by their header rows (any of the first rows), never by their names, and are
never taken for a sheet of the plan (`split_book`):
- "Inspections": Inspection | Kind | Framework | Visit start | Visit end | Outcome | Report link |
  Published on. Inspection is the key the Findings sheet names it by (blank: "<Kind>, <visit start>",
  "Full inspection, 12 May 2025"). Kind: "Full inspection", "Monitoring inspection", "Engagement
  meeting" (or full, monitoring, engagement); Framework: "2023 area SEND framework" (or 2023) or "The
  earlier (2016) framework" (or 2016); under the 2023 framework the outcome is one of its three.
- "Findings": Inspection | Reference | Kind | Text | Directed to | Answered by. Kind blank: the
  reference says it ("API 1"). Directed to: partners' names separated by ";". Answered by: the
  objectives and actions answering it, in the notation of the Measures sheet's Evidences
  ("Objective 1.2; Action 1.2.a", or Action “Train every SENCo”); they replace the links held.
A plan sheet's column headed "Finding", "Area for improvement", "Area for priority action", "API/AFI",
"WSoA weakness" or "Ofsted finding" (mapping.FINDING) links each row's objective (an objective row) or
actions (an action row) to the findings its cell names, one a line or separated by ";": a reference,
a reference and its words ("AFI 3: Too many plans are late"), or the words alone. With Findings
sheets in the file, a reference must be one of theirs. Without, the findings named make up one
inspection "from the column": at the import each is matched to a finding the plan holds (by
reference, else by its words) and gains the row's items as links; only those matching none are
recorded, under a new inspection (a full one, the framework guessed from the references and the
header: API/AFI the 2023 framework, "area of weakness"/WSoA the earlier one) dated the day of import.
Every problem is located by sheet, row and column, and blocks the import.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from openpyxl.utils import get_column_letter

from actions.findings.models import (
    KIND_PREFIX,
    KINDS_BY_FRAMEWORK,
    FindingKind,
    Framework,
    Inspection,
    Outcome,
    kind_refusal,
)
from actions.findings.paste import kind_of_reference, normalise_reference

from .measures import _EVIDENCE, _Items, _unquoted, date_text
from .parsed import ParsedFinding, ParsedFindingCell, ParsedInspection, ParsedPlan
from .reader import Book, ImportProblem, Sheet, cell_text, split_off
from .values import parse_start

INSPECTIONS, FINDINGS = "inspections", "findings"
SHEETS = {INSPECTIONS: "Inspections", FINDINGS: "Findings"}
HEADERS = {
    INSPECTIONS: [
        "Inspection",
        "Kind",
        "Framework",
        "Visit start",
        "Visit end",
        "Outcome",
        "Report link",
        "Published on",
    ],
    FINDINGS: ["Inspection", "Reference", "Kind", "Text", "Directed to", "Answered by"],
}
SIGNATURES = {
    INSPECTIONS: (
        {"kind", "visit start"},
        {"framework", "visit end", "outcome", "report link", "published on"},
    ),
    FINDINGS: ({"reference", "text"}, {"inspection", "kind", "directed to", "answered by"}),
}
REQUIRED = {INSPECTIONS: ["Kind", "Visit start"], FINDINGS: ["Reference", "Text"]}
HEADER_SCAN_ROWS = 10
ENTRY_SEPARATORS = re.compile(r"[;\n]+")
_LABELLED = re.compile(
    r"^(?P<prefix>API|AFI|WSOA|APP)\s*(?P<number>\d{1,3}[a-z]?)\s*(?:(?:[:.)]|[-–—])\s*(?P<text>\S.*))?$",
    re.IGNORECASE | re.S,
)
# "Area for improvement 3: …", "Area of weakness 2 - …": a long label and its number, as "AFI 3: …".
_LONG_LABELS = [
    (
        re.compile(
            rf"^{name}\s*(?P<number>\d{{1,3}}[a-z]?)\b\s*(?:[:.)]|[-–—])?\s*(?P<text>.*)$", re.I | re.S
        ),
        prefix,
    )
    for name, prefix in (
        (r"areas?\s+for\s+priority\s+action", "API"),
        (r"areas?\s+for\s+improvement", "AFI"),
        (r"(?:wsoa\s+)?(?:areas?\s+of\s+)?weakness", "WSOA"),
    )
]
EARLIER_WORDS = ("wsoa", "weakness", "written statement", "accelerated progress")


def _choices(enum, aliases: dict[str, str]) -> dict[str, str]:
    words = {v.lower(): v for v in enum.values} | {str(label).lower(): v for v, label in enum.choices}
    return words | aliases


KINDS = _choices(Inspection.Kind, {"full inspection": "full", "monitoring visit": "monitoring"})
FRAMEWORKS = _choices(Framework, {"2023 area send": "2023", "earlier": "2016", "2016 framework": "2016"})
FINDING_KINDS = _choices(
    FindingKind,
    {
        **{prefix.lower(): kind for kind, prefix in KIND_PREFIX.items()},
        "area for priority action": FindingKind.PRIORITY_ACTION,
        "area for improvement": FindingKind.IMPROVEMENT,
        "written statement of action": FindingKind.WRITTEN_STATEMENT,
        "accelerated progress plan": FindingKind.ACCELERATED_PROGRESS,
    },
)
OUTCOMES = _choices(Outcome, {})


def inspection_key(kind: str, visit_start: datetime.date) -> str:
    """ "Full inspection, 12 May 2025": how the Findings sheet names an inspection."""
    return f"{Inspection.Kind(kind).label}, {date_text(visit_start)}"


def answered_by_cell(labels: Iterable[str]) -> str:
    return "; ".join(labels)


def _norm(text: object) -> str:
    return " ".join(cell_text(text).lower().split())


def words_key(text: str) -> str:
    """A finding's words compared as people mean them: case, spaces and quotes ignored."""
    return " ".join(_unquoted(text).lower().rstrip(".").split())


# Finding the sheets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class FindingSheet:
    kind: str  # INSPECTIONS or FINDINGS
    sheet: Sheet
    header_row: int
    columns: dict[str, int]


def finding_sheet(sheet: Sheet) -> FindingSheet | None:
    """The inspections or findings sheet this is, told by its header row; None for any other."""
    for row in range(1, min(HEADER_SCAN_ROWS, sheet.max_row) + 1):
        texts = {_norm(sheet.value(row, c)): c for c in range(sheet.max_column, 0, -1)}
        for kind, (every, some) in SIGNATURES.items():
            if every <= texts.keys() and len(some & texts.keys()) >= 2:
                columns = {h: texts[h.lower()] for h in HEADERS[kind] if h.lower() in texts}
                return FindingSheet(kind, sheet, row, columns)
    return None


def split_book(book: Book) -> tuple[Book, list[FindingSheet]]:
    """The workbook without its inspections and findings sheets, and those sheets."""
    return split_off(book, finding_sheet, "inspections or findings")


# Reading the sheets -------------------------------------------------------------------------------


class _Reader:
    def __init__(self, plan: ParsedPlan, sheets: list[FindingSheet]):
        self.plan = plan
        self.sheets = sheets
        self.items = _Items(plan)
        self.by_key: dict[str, ParsedInspection] = {}
        self.rejected: set[str] = set()  # keys of inspections whose rows have problems
        self.problems: list[ImportProblem] = []

    def problem(self, fs: FindingSheet, row: int, header: str | None, reason: str, code: str) -> None:
        column = get_column_letter(fs.columns[header]) if header in fs.columns else ""
        self.problems.append(ImportProblem(reason, sheet=fs.sheet.name, row=row, column=column, code=code))

    def raw(self, fs: FindingSheet, row: int, header: str) -> object:
        column = fs.columns.get(header)
        return None if column is None else fs.sheet.value(row, column)

    def text(self, fs: FindingSheet, row: int, header: str) -> str:
        return cell_text(self.raw(fs, row, header)).strip()

    def rows(self, fs: FindingSheet) -> Iterable[int]:
        for row in range(fs.header_row + 1, fs.sheet.max_row + 1):
            if any(self.text(fs, row, h) for h in fs.columns):
                yield row

    def choice(self, fs, row, header, words: dict[str, str], default: str, enum) -> str | None:
        text = self.text(fs, row, header)
        if not text:
            return default
        found = words.get(" ".join(text.lower().rstrip(".").split()))
        if found is None:
            allowed = ", ".join(f"“{label}”" for _value, label in enum.choices)
            self.problem(fs, row, header, f"“{text}” is not one of {allowed}.", "bad_choice")
        return found

    def date(self, fs, row, header, *, what: str, required: bool) -> tuple[datetime.date | None, bool]:
        raw = self.raw(fs, row, header)
        if raw in (None, ""):
            if required:
                self.problem(fs, row, header, f"Enter {what}.", "bad_date")
            return None, not required
        day = parse_start(raw)
        if day is None:
            self.problem(
                fs,
                row,
                header,
                f"“{cell_text(raw)}” is not a date: write it like 12 May 2025 or 12/05/2025.",
                "bad_date",
            )
            return None, False
        return day, True

    def run(self) -> None:
        for kind in (INSPECTIONS, FINDINGS):
            for fs in (s for s in self.sheets if s.kind == kind):
                missing = [h for h in REQUIRED[kind] if h not in fs.columns]
                if missing:
                    self.problems.append(
                        ImportProblem(
                            "The header row has no "
                            + ", ".join(f"“{h}”" for h in missing)
                            + " column: the sheet's columns are "
                            + ", ".join(f"“{h}”" for h in HEADERS[kind])
                            + ".",
                            sheet=fs.sheet.name,
                            row=fs.header_row,
                            code="missing_column",
                        )
                    )
                    continue
                for row in self.rows(fs):
                    (self.inspection if kind == INSPECTIONS else self.finding)(fs, row)

    def inspection(self, fs: FindingSheet, row: int) -> None:
        before = len(self.problems)
        self.read_inspection(fs, row)
        if len(self.problems) > before:
            # Its own problems block the import: its findings' rows need not say it is missing too.
            given = " ".join(self.text(fs, row, "Inspection").split())
            start = parse_start(self.raw(fs, row, "Visit start"))
            kind = KINDS.get(self.text(fs, row, "Kind").lower() or "full")
            if given:
                self.rejected.add(given.lower())
            elif start and kind:
                self.rejected.add(inspection_key(kind, start).lower())

    def read_inspection(self, fs: FindingSheet, row: int) -> None:
        kind = self.choice(fs, row, "Kind", KINDS, Inspection.Kind.FULL, Inspection.Kind)
        framework = self.choice(fs, row, "Framework", FRAMEWORKS, Framework.AREA_SEND_2023, Framework)
        start, start_ok = self.date(fs, row, "Visit start", what="the first day of the visit", required=True)
        end, end_ok = self.date(fs, row, "Visit end", what="the last day of the visit", required=False)
        published, published_ok = self.date(
            fs, row, "Published on", what="the report's publication date", required=False
        )
        outcome = " ".join(self.text(fs, row, "Outcome").split())
        if framework == Framework.AREA_SEND_2023 and outcome:
            found = OUTCOMES.get(outcome.lower().rstrip("."))
            if found is None:
                allowed = "; ".join(f"“{label}”" for label in Outcome.labels)
                self.problem(
                    fs,
                    row,
                    "Outcome",
                    f"“{outcome}” is not an outcome of the 2023 framework: write one of {allowed}.",
                    "bad_outcome",
                )
                return
            outcome = found
        url = self.text(fs, row, "Report link")
        if url:
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                self.problem(
                    fs,
                    row,
                    "Report link",
                    f"“{url}” is not a web address: write it like https://reports.example.org/…",
                    "bad_url",
                )
                return
        if None in (kind, framework, start) or not (start_ok and end_ok and published_ok):
            return
        assert kind is not None and framework is not None and start is not None
        inspection = Inspection(
            kind=kind,
            framework=framework,
            visit_start=start,
            visit_end=end or start,
            outcome=outcome,
            report_url=url,
            published_on=published,
        )
        try:
            inspection.clean()
        except ValidationError as error:
            columns = {
                "visit_start": "Visit start",
                "visit_end": "Visit end",
                "published_on": "Published on",
                "outcome": "Outcome",
            }
            for name, messages in error.message_dict.items():
                self.problem(fs, row, columns.get(name), f"{' '.join(messages)}.", "bad_inspection")
            return
        key = " ".join(self.text(fs, row, "Inspection").split()) or inspection_key(kind, start)
        if key.lower() in self.by_key:
            held = self.by_key[key.lower()]
            self.problem(
                fs,
                row,
                "Inspection" if "Inspection" in fs.columns else "Visit start",
                f"Row {held.row} is already the inspection “{key}”: give each inspection its own name in "
                "the Inspection column.",
                "duplicate_inspection",
            )
            return
        parsed = ParsedInspection(
            key=key,
            kind=kind,
            framework=framework,
            visit_start=start,
            visit_end=end or start,
            outcome=outcome,
            report_url=url,
            published_on=published,
            row=row,
        )
        self.by_key[key.lower()] = parsed
        self.plan.inspections.append(parsed)

    def finding(self, fs: FindingSheet, row: int) -> None:
        key = " ".join(self.text(fs, row, "Inspection").split())
        inspection = self.by_key.get(key.lower()) if key else None
        if inspection is None and not key and len(self.by_key) == 1:
            inspection = next(iter(self.by_key.values()))
        if inspection is None and key.lower() in self.rejected:
            return
        if inspection is None:
            names = ", ".join(f"“{i.key}”" for i in self.by_key.values()) or "none"
            reason = (
                f"The Inspections sheet has no inspection “{key}”: its inspections are {names}."
                if key
                else f"Name the inspection this finding is from, as the Inspections sheet does: {names}."
            )
            self.problem(fs, row, "Inspection", reason, "unknown_inspection")
        reference = normalise_reference(self.text(fs, row, "Reference"))
        text = self.text(fs, row, "Text")
        if not reference:
            self.problem(
                fs, row, "Reference", "Enter the finding's reference, as in the report.", "no_reference"
            )
        elif len(reference) > 40:
            self.problem(fs, row, "Reference", "The reference must be 40 characters or fewer.", "too_long")
            reference = ""
        if not text:
            self.problem(fs, row, "Text", "Enter the finding's text, as the report words it.", "no_text")
        kind = self.choice(fs, row, "Kind", FINDING_KINDS, "", FindingKind)
        if kind == "" and reference:
            kind = kind_of_reference(reference)
            if not kind:
                self.problem(
                    fs,
                    row,
                    "Kind",
                    f"Say what kind of finding {reference} is: its reference does not say.",
                    "no_kind",
                )
                kind = None
        partners = [" ".join(p.split()) for p in ENTRY_SEPARATORS.split(self.text(fs, row, "Directed to"))]
        partners = list(dict.fromkeys(p for p in partners if p))
        answered_by = self.answered_by(fs, row)
        if inspection is None or not reference or not text or not kind or answered_by is None:
            return
        if kind not in KINDS_BY_FRAMEWORK.get(inspection.framework, ()):
            self.problem(fs, row, "Kind", f"{kind_refusal(inspection.framework)}.", "kind_not_in_framework")
            return
        held = next((f for f in inspection.findings if f.reference.lower() == reference.lower()), None)
        if held is not None:
            self.problem(
                fs,
                row,
                "Reference",
                f"Row {held.row} is already {reference} of “{inspection.key}”: a reference is used once in "
                "an inspection.",
                "duplicate_reference",
            )
            return
        for name in partners:
            if name.lower() not in {n.lower() for n in self.plan.partners}:
                self.plan.partners.append(name)
        inspection.findings.append(
            ParsedFinding(
                reference=reference, kind=kind, text=text, row=row, partners=partners, answered_by=answered_by
            )
        )

    def answered_by(self, fs: FindingSheet, row: int) -> list | None:
        """The objectives and actions the cell names; None (with a problem) when one cannot be read."""
        text = self.text(fs, row, "Answered by")
        found: list = []
        position = 0
        while position < len(text):
            if text[position] in ";\n \t":
                position += 1
                continue
            match = _EVIDENCE.match(text, position)
            if match is None or match.end() == position:
                rest = text[position:].split(";")[0].strip()
                self.problem(
                    fs,
                    row,
                    "Answered by",
                    f"“{rest}” cannot be read: write each entry like Objective 1.2 or Action 1.2.a, "
                    "separated by “;”.",
                    "bad_answered_by",
                )
                return None
            position = match.end()
            kind = (match[1] or "").lower()
            entry = match.group(0).strip().rstrip(";").strip()
            if kind == "priority":
                self.problem(
                    fs,
                    row,
                    "Answered by",
                    f"“{entry}”: a finding is answered by objectives and actions, not by a priority.",
                    "priority_answers",
                )
                return None
            quoted, ref = match[2], (match[3] or "").strip()
            if kind:
                items, why = self.items.find(kind, ref=ref if quoted is None else "", words=quoted)
            else:
                items = [
                    i
                    for k in ("objective", "action")
                    for i in self.items.find(k, ref=ref if quoted is None else "", words=quoted)[0]
                ]
                why = (
                    "the plan has no objective or action with this ref."
                    if not items
                    else f"{len(items)} items of the plan match it: name the kind and the ref."
                )
            if len(items) != 1:
                self.problem(fs, row, "Answered by", f"“{entry}”: {why}", "unknown_answered_by")
                return None
            if items[0] not in found:
                found.append(items[0])
        return found


def read_finding_sheets(plan: ParsedPlan, book: Book, sheets: list[FindingSheet]) -> None:
    """Read the Inspections and Findings sheets into `plan.inspections`, adding their problems."""
    if not sheets:
        return
    names = {s.sheet.name for s in sheets}
    plan.warnings += [w for w in book.warnings if w.sheet in names]
    plan.finding_sheets = {s.kind: s.sheet.name for s in sheets}
    reader = _Reader(plan, sheets)
    reader.run()
    order = {s.sheet.name: index for index, s in enumerate(sheets)}
    plan.problems += sorted(
        reader.problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0, len(p.column), p.column)
    )


# A council's Finding column -----------------------------------------------------------------------


def _short_label(entry: str) -> str:
    """ "Area for improvement 3: …" as "AFI 3: …"; any other entry as it is."""
    for pattern, prefix in _LONG_LABELS:
        if found := pattern.match(entry):
            text = found["text"].strip()
            return f"{prefix} {found['number']}" + (f": {text}" if text else "")
    return entry


def cell_entries(text: str) -> list[str]:
    """The findings a Finding cell names: one a line or separated by ";"; "API 1, API 2" is two;
    "Area for improvement 3" is AFI 3, "Area of weakness 2" WSOA 2."""
    entries = []
    for part in ENTRY_SEPARATORS.split(text):
        part = _short_label(" ".join(part.split()))
        if not part:
            continue
        pieces = [p.strip() for p in part.split(",")]
        if len(pieces) > 1 and all((m := _LABELLED.match(p)) and not m["text"] for p in pieces):
            entries += pieces
        else:
            entries.append(part)
    return entries


def guessed_framework(cells: list[ParsedFindingCell], headers: Iterable[str]) -> str:
    """API/AFI (or a 2023 header) → the 2023 framework; WSoA, APP or "area of weakness" → the earlier."""
    references = [
        kind_of_reference(m["prefix"] + " 1") for c in cells for e in c.entries if (m := _LABELLED.match(e))
    ]
    if any(k in KINDS_BY_FRAMEWORK[Framework.AREA_SEND_2023] for k in references):
        return Framework.AREA_SEND_2023
    if references:
        return Framework.EARLIER_2016
    words = " ".join(headers).lower()
    if any(w in words for w in EARLIER_WORDS):
        return Framework.EARLIER_2016
    return Framework.AREA_SEND_2023


def header_kind(header: str, framework: str) -> str:
    """The kind of the findings a column names by their words alone, told by its header."""
    words = header.lower()
    if "priority action" in words:
        return FindingKind.PRIORITY_ACTION
    if "improvement" in words:
        return FindingKind.IMPROVEMENT
    if framework == Framework.EARLIER_2016:
        return FindingKind.WRITTEN_STATEMENT
    return FindingKind.IMPROVEMENT


def read_finding_column(plan: ParsedPlan, headers: dict[tuple[str, str], str], filename: str) -> None:
    """Read the plan sheets' Finding cells (`plan.finding_cells`) into the findings they name.

    `headers`: (sheet, column letter) → the column's header. With Findings sheets, each entry must be
    one of their findings (by reference, or by its words) and the row's items join its links. Without,
    the entries make up one inspection `from_column`, the commit matching them to the plan's own.
    """
    cells = plan.finding_cells
    if not cells:
        return
    for cell in cells:
        cell.entries = cell_entries(cell.text)
    if plan.inspections and not all(i.from_column for i in plan.inspections):
        _to_sheet_findings(plan)
        return
    framework = guessed_framework(cells, headers.values())
    inspection = ParsedInspection(
        key=f"Imported from {filename}",
        kind=Inspection.Kind.FULL,
        framework=framework,
        visit_start=timezone.localdate(),
        visit_end=timezone.localdate(),
        from_column=True,
    )
    allowed = KINDS_BY_FRAMEWORK[framework]
    by_reference: dict[str, ParsedFinding] = {}
    by_words: dict[str, ParsedFinding] = {}
    unlabelled: list[tuple[ParsedFindingCell, str]] = []
    for cell in cells:
        for entry in cell.entries:
            labelled = _LABELLED.match(entry)
            if labelled is None:
                unlabelled.append((cell, entry))
                continue
            reference = normalise_reference(f"{labelled['prefix']} {labelled['number']}")
            kind = kind_of_reference(reference)
            if kind not in allowed:
                plan.problems.append(
                    ImportProblem(
                        f"“{entry}”: {kind_refusal(framework)}, and this column's other findings are of the "
                        f"{Framework(framework).label}.",
                        sheet=cell.sheet,
                        row=cell.row,
                        column=cell.column,
                        code="kind_not_in_framework",
                    )
                )
                continue
            words = " ".join((labelled["text"] or "").split())
            finding = by_reference.get(reference.lower())
            if finding is None:
                finding = ParsedFinding(
                    reference=reference, kind=kind, text=words, row=cell.row, text_given=bool(words)
                )
                by_reference[reference.lower()] = finding
                inspection.findings.append(finding)
            elif words and not finding.text_given:
                finding.text, finding.text_given = words, True
            elif words and words_key(words) != words_key(finding.text):
                plan.problems.append(
                    ImportProblem(
                        f"“{entry}” gives {reference} other words than row {finding.row} does: write the "
                        "finding's words once, or the same each time.",
                        sheet=cell.sheet,
                        row=cell.row,
                        column=cell.column,
                        code="finding_words_differ",
                    )
                )
                continue
            if words:
                by_words.setdefault(words_key(words), finding)
            _link(cell, finding)
    for cell, words in unlabelled:
        finding = by_words.get(words_key(words))
        if finding is None:
            kind = header_kind(headers.get((cell.sheet, cell.column), ""), framework)
            prefix = KIND_PREFIX[kind]
            taken = [f for f in inspection.findings if f.reference.upper().startswith(prefix + " ")]
            numbers = [int(n) for f in taken if (n := re.sub(r"\D", "", f.reference))]
            finding = ParsedFinding(
                reference=f"{prefix} {max(numbers, default=0) + 1}",
                kind=kind,
                text=words,
                row=cell.row,
                reference_given=False,
            )
            by_words[words_key(words)] = finding
            inspection.findings.append(finding)
        _link(cell, finding)
    for finding in inspection.findings:
        if not finding.text_given:
            finding.text = (
                f"{finding.reference}, as the {filename} plan names it: enter the report's words for this "
                "finding."
            )
    if inspection.findings:
        plan.inspections.append(inspection)


def _link(cell: ParsedFindingCell, finding: ParsedFinding) -> None:
    if finding not in cell.findings:
        cell.findings.append(finding)
    if cell.item not in finding.answered_by:
        finding.answered_by.append(cell.item)


def _to_sheet_findings(plan: ParsedPlan) -> None:
    """Each entry of a Finding cell names a finding of the file's Findings sheet."""
    findings = [f for i in plan.inspections for f in i.findings]
    for cell in plan.finding_cells:
        for entry in cell.entries:
            labelled = _LABELLED.match(entry)
            if labelled is not None:
                reference = normalise_reference(f"{labelled['prefix']} {labelled['number']}")
                found = [f for f in findings if f.reference.lower() == reference.lower()]
            else:
                found = [f for f in findings if words_key(f.text) == words_key(entry)]
            if len(found) != 1:
                why = (
                    "the Findings sheet has no such finding"
                    if not found
                    else f"{len(found)} findings of the Findings sheet have it: name it by its words"
                )
                plan.problems.append(
                    ImportProblem(
                        f"“{entry}”: {why}.",
                        sheet=cell.sheet,
                        row=cell.row,
                        column=cell.column,
                        code="unknown_finding",
                    )
                )
                continue
            _link(cell, found[0])


def answered_by_labels(labels: dict[tuple[str, int], str], finding) -> list[str]:
    """The Answered by cell's entries for a finding (export.py): its objectives, then its actions."""
    return [labels["objective", o.pk] for o in finding.objectives.all() if ("objective", o.pk) in labels] + [
        labels["action", a.pk] for a in finding.actions.all() if ("action", a.pk) in labels
    ]
