"""Every write a user can cause in a plan. Views, commands and imports call these; nothing else saves."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from . import access
from .models import Action, Plan, PlanImport, PositionStatement, ReportingPeriod
from .roles import ADMINISTERED_APPS, ALL_GROUPS, PLAN_ADMINISTRATOR


def roles_ensure_groups(*, using: str = "default") -> None:
    """Create the four role groups; plan administrators may change everything in the admin."""
    for name in ALL_GROUPS:
        Group.objects.using(using).get_or_create(name=name)
    admin_group = Group.objects.using(using).get(name=PLAN_ADMINISTRATOR)
    # Sign-ins: add and edit users and their roles, but never edit groups' permissions.
    auth_perms = Q(
        content_type__app_label="auth", codename__in=["add_user", "change_user", "view_user", "view_group"]
    )
    # Background task results: read-only, to see why a publish failed.
    task_perms = Q(content_type__app_label="django_tasks_database", codename__startswith="view_")
    perms = Permission.objects.using(using).filter(
        Q(content_type__app_label__in=ADMINISTERED_APPS) | auth_perms | task_perms
    )
    admin_group.permissions.set(perms)


def user_sync_staff_status(*, user_ids) -> None:
    """Plan administrators (and only they, with superusers) get "staff status" to open the admin.

    Called whenever group membership changes, so putting someone in the group is all it takes.
    """
    User = get_user_model()
    users = User.objects.filter(pk__in=user_ids)
    users.filter(Q(is_superuser=True) | Q(groups__name=PLAN_ADMINISTRATOR)).update(is_staff=True)
    users.exclude(is_superuser=True).exclude(groups__name=PLAN_ADMINISTRATOR).update(is_staff=False)


@transaction.atomic
def position_statement_record(
    *, user, action: Action, period: ReportingPeriod, rag: str, narrative: str
) -> PositionStatement:
    """Record (or revise) an action's statement for a period. History keeps every earlier version.

    Raises PermissionDenied with the reason when the user may not write it, and ValidationError
    (per field) for a missing rating or narrative; nothing is saved in either case.
    """
    refusal = access.statement_refusal(user, action, period)
    if refusal:
        raise PermissionDenied(refusal)
    statement = PositionStatement.objects.select_for_update().filter(
        action=action, period=period
    ).first() or PositionStatement(action=action, period=period)
    statement.rag = rag or ""
    statement.narrative = (narrative or "").strip()
    statement.author = user
    errors = {}
    if not statement.rag:
        errors["rag"] = "Select a RAG rating"
    if not statement.narrative:
        errors["narrative"] = "Enter the position statement"
    if errors:
        raise ValidationError(errors)
    statement.full_clean()
    statement._history_user = user  # also right outside a request (commands, imports)
    statement.save()
    return statement


# Imports ------------------------------------------------------------------------------------------
# Reading and saving run as background tasks (actions/tasks.py); these start them.


def plan_import_start(
    *, user, upload, plan: Plan | None = None, title: str = "", local_area: str = ""
) -> PlanImport:
    """Store an uploaded plan spreadsheet and start reading it for the preview.

    The quick checks (size, kind of file, password, zip bomb) run here, so a bad file is refused on
    the upload form with its reason (ValidationError on "file"); the rows are read in the background.
    """
    from .importing.reader import ImportProblem, screen
    from .tasks import plan_import_read

    access.require_plan_admin(user, access.IMPORT_REFUSAL)
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


def plan_import_remap(*, user, record: PlanImport, sheet: str, overrides: dict[str, str]) -> PlanImport:
    """Read the file again with another sheet or column mapping, as chosen in the preview."""
    from .importing import FIELDS
    from .tasks import plan_import_read

    access.require_plan_admin(user, access.IMPORT_REFUSAL)
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


def plan_import_confirm(*, user, record: PlanImport) -> PlanImport:
    """Start saving a previewed import. Refused while the preview lists problems; starts once only."""
    from .tasks import plan_import_save

    access.require_plan_admin(user, access.IMPORT_REFUSAL)
    if record.state == PlanImport.State.READY and (record.preview or {}).get("problems"):
        raise ValidationError(
            "Fix the problems listed, then upload the file again: nothing can be imported yet."
        )
    started = PlanImport.objects.filter(pk=record.pk, state=PlanImport.State.READY).update(
        state=PlanImport.State.SAVING, done=0, total=0
    )
    if not started:
        raise ValidationError("This import has already been started.")
    plan_import_save.enqueue(record.pk)
    record.refresh_from_db()
    return record
