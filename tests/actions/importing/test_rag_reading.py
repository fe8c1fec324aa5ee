"""How a RAG rating is read from what councils write: words at the start of a progress cell, cell
colours, several rated lines in one cell, and RAG columns per period.

The reader gives the parser each cell's fill colour and boldness; values.py turns words and colours
into ratings. Whole layouts are checked in test_layouts.py; these are the rules one by one.
"""

import io

import openpyxl
import pytest
from openpyxl.styles import Color, Font, PatternFill

from actions.importing.reader import read_book


def xlsx_bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def solid(colour: Color | str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=colour)


# The reader: cell styles ----------------------------------------------------------------------------


def test_the_reader_gives_each_filled_cell_its_colour_as_rgb():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Green"
    sheet["A1"].fill = solid("FF00B050")  # ARGB, as Excel writes it
    sheet["B1"].fill = solid(Color(indexed=10))  # the old 56-colour palette: 10 is red
    sheet["C1"] = "lightened accent"
    sheet["C1"].fill = solid(Color(theme=9, tint=0.0))  # accent 6 of the default theme
    sheet["D1"] = "striped"
    sheet["D1"].fill = PatternFill(fill_type="lightGray", fgColor="FFFF0000")  # not a solid fill
    sheet["E1"] = "plain"
    (read,) = read_book(xlsx_bytes(book), filename="plan.xlsx").sheets
    assert read.fills == {(1, 1): "00B050", (1, 2): "FF0000", (1, 3): "F79646"}


def test_a_theme_colour_keeps_its_tint():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "darker"
    sheet["A1"].fill = solid(Color(theme=5, tint=-0.5))  # accent 2, C0504D, half as light
    sheet["A2"] = "lighter"
    sheet["A2"].fill = solid(Color(theme=5, tint=0.5))
    (read,) = read_book(xlsx_bytes(book), filename="plan.xlsx").sheets
    darker, lighter = read.fills[(1, 1)], read.fills[(2, 1)]
    assert int(darker[:2], 16) < 0xC0 < int(lighter[:2], 16)
    assert darker[:2] > darker[2:4] and lighter[:2] > lighter[2:4]  # still red


def test_an_empty_cell_keeps_its_fill_and_bold_cells_are_listed():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Objective", "RAG"])
    sheet.append(["Do it", None])
    sheet["B2"].fill = solid("FFFFC000")
    sheet["A1"].font = Font(bold=True)
    sheet["B1"].font = Font(bold=True)
    sheet["A2"].font = Font(italic=True)
    (read,) = read_book(xlsx_bytes(book), filename="plan.xlsx").sheets
    assert read.fills == {(2, 2): "FFC000"}
    assert read.bold == {(1, 1), (1, 2)}


def test_a_csv_has_no_styles():
    (read,) = read_book(b"Objective,RAG\nDo it,Red\n", filename="plan.csv").sheets
    assert read.fills == {} and read.bold == set()


@pytest.mark.parametrize("theme_xml", [None, b"", b"<not xml", b"<a:theme xmlns:a='x'/>"])
def test_a_workbook_without_a_usable_theme_leaves_theme_colours_out(theme_xml):
    from actions.importing.reader import _theme_colours

    assert _theme_colours(theme_xml) == []
