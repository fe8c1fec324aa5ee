"""The measure sheets of a workbook: "Measures", "Measure figures" and "Comparators", read into the
`ParsedMeasure`s of a `ParsedPlan`, and the cell formats export.py writes them in.

A sheet is told to be one of them by its header row (any of its first rows), not by its name: a row
holding "Name" and two of "Unit", "Which way is better", "How often", "Tolerance", "Lead partner",
"Evidences" and "Trajectory" heads the measures; "Measure", "Reporting period" and two of "Date it
refers to", "Value", "Numerator" and "RAG rating" the figures; "Measure", "Comparator", "Date" and
"Value" the comparators. Columns are found by
their header, in any order, and the optional ones may be left out. Such sheets are never taken for a
sheet of the plan (`split_book`).

The cells an officer types (each checked by the measures' own rules, actions/measures):
- Unit, Which way is better, How often, Source: the words the measure's page shows ("Percentage
  (%)", "Higher is better", "Termly", "Entered by hand"), or short forms ("%", "higher", "£").
- Tolerance, Value, Numerator, Denominator: numbers ("1,234.5"; a percentage may end in "%").
- Lead: a person's name; Lead partner: a partner's name.
- Evidences: what the measure evidences, one entry a line or separated by ";": the kind and the ref,
  "Priority 1; Objective 1.2; Action 1.2.a". An item with no ref (or one whose ref another item of
  its kind shares) is named by its words in quotes: Action “Train every SENCo”. A ref alone ("1.2")
  is read when exactly one item of the file has it.
- Trajectory: its points in date order, one a line or separated by ";", each "<Baseline |
  Milestone | Target> <date>: <value>": "Baseline 1 Sep 2025: 40; Milestone 1 Sep 2026: 60;
  Target 1 Sep 2027: 80". A blank cell leaves the trajectory held as it is.
- Measure figures: one row per measure and reporting period (the period's name as the plan sheet's
  Position Statement columns give it). With a numerator and a denominator the value is worked out
  from them (and a value given must agree). RAG rating: Red, Amber, Green, Blue or Not rated; blank,
  the rating the file's trajectory gives. Proposed RAG: the rating the lead proposed, when the agreed
  one differs; blank, the same. Confirmed: Yes (or blank: the document was agreed) or No (awaiting
  confirmation).
- Comparators: one row per comparator figure: Measure, Comparator ("England"), Date, Value.
Every problem is located by sheet, row and column, and blocks the import.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from openpyxl.utils import get_column_letter

from actions.cycle.models import Rag
from actions.measures import trajectory
from actions.measures.models import Benchmark, Direction, Frequency, Measure, MeasureValue, Source, Unit
from actions.measures.services import computed_value, parse_number
from partners.models import Partner, Person

from .corrections import Corrections
from .parsed import ParsedComparatorFigure, ParsedFigure, ParsedMeasure, ParsedPlan, ParsedPoint
from .reader import Book, ImportProblem, Sheet, cell_text, split_off
from .values import parse_start

MEASURES, FIGURES, COMPARATORS = "measures", "figures", "comparators"
SHEETS = {MEASURES: "Measures", FIGURES: "Measure figures", COMPARATORS: "Comparators"}
HEADERS = {
    MEASURES: [
        "Name",
        "Definition",
        "Unit",
        "Which way is better",
        "How often",
        "Source",
        "Tolerance",
        "Lead",
        "Lead partner",
        "Evidences",
        "Trajectory",
    ],
    FIGURES: [
        "Measure",
        "Reporting period",
        "Date it refers to",
        "Value",
        "Numerator",
        "Denominator",
        "Source",
        "Commentary",
        "RAG rating",
        "Proposed RAG",
        "Confirmed",
    ],
    COMPARATORS: ["Measure", "Comparator", "Date", "Value"],
}
# The headers that tell each sheet: a row holding all the first and at least two of the second (so
# that an officer may delete a column), and the headers a sheet cannot do without.
SIGNATURES = {
    COMPARATORS: ({"measure", "comparator"}, {"date", "value"}),
    FIGURES: ({"measure", "reporting period"}, {"date it refers to", "value", "numerator", "rag rating"}),
    MEASURES: (
        {"name"},
        {"unit", "which way is better", "how often", "tolerance", "lead partner", "evidences", "trajectory"},
    ),
}
REQUIRED = {
    MEASURES: ["Name"],
    FIGURES: ["Measure", "Reporting period", "Date it refers to", "Value"],
    COMPARATORS: ["Measure", "Comparator", "Date", "Value"],
}
HEADER_SCAN_ROWS = 10
PLACES = Decimal("0.0001")  # the figures' decimal places (actions/measures/models.py)
LARGEST = Decimal("1e12")  # 16 digits, 4 of them after the point
POINT_KINDS = {
    "baseline": trajectory.BASELINE,
    "milestone": trajectory.MILESTONE,
    "target": trajectory.TARGET,
}
YES, NO = "Yes", "No"
YES_WORDS, NO_WORDS = {"yes", "y", "true", "confirmed", ""}, {"no", "n", "false", "not confirmed"}
ENTRY_SEPARATORS = re.compile(r"[;\n]+")
_POINT = re.compile(r"^\s*(baseline|milestone|target)\b\s*(.+?)\s*:\s*(.+?)\s*$", re.I | re.S)
_EVIDENCE = re.compile(
    r"\s*(?:(priority|objective|action)\s+)?(?:[“\"]([^”\"]*)[”\"]|([^;\n“\"]+?))\s*(?:[;\n]+|$)", re.I
)


def _choices(enum, aliases: dict[str, str]) -> dict[str, str]:
    words = {v.lower(): v for v in enum.values} | {str(label).lower(): v for v, label in enum.choices}
    return words | aliases


UNITS = _choices(
    Unit,
    {
        "%": Unit.PERCENT,
        "percentage": Unit.PERCENT,
        "per cent": Unit.PERCENT,
        "count": Unit.NUMBER,
        "£": Unit.POUNDS,
        "pounds": Unit.POUNDS,
        "gbp": Unit.POUNDS,
        "rate per 10000": Unit.RATE_PER_10000,
        "per 10,000": Unit.RATE_PER_10000,
    },
)
DIRECTIONS = _choices(Direction, {"higher is better.": Direction.HIGHER, "lower is better.": Direction.LOWER})
FREQUENCIES = _choices(Frequency, {"annual": Frequency.ANNUALLY, "yearly": Frequency.ANNUALLY})
SOURCES = _choices(Source, {"imported from published statistics.": Source.IMPORTED})
RAGS = _choices(Rag, {"not_rated": Rag.NOT_RATED, "none": Rag.NOT_RATED})


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# Writing (export.py) ------------------------------------------------------------------------------


def number_text(value: Decimal) -> str:
    """A figure as typed: no trailing zeros, no exponent ("40", "49.92")."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_cell(value: Decimal | None) -> int | float | None:
    """A figure as a spreadsheet number: an officer can sum it and it reads back the same (up to 15
    significant digits, more than any figure here holds)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def date_text(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def trajectory_cell(points: Iterable) -> str:
    """ "Baseline 1 Sep 2025: 40; Milestone 1 Sep 2026: 60; Target 1 Sep 2027: 80"."""
    return "; ".join(
        f"{p.kind.capitalize()} {date_text(p.date)}: {number_text(p.value)}"
        for p in sorted(points, key=lambda p: p.date)
    )


def evidence_entry(kind: str, ref: str, text: str, *, unique_ref: bool) -> str:
    """One entry of the Evidences cell: by ref where the ref names this item alone, else by its words."""
    if ref and unique_ref and not re.search(r"[;\n“”\"]", ref):
        return f"{kind.capitalize()} {ref}"
    return f"{kind.capitalize()} “{_unquoted(text)}”"


def _unquoted(text: str) -> str:
    """The words with double quotes made single, so that they can stand inside the entry's quotes."""
    return " ".join(text.replace("“", "‘").replace("”", "’").replace('"', "'").split())


