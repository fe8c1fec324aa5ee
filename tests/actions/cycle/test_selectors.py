"""Reads: the plan tree, the filtered action list, an action's timeline and changes, my actions."""

import datetime
from collections import Counter

import pytest
from django.http import QueryDict
from django.urls import reverse

from actions.cycle import selectors, services
from actions.cycle.models import PositionStatement, Rag, ReportingPeriod
from actions.plans.models import Action
from tests import factories as f

D = datetime.date
TODAY = D(2026, 4, 15)


# --- Plan detail -------------------------------------------------------------------------


@pytest.fixture
def tree(plan, periods):
    """Two priorities and objectives created out of order, so only `order` can sort them."""
    p2 = f.make_priority(plan, ref="2", title="Preparing for adulthood", order=2)
    p1 = f.make_priority(plan, ref="1", title="Inclusive education", order=1)
    o12 = f.make_objective(p1, ref="1.2", order=2)
    o11 = f.make_objective(p1, ref="1.1", order=1)
    o21 = f.make_objective(p2, ref="2.1", order=1)
    a112 = f.make_action(o11, ref="1.1.b", order=2, due_date=D(2026, 1, 31))
    a111 = f.make_action(o11, ref="1.1.a", order=1, due_date=D(2026, 9, 1))
    a121 = f.make_action(o12, ref="1.2.a", order=1, due_date=D(2026, 1, 31))
    archived = f.make_action(o12, ref="1.2.z", order=9, is_archived=True)
    a211 = f.make_action(o21, ref="2.1.a", order=1)
    f.make_statement(a111, periods[0], Rag.RED)
    f.make_statement(a111, periods[1], Rag.GREEN)
    f.make_statement(a121, periods[1], Rag.BLUE)
    f.make_statement(a112, periods[0], Rag.AMBER)
    return {
        "p1": p1,
        "p2": p2,
        "o11": o11,
        "o12": o12,
        "o21": o21,
        "a111": a111,
        "a112": a112,
        "a121": a121,
        "a211": a211,
        "archived": archived,
    }


def shape(page) -> list:
    """(priority ref, [(objective ref, [action refs])]) for what the page shows."""
    return [(p.ref, [(o.ref, [a.ref for a in o.actions]) for o in p.objectives]) for p in page.priorities]


def test_plan_detail_lists_every_priority_collapsed_with_its_counts(plan, tree):
    page = selectors.plan_detail(plan, today=TODAY)

    assert shape(page) == [("1", []), ("2", [])]
    first, second = page.priorities
    assert (first.objective_count, first.action_count, first.overdue) == (2, 3, 1)
    assert [(r.key, r.count) for r in first.rag] == [("amber", 1), ("green", 1), ("blue", 1)]
    assert (second.objective_count, second.action_count, second.overdue) == (1, 1, 0)
    assert [(r.word, r.count) for r in second.rag] == [("No update", 1)]
    assert not any(p.is_open for p in page.priorities)
    assert page.page_obj is None


def test_plan_detail_counts_link_to_exactly_those_actions(plan, tree):
    page = selectors.plan_detail(plan, today=TODAY)

    first = page.priorities[0]
    list_url = reverse("actions:action-list")
    base = f"plan={plan.pk}&priority={first.pk}"
    assert first.actions_url == f"{list_url}?{base}"
    assert first.overdue_url == f"{list_url}?{base}&overdue=true"
    assert first.rag[0].url == f"{list_url}?{base}&rag=amber"
    assert first.show_url == f"{plan.get_absolute_url()}?priority={first.pk}#priority-{first.pk}"
    assert first.hide_url == f"{plan.get_absolute_url()}#priority-{first.pk}"


def test_plan_detail_opens_one_priority_with_its_tree_in_order(plan, tree):
    page = selectors.plan_detail(plan, opened=tree["p1"].pk, today=TODAY)

    assert shape(page) == [("1", [("1.1", ["1.1.a", "1.1.b"]), ("1.2", ["1.2.a"])]), ("2", [])]
    assert [p.is_open for p in page.priorities] == [True, False]
    assert page.open_priority == page.priorities[0]
    assert page.page_obj is not None and not page.page_obj.has_other_pages()


