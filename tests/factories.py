"""Small builders for tests: a plan of any size in a handful of queries."""

import datetime
import itertools

from django.contrib.auth.models import Group, User
from django.utils import timezone

from actions.models import Action, Objective, Plan, PositionStatement, Priority, Rag, ReportingPeriod
from partners.models import Partner, Person

_seq = itertools.count(1)


def make_partner(**overrides) -> Partner:
    fields = {"name": f"Partner {next(_seq)}", "kind": Partner.Kind.LOCAL_AUTHORITY, **overrides}
    return Partner.objects.create(**fields)


def make_person(**overrides) -> Person:
    fields = {"name": f"Person {next(_seq)}", "job_title": "SEND officer", **overrides}
    return Person.objects.create(**fields)


def make_user(username: str, group: str | None = None, *, person: Person | None = None, **extra) -> User:
    user = User.objects.create_user(username=username, password="correct-horse-battery", **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    if person is not None:
        person.user = user
        person.save()
    return user


def make_plan(**overrides) -> Plan:
    fields = {
        "title": f"SEND Action Plan {next(_seq)}",
        "local_area": "Exampleshire",
        "start_date": datetime.date(2025, 9, 1),
        "end_date": datetime.date(2028, 8, 31),
        **overrides,
    }
    return Plan.objects.create(**fields)


def make_priority(plan: Plan, **overrides) -> Priority:
    n = next(_seq)
    return Priority.objects.create(
        plan=plan, **{"ref": str(n), "title": f"Priority {n}", "order": n, **overrides}
    )


def make_objective(priority: Priority, **overrides) -> Objective:
    n = next(_seq)
    return Objective.objects.create(
        priority=priority,
        **{"ref": f"{priority.ref}.{n}", "title": f"Objective {n}", "order": n, **overrides},
    )


def make_action(
    objective: Objective, *, leads=(), lead_partners=(), supporting=(), supporting_partners=(), **overrides
):
    n = next(_seq)
    fields = {
        "ref": f"{objective.ref}.{n}",
        "description": f"Action {n}: do the thing",
        "order": n,
        **overrides,
    }
    added = fields.pop("created_at", None)
    action = Action.objects.create(objective=objective, **fields)
    # Actions join the plan at its start unless a test says otherwise (dashboards count by this date).
    action.created_at = added or _plan_start(objective.priority.plan)
    Action.objects.filter(pk=action.pk).update(created_at=action.created_at)
    action.lead_people.set(leads)
    action.lead_partners.set(lead_partners)
    action.supporting_people.set(supporting)
    action.supporting_partners.set(supporting_partners)
    return action


def _plan_start(plan: Plan) -> datetime.datetime:
    start = plan.start_date or datetime.date(2025, 9, 1)
    return timezone.make_aware(datetime.datetime.combine(start, datetime.time(9)))


def make_period(plan: Plan, **overrides) -> ReportingPeriod:
    n = next(_seq)
    fields = {
        "name": f"Term {n}",
        "as_at": datetime.date(2026, 3, 31),
        "state": ReportingPeriod.State.OPEN,
        **overrides,
    }
    return ReportingPeriod.objects.create(plan=plan, **fields)


def make_statement(
    action: Action, period: ReportingPeriod, rag: str = Rag.GREEN, **overrides
) -> PositionStatement:
    fields = {"narrative": f"Progress on {action.ref}.", **overrides}
    return PositionStatement.objects.create(action=action, period=period, rag=rag, **fields)


def make_large_plan(
    n_actions: int, *, lead: Person | None = None, periods: int = 3
) -> tuple[Plan, list[Action]]:
    """A plan of `n_actions` spread over 4 priorities x 5 objectives, with statements in each period.

    Built with bulk_create, so 500 actions cost a few queries; leads and supporting partners on every
    action, so pages that show them must prefetch.
    """
    plan = make_plan()
    partner = make_partner()
    lead = lead or make_person(partner=partner)
    priorities = Priority.objects.bulk_create(
        Priority(plan=plan, ref=str(i + 1), title=f"Priority {i + 1}", order=i) for i in range(4)
    )
    objectives = Objective.objects.bulk_create(
        Objective(priority=p, ref=f"{p.ref}.{j + 1}", title=f"Objective {p.ref}.{j + 1}", order=j)
        for p in priorities
        for j in range(5)
    )
    actions = Action.objects.bulk_create(
        Action(
            objective=objectives[i % len(objectives)],
            ref=f"{objectives[i % len(objectives)].ref}.{i + 1}",
            description=f"Action number {i + 1}",
            due_date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 400),
            order=i,
        )
        for i in range(n_actions)
    )
    Action.objects.filter(pk__in=[a.pk for a in actions]).update(created_at=_plan_start(plan))
    Action.lead_people.through.objects.bulk_create(
        Action.lead_people.through(action=a, person=lead) for a in actions
    )
    Action.lead_partners.through.objects.bulk_create(
        Action.lead_partners.through(action=a, partner=partner) for a in actions
    )
    Action.supporting_partners.through.objects.bulk_create(
        Action.supporting_partners.through(action=a, partner=partner) for a in actions
    )
    rags = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE, Rag.NOT_RATED]
    for k in range(periods):
        period = ReportingPeriod.objects.create(
            plan=plan,
            name=f"Term {k + 1}",
            as_at=datetime.date(2025, 12, 31) + datetime.timedelta(days=120 * k),
            state=ReportingPeriod.State.OPEN if k == periods - 1 else ReportingPeriod.State.PUBLISHED,
        )
        PositionStatement.objects.bulk_create(
            PositionStatement(
                action=a, period=period, rag=rags[(i + k) % len(rags)], narrative=f"Update {k} on {a.ref}"
            )
            for i, a in enumerate(actions)
            if (i + k) % 7
        )
    return plan, actions
