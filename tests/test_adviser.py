"""The adviser (DfE SEND advisers, NHS England colleagues): reads every plan and published pack, and is
refused every write, even when a plan administrator has linked their sign-in to a person who leads the
action, its priority and a measure (so a board member in their place could confirm ratings and enter
figures). GETs for every URL are in tests/test_access_matrix.py; packs in tests/reports/.
"""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse

from actions.cycle.models import PositionStatement
from reports.models import Pack
from tests import factories as f
from tests.helpers import close_response, text_of
from tests.test_access_matrix import EXPECTED, make_matrix_objects, url_for

# The tables a write could touch (with their history tables): all of them must stay as they were.
WRITTEN_APPS = ("actions", "partners", "reports", "django_tasks_database", "auth")


def snapshot() -> dict[str, int]:
    """Rows per table: any create, update (a history row), or delete changes it."""
    return {
        model._meta.label: model._default_manager.count()
        for app_label in WRITTEN_APPS
        for model in apps.get_app_config(app_label).get_models()
    }


@pytest.fixture
def ada_person(ada, other_action):
    """Ada's sign-in linked to a person who leads an action (not Olivia's) and its priority."""
    person = f.make_person(name="Anwen Advisewell", email="anwen@example.org")
    person.user = ada
    person.save()
    other_action.lead_people.add(person)
    other_action.objective.priority.lead_people.add(person)
    return person


@pytest.fixture
def world(plan, periods, action, other_action, olivia, alice, ada_person, settings, tmp_path):
    """Every kind of thing a write could change, each one Ada's to write if she were not an adviser."""
    settings.MEDIA_ROOT = tmp_path
    summer = periods[2]
    objects = make_matrix_objects(plan, summer, alice)
    proposed = f.make_statement(other_action, summer, "amber", author=olivia, confirmed_at=None)
    measure = plan.measures.create(
        name="New EHC plans issued within 20 weeks", unit="percent", lead_person=ada_person
    )
    measure.priorities.add(action.objective.priority)
    comparator = measure.benchmarks.create(name="England")
    other_measure = plan.measures.create(name="Annual reviews on time", unit="percent")
    other_measure.priorities.add(action.objective.priority)
    figure = other_measure.values.create(
        period=summer,
        value=Decimal(50),
        refers_to=summer.as_at,
        rag="amber",
        proposed_rag="amber",
        entered_by=olivia,
    )
    return {
        "plan": plan,
        "action": action,
        "adas_action": other_action,
        "periods": periods,
        "objects": objects,
        "proposed": proposed,
        "measure": measure,
        "comparator": comparator,
        "figure": figure,
        "lead": action.lead_people.get(),
    }


def _upload() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "plan.csv", b"Ref,Objective,Action,Lead\n1.1,Find needs early,Train staff,Jo Bloggs\n"
    )