def test_plan_detail_actions_carry_their_latest_rag_and_overdue_flag(plan, tree):
    page = selectors.plan_detail(plan, opened=selectors.OPEN_ALL, today=TODAY)

    actions = {a.ref: a for p in page.priorities for o in p.objectives for a in o.actions}
    assert {ref: a.rag for ref, a in actions.items()} == {
        "1.1.a": Rag.GREEN,
        "1.1.b": Rag.AMBER,
        "1.2.a": Rag.BLUE,
        "2.1.a": None,
    }
    # 1.1.b: due 31 Jan, open, Amber → overdue; 1.2.a: due 31 Jan but Blue → not;
    # 1.1.a: due later; 2.1.a: no due date.
    assert {ref: a.is_overdue for ref, a in actions.items()} == {
        "1.1.a": False,
        "1.1.b": True,
        "1.2.a": False,
        "2.1.a": False,
    }
    assert actions["1.1.a"].url == tree["a111"].get_absolute_url()


def test_plan_detail_counts_the_rating_as_the_open_priority_shows_it(plan, tree):
    """The priority's counts and its actions' rows agree: both are the latest statement."""
    page = selectors.plan_detail(plan, opened=tree["p1"].pk, today=TODAY)

    first = page.priorities[0]
    shown = Counter(a.rag or "no_update" for o in first.objectives for a in o.actions)
    assert {r.key: r.count for r in first.rag} == shown
    assert first.overdue == sum(a.is_overdue for o in first.objectives for a in o.actions)


def test_plan_detail_leaves_out_archived_actions(plan, tree):
    page = selectors.plan_detail(plan, opened=selectors.OPEN_ALL, today=TODAY)

    refs = [a.ref for p in page.priorities for o in p.objectives for a in o.actions]
    assert "1.2.z" not in refs
    assert page.action_count == 4
    assert page.priorities[0].action_count == 3


def test_plan_detail_opens_every_priority_of_a_small_plan(plan, tree):
    page = selectors.plan_detail(plan, opened=selectors.OPEN_ALL, today=TODAY)

    assert page.all_open and page.can_open_all
    assert shape(page) == [
        ("1", [("1.1", ["1.1.a", "1.1.b"]), ("1.2", ["1.2.a"])]),
        ("2", [("2.1", ["2.1.a"])]),
    ]
    assert page.open_priority is None
    assert page.page_obj is None


def test_plan_detail_keeps_a_big_plan_collapsed_when_asked_to_open_everything(olivia_person):
    plan, _actions = f.make_large_plan(selectors.OPEN_ALL_LIMIT + 1, lead=olivia_person)

    page = selectors.plan_detail(plan, opened=selectors.OPEN_ALL, today=TODAY)

    assert not page.can_open_all
    assert not page.all_open
    assert not any(p.is_open for p in page.priorities)


def test_plan_detail_refuses_a_priority_of_another_plan(plan, tree):
    elsewhere = f.make_priority(f.make_plan(), ref="1")

    with pytest.raises(selectors.NoSuchPriority):
        selectors.plan_detail(plan, opened=elsewhere.pk, today=TODAY)


def test_plan_detail_knows_the_open_and_latest_periods(plan, tree, periods):
    page = selectors.plan_detail(plan, today=TODAY)

    assert page.open_period == selectors.PlanPeriod.of(periods[2])
    assert page.latest_period == selectors.PlanPeriod.of(periods[2])
    assert page.plan_pk == plan.pk


def test_plan_detail_shows_only_its_own_plan(plan, tree):
    f.make_action(f.make_objective(f.make_priority(f.make_plan(), ref="1")), ref="X")

    page = selectors.plan_detail(plan, today=TODAY)

    assert [p.ref for p in page.priorities] == ["1", "2"]
    assert page.action_count == 4


def test_plan_detail_of_an_empty_plan(db):
    empty = f.make_plan()

    page = selectors.plan_detail(empty, opened=selectors.OPEN_ALL, today=TODAY)

    assert page.priorities == []
    assert page.open_period is None
    assert page.latest_period is None
    assert page.action_count == 0
    assert not page.can_open_all


