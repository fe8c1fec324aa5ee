"""Every write a user can cause when importing a plan. Reading and saving run as background tasks
(`actions/importing/tasks.py`); these check who may do it and start them."""

import datetime
import os
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from actions.plans.access import require_plan_admin
from actions.plans.models import Plan
from actions.roles import AnyUser
from sendplan.concurrency import AlreadyDone, EditConflict, check_version, last_change, time_text

from .access import IMPORT_REFUSAL
from .corrections import ROW_CHOICES, Corrections, clean_name
from .mapping import FIELDS
from .models import PlanImport
from .reader import ImportProblem, screen
from .tasks import PLAN_DELETED, plan_import_read, plan_import_save
from .values import ReportingPeriodGuess

NOT_IN_PREVIEW = "This import is no longer in preview, so its mapping cannot be changed."
MAX_PERIOD_NAME = 100
NAME_KINDS = {"person": "people", "partner": "partners"}  # a kind of name -> its list in the preview


def plan_import_start(
    *, user: AnyUser, upload: File, plan: Plan | None = None, title: str = "", local_area: str = ""
) -> PlanImport:
    """Store an uploaded plan spreadsheet and start reading it for the preview.

    The quick checks (size, kind of file, password, zip bomb) run here, so a bad file is refused on
    the upload form with its reason (ValidationError on "file"); the rows are read in the background.
    """
    user = require_plan_admin(user, IMPORT_REFUSAL)
    name = os.path.basename(getattr(upload, "name", "") or "upload")[:255]
    try:
        screen(upload, filename=name)
    except ImportProblem as problem:
        raise ValidationError({"file": f"{name}: {problem.reason}"}) from None
    upload.seek(0)
    record = PlanImport(
        plan=plan,
        into_existing_plan=plan is not None,
        title="" if plan else title.strip()[:300],
        local_area="" if plan else local_area.strip()[:200],
        filename=name,
        created_by=user,
    )
    record.file.save(name, upload, save=False)
    record.save()
    plan_import_read.enqueue(record.pk)
    return record


def plan_import_remap(
    *, user: AnyUser, record: PlanImport, sheet: str, overrides: dict[str, str]
) -> PlanImport:
    """Read the file again with another sheet or column mapping, as chosen in the preview."""
    _require_preview(user, record, needs_preview=False)
    sheets = (record.preview or {}).get("sheets") or []
    if sheet and sheets and sheet not in sheets:
        raise ValidationError({"sheet": f"There is no sheet called “{sheet}” in {record.filename}."})
    unknown = sorted(f for f in overrides.values() if f and f not in FIELDS)
    if unknown:
        raise ValidationError(f"Unknown field: {', '.join(unknown)}.")
    changed_sheet = sheet != record.sheet  # "" is every sheet laid out like the plan, as detected
    record.sheet = sheet
    # Column letters and rows belong to a sheet: a new sheet starts from its own detected reading,
    # keeping only the names renamed and merged.
    record.overrides = {} if changed_sheet else {**record.overrides, **overrides}
    if changed_sheet:
        current = Corrections.from_json(record.corrections)
        record.corrections = Corrections(people=current.people, partners=current.partners).as_json()
    return _read_again(record, user)


def _require_preview(user: AnyUser, record: PlanImport, *, needs_preview: bool = True) -> None:
    """Plan administrators only, and only while the import is in preview (and has one to correct)."""
    require_plan_admin(user, IMPORT_REFUSAL)
    in_preview = record.state in {PlanImport.State.READY, PlanImport.State.UNREADABLE}
    if not in_preview or (needs_preview and not record.preview):
        raise ValidationError(NOT_IN_PREVIEW)


def _read_again(record: PlanImport, user: AnyUser) -> PlanImport:
    """Read the file again with the choices now on the import: the preview follows them (a new
    version of the import, so a confirmation sent from the preview before it is caught)."""
    record.updated_by = user if user.is_authenticated else None
    record.state = PlanImport.State.READING
    record.done = record.total = 0
    record.error = ""
    record.save()
    plan_import_read.enqueue(record.pk)
    return record


def _corrected(record: PlanImport, user: AnyUser, **changes: dict) -> PlanImport:
    """The import with some of its corrections replaced, read again."""
    record.corrections = replace(Corrections.from_json(record.corrections), **changes).as_json()
    return _read_again(record, user)


def plan_import_set_row(*, user: AnyUser, record: PlanImport, row: int, choice: str) -> PlanImport:
    """Read one row of the sheet as a heading, a header, an item or not at all ("" undoes it)."""
    _require_preview(user, record)
    preview = record.preview or {}
    first, last = preview.get("first_row", 1), preview.get("last_row", 0)
    sheet = preview.get("sheet", "")
    if not isinstance(row, int) or isinstance(row, bool) or row < 1:
        raise ValidationError({"row": "Enter the row's number as it is in the spreadsheet, like 12."})
    if row < first:
        raise ValidationError(
            {
                "row": f"Row {row} is above the plan's table on sheet “{sheet}”: its rows start at row "
                f"{first}, under the headings in row {preview.get('header_row', first - 1)}."
            }
        )
    if row > last:
        raise ValidationError(
            {"row": f"Row {row} is below the plan's last row on sheet “{sheet}”, which is row {last}."}
        )
    if choice and choice not in ROW_CHOICES:
        raise ValidationError({"choice": f"“{choice}” is not a way to read a row: choose one from the list."})
    current = Corrections.from_json(record.corrections)
    rows, row_texts = dict(current.rows), dict(current.row_texts)
    if choice:
        rows[row] = choice
    else:
        chosen = {r["row"]: r for r in preview.get("chosen_rows", [])}
        if row not in chosen and row not in rows:
            raise ValidationError({"row": f"Row {row} is read as detected: there is no change to undo."})
        rows.pop(row, None)
        if row in chosen:  # a row remembered from an earlier upload is known by its text
            row_texts.pop(chosen[row].get("key", ""), None)
    return _corrected(record, user, rows=rows, row_texts=row_texts)


