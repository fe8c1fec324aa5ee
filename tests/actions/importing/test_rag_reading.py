"""How a RAG rating is read from what councils write: words at the start of a progress cell, cell
colours, several rated lines in one cell, and RAG columns per period.

The reader gives the parser each cell's fill colour and boldness; values.py turns words and colours
into ratings. Whole layouts are checked in test_layouts.py; these are the rules one by one.
"""

import io

import openpyxl
import pytest
from openpyxl.styles import Color, Font, PatternFill

from actions.importing.parse import parse_workbook
from actions.importing.reader import read_book
from actions.importing.splitting import split_actions, statement_lines
from actions.importing.values import (
    is_rating_only,
    rag_from_cell,
    rag_from_colour,
    rag_from_narrative,
    worst_rag,
)


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


# Words: a rating at the start of a progress cell -----------------------------------------------------

RATED = [
    ("Amber Pilot implementation to begin in two schools by March 2019", "amber"),
    ("GREEN – on track", "green"),
    ("Green - on track", "green"),
    ("amber slippage on recruitment", "amber"),
    ("Complete: report published", "blue"),
    ("Completed in March, report with the board", "blue"),
    ("COMPLETE report published", "blue"),
    ("On track – all twelve schools signed up", "green"),
    ("On track to finish by July", "green"),
    ("At risk: funding not yet agreed", "amber"),
    ("Off track due to staffing", "red"),
    ("Not started …", "red"),
    ("Not started yet: waiting for the new SENCo", "red"),
    ("Not yet started", "red"),
    ("Status: On track", "green"),
    ("R", "red"),
    ("A", "amber"),
    ("G", "green"),
    ("B", "blue"),
    ("A - slippage on recruitment", "amber"),
    ("G: training booked", "green"),
    ("R) no progress", "red"),
    ("Work continues with schools (G)", "green"),
    ("Work continues (On track)", "green"),
    ("1. Amber Pilot started", "amber"),
    ("• Green – first cohort trained", "green"),
    ("Amber Green slippage", "amber"),
    ("(G) First cohort trained", "green"),
    ("Work continues (A)", "amber"),
    ("Status: G", "green"),
    ("Rating: Complete", "blue"),
]
PROSE = [
    "Green Paper consultation closes in May",
    "Green Lane Primary hosted the first network meeting",
    "Red Kite Academy joined the pilot",
    "Red Oak Primary School has joined",
    "Blue Badge holders were consulted",
    "Amber Valley Council shared its toolkit",
    "Green spaces audit for families",
    "The review is complete",
    "Attainment dashboards are complete and will be sent out",
    "A pilot scheme is planned for the summer",
    "A-level results were analysed",
    "B Demoford to lead the next workshop",
    "G Examplewood confirmed the venue",
    "M Green to confirm the venue",
    "Complete the audit by March",
    "At risk pupils are identified each term",
    "(a) Train staff",
    "On-site visits resumed",
    "(A) Train staff",
    "(B) Audit the plans",
    "Status: a review is under way",
    "See (a) below",
]


@pytest.mark.parametrize("text, rag", RATED)
def test_a_rating_written_at_the_start_of_a_progress_cell_is_read(text, rag):
    assert rag_from_narrative(text) == rag
    assert rag_from_cell(text) == rag


@pytest.mark.parametrize("text", PROSE)
def test_prose_that_starts_with_a_colour_or_a_status_word_stays_unrated(text):
    assert rag_from_narrative(text) == "not_rated"
    assert rag_from_cell(text) is None


def test_several_rated_lines_read_as_the_worst():
    text = "1. Amber Pilot under way\n2. Green Training done\n3. Complete: report published"
    assert rag_from_narrative(text) == "amber"
    assert rag_from_narrative("Green first\nRed second") == "red"
    assert worst_rag(["blue", "not_rated", "green"]) == "green"
    assert worst_rag(["not_rated"]) == "not_rated"


@pytest.mark.parametrize(
    "text, only",
    [
        ("Amber", True),
        ("Amber/Green", True),
        ("RAG: Red", True),
        ("On track", True),
        ("Not started", True),
        ("G", True),
        ("Complete.", True),
        ("Amber Pilot implementation", False),
        ("RAG", False),
        ("Green - on track", True),
    ],
)
def test_a_cell_that_is_only_a_rating_is_told_from_one_with_narrative(text, only):
    assert is_rating_only(text) is only


