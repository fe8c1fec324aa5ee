"""seed_scale: one synthetic plan of any size, with realistic RAG movement and full history."""

import datetime
import io
import re
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from actions.cycle.models import PositionStatement, Rag, ReportingPeriod, actions_with_status
from actions.devdata.scale import scale_plan_seed, statements_in_period
from actions.plans.models import Action, Objective, Plan, Priority
from partners.models import Partner, Person

TODAY = datetime.date(2026, 3, 15)  # in the spring term
ACTIONS, PERIODS = 60, 4


@pytest.fixture
def plan(db) -> Plan:
    return scale_plan_seed(actions=ACTIONS, periods=PERIODS, seed=1, today=TODAY)


def ratings_by_action(plan: Plan) -> dict[int, list[tuple[int, str]]]:
    """Action id -> [(period index, rating)], oldest period first."""
    index = {pk: i for i, pk in enumerate(plan.periods.order_by("as_at").values_list("pk", flat=True))}
    out = defaultdict(list)
    for action_id, period_id, rag in PositionStatement.objects.filter(period__plan=plan).values_list(
        "action_id", "period_id", "rag"
    ):
        out[action_id].append((index[period_id], rag))
    return {pk: sorted(rows) for pk, rows in out.items()}


def created_on(action: Action) -> datetime.date:
    return timezone.localtime(action.created_at).date()


# ---------------------------------------------------------------------------------------------------
def test_plan_has_the_size_asked_for(plan):
    assert Priority.objects.filter(plan=plan).count() == 8
    per_priority = [p.objectives.count() for p in Priority.objects.filter(plan=plan)]
    assert all(4 <= n <= 6 for n in per_priority)
    assert Objective.objects.filter(priority__plan=plan).count() == sum(per_priority)
    assert Action.objects.for_plan(plan).count() == ACTIONS
    assert all(o.actions.exists() for o in Objective.objects.filter(priority__plan=plan))
    assert 30 <= Partner.objects.count() <= 60
    assert Person.objects.count() == 120


def test_periods_are_consecutive_terms_ending_with_the_open_one_containing_today(plan):
    periods = list(plan.periods.order_by("as_at"))
    assert [p.name for p in periods] == [
        "Spring term 2025",
        "Summer term 2025",
        "Autumn term 2025",
        "Spring term 2026",
    ]
    assert [p.as_at for p in periods] == [
        datetime.date(2025, 3, 31),
        datetime.date(2025, 7, 31),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 3, 31),
    ]
    assert [p.state for p in periods] == ["published", "published", "closed", "open"]
    assert ReportingPeriod.objects.filter(plan=plan).open().count() == 1
    assert plan.start_date == datetime.date(2025, 1, 1)  # the first term's start


def test_statement_count_follows_the_formula(plan):
    """Past periods: every action existing at the as-at date, less 2% (rounded); open period: 40%."""
    actions = list(Action.objects.for_plan(plan))
    periods = list(plan.periods.order_by("as_at"))
    expected = 0
    for period in periods:
        existing = sum(1 for a in actions if created_on(a) <= period.as_at)
        written = PositionStatement.objects.filter(period=period).count()
        if period.is_open:
            assert written == round(existing * 0.40)
        else:
            assert written == existing - round(existing * 0.02)
        assert written == statements_in_period(existing, is_open=period.is_open)
        expected += written
    # 57 actions in the first period(s), 60 by the end (3 added later), one missing per past period.
    assert PositionStatement.objects.filter(period__plan=plan).count() == expected
    assert expected < PERIODS * ACTIONS


def test_no_statement_predates_its_action(plan):
    for statement in PositionStatement.objects.filter(period__plan=plan).select_related("action", "period"):
        assert created_on(statement.action) <= statement.period.as_at


def test_actions_exist_from_the_plan_start_and_a_few_were_added_later(plan):
    start = timezone.make_aware(datetime.datetime.combine(plan.start_date, datetime.time(9)))
    actions = list(Action.objects.for_plan(plan))
    later = [a for a in actions if a.created_at != start]
    assert len(later) == 3  # 5% of 60
    periods = list(plan.periods.order_by("as_at"))
    for action in later:
        # Added between two as-at dates, never on one, and before the last.
        assert periods[0].as_at < created_on(action) < periods[-1].as_at
        assert created_on(action) not in {p.as_at for p in periods}
    first = periods[0]
    assert Action.objects.for_plan(plan).existing_at(first.as_at).count() == ACTIONS - 3
    assert Action.objects.for_plan(plan).existing_at(periods[-1].as_at).count() == ACTIONS
    # The history rows show the same creation date as the actions.
    history = dict(Action.history.filter(id__in=[a.pk for a in actions]).values_list("id", "created_at"))
    assert history == {a.pk: a.created_at for a in actions}


def test_refs_are_unique_and_numbered_as_plans_are(plan):
    refs = list(Action.objects.for_plan(plan).values_list("ref", "objective__ref"))
    assert len({ref for ref, _ in refs}) == ACTIONS
    for ref, objective_ref in refs:
        assert re.fullmatch(r"\d+\.\d+\.\d+", ref)
        assert ref.rsplit(".", 1)[0] == objective_ref


def test_every_action_has_leads_and_supporting_partners(plan):
    for action in Action.objects.for_plan(plan).prefetch_related(
        "lead_people", "lead_partners", "supporting_partners"
    ):
        assert 1 <= len(action.lead_people.all()) <= 2
        assert 1 <= len(action.lead_partners.all()) <= 2
        assert 1 <= len(action.supporting_partners.all()) <= 2
        assert not set(action.lead_partners.all()) & set(action.supporting_partners.all())
        if action.due_date:
            assert action.start_date <= action.due_date
        else:
            assert action.timeframe


