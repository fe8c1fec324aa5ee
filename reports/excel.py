"""The board pack and the Schools Forum pack as an Excel workbook, rendered from a `PackData` only.

Sheets: "Summary" (title block, RAG counts per priority, movement since the previous period, and
the termly cycle's counts: No update, awaiting confirmation, carried forward, slipped), "Actions"
(one row per action, filterable, with whether its rating is confirmed, carried forward and its
original due date), for the Schools Forum pack "Progress" in the columns Schools Forum papers use,
and "Measures" (one row per impact measure in the pack: its trajectory, then each reporting period's
figure, expected value and RAG, then its current RAG and trend; figures are numbers with their unit
in the number format, so they add up and chart in Excel). Nothing here touches the ORM (see packs.py).

Why write-only mode: a 5,000-action plan is 80,000 cells; the write-only worksheet streams rows to a
temporary file instead of keeping a `Cell` per value. Its constraints shape the code: column widths,
frozen panes and print titles are set before the first row; rows can only be appended. Named styles
are not usable there, so each style is built once per workbook (`_Styles`) and its `StyleArray` (a
row of indexes into the workbook's fonts, fills, borders...) is shared by every cell that uses it:
building a Font or Fill per cell would cost a hash and a lookup each time.

Text written by users can never become a formula or an error value. openpyxl types a str as a formula
when it starts with "=", and as an error when it equals "#N/A" and the like (`Cell._bind_value`), so
every text cell is forced to the string type after its value is set. Text starting with a character a
spreadsheet may read as the start of a formula (= + - @, tab, carriage return, per OWASP's CSV
injection guidance; also their full-width forms) also gets Excel's "quote prefix" flag: the cell shows
exactly the text written, with no visible apostrophe, and stays text if someone edits it in Excel or
LibreOffice and presses Enter. The text itself is never changed, so a statement beginning "- met the
SENCOs" reads as written. Characters XML cannot carry (control characters) are dropped; vertical tab
and form feed, which Word pastes for line and page breaks, become line breaks. The cleaning and the
formula triggers live in actions/cells.py, shared with the plan export.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from actions.cells import FORMULA_TRIGGERS, clean_text
from actions.cycle.models import NO_UPDATE, Movement
from actions.measures.selectors import MeasureReport

from .charts import RAG_PAINT
from .monitoring import MIX_KEYS, MonitoringData
from .packs import FORUM, MONITORING, PackAction, PackData, PackObjective, PackPriority
from .rag import RAG_KEYS, RAG_LABELS

DATE_FORMAT = "d mmm yyyy"

ACTION_COLUMNS = [  # (header, width in characters)
    ("Priority", 30),
    ("Objective ref", 10),
    ("Objective", 35),
    ("Ref", 8),
    ("Action", 50),
    ("Lead", 25),
    ("Supporting", 25),
    ("Due date", 12),
    ("Timeframe", 14),
    ("Success measures", 40),
    ("Previous RAG", 12),
    ("RAG", 11),
    ("Position statement", 80),
    ("Statement period", 18),
    ("Overdue", 9),
    ("Movement", 11),
    # The termly cycle's marks, after the columns earlier packs had, so those keep their letters.
    ("Rating confirmed", 11),
    ("Carried forward", 11),
    ("Original due date", 12),
]

PROGRESS_COLUMNS = [
    ("Recommendation / objective", 40),
    ("How", 50),
    ("Who", 25),
    ("By when", 14),
    ("Impact measure", 40),
    ("Progress", 11),
    ("Statement", 80),
]

SUMMARY_COLUMNS = [  # first column holds the title block's labels and the priority labels
    ("Priority", 45),
    *((RAG_LABELS[key], 11) for key in RAG_KEYS),
    ("Total", 9),
    ("Overdue", 10),
    ("No statement this period", 14),
]

MOVEMENT_LABELS = {m.value: m.label for m in Movement}

MEASURE_COLUMNS = [  # then, per reporting period, MEASURE_PERIOD_COLUMNS; then MEASURE_END_COLUMNS
    ("Measure", 45),
    ("Unit", 14),
    ("Which way is better", 16),
    ("Lead", 25),
    ("Baseline date", 12),
    ("Baseline", 11),
    ("Target date", 12),
    ("Target", 11),
]
MEASURE_PERIOD_COLUMNS = [("{} value", 11), ("{} expected", 11), ("{} RAG", 11)]
MEASURE_END_COLUMNS = [("Current RAG", 11), ("Rating confirmed", 11), ("Trend", 14)]
# The unit goes in the number format, never into the value: 52.3 shows as "52.3%" and stays 52.3, as
# the page shows it (actions.measures.models.format_figure). "{}" takes the digits' format.
MEASURE_FORMATS = {
    "percent": '{}"%"',
    "pounds": '"£"{}',
    "days": '{}" days"',
    "rate_10000": '{}" per 10,000"',
    "number": "{}",
}


def render_xlsx(pack: PackData) -> bytes:
    """The pack as .xlsx bytes."""
    wb = Workbook(write_only=True)
    wb.properties.title = clean_text(pack.cover.title)
    wb.properties.creator = "sendplan"
    wb.properties.subject = clean_text(pack.plan_title)
    if pack.audience == MONITORING:
        findings = pack.findings or MonitoringData([], [pack.period.name], [])
        _findings_sheet(wb, findings)
        _actions_by_finding_sheet(wb, findings)
    else:
        _summary_sheet(wb, pack)
        _actions_sheet(wb, pack)
    if pack.audience == FORUM:
        _progress_sheet(wb, pack)
    _measures_sheet(wb, pack)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Cells ---------------------------------------------------------------------------------------


class _Styles:
    """Every style the workbook uses, each built once and shared by all its cells."""

    def __init__(self, ws):
        self._ws = ws
        top = Alignment(vertical="top")
        wrap = Alignment(wrap_text=True, vertical="top")
        bottom_rule = Border(bottom=Side(style="medium", color="000000"))
        bold = _font(bold=True)
        self.text = self._make(alignment=wrap)
        self.text_quoted = self._make(alignment=wrap, quote_prefix=True)
        self.plain = self._make(alignment=top)
        self.plain_quoted = self._make(alignment=top, quote_prefix=True)
        self.date = self._make(alignment=top, number_format=DATE_FORMAT)
        self.date_left = self._make(alignment=Alignment(horizontal="left"), number_format=DATE_FORMAT)
        self.header = self._make(font=bold, border=bottom_rule, alignment=wrap)
        self.bold = self._make(font=bold, alignment=top)
        self.bold_quoted = self._make(font=bold, alignment=top, quote_prefix=True)
        self.title = self._make(font=_font(bold=True, size=14))
        self.title_quoted = self._make(font=_font(bold=True, size=14), quote_prefix=True)
        self.total = self._make(font=bold, border=Border(top=Side(style="thin", color="000000")))
        self.rag = {}
        self.rag_header = {}
        for key in RAG_KEYS:
            paint = RAG_PAINT[key]
            fill = PatternFill(fill_type="solid", start_color=_argb(paint.fill), end_color=_argb(paint.fill))
            font = _font(color=_argb(paint.ink), bold=key == "red")
            self.rag[key] = self._make(font=font, fill=fill, alignment=top)
            self.rag_header[key] = self._make(
                font=_font(color=_argb(paint.ink), bold=True), fill=fill, border=bottom_rule, alignment=wrap
            )

    def _make(
        self, *, font=None, fill=None, border=None, alignment=None, number_format=None, quote_prefix=False
    ):
        cell = WriteOnlyCell(self._ws)
        if font:
            cell.font = font
        if fill:
            cell.fill = fill
        if border:
            cell.border = border
        if alignment:
            cell.alignment = alignment
        if number_format:
            cell.number_format = number_format
        if quote_prefix:
            cell.quotePrefix = True
        return cell._style

    def cell(self, value, style):
        """A cell in `style`: the value is set after the style so a date keeps the date format."""
        cell = WriteOnlyCell(self._ws)
        cell._style = style
        cell.value = value
        return cell

    def text_cell(self, text: str, style=None, quoted=None):
        """A string cell that is never a formula or an error value, whatever the text; None if empty."""
        text = clean_text(text) if text else ""
        if not text:
            return None
        cell = WriteOnlyCell(self._ws)
        cell._style = (quoted or self.text_quoted) if text[0] in FORMULA_TRIGGERS else (style or self.text)
        cell.value = text
        cell.data_type = "s"
        return cell

    def rag_cell(self, key: str | None):
        key = key or "no_update"
        return self.cell(RAG_LABELS[key], self.rag[key])

    def date_cell(self, day: datetime.date | None, style=None):
        return self.cell(day, style or self.date) if day else None


def _font(**changes) -> Font:
    """The default font (Calibri 11) with changes: a font that names no face or size is left to each
    spreadsheet program's own default."""
    return Font(**{"name": "Calibri", "size": 11, "family": 2, "scheme": "minor", **changes})


