"""The reading-and-mapping layer of plan import: real council workbooks and every kind of bad input.

The example workbooks and their careful transcriptions live in tests/data (see its README for the
expected counts; every name in them is fictional). Small workbooks for the edge cases are built in
tmp_path, so tests stay fast.
"""

import datetime
import io
import json
import struct
import zipfile
from pathlib import Path

import openpyxl
import pytest

from actions.importing.mapping import match_header
from actions.importing.names import split_names
from actions.importing.parse import parse_workbook
from actions.importing.reader import ImportProblem
from actions.importing.splitting import split_actions
from actions.importing.values import parse_due, rag_from_cell, rag_from_narrative
from tests.helpers import example


@pytest.fixture(scope="module")
def kirklees():
    return parse_workbook(example("kirklees.xlsx"), filename="kirklees.xlsx")


@pytest.fixture(scope="module")
def kirklees_json():
    return json.loads(example("kirklees.json").read_text())


@pytest.fixture(scope="module")
def telford():
    return parse_workbook(example("telford.xlsx"), filename="telford.xlsx")


@pytest.fixture(scope="module")
def telford_json():
    return json.loads(example("telford.json").read_text())


def make_xlsx(tmp_path, rows, *, merges=(), title="Plan", name="plan.xlsx", extra_sheets=()) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(list(row))
    for rng in merges:
        ws.merge_cells(rng)
    for sheet_title in extra_sheets:
        wb.create_sheet(sheet_title)
    path = tmp_path / name
    wb.save(path)
    return path


HEADER = ("Ref", "Objective", "Action", "Lead", "By when")


def only(problems, code):
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


# The example workbooks -----------------------------------------------------------------------------


def test_kirklees_parses_with_the_readme_counts(kirklees):
    counts = kirklees.counts
    assert (counts["priorities"], counts["objectives"], counts["actions"], counts["statements"]) == (
        19,
        67,
        148,
        0,
    )
    assert [p.title for p in kirklees.priorities if not p.objectives] == [
        "Processes",
        "Funding (sufficiency of resources)",
    ]
    assert [o.ref for o in kirklees.objectives() if not o.actions] == [f"11.{n}" for n in range(1, 7)]
    assert kirklees.problems == []
    assert kirklees.sheet == "Action Plan"
    assert kirklees.header_row == 6
    assert kirklees.title == "High Needs Strategic Review (SEND) 2017-19"


def test_kirklees_merged_objective_header_gives_the_ref_and_the_title(kirklees):
    assert kirklees.mapping.as_dict() == {
        "A": "ref",
        "B": "objective",
        "C": "action",
        "D": "lead",
        "E": "supporting",
        "F": "due",
    }


def test_kirklees_heading_that_repeats_a_number_keeps_its_place_without_a_ref(kirklees):
    processes = kirklees.priorities[3]
    assert (processes.ref, processes.printed_ref, processes.title) == ("", "1", "Processes")
    warning = only(kirklees.warnings, "duplicate_heading_ref")
    assert (warning.sheet, warning.row) == ("Action Plan", 19)
    assert [p.ref for p in kirklees.priorities[4:7]] == ["4i", "4ii", "4iii"]


def test_kirklees_multi_action_cells_split_as_in_the_transcription(kirklees, kirklees_json):
    expected = {
        o["ref"]: [(a["ref"], a["description"]) for a in o["actions"]]
        for p in kirklees_json["priorities"]
        for o in p["objectives"]
    }
    got = {o.ref: [(a.ref, a.description) for a in o.actions] for o in kirklees.objectives()}
    assert got == expected


def test_kirklees_objectives_and_due_dates_match_the_transcription(kirklees, kirklees_json):
    expected = {o["ref"]: o["title"] for p in kirklees_json["priorities"] for o in p["objectives"]}
    assert {o.ref: o.title for o in kirklees.objectives()} == expected
    due = {a.ref: (a.due_date, a.timeframe) for a in kirklees.actions() if a.due_text}
    assert due == {
        "4.8.a": (datetime.date(2018, 7, 31), ""),
        "7.9.a": (datetime.date(2019, 12, 31), ""),
        "7.9.b": (datetime.date(2019, 12, 31), ""),
        "7.9.c": (datetime.date(2019, 12, 31), ""),
        "10.7.a": (None, "Half term revision"),
        "10.7.b": (None, "Half term revision"),
    }