@pytest.mark.parametrize(
    "rgb, rag",
    [
        ("FF0000", "red"),
        ("C00000", "red"),
        ("FFC7CE", "red"),  # Excel's pale "Bad"
        ("FFC000", "amber"),
        ("FFFF00", "amber"),  # yellow is amber on a three-colour key
        ("FFEB9C", "amber"),  # Excel's "Neutral"
        ("F4B084", "amber"),
        ("92D050", "green"),
        ("00B050", "green"),
        ("C6EFCE", "green"),  # Excel's "Good"
        ("00B0F0", "blue"),
        ("0070C0", "blue"),
        ("FFFFFF", "not_rated"),
        ("000000", "not_rated"),
        ("808080", "not_rated"),
        ("F2F2F2", "not_rated"),
        ("D9E1F2", "not_rated"),  # the faint blue of a banded heading
        ("E2EFDA", "not_rated"),
        ("7030A0", "not_rated"),  # purple
        ("", "not_rated"),
        (None, "not_rated"),
    ],
)
def test_a_fill_colour_is_rated_by_its_hue_not_its_exact_shade(rgb, rag):
    assert rag_from_colour(rgb) == rag


# The parser: RAG cells with narrative, fills, lines per action, periods -------------------------------


def sheet_bytes(rows, fills=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in rows:
        sheet.append(list(row))
    for ref, colour in (fills or {}).items():
        sheet[ref].fill = solid(colour)
    return xlsx_bytes(book)


def parsed(rows, fills=None):
    return parse_workbook(sheet_bytes(rows, fills), filename="plan.xlsx")


def ratings(plan) -> list[tuple[str, str]]:
    return [(s.rag, s.narrative) for s in plan.statements()]


def test_a_rag_cell_that_goes_on_as_narrative_is_rated_and_its_text_kept():
    rows = [
        ("Objective", "Action", "RAG"),
        ("Do it", "Step one", "Amber Pilot implementation to begin by March 2019"),
        ("", "Step two", "Green"),
    ]
    plan = parse_workbook(sheet_bytes(rows), filename="plan January 2019.xlsx")  # the period
    assert plan.problems == [] and plan.dropped == []
    assert ratings(plan) == [("amber", "Amber Pilot implementation to begin by March 2019"), ("green", "")]


def test_a_rag_cells_narrative_is_added_to_the_statement_beside_it():
    plan = parsed(
        [
            ("Objective", "Action", "Position Statement March 2026", "RAG"),
            ("Do it", "Step one", "Two cohorts trained.", "At risk: the third is not booked"),
        ]
    )
    assert ratings(plan) == [("amber", "Two cohorts trained.\nAt risk: the third is not booked")]
    assert plan.dropped == []


def test_a_fill_colour_rates_a_cell_whose_words_do_not():
    plan = parsed(
        [
            ("Objective", "Action", "Position Statement March 2026", "RAG"),
            ("Do it", "Step one", "Two cohorts trained.", None),
            ("", "Step two", "Toolkit drafted.", "Pilot under way in four schools"),
            ("", "Step three", "Workshops held.", None),
        ],
        fills={"D2": "FFFFC000", "D3": "FF92D050", "C4": "FFC00000"},
    )
    assert plan.problems == [] and plan.dropped == []
    assert ratings(plan) == [
        ("amber", "Two cohorts trained."),
        ("green", "Toolkit drafted.\nPilot under way in four schools"),
        ("red", "Workshops held."),
    ]


def test_words_win_over_a_fill_that_disagrees_with_a_warning():
    plan = parsed([("Objective", "Action", "RAG"), ("Do it", "Step one", "Green")], fills={"C2": "FFFF0000"})
    assert ratings(plan) == [("green", "")]
    (warning,) = [w for w in plan.warnings if w.code == "rag_fill_disagrees"]
    assert (warning.row, warning.column) == (2, "C") and "filled red" in warning.reason


def test_a_rag_cell_of_narrative_with_no_rating_is_kept_unrated_with_a_warning():
    plan = parsed([("Objective", "Action", "RAG"), ("Do it", "Step one", "Pilot under way in four schools")])
    assert plan.problems == []
    assert ratings(plan) == [("not_rated", "Pilot under way in four schools")]
    (warning,) = [w for w in plan.warnings if w.code == "no_rag_in_text"]
    assert (warning.row, warning.column) == (2, "C")


def test_a_word_that_is_not_a_rating_is_still_a_problem():
    plan = parsed([("Objective", "Action", "RAG"), ("Do it", "Step one", "Purple")])
    assert [(p.code, p.row, p.column) for p in plan.problems] == [("unknown_rag", 2, "C")]


def test_numbered_actions_keep_their_number_and_their_continuation_lines():
    assert split_actions("1. Train staff\nincluding governors\n2) Audit plans\na) Publish") == [
        "1. Train staff\nincluding governors",
        "2) Audit plans",
        "a) Publish",
    ]
    assert statement_lines("Amber Pilot started\nin two schools\nGreen Toolkit out") == [
        "Amber Pilot started\nin two schools",
        "Green Toolkit out",
    ]
    assert statement_lines("Two schools started.\nGreen Toolkit out") == [
        "Two schools started.\nGreen Toolkit out"
    ]


HOW = "1. Pilot the new panel\n2. Train SENCos\n3. Publish the guidance"


def test_rated_lines_that_line_up_with_the_actions_give_each_action_its_own_statement():
    progress = "Amber Pilot started in two schools\nGreen Training complete for 40 SENCos\nNot started"
    plan = parsed([("Objective", "How?", "Progress March 2026"), ("Decide fairly", HOW, progress)])
    assert [a.description for a in plan.actions()] == HOW.split("\n")
    assert [ratings_of(a) for a in plan.actions()] == [
        [("amber", "Amber Pilot started in two schools")],
        [("green", "Green Training complete for 40 SENCos")],
        [("red", "Not started")],
    ]
    assert plan.dropped == []


def test_numbered_lines_must_match_the_actions_numbers_to_line_up():
    progress = "1. Amber Pilot started\n3. Green Guidance out"
    plan = parsed(
        [("Objective", "How?", "Progress March 2026"), ("Decide fairly", "1. Pilot\n3. Publish", progress)]
    )
    assert [ratings_of(a) for a in plan.actions()] == [
        [("amber", "1. Amber Pilot started")],
        [("green", "3. Green Guidance out")],
    ]
    plan = parsed(
        [("Objective", "How?", "Progress March 2026"), ("Decide fairly", "1. Pilot\n2. Publish", progress)]
    )
    assert [ratings_of(a) for a in plan.actions()] == [[("amber", progress)], [("amber", progress)]]


def test_lines_that_do_not_line_up_give_one_statement_rated_the_worst():
    progress = "Green Training complete\nRed Guidance not drafted"
    plan = parsed([("Objective", "How?", "Progress March 2026"), ("Decide fairly", HOW, progress)])
    assert [ratings_of(a) for a in plan.actions()] == [[("red", progress)]] * 3


def test_a_rag_cell_with_a_rating_a_line_rates_the_actions_line_by_line():
    plan = parsed(
        [
            ("Objective", "How?", "Position Statement March 2026", "RAG"),
            ("Decide fairly", "Pilot the panel\nTrain SENCos", "Under way.", "Amber\nGreen"),
        ]
    )
    assert [ratings_of(a) for a in plan.actions()] == [[("amber", "Under way.")], [("green", "Under way.")]]


def ratings_of(action) -> list[tuple[str, str]]:
    return [(s.rag, s.narrative) for s in action.statements]


def test_a_rag_column_that_names_a_period_rates_that_periods_statement():
    plan = parsed(
        [
            (
                "Objective",
                "Action",
                "Position Statement March 2026",
                "RAG March 2026",
                "Position Statement July 2026",
                "RAG rating July 2026",
                "Status Jan 27",
            ),
            ("Do it", "Step one", "Amber - slippage", "Green", "Going well", "Not rated", "Red"),
        ]
    )
    assert plan.problems == []
    assert [c.period.name if c.period else None for c in plan.mapping.columns_for("rag")] == [
        "March 2026",
        "July 2026",
        "January 2027",
    ]
    assert [p.name for p in plan.periods] == ["March 2026", "July 2026", "January 2027"]
    assert [(s.period, s.rag, s.narrative) for s in plan.statements()] == [
        ("March 2026", "green", "Amber - slippage"),
        ("July 2026", "not_rated", "Going well"),
        ("January 2027", "red", ""),
    ]


def test_two_rag_columns_for_one_period_are_a_problem():
    plan = parsed(
        [("Objective", "Action", "RAG July 2026", "Status July 2026"), ("Do it", "Step", "Red", "Red")]
    )
    assert [(p.code, p.column) for p in plan.problems] == [("duplicate_period", "D")]


# The export: a RAG column beside each period's statements ------------------------------------------


def test_the_export_writes_each_rating_in_its_periods_rag_column_and_reads_back_identical(
    db, plan, periods, action
):
    from actions.cycle.models import Rag
    from actions.importing.commit import plan_import
    from actions.importing.export import HEADERS, SHEET, plan_export
    from actions.roles import PLAN_ADMINISTRATOR
    from tests import factories as f
    from tests.actions.importing.test_importing_commit import dump

    action.lead_people.clear()  # names are not what this is about
    other = f.make_action(action.objective, ref="1.1.b", description="Audit the local offer")
    third = f.make_action(action.objective, ref="1.1.c", description="Publish the toolkit")
    f.make_statement(
        action=action, period=periods[0], rag=Rag.GREEN, narrative="Amber - some slippage, now recovered"
    )
    f.make_statement(
        action=action, period=periods[1], rag=Rag.NOT_RATED, narrative="Green Paper consultation"
    )
    f.make_statement(
        action=other, period=periods[0], rag=Rag.NOT_RATED, narrative="On track to finish in July"
    )
    f.make_statement(action=other, period=periods[1], rag=Rag.RED, narrative="Not started yet.")
    f.make_statement(action=third, period=periods[1], rag=Rag.BLUE, narrative="")

    data = plan_export(plan)

    sheet = openpyxl.load_workbook(io.BytesIO(data))[SHEET]
    header = [c.value for c in sheet[3]]
    first = len(HEADERS)  # the statement and RAG columns follow the item columns
    assert header[first : first + 4] == [
        "Position Statement Autumn term 2025",
        "RAG Autumn term 2025",
        "Position Statement Spring term 2026",
        "RAG Spring term 2026",
    ]
    rows = [[c.value for c in row[first : first + 4]] for row in sheet.iter_rows(min_row=5)]
    assert rows == [
        ["Amber - some slippage, now recovered", "Green", "Green Paper consultation", None],
        ["On track to finish in July", "Not rated", "Not started yet.", "Red"],
        [None, None, None, "Blue"],
    ]
    parsed = parse_workbook(data, filename="export.xlsx")
    assert parsed.problems == []
    copy = plan_import(parsed=parsed, user=f.make_user("importer", PLAN_ADMINISTRATOR), title="Copy")
    assert dump(copy.plan) == dump(plan)


def test_an_export_written_before_the_rag_columns_still_reads_its_ratings():
    plan = parsed(
        [
            ("Priority", "Ref", "Objective", "Action", "Position Statement January 2026"),
            ("1 Early help", "1.1", "Find needs early", None, None),
            ("1 Early help", "1.1.a", None, "Train staff", "Amber - some slippage"),
            ("1 Early help", "1.1.b", None, "Review the offer", "Blue - "),
        ]
    )
    assert plan.problems == []
    assert ratings(plan) == [("amber", "Amber - some slippage"), ("blue", "Blue -")]


def test_a_rag_cell_merged_down_over_rows_gives_its_fill_to_each_row():
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [("Objective", "Action", "RAG"), ("Do it", "Step one", None), ("", "Step two", None)]:
        sheet.append(list(row))
    sheet.merge_cells("C2:C3")
    sheet["C2"].fill = solid("FFFFC000")
    plan = parse_workbook(xlsx_bytes(book), filename="plan.xlsx")
    assert ratings(plan) == [("amber", ""), ("amber", "")]


def test_a_csv_rag_column_with_narrative_is_rated_and_kept():
    data = b"Objective,Action,RAG\nDo it,Step one,Amber Pilot implementation by March 2019\n"
    plan = parse_workbook(data, filename="plan January 2019.csv")  # the file name gives the period
    assert plan.problems == [] and plan.dropped == []
    assert ratings(plan) == [("amber", "Amber Pilot implementation by March 2019")]
