"""Read an uploaded file into plain sheets of cell values, behind guard rails.

The parser should not care whether a plan came as .xlsx or .csv, and it must never be handed
something that can hurt the server. So every check that can be made on the raw bytes is made here,
before openpyxl sees them: the size limit, the encrypted-workbook signature, and the zip bomb test
(openpyxl would inflate every member into memory). Each refusal raises an `ImportProblem` with a
reason an officer can act on.

What comes out is a `Book` of `Sheet`s: cell values as the spreadsheet shows them (cached formula
results, never formulas), the merged ranges (the parser needs them: headings and priority columns are
merged), the cells whose formula has no saved result, so the parser can say why they are blank, and
two styles councils use as meaning: a cell's fill colour (a RAG rating shown as a red, amber or green
cell) and bold text. Colours are resolved to RGB here (indexed palette colours and theme colours
with their tint), so the parser never needs openpyxl's colour model.
Text is cleaned once, here: control characters are removed (with a warning naming the cell), line
endings and non-breaking spaces normalised, surrounding space trimmed.
"""

import colorsys
import csv
import datetime
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Protocol
from xml.etree import ElementTree

from django.conf import settings
from django.template.defaultfilters import pluralize
from openpyxl.utils import get_column_letter

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# An .xlsx is a zip of XML; a real plan inflates to a few MB. Anything that claims more is refused
# before decompression, because openpyxl would hold it all in memory.
DEFAULT_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
# XML compresses well, but not this well: a member this large and this compressible is a bomb.
MAX_COMPRESSION_RATIO = 500
RATIO_CHECK_FROM_BYTES = 10 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
XLSX = "xlsx"  # the kinds of file `screen` accepts
CSV = "csv"
# Office writes a password-protected .xlsx as an OLE2 file with these streams (names in UTF-16).
ENCRYPTION_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))

# C0 and C1 control characters except tab and newline: they break the XML of an export and are
# invisible on the page, so they are removed and the cell is named in a warning.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(eq=False)
class ImportProblem(Exception):
    """Something wrong with the file, located as the spreadsheet shows it (row 7, column "C").

    Raised for a file that cannot be read at all; collected in `ParsedPlan.problems` (these block the
    import) or `ParsedPlan.warnings` (kept, shown in the preview) for everything else. `code` is
    stable for programs and tests; `reason` is written for the officer who uploaded the file.
    """

    reason: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    code: str = ""

    def __post_init__(self) -> None:
        super().__init__(self.reason)

    @property
    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet “{self.sheet}”")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return (
            f"{self.location[:1].upper()}{self.location[1:]}: {self.reason}" if self.location else self.reason
        )


