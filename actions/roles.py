"""The four roles of sendplan, as Django groups, and what each may do.

One place decides who a user is; access.py decides what they may touch.
"""

from dataclasses import dataclass

PLAN_ADMINISTRATOR = "Plan administrator"
OFFICER = "Officer"
BOARD_MEMBER = "Board member"
SCHOOLS_FORUM_MEMBER = "Schools Forum member"
ALL_GROUPS = (PLAN_ADMINISTRATOR, OFFICER, BOARD_MEMBER, SCHOOLS_FORUM_MEMBER)

# Apps whose models plan administrators manage in the Django admin.
ADMINISTERED_APPS = ("actions", "partners", "reports")


@dataclass(frozen=True)
class Role:
    is_plan_admin: bool = False
    is_officer: bool = False
    is_board_member: bool = False
    is_forum_member: bool = False

    @property
    def has_role(self) -> bool:
        """In one of the four groups (or a superuser): a member of the partnership, who reads plans."""
        return self != NO_ROLE

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
        ):
            if flag:
                return label
        return "No role"


NO_ROLE = Role()


def role_for(user) -> Role:
    """The user's role, cached on the user object so a page asks the database once."""
    if not user.is_authenticated:
        return NO_ROLE
    cached = getattr(user, "_sendplan_role", None)
    if cached is not None:
        return cached
    groups = set(user.groups.values_list("name", flat=True))
    role = Role(
        is_plan_admin=user.is_superuser or PLAN_ADMINISTRATOR in groups,
        is_officer=OFFICER in groups,
        is_board_member=BOARD_MEMBER in groups,
        is_forum_member=SCHOOLS_FORUM_MEMBER in groups,
    )
    user._sendplan_role = role
    return role
