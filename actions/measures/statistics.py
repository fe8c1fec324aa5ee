"""Reading a published statistics file, and working out what loading it into a measure would do.

Councils download these files from the Department for Education's "explore education statistics"
service (and ONS, NHS England, DHSC files follow the same "tidy data" shape): one row per geography
and year, geography columns first, then one column per figure. Pure functions returning plain
dataclasses: nothing here reads or writes the database (`services.measure_statistics_load` saves).

The sample, fixtures/statistics/ehcp_20_weeks_sample.csv (every name and figure fictional), has:

    time_period         the year: "2023" (a calendar year); "202324" for an academic or financial year
    time_identifier     "Calendar year" ("Academic year" and "Financial year" are read too)
    geographic_level    "National", "Regional" or "Local authority" (other levels are skipped)
    country_code        E92000001
    country_name        England
    region_code         E12000991 Midland Vale, E12000992 Coastal Reach (regional and LA rows)
    region_name
    old_la_code         the 3-digit code, 990 to 995 (LA rows)
    new_la_code         the 9-character code, E06009990 Exampleshire, E08009991 Sampleton,
                        E09009992 Fablegate (Midland Vale); E06009993 Mockford, E10009994 Testbury,
                        E06009995 Demoport (Coastal Reach)
    la_name
    number_of_ehcps            new EHC plans issued in the year
    ehcp_within_20_weeks       of which issued within 20 weeks
    ehcp_within_20_weeks_pct   the percentage issued within 20 weeks
    2019 to 2025, a National row and two Regional rows each year; Demoport's 2020 figures are
    suppressed ("c") and Testbury's 2021 figures are not available ("x").

Other files name their columns differently ("LA code", la_code, "LA name", local_authority, year,
"Academic year"): `COLUMN_NAMES` lists what is recognised.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum

PLACES = Decimal("0.0001")
# The figures' fields hold 16 digits, 4 of them decimal places.
LARGEST = Decimal("1e12")

# What each role's column is called in the files councils download (compared lower case, with
# runs of spaces and punctuation read as "_"), most specific first.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "year": (
        "time_period",
        "year",
        "academic_year",
        "financial_year",
        "calendar_year",
        "reporting_year",
        "period",
    ),
    "identifier": ("time_identifier",),
    "level": ("geographic_level", "geography_level", "geography"),
    "country": ("country_name", "country"),
    "region_code": ("region_code",),
    "region_name": ("region_name", "region"),
    "code": ("new_la_code", "la_code", "la_code_new", "local_authority_code", "la_ons_code", "ons_code"),
    "old_code": ("old_la_code", "la_code_old", "la_number", "la_no", "la_3_digit_code"),
    "name": ("la_name", "local_authority", "local_authority_name", "la", "area_name"),
}
# Geography and metadata columns of these files that never hold the figure.
NOT_FIGURES = {"time_identifier", "geographic_level", "country_code", "country_name", "region_code"}

NEW_CODE = re.compile(r"^E(06|08|09|10)\d{6}$")
OLD_CODE = re.compile(r"^\d{3}$")
CODE_LIKE = re.compile(r"^([A-Z]\d{8}|\d{3})$", re.IGNORECASE)
CODE_RULE = (
    "a local authority code is 9 characters, E06, E08, E09 or E10 and six digits (such as "
    "E06009990), or the 3-digit code (such as 990)"
)

# The symbols the Department for Education (and older ONS and DfE files) print instead of a figure.
SUPPRESSION = {
    "c": "c: suppressed to protect confidentiality",
    "x": "x: not available",
    "z": "z: not applicable",
    "low": "low: rounds to 0, but is not 0",
    "u": "u: low reliability",
    ".": ". : not applicable",
    ":": ": : not available",
    "..": ".. : not available",
    "-": "- : not available",
    "n/a": "n/a: not available",
    "na": "na: not available",
    "": "blank: no figure given",
}


class Level(StrEnum):
    NATIONAL = "National"
    REGIONAL = "Regional"
    LOCAL_AUTHORITY = "Local authority"
    OTHER = "Other"


class YearKind(StrEnum):
    CALENDAR = "Calendar year"
    ACADEMIC = "Academic year"
    FINANCIAL = "Financial year"


class Outcome(StrEnum):
    LOAD = "Loaded"
    NOT_LOADED = "Not loaded"
    NOT_AVAILABLE = "Not available"


class StatisticsFileError(Exception):
    """The whole file cannot be read: empty, too big, not a CSV file, no header row."""


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file that stops it loading: where (row, column) and why."""

    row: int | None  # the file's row, the header being row 1; None for the file as a whole
    column: str  # the column's header as in the file, or what the problem is about
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}, column {self.column}" if self.row else self.column
        return f"{where}: {self.message}" if where else self.message


