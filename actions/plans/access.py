"""Who may see what in a plan. Each family of views fetches its objects through these helpers.

Everyone signed in with a role reads every plan; what they may write is decided by the feature that
owns the write (the termly cycle: `actions/cycle/access.py`; imports: `actions/importing/access.py`).
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from actions.roles import role_for
from partners.models import Person

from .models import Action, Plan


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


def require_plan_admin(user, reason: str) -> None:
    """Refuse (403, with the reason) anyone but a plan administrator."""
    if not role_for(user).is_plan_admin:
        raise PermissionDenied(reason)


def is_involved(user, action: Action) -> bool:
    """Does the user (or their organisation) lead or support this action?"""
    return Action.objects.involving(person_for(user)).filter(pk=action.pk).exists()


def member_required(view):
    """Signed in and holding one of the four roles; anyone else is refused with the reason."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not role_for(request.user).has_role:
            raise PermissionDenied("Your account has no role yet. Ask a plan administrator to give you one.")
        return view(request, *args, **kwargs)

    return wrapper
