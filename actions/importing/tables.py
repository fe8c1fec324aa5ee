"""Where the plan is in the workbook: which sheets, which header row, and the period of a statement
column whose header names none."""

from pathlib import Path

from . import mapping as m
from .mapping import ColumnMapping, first_text_above, header_score
from .reader import Book, ImportProblem, Sheet
from .values import ReportingPeriodGuess, period_in_text

HEADER_SCAN_ROWS = 60  # plans open with a title, a foreword, a key: the table can start well down
MIN_HEADER_FIELDS = 2


def date_undated_columns(
    mapping: ColumnMapping, sheet: Sheet, filename: str, chosen: ReportingPeriodGuess | None
) -> ColumnMapping:
    if not mapping.undated_columns():
        return mapping
    if chosen is not None:
        return mapping.with_undated_period(chosen, f"Reporting period {chosen.name}, as you chose.")
    for where, text in (
        ("the sheet's title", first_text_above(sheet, mapping.header_row)),
        ("the sheet's name", sheet.name),
        ("the file name", Path(filename).stem),
    ):
        if guess := period_in_text(text):
            note = f"The header names no date: reporting period {guess.name} is taken from {where}."
            return mapping.with_undated_period(guess, note)
    return mapping


def find_tables(book: Book, sheet_name: str | None = None) -> list[tuple[Sheet, int]]:
    """The sheets (with their header rows) that hold the plan: the one `find_table` finds, and, when
    no sheet is named, every other sheet laid out the same way (the same field in each column), as
    plans with a sheet per priority or workstream are. A cover sheet, a key or a glossary is left out."""
    first, header_row = find_table(book, sheet_name)
    if sheet_name:
        return [(first, header_row)]
    layout = _layout_of(first, header_row)
    tables = []
    for sheet in book.sheets:
        if sheet is first:
            tables.append((first, header_row))
            continue
        if sheet.is_empty():
            continue
        row = _best_header_row(sheet)
        if row is not None and _layout_of(sheet, row) == layout:
            tables.append((sheet, row))
    return tables


def _layout_of(sheet: Sheet, row: int) -> dict[int, str]:
    return {
        first: match.field
        for first, _last, text in m.header_cells(sheet, row)
        if (match := m.match_header(text))
    }


def _best_header_row(sheet: Sheet) -> int | None:
    best = None
    for row in range(1, min(HEADER_SCAN_ROWS, sheet.max_row) + 1):
        fields, recognised = header_score(sheet, row)
        if fields >= MIN_HEADER_FIELDS and (best is None or (fields, recognised) > best[0]):
            best = ((fields, recognised), row)
    return best[1] if best else None


def find_table(book: Book, sheet_name: str | None = None) -> tuple[Sheet, int]:
    """The sheet and header row that hold the plan: the row naming most known fields wins."""
    if sheet_name:
        chosen = book.sheet_named(sheet_name)
        if chosen is None:
            names = ", ".join(f"“{s.name}”" for s in book.sheets)
            reason = f"There is no sheet called “{sheet_name}”. The sheets are: {names}."
            raise ImportProblem(reason, code="no_such_sheet")
        candidates = [chosen]
    else:
        candidates = book.sheets
    non_empty = [s for s in candidates if not s.is_empty()]
    if not non_empty:
        where = candidates[0].name if len(candidates) == 1 else ""
        raise ImportProblem(
            "The sheet is empty." if where else "Every sheet in the workbook is empty.",
            sheet=where,
            code="empty_sheet",
        )
    best = None
    for index, sheet in enumerate(non_empty):
        for row in range(1, min(HEADER_SCAN_ROWS, sheet.max_row) + 1):
            fields, recognised = header_score(sheet, row)
            if fields >= MIN_HEADER_FIELDS:
                key = (fields, recognised, -index, -row)
                if best is None or key > best[0]:
                    best = (key, sheet, row)
    if best is None:
        raise ImportProblem(
            f"No header row was recognised in the first {HEADER_SCAN_ROWS} rows"
            + (f" of “{non_empty[0].name}”" if len(non_empty) == 1 else " of any sheet")
            + ". sendplan looks for a row naming the columns, such as “Ref”, “Objective”, “Action”, "
            "“Lead”, “By when” and “Position Statement January 2022”. Add such a row above the plan.",
            sheet=non_empty[0].name if len(non_empty) == 1 else "",
            code="no_header",
        )
    return best[1], best[2]


def data_rows(sheet: Sheet, header_row: int) -> range:
    """The rows under the header; a header merged down over two rows ends at its last row."""
    end = header_row
    for r1, _c1, r2, _c2 in sheet.merges:
        if r1 <= header_row <= r2:
            end = max(end, r2)
    return range(end + 1, sheet.max_row + 1)


def cover_title(book: Book, first_table: Sheet) -> str:
    """A plan over several sheets is titled by the sheet before them (a cover), when there is one."""
    for sheet in book.sheets:
        if sheet is first_table:
            return ""
        if text := first_text_above(sheet, sheet.max_row + 1):
            return text
    return ""