@dataclass(frozen=True, order=True)
class Year:
    """A year of the file and the date its figures describe (the end of the year)."""

    refers_to: datetime.date
    label: str  # "2023", "2023/24" (academic), "2023-24" (financial)


@dataclass(frozen=True)
class Row:
    number: int
    level: Level
    year: Year | None
    code: str
    old_code: str
    name: str
    region_code: str
    region_name: str
    country: str
    cells: Mapping[str, str]

    @property
    def area_key(self) -> str:
        return _area_key(self.code, self.old_code, self.name)


@dataclass(frozen=True)
class LocalAuthority:
    code: str
    old_code: str
    name: str
    region_code: str
    region_name: str

    @property
    def key(self) -> str:
        return _area_key(self.code, self.old_code, self.name)

    @property
    def label(self) -> str:
        codes = ", ".join(c for c in (self.code, self.old_code) if c)
        return f"{self.name} ({codes})" if self.name and codes else self.name or codes

    @property
    def region(self) -> str:
        return self.region_name or self.region_code


@dataclass(frozen=True)
class StatisticsFile:
    filename: str
    columns: list[str]  # the headers as in the file
    value_columns: list[str]  # the ones that can hold the figure
    year_column: str
    rows: list[Row]
    local_authorities: list[LocalAuthority]
    problems: list[Problem]  # wrong whatever is chosen (a malformed code, an unreadable year)
    skipped: int  # rows at other geographic levels (district, constituency...)


@dataclass(frozen=True)
class PeriodSlot:
    """A reporting period of the plan, as the mapping needs it."""

    pk: int
    name: str
    as_at: datetime.date
    is_published: bool


@dataclass(frozen=True)
class YearLine:
    """One year of the chosen local authority: its figure, and where it goes."""

    year: Year
    row: int
    text: str  # the cell as in the file
    value: Decimal | None
    period: PeriodSlot | None
    outcome: Outcome
    reason: str = ""
    replaces: Decimal | None = None  # the figure already entered for that period
    comparators: tuple[str, ...] = ()  # each comparator's figure for the year, as shown


@dataclass(frozen=True)
class ComparatorLine:
    year: Year
    row: int
    text: str
    value: Decimal | None
    note: str = ""


@dataclass(frozen=True)
class ComparatorSeries:
    """England's or the region's figures, loaded as a benchmark dated by year."""

    name: str
    lines: list[ComparatorLine]
    replaces: bool = False  # a comparator of that name exists and is replaced

    @property
    def points(self) -> list[tuple[datetime.date, Decimal]]:
        return [(line.year.refers_to, line.value) for line in self.lines if line.value is not None]


@dataclass(frozen=True)
class LoadPlan:
    """What confirming would load: nothing at all while there are problems."""

    filename: str
    column: str
    local_authority: LocalAuthority | None
    lines: list[YearLine] = field(default_factory=list)
    comparators: list[ComparatorSeries] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def to_load(self) -> list[YearLine]:
        return [line for line in self.lines if line.outcome is Outcome.LOAD]

    @property
    def not_available(self) -> list[YearLine]:
        return [line for line in self.lines if line.outcome is Outcome.NOT_AVAILABLE]


# --- Reading the file ------------------------------------------------------------------------------


