"""The role groups: created with their permissions, and staff status kept in step with membership."""

import pytest
from django.contrib.auth.models import Group, Permission

from actions import roles
from actions.roles import (
    ADVISER,
    ALL_GROUPS,
    BOARD_MEMBER,
    NO_ROLE,
    OFFICER,
    PLAN_ADMINISTRATOR,
    SCHOOLS_FORUM_MEMBER,
    Role,
    role_for,
)
from tests import factories as f


def test_roles_ensure_groups_is_idempotent(db):
    roles.roles_ensure_groups()
    groups_before = sorted(Group.objects.values_list("name", flat=True))
    perms_before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}

    roles.roles_ensure_groups()
    roles.roles_ensure_groups()

    assert sorted(Group.objects.values_list("name", flat=True)) == groups_before
    assert {
        g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()
    } == perms_before
    for name in ALL_GROUPS:
        assert Group.objects.filter(name=name).count() == 1


def test_roles_ensure_groups_recreates_a_deleted_group(db):
    Group.objects.filter(name=BOARD_MEMBER).delete()

    roles.roles_ensure_groups()

    assert Group.objects.filter(name=BOARD_MEMBER).exists()


def test_plan_administrators_get_every_actions_and_partners_permission(db):
    roles.roles_ensure_groups()
    admin_perms = Group.objects.get(name=PLAN_ADMINISTRATOR).permissions.all()

    for app_label in ("actions", "partners"):
        wanted = set(Permission.objects.filter(content_type__app_label=app_label))
        assert wanted, app_label
        assert wanted <= set(admin_perms)
    codenames = {
        f"{p.content_type.app_label}.{p.codename}" for p in admin_perms.select_related("content_type")
    }
    for perm in (
        "actions.add_plan",
        "actions.change_action",
        "actions.change_positionstatement",
        "actions.change_reportingperiod",
        "partners.add_partner",
        "partners.change_person",
    ):
        assert perm in codenames


def test_plan_administrator_user_has_the_permissions(alice):
    assert alice.has_perm("actions.change_action")
    assert alice.has_perm("actions.add_reportingperiod")
    assert alice.has_perm("partners.change_partner")


@pytest.mark.parametrize("group", [OFFICER, BOARD_MEMBER, SCHOOLS_FORUM_MEMBER, ADVISER])
def test_other_roles_get_no_admin_permissions(db, group):
    roles.roles_ensure_groups()

    assert not Group.objects.get(name=group).permissions.exists()


# --- Staff status follows the Plan administrator group --------------------------------------------


def test_joining_the_plan_administrator_group_gives_staff_status(db):
    user = f.make_user("pam", OFFICER)
    assert not user.is_staff

    user.groups.add(Group.objects.get(name=PLAN_ADMINISTRATOR))

    user.refresh_from_db()
    assert user.is_staff


def test_leaving_the_plan_administrator_group_takes_staff_status_away(alice):
    assert alice.is_staff

    alice.groups.remove(Group.objects.get(name=PLAN_ADMINISTRATOR))

    alice.refresh_from_db()
    assert not alice.is_staff


def test_adding_users_from_the_group_side_gives_them_staff_status(db):
    user = f.make_user("gus")

    Group.objects.get(name=PLAN_ADMINISTRATOR).user_set.add(user)

    user.refresh_from_db()
    assert user.is_staff


def test_emptying_the_plan_administrator_group_takes_staff_status_from_its_members(alice, bea):
    Group.objects.get(name=PLAN_ADMINISTRATOR).user_set.clear()

    alice.refresh_from_db()
    assert not alice.is_staff


def test_superuser_keeps_staff_status_outside_the_group(db):
    root = f.make_user("root", PLAN_ADMINISTRATOR, is_superuser=True)

    root.groups.clear()

    root.refresh_from_db()
    assert root.is_staff


@pytest.mark.parametrize("group", [OFFICER, BOARD_MEMBER, SCHOOLS_FORUM_MEMBER, ADVISER])
def test_other_roles_do_not_get_staff_status(db, group):
    user = f.make_user("someone", group, is_staff=True)

    roles.user_sync_staff_status(user_ids=[user.pk])

    user.refresh_from_db()
    assert not user.is_staff


# --- The adviser: reads everything a board member reads, writes nothing ----------------------------


def test_the_adviser_group_exists_after_migrate_with_no_permissions(db):
    # No migration makes it: roles_ensure_groups runs on post_migrate, as for the test database.
    group = Group.objects.get(name=ADVISER)

    assert ADVISER in ALL_GROUPS
    assert not group.permissions.exists()


def test_roles_ensure_groups_recreates_the_adviser_group(db):
    Group.objects.filter(name=ADVISER).delete()

    roles.roles_ensure_groups()

    assert Group.objects.filter(name=ADVISER).exists()
    assert not Group.objects.get(name=ADVISER).permissions.exists()


def test_an_adviser_is_never_staff_even_if_made_so_by_hand(db):
    user = f.make_user("avery", ADVISER, is_staff=True)

    user.groups.add(Group.objects.get(name=BOARD_MEMBER))  # any change of groups puts it right

    user.refresh_from_db()
    assert not user.is_staff


def test_an_adviser_joining_the_plan_administrator_group_gets_staff_status_like_anyone(db):
    user = f.make_user("avery", ADVISER)

    user.groups.add(Group.objects.get(name=PLAN_ADMINISTRATOR))

    user.refresh_from_db()
    assert user.is_staff
    assert not role_for(user).is_read_only


def test_role_for_an_adviser(ada):
    role = role_for(ada)

    assert role == Role(is_adviser=True)
    assert role.is_adviser and role.has_role and role.is_read_only
    assert not (role.is_plan_admin or role.is_officer or role.is_board_member or role.is_forum_member)
    assert not role.can_record_statements
    assert role.name == "Adviser"
    assert not ada.has_perm("actions.change_action")


@pytest.mark.parametrize(
    ("groups", "read_only"),
    [
        ([ADVISER], True),
        ([ADVISER, BOARD_MEMBER], False),  # a board member too: what a board member may do
        ([ADVISER, OFFICER], False),
        ([BOARD_MEMBER], False),
        ([], False),
    ],
)
def test_only_an_adviser_with_no_other_role_is_read_only(db, groups, read_only):
    user = f.make_user("someone")
    user.groups.add(*Group.objects.filter(name__in=groups))

    assert role_for(user).is_read_only is read_only


def test_no_role_is_not_read_only_but_has_no_role():
    assert not NO_ROLE.is_read_only
    assert not NO_ROLE.has_role
