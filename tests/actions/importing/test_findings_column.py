"""A council's own Finding column ("API/AFI", "Area for improvement", "WSoA weakness"…) links each row's
objective or actions to the findings it names (actions/importing/findings.py, commit_findings.py)."""

import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from actions.findings.models import Finding, FindingKind, Framework, Inspection
from actions.importing.commit import plan_import
from actions.importing.export import plan_export
from actions.importing.models import PlanImport
from actions.importing.parse import parse_workbook
from actions.importing.preview import preview_of, report_data
from actions.plans.models import Action, Objective
from tests.data.layouts import findings_column

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def layout_bytes() -> bytes:
    out = io.BytesIO()
    findings_column.build().save(out)
    return out.getvalue()


def parsed_layout():
    return parse_workbook(layout_bytes(), filename="findings_column.xlsx")


def links(plan) -> dict[str, tuple[list[str], list[str]]]:
    """Each finding's reference → (objective refs, action refs) answering it."""
    return {
        f.reference: (sorted(o.ref for o in f.objectives.all()), sorted(a.ref for a in f.actions.all()))
        for f in Finding.objects.filter(inspection__plan=plan)
    }


def history_rows() -> int:
    return Inspection.history.count() + Finding.history.count()


def book_bytes(header: str, cells: list[str]) -> bytes:
    """A small plan whose objective 1.1 has one action a cell of `cells`, under a `header` column."""
    book = Workbook()
    sheet = book.active
    sheet.title = "WSOA"
    sheet.append(["Exampleshire Written Statement of Action"])
    sheet.append([])
    sheet.append(["No.", header, "What we will do", "Lead"])
    sheet.append(["1", "", "Leadership"])
    sheet.append(["1.1", "", "Leaders share an accurate view", "Asha Examplewood"])
    for index, cell in enumerate(cells):
        sheet.append([f"1.1.{'abcdefgh'[index]}", cell, f"Action number {index + 1}", "Asha Examplewood"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_column_makes_an_inspection_and_the_findings_the_plan_does_not_hold(alice):
    report = plan_import(parsed=parsed_layout(), user=alice, local_area="Exampleshire")
    inspection = Inspection.objects.get(plan=report.plan)
    assert (inspection.kind, inspection.framework) == (Inspection.Kind.FULL, Framework.AREA_SEND_2023)
    assert inspection.visit_start == inspection.visit_end == timezone.localdate()
    assert inspection.history.get().history_change_reason == "Imported from findings_column.xlsx"
    findings = {f.reference: f for f in inspection.findings.all()}
    assert {r: f.kind for r, f in findings.items()} == {
        "API 1": FindingKind.PRIORITY_ACTION,
        "AFI 2": FindingKind.IMPROVEMENT,
        "AFI 3": FindingKind.IMPROVEMENT,
        "AFI 4": FindingKind.IMPROVEMENT,
    }
    assert findings["API 1"].text.startswith("Leaders must make sure that children's needs are assessed")
    assert findings["AFI 4"].text == "Leaders should co-produce the local offer with families"
    assert "enter the report's words" in findings["AFI 2"].text
    assert links(report.plan) == {
        "API 1": (["1.1"], ["1.1.a"]),
        "AFI 2": ([], ["1.1.b"]),
        "AFI 3": ([], ["1.1.b", "2.1.b"]),
        "AFI 4": ([], ["2.1.a"]),
    }
    assert report.counts["inspections"] == {"added": 1, "updated": 0, "unchanged": 0}
    assert report.counts["findings"] == {"added": 4, "updated": 0, "unchanged": 0}
    assert any("AFI 2 is named in the file by its reference alone" in w for w in report.warnings)
    assert {h.history_user for f in findings.values() for h in f.history.all()} == {alice}


def test_reimporting_the_council_workbook_changes_nothing(alice):
    report = plan_import(parsed=parsed_layout(), user=alice, local_area="Exampleshire")
    before, rows_before = links(report.plan), history_rows()
    again = plan_import(parsed=parsed_layout(), user=alice, plan=report.plan)
    assert links(report.plan) == before
    assert history_rows() == rows_before
    assert Inspection.objects.count() == 1
    assert again.counts["findings"] == {"added": 0, "updated": 0, "unchanged": 4}
    assert report_data(again)["added"] == report_data(again)["updated"] == 0


def test_the_column_links_to_the_findings_the_plan_holds_keeping_their_links(alice):
    report = plan_import(parsed=parsed_layout(), user=alice, local_area="Exampleshire")
    plan = report.plan
    Inspection.objects.filter(plan=plan).delete()
    held = Inspection.objects.create(
        plan=plan, visit_start=datetime.date(2025, 5, 12), visit_end=datetime.date(2025, 5, 16)
    )
    texts = {
        "API 1": "Leaders must make sure that children's needs are assessed on time.",
        "AFI 2": "Leaders should improve the quality of EHC plans.",
        "AFI 3": "Leaders should make the local offer easy to find.",
        "AFI 7": "Leaders should co-produce the local offer with families.",
    }
    for order, (reference, text) in enumerate(texts.items(), start=1):
        Finding.objects.create(
            inspection=held,
            reference=reference,
            kind=FindingKind.IMPROVEMENT if "AFI" in reference else FindingKind.PRIORITY_ACTION,
            text=text,
            order=order,
        )
    by_hand = Action.objects.get(objective__priority__plan=plan, ref="2.1.b")
    Finding.objects.get(reference="API 1").actions.add(by_hand)
    again = plan_import(parsed=parsed_layout(), user=alice, plan=plan)
    assert Inspection.objects.filter(plan=plan).count() == 1  # every finding named was held
    assert links(plan) == {
        "API 1": (["1.1"], ["1.1.a", "2.1.b"]),
        "AFI 2": ([], ["1.1.b"]),
        "AFI 3": ([], ["1.1.b", "2.1.b"]),
        "AFI 7": ([], ["2.1.a"]),  # matched by its words
    }
    assert Finding.objects.get(reference="AFI 2").text == texts["AFI 2"]  # the plan's words are kept
    assert again.counts["findings"] == {"added": 0, "updated": 4, "unchanged": 0}


def test_an_area_of_weakness_column_is_read_under_the_earlier_framework(alice):
    data = book_bytes("WSoA weakness", ["WSOA 1", "The local area's leaders do not understand its needs"])
    report = plan_import(
        parsed=parse_workbook(data, filename="wsoa.xlsx"), user=alice, local_area="Exampleshire"
    )
    inspection = Inspection.objects.get(plan=report.plan)
    assert inspection.framework == Framework.EARLIER_2016
    assert {f.reference: f.kind for f in inspection.findings.all()} == {
        "WSOA 1": FindingKind.WRITTEN_STATEMENT,
        "WSOA 2": FindingKind.WRITTEN_STATEMENT,
    }


def test_a_finding_of_the_other_framework_is_a_problem_at_its_cell_and_nothing_is_saved(alice):
    parsed = parse_workbook(book_bytes("API/AFI", ["API 1", "API 2; WSOA 3"]), filename="mixed.xlsx")
    assert [(p.sheet, p.row, p.column, p.code) for p in parsed.problems] == [
        ("WSOA", 7, "B", "kind_not_in_framework")
    ]
    assert "“WSOA 3”" in parsed.problems[0].reason
    with pytest.raises(ValidationError):
        plan_import(parsed=parsed, user=alice, local_area="Exampleshire")
    assert Inspection.objects.count() == Finding.objects.count() == Objective.objects.count() == 0


def test_one_finding_given_two_different_wordings_is_a_problem(db):
    parsed = parse_workbook(
        book_bytes("Area for improvement", ["AFI 1: Leaders should act", "AFI 1: Leaders must not wait"]),
        filename="twice.xlsx",
    )
    assert [(p.row, p.column, p.code) for p in parsed.problems] == [(7, "B", "finding_words_differ")]


def test_with_a_findings_sheet_the_column_must_name_one_of_its_findings(plan, periods, action, alice):
    inspection = Inspection.objects.create(
        plan=plan, visit_start=datetime.date(2025, 5, 12), visit_end=datetime.date(2025, 5, 16)
    )
    Finding.objects.create(
        inspection=inspection, reference="AFI 1", kind=FindingKind.IMPROVEMENT, text="Improve it.", order=1
    )
    book = load_workbook(io.BytesIO(plan_export(plan)))
    sheet = book["Plan"]
    sheet.cell(3, sheet.max_column + 1, "Finding")
    sheet.cell(5, sheet.max_column, "AFI 9")  # the row of action 1.1.a
    out = io.BytesIO()
    book.save(out)
    parsed = parse_workbook(out.getvalue(), filename="export.xlsx")
    assert [(p.sheet, p.row, p.code) for p in parsed.problems] == [("Plan", 5, "unknown_finding")]
    assert "the Findings sheet has no such finding" in parsed.problems[0].reason


def test_the_preview_lists_the_findings_found_and_the_links(db):
    data = preview_of(parsed_layout())
    assert [(f["reference"], f["answered_by"], f["new_inspection"]) for f in data["findings"]] == [
        ("API 1", ["Objective 1.1", "Action 1.1.a"], True),
        ("AFI 2", ["Action 1.1.b"], True),
        ("AFI 3", ["Action 1.1.b", "Action 2.1.b"], True),
        ("AFI 4", ["Action 2.1.a"], True),
    ]
    assert [
        (link["row"], link["column"], link["item"], link["findings"]) for link in data["finding_links"]
    ] == [
        (5, "B", "Objective 1.1", ["API 1"]),
        (6, "B", "Action 1.1.a", ["API 1"]),
        (7, "B", "Action 1.1.b", ["AFI 2", "AFI 3"]),
        (10, "B", "Action 2.1.a", ["AFI 4"]),
        (11, "B", "Action 2.1.b", ["AFI 3"]),
    ]
    assert [c for c in data["columns"] if c["letter"] == "B"][0]["field"] == "finding"


def test_the_preview_page_lists_the_findings_and_the_import_records_them(client, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    upload = SimpleUploadedFile("findings_column.xlsx", layout_bytes(), content_type=XLSX)
    client.post(reverse("actions:import-new"), {"file": upload, "local_area": "Exampleshire"})
    record = PlanImport.objects.get()
    assert record.state == PlanImport.State.READY, record.error
    assert (record.preview["counts"]["inspections"], record.preview["counts"]["findings"]) == (1, 4)
    html = client.get(record.get_absolute_url()).content.decode()
    assert re.search(r'tile__number">4</span> <span class="sp-tile__label">findings<', html)
    assert "Inspection findings (4)" in html
    assert "Named by its reference alone" in html  # AFI 2
    assert "Sheet “Priority action plan”, row 7, column B" in html
    client.post(reverse("actions:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == PlanImport.State.DONE, record.error
    assert sorted(
        Finding.objects.filter(inspection__plan=record.plan).values_list("reference", flat=True)
    ) == [
        "AFI 2",
        "AFI 3",
        "AFI 4",
        "API 1",
    ]


def test_long_labels_read_as_references(alice):
    data = book_bytes(
        "Area of weakness",
        ["Area of weakness 1: Leaders do not share an accurate view of the area", "Area of weakness 2"],
    )
    report = plan_import(
        parsed=parse_workbook(data, filename="wsoa.xlsx"), user=alice, local_area="Exampleshire"
    )
    findings = {f.reference: f for f in Finding.objects.filter(inspection__plan=report.plan)}
    assert sorted(findings) == ["WSOA 1", "WSOA 2"]
    assert findings["WSOA 1"].text == "Leaders do not share an accurate view of the area"
    assert findings["WSOA 1"].inspection.framework == Framework.EARLIER_2016
