"""Small builders for tests: a plan of any size in a handful of queries."""

import datetime
import itertools

from django.contrib.auth.models import Group, User
from django.utils import timezone

from actions.cycle.models import PositionStatement, Rag, ReportingPeriod
from actions.plans.models import Action, Objective, Plan, Priority
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
    """A confirmed statement by default, like every statement written before the second key existed;
    pass confirmed_at=None for one awaiting confirmation."""
    fields = {
        "narrative": f"Progress on {action.ref}.",
        "proposed_rag": rag,
        "confirmed_at": timezone.now(),
        **overrides,
    }
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


def aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    """9 am (or `hour`) on `day`, local time: for an action's created_at."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


# The board plan's statements, by action ref: RAG in (Autumn, Spring, Summer); None = no statement.
BOARD_PLAN_STATEMENTS = {
    "1.1.a": (Rag.AMBER, Rag.RED, Rag.RED),  # Red two periods running in Summer
    "1.1.b": (Rag.GREEN, Rag.AMBER, Rag.RED),  # newly Red in Summer
    "1.1.c": (None, Rag.GREEN, Rag.AMBER),  # worsened in Summer
    "1.1.d": (Rag.RED, Rag.RED, Rag.GREEN),  # improved in Summer
    "1.2.a": (None, None, Rag.GREEN),  # new in Summer
    "1.2.b": (Rag.GREEN, Rag.GREEN, Rag.GREEN),  # unchanged
    "1.2.c": (Rag.GREEN, Rag.GREEN, Rag.BLUE),  # complete (Blue) though due before Summer
    "1.2.d": (None, Rag.AMBER, Rag.NOT_RATED),  # Not rated in Summer
    "1.3.a": (None, None, None),  # never updated, and overdue from Spring
    "1.3.b": (Rag.AMBER, Rag.AMBER, Rag.AMBER),  # overdue in Summer
    "1.3.c": (Rag.AMBER, Rag.GREEN, Rag.GREEN),  # status complete with a past due date
    "1.3.d": (None, None, Rag.RED),  # added to the plan after Spring
    "1.3.e": (Rag.AMBER, None, None),  # last statement in Autumn, carried over
    "2.1.a": (None, Rag.RED, Rag.RED),  # archived: never counted
}


def make_board_plan():
    """A small plan whose every dashboard figure is known by hand (see BOARD_PLAN_STATEMENTS).

    Periods: Autumn term 2025 (published), Spring term 2026 (closed), Summer term 2026 (open).
    Priority 1 holds 13 live actions; priority 2 holds only an archived one. Leads: Council, ICB and
    the Parent Carer Forum (partners); Pat, Sam and Kim (people). A second plan, led by the same
    people, must never leak into this plan's figures.
    """
    from types import SimpleNamespace

    plan = make_plan(title="Boardshire SEND Improvement Plan", local_area="Boardshire")
    periods = [
        make_period(plan, name="Autumn term 2025", as_at=datetime.date(2025, 12, 31), state="published"),
        make_period(plan, name="Spring term 2026", as_at=datetime.date(2026, 3, 31), state="closed"),
        make_period(plan, name="Summer term 2026", as_at=datetime.date(2026, 7, 31), state="open"),
    ]
    council = make_partner(name="Boardshire Council")
    icb = make_partner(name="Boardshire ICB", kind=Partner.Kind.HEALTH)
    forum = make_partner(name="Parent Carer Forum", kind=Partner.Kind.PARENT_CARER_FORUM)
    pat = make_person(name="Pat Lead", partner=council)
    sam = make_person(name="Sam Lead", partner=icb)
    kim = make_person(name="Kim Lead")
    priority_1 = make_priority(plan, ref="1", title="Inclusive education", order=1)
    priority_2 = make_priority(plan, ref="2", title="Preparing for adulthood", order=2)
    objectives = {
        "1.1": make_objective(priority_1, ref="1.1", order=1),
        "1.2": make_objective(priority_1, ref="1.2", order=2),
        "1.3": make_objective(priority_1, ref="1.3", order=3),
        "2.1": make_objective(priority_2, ref="2.1", order=1),
    }
    leads = {  # ref: (lead people, lead partners, extra fields)
        "1.1.a": ([pat, sam], [council, icb], {}),
        "1.1.b": ([pat], [council], {}),
        "1.1.c": ([sam], [icb], {}),
        "1.1.d": ([pat], [council], {}),
        "1.2.a": ([], [forum], {}),
        "1.2.b": ([kim], [], {}),
        "1.2.c": ([kim], [icb], {"due_date": datetime.date(2026, 6, 30)}),
        "1.2.d": ([sam], [icb], {}),
        "1.3.a": ([pat], [council], {"due_date": datetime.date(2026, 2, 1)}),
        "1.3.b": ([kim], [council], {"due_date": datetime.date(2026, 5, 1)}),
        "1.3.c": ([], [], {"due_date": datetime.date(2026, 1, 15), "status": Action.Status.COMPLETE}),
        "1.3.d": ([sam], [icb], {"created_at": aware(datetime.date(2026, 5, 1))}),
        "1.3.e": ([pat, kim], [council], {"timeframe": "Ongoing"}),
        "2.1.a": ([pat], [council], {"is_archived": True, "due_date": datetime.date(2026, 1, 1)}),
    }
    actions = {}
    for order, (ref, (people, partners, extra)) in enumerate(leads.items()):
        actions[ref] = make_action(
            objectives[ref.rsplit(".", 1)[0]],
            ref=ref,
            description=f"Board plan action {ref}",
            order=order,
            leads=people,
            lead_partners=partners,
            # Supporting someone is not leading: accountability must not count these.
            supporting=[kim] if ref == "1.1.b" else [],
            supporting_partners=[forum] if ref == "1.1.b" else [],
            **extra,
        )
        for period, rag in zip(periods, BOARD_PLAN_STATEMENTS[ref], strict=True):
            if rag is not None:
                make_statement(actions[ref], period, rag)

    other_plan = make_plan(title="Elsewhere SEND Plan")
    other_period = make_period(other_plan, name="Summer term 2026", as_at=datetime.date(2026, 7, 31))
    other_objective = make_objective(make_priority(other_plan, ref="1"), ref="1.1")
    stray = make_action(
        other_objective,
        ref="1.1.a",
        leads=[pat, sam, kim],
        lead_partners=[council, icb, forum],
        due_date=datetime.date(2026, 1, 1),
    )
    make_statement(stray, other_period, Rag.RED)

    return SimpleNamespace(
        plan=plan,
        periods=periods,
        priorities=[priority_1, priority_2],
        actions=actions,
        partners=SimpleNamespace(council=council, icb=icb, forum=forum),
        people=SimpleNamespace(pat=pat, sam=sam, kim=kim),
        other_plan=other_plan,
        other_period=other_period,
    )


# --- Packs ---------------------------------------------------------------------------------------

# Stand-ins for a published pack's files where a test needs a published pack but not a real render
# (access checks): publishing for real renders with WeasyPrint, which takes a second or more.
PLACEHOLDER_PDF = b"%PDF-1.7\n% placeholder pack, not rendered\n%%EOF\n"
PLACEHOLDER_XLSX = b"PK\x03\x04 placeholder pack, not rendered"


def make_pack(
    plan: Plan, period: ReportingPeriod, *, audience: str = "forum", state: str = "draft", **overrides
):
    """A pack in any state without rendering it. A published one gets placeholder files in MEDIA_ROOT,
    so set `settings.MEDIA_ROOT = tmp_path` in the test. Use reports.services to publish for real."""
    from django.core.files.base import ContentFile

    from reports.models import Pack
    from reports.packs import default_cover

    cover = default_cover(plan, period, audience)
    fields = {
        "title": cover.title,
        "purpose": cover.purpose,
        "context": cover.context,
        "recommendation": cover.recommendation,
        "state": state,
        **overrides,
    }
    priorities = fields.pop("priorities", ())
    pack = Pack(plan=plan, period=period, audience=audience, **fields)
    if state == Pack.State.PUBLISHED:
        pack.progress = 100
        pack.published_at = pack.published_at or timezone.now()
        pack.pdf.save(pack.file_name("pdf"), ContentFile(PLACEHOLDER_PDF), save=False)
        pack.xlsx.save(pack.file_name("xlsx"), ContentFile(PLACEHOLDER_XLSX), save=False)
    pack.save()
    pack.priorities.set(priorities)
    return pack