def _argb(colour: str) -> str:
    return "FF" + colour.lstrip("#").upper()


class _CellRowsWorksheet(WriteOnlyWorksheet):
    """A write-only worksheet that takes the cells this module makes without first trying each as a value.

    openpyxl's `_values_to_row` assigns every appended item to a scratch cell's `value` and only uses
    the item as a cell when that raises ValueError, whose message formats the cell's repr; then it makes
    a fresh scratch cell. For rows of styled cells that was about a fifth of the render time
    (bench/excel.py). Nothing depends on this override for correctness: were openpyxl to rename the
    method, the parent's would run and give the same workbook, only slower.
    """

    def _values_to_row(self, values, row_idx):
        for column, value in enumerate(values, 1):
            if value is None:
                continue
            cell = value if isinstance(value, Cell) else WriteOnlyCell(self, value)
            cell.column = column
            cell.row = row_idx
            yield cell


def _sheet(wb, title: str, columns: list[tuple[str, int]], *, frozen: bool):
    """A write-only sheet with its column widths, frozen header and print set-up (all before row 1)."""
    ws = _CellRowsWorksheet(parent=wb, title=title)
    wb._add_sheet(ws)  # what Workbook.create_sheet does, with the sheet class above
    for index, (_, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if frozen:
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"  # the header on every printed page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages tall as it takes
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    return ws


def _header(ws, styles: _Styles, columns: list[tuple[str, int]]) -> None:
    ws.append([styles.cell(name, styles.header) for name, _ in columns])


def _filter(ws, columns: list, rows: int) -> None:
    """Autofilter over the header and the data (set after the rows: it is written at the end)."""
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{rows + 1}"


# --- Sheets --------------------------------------------------------------------------------------


def _summary_sheet(wb, pack: PackData) -> None:
    ws = _sheet(wb, "Summary", SUMMARY_COLUMNS, frozen=False)
    s = _Styles(ws)

    def line(label: str, value) -> None:
        ws.append([s.cell(label, s.bold), value])

    ws.append([s.text_cell(pack.cover.title, s.title, s.title_quoted)])
    ws.append([s.text_cell(pack.plan_title, s.bold, s.bold_quoted)])
    ws.append([])
    line("Local area", s.text_cell(pack.local_area, s.plain, s.plain_quoted))
    line("Audience", s.text_cell(pack.audience_name, s.plain, s.plain_quoted))
    line("Reporting period", s.text_cell(pack.period.name, s.plain, s.plain_quoted))
    line("As at", s.date_cell(pack.period.as_at, s.date_left))
    line("Author", s.text_cell(pack.cover.author, s.plain, s.plain_quoted))
    line("Generated", s.date_cell(pack.generated_on, s.date_left))
    ws.append([])

    header = [s.cell("Priority", s.header)]
    header += [s.cell(RAG_LABELS[key], s.rag_header[key]) for key in RAG_KEYS]
    header += [s.cell(name, s.header) for name, _ in SUMMARY_COLUMNS[len(RAG_KEYS) + 1 :]]
    ws.append(header)
    for priority in pack.priorities:
        fig = priority.figures
        ws.append([s.text_cell(fig.label), *(s.cell(n, s.plain) for n in _figure_counts(fig))])
    ws.append([s.cell("Total", s.total), *(s.cell(n, s.total) for n in _figure_counts(pack.summary))])
    ws.append([])

    since = f"Movement since {pack.previous.name}" if pack.previous else "Movement (no previous period)"
    ws.append([s.text_cell(since, s.header, s.header), s.cell("Actions", s.header)])
    for value, label in MOVEMENT_LABELS.items():
        ws.append([label, pack.summary.movement.get(value, 0)])
    ws.append([])

    ws.append([s.text_cell(CYCLE_HEADING, s.header, s.header), s.cell("Actions", s.header)])
    for label, count in cycle_counts(pack):
        ws.append([label, count])


CYCLE_HEADING = "Updates and due dates"


def cycle_counts(pack: PackData) -> list[tuple[str, int]]:
    """The termly cycle's counts, worded as the PDF words them (templates/reports/pack/_body.html)."""
    fig = pack.summary
    return [
        (f"No update: no rating as at {pack.period.name}", fig.rag.no_update),
        ("Ratings awaiting confirmation", fig.unconfirmed),
        ("Carried forward: no change since last period", fig.carried),
        ("Slipped: due date moved later than first agreed", fig.slipped),
    ]


def _figure_counts(fig) -> list[int]:
    return [*(n for _, _, n in fig.rag.items()), fig.rag.total, fig.overdue, fig.not_updated]


def _actions_sheet(wb, pack: PackData) -> None:
    ws = _sheet(wb, "Actions", ACTION_COLUMNS, frozen=True)
    s = _Styles(ws)
    _header(ws, s, ACTION_COLUMNS)
    text, plain = s.text_cell, s.plain
    rows = 0
    for priority, objective, a in _walk(pack.priorities):
        ws.append(
            [
                text(priority.label),
                text(objective.ref, plain, s.plain_quoted),
                text(objective.title),
                text(a.ref, plain, s.plain_quoted),
                text(a.description),
                text(a.leads),
                text(a.supporting),
                s.date_cell(a.due_date),
                text(a.timeframe),
                text(a.success_measures),
                s.rag_cell(a.previous_rag),
                s.rag_cell(a.rag),
                text(a.statement),
                text(a.statement_period),
                s.cell("Yes" if a.is_overdue else "No", plain),
                s.cell(MOVEMENT_LABELS[a.movement], plain) if a.movement else None,
                s.cell(a.rating_confirmed, plain) if a.rating_confirmed else None,
                s.cell("Yes" if a.is_carried_forward else "No", plain),
                s.date_cell(a.original_due_date),
            ]
        )
        rows += 1
    _filter(ws, ACTION_COLUMNS, rows)


def _progress_sheet(wb, pack: PackData) -> None:
    """The Schools Forum's shape: what was recommended, how, who, by when, impact, progress."""
    ws = _sheet(wb, "Progress", PROGRESS_COLUMNS, frozen=True)
    s = _Styles(ws)
    _header(ws, s, PROGRESS_COLUMNS)
    text = s.text_cell
    rows = 0
    for _, objective, a in _walk(pack.priorities):
        ws.append(
            [
                text(f"{objective.ref} {objective.title}".strip()),
                text(f"{a.ref} {a.description}".strip()),
                text(a.leads),
                s.date_cell(a.due_date) or text(a.timeframe or "Not set"),
                text(a.success_measures),
                s.rag_cell(a.rag),
                text(a.statement),
            ]
        )
        rows += 1
    _filter(ws, PROGRESS_COLUMNS, rows)


def measure_columns(pack: PackData) -> list[tuple[str, int]]:
    """The Measures sheet's columns: the periods are those of the pack's measures (all share them)."""
    periods = [row.period_name for row in pack.measures[0].figures] if pack.measures else []
    each = [(name.format(period), width) for period in periods for name, width in MEASURE_PERIOD_COLUMNS]
    return [*MEASURE_COLUMNS, *each, *MEASURE_END_COLUMNS]


def measure_number_format(report: MeasureReport) -> str:
    """Thousands separated, with as many decimal places as the measure's figures need (at most one,
    two for a rate per 10,000 under 10, as `format_figure` writes them)."""
    values = [row.value for row in report.figures if row.value is not None]
    values += [row.value for row in report.trajectory]
    if report.unit == "rate_10000" and any(abs(v) < 10 for v in values):
        digits = "#,##0.00"
    elif all(v == v.to_integral_value() for v in values):
        digits = "#,##0"
    else:
        digits = "#,##0.0"
    return MEASURE_FORMATS.get(report.unit, "{}").format(digits)


def _measures_sheet(wb, pack: PackData) -> None:
    columns = measure_columns(pack)
    ws = _sheet(wb, "Measures", columns, frozen=True)
    ws.freeze_panes = "B2"  # the header and the measure's name stay in view across the periods
    s = _Styles(ws)
    _header(ws, s, columns)
    text = s.text_cell
    numbers: dict[str, object] = {}

    def number(value, report: MeasureReport):
        if value is None:
            return None
        number_format = measure_number_format(report)
        if number_format not in numbers:
            numbers[number_format] = s._make(alignment=Alignment(vertical="top"), number_format=number_format)
        return s.cell(value, numbers[number_format])

    def rag(key: str):
        return s.rag_cell(key) if key else None

    for report in pack.measures:
        baseline, target, current = report.baseline, report.target, report.current
        row = [
            text(report.name),
            text(report.unit_label, s.plain),
            text(report.direction_label, s.plain),
            text(report.lead or report.lead_partner),
            s.date_cell(baseline.date) if baseline else None,
            number(baseline.value, report) if baseline else None,
            s.date_cell(target.date) if target else None,
            number(target.value, report) if target else None,
        ]
        for figure in report.figures:
            expected = figure.expected.quantize(PLACES) if figure.expected is not None else None
            row += [number(figure.value, report), number(expected, report), rag(figure.rag)]
        row += [
            s.rag_cell(current.rag) if current.rag else s.cell(NO_FIGURE, s.rag[NO_UPDATE]),
            s.cell("No" if current.is_unconfirmed else "Yes", s.plain) if current.has_figure else None,
            text(report.trend_text, s.plain),
        ]
        ws.append(row)
    _filter(ws, columns, len(pack.measures))


NO_FIGURE = "No figure"
PLACES = Decimal("0.0001")  # as stored: an expected value read off the trajectory has many more


# --- Inspection findings: the monitoring pack's sheets and the priority action plan -------------------

FINDING_COLUMNS = [
    ("Ref", 9),
    ("Kind", 22),
    ("Finding", 60),
    ("Directed to", 25),
    ("Answered through objectives", 30),
    ("Actions", 9),
    *((RAG_LABELS[key], 10) for key in MIX_KEYS),
    ("Overdue", 9),
    ("Impact measures", 35),
    ("Warnings", 60),
]
ACTIONS_BY_FINDING_START = [
    ("Finding ref", 10),
    ("Action ref", 10),
    ("Action", 50),
    ("Plan", 25),
    ("Lead", 25),
    ("Due date", 12),
    ("Timeframe", 14),
]
ACTIONS_BY_FINDING_END = [("Latest position statement", 80), ("Statement period", 18), ("Overdue", 9)]
PRIORITY_PLAN_COLUMNS = [
    ("Finding / action", 12),
    ("Area for action / action", 60),
    ("Lead", 25),
    ("Accountable partner", 25),
    ("Milestones / due date", 16),
    ("Success criteria", 45),
    ("RAG", 11),
    ("Latest position statement", 80),
]


def actions_by_finding_columns(periods: list[str]) -> list[tuple[str, int]]:
    """The fixed columns, then one "<period> RAG" per period, oldest first, then the statement's."""
    return [*ACTIONS_BY_FINDING_START, *((f"{name} RAG", 12) for name in periods), *ACTIONS_BY_FINDING_END]


def _findings_sheet(wb, data: MonitoringData) -> None:
    """One row per finding: its counts as at the period and its warnings."""
    ws = _sheet(wb, "Findings", FINDING_COLUMNS, frozen=True)
    s = _Styles(ws)
    _header(ws, s, FINDING_COLUMNS)
    text, plain = s.text_cell, s.plain
    for f in data.findings:
        ws.append(
            [
                text(f.reference, plain, s.plain_quoted),
                text(f.kind_label, plain),
                text(f.text),
                text(f.directed_to),
                text("\n".join(f.objectives)),
                s.cell(len(f.actions), plain),
                *(s.cell(count, plain) for _key, count in f.rag_cells),
                s.cell(f.overdue, plain),
                text("\n".join(f"{m.name}: {m.rag_word}" for m in f.measures)),
                text("\n".join(f.warnings)),
            ]
        )
    _filter(ws, FINDING_COLUMNS, len(data.findings))


def _actions_by_finding_sheet(wb, data: MonitoringData) -> None:
    """One row per action per finding it answers, with its RAG in each period up to the pack's."""
    columns = actions_by_finding_columns(data.periods)
    ws = _sheet(wb, "Actions by finding", columns, frozen=True)
    s = _Styles(ws)
    _header(ws, s, columns)
    text, plain = s.text_cell, s.plain
    rows = 0
    for f in data.findings:
        for a in f.actions:
            ws.append(
                [
                    text(f.reference, plain, s.plain_quoted),
                    text(a.ref, plain, s.plain_quoted),
                    text(a.description),
                    text(a.plan_title),
                    text(a.lead),
                    s.date_cell(a.due_date),
                    None if a.due_date else text(a.when, plain),
                    *(s.rag_cell(rag) for rag in a.history),
                    text(a.statement),
                    text(a.statement_period),
                    s.cell("Yes" if a.is_overdue else "No", plain),
                ]
            )
            rows += 1
    _filter(ws, columns, rows)


def render_priority_action_plan(data: MonitoringData, *, title: str, period_name: str) -> bytes:
    """The priority action plan as areas publish it: one sheet, a row per finding and under it a row per
    action answering it (lead, accountable partner, due date, success criteria, RAG, latest statement)."""
    wb = Workbook(write_only=True)
    wb.properties.title = clean_text(title)
    wb.properties.creator = "sendplan"
    ws = _sheet(wb, "Priority action plan", PRIORITY_PLAN_COLUMNS, frozen=False)
    s = _Styles(ws)
    text, plain = s.text_cell, s.plain
    ws.append([text(title, s.title, s.title_quoted)])
    ws.append([text(f"RAG ratings and statements as at {period_name}", plain)])
    ws.append([])
    _header(ws, s, PRIORITY_PLAN_COLUMNS)
    if not data.findings:
        ws.append([None, text("No inspection findings are recorded for this plan.", plain)])
    for f in data.findings:
        ws.append(
            [
                text(f.reference, s.bold, s.bold_quoted),
                text(f"{f.kind_label}: {f.text}", s.bold, s.bold_quoted),
                None,
                text(f.directed_to, s.bold, s.bold_quoted),
                None,
                None,
                None,
                text("; ".join(f.warnings) or "", s.bold, s.bold_quoted),
            ]
        )
        for a in f.actions:
            ws.append(
                [
                    text(a.ref, plain, s.plain_quoted),
                    text(a.description),
                    text(a.lead),
                    text(a.accountable),
                    s.date_cell(a.due_date) if a.due_date else text(a.when, plain),
                    text(a.success_measures),
                    s.rag_cell(a.rag),
                    text(a.statement),
                ]
            )
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _walk(priorities: list[PackPriority]) -> Iterable[tuple[PackPriority, PackObjective, PackAction]]:
    """Every action with its priority and objective, in `PackData.actions` order."""
    for priority in priorities:
        for objective in priority.objectives:
            for action in objective.actions:
                yield priority, objective, action