def yes_no(confirmed: bool) -> str:
    return YES if confirmed else NO


# Finding the sheets -------------------------------------------------------------------------------


def _norm(text: object) -> str:
    return " ".join(cell_text(text).lower().split())


@dataclass(frozen=True)
class MeasureSheet:
    kind: str  # MEASURES, FIGURES or COMPARATORS
    sheet: Sheet
    header_row: int
    columns: dict[str, int]  # header as in HEADERS → its column number


def measure_sheet(sheet: Sheet) -> MeasureSheet | None:
    """The measure sheet this is, told by its header row; None for any other sheet."""
    known = {h.lower(): h for headers in HEADERS.values() for h in headers}
    for row in range(1, min(HEADER_SCAN_ROWS, sheet.max_row) + 1):
        texts = {_norm(sheet.value(row, c)): c for c in range(sheet.max_column, 0, -1)}
        for kind, (every, some) in SIGNATURES.items():
            if every <= texts.keys() and len(some & texts.keys()) >= min(2, len(some)):
                wanted = {h.lower() for h in HEADERS[kind]}
                columns = {known[t]: c for t, c in texts.items() if t in wanted}
                return MeasureSheet(kind, sheet, row, columns)
    return None


def split_book(book: Book) -> tuple[Book, list[MeasureSheet]]:
    """The workbook without its measure sheets (for the plan's tables), and the measure sheets."""
    return split_off(book, measure_sheet, "measures")


