"""Every layout in tests/data/layouts imports faithfully: its transcription's counts, ratings, leads
and supporters; no person or partner named by a job title or a sentence; no text dropped; and it
re-imports unchanged and survives export → import identical.

A layout module says what a council's sheet holds (tests/data/layouts/__init__.py); these checks are
the same for all of them, so a new layout is a new module, not new tests.
"""

import io
import re
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from actions.cycle.models import PositionStatement
from actions.importing.commit import plan_import
from actions.importing.export import plan_export
from actions.importing.models import PlanImport
from actions.importing.parse import parse_workbook
from actions.importing.parsed import ParsedPlan
from actions.plans.models import Action, Objective, Plan
from actions.roles import PLAN_ADMINISTRATOR
from partners.models import Person
from tests import factories as f
from tests.actions.importing.test_importing_commit import dump, history_rows
from tests.data.layouts import Layout, all_layouts
from tests.helpers import example

LAYOUTS = all_layouts()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Entries a plan writes in a lead or supporting cell that name nobody: roles and stand-ins for a name.
NOT_NAMES = {
    "primary head",
    "secondary head",
    "headteacher",
    "head teacher",
    "parent",
    "parents",
    "senco",
    "sencos",
    "tbc",
    "tbd",
    "?",
    "assistant principal",
    "deputy head",
    "principal",
    "chair",
    "vice chair",
}


def workbook_bytes(layout: Layout) -> bytes:
    out = io.BytesIO()
    layout.build().save(out)
    return out.getvalue()


def parsed_of(layout: Layout) -> ParsedPlan:
    return parse_workbook(workbook_bytes(layout), filename=layout.filename, **layout.parse_options)


@pytest.fixture(params=LAYOUTS, ids=[layout.slug for layout in LAYOUTS])
def layout(request) -> Layout:
    return request.param


def items_by_ref(parsed: ParsedPlan) -> dict:
    """Objectives and actions by ref, and by title or description (plans without refs)."""
    items = [*parsed.objectives(), *parsed.actions()]
    named = {getattr(i, "title", None) or i.description: i for i in items}
    return named | {i.ref: i for i in items if i.ref}


def test_the_layout_reads_with_no_problem_and_no_text_dropped(layout):
    parsed = parsed_of(layout)
    assert parsed.problems == []
    assert [(d.location, d.text) for d in parsed.dropped] == []


def test_the_layout_reads_as_its_transcription(layout):
    parsed, expected = parsed_of(layout), layout.expected
    counts = {
        k: parsed.counts[k]
        for k in ("priorities", "objectives", "actions", "statements", "people", "partners")
    }
    assert counts == {
        "priorities": expected.priorities,
        "objectives": expected.objectives,
        "actions": expected.actions,
        "statements": expected.statements,
        "people": expected.people,
        "partners": expected.partners,
    }
    assert dict(Counter(s.rag for s in parsed.statements())) == expected.ratings
    if expected.priority_titles is not None:
        assert [p.title for p in parsed.priorities] == expected.priority_titles
    if expected.periods is not None:
        assert parsed.statements_by_period() == expected.periods
    items = items_by_ref(parsed)
    for ref, names in expected.leads.items():
        assert sorted(items[ref].lead_people + items[ref].lead_partners) == sorted(names), ref
    for ref, names in expected.supporting.items():
        assert sorted(items[ref].supporting_people + items[ref].supporting_partners) == sorted(names), ref
    for ref, ratings in expected.statement_ratings.items():
        assert [s.rag for s in items[ref].statements] == ratings, ref
    for ref, notes in expected.notes.items():
        assert items[ref].notes == notes, ref
    for ref, count in expected.actions_of.items():
        assert len(items[ref].actions) == count, ref
    if expected.priority_notes is not None:
        assert [p.notes for p in parsed.priorities if p.notes] == expected.priority_notes
    linked = {
        item.ref or getattr(item, "title", None) or item.description: sorted(
            x.reference for c in parsed.finding_cells if c.item is item for x in c.findings
        )
        for item in [*parsed.objectives(), *parsed.actions()]
    }
    assert {ref: refs for ref, refs in linked.items() if refs} == {
        ref: sorted(refs) for ref, refs in expected.findings.items()
    }