# Where sendplan reads a cell differently from the transcription, on purpose:
# "T Fablewell/ HCP" splits at "/" like "Lydia Fablegate/SC SDM"; a lead of "?" names nobody.
KIRKLEES_LEAD_DEVIATIONS = {
    "7.3": ["T Fablewell", "HCP", "J Madeupby"],
    "7.9": [],
}


def test_kirklees_leads_and_supporting_split_as_in_the_transcription(kirklees, kirklees_json):
    for p in kirklees_json["priorities"]:
        for o in p["objectives"]:
            ours = next(x for x in kirklees.objectives() if x.ref == o["ref"])
            assert [n.text for n in ours.lead] == KIRKLEES_LEAD_DEVIATIONS.get(o["ref"], o["lead"]), o["ref"]
            assert [n.text for n in ours.supporting] == o["supporting"], o["ref"]
            for action in ours.actions:
                assert action.lead == ours.lead and action.supporting == ours.supporting


def test_kirklees_leads_are_people_and_groups_are_partners(kirklees):
    by_ref = {o.ref: o for o in kirklees.objectives()}
    assert by_ref["6.3"].lead_people == ["M Demogate", "T Samplewell"]
    assert by_ref["2.1"].lead_people == ["M Demogate"]
    assert [n.name for n in by_ref["2.1"].supporting if not n.is_person] == [
        "Hub Leaders",
        "commissioners and strategic leads for appropriate resources.",
    ]
    assert by_ref["3.1"].supporting[-1].name == "T Fablewell"
    assert by_ref["3.1"].supporting[-1].note == "Healthy Child Programme"
    assert "T Fablewell" in kirklees.people and "SENACT" in kirklees.partners
    assert "PRS" in kirklees.partners and "PRS" not in kirklees.people
    only(kirklees.warnings, "not_a_name")  # the lead printed as "?"


def test_telford_parses_with_the_readme_counts(telford):
    counts = telford.counts
    assert (counts["priorities"], counts["objectives"], counts["actions"], counts["statements"]) == (
        4,
        30,
        30,
        30,
    )
    assert telford.statements_by_period() == {"January 2022": 23, "June 2022": 7}
    assert [(p.name, p.as_at, p.column) for p in telford.periods] == [
        ("January 2022", datetime.date(2022, 1, 31), "J"),
        ("June 2022", datetime.date(2022, 6, 30), "K"),
    ]
    assert {s.rag for s in telford.statements()} == {"not_rated"}
    assert telford.problems == [] and telford.warnings == []


def test_telford_each_reference_row_is_an_objective_with_one_matching_action(telford, telford_json):
    expected = [
        (
            o["ref"],
            o["title"],
            a["task_group"],
            a["due"],
            [(u["as_at"], u["statement"]) for u in a["updates"]],
        )
        for p in telford_json["priorities"]
        for o in p["objectives"]
        for a in o["actions"]
    ]
    got = []
    for objective in telford.objectives():
        (action,) = objective.actions
        assert (action.ref, action.description) == (objective.ref, objective.title)
        got.append(
            (
                objective.ref,
                objective.title,
                action.task_group or None,
                action.due_text or None,
                [(s.period, s.narrative) for s in action.statements],
            )
        )
    assert got == expected
    assert [p.title for p in telford.priorities] == [p["title"] for p in telford_json["priorities"]]


def test_telford_objective_fields_and_names_match_the_transcription(telford, telford_json):
    for p in telford_json["priorities"]:
        for o in p["objectives"]:
            ours = next(x for x in telford.objectives() if x.ref == o["ref"])
            assert [n.text for n in ours.lead] == o["lead"], o["ref"]
            assert [n.text for n in ours.supporting] == o["supporting"], o["ref"]
            assert (ours.success_measures or None, ours.monitoring or None) == (
                o["success_measures"],
                o["monitoring"],
            )