def plan_import_set_period(
    *, user: AnyUser, record: PlanImport, column: str, name: str, as_at: datetime.date | None
) -> PlanImport:
    """Set the reporting period of one position statement column, for a sheet that names none."""
    _require_preview(user, record)
    column = (column or "").strip().upper()
    statement_columns = {c["letter"]: c for c in (record.preview or {}).get("statement_columns", [])}
    if column not in statement_columns:
        raise ValidationError(
            f"Column {column or '(none)'} is not read as position statements, so it has no reporting "
            "period: choose “Position statement” for it in the mapping first."
        )
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(
            {"name": f"Enter the name of column {column}'s reporting period, like “Spring 2026”."}
        )
    if len(name) > MAX_PERIOD_NAME:
        raise ValidationError(
            {"name": f"The period's name for column {column} must be {MAX_PERIOD_NAME} characters or fewer."}
        )
    taken = next(
        (
            c["letter"]
            for c in statement_columns.values()
            if c["letter"] != column and c["period"].lower() == name.lower()
        ),
        None,
    )
    if taken:
        raise ValidationError(
            {"name": f"Column {taken}'s statements are already for {name}: each column needs its own period."}
        )
    if not isinstance(as_at, datetime.date):
        raise ValidationError(
            {"as_at": f"Enter the date column {column}'s statements were true at, like 31 March 2026."}
        )
    current = Corrections.from_json(record.corrections)
    return _corrected(record, user, periods={**current.periods, column: ReportingPeriodGuess(name, as_at)})


def plan_import_rename(
    *, user: AnyUser, record: PlanImport, kind: str, name: str, new_name: str
) -> PlanImport:
    """Rename a person or partner the preview lists; naming another listed one merges the two."""
    _require_preview(user, record)
    if kind not in NAME_KINDS:
        raise ValidationError(f"“{kind}” is neither a person nor a partner.")
    listed = {n["name"].lower(): n["name"] for n in (record.preview or {}).get(NAME_KINDS[kind], [])}
    if (name or "").lower() not in listed:
        raise ValidationError(
            {"name": f"The preview lists no {kind} called “{name}”: choose one from the list."}
        )
    name = listed[name.lower()]
    new_name = clean_name(new_name)
    if not new_name:
        raise ValidationError({"new_name": f"Enter the name to use for “{name}”."})
    if new_name == name:
        raise ValidationError({"new_name": f"“{name}” is already called that: enter a different name."})
    current = Corrections.from_json(record.corrections)
    changes = dict(current.people if kind == "person" else current.partners)
    # Renaming back undoes a rename; the name used must not itself be renamed (no A → B → A).
    changes = {old: to for old, to in changes.items() if old.lower() != new_name.lower()}
    changes[name] = new_name
    return _corrected(record, user, **{NAME_KINDS[kind]: changes})


def plan_import_start_again(*, user: AnyUser, record: PlanImport) -> PlanImport:
    """Forget every choice made for this upload, remembered or not: read the file as detected."""
    _require_preview(user, record)
    record.sheet = ""
    record.overrides = {}
    record.corrections = {}
    record.layout_applied = None
    return _read_again(record, user)


@transaction.atomic
def plan_import_confirm(*, user: AnyUser, record: PlanImport, seen_version: int | None = None) -> PlanImport:
    """Start saving a previewed import. Refused while the preview lists problems; starts once only.

    Also refused when the plan it was to update has been deleted since the upload (the import's
    plan is then None, and saving would create a new plan instead of updating one). A second press
    (or a second administrator) gets AlreadyDone; a confirmation sent from a preview that has since
    been read differently (`seen_version`) gets EditConflict. Nothing starts in either case.
    """
    user = require_plan_admin(user, IMPORT_REFUSAL)
    record = PlanImport.objects.select_for_update().get(pk=record.pk)
    if record.state in {PlanImport.State.SAVING, PlanImport.State.DONE}:
        change = last_change(record)
        who = "You" if change.user_id == user.pk else change.who
        raise AlreadyDone(
            f"{who} started this import at {time_text(change.when)}. An import runs once, so pressing "
            "the button again did nothing."
        )
    if record.state == PlanImport.State.READING:
        raise EditConflict(record, user=user, what="how this file is read", doing="checking the preview")
    if record.state != PlanImport.State.READY:
        raise ValidationError("This import cannot be started: upload the file again.")
    if (record.preview or {}).get("problems"):
        raise ValidationError(
            "Fix the problems listed, then upload the file again: nothing can be imported yet."
        )
    if record.into_existing_plan and record.plan_id is None:
        raise ValidationError(PLAN_DELETED)
    check_version(record, seen_version, user=user, what="how this file is read", doing="checking the preview")
    record.state = PlanImport.State.SAVING
    record.done = record.total = 0
    record.updated_by = user
    record.save()
    plan_import_save.enqueue(record.pk)
    record.refresh_from_db()
    return record