def test_no_person_or_partner_is_a_job_title_or_a_sentence(layout):
    parsed = parsed_of(layout)
    for name in parsed.people + parsed.partners:
        assert name.lower() not in NOT_NAMES, name
        assert len(name.split()) <= 8 and not re.search(r"[.:;!?]$", name), name


@pytest.fixture
def importer(db):
    return f.make_user("importer", PLAN_ADMINISTRATOR)


def test_the_layout_imports_and_reimports_unchanged(layout, importer):
    report = plan_import(parsed=parsed_of(layout), user=importer, local_area="Exampleshire")
    for person, title in layout.expected.job_titles.items():
        assert Person.objects.get(name=person).job_title == title
    for person, organisation in layout.expected.organisations.items():
        assert Person.objects.get(name=person).partner.name == organisation
    before, history = dump(report.plan), history_rows()
    again = plan_import(parsed=parsed_of(layout), user=importer, plan=report.plan)
    for kind, counts in again.counts.items():
        assert counts["added"] == counts["updated"] == 0, kind
    assert history_rows() == history
    assert dump(report.plan) == before


def test_the_layout_survives_export_and_import_identical(layout, importer):
    report = plan_import(parsed=parsed_of(layout), user=importer, local_area="Exampleshire")
    parsed = parse_workbook(plan_export(report.plan), filename="export.xlsx")
    assert parsed.problems == []
    copy = plan_import(parsed=parsed, user=importer, title="Copy", local_area="Exampleshire")
    assert dump(copy.plan) == dump(report.plan)


@pytest.mark.parametrize("name", ["kirklees.xlsx", "telford.xlsx"])
def test_the_example_plans_lose_no_text_and_name_no_job_title(name):
    parsed = parse_workbook(example(name).read_bytes(), filename=name)
    assert [(d.location, d.text) for d in parsed.dropped] == []
    for person_or_partner in parsed.people + parsed.partners:
        assert person_or_partner.lower() not in NOT_NAMES, person_or_partner


def db_counts(plan) -> dict[str, int]:
    return {
        "priorities": plan.priorities.count(),
        "objectives": Objective.objects.filter(priority__plan=plan).count(),
        "actions": Action.objects.for_plan(plan).count(),
        "statements": PositionStatement.objects.filter(period__plan=plan).count(),
    }


def expected_counts(layout: Layout) -> dict[str, int]:
    e = layout.expected
    return {
        "priorities": e.priorities,
        "objectives": e.objectives,
        "actions": e.actions,
        "statements": e.statements,
    }


def test_the_layout_imports_through_the_pages(layout, client, alice, settings, tmp_path):
    """Upload → preview → confirm, as an administrator does it in the browser (tasks run at once)."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(alice)
    upload = SimpleUploadedFile(layout.filename, workbook_bytes(layout), content_type=XLSX)
    response = client.post(reverse("actions:import-new"), {"file": upload, "local_area": "Exampleshire"})
    record = PlanImport.objects.get()
    assert response.status_code == 302 and record.state == PlanImport.State.READY, record.error
    assert not record.preview["problems"]
    if period := layout.parse_options.get("period"):  # chosen in the preview, for each undated column
        for column in record.preview["columns"]:
            if column["field"] == "statement" and not column["period"]:
                data = {"column": column["letter"], "name": period.name, "as_at": period.as_at.isoformat()}
                client.post(reverse("actions:import-period", args=[record.pk]), data)
        record.refresh_from_db()
        assert record.state == PlanImport.State.READY, record.error
    assert set(layout.parse_options) <= {"period"}, "other choices: make them through the pages here"
    client.post(reverse("actions:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == PlanImport.State.DONE, record.error
    assert db_counts(record.plan) == expected_counts(layout)


def test_the_layout_imports_from_the_command_line(layout, db, tmp_path):
    path = tmp_path / layout.filename
    layout.build().save(path)
    options = []
    if period := layout.parse_options.get("period"):
        options = ["--period", period.name, "--as-at", period.as_at.isoformat()]
    out = io.StringIO()
    call_command("import_plan", str(path), "--commit", "--plan", layout.slug, *options, stdout=out)
    assert db_counts(Plan.objects.get(title=layout.slug)) == expected_counts(layout)
