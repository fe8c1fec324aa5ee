"""Who may see and change what. Each family of views fetches its objects through these helpers.

Everyone signed in reads every plan; officers write statements only on actions that they, or the
organisation they work for, lead or support, and only while the reporting period is open.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from partners.models import Person

from .models import Action, Plan, PlanImport, ReportingPeriod
from .roles import role_for


def person_for(user) -> Person | None:
    """The Person record linked to a login (cached on the user; one query at most)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_sendplan_person"):
        user._sendplan_person = Person.objects.filter(user=user).select_related("partner").first()
    return user._sendplan_person


def display_name(user) -> str:
    """How a user is named on screen: their Person's name, else their full name, else username.

    Reads `user.person`: select_related it when naming many users.
    """
    if user is None:
        return "System"
    person = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name() or user.get_username()


def get_plan_for_user(user, pk: int) -> Plan:
    return get_object_or_404(Plan, pk=pk)


def get_action_for_user(user, pk: int) -> Action:
    return get_object_or_404(Action.objects.select_related("objective__priority__plan"), pk=pk)


def get_period_for_action(action: Action, period_pk: int) -> ReportingPeriod:
    """A period of the action's own plan; any other is a 404, not a permission question."""
    return get_object_or_404(ReportingPeriod, pk=period_pk, plan_id=action.objective.priority.plan_id)


IMPORT_REFUSAL = "Only plan administrators import plans."


def require_plan_admin(user, reason: str) -> None:
    """Refuse (403, with the reason) anyone but a plan administrator."""
    if not role_for(user).is_plan_admin:
        raise PermissionDenied(reason)


def get_import_for_user(user, pk: int) -> PlanImport:
    require_plan_admin(user, IMPORT_REFUSAL)
    return get_object_or_404(PlanImport.objects.select_related("plan", "created_by"), pk=pk)


def is_involved(user, action: Action) -> bool:
    """Does the user (or their organisation) lead or support this action?"""
    return Action.objects.involving(person_for(user)).filter(pk=action.pk).exists()


def statement_refusal(user, action: Action, period: ReportingPeriod) -> str | None:
    """Why this user may not record a statement on this action for this period (None: they may)."""
    role = role_for(user)
    if not role.can_record_statements:
        return "Only officers and plan administrators can record position statements."
    if period.plan_id != action.objective.priority.plan_id:
        return "That reporting period belongs to a different plan."
    if period.is_published:
        return (
            f"The {period.name} reporting period has been published, so its position statements are locked."
        )
    if action.is_archived:
        return "This action has been archived, so it no longer takes position statements."
    if role.is_plan_admin:
        return None
    if not period.is_open:
        return f"The {period.name} reporting period is closed for updates."
    if not is_involved(user, action):
        return (
            "You can only record position statements for actions that you or your organisation "
            "lead or support."
        )
    return None


def member_required(view):
    """Signed in and holding one of the four roles; anyone else is refused with the reason."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if role_for(request.user).name == "No role":
            raise PermissionDenied("Your account has no role yet. Ask a plan administrator to give you one.")
        return view(request, *args, **kwargs)

    return wrapper


def statement_writer_required(view):
    """Officers and plan administrators only: pages about writing statements."""

    @member_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not role_for(request.user).can_record_statements:
            raise PermissionDenied("Only officers and plan administrators record position statements.")
        return view(request, *args, **kwargs)

    return wrapper
