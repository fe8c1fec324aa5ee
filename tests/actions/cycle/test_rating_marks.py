"""The rating's marks as at a period (unconfirmed, carried forward, slipped) and "No update" statements,
in the queryset, the per-action states, the action list's filters and the pages that show them.

The plan (Summer term 2026 open, Spring term 2026 closed, Autumn term 2025 published):

    ref    Spring                        Summer                              due
    1.1.a  Green, confirmed              Red, awaiting confirmation          -
    1.1.b  Green, confirmed              Green, carried forward from Spring  -
    1.1.c  Amber, carried forward from   -                                   31 Oct 2026 (first 31 Jul)
           Autumn, awaiting confirmation
    1.1.d  "No update" (Spring closed)   -                                   -
    1.1.e  -                             -                                   1 Mar 2026 (first 1 Apr)
"""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.cycle.models import NO_UPDATE, Movement, Rag, is_newly_red, is_red_streak, movement_between
from actions.cycle.selectors import ActionState, period_states
from actions.plans.models import Action
from tests import factories as f

SPRING, SUMMER = 1, 2


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (NO_UPDATE, Rag.RED, ""),  # no rating now: no movement
        (NO_UPDATE, None, ""),
        (Rag.RED, NO_UPDATE, Movement.NEW),  # no rating before: new, as with no statement
        (Rag.GREEN, NO_UPDATE, Movement.NEW),
        (Rag.RED, Rag.AMBER, Movement.WORSENED),
    ],
)
def test_no_update_moves_like_no_rating(current, previous, expected):
    assert movement_between(current, previous) == expected


def test_no_update_before_red_is_newly_red_and_never_a_red_streak():
    assert is_newly_red(Rag.RED, NO_UPDATE)
    assert not is_red_streak(Rag.RED, NO_UPDATE)
    assert not is_newly_red(NO_UPDATE, Rag.AMBER)


def test_an_action_state_made_the_old_way_has_no_marks():
    state = ActionState(1, 2, Rag.AMBER, Rag.GREEN, False, True)

    assert (state.is_unconfirmed, state.is_carried_forward, state.slipped) == (False, False, False)


@pytest.fixture
def marked(plan, periods, olivia_person):
    _autumn, spring, summer = periods
    now = timezone.now()
    objective = f.make_objective(f.make_priority(plan, ref="1", title="Inclusive education"), ref="1.1")

    def statement(action, period, rag, *, confirmed=True, **fields):
        return f.make_statement(action, period, rag, confirmed_at=now if confirmed else None, **fields)

    actions = {}
    for ref in ("1.1.a", "1.1.b", "1.1.c", "1.1.d", "1.1.e"):
        actions[ref] = f.make_action(objective, ref=ref, description=f"Action {ref}", leads=[olivia_person])
    statement(actions["1.1.a"], spring, Rag.GREEN)
    statement(actions["1.1.a"], summer, Rag.RED, confirmed=False)
    previous = statement(actions["1.1.b"], spring, Rag.GREEN)
    statement(actions["1.1.b"], summer, Rag.GREEN, carried_forward_from=previous)
    autumn_c = statement(actions["1.1.c"], periods[0], Rag.AMBER)
    statement(actions["1.1.c"], spring, Rag.AMBER, confirmed=False, carried_forward_from=autumn_c)
    statement(actions["1.1.d"], spring, NO_UPDATE, narrative="No position statement was given.")
    for ref, first, now_due in [
        ("1.1.c", datetime.date(2026, 7, 31), datetime.date(2026, 10, 31)),
        ("1.1.e", datetime.date(2026, 4, 1), datetime.date(2026, 3, 1)),
    ]:
        Action.objects.filter(pk=actions[ref].pk).update(original_due_date=first, due_date=now_due)
    plan.refresh_from_db()
    return actions


def states_by_ref(plan, periods, index):
    period, previous = periods[index], periods[index - 1]
    refs = dict(Action.objects.values_list("pk", "ref"))
    return {refs[s.pk]: s for s in period_states(plan, period, previous)}


def test_states_as_at_summer(plan, periods, marked):
    states = states_by_ref(plan, periods, SUMMER)

    assert {ref: (s.rag, s.is_unconfirmed, s.is_carried_forward, s.slipped) for ref, s in states.items()} == {
        "1.1.a": (Rag.RED, True, False, False),
        "1.1.b": (Rag.GREEN, False, True, False),
        # Spring's carried-forward statement shows through, still awaiting confirmation, but it is
        # not carried into Summer: Summer has no statement.
        "1.1.c": (Rag.AMBER, True, False, True),
        "1.1.d": (NO_UPDATE, False, False, False),
        "1.1.e": (None, False, False, False),  # moved earlier: re-baselined, not slipped
    }
    assert {ref for ref, s in states.items() if s.updated_in_period} == {"1.1.a", "1.1.b"}


