"""The preview's corrections change what is read: rows, periods and names (corrections.py)."""

import datetime

from actions.importing.corrections import Corrections, row_key
from actions.importing.parse import parse_workbook
from actions.importing.values import ReportingPeriodGuess
from tests.actions.importing.test_importing import make_xlsx

HEADER = ("Objective", "Action", "Lead", "By when", "Summary of current position")
ROWS = [
    HEADER,
    ("Early help", None, None),  # 2: alone in the first column: read as a heading
    ("Needs met early", "Train staff", "Jo Examplewood", "March 2026", "Begun."),
    ("Families heard", "Run workshops", "Jo Examplwood", "July 2026", "Two held."),  # 4: a misspelling
    ("Draft - not agreed", "Check with the board", "Exampleshire PCF"),  # 5: a note row
    ("Transition", None, None),  # 6: a heading
    ("Plan ahead", "Reviews in Year 9", "Ravi Demoford"),
]


def parse(tmp_path, corrections=None, rows=ROWS, **kwargs):
    path = make_xlsx(tmp_path, rows, **kwargs)
    return parse_workbook(path, filename=path.name, corrections=corrections)


def test_without_corrections_the_rows_read_as_detected(tmp_path):
    plan = parse(tmp_path)
    assert [p.title for p in plan.priorities] == ["Early help", "Transition"]
    assert plan.counts["objectives"] == 4
    assert plan.people == ["Jo Examplewood", "Jo Examplwood", "Ravi Demoford"]


def test_rows_marked_as_heading_skipped_or_an_item_read_so(tmp_path):
    corrections = Corrections(rows={4: "heading", 5: "skip", 6: "item"})
    plan = parse(tmp_path, corrections, title="March 2026")  # the sheet's name dates the statements
    assert [p.title for p in plan.priorities] == [
        "Early help",
        "Families heard Run workshops Jo Examplwood July 2026 Two held.",
    ]
    assert [o.title for o in plan.objectives()] == ["Needs met early", "Transition", "Plan ahead"]
    assert plan.row_kinds[5] == "skipped" and plan.row_kinds[4] == "heading"
    assert plan.chosen_rows[5] == ("skip", "draft - not agreed | check with the board | exampleshire pcf")
    assert "Exampleshire PCF" not in plan.partners
    assert [d.row for d in plan.dropped] == []  # a skipped row is the user's choice, not text lost


def test_a_row_marked_as_a_header_is_not_data(tmp_path):
    plan = parse(tmp_path, Corrections(rows={5: "header"}))
    assert plan.row_kinds[5] == "header"
    assert plan.counts["objectives"] == 3


def test_rows_remembered_by_text_apply_where_the_rows_have_moved(tmp_path):
    remembered = {row_key(["Draft - not agreed", "Check with the board", "Exampleshire PCF"]): "skip"}
    moved = [ROWS[0], ("Extra", "A new first action"), *ROWS[1:]]
    plan = parse(tmp_path, Corrections(row_texts=remembered), rows=moved)
    assert plan.row_kinds[6] == "skipped"


def test_the_period_chosen_for_a_column(tmp_path):
    chosen = ReportingPeriodGuess("Spring term 2026", datetime.date(2026, 4, 1))
    plan = parse(tmp_path, Corrections(periods={"E": chosen}))
    assert [(p.name, p.as_at) for p in plan.periods] == [("Spring term 2026", datetime.date(2026, 4, 1))]
    assert {s.period for s in plan.statements()} == {"Spring term 2026"}


def test_merging_two_spellings_of_a_person_and_renaming_a_partner(tmp_path):
    corrections = Corrections(
        people={"Jo Examplwood": "Jo Examplewood"},
        partners={"Exampleshire PCF": "Exampleshire Parent Carer Forum"},
    )
    plan = parse(tmp_path, corrections)
    assert plan.people == ["Jo Examplewood", "Ravi Demoford"]
    assert plan.partners == ["Exampleshire Parent Carer Forum"]
    assert plan.objectives()[1].lead_people == ["Jo Examplewood"]


def test_corrections_keep_their_meaning_through_json():
    corrections = Corrections(
        rows={4: "heading"},
        row_texts={"a | b": "skip"},
        periods={"E": ReportingPeriodGuess("January 2019", datetime.date(2019, 1, 31))},
        people={"A": "B"},
        partners={"C": "D"},
    )
    assert Corrections.from_json(corrections.as_json()) == corrections
    assert not Corrections() and corrections
    assert Corrections(people={"A": "B", "B": "C"}).rename("person", "a") == "C"
