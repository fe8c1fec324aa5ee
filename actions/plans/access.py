"""Who may see what in a plan. Each family of views fetches its objects through these helpers.

Everyone signed in with a role reads every plan; what they may write is decided by the feature that
owns the write (the termly cycle: `actions/cycle/access.py`; imports: `actions/importing/access.py`).
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from actions.roles import AnyUser, role_for
from partners.models import Person

from .models import Action, Plan

_PERSON_CACHE = "_sendplan_person"  # the attribute of the user object that holds their Person


def person_for(user: AnyUser) -> Person | None:
    """The Person record linked to a login (cached on the user; one query at most)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, _PERSON_CACHE):
        setattr(user, _PERSON_CACHE, Person.objects.filter(user=user).select_related("partner").first())
    person: Person | None = getattr(user, _PERSON_CACHE)
    return person


def display_name(user: User | None) -> str:
    """How a user is named on screen: their Person's name, else their full name, else username.

    Reads `user.person`: select_related it when naming many users.
    """
    if user is None:
        return "System"
    person: Person | None = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name() or user.get_username()


def get_plan_for_user(user: AnyUser, pk: int) -> Plan:
    return get_object_or_404(Plan, pk=pk)


def get_action_for_user(user: AnyUser, pk: int) -> Action:
    return get_object_or_404(Action.objects.select_related("objective__priority__plan"), pk=pk)


def require_plan_admin(user: AnyUser, reason: str) -> User:
    """Refuse (403, with the reason) anyone but a plan administrator; return them as a signed-in user."""
    if not role_for(user).is_plan_admin:
        raise PermissionDenied(reason)
    return signed_in(user, reason)


SIGN_IN_REFUSAL = "Sign in to do that."


def signed_in(user: AnyUser, reason: str = SIGN_IN_REFUSAL) -> User:
    """The user as the signed-in user a write names (its author, its history's user), or 403.

    For a user an access check has already let write: the anonymous user has no role, so is refused
    before this is reached. This tells mypy what the check has established."""
    if not isinstance(user, User):
        raise PermissionDenied(reason)
    return user


# The relations that say who leads and supports an action: with all four prefetched (the action page
# has them), `is_involved` answers from them rather than with a query.
_INVOLVING = ("lead_people", "supporting_people", "lead_partners", "supporting_partners")


def is_involved(user: AnyUser, action: Action) -> bool:
    """Does the user (or their organisation) lead or support this action?"""
    person = person_for(user)
    if person is None:
        return False
    prefetched = getattr(action, "_prefetched_objects_cache", {})
    if not all(name in prefetched for name in _INVOLVING):
        return Action.objects.involving(person).filter(pk=action.pk).exists()
    people = {p.pk for name in _INVOLVING[:2] for p in prefetched[name]}
    partners = {p.pk for name in _INVOLVING[2:] for p in prefetched[name]}
    return person.pk in people or (person.partner_id is not None and person.partner_id in partners)


def member_required[**P, R: HttpResponseBase](
    view: Callable[Concatenate[HttpRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R]:
    """Signed in and holding one of the five roles; anyone else is refused with the reason."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        if not role_for(request.user).has_role:
            raise PermissionDenied("Your account has no role yet. Ask a plan administrator to give you one.")
        return view(request, *args, **kwargs)

    return wrapper
