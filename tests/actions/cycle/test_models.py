"""The model layer: database constraints, the RAG/overdue/involving querysets, URLs and history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.cycle.models import PositionStatement, Rag, ReportingPeriod, actions_with_status, rag_label
from actions.cycle.selectors import action_detail
from actions.plans.access import is_involved
from actions.plans.models import Action, Objective, Plan, Priority
from actions.roles import OFFICER
from partners.models import Partner, Person
from tests import factories as f

D = datetime.date


# --- Position statements: the database enforces the rules, not just the forms ---------------


def test_database_allows_only_one_statement_per_action_per_period(action, periods):
    f.make_statement(action, periods[2], Rag.GREEN)

    with pytest.raises(IntegrityError), transaction.atomic():
        PositionStatement.objects.create(
            action=action, period=periods[2], rag=Rag.RED, narrative="A second one"
        )

    assert PositionStatement.objects.filter(action=action, period=periods[2]).count() == 1


def test_same_action_may_have_a_statement_in_each_period(action, periods):
    for period in periods:
        f.make_statement(action, period, Rag.AMBER)

    assert action.position_statements.count() == 3


def test_database_refuses_an_unknown_rag_rating(action, periods):
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionStatement.objects.create(
            action=action, period=periods[2], rag="purple", narrative="Going well"
        )

    assert not PositionStatement.objects.exists()


def test_database_refuses_an_empty_rag_rating(action, periods):
    with pytest.raises(IntegrityError), transaction.atomic():
        PositionStatement.objects.create(action=action, period=periods[2], rag="", narrative="Going well")


@pytest.mark.parametrize("rag", Rag.values)
def test_database_accepts_every_known_rag_rating(action, periods, rag):
    f.make_statement(action, periods[2], rag)

    assert PositionStatement.objects.get().rag == rag


def test_statement_in_a_published_period_does_not_validate(action, periods):
    statement = PositionStatement(action=action, period=periods[0], rag=Rag.GREEN, narrative="Too late")

    with pytest.raises(ValidationError) as excinfo:
        statement.full_clean()

    assert "locked" in excinfo.value.message_dict["period"][0]


def test_statement_in_a_period_of_another_plan_does_not_validate(action, periods):
    foreign = f.make_period(f.make_plan(), state="open")
    statement = PositionStatement(action=action, period=foreign, rag=Rag.GREEN, narrative="Wrong plan")

    with pytest.raises(ValidationError) as excinfo:
        statement.full_clean()

    assert "period" in excinfo.value.message_dict


def test_statement_in_an_open_or_closed_period_validates(action, periods):
    for period in periods[1:]:
        PositionStatement(action=action, period=period, rag=Rag.GREEN, narrative="Fine").full_clean()


# --- RAG "as at" a date ------------------------------------------------------------------


@pytest.fixture
def rated(action, periods):
    """The action: Red in autumn (31 Dec 2025), Amber in spring (31 Mar 2026), Green in summer (31 Jul)."""
    autumn, spring, summer = periods
    f.make_statement(action, autumn, Rag.RED)
    f.make_statement(action, spring, Rag.AMBER)
    f.make_statement(action, summer, Rag.GREEN)
    return action


def _rag_as_at(action, as_at):
    return actions_with_status().with_rag_as_at(as_at).get(pk=action.pk).current_rag


@pytest.mark.parametrize(
    ("as_at", "expected"),
    [
        (D(2025, 12, 30), None),  # before any statement
        (D(2025, 12, 31), Rag.RED),  # on the first period's date
        (D(2026, 2, 1), Rag.RED),  # between autumn and spring
        (D(2026, 3, 31), Rag.AMBER),
        (D(2026, 5, 1), Rag.AMBER),  # between spring and summer
        (D(2026, 7, 31), Rag.GREEN),
        (D(2030, 1, 1), Rag.GREEN),  # long after
        (None, Rag.GREEN),  # no date: the latest statement of all
    ],
)
def test_rag_as_at_is_the_latest_statement_on_or_before_the_date(rated, as_at, expected):
    assert _rag_as_at(rated, as_at) == expected


def test_rag_as_at_before_any_statement_reads_no_update(rated):
    action = actions_with_status().with_rag_as_at(D(2025, 1, 1)).get(pk=rated.pk)

    assert action.current_rag is None
    assert action.current_rag_as_at is None
    assert rag_label(action.current_rag) == "No update"


def test_rag_as_at_reports_the_date_of_the_statement_it_used(rated):
    action = actions_with_status().with_rag_as_at(D(2026, 5, 1)).get(pk=rated.pk)

    assert action.current_rag_as_at == D(2026, 3, 31)


def test_statement_in_a_later_period_is_ignored_for_an_earlier_as_at(action, periods):
    autumn, spring, summer = periods
    f.make_statement(action, autumn, Rag.AMBER)
    f.make_statement(action, summer, Rag.BLUE)

    assert _rag_as_at(action, spring.as_at) == Rag.AMBER
    assert _rag_as_at(action, None) == Rag.BLUE


def test_action_with_no_statement_has_no_rag_even_with_no_date(action, periods):
    assert _rag_as_at(action, None) is None


def test_rag_as_at_does_not_mix_up_actions(action, other_action, periods):
    f.make_statement(action, periods[0], Rag.RED)
    f.make_statement(other_action, periods[1], Rag.BLUE)

    rags = dict(actions_with_status().with_rag_as_at(None).values_list("pk", "current_rag"))

    assert rags == {action.pk: Rag.RED, other_action.pk: Rag.BLUE}


def test_rag_label_words():
    assert rag_label(None) == "No update"
    assert rag_label("") == "No update"
    assert rag_label("no_update") == "No update"
    assert rag_label(Rag.AMBER) == "Amber"
    assert rag_label(Rag.NOT_RATED) == "Not rated"


def test_every_rag_rating_has_a_definition():
    for rag in Rag:
        assert rag.definition.strip()


# --- Overdue ---------------------------------------------------------------------------


AS_AT = D(2026, 3, 31)


def _is_overdue(action, as_at=AS_AT):
    return actions_with_status().with_rag_as_at(as_at).with_overdue(as_at).get(pk=action.pk).is_overdue


def test_open_action_due_before_the_date_with_no_statement_is_overdue(action):
    action.due_date = D(2026, 1, 31)
    action.save()

    assert _is_overdue(action) is True


@pytest.mark.parametrize("rag", [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_RATED])
def test_open_action_due_before_the_date_and_not_rated_blue_is_overdue(action, periods, rag):
    action.due_date = D(2026, 1, 31)
    action.save()
    f.make_statement(action, periods[1], rag)

    assert _is_overdue(action) is True


def test_blue_rated_action_is_not_overdue(action, periods):
    action.due_date = D(2026, 1, 31)
    action.save()
    f.make_statement(action, periods[1], Rag.BLUE)

    assert _is_overdue(action) is False


def test_action_rated_blue_only_later_is_overdue_as_at_the_earlier_date(action, periods):
    action.due_date = D(2026, 1, 31)
    action.save()
    f.make_statement(action, periods[1], Rag.AMBER)
    f.make_statement(action, periods[2], Rag.BLUE)

    assert _is_overdue(action, periods[1].as_at) is True
    assert _is_overdue(action, periods[2].as_at) is False


@pytest.mark.parametrize("status", [Action.Status.COMPLETE, Action.Status.CLOSED, Action.Status.DROPPED])
def test_action_that_is_no_longer_open_is_not_overdue(action, status):
    action.due_date = D(2026, 1, 31)
    action.status = status
    action.save()

    assert _is_overdue(action) is False


def test_action_due_on_or_after_the_date_is_not_overdue(action):
    action.due_date = AS_AT
    action.save()
    assert _is_overdue(action) is False

    action.due_date = AS_AT + datetime.timedelta(days=1)
    action.save()
    assert _is_overdue(action) is False


def test_action_with_no_due_date_is_not_overdue(action):
    action.due_date = None
    action.timeframe = "Ongoing"
    action.save()

    assert _is_overdue(action) is False


def test_overdue_returns_only_overdue_actions(action, other_action, periods):
    complete = f.make_action(action.objective, due_date=D(2026, 1, 1), status=Action.Status.COMPLETE)
    blue = f.make_action(action.objective, due_date=D(2026, 1, 1))
    f.make_statement(blue, periods[1], Rag.BLUE)
    undated = f.make_action(action.objective, due_date=None)
    later = f.make_action(action.objective, due_date=D(2026, 12, 1))
    action.due_date = D(2026, 1, 1)
    action.save()
    other_action.due_date = D(2026, 2, 1)
    other_action.save()
    f.make_statement(other_action, periods[1], Rag.RED)

    overdue = set(actions_with_status().with_rag_as_at(AS_AT).overdue(AS_AT).values_list("pk", flat=True))

    assert overdue == {action.pk, other_action.pk}
    assert not overdue & {complete.pk, blue.pk, undated.pk, later.pk}


# --- Who is involved in an action ---------------------------------------------------------


@pytest.fixture
def cast(plan):
    """A person at one partner, and actions that involve them (or their partner) in every way."""
    priority = f.make_priority(plan)
    objective = f.make_objective(priority)
    team = f.make_partner(name="Health Visiting")
    elsewhere = f.make_partner(name="SENDIASS")
    person = f.make_person(name="Pat Partner", partner=team)
    colleague = f.make_person(name="Colleague Elsewhere", partner=elsewhere)
    return {
        "person": person,
        "colleague": colleague,
        "lead_person": f.make_action(objective, leads=[person]),
        "supporting_person": f.make_action(objective, supporting=[person]),
        "lead_partner": f.make_action(objective, lead_partners=[team]),
        "supporting_partner": f.make_action(objective, supporting_partners=[team]),
        "not_involved": f.make_action(
            objective, leads=[colleague], lead_partners=[elsewhere], supporting_partners=[elsewhere]
        ),
        "nobody": f.make_action(objective),
        "every_way": f.make_action(
            objective, leads=[person], supporting=[person], lead_partners=[team], supporting_partners=[team]
        ),
    }


@pytest.mark.parametrize("way", ["lead_person", "supporting_person", "lead_partner", "supporting_partner"])
def test_person_is_involved_in_an_action_through(cast, way):
    assert Action.objects.involving(cast["person"]).filter(pk=cast[way].pk).exists()


def test_person_is_involved_in_exactly_the_actions_they_or_their_partner_lead_or_support(cast):
    involved = list(Action.objects.involving(cast["person"]).values_list("pk", flat=True))

    expected = {
        cast[k].pk
        for k in ("lead_person", "supporting_person", "lead_partner", "supporting_partner", "every_way")
    }
    assert sorted(involved) == sorted(expected)


def test_action_involving_a_person_several_ways_is_listed_once(cast):
    qs = Action.objects.involving(cast["person"])

    assert qs.filter(pk=cast["every_way"].pk).count() == 1
    assert qs.count() == len(set(qs.values_list("pk", flat=True)))


def test_person_without_a_partner_is_involved_only_in_what_they_do_themselves(cast):
    loner = f.make_person(name="No Partner")
    mine = f.make_action(cast["nobody"].objective, supporting=[loner])

    assert list(Action.objects.involving(loner)) == [mine]


def test_nobody_is_involved_in_nothing(cast):
    assert not Action.objects.involving(None).exists()


def test_involving_combines_with_other_filters(cast):
    cast["lead_person"].is_archived = True
    cast["lead_person"].save()

    live = set(Action.objects.live().involving(cast["person"]).values_list("pk", flat=True))

    assert cast["lead_person"].pk not in live
    assert cast["supporting_person"].pk in live


# --- URLs ------------------------------------------------------------------------------


def test_plan_url_is_its_detail_page(plan):
    assert plan.get_absolute_url() == f"/plans/{plan.pk}/"


def test_action_url_is_its_detail_page(action):
    assert action.get_absolute_url() == f"/actions/{action.pk}/"


def test_action_live_and_for_plan(action, other_action):
    other_plan_action = f.make_action(f.make_objective(f.make_priority(f.make_plan())))
    other_action.is_archived = True
    other_action.save()

    assert list(Action.objects.for_plan(action.objective.priority.plan)) == [action, other_action]
    assert list(Action.objects.for_plan(action.objective.priority.plan).live()) == [action]
    assert other_plan_action not in Action.objects.for_plan(action.objective.priority.plan)


# --- History: nothing a user wrote is ever lost ------------------------------------------


def _create_and_update(model):
    plan = f.make_plan() if model is not Plan else None
    if model is Plan:
        obj = f.make_plan()
        obj.title = "Renamed plan"
    elif model is Priority:
        obj = f.make_priority(plan)
        obj.title = "Renamed priority"
    elif model is Objective:
        obj = f.make_objective(f.make_priority(plan))
        obj.title = "Renamed objective"
    elif model is Action:
        obj = Action.objects.create(objective=f.make_objective(f.make_priority(plan)), description="First")
        obj.description = "Second"
    elif model is ReportingPeriod:
        obj = f.make_period(plan)
        obj.state = ReportingPeriod.State.CLOSED
    elif model is PositionStatement:
        action = Action.objects.create(objective=f.make_objective(f.make_priority(plan)), description="Do it")
        obj = f.make_statement(action, f.make_period(plan), Rag.AMBER)
        obj.rag = Rag.RED
    elif model is Partner:
        obj = f.make_partner()
        obj.description = "Changed"
    elif model is Person:
        obj = f.make_person()
        obj.job_title = "Head of SEND"
    obj.save()
    return obj


@pytest.mark.parametrize(
    "model",
    [Plan, Priority, Objective, Action, ReportingPeriod, PositionStatement, Partner, Person],
    ids=lambda m: m.__name__,
)
def test_every_model_keeps_its_history(db, model):
    obj = _create_and_update(model)

    history = list(obj.history.order_by("history_date", "history_id"))

    assert [h.history_type for h in history] == ["+", "~"]
    assert history[0].instance.pk == obj.pk


def test_earlier_version_is_readable_from_history(db):
    obj = _create_and_update(Action)

    first, second = obj.history.order_by("history_date", "history_id")

    assert first.description == "First"
    assert second.description == "Second"


def test_changing_an_actions_lead_people_records_a_history_snapshot(action, olivia_person):
    newcomer = f.make_person(name="Nia Newcomer")
    before = action.history.count()

    action.lead_people.add(newcomer)

    assert action.history.count() == before + 1
    latest = action.history.order_by("-history_date", "-history_id").first()
    assert {row.person_id for row in latest.lead_people.all()} == {olivia_person.pk, newcomer.pk}
    earlier = action.history.order_by("-history_date", "-history_id")[1]
    assert {row.person_id for row in earlier.lead_people.all()} == {olivia_person.pk}


@pytest.mark.parametrize("field", ["lead_partners", "supporting_people", "supporting_partners"])
def test_changing_an_actions_other_people_and_partners_records_history(action, field):
    target = f.make_partner() if field.endswith("partners") else f.make_person()
    before = action.history.count()

    getattr(action, field).add(target)

    assert action.history.count() == before + 1
    latest = action.history.order_by("-history_date", "-history_id").first()
    key = "partner_id" if field.endswith("partners") else "person_id"
    assert [getattr(row, key) for row in getattr(latest, field).all()] == [target.pk]


def test_deleting_a_statement_is_recorded_in_history(action, periods):
    statement = f.make_statement(action, periods[2], Rag.GREEN)
    pk = statement.pk

    statement.delete()

    assert [h.history_type for h in PositionStatement.history.filter(id=pk).order_by("history_date")] == [
        "+",
        "-",
    ]


@pytest.mark.parametrize(
    "key",
    [
        "lead_person",
        "supporting_person",
        "lead_partner",
        "supporting_partner",
        "every_way",
        "not_involved",
        "nobody",
    ],
)
def test_is_involved_answers_the_same_from_an_action_page_without_a_query(
    cast, key, django_assert_num_queries
):
    """The action page has the four relations prefetched: `is_involved` reads them, as the query would."""
    user = f.make_user("pat", OFFICER, person=cast["person"])
    expected = Action.objects.involving(cast["person"]).filter(pk=cast[key].pk).exists()
    action = action_detail(cast[key].pk).action
    assert is_involved(user, action) is expected
    with django_assert_num_queries(0):
        assert is_involved(user, action) is expected