# (URL name, its args from the world, the POST data an administrator's write would use)
WRITES = {
    "statement-form": (
        "actions:statement-form",
        lambda w: [w["adas_action"].pk, w["periods"][2].pk],
        lambda w: {"rag": "green", "narrative": "All SENCO network meetings held this term."},
    ),
    "statement-carry-forward": (
        "actions:statement-carry-forward",
        lambda w: [w["adas_action"].pk, w["periods"][2].pk],
        lambda w: {},
    ),
    "due-date-change": (
        "actions:due-date-change",
        lambda w: [w["adas_action"].pk],
        lambda w: {"due_date": "2026-10-31", "reason": "The network moved to the autumn."},
    ),
    "rating-confirm": ("actions:rating-confirm", lambda w: [w["proposed"].pk], lambda w: {}),
    "rating-change": (
        "actions:rating-confirm",
        lambda w: [w["proposed"].pk],
        lambda w: {"change": "1", "rag": "red", "reason": "Funding is not agreed."},
    ),
    "measure-figure": (
        "actions:measure-figure",
        lambda w: [w["measure"].pk, w["periods"][2].pk],
        lambda w: {"value": "55", "refers_to": "2026-07-31", "source": "Case management system", "rag": ""},
    ),
    "measure-confirm": ("actions:measure-confirm", lambda w: [w["figure"].pk], lambda w: {}),
    "measure-create": (
        "actions:measure-create",
        lambda w: [w["plan"].pk],
        lambda w: {"name": "Tribunal appeals", "unit": "count", "direction": "lower"},
    ),
    "measure-edit": (
        "actions:measure-edit",
        lambda w: [w["measure"].pk],
        lambda w: {"name": "Renamed by an adviser", "unit": "percent", "direction": "higher"},
    ),
    "measure-comparator-add": (
        "actions:measure-comparator-add",
        lambda w: [w["measure"].pk],
        lambda w: {"name": "Statistical neighbours"},
    ),
    "measure-comparator-delete": (
        "actions:measure-comparator-delete",
        lambda w: [w["measure"].pk, w["comparator"].pk],
        lambda w: {},
    ),
    "measure-statistics": ("actions:measure-statistics", lambda w: [w["measure"].pk], lambda w: {}),
    "period-open": (
        "actions:period-open",
        lambda w: [w["plan"].pk],
        lambda w: {"name": "Autumn term 2026", "as_at": "2026-12-31", "closes_on": "2026-12-10"},
    ),
    "period-close": ("actions:period-close", lambda w: [w["periods"][2].pk], lambda w: {}),
    "period-reopen": (
        "actions:period-reopen",
        lambda w: [w["periods"][1].pk],
        lambda w: {"reason": "A late statement from health."},
    ),
    "period-remind": ("actions:period-remind", lambda w: [w["periods"][2].pk, w["lead"].pk], lambda w: {}),
    "import-new": ("actions:import-new", lambda w: [], lambda w: {"file": _upload()}),
    "import-into": ("actions:import-into", lambda w: [w["plan"].pk], lambda w: {"file": _upload()}),
    "import-confirm": ("actions:import-confirm", lambda w: [w["objects"]["import"].pk], lambda w: {}),
    "import-start-again": (
        "actions:import-start-again",
        lambda w: [w["objects"]["import"].pk],
        lambda w: {},
    ),
    "pack-create": (
        "reports:pack-create",
        lambda w: [w["plan"].pk],
        lambda w: {"audience": "board", "period": w["periods"][2].pk, "title": "Made by an adviser"},
    ),
    "pack-edit": (
        "reports:pack-edit",
        lambda w: [w["objects"]["draft"].pk],
        lambda w: {"audience": "forum", "period": w["periods"][2].pk, "title": "Edited by an adviser"},
    ),
    "pack-publish": ("reports:pack-publish", lambda w: [w["objects"]["draft"].pk], lambda w: {}),
}


@pytest.mark.parametrize("write", WRITES)
def test_the_adviser_is_refused_every_write_and_nothing_is_saved(client, ada, world, write):
    name, args, data = WRITES[write]
    url = reverse(name, args=args(world))
    client.force_login(ada)
    before = snapshot()

    response = client.post(url, data(world))

    assert response.status_code == 403, f"POST {url}"
    assert snapshot() == before
    assert mail.outbox == []


# Writes whose data above an administrator's POST saves: proof the refusal above is the role's.
ADMIN_SAVES = [
    "statement-form",
    "due-date-change",
    "rating-change",
    "measure-figure",
    "period-close",
    "pack-create",
]


@pytest.mark.parametrize("write", ADMIN_SAVES)
def test_the_same_post_by_a_plan_administrator_is_saved(client, alice, world, write):
    name, args, data = WRITES[write]
    client.force_login(alice)
    before = snapshot()

    response = client.post(reverse(name, args=args(world)), data(world))

    assert response.status_code == 302
    assert snapshot() != before


def test_the_adviser_is_not_offered_ratings_to_confirm_even_as_a_priority_lead(client, ada, world):
    client.force_login(ada)

    home = client.get(reverse("home"))
    plan_page = client.get(reverse("actions:plan-detail", args=[world["plan"].pk]))
    ratings = client.get(reverse("actions:ratings-to-confirm", args=[world["plan"].pk]))

    assert home.context["ratings_to_confirm"] == []
    assert "Ratings to confirm" not in text_of(home)
    assert not plan_page.context["may_confirm_ratings"]
    assert ratings.status_code == 403
    world["proposed"].refresh_from_db()
    assert not world["proposed"].is_confirmed


def test_the_adviser_home_page_says_read_only_and_lists_the_plans(client, ada, world):
    client.force_login(ada)

    response = client.get(reverse("home"))

    text = text_of(response)
    assert "Adviser (read only)" in text
    assert "only its members change it" in text
    assert world["plan"].title in text
    assert reverse("actions:my-actions") not in response.content.decode()
    assert reverse("admin:index") not in response.content.decode()


