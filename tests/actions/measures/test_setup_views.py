"""Setting up a measure in the app: its fields, what it evidences, its trajectory and its comparators."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.measures.models import Benchmark, Measure, TrajectoryPoint
from tests import factories as f
from tests.helpers import login, text_of

from .conftest import EHCP_POINTS, make_measure

ROWS = 6


def _form(name="Persistent absence of pupils with an EHC plan", points=(), **overrides):
    data = {
        "name": name,
        "definition": "Pupils with an EHC plan missing 10% or more of sessions.",
        "unit": "percent",
        "direction": "lower",
        "frequency": "termly",
        "tolerance": "2",
        "lead_person": "",
        "lead_partner": "",
        "actions": "",
        "point-TOTAL_FORMS": str(ROWS),
        "point-INITIAL_FORMS": "0",
    }
    for number in range(ROWS):
        kind, day, value = points[number] if number < len(points) else ("", "", "")
        data |= {f"point-{number}-kind": kind, f"point-{number}-date": day, f"point-{number}-value": value}
    return data | overrides


GOOD_POINTS = [
    ("baseline", "2025-09-01", "32"),
    ("milestone", "2026-09-01", "28"),
    ("target", "2027-09-01", "24"),
]


@pytest.mark.parametrize(
    ("who", "status"),
    [("alice", 200), ("olivia", 403), ("oscar", 403), ("bea", 403), ("fern", 403), ("nora", 403)],
)
def test_only_plan_administrators_set_up_measures(client, request, plan, who, status):
    login(client, request, who)

    assert client.get(reverse("actions:measure-create", args=[plan.pk])).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, plan):
    response = client.get(reverse("actions:measure-create", args=[plan.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_administrator_sets_up_a_measure_with_its_trajectory_and_links(
    client, alice, plan, action, olivia_person
):
    client.force_login(alice)
    data = _form(points=GOOD_POINTS, lead_person=str(olivia_person.pk), actions=action.ref)
    data["priorities"] = [str(action.objective.priority_id)]

    response = client.post(reverse("actions:measure-create", args=[plan.pk]), data)

    measure = Measure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == measure.get_absolute_url()
    assert measure.lead_person == olivia_person
    assert measure.tolerance == Decimal(2)
    assert [(p.kind, p.value) for p in measure.trajectory_points.order_by("date")] == [
        ("baseline", Decimal(32)),
        ("milestone", Decimal(28)),
        ("target", Decimal(24)),
    ]
    assert list(measure.actions.all()) == [action]
    assert list(measure.priorities.all()) == [action.objective.priority]
    assert measure.history.first().history_user == alice


@pytest.mark.parametrize(
    ("points", "overrides", "message"),
    [
        (
            [("target", "2027-09-01", "24")],
            {},
            "The target of 1 September 2027: a trajectory needs a baseline before any milestone or target",
        ),
        (
            [("baseline", "2025-09-01", "32"), ("target", "2025-09-01", "24")],
            {},
            "the baseline of 1 September 2025 is on the same date",
        ),
        (
            [("baseline", "2026-09-01", "32"), ("milestone", "2025-09-01", "28")],
            {},
            "the baseline must come before every other point",
        ),
        ([("baseline", "2025-09-01", "132")], {}, "a percentage must be between 0 and 100"),
        ([("baseline", "2025-09-01", "lots")], {}, "enter its value as a number, not “lots”"),
        ([("baseline", "", "32")], {}, "Point 1 (baseline): enter its date"),
        (GOOD_POINTS, {"name": ""}, "Enter the measure's name"),
        (GOOD_POINTS, {"tolerance": "five"}, "Enter the tolerance as a number, for example 5"),
        (GOOD_POINTS, {"actions": "1.1.a, 9.9.z"}, "No action in this plan has the ref “9.9.z”"),
    ],
)
def test_bad_input_is_named_and_nothing_is_saved(client, alice, plan, action, points, overrides, message):
    client.force_login(alice)

    response = client.post(
        reverse("actions:measure-create", args=[plan.pk]), _form(points=points, **overrides)
    )

    assert response.status_code == 200
    assert message in text_of(response)
    assert "There is a problem" in text_of(response)
    assert not Measure.objects.exists()
    assert not TrajectoryPoint.objects.exists()


def test_a_measure_name_used_twice_in_a_plan_is_refused(client, alice, plan):
    make_measure(plan, name="Persistent absence of pupils with an EHC plan")
    client.force_login(alice)

    response = client.post(
        reverse("actions:measure-create", args=[plan.pk]),
        _form(name="PERSISTENT absence of pupils with an EHC plan"),
    )

    assert "This plan already has a measure with this name." in text_of(response)
    assert Measure.objects.count() == 1


def test_changing_a_measure_shows_its_trajectory_and_saving_it_unchanged_writes_no_history(
    client, alice, plan, action
):
    measure = make_measure(plan, points=EHCP_POINTS, name="New EHC plans issued within 20 weeks")
    client.force_login(alice)
    url = reverse("actions:measure-edit", args=[measure.pk])
    page = client.get(url)
    assert 'value="2025-09-01"' in page.content.decode()
    form = page.context["form"]
    data = _form(
        name=measure.name,
        points=[
            (p.kind, f"{p.date:%Y-%m-%d}", f"{p.value.normalize():f}")
            for p in measure.trajectory_points.all()
        ],
        definition="",
        unit="percent",
        direction="higher",
        tolerance=form.initial["tolerance"],
    )
    before = (Measure.history.count(), TrajectoryPoint.history.count())

    response = client.post(url, data)

    assert response.status_code == 302
    assert (Measure.history.count(), TrajectoryPoint.history.count()) == before


def test_changing_the_target_replaces_the_trajectory_and_keeps_the_old_one_in_history(client, alice, plan):
    measure = make_measure(plan, points=EHCP_POINTS, name="New EHC plans issued within 20 weeks")
    client.force_login(alice)
    points = [("baseline", "2025-09-01", "40"), ("target", "2027-09-01", "90")]

    response = client.post(
        reverse("actions:measure-edit", args=[measure.pk]),
        _form(name=measure.name, points=points, unit="percent", direction="higher"),
    )

    assert response.status_code == 302
    assert [(p.kind, p.value) for p in measure.trajectory_points.all()] == [
        ("baseline", Decimal(40)),
        ("target", Decimal(90)),
    ]
    assert TrajectoryPoint.history.filter(history_type="-", value=Decimal(60)).exists()


def _comparator(name="England", figures=()):
    data = {"name": name, "figure-TOTAL_FORMS": "4", "figure-INITIAL_FORMS": "0"}
    for number in range(4):
        day, value = figures[number] if number < len(figures) else ("", "")
        data |= {f"figure-{number}-date": day, f"figure-{number}-value": value}
    return data


def test_an_administrator_adds_changes_and_removes_a_comparator(client, alice, plan):
    measure = make_measure(plan, points=EHCP_POINTS, name="New EHC plans issued within 20 weeks")
    client.force_login(alice)

    added = client.post(
        reverse("actions:measure-comparator-add", args=[measure.pk]),
        _comparator(figures=[("2024-08-31", "50.3"), ("2025-08-31", "46.4")]),
    )
    england = Benchmark.objects.get()
    assert added.status_code == 302
    assert [(v.date, v.value) for v in england.values.all()] == [
        (datetime.date(2024, 8, 31), Decimal("50.3")),
        (datetime.date(2025, 8, 31), Decimal("46.4")),
    ]

    edit_url = reverse("actions:measure-comparator-edit", args=[measure.pk, england.pk])
    assert 'value="50.3"' in client.get(edit_url).content.decode()
    client.post(edit_url, _comparator(figures=[("2025-08-31", "47")]))
    assert [v.value for v in england.values.all()] == [Decimal(47)]

    client.post(reverse("actions:measure-comparator-delete", args=[measure.pk, england.pk]))
    assert not Benchmark.objects.exists()
    assert Benchmark.history.filter(history_type="-").exists()


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ([("2024-08-31", "50"), ("2024-08-31", "51")], "31 August 2024 is given twice"),
        ([("2024-08-31", "about half")], "enter it as a number, not “about half”"),
        ([("2024-08-31", "150")], "a percentage must be between 0 and 100"),
        ([("", "50")], "Figure 1: enter its date"),
    ],
)
def test_bad_comparator_figures_are_named_and_nothing_is_saved(client, alice, plan, figures, message):
    measure = make_measure(plan, name="New EHC plans issued within 20 weeks")
    client.force_login(alice)

    response = client.post(
        reverse("actions:measure-comparator-add", args=[measure.pk]), _comparator(figures=figures)
    )

    assert response.status_code == 200
    assert message in text_of(response)
    assert not Benchmark.objects.exists()


@pytest.mark.parametrize("who", ["olivia", "bea", "fern"])
def test_only_plan_administrators_change_comparators(client, request, plan, who):
    measure = make_measure(plan, name="New EHC plans issued within 20 weeks")
    login(client, request, who)

    assert client.get(reverse("actions:measure-comparator-add", args=[measure.pk])).status_code == 403
    assert client.post(reverse("actions:measure-edit", args=[measure.pk]), _form()).status_code == 403
    assert measure.name == Measure.objects.get().name


def test_the_setup_pages_cost_the_same_queries_on_a_small_and_a_large_plan(
    client, alice, plan, action, django_assert_max_num_queries
):
    measure = make_measure(plan, points=EHCP_POINTS, name="New EHC plans issued within 20 weeks")
    measure.actions.add(action)
    client.force_login(alice)
    urls = [
        reverse("actions:measure-create", args=[plan.pk]),
        reverse("actions:measure-edit", args=[measure.pk]),
        reverse("actions:measure-comparator-add", args=[measure.pk]),
    ]
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    for number in range(60):
        priority = f.make_priority(plan, ref=str(number + 2), title=f"Priority {number}")
        objective = f.make_objective(priority, ref=f"{number + 2}.1", title="Objective")
        for letter in "abcdefgh":
            f.make_action(objective, ref=f"{number + 2}.1.{letter}", description="An action")
    for url in urls:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