def test_telford_dates_and_timeframes(telford):
    by_ref = {a.ref: a for a in telford.actions()}
    assert by_ref["1"].due_date == datetime.date(2022, 9, 30)  # "Sep-22"
    assert by_ref["2.3"].timeframe == "Monthly" and by_ref["2.3"].due_date is None
    assert by_ref["1.3"].timeframe == "твс" and by_ref["1.3"].due_date is None


def test_telford_names_split_into_people_and_partners(telford):
    by_ref = {o.ref: o for o in telford.objectives()}
    assert by_ref["1.4"].lead_people == ["Noah Demoham", "Cordelia Fictionfield"]
    assert by_ref["1.6"].lead_people == ["Lydia Fablegate"] and by_ref["1.6"].lead_partners == ["SC SDM"]
    assert by_ref["2.8"].lead_people == ["Lamar Pretendwell", "Keira Imaginbrook"]
    assert by_ref["1.3"].supporting[1].name == "Niamh Pretendcombe"
    # Case-insensitive: "Cordelia Fictionfield" and "Cordelia FictionField" are one person.
    assert [p for p in telford.people if p.lower() == "cordelia fictionfield"] == ["Cordelia Fictionfield"]


def test_parsing_is_deterministic(telford):
    again = parse_workbook(example("telford.xlsx"), filename="telford.xlsx")
    assert repr(again.priorities) == repr(telford.priorities)
    assert (again.people, again.partners, again.periods) == (
        telford.people,
        telford.partners,
        telford.periods,
    )


def test_a_mapping_override_changes_the_result(telford):
    without_june = parse_workbook(
        example("telford.xlsx"), filename="telford.xlsx", mapping_overrides={"K": None}
    )
    assert without_june.counts["statements"] == 23 and len(without_june.periods) == 1
    swapped = parse_workbook(
        example("telford.xlsx"),
        filename="telford.xlsx",
        mapping_overrides={"G": "monitoring", 8: "success_measures"},
    )
    first = swapped.objectives()[0]
    assert first.monitoring == telford.objectives()[0].success_measures
    mapping = telford.mapping.with_override("D", "supporting")
    assert mapping.get("D").field == "supporting" and telford.mapping.get("D").field == "task_group"
    with pytest.raises(ValueError):
        telford.mapping.with_override("D", "colour")


def test_choosing_a_sheet_without_a_plan_says_so():
    with pytest.raises(ImportProblem) as error:
        parse_workbook(example("kirklees.xlsx"), filename="kirklees.xlsx", sheet="Teams")
    assert (error.value.code, error.value.sheet) == ("no_header", "Teams")
    with pytest.raises(ImportProblem) as error:
        parse_workbook(example("kirklees.xlsx"), filename="kirklees.xlsx", sheet="Nope")
    assert error.value.code == "no_such_sheet" and "Action Plan" in error.value.reason


# Names, dates, RAG words, headers ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("M Demogate T Samplewell", [("M Demogate", "person"), ("T Samplewell", "person")]),
        ("JB/ PW / JG-S", [("JB", "person"), ("PW", "person"), ("JG-S", "person")]),
        (
            "Hub Leaders, commissioners and strategic leads",
            [("Hub Leaders", "partner"), ("commissioners", "partner"), ("strategic leads", "partner")],
        ),
        (
            "Noah Demoham / Cordelia Fictionfield",
            [("Noah Demoham", "person"), ("Cordelia Fictionfield", "person")],
        ),
        ("Lydia Fablegate/SC SDM", [("Lydia Fablegate", "person"), ("SC SDM", "partner")]),
        ("BSAT. Primary & Secondary schools", [("BSAT. Primary & Secondary schools", "partner")]),
        ("PODS, JASS", [("PODS", "partner"), ("JASS", "partner")]),
        ("Reps EY KS1/2", [("Reps EY KS1/2", "partner")]),
        (
            "Special School Head Teachers, School Organisation.",
            [("Special School Head Teachers", "partner"), ("School Organisation", "partner")],
        ),
    ],
)
def test_lead_text_splits_into_people_and_partners(text, expected):
    names, warnings = split_names(text)
    assert [(n.name, n.kind) for n in names] == expected
    assert warnings == []