# Reading ------------------------------------------------------------------------------------------


class _Reader:
    """One pass over the measure sheets, collecting problems located by sheet, row and column."""

    def __init__(self, plan: ParsedPlan, sheets: list[MeasureSheet]):
        self.plan = plan
        self.sheets = sheets
        self.by_name: dict[str, ParsedMeasure] = {}
        self.items = _Items(plan)
        self.periods = sorted(plan.periods, key=lambda p: p.as_at)
        self.problems: list[ImportProblem] = []

    # Cells --------------------------------------------------------------------------------------

    def problem(self, ms: MeasureSheet, row: int, header: str | None, reason: str, code: str) -> None:
        column = get_column_letter(ms.columns[header]) if header in ms.columns else ""
        self.problems.append(ImportProblem(reason, sheet=ms.sheet.name, row=row, column=column, code=code))

    def raw(self, ms: MeasureSheet, row: int, header: str) -> object:
        column = ms.columns.get(header)
        return None if column is None else ms.sheet.value(row, column)

    def text(self, ms: MeasureSheet, row: int, header: str) -> str:
        return cell_text(self.raw(ms, row, header)).strip()

    def number(self, ms: MeasureSheet, row: int, header: str, *, what: str) -> tuple[Decimal | None, bool]:
        """The cell as a figure (None when blank) and whether it read: a problem says why not."""
        raw = self.raw(ms, row, header)
        if isinstance(raw, bool):
            raw = str(raw)
        number: Decimal | None
        try:
            if isinstance(raw, int | float):
                number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
                fmt = ms.sheet.number_formats.get((row, ms.columns[header]), "")
                if "%" in fmt:
                    number *= 100  # a cell formatted as a percentage holds 0.45 for 45%
            else:
                text = cell_text(raw).strip()
                number = parse_number(text[:-1] if text.endswith("%") else text)
        except ValueError:
            self.problem(
                ms,
                row,
                header,
                f"The {what} “{cell_text(raw)}” is not a number: write it like 42.5.",
                "not_a_number",
            )
            return None, False
        if number is None:
            return None, True
        if abs(number) >= LARGEST:
            self.problem(ms, row, header, f"The {what} {number_text(number)} is too large.", "too_large")
            return None, False
        return number.quantize(PLACES, rounding=ROUND_HALF_UP), True

    def date(self, ms: MeasureSheet, row: int, header: str, *, what: str) -> datetime.date | None:
        raw = self.raw(ms, row, header)
        day = parse_start(raw)
        if day is None:
            reason = (
                f"Enter {what}."
                if raw in (None, "")
                else f"“{cell_text(raw)}” is not a date: write it like 1 Sep 2025 or 01/09/2025."
            )
            self.problem(ms, row, header, reason, "bad_date")
        return day

    def choice(
        self, ms: MeasureSheet, row: int, header: str, words: dict[str, str], default: str, enum
    ) -> str:
        text = self.text(ms, row, header)
        if not text:
            return default
        found = words.get(" ".join(text.lower().split()))
        if found is None:
            allowed = ", ".join(f"“{label}”" for _value, label in enum.choices)
            self.problem(ms, row, header, f"“{text}” is not one of {allowed}.", "bad_choice")
            return default
        return found

    def rows(self, ms: MeasureSheet) -> Iterable[int]:
        """The rows under the header with anything in the sheet's columns."""
        for row in range(ms.header_row + 1, ms.sheet.max_row + 1):
            if any(self.text(ms, row, h) for h in ms.columns):
                yield row

    # The sheets ---------------------------------------------------------------------------------

    def run(self) -> None:
        for kind in (MEASURES, FIGURES, COMPARATORS):
            for ms in (s for s in self.sheets if s.kind == kind):
                missing = [h for h in REQUIRED[kind] if h not in ms.columns]
                if (
                    kind == FIGURES
                    and "Value" in missing
                    and {"Numerator", "Denominator"} <= ms.columns.keys()
                ):
                    missing.remove("Value")
                if missing:
                    names = ", ".join(f"“{h}”" for h in missing)
                    self.problems.append(
                        ImportProblem(
                            f"The header row has no {names} column: the sheet's columns are "
                            + ", ".join(f"“{h}”" for h in HEADERS[kind])
                            + ".",
                            sheet=ms.sheet.name,
                            row=ms.header_row,
                            code="missing_column",
                        )
                    )
                    continue
                read = {MEASURES: self.measure, FIGURES: self.figure, COMPARATORS: self.comparator}[kind]
                for row in self.rows(ms):
                    read(ms, row)
        self.plan.measures = list(self.by_name.values())

    def measure(self, ms: MeasureSheet, row: int) -> None:
        name = " ".join(self.text(ms, row, "Name").split())
        if not name:
            self.problem(ms, row, "Name", "The measure has no name: enter it, or clear the row.", "no_name")
            return
        if len(name) > _max_length(Measure, "name"):
            self.problem(
                ms,
                row,
                "Name",
                f"The name must be {_max_length(Measure, 'name')} characters or fewer.",
                "too_long",
            )
            return
        if (held := self.by_name.get(name.lower())) is not None:
            self.problem(
                ms,
                row,
                "Name",
                f"“{name}” is already the measure of row {held.row}: each needs its own name.",
                "duplicate_measure",
            )
            return
        unit = self.choice(ms, row, "Unit", UNITS, Unit.NUMBER, Unit)
        tolerance, _ok = self.number(ms, row, "Tolerance", what="tolerance")
        if tolerance is not None and tolerance < 0:
            self.problem(ms, row, "Tolerance", "The tolerance cannot be negative.", "negative")
            tolerance = None
        measure = ParsedMeasure(
            name=name,
            row=row,
            definition=self.text(ms, row, "Definition"),
            unit=unit,
            direction=self.choice(ms, row, "Which way is better", DIRECTIONS, Direction.HIGHER, Direction),
            frequency=self.choice(ms, row, "How often", FREQUENCIES, Frequency.TERMLY, Frequency),
            source=self.choice(ms, row, "Source", SOURCES, Source.ENTERED, Source),
            tolerance=tolerance or Decimal(0),
            lead_person=self.named(ms, row, "Lead", Person),
            lead_partner=self.named(ms, row, "Lead partner", Partner),
        )
        measure.evidences = self.evidences(ms, row)
        measure.trajectory = self.trajectory(ms, row, percent=unit == Unit.PERCENT)
        self.by_name[name.lower()] = measure

    def named(self, ms: MeasureSheet, row: int, header: str, model) -> str:
        name = " ".join(self.text(ms, row, header).split())
        if len(name) > _max_length(model, "name"):
            self.problem(
                ms,
                row,
                header,
                f"The name must be {_max_length(model, 'name')} characters or fewer.",
                "too_long",
            )
            return ""
        return name

    def evidences(self, ms: MeasureSheet, row: int) -> list:
        text = self.text(ms, row, "Evidences")
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
                    ms,
                    row,
                    "Evidences",
                    f"“{rest}” cannot be read: write each entry like Priority 1, Objective 1.2 or "
                    "Action 1.2.a, "
                    "separated by “;”.",
                    "bad_evidence",
                )
                return found
            position = match.end()
            kind = (match[1] or "").lower()
            quoted, ref = match[2], (match[3] or "").strip()
            entry = match.group(0).strip().rstrip(";").strip()
            items, why = self.items.find(kind, ref=ref if quoted is None else "", words=quoted)
            if len(items) == 1:
                if items[0] not in found:
                    found.append(items[0])
            else:
                self.problem(ms, row, "Evidences", f"“{entry}”: {why}", "unknown_evidence")
        return found

    def trajectory(self, ms: MeasureSheet, row: int, *, percent: bool) -> list[ParsedPoint] | None:
        text = self.text(ms, row, "Trajectory")
        if not text:
            return None
        points: list[trajectory.Point] = []
        for entry in (e.strip() for e in ENTRY_SEPARATORS.split(text)):
            if not entry:
                continue
            match = _POINT.match(entry)
            day = parse_start(match[2]) if match else None
            try:
                value = parse_number(match[3].rstrip("%")) if match else None
            except ValueError:
                value = None
            if match is None or day is None or value is None:
                self.problem(
                    ms,
                    row,
                    "Trajectory",
                    f"“{entry}” cannot be read: write each point like “Baseline 1 Sep 2025: 40”, "
                    "separated by “;”.",
                    "bad_point",
                )
                return None
            points.append(
                trajectory.Point(date=day, kind=POINT_KINDS[match[1].lower()], value=value.quantize(PLACES))
            )
        errors = trajectory.trajectory_errors(points, percent=percent)
        for error in errors:
            self.problem(ms, row, "Trajectory", f"{error}.", "bad_trajectory")
        if errors:
            return None
        return [ParsedPoint(kind=p.kind, date=p.date, value=p.value) for p in sorted(points)]

    def measure_named(self, ms: MeasureSheet, row: int) -> ParsedMeasure | None:
        name = " ".join(self.text(ms, row, "Measure").split())
        if not name:
            self.problem(
                ms, row, "Measure", "Enter the measure's name, as the Measures sheet gives it.", "no_name"
            )
            return None
        found = self.by_name.get(name.lower())
        if found is None:
            self.problem(
                ms,
                row,
                "Measure",
                f"There is no measure called “{name}” on the Measures sheet: check its spelling there "
                "and here.",
                "unknown_measure",
            )
        return found

    def figure(self, ms: MeasureSheet, row: int) -> None:
        measure = self.measure_named(ms, row)
        period_name = self.text(ms, row, "Reporting period")
        period = next(
            (p for p in self.periods if p.name.lower() == " ".join(period_name.lower().split())), None
        )
        if period is None:
            names = ", ".join(f"“{p.name}”" for p in self.periods) or "none"
            reason = (
                "Enter the reporting period."
                if not period_name
                else f"The file has no reporting period “{period_name}”: its periods (the plan sheet's "
                f"Position Statement columns) are {names}."
            )
            self.problem(ms, row, "Reporting period", reason, "unknown_period")
        refers_to = self.date(ms, row, "Date it refers to", what="the date the figure refers to")
        value, value_ok = self.number(ms, row, "Value", what="value")
        numerator, numerator_ok = self.number(ms, row, "Numerator", what="numerator")
        denominator, denominator_ok = self.number(ms, row, "Denominator", what="denominator")
        rag = self.rating(ms, row, "RAG rating")
        proposed = self.rating(ms, row, "Proposed RAG")
        confirmed_text = self.text(ms, row, "Confirmed").lower().rstrip(".")
        if confirmed_text not in YES_WORDS | NO_WORDS:
            self.problem(
                ms,
                row,
                "Confirmed",
                f"“{self.text(ms, row, 'Confirmed')}” is neither Yes nor No.",
                "bad_choice",
            )
        source = self.text(ms, row, "Source")
        if len(source) > _max_length(MeasureValue, "source"):
            self.problem(
                ms,
                row,
                "Source",
                f"The source must be {_max_length(MeasureValue, 'source')} characters or fewer.",
                "too_long",
            )
        if measure is None or period is None or refers_to is None:
            return
        if not (value_ok and numerator_ok and denominator_ok):
            return
        percent = measure.unit == Unit.PERCENT
        if (numerator is None) != (denominator is None):
            missing = "Denominator" if denominator is None else "Numerator"
            self.problem(ms, row, missing, f"Enter the {missing.lower()} too, or neither.", "half_a_rate")
            return
        if numerator is not None and denominator is not None:
            if numerator < 0:
                self.problem(ms, row, "Numerator", "The numerator cannot be negative.", "negative")
                return
            if denominator <= 0:
                self.problem(ms, row, "Denominator", "The denominator must be more than 0.", "negative")
                return
            if percent and numerator > denominator:
                self.problem(
                    ms,
                    row,
                    "Numerator",
                    f"The numerator ({number_text(numerator)}) cannot be more than the denominator "
                    f"({number_text(denominator)}) for a percentage.",
                    "numerator_over_denominator",
                )
                return
            computed = computed_value(measure.unit, numerator, denominator)
            if value is not None and value != computed:
                self.problem(
                    ms,
                    row,
                    "Value",
                    f"The value {number_text(value)} is not what the numerator and denominator give "
                    f"({number_text(computed)}): correct one of them, or clear the value.",
                    "value_disagrees",
                )
                return
            value = computed
        if value is None:
            self.problem(ms, row, "Value", "Enter the figure (or its numerator and denominator).", "no_value")
            return
        if percent and not Decimal(0) <= value <= Decimal(100):
            self.problem(
                ms,
                row,
                "Value",
                f"A percentage must be between 0 and 100, not {number_text(value)}.",
                "over_100",
            )
            return
        index = self.periods.index(period)
        after = self.periods[index - 1].as_at if index else None
        if (after is not None and refers_to <= after) or refers_to > period.as_at:
            since = f"after {date_text(after)}, the end of the previous period, and " if after else ""
            self.problem(
                ms,
                row,
                "Date it refers to",
                f"{date_text(refers_to)} is outside {period.name}: the date must be {since}no later than "
                f"{date_text(period.as_at)}.",
                "date_outside_period",
            )
            return
        if (held := next((f for f in measure.figures if f.period == period.name), None)) is not None:
            self.problem(
                ms,
                row,
                "Reporting period",
                f"Row {held.row} already gives “{measure.name}” a figure for {period.name}: a measure "
                "has one figure a period.",
                "duplicate_figure",
            )
            return
        if rag is None or proposed is None:
            return
        if not rag:
            points = [
                trajectory.Point(date=p.date, kind=p.kind, value=p.value) for p in measure.trajectory or []
            ]
            expected = trajectory.expected_at(points, refers_to)
            rag = trajectory.rag_for(value, expected, measure.direction, measure.tolerance).value
        if confirmed_text not in YES_WORDS | NO_WORDS:
            return
        measure.figures.append(
            ParsedFigure(
                period=period.name,
                refers_to=refers_to,
                value=value,
                numerator=numerator,
                denominator=denominator,
                source=source,
                commentary=self.text(ms, row, "Commentary"),
                rag=rag,
                proposed_rag=proposed or rag,
                confirmed=confirmed_text in YES_WORDS,
                row=row,
            )
        )

    def rating(self, ms: MeasureSheet, row: int, header: str) -> str | None:
        """The rating's value, "" when blank, None (with a problem) when it is not a rating."""
        text = self.text(ms, row, header)
        if not text:
            return ""
        found = RAGS.get(" ".join(text.lower().split()))
        if found is None:
            self.problem(
                ms,
                row,
                header,
                f"“{text}” is not a rating: write Red, Amber, Green, Blue or Not rated.",
                "bad_rag",
            )
        return found

    def comparator(self, ms: MeasureSheet, row: int) -> None:
        measure = self.measure_named(ms, row)
        name = " ".join(self.text(ms, row, "Comparator").split())
        limit = _max_length(Benchmark, "name")
        if not name:
            self.problem(
                ms, row, "Comparator", "Enter the comparator's name, for example “England”.", "no_name"
            )
        elif len(name) > limit:
            self.problem(
                ms,
                row,
                "Comparator",
                f"The comparator's name must be {limit} characters or fewer.",
                "too_long",
            )
        day = self.date(ms, row, "Date", what="the date the figure describes")
        value, ok = self.number(ms, row, "Value", what="value")
        if ok and value is None:
            self.problem(ms, row, "Value", "Enter the comparator's figure.", "no_value")
        if measure is None or not name or len(name) > limit or day is None or value is None:
            return
        if measure.unit == Unit.PERCENT and not Decimal(0) <= value <= Decimal(100):
            self.problem(
                ms,
                row,
                "Value",
                f"A percentage must be between 0 and 100, not {number_text(value)}.",
                "over_100",
            )
            return
        held = next(
            (c for c in measure.comparators if c.comparator.lower() == name.lower() and c.date == day), None
        )
        if held is not None:
            self.problem(
                ms,
                row,
                "Date",
                f"Row {held.row} already gives {name}'s figure of {date_text(day)} for “{measure.name}”.",
                "duplicate_comparator",
            )
            return
        measure.comparators.append(ParsedComparatorFigure(comparator=name, date=day, value=value, row=row))