def normalise(header: str) -> str:
    """ "LA code" → "la_code", " Time Period " → "time_period"."""
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def _area_key(code: str, old_code: str, name: str) -> str:
    return code.upper() if code else old_code if old_code else " ".join(name.split()).casefold()


def _decode(data: bytes) -> str:
    # Excel on Windows saves "CSV (comma delimited)" in the Windows code page, without saying so.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _screen(data: bytes, filename: str, max_bytes: int) -> str:
    name = filename or "The file"
    if not data.strip():
        raise StatisticsFileError(f"{name} is empty.")
    if len(data) > max_bytes:
        raise StatisticsFileError(
            f"{name} is {_size(len(data))}: a statistics file must be smaller than {_size(max_bytes)}. "
            "Filter it to the local authorities and years you need first."
        )
    if data.startswith(b"PK\x03\x04"):
        raise StatisticsFileError(
            f"{name} is an Excel workbook, not a CSV file: open it in Excel and save it as "
            "“CSV (comma delimited)”, or download the CSV file the statistics page offers."
        )
    if b"\x00" in data[:4096]:
        raise StatisticsFileError(
            f"{name} is not a CSV file (it holds binary data): download the CSV file the statistics "
            "page offers."
        )
    return _decode(data)


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} bytes"


def _column_of(headers: Sequence[str], role: str) -> int | None:
    normalised = [normalise(h) for h in headers]
    for wanted in COLUMN_NAMES[role]:
        if wanted in normalised:
            return normalised.index(wanted)
    return None


def _looks_like_data(cells: Sequence[str]) -> bool:
    for cell in cells:
        text = cell.strip()
        if not text:
            continue
        if CODE_LIKE.match(text) or re.match(r"^\d{4}(\d{2}|[-/]\d{2,4})?$", text):
            return True
        try:
            Decimal(text.replace(",", ""))
        except InvalidOperation:
            continue
        return True
    return False


