"""Correcting the preview: how a row is read, a statement column's period, renamed and merged names;
the choices remembered for the next upload of the same layout; and the faithfulness report.

Tasks run at once in tests (ImmediateBackend), so each redirect lands on the re-read preview.
"""

import html
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags
from openpyxl import Workbook

from actions.cycle.models import PositionStatement
from actions.importing import services
from actions.importing.layouts import layout_fingerprint, normalised_header
from actions.importing.models import ImportLayout, PlanImport
from actions.importing.parse import parse_workbook
from partners.models import Person
from tests.data.layouts.sheet_per_priority import LAYOUT as SHEET_PER_PRIORITY

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = ["Objective", "Action", "Lead", "By when", "Summary of current position"]
# Row 7 is a heading the sheet gives a timeframe, so it reads as an objective; Ada is spelt two ways.
ROWS = [
    ["Our local area SEND plan"],
    [],
    HEADER,
    ["Getting help early"],
    ["Find needs early", "Train health visitors", "Ada Adminton", "Sep-26", "Green - training booked"],
    ["Better plans", "Audit plans termly", "Ada Adminten", "Termly", "Amber: audit slipping"],
    ["Preparing for adulthood", None, None, "2026-27", None],
    ["More supported internships", "Recruit employers", "Ben Bloggs", "Dec-26", "Red - no employers yet"],
]
HEADING_ROW = 7


def workbook_bytes(rows=ROWS, sheet="Plan") -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook_upload(rows=ROWS, name="plan.xlsx", sheet="Plan") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_bytes(rows, sheet), content_type=XLSX)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def record(client, alice) -> PlanImport:
    client.force_login(alice)
    client.post(reverse("actions:import-new"), {"file": workbook_upload()})
    return PlanImport.objects.get()


def url(name: str, record: PlanImport) -> str:
    return reverse(f"actions:{name}", args=[record.pk])


def reloaded(record: PlanImport) -> PlanImport:
    record.refresh_from_db()
    return record


def page_text(response) -> str:
    """The page's words, as a reader sees them (tags left out)."""
    return " ".join(html.unescape(strip_tags(response.content.decode())).split())


# --- Access ------------------------------------------------------------------------------------

CORRECTIONS = [
    ("import-row", {"row-row": HEADING_ROW, "row-choice": "heading"}),
    ("import-period", {"column": "E", "name": "Spring 2026", "as_at": "2026-03-31"}),
    ("import-name", {"kind": "person", "person-name": "Ada Adminten", "person-new_name": "Ada Adminton"}),
    ("import-start-again", {}),
]


@pytest.mark.parametrize("name", ["olivia", "oscar", "bea", "fern", "nora"])
def test_only_plan_administrators_correct_a_preview(client, request, record, name):
    before = (record.corrections, record.overrides, record.preview)
    client.force_login(request.getfixturevalue(name))
    for url_name, data in CORRECTIONS:
        assert client.post(url(url_name, record), data).status_code == 403, url_name
    record = reloaded(record)
    assert (record.corrections, record.overrides, record.preview) == before


