"""Who sees which packs: Schools Forum members only Schools Forum packs; board members and advisers
board, Schools Forum and monitoring packs; officers and plan administrators everything. Only plan
administrators see drafts, and make and publish packs."""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from actions.plans.access import require_plan_admin
from actions.plans.models import Plan
from actions.roles import Role, role_for

from .models import Pack, PackQuerySet


def visible_audiences(role: Role) -> set[str]:
    if role.is_plan_admin or role.is_officer or role.is_board_member or role.is_adviser:
        return {Pack.Audience.BOARD, Pack.Audience.FORUM, Pack.Audience.MONITORING}
    if role.is_forum_member:
        return {Pack.Audience.FORUM}
    return set()


def packs_for_user(user: User | AnonymousUser, plan: Plan) -> PackQuerySet:
    """The packs of a plan this user may see: published ones of their audiences; drafts for admins."""
    role = role_for(user)
    packs = plan.packs.for_audience(visible_audiences(role))
    return packs if role.is_plan_admin else packs.published()


def get_pack_for_user(user: User | AnonymousUser, pk: int) -> Pack:
    """A pack the user may see, or 404 (a pack for another audience is not acknowledged)."""
    role = role_for(user)
    packs = Pack.objects.select_related("plan", "period", "published_by", "created_by")
    pack = get_object_or_404(packs.for_audience(visible_audiences(role)), pk=pk)
    if pack.state != Pack.State.PUBLISHED and not role.is_plan_admin:
        raise Http404("No such pack")
    return pack


PACK_AUTHOR_REFUSAL = "Only plan administrators make and publish packs."


def require_pack_author(user: User | AnonymousUser) -> User:
    """Refuse (403, with the reason) anyone but a plan administrator; return them as a signed-in user."""
    require_plan_admin(user, PACK_AUTHOR_REFUSAL)
    if not isinstance(user, User):  # never true (signed out is no role, refused above): tells mypy
        raise PermissionDenied(PACK_AUTHOR_REFUSAL)
    return user
