"""The workbook, opened again with openpyxl: every cell a reader sees must match the pack data.

The plan (Summer term 2026 is the pack's period; Spring term 2026 the previous one):

    ref    priority  Spring  Summer  due          notes
    1.1.a  1         Amber   Red     1 May 2026   overdue; worsened; statement looks like a formula
    1.1.b  1         -       -       (Termly)     no update; description starts with "+"
    2.1.a  2         -       Green   -            new; statement full of control characters
    2.1.b  2         Blue    Blue    1 Jan 2026   complete, so not overdue; unchanged
"""

import datetime
import zipfile
from io import BytesIO

import openpyxl
import pytest

from actions.cycle.models import Rag
from reports.excel import ACTION_COLUMNS, PROGRESS_COLUMNS, render_xlsx
from reports.packs import BOARD, FORUM, Cover, pack_data
from tests import factories as f

TODAY = datetime.date(2026, 7, 20)
FORMULA = '=HYPERLINK("http://x")'
# No NUL here: PostgreSQL cannot store one (the cover test below checks NUL without the database).
CONTROL = "Met\x08 the\x01 colleges.\x0bNext:\x1f visits\r\nDone"
# How the workbook shows it: control characters dropped, Word's vertical tab and Windows line ends
# turned into line breaks.
CONTROL_SHOWN = "Met the colleges.\nNext: visits\nDone"
FILLS = {  # RAG word: (fill, font colour)
    "Red": ("FFCA3535", "FFFFFFFF"),
    "Amber": ("FFFFBF47", "FF0B0C0C"),
    "Green": ("FF0F7A52", "FFFFFFFF"),
    "Blue": ("FF1D70B8", "FFFFFFFF"),
    "Not rated": ("FFCECECE", "FF0B0C0C"),
    "No update": ("FFF3F3F3", "FF0B0C0C"),
}


@pytest.fixture
def excel_plan(plan, periods, action, other_action, partner):
    autumn, spring, summer = periods
    action.due_date = datetime.date(2026, 5, 1)
    action.success_measures = "Every SENCO attends two meetings a year"
    action.save()
    other_action.description = "+1 school joins the network"
    other_action.timeframe = "Termly"
    other_action.save()
    f.make_statement(action, spring, Rag.AMBER, narrative="Dates agreed with schools.")
    f.make_statement(action, summer, Rag.RED, narrative=FORMULA)

    priority_2 = f.make_priority(plan, ref="2", title="Preparing for adulthood")
    objective_2 = f.make_objective(priority_2, ref="2.1", title="-2 gaps in post-16 provision")
    new = f.make_action(
        objective_2,
        ref="2.1.a",
        description="@SUM(A1) map post-16 places",
        lead_partners=[partner],
        supporting_partners=[f.make_partner(name="Exampleshire College")],
    )
    done = f.make_action(objective_2, ref="2.1.b", description="Publish the preparing for adulthood guide")
    done.due_date = datetime.date(2026, 1, 1)
    done.save()
    f.make_statement(new, summer, Rag.GREEN, narrative=CONTROL)
    f.make_statement(done, spring, Rag.BLUE, narrative="Published.")
    f.make_statement(done, summer, Rag.BLUE, narrative="-2 complaints since publishing.")
    return plan, summer, [action.objective.priority, priority_2]


def build(excel_plan, audience=BOARD, **kwargs):
    plan, summer, _ = excel_plan
    cover = Cover(title="SEND improvement board: progress report", author="Alice Admin")
    pack = pack_data(plan, summer, audience=audience, cover=cover, today=TODAY, **kwargs)
    content = render_xlsx(pack)
    return pack, content, openpyxl.load_workbook(BytesIO(content))


def rows(ws, start=1):
    return [list(row) for row in ws.iter_rows(min_row=start, values_only=True)]


def shown(text):
    """A pack's text as the workbook shows it: empty as an empty cell, control characters cleaned."""
    return CONTROL_SHOWN if text == CONTROL else text or None


def day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


# --- Actions sheet ---------------------------------------------------------------------------------