# --- Plan detail: an open priority a page at a time ---------------------------------------


@pytest.fixture
def long_priority(plan):
    """Priority 1: objective 1.1 with 150 actions, 1.2 with none, 1.3 with 60; priority 2 with one."""
    p1 = f.make_priority(plan, ref="1", order=1)
    p2 = f.make_priority(plan, ref="2", order=2)
    o11, o12, o13 = (f.make_objective(p1, ref=f"1.{i}", order=i) for i in (1, 2, 3))
    Action.objects.bulk_create(
        [Action(objective=o11, ref=f"1.1.{i:03}", description=f"A{i}", order=i) for i in range(150)]
        + [Action(objective=o13, ref=f"1.3.{i:03}", description=f"C{i}", order=i) for i in range(60)]
    )
    f.make_action(f.make_objective(p2, ref="2.1"), ref="2.1.a")
    return p1


def page_of(plan, priority, number):
    page = selectors.plan_detail(plan, opened=priority.pk, page_number=number, today=TODAY)
    (open_priority,) = [p for p in page.priorities if p.is_open]
    return page, [(o.ref, len(o.actions), o.continued, o.continues) for o in open_priority.objectives]


def test_an_open_priority_shows_its_actions_a_page_at_a_time(plan, long_priority):
    page, objectives = page_of(plan, long_priority, 1)
    assert objectives == [("1.1", 100, False, True)]
    assert (page.page_obj.number, page.page_obj.paginator.num_pages, page.open_total) == (1, 3, 210)

    # The objective without actions shows where its place falls, between 1.1's last and 1.3's first.
    _page, objectives = page_of(plan, long_priority, 2)
    assert objectives == [("1.1", 50, True, False), ("1.2", 0, False, False), ("1.3", 50, False, True)]

    page, objectives = page_of(plan, long_priority, 3)
    assert objectives == [("1.3", 10, True, False)]
    refs = [a.ref for o in page.priorities[0].objectives for a in o.actions]
    assert refs == [f"1.3.{i:03}" for i in range(50, 60)]


@pytest.mark.parametrize(("asked", "shown"), [("0", 1), ("abc", 1), ("", 1), (None, 1), ("99", 3), (2, 2)])
def test_an_open_priority_turns_a_page_number_out_of_range_into_a_real_page(
    plan, long_priority, asked, shown
):
    page = selectors.plan_detail(plan, opened=long_priority.pk, page_number=asked, today=TODAY)

    assert page.page_obj.number == shown


def test_an_open_priority_without_actions_lists_its_objectives(plan):
    priority = f.make_priority(plan, ref="1")
    f.make_objective(priority, ref="1.1")

    page = selectors.plan_detail(plan, opened=priority.pk, today=TODAY)

    assert [(o.ref, o.actions) for o in page.priorities[0].objectives] == [("1.1", [])]


# --- Action list -------------------------------------------------------------------------


