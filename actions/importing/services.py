"""Every write a user can cause when importing a plan. Reading and saving run as background tasks
(`actions/importing/tasks.py`); these check who may do it and start them."""

import os

from django.core.exceptions import ValidationError
from django.core.files import File

from actions.plans.access import require_plan_admin
from actions.plans.models import Plan
from actions.roles import AnyUser

from .access import IMPORT_REFUSAL
from .mapping import FIELDS
from .models import PlanImport
from .reader import ImportProblem, screen
from .tasks import PLAN_DELETED, plan_import_read, plan_import_save


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
    require_plan_admin(user, IMPORT_REFUSAL)
    if record.state not in {PlanImport.State.READY, PlanImport.State.UNREADABLE}:
        raise ValidationError("This import is no longer in preview, so its mapping cannot be changed.")
    sheets = (record.preview or {}).get("sheets") or []
    if sheet and sheets and sheet not in sheets:
        raise ValidationError({"sheet": f"There is no sheet called “{sheet}” in {record.filename}."})
    unknown = sorted(f for f in overrides.values() if f and f not in FIELDS)
    if unknown:
        raise ValidationError(f"Unknown field: {', '.join(unknown)}.")
    changed_sheet = sheet != (record.preview or {}).get("sheet", "")
    record.sheet = sheet
    # Column letters belong to a sheet: a new sheet starts from its own detected mapping.
    record.overrides = {} if changed_sheet else {**record.overrides, **overrides}
    record.state = PlanImport.State.READING
    record.done = record.total = 0
    record.error = ""
    record.save()
    plan_import_read.enqueue(record.pk)
    return record


def plan_import_confirm(*, user: AnyUser, record: PlanImport) -> PlanImport:
    """Start saving a previewed import. Refused while the preview lists problems; starts once only.

    Also refused when the plan it was to update has been deleted since the upload (the import's
    plan is then None, and saving would create a new plan instead of updating one).
    """
    require_plan_admin(user, IMPORT_REFUSAL)
    if record.state == PlanImport.State.READY and (record.preview or {}).get("problems"):
        raise ValidationError(
            "Fix the problems listed, then upload the file again: nothing can be imported yet."
        )
    if record.state == PlanImport.State.READY and record.into_existing_plan and record.plan_id is None:
        raise ValidationError(PLAN_DELETED)
    started = PlanImport.objects.filter(pk=record.pk, state=PlanImport.State.READY).update(
        state=PlanImport.State.SAVING, done=0, total=0
    )
    if not started:
        raise ValidationError("This import has already been started.")
    plan_import_save.enqueue(record.pk)
    record.refresh_from_db()
    return record