@pytest.mark.parametrize(
    "value, due_date, timeframe",
    [
        ("Sep-22", datetime.date(2022, 9, 30), ""),
        ("July 2018", datetime.date(2018, 7, 31), ""),
        ("October/ November 2018", datetime.date(2018, 11, 30), ""),
        ("Autumn 2019", datetime.date(2019, 12, 31), ""),
        ("Spring 2020", datetime.date(2020, 3, 31), ""),
        ("Summer term 2021", datetime.date(2021, 7, 31), ""),
        ("2019", datetime.date(2019, 12, 31), ""),
        (2019, datetime.date(2019, 12, 31), ""),
        (datetime.datetime(2022, 3, 4), datetime.date(2022, 3, 4), ""),
        ("31/03/2019", datetime.date(2019, 3, 31), ""),
        ("TBC", None, "TBC"),
        ("Monthly", None, "Monthly"),
        ("Half term revision", None, "Half term revision"),
        ("Termly", None, "Termly"),
        ("Ongoing", None, "Ongoing"),
        ("твс", None, "твс"),
    ],
)
def test_due_cells_become_dates_or_timeframe_text(value, due_date, timeframe):
    reading = parse_due(value)
    assert (reading.due_date, reading.timeframe, reading.warning) == (due_date, timeframe, "")


@pytest.mark.parametrize("value", ["31/13/2019", "Febtember 2019", "Q3 2019"])
def test_a_date_that_cannot_be_read_is_kept_as_timeframe_with_a_warning(value):
    reading = parse_due(value)
    assert (reading.due_date, reading.timeframe) == (None, value)
    assert "could not be read" in reading.warning


@pytest.mark.parametrize(
    "value, rag",
    [
        ("Red", "red"),
        ("amber", "amber"),
        ("Green", "green"),
        ("Blue", "blue"),
        ("Complete", "blue"),
        ("completed", "blue"),
        ("Amber/Green", "amber"),
        ("Amber Green", "amber"),
        ("G", "green"),
        ("", "not_rated"),
        ("Purple", None),
    ],
)
def test_rag_column_words(value, rag):
    assert rag_from_cell(value) == rag


@pytest.mark.parametrize(
    "text, rag",
    [
        ("Amber - some slippage on recruitment", "amber"),
        ("RAG: Red. Waiting on funding", "red"),
        ("Work continues (Amber/Green)", "amber"),
        ("Completed - all schools trained", "blue"),
        ("Attainment Dashboards are complete and will be sent out", "not_rated"),
        ("t annual report scheduled - completed", "not_rated"),
        ("K Green to confirm the venue", "not_rated"),
    ],
)
def test_rag_words_in_progress_text(text, rag):
    assert rag_from_narrative(text) == rag


@pytest.mark.parametrize(
    "header, field",
    [
        ("No.", "ref"),
        ("Workstream", "priority"),
        ("Recommendation (what needs to be done?)", "objective"),
        ("How?", "action"),
        ("What will be done", "action"),
        ("Lead(s)", "lead"),
        ("Lead & Representatives", "lead_then_supporting"),
        ("Group members", "supporting"),
        ("Task and Finish Group", "task_group"),
        ("By when?", "due"),
        ("Impact measure", "success_measures"),
        ("Resource implication(s)", "resources"),
        ("Progress (Red. Amber Green)", "rag"),
        ("Summary of Current Position", "statement"),
        ("Position Statement January 2022", "statement"),
    ],
)
def test_council_headers_are_recognised(header, field):
    assert match_header(header).field == field


def test_outcomes_is_success_measures_beside_an_objective_and_the_objective_otherwise(tmp_path):
    both = make_xlsx(
        tmp_path,
        [("Ref", "Objective", "Action", "Outcomes"), ("1.1", "Do it", "Step", "Better")],
        name="a.xlsx",
    )
    alone = make_xlsx(tmp_path, [("Ref", "Outcomes", "Action"), ("1.1", "Better", "Step")], name="b.xlsx")
    assert parse_workbook(both, filename="a.xlsx").mapping.get("D").field == "success_measures"
    assert parse_workbook(alone, filename="b.xlsx").mapping.get("B").field == "objective"