def test_actions_sheet_rows_equal_the_pack_data(excel_plan):
    pack, _, wb = build(excel_plan)
    ws = wb["Actions"]

    assert rows(ws)[0] == [name for name, _ in ACTION_COLUMNS]
    objectives = {a.ref: o for p in pack.priorities for o in p.objectives for a in o.actions}
    expected = [
        [
            a.priority,
            objectives[a.ref].ref,
            objectives[a.ref].title,
            a.ref,
            a.description,
            a.leads or None,
            a.supporting or None,
            a.due_date,
            a.timeframe or None,
            a.success_measures or None,
            a.previous_rag_word,
            a.rag_word,
            shown(a.statement),
            a.statement_period or None,
            "Yes" if a.is_overdue else "No",
            a.movement.capitalize() or None,
            a.rating_confirmed or None,
            "Yes" if a.is_carried_forward else "No",
            a.original_due_date,
        ]
        for a in pack.actions
    ]
    actual = [[day(v) for v in row] for row in rows(ws, start=2)]
    assert actual == expected


def test_actions_sheet_shows_each_action_as_written_by_hand(excel_plan):
    _, _, wb = build(excel_plan)
    by_ref = {row[3]: row for row in rows(wb["Actions"], start=2)}

    assert list(by_ref) == ["1.1.a", "1.1.b", "2.1.a", "2.1.b"]
    assert by_ref["1.1.a"][4:6] == ["Run SENCO network meetings", "Olivia Officer"]
    assert by_ref["1.1.a"][7] == datetime.datetime(2026, 5, 1)
    assert by_ref["1.1.a"][10:16] == ["Amber", "Red", FORMULA, "Summer term 2026", "Yes", "Worsened"]
    # Rating confirmed, carried forward, original due date (factory statements come confirmed).
    assert by_ref["1.1.a"][16:] == ["Yes", "No", datetime.datetime(2026, 5, 1)]
    assert by_ref["1.1.b"][7:9] == [None, "Termly"]
    assert by_ref["1.1.b"][10:16] == ["No update", "No update", None, None, "No", None]
    assert by_ref["1.1.b"][16:] == [None, "No", None]  # no rating, so nothing to confirm
    assert by_ref["2.1.a"][5:7] == ["Inclusion Team", "Exampleshire College"]
    assert by_ref["2.1.a"][10:12] == ["No update", "Green"]
    assert by_ref["2.1.a"][15] == "New"
    assert by_ref["2.1.b"][10:16] == [
        "Blue",
        "Blue",
        "-2 complaints since publishing.",
        "Summer term 2026",
        "No",
        "Unchanged",
    ]
    assert by_ref["2.1.b"][16:] == ["Yes", "No", datetime.datetime(2026, 1, 1)]


def test_due_dates_are_real_dates_with_a_date_format(excel_plan):
    _, _, wb = build(excel_plan)
    ws = wb["Actions"]

    due = ws["H2"]
    assert due.is_date and due.value == datetime.datetime(2026, 5, 1)
    assert due.number_format == "d mmm yyyy"
    assert ws["H3"].value is None  # no due date: the timeframe says when


def test_actions_header_is_frozen_filtered_bold_and_the_columns_sized(excel_plan):
    _, _, wb = build(excel_plan)
    ws = wb["Actions"]

    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:S5"
    assert all(cell.font.b and cell.border.bottom.style for cell in ws[1])
    widths = {
        name: ws.column_dimensions[chr(ord("A") + i)].width for i, (name, _) in enumerate(ACTION_COLUMNS)
    }
    assert widths["Action"] == 50
    assert widths["Position statement"] == 80
    assert widths["Ref"] == 8
    statement = ws["M2"]
    assert statement.alignment.wrap_text and statement.alignment.vertical == "top"


def test_rag_cells_carry_the_rag_colour_and_the_word(excel_plan):
    _, _, wb = build(excel_plan)
    ws = wb["Actions"]

    seen = set()
    for row in ws.iter_rows(min_row=2, min_col=11, max_col=12):
        for cell in row:
            fill, ink = FILLS[cell.value]
            assert cell.fill.fill_type == "solid"
            assert cell.fill.fgColor.rgb == fill, cell.coordinate
            assert cell.font.color.rgb == ink, cell.coordinate
            seen.add(cell.value)
    assert seen == {"Amber", "Red", "No update", "Green", "Blue"}
    assert ws["L2"].value == "Red" and ws["L2"].font.b  # white bold on red


# --- Summary sheet ---------------------------------------------------------------------------------


def summary_table(ws):
    """The RAG table's rows, from its header to the blank row after the Total row."""
    table = rows(ws)
    start = next(i for i, row in enumerate(table) if row[0] == "Priority")
    end = next(i for i in range(start, len(table)) if table[i][0] is None)
    return start + 1, table[start:end]


