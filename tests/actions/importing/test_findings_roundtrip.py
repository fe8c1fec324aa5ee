"""A plan's inspections, findings and their links go out in its workbook and come back in unchanged
(actions/importing/findings.py, export.py, commit_findings.py); a bad cell is a located problem."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import load_workbook

from actions.findings.models import Finding, FindingKind, Inspection, Outcome
from actions.importing.commit import plan_import
from actions.importing.export import plan_export
from actions.importing.parse import parse_workbook
from actions.importing.preview import preview_of
from actions.plans.models import Action, Plan
from tests import factories as f


def make_inspection(plan: Plan, **overrides) -> Inspection:
    fields = {
        "kind": Inspection.Kind.FULL,
        "framework": "2023",
        "visit_start": datetime.date(2025, 6, 2),
        "visit_end": datetime.date(2025, 6, 6),
        "outcome": Outcome.SYSTEMIC,
        "report_url": "https://reports.example.org/exampleshire-2025",
        "published_on": datetime.date(2025, 7, 21),
        **overrides,
    }
    return Inspection.objects.create(plan=plan, **fields)


@pytest.fixture
def inspected_plan(plan, periods, action, other_action):
    """A full inspection with API 1 (to the council, answered by action 1.1.a) and AFI 1 (to the council
    and the ICB, answered by objective 1.1 and another action), and an engagement meeting with none."""
    council = f.make_partner(name="Exampleshire Council")
    icb = f.make_partner(name="Exampleshire Integrated Care Board")
    full = make_inspection(plan)
    api = Finding.objects.create(
        inspection=full,
        reference="API 1",
        kind=FindingKind.PRIORITY_ACTION,
        text="Leaders must urgently improve the timeliness of EHC needs assessments.",
        order=1,
    )
    api.partners.add(council)
    api.actions.add(action)
    afi = Finding.objects.create(
        inspection=full,
        reference="AFI 1",
        kind=FindingKind.IMPROVEMENT,
        text='Leaders should improve the "Local Offer" so that families can find help.',
        order=2,
    )
    afi.partners.add(council, icb)
    afi.objectives.add(action.objective)
    afi.actions.add(other_action)
    make_inspection(
        plan,
        kind=Inspection.Kind.ENGAGEMENT,
        visit_start=datetime.date(2025, 11, 3),
        visit_end=datetime.date(2025, 11, 3),
        outcome="",
        report_url="",
        published_on=None,
    )
    return plan


def dump(plan: Plan) -> list:
    """Everything the round trip must keep, by name and ref rather than by id."""
    out = []
    for i in Inspection.objects.filter(plan=plan).order_by("visit_start"):
        findings = [
            (
                x.reference,
                x.kind,
                x.text,
                x.order,
                sorted(p.name for p in x.partners.all()),
                sorted(o.ref for o in x.objectives.all()),
                sorted(a.ref for a in x.actions.all()),
            )
            for x in i.findings.order_by("order")
        ]
        fields = (i.kind, i.framework, i.visit_start, i.visit_end, i.outcome, i.report_url, i.published_on)
        out.append((fields, findings))
    return out


def history_rows() -> int:
    return Inspection.history.count() + Finding.history.count()


def parse(data: bytes, filename: str = "export.xlsx"):
    return parse_workbook(data, filename=filename)


def edited(data: bytes, sheet: str, row: int, header: str, value) -> bytes:
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet]
    column = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_writes_the_inspections_and_findings_sheets(inspected_plan):
    book = load_workbook(io.BytesIO(plan_export(inspected_plan)))
    assert book.sheetnames[-2:] == ["Inspections", "Findings"]
    inspections = [[c.value for c in row] for row in book["Inspections"].iter_rows(min_row=2)]
    assert inspections[0][:3] == [
        "Full inspection, 2 Jun 2025",
        "Full inspection",
        "2023 area SEND framework",
    ]
    assert inspections[0][5] == "Widespread and/or systemic failings"
    findings = [[c.value for c in row] for row in book["Findings"].iter_rows(min_row=2)]
    assert findings[0][:3] == ["Full inspection, 2 Jun 2025", "API 1", "Area for priority action"]
    assert findings[0][4:] == ["Exampleshire Council", "Action 1.1.a"]
    assert findings[1][4] == "Exampleshire Council; Exampleshire Integrated Care Board"
    assert findings[1][5] == "Objective 1.1; Action 1.1.b"


def test_export_then_import_into_a_new_plan_gives_equal_inspections_findings_and_links(inspected_plan, alice):
    parsed = parse(plan_export(inspected_plan))
    assert parsed.problems == []
    report = plan_import(parsed=parsed, user=alice, title="Copy", local_area="Exampleshire")
    assert report.plan != inspected_plan
    assert dump(report.plan) == dump(inspected_plan)
    assert report.counts["inspections"] == {"added": 2, "updated": 0, "unchanged": 0}
    assert report.counts["findings"] == {"added": 2, "updated": 0, "unchanged": 0}
    copied = Finding.objects.get(inspection__plan=report.plan, reference="API 1")
    assert {h.history_user for h in copied.history.all()} == {alice}


def test_reimporting_the_export_into_the_same_plan_changes_nothing(inspected_plan, alice):
    before, rows_before = dump(inspected_plan), history_rows()
    report = plan_import(parsed=parse(plan_export(inspected_plan)), user=alice, plan=inspected_plan)
    assert dump(inspected_plan) == before
    assert history_rows() == rows_before
    assert report.counts["inspections"] == {"added": 0, "updated": 0, "unchanged": 2}
    assert report.counts["findings"] == {"added": 0, "updated": 0, "unchanged": 2}


def test_a_link_changed_in_the_workbook_is_updated_with_its_history(inspected_plan, alice):
    data = edited(plan_export(inspected_plan), "Findings", 2, "Answered by", "Action 1.1.a; Action 1.1.b")
    rows_before = Finding.history.count()
    report = plan_import(parsed=parse(data), user=alice, plan=inspected_plan)
    api = Finding.objects.get(inspection__plan=inspected_plan, reference="API 1")
    assert sorted(a.ref for a in api.actions.all()) == ["1.1.a", "1.1.b"]
    assert Finding.history.count() == rows_before + 1
    assert api.history.first().history_user == alice
    assert report.counts["findings"] == {"added": 0, "updated": 1, "unchanged": 1}


def test_a_plan_without_inspections_exports_the_empty_sheets_and_imports_none(plan, periods, action, alice):
    data = plan_export(plan)
    assert load_workbook(io.BytesIO(data))["Findings"].max_row == 1
    report = plan_import(parsed=parse(data), user=alice, plan=plan)
    assert Inspection.objects.count() == 0
    assert "inspections" not in preview_of_counts(report)


def preview_of_counts(report) -> dict:
    from actions.importing.preview import report_data

    return report_data(report)["counts"]


@pytest.mark.parametrize(
    ("sheet", "row", "header", "value", "column", "words"),
    [
        ("Inspections", 2, "Visit start", "soon", "D", "is not a date"),
        ("Inspections", 2, "Visit start", "1 Jan 2099", "D", "cannot be dated in the future"),
        ("Inspections", 2, "Outcome", "Outstanding", "F", "is not an outcome of the 2023 framework"),
        ("Inspections", 2, "Kind", "Inspection-ish", "B", "is not one of"),
        ("Inspections", 2, "Report link", "not a link", "G", "is not a web address"),
        ("Findings", 3, "Reference", "API 1", "B", "already API 1"),
        ("Findings", 2, "Text", None, "D", "Enter the finding's text"),
        ("Findings", 2, "Answered by", "Action 9.9.z", "F", "no action with this ref"),
        ("Findings", 2, "Answered by", "Priority 1", "F", "not by a priority"),
        ("Findings", 2, "Inspection", "A visit that never was", "A", "has no inspection"),
        (
            "Findings",
            2,
            "Kind",
            "Written statement of action item",
            "C",
            "Under the 2023 area SEND framework",
        ),
    ],
)
def test_a_bad_cell_is_a_problem_at_its_sheet_row_and_column_and_nothing_is_saved(
    inspected_plan, alice, sheet, row, header, value, column, words
):
    data = edited(plan_export(inspected_plan), sheet, row, header, value)
    parsed = parse(data)
    problems = [p for p in parsed.problems if p.sheet == sheet]
    assert [p.sheet for p in parsed.problems] == [sheet] * len(problems)  # nothing else is blamed
    assert {p.row for p in problems} == {row}
    assert any(p.column == column and words in p.reason for p in problems), problems
    before, rows_before = dump(inspected_plan), history_rows()
    with pytest.raises(ValidationError):
        plan_import(parsed=parsed, user=alice, plan=inspected_plan)
    assert dump(inspected_plan) == before
    assert history_rows() == rows_before


def test_the_preview_counts_inspections_and_findings(inspected_plan, alice):
    parsed = parse(plan_export(inspected_plan))
    data = preview_of(parsed)
    assert [(f["reference"], f["answered_by"]) for f in data["findings"]] == [
        ("API 1", ["Action 1.1.a"]),
        ("AFI 1", ["Objective 1.1", "Action 1.1.b"]),
    ]


def test_export_and_an_unchanged_reimport_cost_the_same_queries_for_few_and_many_findings(
    plan, periods, action, other_action, alice, django_assert_max_num_queries
):
    council = f.make_partner(name="Exampleshire Council")
    inspection = make_inspection(plan)
    for size in (2, 60):
        Finding.objects.filter(inspection=inspection).delete()
        for number in range(1, size + 1):
            finding = Finding.objects.create(
                inspection=inspection,
                reference=f"AFI {number}",
                kind=FindingKind.IMPROVEMENT,
                text=f"Leaders should improve area {number}.",
                order=number,
            )
            finding.partners.add(council)
            finding.objectives.add(action.objective)
            finding.actions.add(action, other_action)
        with django_assert_max_num_queries(20):
            data = plan_export(plan)
        parsed = parse(data)
        with django_assert_max_num_queries(52):
            report = plan_import(parsed=parsed, user=alice, plan=plan)
        assert report.counts["findings"] == {"added": 0, "updated": 0, "unchanged": size}


def test_the_demo_plans_round_trip_with_their_findings(db, alice):
    """The demo's inspections and findings come back equal in a new plan, and re-importing them into
    their own plan changes nothing."""
    call_command("load_demo", "--today", "2026-05-01", stdout=io.StringIO())
    for plan in Plan.objects.order_by("pk"):
        parsed = parse(plan_export(plan))
        assert parsed.problems == []
        assert parsed.counts["findings"] == Finding.objects.filter(inspection__plan=plan).count() == 5
        before, rows_before = dump(plan), history_rows()
        report = plan_import(parsed=parsed, user=alice, plan=plan)
        assert (dump(plan), history_rows()) == (before, rows_before)
        assert report.counts["findings"] == {"added": 0, "updated": 0, "unchanged": 5}
        copy = plan_import(parsed=parsed, user=alice, title=f"Copy of {plan.pk}", local_area=plan.local_area)
        assert dump(copy.plan) == dump(plan)


def test_links_the_workbook_cannot_name_are_kept(inspected_plan, action, alice):
    """An action of another plan of the same local area, and an archived one, answer API 1: the plan's
    export cannot name them, so re-importing it leaves those links alone and writes no history."""
    inspected_plan.local_area = "Exampleshire"
    inspected_plan.save()
    later = f.make_plan(title="Exampleshire SEND Plan 2027", local_area="Exampleshire")
    elsewhere = f.make_action(
        f.make_objective(f.make_priority(later, ref="1", title="Inclusion"), ref="1.1", title="Schools"),
        ref="1.1.a",
        description="Train every SENCo",
    )
    archived = f.make_action(action.objective, ref="1.1.z", description="An old action")
    Action.objects.filter(pk=archived.pk).update(is_archived=True)
    api = Finding.objects.get(inspection__plan=inspected_plan, reference="API 1")
    api.actions.add(elsewhere, archived)
    before, rows_before = dump(inspected_plan), history_rows()
    report = plan_import(parsed=parse(plan_export(inspected_plan)), user=alice, plan=inspected_plan)
    assert dump(inspected_plan) == before
    assert history_rows() == rows_before
    assert set(api.actions.values_list("pk", flat=True)) == {action.pk, elsewhere.pk, archived.pk}
    assert report.counts["findings"]["unchanged"] == 2


def test_an_inspection_missing_from_the_workbook_is_listed_not_deleted(inspected_plan, alice):
    book = load_workbook(io.BytesIO(plan_export(inspected_plan)))
    book["Inspections"].delete_rows(3)  # the engagement meeting
    out = io.BytesIO()
    book.save(out)
    report = plan_import(parsed=parse(out.getvalue()), user=alice, plan=inspected_plan)
    assert report.not_in_file == ["Inspection: Engagement meeting, 3 Nov 2025, with its findings"]
    assert Inspection.objects.filter(plan=inspected_plan).count() == 2