def test_progress_is_a_rating_or_a_statement_by_the_other_headers_and_its_cells(tmp_path):
    ratings = make_xlsx(
        tmp_path, [("Objective", "Action", "Progress"), ("Do it", "Step", "Green")], name="a.xlsx"
    )
    beside = make_xlsx(
        tmp_path,
        [
            ("Objective", "Action", "Position Statement March 2023", "Progress"),
            ("Do it", "Step", "Going well", "Red"),
        ],
        name="b.xlsx",
    )
    narrative = make_xlsx(
        tmp_path, [("Objective", "Action", "Progress"), ("Do it", "Step", "Going well")], name="c.xlsx"
    )
    plan = parse_workbook(ratings, filename="a.xlsx")
    assert plan.mapping.get("C").field == "rag"
    assert [(s.rag, s.period) for s in plan.statements()] == [("green", None)]
    plan = parse_workbook(beside, filename="b.xlsx")
    assert plan.mapping.get("D").field == "rag"
    assert [(s.rag, s.period, s.narrative) for s in plan.statements()] == [
        ("red", "March 2023", "Going well")
    ]
    plan = parse_workbook(narrative, filename="c.xlsx")
    assert plan.mapping.get("C").field == "statement"
    assert only(plan.warnings, "undated_statements").column == "C"


def test_bullets_with_no_line_before_them_are_actions_of_their_own():
    assert split_actions("• Train staff\n• Audit plans") == ["Train staff", "Audit plans"]
    assert split_actions("Review panels:\n- membership\n- terms\nPublish dates") == [
        "Review panels:\n- membership\n- terms",
        "Publish dates",
    ]


# Other layouts -------------------------------------------------------------------------------------


def test_heading_rows_and_refs_build_the_hierarchy(tmp_path):
    path = make_xlsx(
        tmp_path,
        [
            HEADER,
            ("Theme 3 DATA",),
            (
                "3.1",
                "Know our children",
                "Build a dashboard\nShare it termly",
                "M Demogate T Samplewell",
                "Autumn 2019",
            ),
            (None, None, "Publish it", "JB/ PW / JG-S", "TBC"),
        ],
    )
    plan = parse_workbook(path, filename="plan.xlsx")
    (priority,) = plan.priorities
    assert (priority.ref, priority.title) == ("3", "DATA")
    (objective,) = priority.objectives
    assert [(a.ref, a.description) for a in objective.actions] == [
        ("3.1.a", "Build a dashboard"),
        ("3.1.b", "Share it termly"),
        ("3.1.c", "Publish it"),
    ]
    assert objective.actions[0].due_date == datetime.date(2019, 12, 31)
    assert (
        objective.actions[2].lead_people == ["JB", "PW", "JG-S"] and objective.actions[2].timeframe == "TBC"
    )


def test_refs_alone_give_priorities_objectives_and_actions_in_a_csv(tmp_path):
    csv_text = (
        "Ref,Action,Lead,RAG\n"
        "1,Inclusion,,\n"
        "1.1,Every school inclusive,Noah Demoham,\n"
        "1.1.a,Train SENCos,Keira Imaginbrook,Green\n"
        "1.1.b,Audit,Keira Imaginbrook,Amber/Green\n"
    )
    path = tmp_path / "plan.csv"
    path.write_bytes(csv_text.encode("utf-8-sig"))
    plan = parse_workbook(path, filename="plan.csv")
    (priority,) = plan.priorities
    assert (priority.ref, priority.title) == ("1", "Inclusion")
    (objective,) = priority.objectives
    assert (objective.ref, objective.title, objective.lead_people) == (
        "1.1",
        "Every school inclusive",
        ["Noah Demoham"],
    )
    assert [(a.ref, a.statements[0].rag) for a in objective.actions] == [
        ("1.1.a", "green"),
        ("1.1.b", "amber"),
    ]