def counts(fig):
    return [*(n for _, _, n in fig.rag.items()), fig.rag.total, fig.overdue, fig.not_updated]


def test_summary_figures_equal_the_pack(excel_plan):
    pack, _, wb = build(excel_plan)
    _, table = summary_table(wb["Summary"])

    assert table[0] == [
        "Priority", "Red", "Amber", "Green", "Blue", "Not rated", "No update",
        "Total", "Overdue", "No statement this period",
    ]  # fmt: skip
    assert table[1:] == [
        *([p.figures.label, *counts(p.figures)] for p in pack.priorities),
        ["Total", *counts(pack.summary)],
    ]
    # The same figures written out by hand from the plan at the top of this file.
    assert table[1] == ["Priority 1: Inclusive education", 1, 0, 0, 0, 0, 1, 2, 1, 1]
    assert table[2] == ["Priority 2: Preparing for adulthood", 0, 0, 1, 1, 0, 0, 2, 0, 0]
    assert table[3] == ["Total", 1, 0, 1, 1, 0, 1, 4, 1, 1]


def test_summary_movement_equals_the_pack(excel_plan):
    pack, _, wb = build(excel_plan)
    table = rows(wb["Summary"])
    start = next(i for i, row in enumerate(table) if row[0] == "Movement since Spring term 2026")

    assert table[start][1] == "Actions"
    movement = {row[0]: row[1] for row in table[start + 1 : start + 5]}
    assert movement == {"Improved": 0, "Worsened": 1, "Unchanged": 1, "New": 1}
    assert movement == {k.capitalize(): v for k, v in pack.summary.movement.items()}


def test_summary_rag_headers_are_filled_and_worded(excel_plan):
    _, _, wb = build(excel_plan)
    ws = wb["Summary"]
    header_row, _ = summary_table(ws)

    header = ws[header_row]
    assert all(cell.font.b and cell.border.bottom.style for cell in header[:10])
    for cell in header[1:7]:
        assert cell.fill.fgColor.rgb == FILLS[cell.value][0], cell.value


def test_summary_title_block(excel_plan):
    pack, _, wb = build(excel_plan)
    ws = wb["Summary"]

    assert ws["A1"].value == "SEND improvement board: progress report"
    assert ws["A2"].value == "Exampleshire SEND Action Plan"
    block = {row[0]: row[1] for row in rows(ws)[3:9]}
    assert block == {
        "Local area": "Exampleshire",
        "Audience": "SEND improvement board",
        "Reporting period": "Summer term 2026",
        "As at": datetime.datetime(2026, 7, 31),
        "Author": "Alice Admin",
        "Generated": datetime.datetime(2026, 7, 20),
    }
    as_at = next(row[1] for row in ws.iter_rows(min_row=4, max_row=9) if row[0].value == "As at")
    assert as_at.is_date and as_at.number_format == "d mmm yyyy"


def test_workbook_properties_name_the_pack(excel_plan):
    _, _, wb = build(excel_plan)

    assert wb.properties.title == "SEND improvement board: progress report"
    assert wb.properties.creator == "sendplan"
    assert wb.sheetnames == ["Summary", "Actions", "Measures"]


# --- Schools Forum pack --------------------------------------------------------------------------


