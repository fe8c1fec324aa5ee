"""The five roles of sendplan, as Django groups, and what each may do.

One place decides who a user is; each feature's access.py decides what they may touch. The two
writes at the end keep the groups and "staff status" in step with the roles (actions/apps.py).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.db.models import Q

# Whoever a request is from (`request.user`): a signed-in user, or the anonymous one.
type AnyUser = User | AnonymousUser

PLAN_ADMINISTRATOR = "Plan administrator"
OFFICER = "Officer"
BOARD_MEMBER = "Board member"
SCHOOLS_FORUM_MEMBER = "Schools Forum member"
# From outside the partnership (DfE SEND advisers, NHS England): reads what the board reads, writes nothing.
ADVISER = "Adviser"
ALL_GROUPS = (PLAN_ADMINISTRATOR, OFFICER, BOARD_MEMBER, SCHOOLS_FORUM_MEMBER, ADVISER)

# Apps whose models plan administrators manage in the Django admin.
# "axes": plan administrators see and clear sign-in lockouts ("Access attempts").
ADMINISTERED_APPS = ("actions", "partners", "reports", "axes")


@dataclass(frozen=True)
class Role:
    is_plan_admin: bool = False
    is_officer: bool = False
    is_board_member: bool = False
    is_forum_member: bool = False
    is_adviser: bool = False

    @property
    def has_role(self) -> bool:
        """In one of the five groups (or a superuser): someone who reads plans."""
        return self != NO_ROLE

    @property
    def is_read_only(self) -> bool:
        """An adviser and nothing else: refused every write, even where a linked person would lead
        something (a measure, a priority whose ratings they would confirm)."""
        return self == Role(is_adviser=True)

    @property
    def can_record_statements(self) -> bool:
        return self.is_plan_admin or self.is_officer

    @property
    def name(self) -> str:
        for flag, label in (
            (self.is_plan_admin, PLAN_ADMINISTRATOR),
            (self.is_officer, OFFICER),
            (self.is_board_member, BOARD_MEMBER),
            (self.is_forum_member, SCHOOLS_FORUM_MEMBER),
            (self.is_adviser, ADVISER),
        ):
            if flag:
                return label
        return "No role"


NO_ROLE = Role()

_ROLE_CACHE = "_sendplan_role"  # the attribute of the user object that holds their role


def role_for(user: AnyUser) -> Role:
    """The user's role, cached on the user object so a page asks the database once."""
    if not user.is_authenticated:
        return NO_ROLE
    cached: Role | None = getattr(user, _ROLE_CACHE, None)
    if cached is not None:
        return cached
    groups = set(user.groups.values_list("name", flat=True))
    role = Role(
        is_plan_admin=user.is_superuser or PLAN_ADMINISTRATOR in groups,
        is_officer=OFFICER in groups,
        is_board_member=BOARD_MEMBER in groups,
        is_forum_member=SCHOOLS_FORUM_MEMBER in groups,
        is_adviser=ADVISER in groups,
    )
    setattr(user, _ROLE_CACHE, role)
    return role


def roles_ensure_groups(*, using: str = "default") -> None:
    """Create the five role groups; plan administrators may change everything in the admin (the
    others get no permissions: they never open it)."""
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


def user_sync_staff_status(*, user_ids: Iterable[int]) -> None:
    """Plan administrators (and only they, with superusers) get "staff status" to open the admin.

    Called whenever group membership changes, so putting someone in the group is all it takes.
    """
    users = get_user_model().objects.filter(pk__in=user_ids)
    users.filter(Q(is_superuser=True) | Q(groups__name=PLAN_ADMINISTRATOR)).update(is_staff=True)
    users.exclude(is_superuser=True).exclude(groups__name=PLAN_ADMINISTRATOR).update(is_staff=False)