def read_statistics(data: bytes, *, filename: str, max_bytes: int) -> StatisticsFile:
    """Read the CSV into rows with their year, level and local authority; or StatisticsFileError.

    Rows the file gets wrong whatever the user chooses (a malformed local authority code, a year
    that cannot be read) are `problems`; each figure is read only once a column is chosen."""
    text = _screen(data, filename, max_bytes)
    name = filename or "The file"
    try:
        dialect = csv.Sniffer().sniff(text[:4096].split("\n", 1)[0], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise StatisticsFileError(f"{name} could not be read as a CSV file: {error}.") from error
    numbered = [
        (number, cells) for number, cells in enumerate(records, start=1) if any(c.strip() for c in cells)
    ]
    if not numbered:
        raise StatisticsFileError(f"{name} is empty.")
    headers = numbered[0][1]
    headers = [h.strip() for h in headers]
    columns = {role: _column_of(headers, role) for role in COLUMN_NAMES}
    if columns["year"] is None or (
        columns["code"] is None and columns["old_code"] is None and columns["name"] is None
    ):
        if _looks_like_data(headers):
            shown = ", ".join(h for h in headers[:4] if h)
            raise StatisticsFileError(
                f"{name} has no header row: its first row should name the columns (such as "
                f"time_period, la_name and new_la_code) but holds figures (“{shown}”). Download the "
                "file again, or add the header row it came with."
            )
        missing = []
        if columns["year"] is None:
            missing.append("the year (such as time_period or year)")
        if columns["code"] is None and columns["old_code"] is None and columns["name"] is None:
            missing.append("the local authority (such as new_la_code, old_la_code or la_name)")
        raise StatisticsFileError(
            f"{name} has no column for {' or for '.join(missing)}. Its columns are: "
            f"{', '.join(h for h in headers if h) or 'none'}."
        )
    if len(numbered) == 1:
        raise StatisticsFileError(f"{name} has a header row but no figures.")

    year_header = headers[columns["year"]]
    implied_kind = {
        "academic_year": YearKind.ACADEMIC,
        "financial_year": YearKind.FINANCIAL,
        "calendar_year": YearKind.CALENDAR,
    }.get(normalise(year_header))
    structural = {i for i in columns.values() if i is not None}
    value_columns = [
        h
        for i, h in enumerate(headers)
        if h
        and i not in structural
        and normalise(h) not in NOT_FIGURES
        and not normalise(h).endswith(("_code", "_name"))
    ]

    def cell(cells: Sequence[str], role: str) -> str:
        index = columns[role]
        return cells[index].strip() if index is not None and index < len(cells) else ""

    area_header = next(
        headers[i] for i in (columns["code"], columns["old_code"], columns["name"]) if i is not None
    )
    problems: list[Problem] = []
    rows: list[Row] = []
    skipped = 0
    for number, cells in numbered[1:]:
        if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers) :]):
            problems.append(
                Problem(
                    number,
                    headers[-1] or f"column {len(headers)}",
                    f"the row has {len(cells)} cells but the header row names {len(headers)} columns "
                    "(a comma inside a name that is not in quotes?)",
                )
            )
            continue
        level = _level(
            cell(cells, "level"), has_level_column=columns["level"] is not None, cells=cells, cell=cell
        )
        if level is Level.OTHER:
            skipped += 1
            continue
        year: Year | None = None
        try:
            year = year_of(cell(cells, "year"), cell(cells, "identifier") or implied_kind or "")
        except ValueError as error:
            problems.append(Problem(number, year_header, str(error)))
        code, old_code, la_name = cell(cells, "code"), cell(cells, "old_code"), cell(cells, "name")
        if level is Level.LOCAL_AUTHORITY:
            # A generic "LA code" column may hold the 3-digit codes.
            if code and OLD_CODE.match(code) and not old_code:
                code, old_code = "", code
            for role, value, rule in (("code", code, NEW_CODE), ("old_code", old_code, OLD_CODE)):
                if value and not rule.match(value.upper()):
                    index = columns[role]
                    assert index is not None
                    problems.append(Problem(number, headers[index], f"“{value}” is not one: {CODE_RULE}"))
            if not (code or old_code or la_name):
                problems.append(Problem(number, area_header, "the row has no local authority code or name"))
        rows.append(
            Row(
                number=number,
                level=level,
                year=year,
                code=code.upper(),
                old_code=old_code,
                name=" ".join(la_name.split()),
                region_code=cell(cells, "region_code").upper(),
                region_name=" ".join(cell(cells, "region_name").split()),
                country=cell(cells, "country"),
                cells={h: (cells[i] if i < len(cells) else "") for i, h in enumerate(headers) if h},
            )
        )
    return StatisticsFile(
        filename=filename,
        columns=[h for h in headers if h],
        value_columns=value_columns,
        year_column=year_header,
        rows=rows,
        local_authorities=_local_authorities(rows),
        problems=problems,
        skipped=skipped,
    )


LEVELS = {
    "national": Level.NATIONAL,
    "country": Level.NATIONAL,
    "regional": Level.REGIONAL,
    "region": Level.REGIONAL,
    "local authority": Level.LOCAL_AUTHORITY,
    "local_authority": Level.LOCAL_AUTHORITY,
    "la": Level.LOCAL_AUTHORITY,
}


def _level(
    text: str, *, has_level_column: bool, cells: Sequence[str], cell: Callable[[Sequence[str], str], str]
) -> Level:
    if has_level_column:
        return LEVELS.get(" ".join(text.split()).lower(), Level.OTHER)
    # A file of local authorities only may carry England and its regions as rows named so.
    code = (cell(cells, "code") or cell(cells, "region_code")).upper()
    name = cell(cells, "name").lower()
    if code.startswith("E92") or name == "england":
        return Level.NATIONAL
    if code.startswith("E12"):
        return Level.REGIONAL
    return Level.LOCAL_AUTHORITY


def _local_authorities(rows: Iterable[Row]) -> list[LocalAuthority]:
    found: dict[str, LocalAuthority] = {}
    for row in rows:
        if row.level is Level.LOCAL_AUTHORITY and row.area_key and row.area_key not in found:
            found[row.area_key] = LocalAuthority(
                row.code, row.old_code, row.name, row.region_code, row.region_name
            )
    return sorted(found.values(), key=lambda la: (la.name.casefold(), la.code, la.old_code))