def test_a_windows_csv_is_read_with_a_warning(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes("Ref,Objective,Action\n1.1,Pupils’ voice – heard,Survey\n".encode("cp1252"))
    plan = parse_workbook(path, filename="plan.csv")
    assert plan.objectives()[0].title == "Pupils’ voice – heard"
    assert only(plan.warnings, "encoding")


def test_a_priority_column_merged_down_applies_to_every_row_it_spans(tmp_path):
    path = make_xlsx(
        tmp_path,
        [
            ("Priority", "Reference", "Delivery Objectives", "Timeframe"),
            ("Inclusion", "1.1", "First", "Sep-22"),
            (None, "1.2", "Second", "Monthly"),
            ("Voice", "2.1", "Third", None),
        ],
        merges=["A2:A3"],
    )
    plan = parse_workbook(path, filename="plan.xlsx")
    assert [(p.title, [o.ref for o in p.objectives]) for p in plan.priorities] == [
        ("Inclusion", ["1.1", "1.2"]),
        ("Voice", ["2.1"]),
    ]
    assert [(a.ref, a.description) for a in plan.actions()] == [
        ("1.1", "First"),
        ("1.2", "Second"),
        ("2.1", "Third"),
    ]


# Bad input -------------------------------------------------------------------------------------


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path):
    for name, data in (("plan.xlsx", b"\x89PNG\r\n\x1a\n\x00\x00"), ("plan.pdf", b"%PDF-1.7\x00")):
        with pytest.raises(ImportProblem) as error:
            parse_workbook(data, filename=name)
        assert error.value.code == "not_spreadsheet"
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ImportProblem) as error:
        parse_workbook(archive.getvalue(), filename="plan.xlsx")
    assert error.value.code == "not_spreadsheet" and "zip archive" in error.value.reason


def test_an_encrypted_workbook_is_refused():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "EncryptionInfo".encode("utf-16-le") + bytes(64)
    with pytest.raises(ImportProblem) as error:
        parse_workbook(data, filename="plan.xlsx")
    assert error.value.code == "encrypted" and "password" in error.value.reason
    with pytest.raises(ImportProblem) as error:
        parse_workbook(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), filename="plan.xls")
    assert error.value.code == "encrypted"


def test_a_file_over_the_size_limit_is_refused(tmp_path, settings):
    path = make_xlsx(tmp_path, [HEADER, ("1.1", "Objective", "Action", "Lead", "TBC")])
    settings.IMPORT_MAX_BYTES = 1000
    for source in (path, path.read_bytes(), io.BytesIO(path.read_bytes())):
        with pytest.raises(ImportProblem) as error:
            parse_workbook(source, filename="plan.xlsx")
        assert error.value.code == "too_large"
    settings.IMPORT_MAX_BYTES = 10 * 1024 * 1024
    assert parse_workbook(path, filename="plan.xlsx").counts["actions"] == 1


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path):
    data = bytearray(make_xlsx(tmp_path, [HEADER, ("1.1", "Objective", "Action")]).read_bytes())
    directory = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, directory + 24, 0xF0000000)  # declares ~4 GB uncompressed
    with pytest.raises(ImportProblem) as error:
        parse_workbook(bytes(data), filename="plan.xlsx")
    assert error.value.code == "zip_bomb"


def test_a_sheet_with_no_recognisable_header_is_refused(tmp_path):
    path = make_xlsx(tmp_path, [("Minutes of the meeting",), ("Apologies", "None"), ("Item 1", "Budget")])
    with pytest.raises(ImportProblem) as error:
        parse_workbook(path, filename="plan.xlsx")
    assert (error.value.code, error.value.sheet) == ("no_header", "Plan")
    assert "Objective" in error.value.reason


def test_an_empty_sheet_is_refused(tmp_path):
    path = make_xlsx(tmp_path, [], extra_sheets=["Other"])
    with pytest.raises(ImportProblem) as error:
        parse_workbook(path, filename="plan.xlsx")
    assert error.value.code == "empty_sheet"
    path = make_xlsx(
        tmp_path, [HEADER, ("1.1", "Objective", "Action")], extra_sheets=["Blank"], name="b.xlsx"
    )
    with pytest.raises(ImportProblem) as error:
        parse_workbook(path, filename="b.xlsx", sheet="Blank")
    assert (error.value.code, error.value.sheet) == ("empty_sheet", "Blank")