def test_states_as_at_spring(plan, periods, marked):
    states = states_by_ref(plan, periods, SPRING)

    assert {ref for ref, s in states.items() if s.is_carried_forward} == {"1.1.c"}
    assert {ref for ref, s in states.items() if s.is_unconfirmed} == {"1.1.c"}
    # Closing Spring wrote "No update" for 1.1.d: not a statement in the period, and no movement.
    assert (states["1.1.d"].rag, states["1.1.d"].updated_in_period, states["1.1.d"].movement) == (
        NO_UPDATE,
        False,
        "",
    )


def listed(client, query: str) -> set[str]:
    response = client.get(f"{reverse('actions:action-list')}?{query}")
    assert response.status_code == 200
    page = response.context["page"]
    assert page.filterset.is_valid(), page.filterset.errors
    return {a.ref for a in response.context["page_obj"].object_list}


@pytest.mark.parametrize(
    ("query", "summer", "latest"),
    [
        # "No update": no statement at all, or the one a closing period wrote.
        ("rag=no_update", {"1.1.d", "1.1.e"}, {"1.1.d", "1.1.e"}),
        ("rag=red&rag=no_update", {"1.1.a", "1.1.d", "1.1.e"}, {"1.1.a", "1.1.d", "1.1.e"}),
        ("confirmation=unconfirmed", {"1.1.a", "1.1.c"}, {"1.1.a", "1.1.c"}),
        ("confirmation=confirmed", {"1.1.b"}, {"1.1.b"}),  # no rating is neither
        ("slipped=true", {"1.1.c"}, {"1.1.c"}),
        ("slipped=false", {"1.1.a", "1.1.b", "1.1.d", "1.1.e"}, {"1.1.a", "1.1.b", "1.1.d", "1.1.e"}),
        ("updated=false", {"1.1.c", "1.1.d", "1.1.e"}, None),
        ("carried=true", {"1.1.b"}, None),
        ("carried=false", {"1.1.a", "1.1.c", "1.1.d", "1.1.e"}, None),
    ],
)
def test_action_list_filters_on_the_marks(client, bea, plan, periods, marked, query, summer, latest):
    client.force_login(bea)

    assert listed(client, f"plan={plan.pk}&period={periods[SUMMER].pk}&{query}") == summer
    if latest is not None:  # without a period: each action's latest statement
        assert listed(client, f"plan={plan.pk}&{query}") == latest


def test_carried_forward_in_spring_is_listed_as_at_spring(client, bea, plan, periods, marked):
    client.force_login(bea)

    assert listed(client, f"plan={plan.pk}&period={periods[SPRING].pk}&carried=true") == {"1.1.c"}


def test_carried_filter_needs_a_period(client, bea, plan, marked):
    client.force_login(bea)

    response = client.get(f"{reverse('actions:action-list')}?plan={plan.pk}&carried=true")

    assert "Choose a reporting period" in response.content.decode()
    assert not response.context["page_obj"].object_list


@pytest.mark.parametrize("value", ["maybe", "1' OR '1'='1", "²"])
def test_bad_mark_filter_values_are_refused_with_a_message(client, bea, plan, periods, marked, value):
    client.force_login(bea)

    response = client.get(
        f"{reverse('actions:action-list')}?plan={plan.pk}&period={periods[SUMMER].pk}&confirmation={value}"
    )

    assert response.status_code == 200
    assert not response.context["page"].filterset.is_valid()
    assert "Select a valid choice" in response.content.decode()


def row_texts(html: str) -> dict[str, str]:
    """Each table row's text by the ref in its first cell."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if cells:
            rows[cells[0].strip()] = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", row))).strip()
    return rows


def test_action_list_shows_the_marks_beside_the_rating_and_the_due_date(client, bea, plan, periods, marked):
    client.force_login(bea)

    rows = row_texts(
        client.get(
            f"{reverse('actions:action-list')}?plan={plan.pk}&period={periods[SUMMER].pk}"
        ).content.decode()
    )

    assert rows["1.1.a"].endswith("Red Unconfirmed")
    assert rows["1.1.b"].endswith("Green Carried forward")
    assert "31 Oct 2026 Re-baselined from 31 Jul 2026 Amber Unconfirmed" in rows["1.1.c"]
    assert rows["1.1.d"].endswith("No update")
    assert "1 Mar 2026 Overdue Re-baselined from 1 Apr 2026" in rows["1.1.e"]  # moved earlier: re-baselined


def test_plan_page_shows_the_marks_of_each_latest_statement(client, bea, plan, periods, marked):
    client.force_login(bea)

    rows = row_texts(client.get(f"{plan.get_absolute_url()}?priority=all").content.decode())

    assert rows["1.1.a"].endswith("Red Unconfirmed")
    assert rows["1.1.b"].endswith("Green Carried forward")
    # The latest statement is Spring's, carried forward in Spring and awaiting confirmation.
    assert rows["1.1.c"].endswith("Amber Unconfirmed Carried forward")
    assert "Re-baselined from 31 Jul 2026" in rows["1.1.c"]
    assert rows["1.1.d"].endswith("No update")
    assert "Unconfirmed" not in rows["1.1.d"]