# --- Years and figures -----------------------------------------------------------------------------

KINDS = {kind.value.lower(): kind for kind in YearKind}


def year_of(text: str, identifier: str = "") -> Year:
    """The year a row gives and the date it refers to: a calendar year 2023 → 31 December 2023, an
    academic year 202324 → 31 August 2024, a financial year 2023-24 → 31 March 2024.

    Without a time_identifier, 4 digits are a calendar year and two years an academic year (as in
    the Department for Education's files). ValueError saying why for anything else."""
    text = text.strip()
    wording = " ".join(identifier.split()).lower()
    kind = KINDS.get(wording) if wording else None
    if wording and kind is None:
        raise ValueError(
            f"“{identifier.strip()}” is not a kind of year sendplan reads: use Calendar year, Academic "
            "year or Financial year"
        )
    if not text:
        raise ValueError("the year is blank")
    single = re.fullmatch(r"(\d{4})(?:\.0)?", text)
    double = re.fullmatch(r"(\d{4})\s*[-/]?\s*(\d{2}|\d{4})", text)
    if single:
        start = int(single.group(1))
        if kind in (None, YearKind.CALENDAR):
            return Year(datetime.date(start, 12, 31), str(start))
        example = f"{start}{(start + 1) % 100:02d}"
        raise ValueError(f"an {kind.value.lower()} spans two years, such as {example}, not “{text}”")
    if double:
        start, end = int(double.group(1)), double.group(2)
        if int(end) % (100 if len(end) == 2 else 10000) != (start + 1) % (100 if len(end) == 2 else 10000):
            raise ValueError(f"“{text}” is not a year: the second part should be the year after {start}")
        if kind is YearKind.CALENDAR:
            raise ValueError(f"a calendar year is one year, such as {start}, not “{text}”")
        if kind is YearKind.FINANCIAL:
            return Year(datetime.date(start + 1, 3, 31), f"{start}-{(start + 1) % 100:02d}")
        return Year(datetime.date(start + 1, 8, 31), f"{start}/{(start + 1) % 100:02d}")
    raise ValueError(f"“{text}” is not a year: give it as 2023, or 202324 for an academic or financial year")


def read_figure(text: str) -> Decimal | str:
    """The figure in a cell as a Decimal, or the meaning of its suppression symbol (a str).
    ValueError when it is neither."""
    raw = text.strip()
    marker = raw.lower().strip("[]")
    if marker in SUPPRESSION:
        return SUPPRESSION[marker]
    cleaned = raw.replace(",", "").removesuffix("%").strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(raw) from error
    if not number.is_finite():
        raise ValueError(raw)
    return number


def looks_percent(column: str) -> bool:
    words = normalise(column).split("_")
    return any(w in {"pct", "percent", "percentage", "perc"} for w in words) or "%" in column


def _figure(row: Row, column: str, *, percent: bool) -> tuple[Decimal | None, str, Problem | None]:
    """(figure, note, problem) for a row's cell: a number; a suppression symbol's meaning; or why not."""
    text = row.cells.get(column, "").strip()
    try:
        figure = read_figure(text)
    except ValueError:
        return (
            None,
            "",
            Problem(
                row.number,
                column,
                f"“{text}” is not a number (nor a suppression symbol such as c, x, z or low)",
            ),
        )
    if isinstance(figure, str):
        return None, figure, None
    if percent and figure > 100:
        return None, "", Problem(row.number, column, f"{figure:f} is over 100, so it is not a percentage")
    if percent and figure < 0:
        return None, "", Problem(row.number, column, f"{figure:f} is below 0, so it is not a percentage")
    if abs(figure) >= LARGEST:
        return None, "", Problem(row.number, column, f"{figure:f} is too large a figure for a measure")
    if figure.as_tuple().exponent < -4:  # type: ignore[operator]
        figure = figure.quantize(PLACES)
    return figure, "", None


# --- Choosing and mapping ---------------------------------------------------------------------------