def test_a_header_with_no_rows_under_it_is_a_problem(tmp_path):
    plan = parse_workbook(make_xlsx(tmp_path, [HEADER]), filename="plan.xlsx")
    assert only(plan.problems, "no_data").row == 1 and not plan.is_importable


def test_cells_merged_across_columns_in_the_data_are_a_warning_not_a_crash(tmp_path):
    path = make_xlsx(
        tmp_path,
        [
            HEADER,
            ("1 Inclusion",),
            ("1.1", "Objective", "Action text spilling over", None, "TBC"),
            ("1.2", "Second", "Another action", "M Demogate", None),
        ],
        merges=["A2:E2", "C3:D3", "B4:B5"],
    )
    plan = parse_workbook(path, filename="plan.xlsx")
    warning = only(plan.warnings, "merged_cells")
    assert (warning.sheet, warning.row, warning.column) == ("Plan", 3, "C")
    assert "Action, Lead" in warning.reason
    assert plan.counts["priorities"] == 1 and plan.counts["actions"] == 2
    assert plan.actions()[0].description == "Action text spilling over"


def test_a_formula_with_no_saved_result_is_a_problem(tmp_path):
    path = make_xlsx(tmp_path, [HEADER, ("1.1", "Objective", "Action", '=D9&"x"', "TBC")])
    plan = parse_workbook(path, filename="plan.xlsx")
    problem = only(plan.problems, "formula_without_value")
    assert (problem.sheet, problem.row, problem.column) == ("Plan", 2, "D")
    assert "no saved result" in problem.reason


def test_duplicate_refs_are_a_problem_naming_both_rows(tmp_path):
    path = make_xlsx(
        tmp_path,
        [
            HEADER,
            ("1 Inclusion",),
            ("1.1", "First", "A"),
            ("1.1", "Second", "B"),
            ("1 Again",),
            ("1.2", "Third", "C"),
        ],
    )
    plan = parse_workbook(path, filename="plan.xlsx")
    objective = [p for p in plan.problems if p.code == "duplicate_ref" and "objectives" in p.reason]
    assert len(objective) == 1 and (objective[0].row, objective[0].column) == (4, "A")
    assert "rows 3 and 4" in objective[0].reason
    priority = [p for p in plan.problems if p.code == "duplicate_ref" and "Priority" in p.reason]
    assert len(priority) == 1 and "rows 2 and 5" in priority[0].reason


def test_an_unknown_rag_word_is_a_problem(tmp_path):
    path = make_xlsx(tmp_path, [("Objective", "Action", "RAG"), ("Do it", "Step one", "Purple")])
    plan = parse_workbook(path, filename="plan.xlsx")
    problem = only(plan.problems, "unknown_rag")
    assert (problem.sheet, problem.row, problem.column) == ("Plan", 2, "C")
    assert "Purple" in problem.reason


def test_an_unparseable_date_is_kept_as_timeframe_with_a_located_warning(tmp_path):
    path = make_xlsx(tmp_path, [HEADER, ("1.1", "Objective", "Action", "M Demogate", "31/13/2019")])
    plan = parse_workbook(path, filename="plan.xlsx")
    assert plan.actions()[0].timeframe == "31/13/2019" and plan.actions()[0].due_date is None
    warning = only(plan.warnings, "unparseable_date")
    assert (warning.sheet, warning.row, warning.column) == ("Plan", 2, "E")
    assert plan.is_importable


def test_control_characters_are_removed_with_a_warning(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "Ref,Objective,Action\n1.1,Know our\x07 children,Build\x0b a dashboard\n", encoding="utf-8"
    )
    plan = parse_workbook(path, filename="plan.csv")
    assert plan.objectives()[0].title == "Know our children"
    assert plan.actions()[0].description == "Build a dashboard"
    warnings = [w for w in plan.warnings if w.code == "control_characters"]
    assert [(w.sheet, w.row, w.column) for w in warnings] == [("plan", 2, "B"), ("plan", 2, "C")]