class _Items:
    """The file's priorities, objectives and actions by kind, ref and words, for the Evidences cell."""

    def __init__(self, plan: ParsedPlan):
        self.by_kind: dict[str, list[tuple[str, str, object]]] = {
            "priority": [(p.ref, p.title, p) for p in plan.priorities],
            "objective": [(o.ref, o.title, o) for o in plan.objectives()],
            "action": [(a.ref, a.description, a) for a in plan.actions()],
        }

    def find(self, kind: str, *, ref: str, words: str | None) -> tuple[list, str]:
        """The items an entry names, and why it names not exactly one."""
        kinds = [kind] if kind else list(self.by_kind)
        if words is not None:
            wanted = _unquoted(words).lower()
            found = [i for k in kinds for r, t, i in self.by_kind[k] if _unquoted(t).lower() == wanted]
            what = f"no {kind or 'item'} of the plan has these words"
        else:
            found = [i for k in kinds for r, t, i in self.by_kind[k] if r and r.lower() == ref.lower()]
            what = f"the plan has no {kind or 'priority, objective or action'} with this ref"
        if not found:
            return [], f"{what}."
        if len(found) > 1:
            return found, (
                f"{len(found)} items of the plan match it: name the kind and the ref, or the item's words in "
                "quotes (Action “Train every SENCo”)."
            )
        return found, ""


def read_measures(
    plan: ParsedPlan, book: Book, sheets: list[MeasureSheet], corrections: Corrections | None = None
) -> None:
    """Read the measure sheets into `plan.measures`, adding their problems and warnings to the plan's,
    and their leads to the people and partners it names (renamed as the user chose in the preview)."""
    if not sheets:
        return
    sheet_names = {s.sheet.name for s in sheets}
    plan.warnings += [w for w in book.warnings if w.sheet in sheet_names]
    plan.measure_sheets = {s.kind: s.sheet.name for s in sheets}
    reader = _Reader(plan, sheets)
    reader.run()
    corrections = corrections or Corrections()
    for measure in plan.measures:
        for attr, kind, names in (
            ("lead_person", "person", plan.people),
            ("lead_partner", "partner", plan.partners),
        ):
            if name := getattr(measure, attr):
                name = corrections.rename(kind, name)
                setattr(measure, attr, name)
                if name.lower() not in {n.lower() for n in names}:
                    names.append(name)
    order = {s.sheet.name: index for index, s in enumerate(sheets)}
    plan.problems += sorted(
        reader.problems, key=lambda p: (order.get(p.sheet, -1), p.row or 0, len(p.column), p.column)
    )