def find_local_authority(file: StatisticsFile, wanted: str) -> tuple[LocalAuthority | None, Problem | None]:
    """The local authority the user named by its code (new or 3-digit) or its name."""
    text = " ".join((wanted or "").split())
    if not text:
        return None, Problem(None, "Local authority", "choose the local authority whose figures to load")
    for la in file.local_authorities:
        if text.upper() in {la.code, la.old_code} - {""}:
            return la, None
    for la in file.local_authorities:
        if la.name and la.name.casefold() == text.casefold():
            return la, None
    count = len(file.local_authorities)
    if CODE_LIKE.match(text):
        why = (
            f"no row of {file.filename or 'the file'} has the local authority code “{text}” "
            f"(it has {count} local authorities): check the code"
        )
        if not (NEW_CODE.match(text.upper()) or OLD_CODE.match(text)):
            why += f" ({CODE_RULE})"
    else:
        why = f"no local authority in {file.filename or 'the file'} is called “{text}” (it has {count})"
    return None, Problem(None, "Local authority", why)


def period_for(day: datetime.date, periods: Sequence[PeriodSlot]) -> PeriodSlot | None:
    """The reporting period whose window holds the date: after the previous period's as-at date and
    on or before its own (`models.period_window`). None after the last period."""
    for period in sorted(periods, key=lambda p: p.as_at):
        if day <= period.as_at:
            return period
    return None


def _date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def _by_year(rows: Iterable[Row], column: str, what: str, problems: list[Problem]) -> dict[Year, Row]:
    """One row per year; a second is a problem (the file has a breakdown, or repeats itself)."""
    found: dict[Year, Row] = {}
    for row in rows:
        if row.year is None:
            continue
        if row.year in found:
            problems.append(
                Problem(
                    row.number,
                    column,
                    f"row {found[row.year].number} already gives {what}'s figure for {row.year.label}: "
                    "keep one row per year (filter out any breakdown, such as age or type, first)",
                )
            )
            continue
        found[row.year] = row
    return found


def plan_load(
    file: StatisticsFile,
    *,
    column: str,
    local_authority: str,
    periods: Sequence[PeriodSlot],
    percent: bool = False,
    england: bool = False,
    region: bool = False,
    existing: Mapping[int, Decimal] | None = None,
    existing_comparators: Iterable[str] = (),
) -> LoadPlan:
    """What loading `column` for the chosen local authority (and, if asked, England's and its region's
    rows as comparators) would do, year by year, and every problem that stops it.

    Each year's date lands in the plan's reporting period whose window holds it. A year after the
    last period, or landing in a published one, is not loaded (not a problem); of two years landing
    in one period the later is loaded. `existing` is the figure already entered per period (pk)."""
    problems = list(file.problems)
    existing = existing or {}
    names_taken = {n.casefold() for n in existing_comparators}
    percent = percent or looks_percent(column)
    if column not in file.columns:
        choices = ", ".join(file.value_columns) or "none"
        why = (
            f"{file.filename or 'the file'} has no column “{column}”: its columns of figures are {choices}"
            if column
            else f"choose the column that holds the figure: {choices}"
        )
        problems.append(Problem(None, "Column", why))
    elif column not in file.value_columns:
        problems.append(
            Problem(
                None, "Column", f"“{column}” describes the rows, not a figure: choose a column of figures"
            )
        )
    la, la_problem = find_local_authority(file, local_authority)
    if la_problem:
        problems.append(la_problem)
    if la is None or any(p.column == "Column" for p in problems):
        return LoadPlan(file.filename, column, la, problems=problems)

    la_rows = _by_year(
        (r for r in file.rows if r.level is Level.LOCAL_AUTHORITY and r.area_key == la.key),
        column,
        la.name or la.code,
        problems,
    )
    # Every year the file gives (for any area) is a year the chosen local authority should have.
    for year in sorted({r.year for r in file.rows if r.year is not None} - set(la_rows)):
        problems.append(
            Problem(
                None,
                file.year_column,
                f"{la.label} has no row for {year.label}, though the file has {year.label} figures for "
                "other areas: the file may have been filtered or cut short",
            )
        )

    comparators = _comparators(file, la, column, percent, england, region, problems, names_taken)

    figures: dict[Year, tuple[Decimal | None, str]] = {}
    for year, row in sorted(la_rows.items()):
        value, note, problem = _figure(row, column, percent=percent)
        if problem:
            problems.append(problem)
        figures[year] = (value, note)

    # The latest year with a figure wins its period.
    winner: dict[int, Year] = {}
    for year, (value, _note) in sorted(figures.items()):
        period = period_for(year.refers_to, periods)
        if value is not None and period is not None:
            winner[period.pk] = year
    last = max(periods, key=lambda p: p.as_at) if periods else None
    lines = []
    for year, (value, note) in sorted(figures.items()):
        row = la_rows[year]
        period = period_for(year.refers_to, periods)
        outcome, reason, replaces = Outcome.NOT_LOADED, "", None
        if value is None:
            outcome, reason = Outcome.NOT_AVAILABLE, note
        elif period is None:
            reason = (
                "the plan has no reporting periods yet"
                if last is None
                else f"no reporting period covers {_date(year.refers_to)}: the plan's last, {last.name}, "
                f"is as at {_date(last.as_at)}"
            )
        elif period.is_published:
            reason = f"{period.name} has been published, so its figures are locked"
        elif winner[period.pk] != year:
            reason = (
                f"{winner[period.pk].label} also lands in {period.name} and is later: a reporting period "
                "holds one figure"
            )
        else:
            outcome, replaces = Outcome.LOAD, existing.get(period.pk)
        lines.append(
            YearLine(
                year=year,
                row=row.number,
                text=row.cells.get(column, "").strip(),
                value=value,
                period=period,
                outcome=outcome,
                reason=reason,
                replaces=replaces,
                comparators=tuple(_comparator_text(series, year) for series in comparators),
            )
        )
    return LoadPlan(file.filename, column, la, lines=lines, comparators=comparators, problems=problems)