@dataclass
class Sheet:
    """One worksheet as values. Rows and columns are 1-based, as the spreadsheet numbers them."""

    name: str
    rows: list[list[object]]
    # (min_row, min_col, max_row, max_col) of each merged range.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    # (row, column) -> the formula text, for formula cells the file holds no calculated value for.
    formulas_without_value: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, column) -> number format, for numeric cells only: "1.10" stored as a number needs it.
    number_formats: dict[tuple[int, int], str] = field(default_factory=dict)
    # (row, column) -> RGB hex ("FFC000") of a solid fill, empty cells included: a cell coloured in is
    # how many councils write a RAG rating. CSV has no styles, so neither of these.
    fills: dict[tuple[int, int], str] = field(default_factory=dict)
    # The cells whose font is bold: headings and sub-headings are often told apart only by that.
    bold: set[tuple[int, int]] = field(default_factory=set)

    @property
    def max_row(self) -> int:
        return len(self.rows)

    @property
    def max_column(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def value(self, row: int, column: int) -> object:
        if 1 <= row <= len(self.rows):
            cells = self.rows[row - 1]
            if 1 <= column <= len(cells):
                return cells[column - 1]
        return None

    def is_empty(self) -> bool:
        return not any(v is not None for r in self.rows for v in r)


@dataclass
class Book:
    kind: str  # "xlsx" or "csv"
    sheets: list[Sheet]
    warnings: list[ImportProblem] = field(default_factory=list)

    def sheet_named(self, name: str) -> Sheet | None:
        for wanted in (lambda s: s.name == name, lambda s: s.name.strip().lower() == name.strip().lower()):
            for sheet in self.sheets:
                if wanted(sheet):
                    return sheet
        return None


class OwnSheet(Protocol):
    """A sheet read for something other than the plan (measures, findings), recognised by its headers."""

    @property
    def sheet(self) -> Sheet: ...


def split_off[T: OwnSheet](
    book: Book, recognise: Callable[[Sheet], T | None], what: str
) -> tuple[Book, list[T]]:
    """The workbook without the sheets `recognise` takes, and what it made of them. A workbook that is
    nothing but those sheets is refused: `what` names what they hold ("measures")."""
    found = [own for sheet in book.sheets if (own := recognise(sheet)) is not None]
    if not found:
        return book, []
    names = {own.sheet.name for own in found}
    rest = [sheet for sheet in book.sheets if sheet.name not in names]
    if not rest:
        raise ImportProblem(
            f"The file holds {what} but no plan: import the whole workbook the plan was exported to, "
            "with its plan sheet first.",
            code="no_plan_sheet",
        )
    return replace(book, sheets=rest), found


def max_upload_bytes() -> int:
    return getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def read_book(
    file_or_path: str | os.PathLike | bytes | IO[bytes],
    *,
    filename: str,
    max_bytes: int | None = None,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
) -> Book:
    """Read an .xlsx or .csv into a `Book`, or raise the `ImportProblem` that says why not."""
    data, kind = screen(
        file_or_path, filename=filename, max_bytes=max_bytes, max_uncompressed_bytes=max_uncompressed_bytes
    )
    return _read_xlsx(data) if kind == XLSX else _read_csv(data, filename)


def screen(
    file_or_path: str | os.PathLike | bytes | IO[bytes],
    *,
    filename: str,
    max_bytes: int | None = None,
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES,
) -> tuple[bytes, str]:
    """The file's bytes and kind (XLSX or CSV), after the checks that need no unpacking.

    Fast (size, signature, encryption, zip directory), so an upload form can refuse a bad file at
    once and leave the slow reading of rows to a background task.
    """
    limit = max_upload_bytes() if max_bytes is None else max_bytes
    data = _read_bytes(file_or_path, limit)
    if not data:
        raise ImportProblem("The file is empty.", code="empty_file")
    if data.startswith(OLE2_SIGNATURE[:4]):
        raise _encrypted_or_legacy(data)
    if data.startswith(ZIP_SIGNATURE) or zipfile.is_zipfile(io.BytesIO(data)):
        _check_zip(data, max_uncompressed_bytes)
        return data, XLSX
    if filename.lower().endswith((".csv", ".txt")) and b"\x00" not in data:
        return data, CSV
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise ImportProblem(
            f"“{filename}” is named as an Excel workbook but is not one: it may be damaged, or another "
            "kind of file renamed. Open it in Excel and save it as .xlsx.",
            code="not_spreadsheet",
        )
    raise ImportProblem(
        f"“{filename}” is not a spreadsheet sendplan can read. Upload an Excel workbook (.xlsx) or a "
        "CSV file (.csv).",
        code="not_spreadsheet",
    )


def _read_bytes(file_or_path, limit: int) -> bytes:
    too_large = ImportProblem(
        f"The file is larger than the {limit / (1024 * 1024):g} MB limit. Remove other sheets or "
        "images, or split the plan.",
        code="too_large",
    )
    if isinstance(file_or_path, bytes | bytearray):
        data = bytes(file_or_path)
    elif isinstance(file_or_path, str | os.PathLike):
        path = Path(file_or_path)
        if path.stat().st_size > limit:
            raise too_large
        data = path.read_bytes()
    else:
        # Django's UploadedFile knows its size before reading; a plain file object is read one byte
        # past the limit, so a huge upload is never held whole in memory.
        size = getattr(file_or_path, "size", None)
        if size is not None and size > limit:
            raise too_large
        if hasattr(file_or_path, "seek"):
            file_or_path.seek(0)
        data = file_or_path.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def _encrypted_or_legacy(data: bytes) -> ImportProblem:
    if any(stream in data for stream in ENCRYPTION_STREAMS):
        reason = (
            "This workbook is protected with a password, so sendplan cannot read it. Open it in Excel, "
            "remove the password (File › Info › Protect Workbook), save it and upload it again."
        )
    else:
        reason = (
            "This is an encrypted (password-protected) workbook or an old-style .xls file: both are "
            "stored in a format sendplan cannot read. Open it in Excel, remove any password and save it "
            "as an Excel Workbook (.xlsx)."
        )
    return ImportProblem(reason, code="encrypted")


def _check_zip(data: bytes, max_uncompressed_bytes: int) -> None:
    """Refuse a zip bomb from the sizes the archive declares, before anything is inflated."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ImportProblem(
            f"The file looks like an Excel workbook but cannot be opened ({error}). It may be damaged: "
            "open it in Excel and save it again.",
            code="not_spreadsheet",
        ) from None
    bomb = ImportProblem(
        "The workbook would expand to an unreasonable size when opened, so it has been refused "
        f"(more than {max_uncompressed_bytes / (1024 * 1024):g} MB of content). This is what a "
        "“zip bomb” looks like; a real plan is far smaller.",
        code="zip_bomb",
    )
    if len(members) > MAX_ZIP_MEMBERS:
        raise bomb
    if sum(m.file_size for m in members) > max_uncompressed_bytes:
        raise bomb
    for member in members:
        if member.file_size > RATIO_CHECK_FROM_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            raise bomb
    if "xl/workbook.xml" not in names:
        raise ImportProblem(
            "This is a zip archive, not an Excel workbook. Upload the plan as .xlsx or .csv.",
            code="not_spreadsheet",
        )


def _read_xlsx(data: bytes) -> Book:
    # Imported here: openpyxl is slow to import and the CSV path never needs it.
    import openpyxl

    def load(data_only: bool):
        # read_only=False: read-only worksheets do not expose merged cells, and the parser needs them.
        return openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=data_only)

    try:
        values_book = load(data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file; all mean "cannot read".
        raise ImportProblem(
            f"The workbook cannot be opened ({type(error).__name__}: {error}). It may be damaged or "
            "saved by a program sendplan does not support: open it in Excel and save it again.",
            code="not_spreadsheet",
        ) from None
    # Only a workbook that holds formulas is opened a second time, to find formulas with no saved
    # result: openpyxl gives a formula's cached value or the formula, never both.
    formula_book = load(data_only=False) if _has_formulas(data) else None

    book = Book(kind="xlsx", sheets=[])
    styles = _Styles(values_book)
    for ws in values_book.worksheets:
        sheet = Sheet(name=ws.title, rows=[])
        for row in ws.iter_rows():
            values = []
            for cell in row:
                styles.note(cell, sheet)
                value = cell.value
                if isinstance(value, str):
                    value = clean_text(value, book.warnings, sheet.name, cell.row, cell.column)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.number_formats[(cell.row, cell.column)] = cell.number_format
                values.append(value)
            sheet.rows.append(values)
        _trim(sheet)
        sheet.merges = sorted((m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges)
        if formula_book is not None:
            for row in formula_book[ws.title].iter_rows():
                for cell in row:
                    if cell.data_type == "f" and sheet.value(cell.row, cell.column) is None:
                        formula = (
                            cell.value
                            if isinstance(cell.value, str)
                            else str(getattr(cell.value, "text", ""))
                        )
                        sheet.formulas_without_value[(cell.row, cell.column)] = formula
        book.sheets.append(sheet)
    return book


class _Styles:
    """Each cell's fill colour and boldness, looked up once per style of the workbook, not per cell:
    a plan has thousands of cells and a few dozen styles."""

    def __init__(self, workbook) -> None:
        from openpyxl.styles.colors import COLOR_INDEX

        self.workbook = workbook
        palette = getattr(workbook, "_colors", None) or COLOR_INDEX  # a custom palette, if the file has one
        self.palette = list(palette)
        self.theme = _theme_colours(getattr(workbook, "loaded_theme", None))
        self.fills: dict[int, str | None] = {}
        self.bold_fonts: dict[int, bool] = {}

    def note(self, cell, sheet: Sheet) -> None:
        style = getattr(cell, "_style", None)  # openpyxl's StyleArray: ids into the workbook's styles
        if style is None or not cell.has_style:
            return
        if style.fillId not in self.fills:
            self.fills[style.fillId] = self._fill_colour(cell.fill)
        colour = self.fills[style.fillId]
        if colour:
            sheet.fills[(cell.row, cell.column)] = colour
        if style.fontId not in self.bold_fonts:
            self.bold_fonts[style.fontId] = bool(cell.font is not None and cell.font.b)
        if self.bold_fonts[style.fontId]:
            sheet.bold.add((cell.row, cell.column))

    def _fill_colour(self, fill) -> str | None:
        if fill is None or getattr(fill, "fill_type", None) != "solid":
            return None
        return self.rgb(fill.fgColor)

    def rgb(self, colour) -> str | None:
        """RGB hex of an openpyxl Color: as given, from the indexed palette, or the theme with its tint."""
        if colour is None:
            return None
        kind = getattr(colour, "type", None)
        if kind == "rgb" and isinstance(colour.rgb, str) and len(colour.rgb) >= 6:
            return colour.rgb[-6:].upper()
        if kind == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(self.palette):
            return str(self.palette[colour.indexed])[-6:].upper()  # 64 and 65 are "system" colours: none
        if kind == "theme" and isinstance(colour.theme, int) and colour.theme < len(self.theme):
            return _tinted(self.theme[colour.theme], float(colour.tint or 0))
        return None


# The order a theme lists its colours in, and the order cells refer to them by (Excel swaps the first
# two pairs: theme 0 is the light background, lt1).
_THEME_XML_ORDER = ["dk1", "lt1", "dk2", "lt2", *(f"accent{i}" for i in range(1, 7)), "hlink", "folHlink"]
_THEME_INDEX_ORDER = ["lt1", "dk1", "lt2", "dk2", *_THEME_XML_ORDER[4:]]


def _theme_colours(theme_xml: bytes | str | None) -> list[str]:
    """The theme's colours as RGB hex, in the order cells index them; [] when there is no theme."""
    if not theme_xml:
        return []
    namespace = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
    try:
        root = ElementTree.fromstring(theme_xml)
    except ElementTree.ParseError:
        return []
    scheme = root.find(f"{namespace}themeElements/{namespace}clrScheme")
    if scheme is None:
        return []
    found: dict[str, str] = {}
    for name in _THEME_XML_ORDER:
        element = scheme.find(f"{namespace}{name}")
        if element is None or not len(element):
            continue
        colour = element[0]
        value = colour.get("lastClr") if colour.tag.endswith("sysClr") else colour.get("val")
        if value and re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            found[name] = value.upper()
    if len(found) != len(_THEME_XML_ORDER):
        return []  # a partial theme would shift the indexes: resolve none rather than guess
    return [found[name] for name in _THEME_INDEX_ORDER]


def _tinted(rgb: str, tint: float) -> str:
    """A theme colour lightened (tint > 0) or darkened (tint < 0), as Excel applies a tint."""
    if not tint:
        return rgb
    red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    lightness = lightness * (1 + tint) if tint < 0 else lightness * (1 - tint) + tint
    out = colorsys.hls_to_rgb(hue, min(max(lightness, 0.0), 1.0), saturation)
    return "".join(f"{round(v * 255):02X}" for v in out)


def _has_formulas(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name)
                if b"<f>" in xml or b"<f " in xml or b"<x:f" in xml:
                    return True
    return False


def _read_csv(data: bytes, filename: str) -> Book:
    book = Book(kind="csv", sheets=[])
    name = Path(filename).stem or "CSV"
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if encoding != "utf-8-sig":
        book.warnings.append(
            ImportProblem(
                "The file is not UTF-8, so it was read as Windows text (cp1252). Check accented "
                "letters and dashes in the preview.",
                sheet=name,
                code="encoding",
            )
        )
    sample = text[:20000]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    sheet = Sheet(name=name, rows=[])
    for row_number, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
        sheet.rows.append(
            [clean_text(v, book.warnings, name, row_number, col) for col, v in enumerate(row, start=1)]
        )
    _trim(sheet)
    book.sheets.append(sheet)
    return book


def clean_text(value: str, warnings: list, sheet: str, row: int, column: int) -> str | None:
    """Trimmed text with normalised line endings; control characters removed with a warning."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    # openpyxl leaves Excel's escaped carriage return in place.
    text = text.replace("_x000D_", "")
    found = CONTROL_CHARACTERS.findall(text)
    if found:
        text = CONTROL_CHARACTERS.sub("", text)
        codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
        warnings.append(
            ImportProblem(
                f"Removed {len(found)} control character{pluralize(len(found))} ({codes}) "
                "that cannot be shown or saved.",
                sheet=sheet,
                row=row,
                column=get_column_letter(column),
                code="control_characters",
            )
        )
    text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
    return text or None


def _trim(sheet: Sheet) -> None:
    """Drop trailing empty rows and cells: formatted-but-empty rows make max_row useless."""
    for cells in sheet.rows:
        while cells and cells[-1] is None:
            cells.pop()
    while sheet.rows and not sheet.rows[-1]:
        sheet.rows.pop()


def cell_text(value: object) -> str:
    """A cell value as text, the way the spreadsheet would display it (dates as 31/01/2022)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return f"{value:%d/%m/%Y}" if value.time() == datetime.time() else f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
