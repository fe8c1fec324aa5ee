"""Plan revisions (actions/signals.py): every change bumps them, except inside `revisions_deferred()`."""

import pytest

from actions.plans.models import Plan
from actions.plans.revisions import plans_touch, revisions_deferred
from tests import factories as f


def revision(plan: Plan) -> int:
    return Plan.objects.values_list("revision", flat=True).get(pk=plan.pk)


def test_saving_an_action_bumps_its_plans_revision(action):
    plan = action.objective.priority.plan
    before = revision(plan)
    action.description = "Run termly SENCO network meetings"
    action.save()
    assert revision(plan) > before


def test_saves_and_link_changes_inside_revisions_deferred_bump_nothing(action, partner):
    plan = action.objective.priority.plan
    before = revision(plan)
    with revisions_deferred():
        action.description = "Run termly SENCO network meetings"
        action.save()
        action.lead_partners.add(partner)
        f.make_objective(action.objective.priority)
        f.make_person()  # a name alone would bump every plan
    assert revision(plan) == before
    plans_touch([plan.pk])  # what the writer does once it is done
    assert revision(plan) == before + 1


def test_revisions_are_bumped_again_after_the_block(action, partner):
    plan = action.objective.priority.plan
    with revisions_deferred():
        pass
    before = revision(plan)
    action.lead_partners.add(partner)
    assert revision(plan) == before + 1
    action.save()
    assert revision(plan) == before + 2


def test_revisions_are_bumped_again_after_an_exception_in_the_block(action):
    plan = action.objective.priority.plan
    with pytest.raises(RuntimeError), revisions_deferred():
        raise RuntimeError("the import failed")
    before = revision(plan)
    action.save()
    assert revision(plan) == before + 1


def test_revisions_deferred_can_be_nested(action):
    plan = action.objective.priority.plan
    before = revision(plan)
    with revisions_deferred():
        with revisions_deferred():
            action.save()
        action.save()  # still inside the outer block
    assert revision(plan) == before
    action.save()
    assert revision(plan) == before + 1


def settled(plan: Plan) -> int:
    return Plan.objects.values_list("settled_revision", flat=True).get(pk=plan.pk)


def test_a_statement_in_an_open_period_leaves_the_settled_revision(action, periods):
    """The termly rush of statements recomputes the open periods' figures only."""
    plan, summer = action.objective.priority.plan, periods[2]
    before, before_settled = revision(plan), settled(plan)

    statement = f.make_statement(action, summer)
    statement.narrative = "Changed"
    statement.save()
    statement.delete()

    assert revision(plan) == before + 3
    assert settled(plan) == before_settled


def test_a_statement_in_a_closed_period_bumps_both(action, periods):
    plan, spring = action.objective.priority.plan, periods[1]
    before, before_settled = revision(plan), settled(plan)

    statement = f.make_statement(action, spring)
    statement.delete()

    assert revision(plan) == before + 2
    assert settled(plan) == before_settled + 2


def test_moving_a_statement_from_a_closed_period_into_an_open_one_bumps_both(action, periods):
    plan, spring, summer = action.objective.priority.plan, periods[1], periods[2]
    statement = f.make_statement(action, spring)
    before_settled = settled(plan)

    statement.period = summer
    statement.save()

    assert settled(plan) == before_settled + 1


def test_anything_but_a_statement_bumps_both(action, periods):
    plan, summer = action.objective.priority.plan, periods[2]
    before, before_settled = revision(plan), settled(plan)

    summer.state = "closed"
    summer.save()
    action.save()
    plans_touch([plan.pk])

    assert revision(plan) == before + 3
    assert settled(plan) == before_settled + 3