def test_forum_pack_adds_a_progress_sheet_in_the_forum_columns(excel_plan):
    pack, _, wb = build(excel_plan, audience=FORUM)
    ws = wb["Progress"]

    assert wb.sheetnames == ["Summary", "Actions", "Progress", "Measures"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:G5"
    table = rows(ws)
    assert table[0] == [name for name, _ in PROGRESS_COLUMNS]
    assert table[1] == [
        "1.1 Support schools to be inclusive",
        "1.1.a Run SENCO network meetings",
        "Olivia Officer",
        datetime.datetime(2026, 5, 1),
        "Every SENCO attends two meetings a year",
        "Red",
        FORMULA,
    ]
    assert table[2][3] == "Termly"  # no due date: the timeframe
    assert [row[5] for row in table[1:]] == [a.rag_word for a in pack.actions]
    assert [row[6] for row in table[1:]] == [shown(a.statement) for a in pack.actions]
    assert ws["F2"].fill.fgColor.rgb == FILLS["Red"][0]


# --- Text that must stay text ----------------------------------------------------------------------


def test_formula_looking_text_is_neutralised_and_still_readable(excel_plan):
    _, content, wb = build(excel_plan, audience=FORUM)

    cells = [cell for ws in wb for row in ws.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    with zipfile.ZipFile(BytesIO(content)) as z:
        sheets = [z.read(name).decode() for name in z.namelist() if name.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)

    texts = {cell.value: cell for cell in cells if isinstance(cell.value, str)}
    for text in [
        FORMULA,
        "+1 school joins the network",
        "-2 gaps in post-16 provision",
        "@SUM(A1) map post-16 places",
    ]:
        cell = texts[text]  # exactly as written: no apostrophe added
        assert cell.data_type == "s" and cell.quotePrefix, text
    assert not texts["Run SENCO network meetings"].quotePrefix


def test_text_that_looks_like_an_error_value_stays_text(excel_plan):
    plan, summer, _ = excel_plan
    action = plan.priorities.first().objectives.first().actions.first()
    action.position_statements.filter(period=summer).update(narrative="#N/A")
    _, _, wb = build(excel_plan)

    cell = wb["Actions"]["M2"]
    assert cell.value == "#N/A" and cell.data_type == "s"


def test_control_characters_in_a_statement_do_not_break_the_workbook(excel_plan):
    _, _, wb = build(excel_plan)
    statement = {row[3]: row[12] for row in rows(wb["Actions"], start=2)}["2.1.a"]

    assert statement == CONTROL_SHOWN


def test_a_statement_longer_than_a_cell_holds_is_cut_to_excels_limit(excel_plan):
    plan, summer, _ = excel_plan
    action = plan.priorities.first().objectives.first().actions.first()
    action.position_statements.filter(period=summer).update(narrative="x" * 40_000)
    _, _, wb = build(excel_plan)

    assert wb["Actions"]["M2"].value == "x" * 32_767


def test_cover_text_is_cleaned_too(excel_plan):
    plan, summer, _ = excel_plan
    pack = pack_data(
        plan, summer, audience=BOARD, cover=Cover(title="=1+1\x00\x07 report", author="\x00"), today=TODAY
    )
    wb = openpyxl.load_workbook(BytesIO(render_xlsx(pack)))

    assert wb["Summary"]["A1"].value == "=1+1 report"
    assert wb["Summary"]["A1"].data_type == "s"
    assert wb.properties.title == "=1+1 report"
    author = next(row for row in rows(wb["Summary"]) if row[0] == "Author")
    assert author[1] is None  # nothing left once cleaned: an empty cell


# --- Scope ---------------------------------------------------------------------------------------


def test_pack_limited_to_one_priority_omits_another_prioritys_actions(excel_plan):
    _, _, (priority_1, _) = excel_plan
    pack, _, wb = build(excel_plan, audience=FORUM, priority_ids=[priority_1.pk])

    assert [row[3] for row in rows(wb["Actions"], start=2)] == ["1.1.a", "1.1.b"]
    assert [row[1] for row in rows(wb["Progress"], start=2)] == [
        "1.1.a Run SENCO network meetings",
        "1.1.b +1 school joins the network",
    ]
    _, table = summary_table(wb["Summary"])
    assert [row[0] for row in table[1:]] == ["Priority 1: Inclusive education", "Total"]
    assert table[-1] == ["Total", 1, 0, 0, 0, 0, 1, 2, 1, 1]
    assert not any("2.1" in str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row)


def test_a_plan_with_no_actions_still_renders(plan, periods):
    f.make_priority(plan, ref="1", title="Inclusive education")
    pack = pack_data(plan, periods[-1], audience=FORUM, today=TODAY)
    wb = openpyxl.load_workbook(BytesIO(render_xlsx(pack)))

    assert rows(wb["Actions"]) == [[name for name, _ in ACTION_COLUMNS]]
    assert wb["Actions"].auto_filter.ref == "A1:S1"
    _, table = summary_table(wb["Summary"])
    assert table[-1] == ["Total", 0, 0, 0, 0, 0, 0, 0, 0, 0]


# --- Measures sheet ----------------------------------------------------------------------------------


def measures_workbook(measured, audience=BOARD, **kwargs):
    pack = pack_data(measured.plan, measured.periods[2], audience=audience, today=TODAY, **kwargs)
    return pack, openpyxl.load_workbook(BytesIO(render_xlsx(pack)))


def as_number(value):
    return None if value is None else float(value)


def test_the_measures_sheet_has_a_row_per_measure_equal_to_the_pack(measured):
    """Every cell equals the MeasureReport the page and the PDF show: figures as numbers."""
    pack, wb = measures_workbook(measured)
    ws = wb["Measures"]

    header = rows(ws)[0]
    assert header[:8] == [
        "Measure",
        "Unit",
        "Which way is better",
        "Lead",
        "Baseline date",
        "Baseline",
        "Target date",
        "Target",
    ]
    assert header[8:17] == [
        f"{period} {what}"
        for period in ("Autumn term 2025", "Spring term 2026", "Summer term 2026")
        for what in ("value", "expected", "RAG")
    ]
    assert header[17:] == ["Current RAG", "Rating confirmed", "Trend"]
    data = rows(ws, start=2)
    assert [row[0] for row in data] == [report.name for report in pack.measures]
    for row, report in zip(data, pack.measures, strict=True):
        assert row[1:4] == [report.unit_label, report.direction_label, report.lead or None]
        assert (day(row[4]), as_number(row[5])) == (report.baseline.date, float(report.baseline.value))
        assert (day(row[6]), as_number(row[7])) == (report.target.date, float(report.target.value))
        for i, figure in enumerate(report.figures):
            value, expected, rag = row[8 + 3 * i : 11 + 3 * i]
            assert as_number(value) == as_number(figure.value)
            assert expected == pytest.approx(float(figure.expected), abs=0.00005)
            assert rag == (Rag(figure.rag).label if figure.rag else None)
        current = report.current
        assert row[17] == (Rag(current.rag).label if current.rag else "No figure")
        assert row[18] == ({True: "Yes", False: "No"}[current.confirmed] if current.has_figure else None)
        assert row[19] == (report.trend_text or None)


def test_the_measures_sheet_reads_as_the_page_does(measured):
    _, wb = measures_workbook(measured)
    ws = wb["Measures"]

    satisfaction = next(row for row in ws.iter_rows(min_row=2) if row[0].value == "Parent carer satisfaction")
    summer_value, summer_expected = satisfaction[14], satisfaction[15]
    assert summer_value.value == 30 and summer_value.data_type == "n"
    assert summer_value.number_format == '#,##0"%"'  # every figure whole: shown as "30%"
    assert summer_expected.number_format == '#,##0"%"'
    assert satisfaction[16].value == "Red" and satisfaction[16].fill.fgColor.rgb == FILLS["Red"][0]
    assert satisfaction[17].value == "Red" and satisfaction[18].value == "No"
    assert satisfaction[19].value == "Down, worse"
    assert satisfaction[4].number_format == "d mmm yyyy"
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == "A1:T6"
    assert all(cell.font.b and cell.border.bottom.style for cell in ws[1])


@pytest.mark.parametrize(
    ("unit", "values", "number_format"),
    [
        ("percent", ["52.3", "60"], '#,##0.0"%"'),
        ("pounds", ["6400000", "4000000"], '"£"#,##0'),
        ("days", ["18", "20.5"], '#,##0.0" days"'),
        ("rate_10000", ["7.25", "12"], '#,##0.00" per 10,000"'),
        ("number", ["1204", "1100"], "#,##0"),
    ],
)
def test_each_unit_has_its_number_format(plan, periods, unit, values, number_format):
    from .measure_data import add_figure, make_measure

    points = [
        ("baseline", datetime.date(2025, 9, 1), values[1]),
        ("target", datetime.date(2027, 9, 1), values[1]),
    ]
    measure = make_measure(plan, name="A figure", unit=unit, points=points)
    add_figure(measure, periods[2], values[0])
    pack = pack_data(plan, periods[2], audience=FORUM, today=TODAY)

    ws = openpyxl.load_workbook(BytesIO(render_xlsx(pack)))["Measures"]

    summer_value = ws.cell(row=2, column=15)
    assert summer_value.value == float(values[0])
    assert summer_value.number_format == number_format


def test_a_pack_without_measures_has_a_measures_sheet_with_its_header_only(plan, periods):
    pack = pack_data(plan, periods[2], audience=BOARD, today=TODAY)

    ws = openpyxl.load_workbook(BytesIO(render_xlsx(pack)))["Measures"]

    assert rows(ws) == [
        [
            "Measure",
            "Unit",
            "Which way is better",
            "Lead",
            "Baseline date",
            "Baseline",
            "Target date",
            "Target",
            "Current RAG",
            "Rating confirmed",
            "Trend",
        ]
    ]
