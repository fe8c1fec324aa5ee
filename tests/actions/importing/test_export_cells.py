"""The plan export writes what people typed as text: never a formula, never a crash (actions/cells.py)."""

import io

from openpyxl import load_workbook

from actions.cells import FORMULA_TRIGGERS, MAX_CELL_TEXT, clean_text, needs_quote_prefix
from actions.cycle.models import PositionStatement, Rag
from actions.importing.commit import plan_import
from actions.importing.export import SHEET, STATEMENT_HEADER, plan_export
from actions.importing.parse import parse_workbook
from actions.plans.models import Action
from actions.roles import PLAN_ADMINISTRATOR
from tests import factories as f

FORMULA = "=SUM(A1)"
WITH_VERTICAL_TAB = "Met the SENCOs.\x0bNext meeting in March."


def statement_cells(data: bytes, period_name: str) -> list:
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    header = [c.value for c in sheet[3]]
    column = header.index(STATEMENT_HEADER.format(name=period_name)) + 1
    return [row[column - 1] for row in sheet.iter_rows(min_row=4) if row[column - 1].value is not None]


def test_statements_starting_with_a_formula_or_holding_control_characters_export_as_text(
    db, plan, periods, action
):
    other = f.make_action(action.objective, ref="1.1.b", description="Audit the local offer")
    f.make_statement(action=action, period=periods[0], rag=Rag.NOT_RATED, narrative=FORMULA)
    f.make_statement(action=other, period=periods[0], rag=Rag.NOT_RATED, narrative=WITH_VERTICAL_TAB)

    data = plan_export(plan)

    cells = statement_cells(data, periods[0].name)
    assert [c.value for c in cells] == [FORMULA, "Met the SENCOs.\nNext meeting in March."]
    assert [c.data_type for c in cells] == ["s", "s"]
    assert [c.quotePrefix for c in cells] == [True, False]


def test_exported_text_imports_back_as_the_cleaned_text(db, plan, periods, action):
    other = f.make_action(action.objective, ref="1.1.b", description="Audit the local offer")
    f.make_statement(action=action, period=periods[0], rag=Rag.NOT_RATED, narrative=FORMULA)
    f.make_statement(action=other, period=periods[0], rag=Rag.NOT_RATED, narrative=WITH_VERTICAL_TAB)
    user = f.make_user("importer", PLAN_ADMINISTRATOR)

    parsed = parse_workbook(plan_export(plan), filename="export.xlsx")

    assert parsed.problems == []
    copy = plan_import(parsed=parsed, user=user, title="Copy", local_area="Somewhere")
    narratives = {
        s.action.ref: s.narrative
        for s in PositionStatement.objects.filter(period__plan=copy.plan).select_related("action")
    }
    assert narratives == {"1.1.a": FORMULA, "1.1.b": clean_text(WITH_VERTICAL_TAB)}
    assert Action.objects.for_plan(copy.plan).count() == 2


def test_a_title_or_description_starting_with_a_trigger_is_text_too(db, plan, periods, action):
    plan.title = "+ SEND plan\x01 2026"
    plan.save()
    action.description = "-Run SENCO network meetings"
    action.save()

    sheet = load_workbook(io.BytesIO(plan_export(plan)))[SHEET]

    title = sheet["A1"]
    assert (title.value, title.data_type, title.quotePrefix) == ("+ SEND plan 2026", "s", True)
    descriptions = [c for c in sheet["D"] if c.value == "-Run SENCO network meetings"]
    assert [(c.data_type, c.quotePrefix) for c in descriptions] == [("s", True)]


def test_clean_text_drops_what_xml_cannot_carry_and_keeps_within_excels_limit():
    assert clean_text("a\x00b\x0bc\x0cd\r\ne\rf") == "ab\nc\nd\ne\nf"
    assert clean_text("x" * (MAX_CELL_TEXT + 10)) == "x" * MAX_CELL_TEXT
    assert clean_text("Plain text.") == "Plain text."


def test_needs_quote_prefix_for_every_formula_trigger_and_nothing_else():
    assert all(needs_quote_prefix(trigger + "1") for trigger in FORMULA_TRIGGERS)
    assert not needs_quote_prefix("Green - on track")
    assert not needs_quote_prefix("")