def params(**kwargs) -> QueryDict:
    qd = QueryDict(mutable=True)
    for key, value in kwargs.items():
        qd.setlist(key, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    return qd


def listed(**kwargs) -> list[str]:
    page = selectors.action_list(params(**kwargs), today=TODAY)
    assert page.filterset.is_valid(), page.filterset.errors
    return [a.ref for a in page.actions]


@pytest.fixture
def world(plan, periods):
    """Two plans. In `plan`: actions with different leads, partners, RAGs, due dates and statuses."""
    autumn, spring, summer = periods
    health = f.make_partner(name="Health")
    school = f.make_partner(name="Oak Academy")
    pat = f.make_person(name="Pat Lead", partner=health)
    sam = f.make_person(name="Sam Lead")
    p1 = f.make_priority(plan, ref="1", order=1)
    p2 = f.make_priority(plan, ref="2", order=2)
    o11 = f.make_objective(p1, ref="1.1", order=1)
    o12 = f.make_objective(p1, ref="1.2", order=2)
    o21 = f.make_objective(p2, ref="2.1", order=1)
    a = {
        "A": f.make_action(
            o11,
            ref="A",
            order=1,
            description="Train SENCOs in autism awareness",
            leads=[pat],
            due_date=D(2026, 1, 31),
        ),
        "B": f.make_action(
            o11,
            ref="B",
            order=2,
            description="Review the EHCP template",
            leads=[sam],
            lead_partners=[health],
            due_date=D(2026, 6, 30),
        ),
        "C": f.make_action(
            o12,
            ref="C",
            order=1,
            description="Publish the Local Offer",
            supporting_partners=[health],
            due_date=D(2026, 3, 31),
            status=Action.Status.COMPLETE,
        ),
        "D": f.make_action(
            o21,
            ref="D",
            order=1,
            description="Commission autism assessments",
            leads=[pat, sam],
            supporting_partners=[school],
            due_date=None,
            timeframe="Ongoing",
        ),
        "E": f.make_action(o21, ref="E", order=2, description="Audit transport", due_date=D(2025, 11, 30)),
    }
    f.make_action(
        o21, ref="ZZ", order=3, description="Archived work on autism", leads=[pat], is_archived=True
    )
    f.make_statement(a["A"], autumn, Rag.RED)
    f.make_statement(a["A"], spring, Rag.GREEN)
    f.make_statement(a["B"], spring, Rag.AMBER)
    f.make_statement(a["C"], spring, Rag.BLUE)
    f.make_statement(a["E"], autumn, Rag.BLUE)
    f.make_statement(a["E"], summer, Rag.RED)
    other_plan = f.make_plan(title="Zeta plan")
    other = f.make_action(
        f.make_objective(f.make_priority(other_plan, ref="1"), ref="1.1"),
        ref="OTHER",
        description="Another area's autism action",
        leads=[pat],
    )
    return {
        "actions": a,
        "other": other,
        "other_plan": other_plan,
        "p1": p1,
        "p2": p2,
        "o11": o11,
        "o12": o12,
        "o21": o21,
        "pat": pat,
        "sam": sam,
        "health": health,
        "school": school,
    }


def test_action_list_without_filters_shows_every_live_action_in_order(world):
    assert listed() == ["A", "B", "C", "D", "E", "OTHER"]


def test_action_list_filters_by_plan(plan, world):
    assert listed(plan=plan.pk) == ["A", "B", "C", "D", "E"]
    assert listed(plan=world["other_plan"].pk) == ["OTHER"]


def test_action_list_filters_by_priority(world):
    assert listed(priority=world["p1"].pk) == ["A", "B", "C"]
    assert listed(priority=world["p2"].pk) == ["D", "E"]


def test_action_list_filters_by_objective(world):
    assert listed(objective=world["o11"].pk) == ["A", "B"]
    assert listed(objective=world["o12"].pk) == ["C"]


def test_action_list_filters_by_lead_person(world):
    assert listed(lead=world["pat"].pk) == ["A", "D", "OTHER"]
    assert listed(lead=world["sam"].pk) == ["B", "D"]


def test_action_list_filters_by_partner_leading_or_supporting(world):
    assert listed(partner=world["health"].pk) == ["B", "C"]
    assert listed(partner=world["school"].pk) == ["D"]


def test_action_list_partner_filter_lists_an_action_once_when_partner_both_leads_and_supports(world):
    world["actions"]["B"].supporting_partners.add(world["health"])

    assert listed(partner=world["health"].pk) == ["B", "C"]


def test_action_list_filters_by_rag(world):
    assert listed(rag="red") == ["E"]
    assert listed(rag="green") == ["A"]
    assert listed(rag=["amber", "blue"]) == ["B", "C"]


def test_action_list_filters_actions_with_no_update(world):
    assert listed(rag="no_update") == ["D", "OTHER"]
    assert listed(rag=["no_update", "red"]) == ["D", "E", "OTHER"]


def test_action_list_filters_by_overdue(world):
    # As at today (15 April 2026): A is due 31 Jan, open and Green → overdue; E is due Nov 2025 and now Red.
    assert listed(overdue="true") == ["A", "E"]
    assert listed(overdue="false") == ["B", "C", "D", "OTHER"]


def test_action_list_filters_by_due_date_range_inclusive(world):
    assert listed(due_after="2026-01-31") == ["A", "B", "C"]
    assert listed(due_before="2026-01-31") == ["A", "E"]
    assert listed(due_after="2026-02-01", due_before="2026-03-31") == ["C"]


def test_action_list_filters_by_status(world):
    assert listed(status="complete") == ["C"]
    assert listed(status="open") == ["A", "B", "D", "E", "OTHER"]


def test_action_list_searches_ref_and_description(world):
    assert listed(q="autism") == ["A", "D", "OTHER"]
    assert listed(q="AUTISM  ") == ["A", "D", "OTHER"]
    assert listed(q="ehcp") == ["B"]
    assert listed(q="nothing like this") == []


def test_action_list_search_matches_a_ref_exactly(world):
    Action.objects.filter(pk=world["actions"]["E"].pk).update(ref="4.2.k")

    assert listed(q="4.2.K") == ["4.2.k"]
    assert listed(q="4.2") == []


def test_action_list_combines_filters(plan, world):
    assert listed(plan=plan.pk, q="autism", lead=world["sam"].pk) == ["D"]


def test_action_list_rag_is_as_at_the_chosen_period(world, periods):
    autumn, spring, summer = periods

    page = selectors.action_list(params(period=autumn.pk), today=TODAY)
    rags = {a.ref: a.current_rag for a in page.actions}

    assert page.period == autumn
    assert page.as_at == autumn.as_at
    assert rags == {"A": Rag.RED, "B": None, "C": None, "D": None, "E": Rag.BLUE}


def test_action_red_in_one_period_and_green_in_the_next_shows_red_as_at_the_first(world, periods):
    autumn, spring, summer = periods

    assert listed(rag="red", period=autumn.pk) == ["A"]
    assert listed(rag="red", period=spring.pk) == []
    assert listed(rag="green", period=spring.pk) == ["A"]
    assert listed(rag="red") == ["E"]


def test_action_list_period_keeps_to_its_own_plan(world, periods):
    assert "OTHER" not in listed(period=periods[0].pk)


def test_action_list_overdue_is_as_at_the_chosen_period(world, periods):
    # As at 31 Dec 2025 only E (due 30 Nov 2025) had passed its due date, and it was then Blue.
    assert listed(overdue="true", period=periods[0].pk) == []
    # As at 31 Mar 2026, A (due 31 Jan) is Green and open → overdue; E was still Blue.
    assert listed(overdue="true", period=periods[1].pk) == ["A"]


@pytest.mark.parametrize(
    "bad",
    [
        {"plan": "abc"},
        {"due_after": "not-a-date"},
        {"rag": "purple"},
        {"period": "99999"},
        {"plan": "99999"},
        {"lead": "x"},
        {"status": "lost"},
    ],
)
def test_action_list_reports_an_invalid_filter_instead_of_failing(world, bad):
    page = selectors.action_list(params(**bad), today=TODAY)

    assert not page.filterset.is_valid()
    assert set(page.filterset.errors) == set(bad)
    list(page.actions)  # evaluating the list must not raise


# --- Action detail -----------------------------------------------------------------------


def test_action_detail_timeline_is_newest_first(action, periods):
    autumn, spring, summer = periods
    f.make_statement(action, spring, Rag.AMBER)
    f.make_statement(action, summer, Rag.GREEN)
    f.make_statement(action, autumn, Rag.RED)

    page = selectors.action_detail(action.pk, today=TODAY)

    assert [s.period for s in page.statements] == [summer, spring, autumn]
    assert page.current.period == summer
    assert page.action.current_rag == Rag.GREEN
    assert set(page.statement_for_period) == {autumn.pk, spring.pk, summer.pk}
    assert page.open_periods == [summer]
    assert page.plan == action.objective.priority.plan


def test_action_detail_with_no_statements(action, periods):
    page = selectors.action_detail(action.pk, today=TODAY)

    assert page.statements == []
    assert page.current is None
    assert page.action.current_rag is None


def test_action_detail_knows_when_the_action_is_overdue(action, periods):
    action.due_date = D(2026, 1, 1)
    action.save()

    assert selectors.action_detail(action.pk, today=TODAY).is_overdue is True
    assert selectors.action_detail(action.pk, today=D(2025, 12, 1)).is_overdue is False


# --- Action changes ----------------------------------------------------------------------


def _changes(entries, what):
    return [e for e in entries if e.what == what]


def test_action_changes_reports_a_changed_due_date_with_before_and_after(action):
    action.due_date = D(2026, 1, 31)
    action.save()
    action.due_date = D(2026, 3, 31)
    action.save()

    entries = selectors.action_changes(action)

    latest = entries[0]
    assert latest.kind == "changed"
    assert [(c.field, c.old, c.new) for c in latest.changes] == [
        ("Due date", "31 January 2026", "31 March 2026")
    ]


def test_action_changes_reports_an_added_lead_person(action, olivia_person):
    action.lead_people.add(f.make_person(name="Nia Newcomer"))

    entries = selectors.action_changes(action)

    changes = [(c.field, c.old, c.new) for c in entries[0].changes]
    assert changes == [("Lead people", "Olivia Officer", "Nia Newcomer, Olivia Officer")]


def test_action_changes_reports_a_replaced_lead_person(action, olivia_person):
    # `.set()` (what the admin form does) removes then adds: simple-history keeps a snapshot of each
    # step, but the person made one change, so the page shows one.
    action.lead_people.set([f.make_person(name="Nia Newcomer")])

    entries = selectors.action_changes(action)

    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [
        ("Lead people", "Olivia Officer", "Nia Newcomer")
    ]
    assert not any(c.new == "(none)" for e in entries for c in e.changes)


def test_action_changes_reports_partner_changes(action):
    action.supporting_partners.add(f.make_partner(name="SENDIASS"))

    changes = [(c.field, c.old, c.new) for c in selectors.action_changes(action)[0].changes]

    assert changes == [("Supporting partners", "(none)", "SENDIASS")]


def test_action_changes_reports_a_changed_rag_rating_before_and_after(alice, action, periods):
    services.position_statement_record(
        user=alice, action=action, period=periods[2], rag=Rag.AMBER, narrative="Some slippage."
    )
    services.position_statement_record(
        user=alice, action=action, period=periods[2], rag=Rag.RED, narrative="Some slippage."
    )

    entries = _changes(selectors.action_changes(action), "Position statement, Summer term 2026")

    assert [e.kind for e in entries] == ["changed", "created"]
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [("RAG rating", "Amber", "Red")]
    assert ("RAG rating", "", "Amber") in [(c.field, c.old, c.new) for c in entries[1].changes]


def test_action_changes_name_who_recorded_a_statement_outside_a_request(olivia, action, periods):
    services.position_statement_record(
        user=olivia, action=action, period=periods[2], rag=Rag.GREEN, narrative="Recorded by an import."
    )

    entry = _changes(selectors.action_changes(action), "Position statement, Summer term 2026")[0]

    assert entry.who == "Olivia Officer"


def test_action_changes_reports_a_changed_narrative(olivia, action, periods):
    services.position_statement_record(
        user=olivia, action=action, period=periods[2], rag=Rag.GREEN, narrative="First wording."
    )
    services.position_statement_record(
        user=olivia, action=action, period=periods[2], rag=Rag.GREEN, narrative="Second wording."
    )

    entry = _changes(selectors.action_changes(action), "Position statement, Summer term 2026")[0]

    assert [(c.field, c.old, c.new) for c in entry.changes] == [
        ("Narrative", "First wording.", "Second wording.")
    ]


def test_action_changes_are_newest_first_and_start_with_the_creation(action, periods):
    action.status = Action.Status.COMPLETE
    action.save()

    entries = selectors.action_changes(action)

    assert entries == sorted(entries, key=lambda e: e.when, reverse=True)
    assert entries[-1].kind == "created"
    assert [(c.field, c.old, c.new) for c in entries[0].changes] == [("Status", "Open", "Complete")]


def test_action_changes_ignore_saves_that_change_nothing(action):
    before = len(selectors.action_changes(action))
    action.save()

    assert len(selectors.action_changes(action)) == before


def test_action_changes_show_only_this_actions_statements(action, other_action, periods):
    f.make_statement(other_action, periods[2], Rag.RED)

    assert not [e for e in selectors.action_changes(action) if e.what.startswith("Position statement")]


# --- My actions --------------------------------------------------------------------------


def test_my_actions_groups_by_plan_and_counts_done_and_to_do(
    olivia_person, partner, action, other_action, periods
):
    open_period = periods[2]
    supported = f.make_action(action.objective, ref="1.1.c", supporting_partners=[partner])
    f.make_statement(action, open_period, Rag.GREEN)
    f.make_statement(supported, periods[1], Rag.GREEN)  # an earlier period does not count as done
    later_plan = f.make_plan(title="Zebra plan, nothing open")
    f.make_period(later_plan, state="published")
    elsewhere = f.make_action(f.make_objective(f.make_priority(later_plan)), leads=[olivia_person])
    f.make_action(action.objective, ref="1.1.z", leads=[olivia_person], is_archived=True)

    sections = selectors.my_actions(olivia_person, today=TODAY).sections

    assert [s.plan.title for s in sections] == ["Exampleshire SEND Action Plan", "Zebra plan, nothing open"]
    first, second = sections
    assert first.period == open_period
    assert [a.ref for a in first.actions] == ["1.1.a", "1.1.c"]
    assert (first.done, first.to_do) == (1, 1)
    assert {a.ref: a.has_open_statement for a in first.actions} == {"1.1.a": True, "1.1.c": False}
    assert second.period is None
    assert second.actions == [elsewhere]
    assert second.to_do == 0


def test_my_actions_of_someone_with_no_actions_is_empty(oscar):
    assert selectors.my_actions(oscar.person, today=TODAY).sections == []


def test_my_actions_of_no_person_is_empty(db):
    assert selectors.my_actions(None, today=TODAY).sections == []


def test_my_actions_with_no_periods_at_all(olivia_person, action):
    (section,) = selectors.my_actions(olivia_person, today=TODAY).sections

    assert section.period is None
    assert section.actions == [action]
    assert section.to_do == 0


def test_my_actions_uses_the_latest_open_period(olivia_person, action, plan, periods):
    ReportingPeriod.objects.filter(pk=periods[1].pk).update(state=ReportingPeriod.State.OPEN)
    f.make_statement(action, periods[1], Rag.GREEN)

    (section,) = selectors.my_actions(olivia_person, today=TODAY).sections

    assert section.period == periods[2]
    assert section.done == 0


def test_home_counts_the_officers_statements_still_to_do(olivia_person, action, other_action, periods):
    other_action.lead_people.add(olivia_person)
    f.make_statement(action, periods[2], Rag.GREEN)

    page = selectors.home(olivia_person, with_my_actions=True)

    assert page.my_to_do == 1
    assert page.open_periods == [periods[2]]
    assert [p.action_count for p in page.plans] == [2]


def test_plan_list_counts_live_actions_only(plan, action, other_action):
    other_action.is_archived = True
    other_action.save()
    empty = f.make_plan(title="Zero plan")

    counts = {p.pk: p.action_count for p in selectors.plan_list()}

    assert counts == {plan.pk: 1, empty.pk: 0}


def test_my_actions_come_fifty_a_page_with_counts_over_every_page(olivia_person, periods):
    plan, actions = f.make_large_plan(120, lead=olivia_person, periods=2)
    open_period = plan.periods.get(state="open")
    done = PositionStatement.objects.filter(period=open_period, action__in=actions).count()

    pages = [selectors.my_actions(olivia_person, page_number=n, today=TODAY) for n in (1, 2, 3)]

    assert [p.page_obj.number for p in pages] == [1, 2, 3]
    shown = [a.pk for p in pages for s in p.sections if s.plan == plan for a in s.actions]
    assert len(shown) == 120 and len(set(shown)) == 120
    assert [len(p.sections[-1].actions) for p in pages] == [50, 50, 20]
    section = next(s for s in pages[2].sections if s.plan == plan)
    assert (section.total, section.done, section.to_do) == (120, done, 120 - done)
    assert selectors.my_actions(olivia_person, page_number="x", today=TODAY).page_obj.number == 1


def test_the_officers_actions_are_listed_again_only_when_who_is_involved_in_what_changes(
    olivia, olivia_person, partner, action, other_action, periods, memory_cache
):
    """My actions and home list the officer's actions once (`_involved`), kept while statements arrive
    (their own included: the counts are read afresh) and listed again when someone is given an action,
    an action is archived or the officer's organisation changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_period = periods[2]

    def mine() -> tuple[list[str], int, bool]:
        with CaptureQueriesContext(connection) as queries:
            (section,) = selectors.my_actions(olivia_person, today=TODAY).sections
        listed = any("actions_action_lead_people" in q["sql"] for q in queries.captured_queries)
        return [a.ref for a in section.actions], section.done, listed

    assert mine() == (["1.1.a"], 0, True)
    services.position_statement_record(
        user=olivia, action=action, period=open_period, rag=Rag.GREEN, narrative="Done."
    )
    assert mine() == (["1.1.a"], 1, False), "a statement leaves the list cached, and counts"
    other_action.supporting_people.add(olivia_person)
    assert mine() == (["1.1.a", "1.1.b"], 1, True)
    other_action.is_archived = True
    other_action.save()
    assert mine() == (["1.1.a"], 1, True)
    elsewhere = f.make_partner(name="Elsewhere Trust")
    f.make_action(action.objective, ref="1.1.e", lead_partners=[elsewhere])
    assert mine()[0] == ["1.1.a"]
    olivia_person.partner = elsewhere
    olivia_person.save()
    assert mine()[0] == ["1.1.a", "1.1.e"]


def test_an_action_archived_since_the_officers_actions_were_listed_is_left_out(
    olivia_person, action, other_action, periods, memory_cache
):
    other_action.lead_people.add(olivia_person)
    selectors.my_actions(olivia_person, today=TODAY)
    Action.objects.filter(pk=other_action.pk).update(is_archived=True)  # no revision bumped

    (section,) = selectors.my_actions(olivia_person, today=TODAY).sections

    assert section.actions == [action]


def test_a_plan_made_between_my_actions_two_reads_is_left_out_not_an_error(
    olivia_person, action, periods, monkeypatch
):
    """The plans are read, then the officer's actions: a plan an import commits in between is not
    among the plans yet, and its actions show from the next read."""
    listed = selectors._involved

    def with_a_new_plan(person, plans):
        return [*listed(person, plans), (999_999, 999_999)]

    monkeypatch.setattr(selectors, "_involved", with_a_new_plan)

    (section,) = selectors.my_actions(olivia_person, today=TODAY).sections

    assert section.actions == [action] and section.total == 1


def test_an_action_moved_to_another_plan_since_the_list_was_made_is_left_out(
    olivia_person, action, other_action, periods, memory_cache
):
    other_action.lead_people.add(olivia_person)
    elsewhere = f.make_objective(f.make_priority(f.make_plan(title="Another plan")))
    selectors.my_actions(olivia_person, today=TODAY)
    Action.objects.filter(pk=other_action.pk).update(objective=elsewhere)  # no revision bumped

    (section,) = selectors.my_actions(olivia_person, today=TODAY).sections

    assert section.actions == [action]


def test_an_action_archived_between_the_lists_two_queries_is_left_out_not_an_error(world):
    """`ActionListPage.page` lists the matching ids, then reads the page's actions: one archived in
    between is no longer among the rows it reads, and the page shows the others."""
    page = selectors.action_list(params(), today=TODAY)
    ids = list(page.actions.values_list("pk", flat=True))
    page.built.rows = page.built.rows.exclude(pk=ids[0])  # as if archived after the ids were listed

    shown = page.page(1)

    assert [row.pk for row in shown] == ids[1:50]
