"""The import pages: upload, preview (with a changed mapping), confirm, the report; and the export.

Tasks run at once in tests (ImmediateBackend), so each redirect lands on the finished step.
"""

import io
import re

import pytest
from django.core.cache.utils import make_template_fragment_key
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from actions.cycle.models import PositionStatement
from actions.importing.models import PlanImport
from actions.importing.parse import parse_workbook
from actions.importing.tasks import PLAN_DELETED, plan_import_read, plan_import_save
from actions.plans.models import Action, Objective, Plan, Priority
from partners.models import Person
from tests import factories as f
from tests.helpers import EXAMPLES, without_request_tokens

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def example(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (EXAMPLES / name).read_bytes(), content_type=XLSX)


def workbook_upload(rows, name="plan.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)


SMALL = [
    ["Our SEND plan"],
    [],
    ["Ref", "Objective", "Action", "Lead", "By when", "Position Statement January 2022"],
    ["1 Early identification"],
    ["1.1", "Find needs early", "Train health visitors", "Jo Bloggs", "Sep-22", "Green - on track"],
    ["1.2", "Better plans", "Audit plans termly", "Sam Smith", "Termly", "Amber: slipping"],
]


def upload(client, url, file, **data):
    return client.post(url, {"file": file, **data})


def only_import() -> PlanImport:
    return PlanImport.objects.get()


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["olivia", "oscar", "bea", "fern", "nora"])
def test_only_plan_administrators_upload(client, request, name, plan):
    client.force_login(request.getfixturevalue(name))
    for url in (reverse("actions:import-new"), reverse("actions:import-into", args=[plan.pk])):
        assert client.get(url).status_code == 403
        response = upload(client, url, workbook_upload(SMALL))
        assert response.status_code == 403
    assert not PlanImport.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, plan):
    response = client.get(reverse("actions:import-new"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", ["olivia", "oscar", "bea", "fern", "nora"])
def test_only_plan_administrators_see_or_confirm_an_import(client, request, name, alice):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    record = only_import()
    client.force_login(request.getfixturevalue(name))
    assert client.get(record.get_absolute_url()).status_code == 403
    assert client.get(reverse("actions:import-status", args=[record.pk])).status_code == 403
    assert client.post(reverse("actions:import-confirm", args=[record.pk])).status_code == 403
    assert client.post(record.get_absolute_url(), {"column_C": "objective"}).status_code == 403
    record.refresh_from_db()
    assert record.state == PlanImport.State.READY and not Plan.objects.exists()


@pytest.mark.parametrize(
    "name,status", [("alice", 200), ("olivia", 200), ("bea", 200), ("fern", 200), ("nora", 403)]
)
def test_export_is_for_every_member(client, request, name, status, plan):
    client.force_login(request.getfixturevalue(name))
    assert client.get(reverse("actions:plan-export", args=[plan.pk])).status_code == status


# --- Upload, preview, confirm --------------------------------------------------------------------


def test_upload_shows_the_preview(client, alice):
    client.force_login(alice)
    response = upload(
        client, reverse("actions:import-new"), example("telford.xlsx"), local_area="Telford and Wrekin"
    )
    record = only_import()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert record.state == PlanImport.State.READY
    assert record.preview["counts"]["priorities"] == 4
    assert record.preview["counts"]["objectives"] == 30
    assert record.preview["counts"]["actions"] == 30
    page = client.get(record.get_absolute_url())
    html = page.content.decode()
    assert "Check the import" in html
    assert "How the columns are read" in html
    assert "The first rows, as they will be imported" in html
    assert "Import the plan" in html
    assert not Plan.objects.exists(), "nothing is saved before confirming"


def test_the_preview_says_which_period_a_rag_column_rates(client, alice):
    client.force_login(alice)
    rows = [
        ["Our SEND plan"],
        [],
        ["Ref", "Objective", "Action", "Position Statement March 2026", "RAG March 2026"],
        ["1 Early identification"],
        ["1.1", "Find needs early", "Train health visitors", "Two cohorts trained.", "Amber"],
    ]
    upload(client, reverse("actions:import-new"), workbook_upload(rows), local_area="Exampleshire")
    html = client.get(only_import().get_absolute_url()).content.decode()
    assert "Statements for March 2026" in html and "Ratings for March 2026" in html


def test_preview_lists_new_and_known_names(client, alice):
    Person.objects.create(name="JO BLOGGS")
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    people = {p["name"]: p["is_new"] for p in only_import().preview["people"]}
    assert people == {"Jo Bloggs": False, "Sam Smith": True}
    html = client.get(only_import().get_absolute_url()).content.decode()
    assert "already in sendplan" in html and "New" in html


def test_changing_a_mapping_reads_the_file_again(client, alice):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    record = only_import()
    assert {c["letter"]: c["field"] for c in record.preview["columns"]}["E"] == "due"
    form = {f"column_{c['letter']}": c["field"] for c in record.preview["columns"]}
    form["column_E"] = ""  # "By when" not imported
    response = client.post(record.get_absolute_url(), form)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == PlanImport.State.READY
    assert record.overrides == {"E": ""}
    assert {c["letter"]: c["field"] for c in record.preview["columns"]}["E"] == ""
    client.post(reverse("actions:import-confirm", args=[record.pk]))
    assert set(Action.objects.values_list("due_date", flat=True)) == {None}
    assert set(Action.objects.values_list("timeframe", flat=True)) == {""}


def test_an_unknown_field_in_the_mapping_is_refused(client, alice):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    record = only_import()
    response = client.post(record.get_absolute_url(), {"column_E": "salary"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    record.refresh_from_db()
    assert record.overrides == {}


def test_confirm_imports_the_plan(client, alice):
    client.force_login(alice)
    upload(
        client,
        reverse("actions:import-new"),
        example("telford.xlsx"),
        title="Telford SEND plan",
        local_area="Telford and Wrekin",
    )
    record = only_import()
    response = client.post(reverse("actions:import-confirm", args=[record.pk]))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.state == PlanImport.State.DONE, record.error
    plan = record.plan
    assert plan.title == "Telford SEND plan" and plan.local_area == "Telford and Wrekin"
    assert Priority.objects.filter(plan=plan).count() == 4
    assert Objective.objects.filter(priority__plan=plan).count() == 30
    assert Action.objects.filter(objective__priority__plan=plan).count() == 30
    assert record.report["counts"]["actions"]["added"] == 30
    first = Action.objects.filter(objective__priority__plan=plan).first()
    assert first.history.get().history_change_reason == "Imported from telford.xlsx"
    assert first.history.get().history_user == alice
    html = client.get(record.get_absolute_url()).content.decode()
    assert "Plan imported" in html and "Go to the plan" in html
    assert client.get(plan.get_absolute_url()).status_code == 200


def test_confirm_twice_imports_once(client, alice):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    record = only_import()
    client.post(reverse("actions:import-confirm", args=[record.pk]))
    response = client.post(reverse("actions:import-confirm", args=[record.pk]), follow=True)
    assert re.search(
        r"You started this import at \d\d:\d\d\. An import runs once, so pressing the button again did",
        response.content.decode(),
    )
    assert Plan.objects.count() == 1


def test_reimport_into_a_plan_previews_and_applies_the_changes(client, alice):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    client.post(reverse("actions:import-confirm", args=[only_import().pk]))
    plan = Plan.objects.get()
    changed = [list(r) for r in SMALL]
    changed[5][2] = "Audit every plan termly"
    response = upload(client, reverse("actions:import-into", args=[plan.pk]), workbook_upload(changed))
    record = PlanImport.objects.filter(into_existing_plan=True).get()
    assert response["Location"] == record.get_absolute_url()
    assert record.preview["changes"]["counts"]["actions"] == {"added": 0, "updated": 1, "unchanged": 1}
    assert Action.objects.get(ref="1.2.a").description == "Audit plans termly", "the preview changes nothing"
    html = client.get(record.get_absolute_url()).content.decode()
    assert "What will change in the plan" in html and "Update the plan" in html
    client.post(reverse("actions:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == PlanImport.State.DONE
    assert record.report["counts"]["actions"] == {"added": 0, "updated": 1, "unchanged": 1}
    assert Plan.objects.count() == 1 and Action.objects.count() == 2
    assert Action.objects.get(ref="1.2.a").description == "Audit every plan termly"


def test_recent_imports_are_listed_on_the_upload_page(client, alice):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL, name="our-plan.xlsx"))
    assert "our-plan.xlsx" in client.get(reverse("actions:import-new")).content.decode()


def test_status_reports_progress(client, alice):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    record = only_import()
    data = client.get(reverse("actions:import-status", args=[record.pk])).json()
    assert data["state"] == "ready" and data["working"] is False
    PlanImport.objects.filter(pk=record.pk).update(state="reading", done=200, total=800)
    data = client.get(reverse("actions:import-status", args=[record.pk])).json()
    assert data == {
        "state": "reading",
        "label": "Reading the file",
        "working": True,
        "done": 200,
        "total": 800,
        "percent": 25,
        "message": "Read 200 of 800 rows.",
    }
    html = client.get(record.get_absolute_url()).content.decode()
    assert "Reading your file" in html and "Read 200 of 800 rows." in html
    assert 'max="800" value="200"' in html and "import-progress.js" in html


def test_the_upload_is_stored_under_a_name_of_its_own(client, alice, media):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL, name="../../etc/evil.xlsx"))
    record = only_import()
    assert record.filename == "evil.xlsx"
    assert record.file.name.startswith("imports/") and "evil" not in record.file.name
    assert (media / record.file.name).is_file()


# --- Bad input -------------------------------------------------------------------------------------


def errors_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_no_file_is_refused(client, alice):
    client.force_login(alice)
    html = errors_of(client.post(reverse("actions:import-new"), {}))
    assert "Choose the spreadsheet to import" in html
    assert not PlanImport.objects.exists()


def test_a_word_document_is_refused_by_name(client, alice):
    client.force_login(alice)
    file = SimpleUploadedFile("plan.docx", b"PK\x03\x04 not really", content_type="application/octet-stream")
    html = errors_of(upload(client, reverse("actions:import-new"), file))
    assert "plan.docx must be an Excel workbook (.xlsx) or a CSV file (.csv)" in html
    assert not PlanImport.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_is_refused(client, alice):
    client.force_login(alice)
    file = SimpleUploadedFile("plan.xlsx", b"%PDF-1.7 this is a PDF", content_type=XLSX)
    html = errors_of(upload(client, reverse("actions:import-new"), file))
    assert "plan.xlsx: “plan.xlsx” is named as an Excel workbook but is not one" in html
    assert not PlanImport.objects.exists()


def test_a_file_over_the_limit_is_refused(client, alice, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client.force_login(alice)
    html = errors_of(upload(client, reverse("actions:import-new"), example("telford.xlsx")))
    assert "the file must be smaller than 1000" in html
    assert not PlanImport.objects.exists()


def test_an_encrypted_workbook_is_refused(client, alice):
    client.force_login(alice)
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100 + "EncryptedPackage".encode("utf-16-le")
    html = errors_of(upload(client, reverse("actions:import-new"), SimpleUploadedFile("locked.xlsx", data)))
    assert "protected with a password" in html
    assert not PlanImport.objects.exists()


def test_a_sheet_without_a_header_says_so_and_saves_nothing(client, alice):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload([["just"], ["some", "words"]]))
    record = only_import()
    assert record.state == PlanImport.State.UNREADABLE
    html = client.get(record.get_absolute_url()).content.decode()
    assert "The file could not be read" in html and "No header row was recognised" in html
    assert "Upload a different file" in html
    assert client.post(reverse("actions:import-confirm", args=[record.pk])).status_code == 302
    assert not Plan.objects.exists()


def test_problems_block_the_confirm(client, alice):
    rows = [list(r) for r in SMALL]
    rows[5][0] = "1.1"  # a duplicate ref
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(rows))
    record = only_import()
    assert record.preview["problems"], "the duplicate ref is a problem"
    problem = record.preview["problems"][0]
    assert problem["sheet"] == "Plan" and problem["row"] and problem["column"]
    html = client.get(record.get_absolute_url()).content.decode()
    assert "must be fixed before this file can be imported" in html
    assert "Import the plan" not in html
    response = client.post(reverse("actions:import-confirm", args=[record.pk]), follow=True)
    assert "Fix the problems listed" in response.content.decode()
    record.refresh_from_db()
    assert record.state == PlanImport.State.READY and not Plan.objects.exists()


def test_a_failed_save_changes_nothing(client, alice, monkeypatch):
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    record = only_import()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("actions.importing.tasks.plan_import", broken)
    client.post(reverse("actions:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == PlanImport.State.FAILED
    html = client.get(record.get_absolute_url()).content.decode()
    assert "The import failed" in html and "Nothing has been saved" in html
    assert "disk full" not in html, "internal errors are not shown to users"
    assert not Plan.objects.exists()


def test_a_file_the_plan_would_refuse_says_why_in_the_preview(client, alice, caplog):
    """The dry run's ValidationError is the officer's to fix, not a crash to log."""
    plan = f.make_plan()
    priority = f.make_priority(plan, ref="1", title="Early identification")
    # Refs match case-insensitively, so "1A" in the file matches "1a" and would take its sibling's ref.
    f.make_objective(priority, ref="1a", title="Find needs early")
    f.make_objective(priority, ref="1A", title="Better plans")
    rows = [
        ["Our SEND plan"],
        [],
        ["Ref", "Objective", "Action", "Lead", "By when"],
        ["1 Early identification"],
        ["1A", "Better plans", "Audit plans termly", "Sam Smith", "Termly"],
    ]
    client.force_login(alice)
    with caplog.at_level("ERROR", logger="actions.importing.tasks"):
        upload(client, reverse("actions:import-into", args=[plan.pk]), workbook_upload(rows))
    record = only_import()
    assert record.state == PlanImport.State.UNREADABLE
    assert record.error == (
        "Objective “1A Better plans”: Another objective in this priority already has this ref."
    )
    assert "Something went wrong" not in record.error
    assert not caplog.records, "a refusal is not logged as a crash"
    html = client.get(record.get_absolute_url()).content.decode()
    assert record.error in html.replace("&quot;", '"').replace("&#x27;", "'")
    assert sorted(Objective.objects.filter(priority=priority).values_list("ref", flat=True)) == ["1A", "1a"]


def reimport_of_a_deleted_plan(client, alice) -> PlanImport:
    """An upload into a plan, previewed, then the plan deleted before the import is confirmed."""
    # Without statements: a plan with position statements cannot be deleted (they protect its periods).
    rows = [row[:5] for row in SMALL]
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(rows))
    client.post(reverse("actions:import-confirm", args=[only_import().pk]))
    plan = Plan.objects.get()
    upload(client, reverse("actions:import-into", args=[plan.pk]), workbook_upload(rows))
    record = PlanImport.objects.get(into_existing_plan=True)
    assert record.state == PlanImport.State.READY
    plan.delete()
    record.refresh_from_db()
    assert record.plan is None  # PlanImport.plan is SET_NULL
    return record


def test_confirming_an_update_of_a_deleted_plan_is_refused(client, alice):
    record = reimport_of_a_deleted_plan(client, alice)
    response = client.post(reverse("actions:import-confirm", args=[record.pk]), follow=True)
    assert PLAN_DELETED in response.content.decode()
    record.refresh_from_db()
    assert record.state == PlanImport.State.READY
    assert not Plan.objects.exists(), "no new plan was made in its place"


def test_saving_an_update_whose_plan_was_deleted_fails_and_makes_no_plan(client, alice):
    record = reimport_of_a_deleted_plan(client, alice)
    PlanImport.objects.filter(pk=record.pk).update(state=PlanImport.State.SAVING)  # confirmed just before
    plan_import_save.call(record.pk)
    record.refresh_from_db()
    assert (record.state, record.error) == (PlanImport.State.FAILED, PLAN_DELETED)
    assert not Plan.objects.exists()
    assert PLAN_DELETED in client.get(record.get_absolute_url()).content.decode()


def test_reading_an_update_whose_plan_was_deleted_fails(client, alice):
    record = reimport_of_a_deleted_plan(client, alice)
    PlanImport.objects.filter(pk=record.pk).update(state=PlanImport.State.READING, preview=None)
    plan_import_read.call(record.pk)
    record.refresh_from_db()
    assert (record.state, record.error) == (PlanImport.State.UNREADABLE, PLAN_DELETED)
    assert record.preview is None and not Plan.objects.exists()


# --- Export ----------------------------------------------------------------------------------------


def test_export_downloads_a_workbook_that_imports_back(client, alice, plan, periods, action):
    f.make_statement(action=action, period=periods[0], rag="amber", narrative="Slipping a little.")
    client.force_login(alice)
    response = client.get(reverse("actions:plan-export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Plan",
        "Measures",
        "Measure figures",
        "Comparators",
        "Inspections",
        "Findings",
    ]
    parsed = parse_workbook(response.content, filename="export.xlsx")
    assert not parsed.problems
    assert parsed.counts["actions"] == Action.objects.filter(objective__priority__plan=plan).count()
    assert parsed.counts["statements"] == PositionStatement.objects.filter(period__plan=plan).count()


def test_export_of_a_missing_plan_is_404(client, alice):
    client.force_login(alice)
    assert client.get(reverse("actions:plan-export", args=[999999])).status_code == 404


# --- Query budgets -----------------------------------------------------------------------------


# Session, user and role (3) plus the page's own: the import with its plan and creator (the preview is
# stored data), or the plan imported into and its recent imports; the same whatever the plan's size.
IMPORT_BUDGET = {"import-preview": 4, "import-status": 4, "import-into": 5}


@pytest.mark.parametrize("actions", [10, 500])
@pytest.mark.parametrize("page", list(IMPORT_BUDGET))
def test_import_pages_query_budget(client, alice, django_assert_max_num_queries, page, actions):
    """The preview is stored data: its page costs the same whatever the file held and whatever the
    size of the plan it goes into."""
    plan, _ = f.make_large_plan(actions)
    client.force_login(alice)
    upload(client, reverse("actions:import-into", args=[plan.pk]), workbook_upload(SMALL))
    record = only_import()
    url = {
        "import-preview": record.get_absolute_url(),
        "import-status": reverse("actions:import-status", args=[record.pk]),
        "import-into": reverse("actions:import-into", args=[plan.pk]),
    }[page]

    with django_assert_max_num_queries(IMPORT_BUDGET[page]) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured) == IMPORT_BUDGET[page]  # 10 actions cost what 500 cost


def test_a_plan_over_several_sheets_stays_whole_through_the_preview_until_one_sheet_is_chosen(client, alice):
    from tests.data.layouts.sheet_per_priority import LAYOUT

    data = io.BytesIO()
    LAYOUT.build().save(data)
    client.force_login(alice)
    upload(
        client,
        reverse("actions:import-new"),
        SimpleUploadedFile("plan.xlsx", data.getvalue(), content_type=XLSX),
    )
    record = only_import()
    assert record.preview["sheets_read"] == [
        "Priority 1 Early help",
        "Priority 2 Transition",
        "Priority 3 Sufficiency",
    ]
    page = client.get(record.get_absolute_url()).content.decode()
    assert "3 sheets laid out alike, read as one plan" in page
    url = record.get_absolute_url()
    mapping = {f"column_{c['letter']}": c["field"] for c in record.preview["columns"]}
    client.post(url, {**mapping, "sheet": "", "column_D": ""})  # leave "Timescale" out, on every sheet
    record.refresh_from_db()
    assert record.sheet == "" and record.overrides == {"D": ""}
    assert len(record.preview["sheets_read"]) == 3 and record.preview["counts"]["actions"] == 5
    client.post(url, {**mapping, "sheet": "Priority 2 Transition"})
    record.refresh_from_db()
    assert (
        record.preview["sheets_read"] == ["Priority 2 Transition"]
        and record.preview["counts"]["actions"] == 1
    )
    assert record.overrides == {}  # column letters belong to the sheets they were chosen on
    client.post(url, {**mapping, "sheet": ""})
    record.refresh_from_db()
    assert len(record.preview["sheets_read"]) == 3


# --- The cached preview ------------------------------------------------------------------------


def token_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_preview_is_cached_per_reading_and_each_form_carries_the_readers_own_token(alice, memory_cache):
    """Every reader of a reading of the file gets the same cached preview, with their own CSRF token
    (the client checks it, as a browser's request is checked); a new reading is shown at once."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    upload_page = client.get(reverse("actions:import-new")).content.decode()
    client.post(
        reverse("actions:import-new"),
        {"file": workbook_upload(SMALL), "csrfmiddlewaretoken": token_of(upload_page)},
    )
    record = only_import()
    first = client.get(record.get_absolute_url()).content.decode()
    key = make_template_fragment_key("formcache-import-preview-1", [f"{record.pk}:{record.version}:ready:"])
    assert memory_cache.get(key) is not None
    again = client.get(record.get_absolute_url()).content.decode()
    assert without_request_tokens(again) == without_request_tokens(first), "the cached page is the page"
    assert again.count("csrfmiddlewaretoken") == first.count("csrfmiddlewaretoken") > 3
    assert "sendplan-csrf-token-stand-in" not in again
    form = {f"column_{c['letter']}": c["field"] for c in record.preview["columns"]}
    form["column_E"] = ""
    response = client.post(record.get_absolute_url(), {**form, "csrfmiddlewaretoken": token_of(again)})
    assert response.status_code == 302, "the token in the cached page is accepted"
    record.refresh_from_db()
    assert record.overrides == {"E": ""}
    reread = client.get(record.get_absolute_url()).content.decode()
    assert re.search(
        r'<option value="" selected>[^<]*</option>', reread.split('name="column_E"')[1].split("</select>")[0]
    )


@pytest.fixture
def cached_preview(client, alice, memory_cache) -> PlanImport:
    """An import read and its preview page cached by a first read."""
    client.force_login(alice)
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    record = only_import()
    client.get(record.get_absolute_url())
    return record


def test_a_refused_mapping_shows_its_errors_and_leaves_the_cached_preview_alone(client, cached_preview):
    url = cached_preview.get_absolute_url()
    refused = client.post(url, {"column_E": "salary"}).content.decode()
    assert "Select a valid choice" in refused
    clean = client.get(url).content.decode()
    assert "Select a valid choice" not in clean and "Check the import" in clean


def test_a_name_chosen_to_rename_is_shown_chosen_beside_a_cached_preview(client, cached_preview):
    url = cached_preview.get_absolute_url()
    chosen = client.get(url, {"person": "Sam Smith"}).content.decode()
    assert re.search(r'<option value="Sam Smith" selected>', chosen)
    plain = client.get(url).content.decode()
    assert not re.search(r'<option value="Sam Smith" selected>', plain)
