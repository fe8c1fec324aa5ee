"""Every write a user can cause in a plan. Views, commands and imports call these; nothing else saves."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from . import access
from .models import Action, PositionStatement, ReportingPeriod
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