def test_a_board_member_who_leads_the_priority_is_offered_its_ratings(client, bea, world):
    """The contrast: what the adviser is refused above is a lead's to do, not everybody's."""
    person = world["action"].objective.priority.lead_people.get()
    person.user = bea
    person.save()
    client.force_login(bea)

    response = client.get(reverse("home"))

    assert [item.count for item in response.context["ratings_to_confirm"]] == [1]


# --- No page shows the adviser a link or a form they would be refused --------------------------

# POST forms about the adviser's own account: signing in and out, passwords, their reminder emails.
OWN_FORMS = {"login", "logout", "password_change", "password_reset", "actions:reminder-settings"}
ADVISER_PAGES = sorted(name for name, statuses in EXPECTED.items() if statuses["ada"] == 200)


def _path(url: str) -> str:
    return url.split("#")[0].split("?")[0]


def _post_form_actions(page: str) -> list[str]:
    """The action of every POST form on the page ("" for the page itself)."""
    tags = re.findall(r"<form\b[^>]*>", page)
    posts = [tag for tag in tags if re.search(r'method="post"', tag, re.I)]
    return [_path(m.group(1)) if (m := re.search(r'action="([^"]*)"', tag)) else "" for tag in posts]


def _view_name(path: str, here: str) -> str | None:
    try:
        return resolve(path or here).view_name
    except Resolver404:
        return None  # a static file, or another site


@pytest.mark.parametrize("name", ADVISER_PAGES)
def test_no_page_offers_the_adviser_a_write(client, ada, world, name):
    client.force_login(ada)
    url = url_for(
        name, plan=world["plan"], action=world["action"], period=world["periods"][2], objects=world["objects"]
    )

    response = client.get(url)
    close_response(response)
    is_page = response.get("Content-Type", "").startswith("text/html")
    page = response.content.decode() if is_page else ""  # a download has no links

    here = url.split("?")[0]
    links = {view for href in re.findall(r'href="(/[^"]*)"', page) if (view := _view_name(_path(href), here))}
    refused_links = {view for view in links if view.startswith("admin:") or EXPECTED[view]["ada"] != 200}
    forms = {_view_name(action, here) for action in _post_form_actions(page)}
    assert response.status_code == 200
    assert not refused_links, f"{name} links the adviser to {sorted(refused_links)}"
    assert forms <= OWN_FORMS, f"{name} offers the adviser {sorted(forms - OWN_FORMS)}"


def test_the_adviser_reads_the_plan_its_actions_and_their_statements(client, ada, world):
    summer = world["periods"][2]
    f.make_statement(world["action"], summer, "green", narrative="Every school has a named SENCO contact.")
    client.force_login(ada)

    action_page = client.get(reverse("actions:action-detail", args=[world["action"].pk]))
    dashboard = client.get(reverse("reports:dashboard", args=[world["plan"].pk]))

    assert action_page.status_code == dashboard.status_code == 200
    assert "Every school has a named SENCO contact." in text_of(action_page)
    assert not action_page.context["writable_periods"]
    assert not action_page.context["can_change_due_date"]
    assert PositionStatement.objects.filter(period=summer).count() == 2


def test_the_adviser_sees_published_packs_and_never_a_draft(client, ada, world):
    objects = world["objects"]
    client.force_login(ada)

    listed = client.get(reverse("reports:pack-list", args=[world["plan"].pk])).context["packs"]
    draft = client.get(objects["draft"].get_absolute_url())

    published = {objects[name].pk for name in ("board", "forum", "monitoring") if name in objects}
    assert {p.pk for p in listed} == published
    assert draft.status_code == 404
    assert Pack.objects.get(pk=objects["draft"].pk).state == Pack.State.DRAFT


def test_the_statement_refusal_names_who_may_write(client, ada, world):
    client.force_login(ada)

    response = client.post(
        reverse("actions:statement-form", args=[world["action"].pk, world["periods"][2].pk]),
        {"rag": "green", "narrative": "Written by an adviser."},
    )

    assert response.status_code == 403
    assert "officers and plan administrators" in text_of(response)
    assert not PositionStatement.objects.filter(narrative="Written by an adviser.").exists()