def test_anonymous_is_sent_to_sign_in(client, record):
    client.logout()
    for url_name, data in CORRECTIONS:
        response = client.post(url(url_name, record), data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert reloaded(record).corrections == {}


@pytest.mark.parametrize("name", ["olivia", "bea", "fern", "nora"])
def test_the_services_refuse_anyone_but_a_plan_administrator(request, record, name):
    user = request.getfixturevalue(name)
    calls = [
        lambda: services.plan_import_set_row(user=user, record=record, row=HEADING_ROW, choice="heading"),
        lambda: services.plan_import_set_period(
            user=user, record=record, column="E", name="Spring 2026", as_at=None
        ),
        lambda: services.plan_import_rename(
            user=user, record=record, kind="person", name="Ada Adminten", new_name="Ada Adminton"
        ),
        lambda: services.plan_import_start_again(user=user, record=record),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert reloaded(record).corrections == {}


def test_a_plan_administrator_sees_every_correction_form(client, record):
    text = page_text(client.get(record.get_absolute_url()))
    assert "Change how a row is read" in text
    assert "Reporting period of column E" in text
    assert "Rename or merge a person" in text
    assert "Text not imported" in text


# --- Rows --------------------------------------------------------------------------------------


def test_marking_a_row_as_a_heading_reads_the_file_again(client, record):
    assert record.preview["counts"]["priorities"] == 1
    response = client.post(url("import-row", record), {"row-row": HEADING_ROW, "row-choice": "heading"})
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    record = reloaded(record)
    assert record.state == PlanImport.State.READY
    assert record.corrections["rows"] == {"7": "heading"}
    assert record.preview["counts"]["priorities"] == 2
    assert record.preview["chosen_rows"][0]["row"] == HEADING_ROW
    text = page_text(client.get(record.get_absolute_url()))
    assert "Row 7 is now read as a priority heading." in text
    assert "Rows you changed (1)" in text
    assert "preparing for adulthood | 2026-27" in text

    # Undo: the row reads as detected again.
    client.post(url("import-row", record), {"row-row": HEADING_ROW, "row-choice": ""})
    record = reloaded(record)
    assert record.corrections["rows"] == {}
    assert record.preview["counts"]["priorities"] == 1 and record.preview["chosen_rows"] == []


def test_the_preview_counts_what_the_rows_were_read_as(client, record):
    counts = {item["kind"]: item["count"] for item in record.preview["rows_read_as"]}
    assert counts == {"heading": 1, "objective": 4}
    # The three statements have no period yet, so their text would not be imported: listed.
    assert record.preview["counts"]["dropped"] == 3
    text = page_text(client.get(record.get_absolute_url()))
    assert "Priority headings 1 row" in text and "Objectives 4 rows" in text
    assert "Green - training booked" in text
    client.post(url("import-period", record), {"column": "E", "name": "Spring 2026", "as_at": "2026-03-31"})
    record = reloaded(record)
    assert record.preview["counts"]["dropped"] == 0
    assert "Every cell's text is in the plan." in page_text(client.get(record.get_absolute_url()))


@pytest.mark.parametrize(
    "row,choice,message",
    [
        ("", "heading", "Enter the number of the row to change, like 12"),
        ("seven", "heading", "Enter the row's number in figures, like 12"),
        ("0", "heading", "Enter a row number of 1 or more"),
        ("2", "heading", "Row 2 is above the plan's table on sheet “Plan”: its rows start at row 4, under "),
        ("99", "heading", "Row 99 is below the plan's last row on sheet “Plan”, which is row 8."),
        ("6", "", "Row 6 is read as detected: there is no change to undo."),
        ("6", "title", "Choose how the row is read from the list"),
    ],
)
def test_a_bad_row_is_refused_with_its_reason(client, record, row, choice, message):
    before = record.preview
    response = client.post(url("import-row", record), {"row-row": row, "row-choice": choice})
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text and message in text
    field = "id_row-choice" if "from the list" in message else "id_row-row"
    assert f'href="#{field}"' in response.content.decode()
    record = reloaded(record)
    assert record.corrections == {} and record.preview == before


# --- Periods -----------------------------------------------------------------------------------


def test_a_statement_column_without_a_date_is_warned_about_and_its_period_chosen(client, record):
    assert record.preview["statement_columns"] == [
        {"letter": "E", "header": "Summary of current position", "period": "", "as_at": ""}
    ]
    text = page_text(client.get(record.get_absolute_url()))
    assert "Column E has no reporting period: its statements cannot be imported until you choose one." in text

    response = client.post(
        url("import-period", record), {"column": "E", "name": " Spring  2026", "as_at": "2026-03-31"}
    )
    assert response.status_code == 302
    record = reloaded(record)
    assert record.corrections["periods"] == {"E": {"name": "Spring 2026", "as_at": "2026-03-31"}}
    assert record.preview["periods"][0] | {"statements": 3} == {
        "name": "Spring 2026",
        "as_at": "2026-03-31",
        "column": "E",
        "statements": 3,
    }
    response = client.get(record.get_absolute_url())
    text = page_text(response)
    assert "Column E's statements are for Spring 2026." in text
    assert "cannot be imported until you choose one" not in text
    assert 'value="Spring 2026"' in response.content.decode()
    assert 'value="2026-03-31"' in response.content.decode()


@pytest.mark.parametrize(
    "data,message,field",
    [
        (
            {"name": "", "as_at": "2026-03-31"},
            "Enter the reporting period's name, like “Spring 2026”",
            "name",
        ),
        ({"name": "x" * 101, "as_at": "2026-03-31"}, "must be 100 characters or fewer", "name"),
        ({"name": "Spring 2026", "as_at": "2026-02-30"}, "Enter the as-at date as a real date", "as_at"),
        ({"name": "Spring 2026", "as_at": ""}, "Enter the date the statements were true at", "as_at"),
    ],
)
def test_a_bad_period_is_refused_with_its_reason(client, record, data, message, field):
    response = client.post(url("import-period", record), {"column": "E", **data})
    assert response.status_code == 200
    assert message in page_text(response)
    assert f'href="#id_period_E_{field}"' in response.content.decode()
    assert reloaded(record).corrections == {}


def test_a_period_for_a_column_that_holds_no_statements_is_refused(client, record):
    response = client.post(
        url("import-period", record), {"column": "B", "name": "Spring 2026", "as_at": "2026-03-31"}
    )
    assert response.status_code == 200
    assert "Column B is not read as position statements, so it has no reporting period" in page_text(response)
    assert reloaded(record).corrections == {}


# --- Names -------------------------------------------------------------------------------------


def test_merging_two_spellings_of_a_person(client, record):
    assert [p["name"] for p in record.preview["people"]] == ["Ada Adminton", "Ada Adminten", "Ben Bloggs"]
    response = client.post(
        url("import-name", record),
        {"kind": "person", "person-name": "Ada Adminten", "person-new_name": "Ada Adminton"},
    )
    assert response.status_code == 302
    record = reloaded(record)
    assert record.corrections["people"] == {"Ada Adminten": "Ada Adminton"}
    assert [p["name"] for p in record.preview["people"]] == ["Ada Adminton", "Ben Bloggs"]
    assert record.preview["people"][0]["renamed_from"] == ["Ada Adminten"]
    text = page_text(client.get(record.get_absolute_url()))
    assert "“Ada Adminten” is merged into “Ada Adminton”." in text
    assert "(you renamed “Ada Adminten”)" in text


def test_renaming_a_person_to_a_new_name(client, record):
    client.post(
        url("import-name", record),
        {"kind": "person", "person-name": "Ben Bloggs", "person-new_name": " Benjamin  Bloggs "},
    )
    record = reloaded(record)
    assert "Benjamin Bloggs" in [p["name"] for p in record.preview["people"]]
    assert record.corrections["people"] == {"Ben Bloggs": "Benjamin Bloggs"}


@pytest.mark.parametrize(
    "data,message",
    [
        (
            {"person-name": "Zed Zebra", "person-new_name": "Ada Adminton"},
            "Choose a name the preview lists: Zed Zebra",
        ),
        ({"person-name": "Ada Adminten", "person-new_name": "  "}, "Enter the name to use"),
        (
            {"person-name": "Ada Adminten", "person-new_name": "Ada Adminten"},
            "“Ada Adminten” is already called that",
        ),
        ({"person-name": "", "person-new_name": "Ada Adminton"}, "Choose the name to change"),
    ],
)
def test_a_bad_rename_is_refused_with_its_reason(client, record, data, message):
    response = client.post(url("import-name", record), {"kind": "person", **data})
    assert response.status_code == 200
    assert "There is a problem" in page_text(response) and message in page_text(response)
    assert reloaded(record).corrections == {}


def test_a_name_of_neither_kind_is_refused(client, record):
    response = client.post(
        url("import-name", record), {"kind": "pet", "pet-name": "Ada Adminten"}, follow=True
    )
    assert "Choose whether the name is a person's or a partner's." in page_text(response)
    assert reloaded(record).corrections == {}


def test_the_rename_service_refuses_a_name_the_preview_does_not_list(record, alice):
    with pytest.raises(ValidationError) as error:
        services.plan_import_rename(
            user=alice, record=record, kind="partner", name="Ada Adminton", new_name="X"
        )
    assert error.value.message_dict == {
        "name": ["The preview lists no partner called “Ada Adminton”: choose one from the list."]
    }


# --- Out of preview ----------------------------------------------------------------------------


def test_after_the_import_nothing_can_be_corrected(client, record):
    client.post(url("import-confirm", record))
    record = reloaded(record)
    assert record.state == PlanImport.State.DONE
    for url_name, data in CORRECTIONS:
        response = client.post(url(url_name, record), data, follow=True)
        assert "This import is no longer in preview, so its mapping cannot be changed." in page_text(response)
    record = reloaded(record)
    assert record.state == PlanImport.State.DONE and record.corrections == {}


# --- The report --------------------------------------------------------------------------------


def test_the_corrected_import_saves_as_chosen_and_reports_its_faithfulness(client, record):
    client.post(url("import-row", record), {"row-row": HEADING_ROW, "row-choice": "heading"})
    client.post(url("import-period", record), {"column": "E", "name": "Spring 2026", "as_at": "2026-03-31"})
    client.post(
        url("import-name", record),
        {"kind": "person", "person-name": "Ada Adminten", "person-new_name": "Ada Adminton"},
    )
    client.post(url("import-confirm", record))
    record = reloaded(record)
    assert record.state == PlanImport.State.DONE, record.error
    assert record.plan.priorities.count() == 2
    assert list(Person.objects.filter(name__startswith="Ada").values_list("name", flat=True)) == [
        "Ada Adminton"
    ]
    statements = PositionStatement.objects.filter(action__objective__priority__plan=record.plan)
    assert statements.count() == 3 and {s.period.name for s in statements} == {"Spring 2026"}

    faithful = record.report["faithfulness"]
    [sheet] = faithful["sheets"]
    assert sheet["sheet"] == "Plan" and sheet["dropped"] == [] and sheet["dropped_count"] == 0
    assert faithful["notes"] == 0 and faithful["dropped_count"] == 0
    assert {item["kind"]: item["count"] for item in sheet["rows_read_as"]} == {"heading": 2, "objective": 3}
    text = page_text(client.get(record.get_absolute_url()))
    assert "How the file was read" in text and "Sheet “Plan”" in text
    assert "Priority headings 2 rows" in text and "Text not imported None" in text


def test_the_command_reports_how_faithfully_the_file_was_read(tmp_path, db):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(workbook_bytes())
    out = io.StringIO()
    call_command("import_plan", str(path), "--period", "Spring 2026", "--as-at", "2026-03-31", stdout=out)
    text = out.getvalue()
    assert (
        "Rows read as (sheet “Plan”):" in text
        and "  priority headings: 1" in text
        and "  objectives: 4" in text
    )
    assert "Notes kept: 1 item with notes" in text  # row 7's timeframe, on the objective it reads as
    assert "Every cell's text is in the plan." in text


# --- Remembered layouts ------------------------------------------------------------------------

NEXT_TERM = [
    ROWS[0],
    [],
    HEADER,
    ["Getting help early"],
    ["Spot needs sooner", "Train nursery staff", "Ada Adminten", "Jan-27", "Green"],
    *ROWS[4:],
]


def corrected_and_imported(client, record) -> None:
    mapping = {"column_A": "objective", "column_B": "action", "column_C": "lead", "column_E": "statement"}
    client.post(record.get_absolute_url(), {**mapping, "column_D": ""})  # "By when" is not imported
    client.post(url("import-row", record), {"row-row": HEADING_ROW, "row-choice": "heading"})
    client.post(
        url("import-name", record),
        {"kind": "person", "person-name": "Ada Adminten", "person-new_name": "Ada Adminton"},
    )
    client.post(url("import-confirm", record))
    assert reloaded(record).state == PlanImport.State.DONE


def test_the_choices_are_remembered_and_applied_to_the_next_upload_of_the_layout(client, record, alice):
    corrected_and_imported(client, record)
    layout = ImportLayout.objects.get()
    assert layout.overrides == {"D": ""}
    assert layout.row_texts == {"preparing for adulthood | 2026-27": "heading"}
    assert layout.people == {"Ada Adminten": "Ada Adminton"} and layout.updated_by == alice
    assert layout.summary() == "column D, 1 row, 1 person renamed"

    # Next term's file: another sheet name, one more row, so the heading has moved to row 8.
    client.post(
        reverse("actions:import-new"), {"file": workbook_upload(NEXT_TERM, "plan-2027.xlsx", "Spring")}
    )
    upload = PlanImport.objects.exclude(pk=record.pk).get()
    assert upload.layout_applied["summary"] == "column D, 1 row, 1 person renamed"
    assert upload.preview["counts"]["priorities"] == 2
    assert [(r["row"], r["remembered"]) for r in upload.preview["chosen_rows"]] == [(8, True)]
    assert [p["name"] for p in upload.preview["people"]] == ["Ada Adminton", "Ben Bloggs"]
    assert next(c for c in upload.preview["columns"] if c["letter"] == "D")["field"] == ""
    text = page_text(client.get(upload.get_absolute_url()))
    assert "Your choices from the last import of this layout, on " in text
    assert "were applied: column D, 1 row, 1 person renamed." in text
    assert "Remembered from the last import" in text

    # Starting again forgets them, for this upload only.
    response = client.post(url("import-start-again", upload), follow=True)
    assert "Your choices were cleared" in page_text(response)
    upload = reloaded(upload)
    assert upload.layout_applied is None and upload.corrections == {} and upload.overrides == {}
    assert upload.preview["counts"]["priorities"] == 1 and upload.preview["chosen_rows"] == []
    assert "Your choices from the last import" not in page_text(client.get(upload.get_absolute_url()))
    assert ImportLayout.objects.count() == 1


def test_the_choices_are_not_applied_to_a_different_layout(client, record):
    corrected_and_imported(client, record)
    other = [ROWS[0], [], ["Ref", *HEADER], *[[str(i), *row] for i, row in enumerate(ROWS[3:], start=1)]]
    client.post(reverse("actions:import-new"), {"file": workbook_upload(other, "other.xlsx")})
    upload = PlanImport.objects.exclude(pk=record.pk).get()
    assert upload.layout_applied is None and upload.corrections == {} and upload.overrides == {}


def test_an_import_with_no_choices_forgets_the_layout(client, record):
    corrected_and_imported(client, record)
    client.post(reverse("actions:import-new"), {"file": workbook_upload(NEXT_TERM, "plan-2027.xlsx")})
    upload = PlanImport.objects.exclude(pk=record.pk).get()
    client.post(url("import-start-again", upload))
    client.post(url("import-confirm", upload))
    assert reloaded(upload).state == PlanImport.State.DONE
    assert not ImportLayout.objects.exists()


def test_the_fingerprint_ignores_the_sheet_name_the_header_row_and_dates_in_headings():
    dated = [["Objective", "Action", "Lead", "By when", "Position statement January 2026"], ROWS[4]]
    moved = [
        ["A title"],
        [],
        [],
        ["Objective", "Action", "Lead", "By when", "Position Statement  April 2026"],
        ROWS[4],
    ]
    first = parse_workbook(workbook_bytes(dated, "Autumn"), filename="a.xlsx")
    second = parse_workbook(workbook_bytes(moved, "Spring 2026"), filename="b.xlsx")
    assert first.header_row != second.header_row
    assert layout_fingerprint(first) == layout_fingerprint(second)
    other = parse_workbook(
        workbook_bytes([["Objective", "Action", "Lead", "Due"], ROWS[4][:4]]), filename="c.xlsx"
    )
    assert layout_fingerprint(other) != layout_fingerprint(first)
    assert normalised_header("Position Statement: Spring Term 2026") == "position statement"


# --- Query budget ------------------------------------------------------------------------------

PREVIEW_BUDGET = 4  # session, user and role, then the import with its plan and creator


def big_rows(n_actions: int) -> list[list]:
    rows: list[list] = [ROWS[0], [], HEADER]
    for i in range(n_actions):
        if i % 50 == 0:
            rows.append([f"Priority area {i // 50 + 1}"])
        rows.append(
            [f"Objective {i}", f"Action {i}", f"Person {i % 40} Surname", "Dec-26", "Green - on track"]
        )
    return rows


@pytest.mark.parametrize("size", [10, 500])
def test_the_preview_stays_within_its_query_budget(client, alice, django_assert_max_num_queries, size):
    client.force_login(alice)
    client.post(reverse("actions:import-new"), {"file": workbook_upload(big_rows(size))})
    record = PlanImport.objects.get()
    client.post(url("import-row", record), {"row-row": 5, "row-choice": "skip"})
    client.post(
        url("import-name", record),
        {"kind": "person", "person-name": "Person 1 Surname", "person-new_name": "Person 2 Surname"},
    )
    assert reloaded(record).preview["counts"]["actions"] == size - 1
    client.get(record.get_absolute_url())  # the success messages are shown and gone

    with django_assert_max_num_queries(PREVIEW_BUDGET) as captured:
        response = client.get(record.get_absolute_url())

    assert response.status_code == 200 and "Rows you changed (1)" in page_text(response)
    assert len(captured) == PREVIEW_BUDGET


def test_undoing_a_remembered_row_forgets_its_text_for_this_upload(client, record):
    corrected_and_imported(client, record)
    client.post(reverse("actions:import-new"), {"file": workbook_upload(NEXT_TERM, "plan-2027.xlsx")})
    upload = PlanImport.objects.exclude(pk=record.pk).get()
    response = client.post(url("import-row", upload), {"row-row": 8, "row-choice": ""})
    assert response.status_code == 302
    upload = reloaded(upload)
    assert upload.corrections["row_texts"] == {} and upload.preview["chosen_rows"] == []
    assert upload.preview["counts"]["priorities"] == 1
    assert upload.corrections["people"] == {"Ada Adminten": "Ada Adminton"}, "the other choices stay"


def test_starting_again_undoes_the_users_own_choices_too(client, record):
    client.post(url("import-row", record), {"row-row": HEADING_ROW, "row-choice": "skip"})
    assert "Start again from the detected reading" in page_text(client.get(record.get_absolute_url()))
    client.post(url("import-start-again", record))
    record = reloaded(record)
    assert record.corrections == {} and record.preview["chosen_rows"] == []
    assert "Start again from the detected reading" not in page_text(client.get(record.get_absolute_url()))


def test_renaming_a_partner(client, alice):
    rows = [
        ROWS[0],
        [],
        HEADER,
        ["Getting help early"],
        ["Find needs early", "Train staff", "Health Visiting Service", "Sep-26", "Green"],
    ]
    client.force_login(alice)
    client.post(reverse("actions:import-new"), {"file": workbook_upload(rows)})
    record = PlanImport.objects.get()
    assert [p["name"] for p in record.preview["partners"]] == ["Health Visiting Service"]
    client.post(
        url("import-name", record),
        {
            "kind": "partner",
            "partner-name": "Health Visiting Service",
            "partner-new_name": "Health visiting team",
        },
    )
    record = reloaded(record)
    assert [p["name"] for p in record.preview["partners"]] == ["Health visiting team"]
    assert record.corrections["partners"] == {"Health Visiting Service": "Health visiting team"}


def test_a_plan_over_several_sheets_is_reported_sheet_by_sheet(client, alice):
    out = io.BytesIO()
    SHEET_PER_PRIORITY.build().save(out)
    client.force_login(alice)
    client.post(
        reverse("actions:import-new"),
        {"file": SimpleUploadedFile(SHEET_PER_PRIORITY.filename, out.getvalue(), content_type=XLSX)},
    )
    record = PlanImport.objects.get()
    client.post(url("import-confirm", record))
    record = reloaded(record)
    assert record.state == PlanImport.State.DONE, record.error
    sheets = [s["sheet"] for s in record.report["faithfulness"]["sheets"]]
    assert len(sheets) > 1 and all(s.startswith("Priority ") for s in sheets)
    text = page_text(client.get(record.get_absolute_url()))
    for sheet in sheets:
        assert f"Sheet “{sheet}”" in text


def test_an_import_is_done_even_when_its_layout_cannot_be_remembered(client, record, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("the database is having a bad day")

    monkeypatch.setattr("actions.importing.tasks.layout_remember", broken)
    client.post(url("import-row", record), {"row-row": HEADING_ROW, "row-choice": "heading"})
    client.post(url("import-confirm", record))
    record = reloaded(record)
    assert record.state == PlanImport.State.DONE and record.plan.priorities.count() == 2
    assert "Remembering the layout of import" in caplog.text
    assert not ImportLayout.objects.exists()


def test_a_problem_can_be_fixed_in_the_preview_by_skipping_its_row(client, alice):
    stray = [ROWS[0], [], HEADER, [None, "Tidy the shared drive", "Ben Bloggs", "Dec-26", "Green"], *ROWS[3:]]
    client.force_login(alice)
    client.post(reverse("actions:import-new"), {"file": workbook_upload(stray)})
    record = PlanImport.objects.get()
    assert [p["row"] for p in record.preview["problems"]] == [4]
    assert "change how it is read below" in page_text(client.get(record.get_absolute_url()))
    client.post(url("import-row", record), {"row-row": 4, "row-choice": "skip"})
    record = reloaded(record)
    assert record.preview["problems"] == []
    assert {k["kind"]: k["count"] for k in record.preview["rows_read_as"]}["skipped"] == 1
    client.post(url("import-confirm", record))
    assert reloaded(record).state == PlanImport.State.DONE


def test_rename_or_merge_beside_a_name_chooses_it_in_the_form(client, record):
    page = client.get(record.get_absolute_url())
    assert 'href="?person=Ada%20Adminten#person-rename"' in page.content.decode()
    page = client.get(record.get_absolute_url() + "?person=Ada%20Adminten")
    assert '<option value="Ada Adminten" selected>' in page.content.decode()


def test_two_statement_columns_cannot_share_a_period(client, alice):
    header = [*HEADER, "Position statement March 2026"]
    rows = [ROWS[0], [], header, ["Getting help early"], [*ROWS[4], "Green - on track"]]
    client.force_login(alice)
    client.post(reverse("actions:import-new"), {"file": workbook_upload(rows)})
    record = PlanImport.objects.get()
    assert [(c["letter"], c["period"]) for c in record.preview["statement_columns"]] == [
        ("E", ""),
        ("F", "March 2026"),
    ]
    response = client.post(
        url("import-period", record), {"column": "E", "name": "march 2026", "as_at": "2026-03-31"}
    )
    assert response.status_code == 200
    assert "Column F's statements are already for march 2026: each column needs its own period." in page_text(
        response
    )
    assert reloaded(record).corrections == {}