def test_ratings_move_realistically(plan):
    by_action = ratings_by_action(plan)
    assert any(len({rag for _, rag in rows}) > 1 for rows in by_action.values())
    assert any(len({rag for _, rag in rows}) == 1 and len(rows) > 1 for rows in by_action.values())

    def red_streak(rows):
        return any(a == b == Rag.RED and j == i + 1 for (i, a), (j, b) in zip(rows, rows[1:], strict=False))

    assert any(red_streak(rows) for rows in by_action.values())
    all_ratings = {rag for rows in by_action.values() for _, rag in rows}
    assert {Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE} <= all_ratings


def test_blue_is_final_and_marks_the_action_complete(plan):
    by_action = ratings_by_action(plan)
    assert any(rag == Rag.BLUE for rows in by_action.values() for _, rag in rows)
    for rows in by_action.values():
        ratings = [rag for _, rag in rows]
        if Rag.BLUE in ratings:
            assert set(ratings[ratings.index(Rag.BLUE) :]) == {Rag.BLUE}
    for action in Action.objects.for_plan(plan):
        latest = by_action.get(action.pk, [(None, None)])[-1][1]
        assert (latest == Rag.BLUE) == (action.status == Action.Status.COMPLETE)


def test_some_actions_are_overdue_as_at_the_open_period(plan):
    open_period = plan.periods.get(state="open")
    overdue = (
        actions_with_status().for_plan(plan).with_rag_as_at(open_period.as_at).overdue(open_period.as_at)
    )
    assert overdue.exists()


def test_every_row_has_its_history(plan):
    statements = PositionStatement.objects.filter(period__plan=plan)
    history = PositionStatement.history.filter(id__in=statements.values("pk"))
    assert history.count() == statements.count()
    assert set(history.values_list("history_type", flat=True)) == {"+"}
    sample = statements.order_by("pk").first()
    record = PositionStatement.history.get(id=sample.pk)
    assert (record.rag, record.narrative, record.action_id, record.period_id) == (
        sample.rag,
        sample.narrative,
        sample.action_id,
        sample.period_id,
    )
    actions = Action.objects.for_plan(plan)
    assert Action.history.filter(id__in=actions.values("pk"), history_type="+").count() == ACTIONS
    assert Plan.history.filter(id=plan.pk).count() == 1
    assert ReportingPeriod.history.filter(plan_id=plan.pk).count() == PERIODS
    # The creation history row remembers the action's leads (the changes page reads these).
    action = actions.order_by("pk").first()
    created = action.history.get(history_type="+")
    assert {row.person_id for row in created.historicalaction_lead_people_set.all()} == set(
        action.lead_people.values_list("pk", flat=True)
    )


def test_seeding_again_reuses_partners_and_people(plan):
    partners, people = Partner.objects.count(), Person.objects.count()
    scale_plan_seed(actions=10, periods=2, seed=1, today=TODAY)
    assert (Partner.objects.count(), Person.objects.count()) == (partners, people)
    assert Plan.objects.count() == 2


def test_partners_are_reused_whatever_their_case(db):
    Partner.objects.create(name="send team")
    scale_plan_seed(actions=5, periods=1, seed=3, today=TODAY)
    assert Partner.objects.filter(name__iexact="SEND Team").count() == 1


def test_same_seed_same_plan(db):
    first = scale_plan_seed(actions=20, periods=3, seed=7, today=TODAY)
    second = scale_plan_seed(actions=20, periods=3, seed=7, today=TODAY)
    assert list(
        PositionStatement.objects.filter(period__plan=first).order_by("pk").values_list("rag", "narrative")
    ) == list(
        PositionStatement.objects.filter(period__plan=second).order_by("pk").values_list("rag", "narrative")
    )


def test_command_prints_a_summary(db):
    out = io.StringIO()
    call_command("seed_scale", "--actions", "12", "--periods", "3", "--title", "Big plan", stdout=out)
    text = out.getvalue()
    plan = Plan.objects.get(title="Big plan")
    assert f"Plan {plan.pk}: Big plan" in text
    assert re.search(r"^\s+actions:\s+12$", text, flags=re.MULTILINE)
    assert re.search(r"^\s+reporting periods:\s+3$", text, flags=re.MULTILINE)
    statements = PositionStatement.objects.filter(period__plan=plan).count()
    assert re.search(rf"^\s+position statements:\s+{statements}$", text, flags=re.MULTILINE)
    assert re.search(r"^\s+seconds:\s+\d+\.\d$", text, flags=re.MULTILINE)


def test_command_refuses_a_plan_of_no_actions(db):
    with pytest.raises(CommandError):
        call_command("seed_scale", "--actions", "0", stdout=io.StringIO())


def test_the_command_refreshes_the_planners_statistics_on_postgresql(db):
    """A bulk load leaves PostgreSQL taking the new tables for empty until autovacuum runs (never where
    it is off): the command runs ANALYZE, so the first pages read are planned on the real sizes."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: CI's second run")

    def estimated_statements() -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'actions_positionstatement'")
            return cursor.fetchone()[0]

    call_command("seed_scale", "--actions", "40", "--periods", "3", stdout=io.StringIO())

    assert estimated_statements() == PositionStatement.objects.count()