def _comparators(
    file: StatisticsFile,
    la: LocalAuthority,
    column: str,
    percent: bool,
    england: bool,
    region: bool,
    problems: list[Problem],
    names_taken: set[str],
) -> list[ComparatorSeries]:
    wanted: list[tuple[str, list[Row], str]] = []
    if england:
        rows = [r for r in file.rows if r.level is Level.NATIONAL]
        if not rows:
            problems.append(
                Problem(None, "England", "the file has no National rows to load England's figures from")
            )
        else:
            wanted.append((rows[0].country or rows[0].name or "England", rows, "England"))
    if region:
        if not la.region:
            problems.append(
                Problem(
                    None, "Region", f"{la.label}'s rows do not name its region, so no region can be loaded"
                )
            )
        else:
            rows = [
                r
                for r in file.rows
                if r.level is Level.REGIONAL
                and (
                    r.region_code == la.region_code
                    if la.region_code and r.region_code
                    else r.region_name.casefold() == la.region_name.casefold()
                )
            ]
            if not rows:
                problems.append(
                    Problem(
                        None, "Region", f"the file has no Regional rows for {la.region}, {la.name}'s region"
                    )
                )
            else:
                wanted.append((la.region, rows, la.region))
    series = []
    for name, rows, what in wanted:
        lines = []
        for year, row in sorted(_by_year(rows, column, what, problems).items()):
            value, note, problem = _figure(row, column, percent=percent)
            if problem:
                problems.append(problem)
            lines.append(ComparatorLine(year, row.number, row.cells.get(column, "").strip(), value, note))
        series.append(ComparatorSeries(name, lines, replaces=name.casefold() in names_taken))
    return series


def _comparator_text(series: ComparatorSeries, year: Year) -> str:
    for line in series.lines:
        if line.year == year:
            return f"{line.value:f}" if line.value is not None else f"Not available ({line.note})"
    return "No figure"


def problems_by_row(problems: Sequence[Problem]) -> list[Problem]:
    """The file's problems as the preview lists them: the whole file's first, then by row."""
    return sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
