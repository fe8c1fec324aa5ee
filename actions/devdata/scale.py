"""A synthetic plan of any size, for load tests and benchmarks: `scale_plan_seed(actions=5000, periods=12)`.

It builds one plan that looks like a real local area's, only much bigger:

- about 8 priorities of 4 to 6 objectives each, the actions spread unevenly across them, numbered as
  plans number them ("3.2.14"), with descriptions, success measures and task and finish groups drawn
  from word pools;
- 30 to 60 partners and 120 people (existing ones are reused by name), 1 or 2 lead people, lead
  partners and supporting partners on every action;
- `periods` consecutive terms ending with today's: the last open, the one before closed, the rest
  published;
- a position statement for (nearly) every action in every period, whose RAG rating follows a per-action
  Markov chain: ratings mostly stay, improve more often than they worsen, reds tend to persist, blue
  (complete) is final and more likely near the due date;
- every past rating confirmed (the second key) when its period closed; 30% of the open period's
  ratings still awaiting confirmation;
- 5% of actions added part-way through the plan (`created_at` in the middle), so that the rule "an
  action created after a period's as-at date is not counted in it" is exercised; the rest exist from
  the plan's start.

Everything is decided in Python first (deterministic for a seed and a day), then written with
`bulk_create` in batches inside one transaction. Every row gets its history row: plan items through
`bulk_create_with_history`, statements and many-to-many snapshots through the historical models'
own `bulk_create`.
"""

from __future__ import annotations

import calendar
import datetime
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.cycle.models import PositionStatement, Rag, ReportingPeriod
from actions.plans.models import Action, Objective, Plan, Priority
from partners.models import Partner, Person

from .demo import email_for, month_end, previous_term, term_as_at, term_of
from .scale_words import (
    AUDIENCES,
    FIRST_NAMES,
    JOB_TITLES,
    NARRATIVES,
    OBJECTIVE_TITLES,
    OUTCOMES,
    PARTNER_POOL,
    PRIORITY_TITLES,
    SUCCESS_MEASURES,
    SURNAMES,
    TASK_GROUPS,
    TIMEFRAMES,
    TOPICS,
    VERBS,
)

BATCH_SIZE = 2000
HISTORY_REASON = "Synthetic data made by seed_scale"

MISSING_SHARE = 0.02  # of the actions existing in a past period, those with no statement in it
OPEN_PERIOD_SHARE = 0.40  # of the actions existing in the open period, those already updated
NOT_RATED_SHARE = 0.03  # statements given without a rating (never once an action is complete)
ADDED_LATER_SHARE = 0.05  # actions added to the plan part-way through
CLOSED_SHARE = 0.01  # overdue actions the board closed without completing them
UNCONFIRMED_SHARE = 0.30  # of the open period's statements, those whose rating awaits confirmation
NO_DUE_DATE_SHARE = 0.05  # actions with a timeframe ("Termly") instead of a due date
PEOPLE = 120
PARTNERS = (30, 60)

TERM_START = {"Autumn": (9, 1), "Spring": (1, 1), "Summer": (4, 1)}


def statements_in_period(existing: int, *, is_open: bool) -> int:
    """Statements a period gets, from the number of actions existing at its as-at date.

    The formula the tests assert: a past period misses 2% (rounded), the open one has 40% so far.
    """
    if is_open:
        return round(existing * OPEN_PERIOD_SHARE)
    return existing - round(existing * MISSING_SHARE)


TERM_MONTHS = {"Autumn": (9, 10, 11, 12), "Spring": (1, 2, 3), "Summer": (4, 5, 6, 7)}

# Per-action Markov chain: weights of the next rating given the current one. Ratings mostly stay;
# improving is likelier than worsening; red is sticky (streaks). Blue is added separately, as it depends
# on how close the due date is, and it is final.
TRANSITIONS = {
    Rag.GREEN: {Rag.GREEN: 85, Rag.AMBER: 12, Rag.RED: 3},
    Rag.AMBER: {Rag.GREEN: 25, Rag.AMBER: 63, Rag.RED: 12},
    Rag.RED: {Rag.AMBER: 30, Rag.GREEN: 5, Rag.RED: 65},
}
# Once the due date has passed, an action not yet complete tends to slip (and recovers less often).
TRANSITIONS_OVERDUE = {
    Rag.GREEN: {Rag.GREEN: 62, Rag.AMBER: 32, Rag.RED: 6},
    Rag.AMBER: {Rag.GREEN: 18, Rag.AMBER: 66, Rag.RED: 16},
    Rag.RED: {Rag.AMBER: 25, Rag.GREEN: 3, Rag.RED: 72},
}
FIRST_RATING = {Rag.GREEN: 45, Rag.AMBER: 40, Rag.RED: 15}
BLUE_NEAR_DUE = {Rag.GREEN: 0.35, Rag.AMBER: 0.10, Rag.RED: 0.0}  # within 45 days of due, or past it
BLUE_EARLY = {Rag.GREEN: 0.015, Rag.AMBER: 0.003, Rag.RED: 0.0}


# ---------------------------------------------------------------------------------------------------
@dataclass
class _Term:
    season: str
    year: int
    starts: datetime.date
    as_at: datetime.date

    @property
    def name(self) -> str:
        return f"{self.season} term {self.year}"


@dataclass
class _PlannedAction:
    objective_index: int
    ref: str
    order: int
    description: str
    topic: str
    task_group: str
    success_measures: str
    start_date: datetime.date
    due_date: datetime.date | None
    timeframe: str
    first_period: int  # index of the first period the action exists in
    created_on: datetime.date
    lead_people: list[int]  # indexes into the people list
    lead_partners: list[int]  # indexes into the partners list
    supporting_partners: list[int]
    states: list[Rag | None] = field(default_factory=list)  # chain state per period, None before it exists
    ratings: list[Rag | None] = field(default_factory=list)  # what was recorded; None = no statement
    status: str = Action.Status.OPEN


def scale_terms(periods: int, today: datetime.date) -> list[_Term]:
    """`periods` consecutive terms, oldest first, ending with the one containing `today`."""
    terms = [term_of(today)]
    while len(terms) < periods:
        terms.insert(0, previous_term(terms[0]))
    out = []
    for season, year in terms:
        month, day = TERM_START[season]
        out.append(_Term(season, year, datetime.date(year, month, day), term_as_at((season, year))))
    return out


def _plan_end(today: datetime.date) -> datetime.date:
    """31 August at the end of next academic year: the plan runs on beyond today."""
    return datetime.date(today.year + (2 if today.month >= 9 else 1), 8, 31)


def _aware(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _random_month_end(rng: random.Random, earliest: datetime.date, latest: datetime.date) -> datetime.date:
    months = (latest.year - earliest.year) * 12 + latest.month - earliest.month
    k = rng.randint(0, max(0, months))
    year, month = divmod(earliest.month - 1 + k, 12)
    return min(month_end(earliest.year + year, month + 1), latest)


# ---------------------------------------------------------------------------------------------------
# Deciding everything (no database).
def _layout(rng: random.Random, actions: int) -> list[list[int]]:
    """Objectives per priority: about 8 priorities of 4-6 objectives, fewer for a tiny plan."""
    n_priorities = min(8, max(1, actions // 5))
    sizes = [rng.randint(4, 6) for _ in range(n_priorities)]
    while sum(sizes) > actions and max(sizes) > 1:
        sizes[sizes.index(max(sizes))] -= 1
    layout, k = [], 0
    for size in sizes:
        layout.append(list(range(k, k + size)))
        k += size
    return layout


def _plan_actions(
    rng: random.Random,
    *,
    actions: int,
    objective_refs: list[str],
    terms: list[_Term],
    plan_end: datetime.date,
    n_people: int,
    n_partners: int,
    person_partner: list[int | None],
) -> list[_PlannedAction]:
    """Every action, in plan order: its objective, ref, words, dates, leads and supporting partners."""
    owners = _objective_owners(rng, actions, len(objective_refs))
    added_later = _added_later(rng, actions, terms)
    planned: list[_PlannedAction] = []
    counters = [0] * len(objective_refs)
    for order, objective_index in enumerate(owners):
        counters[objective_index] += 1
        topic, description = _description(rng)
        created_on, first_period = _creation(rng, terms, added_later=order in added_later)
        start, due, timeframe = _dates(rng, created_on, plan_end)
        people, lead_partners = _leads(rng, n_people, n_partners, person_partner)
        others = [p for p in range(n_partners) if p not in lead_partners]
        planned.append(
            _PlannedAction(
                objective_index=objective_index,
                ref=f"{objective_refs[objective_index]}.{counters[objective_index]}",
                order=order + 1,
                description=description,
                topic=topic,
                task_group=rng.choice(TASK_GROUPS) if rng.random() < 0.6 else "",
                success_measures=rng.choice(SUCCESS_MEASURES),
                start_date=start,
                due_date=due,
                timeframe=timeframe,
                first_period=first_period,
                created_on=created_on,
                lead_people=people,
                lead_partners=lead_partners,
                supporting_partners=rng.sample(others, min(len(others), rng.randint(1, 2))),
            )
        )
    return planned


def _objective_owners(rng: random.Random, actions: int, n_objectives: int) -> list[int]:
    """Each action's objective index, in order: every objective gets an action, then the rest go
    unevenly (some objectives are much bigger)."""
    weights = [rng.uniform(0.4, 1.6) for _ in range(n_objectives)]
    owners = list(range(min(actions, n_objectives)))
    owners += rng.choices(range(n_objectives), weights=weights, k=actions - len(owners))
    owners.sort()
    return owners


def _added_later(rng: random.Random, actions: int, terms: list[_Term]) -> set[int]:
    """The actions (by position in the plan) added part-way through; none when there is only one term."""
    if len(terms) < 2:
        return set()
    return set(rng.sample(range(actions), round(actions * ADDED_LATER_SHARE)))


def _creation(rng: random.Random, terms: list[_Term], *, added_later: bool) -> tuple[datetime.date, int]:
    """(the day the action was added, the first period it exists in). One added part-way was created
    between two as-at dates in the middle of the plan, never on one, so the period it first counts in
    is unambiguous."""
    if not added_later:
        return terms[0].starts, 0
    low, high = len(terms) // 3, max(len(terms) // 3, min(2 * len(terms) // 3, len(terms) - 2))
    k = rng.randint(low, high)
    gap = (terms[k + 1].as_at - terms[k].as_at).days
    return terms[k].as_at + datetime.timedelta(days=rng.randint(1, gap - 1)), k + 1


def _description(rng: random.Random) -> tuple[str, str]:
    """(topic, description): "Embed the SEND ranges guidance in every secondary school, so that..."."""
    topic = rng.choice(TOPICS)
    description = f"{rng.choice(VERBS)} {topic} {rng.choice(AUDIENCES)}"
    if rng.random() < 0.5:
        description += f", so that {rng.choice(OUTCOMES)}"
    return topic, description[0].upper() + description[1:] + "."


def _dates(
    rng: random.Random, created_on: datetime.date, plan_end: datetime.date
) -> tuple[datetime.date, datetime.date | None, str]:
    """(start, due date, timeframe): due at a month end from two months after the start, and a few with
    a timeframe ("Termly") instead of a due date."""
    start = created_on + datetime.timedelta(days=rng.randint(0, 120))
    due: datetime.date | None = _random_month_end(
        rng, start + datetime.timedelta(days=60), max(plan_end, start + datetime.timedelta(days=90))
    )
    timeframe = ""
    if rng.random() < NO_DUE_DATE_SHARE:
        due, timeframe = None, rng.choice(TIMEFRAMES)
    return start, due, timeframe


def _leads(
    rng: random.Random, n_people: int, n_partners: int, person_partner: list[int | None]
) -> tuple[list[int], list[int]]:
    """(lead people, lead partners), as indexes. Lead partners start from the lead's own organisation,
    as plans usually name them."""
    people = rng.sample(range(n_people), rng.randint(1, 2))
    lead_partners = [p for p in (person_partner[people[0]],) if p is not None]
    wanted = min(n_partners, rng.randint(1, 2))
    while len(lead_partners) < wanted:
        candidate = rng.randrange(n_partners)
        if candidate not in lead_partners:
            lead_partners.append(candidate)
    return people, lead_partners


def _next_state(
    rng: random.Random, state: Rag | None, as_at: datetime.date, due: datetime.date | None
) -> Rag:
    """The chain's next rating. Blue is final, and likelier once the due date is close or past."""
    if state == Rag.BLUE:
        return Rag.BLUE
    if state is None:
        options = FIRST_RATING
    else:
        near_due = due is not None and as_at >= due - datetime.timedelta(days=45)
        if rng.random() < (BLUE_NEAR_DUE if near_due else BLUE_EARLY)[state]:
            return Rag.BLUE
        options = (TRANSITIONS_OVERDUE if due is not None and as_at > due else TRANSITIONS)[state]
    return rng.choices(list(options), weights=list(options.values()))[0]


def _rate(rng: random.Random, planned: list[_PlannedAction], terms: list[_Term]) -> None:
    """Run every action's chain, then decide which statements were written and what they say."""
    for action in planned:
        state: Rag | None = None
        for i, term in enumerate(terms):
            if i < action.first_period:
                action.states.append(None)
                continue
            state = _next_state(rng, state, term.as_at, action.due_date)
            action.states.append(state)
        action.ratings = list(action.states)

    last = len(terms) - 1
    for i in range(len(terms)):
        existing = [a for a in planned if a.states[i] is not None]
        written = statements_in_period(len(existing), is_open=i == last)
        for action in rng.sample(existing, len(existing) - written):
            action.ratings[i] = None
        for action in existing:
            if action.ratings[i] not in (None, Rag.BLUE) and rng.random() < NOT_RATED_SHARE:
                action.ratings[i] = Rag.NOT_RATED

    for action in planned:
        recorded = [r for r in action.ratings if r is not None]
        if recorded and recorded[-1] == Rag.BLUE:
            action.status = Action.Status.COMPLETE
    overdue = [
        a for a in planned if a.status == Action.Status.OPEN and a.due_date and a.due_date < terms[-1].starts
    ]
    for action in rng.sample(overdue, min(len(overdue), round(len(planned) * CLOSED_SHARE))):
        action.status = Action.Status.CLOSED


def _narrative(rng: random.Random, pool_key: str, action: _PlannedAction, term: _Term, group: str) -> str:
    month = rng.choice(TERM_MONTHS[term.season])
    n = rng.randint(3, 12)
    values = {
        "topic": action.topic,
        "Topic": action.topic[0].upper() + action.topic[1:],
        "group": group,
        "Group": group[0].upper() + group[1:],
        "month": calendar.month_name[month],
        "month_next": calendar.month_name[term.as_at.month % 12 + 1],
        "month_prev": calendar.month_name[(TERM_MONTHS[term.season][0] - 2) % 12 + 1],
        "n": n,
        "m": n + rng.randint(4, 40),
    }
    return rng.choice(NARRATIVES[pool_key]).format(**values)


# ---------------------------------------------------------------------------------------------------
# Writing.
class _Clock:
    """Prints how long each step took, when given somewhere to print."""

    def __init__(self, stdout):
        self.stdout = stdout
        self.started = self.last = time.monotonic()

    def lap(self, message: str) -> None:
        now = time.monotonic()
        if self.stdout is not None:
            self.stdout.write(f"  {message:<48} {now - self.last:6.2f}s")
        self.last = now

    @property
    def total(self) -> float:
        return time.monotonic() - self.started


def _partners(pool: Sequence[tuple[str, Partner.Kind]], now: datetime.datetime) -> list[Partner]:
    """The partners named, reusing any that exist already (names match case-insensitively)."""
    existing = {
        p.lowered: p
        for p in Partner.objects.annotate(lowered=Lower("name")).filter(
            lowered__in=[name.lower() for name, _ in pool]
        )
    }
    new = [Partner(name=name, kind=kind) for name, kind in pool if name.lower() not in existing]
    for partner in bulk_create_with_history(
        new, Partner, batch_size=BATCH_SIZE, default_change_reason=HISTORY_REASON, default_date=now
    ):
        existing[partner.name.lower()] = partner
    return [existing[name.lower()] for name, _ in pool]


def _people(specs: list[tuple[str, str, Partner]], now: datetime.datetime) -> list[Person]:
    """The people named, reusing anyone of the same name who exists already."""
    existing: dict[str, Person] = {}
    for person in Person.objects.filter(name__in=[name for name, _, _ in specs]).order_by("pk"):
        existing.setdefault(person.name, person)
    taken = set(Person.objects.exclude(email="").values_list("email", flat=True))
    new = [
        Person(name=name, job_title=job_title, email=email_for(name, taken), partner=partner)
        for name, job_title, partner in specs
        if name not in existing
    ]
    for person in bulk_create_with_history(
        new, Person, batch_size=BATCH_SIZE, default_change_reason=HISTORY_REASON, default_date=now
    ):
        existing[person.name] = person
    return [existing[name] for name, _, _ in specs]


def _link_with_history(
    model, field_name: str, pairs: list[tuple[int, int]], history_ids: dict[int, int]
) -> None:
    """Many-to-many links in bulk, plus simple-history's snapshot of them on each row's "+" history row.

    (Adding through the related manager would write one query and one extra history row per object.)
    """
    if not pairs:
        return
    m2m = model._meta.get_field(field_name)
    through = m2m.remote_field.through
    source, target = m2m.m2m_column_name(), m2m.m2m_reverse_name()
    links = through.objects.bulk_create(
        [through(**{source: a, target: b}) for a, b in pairs], batch_size=BATCH_SIZE
    )
    snapshot = model.history.model._meta.get_field(
        f"historical{model._meta.model_name}_{field_name}"
    ).related_model
    snapshot.objects.bulk_create(
        [
            snapshot(
                id=link.pk,
                history_id=history_ids[getattr(link, source)],
                **{source: getattr(link, source), target: getattr(link, target)},
            )
            for link in links
        ],
        batch_size=BATCH_SIZE,
    )


def _creation_history_ids(model, **filters) -> dict[int, int]:
    """Object id -> history id of its "+" (created) history row."""
    return dict(
        model.history.model.objects.filter(history_type="+", **filters).values_list("id", "history_id")
    )


def refresh_planner_statistics() -> None:
    """On PostgreSQL, ANALYZE: after a bulk load, as PostgreSQL advises. Until autovacuum gets to it (and
    never where it is turned off), the planner takes the new tables for empty and joins tens of
    thousands of statements row by row: "Ratings to confirm" took 47 ms for a 14 ms query."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@transaction.atomic
def scale_plan_seed(
    *,
    actions: int,
    periods: int,
    seed: int = 1,
    title: str | None = None,
    today: datetime.date | None = None,
    stdout=None,
) -> Plan:
    """Build one synthetic plan of `actions` actions over `periods` terms ending with today's (see module).

    Deterministic for a given seed, day and set of existing partners and people. With `stdout`, prints
    the time each step took.
    """
    if actions < 1 or periods < 1:
        raise ValueError("A scale plan needs at least one action and one reporting period.")
    today = today or timezone.localdate()
    rng = random.Random(seed)
    clock = _Clock(stdout)
    now = timezone.now()
    terms = scale_terms(periods, today)
    plan_start, plan_end = terms[0].starts, _plan_end(today)

    partners, people = _write_partners_and_people(rng, now)
    clock.lap(f"{len(partners)} partners, {len(people)} people")
    layout, objective_refs, planned = _decide(
        rng, actions=actions, terms=terms, plan_end=plan_end, partners=partners, people=people
    )
    clock.lap("planned actions and ratings")

    plan = _write_plan(title, actions=actions, periods=periods, seed=seed, start=plan_start, end=plan_end)
    period_rows = _write_periods(plan, terms, today, now)
    priority_rows = _write_priorities(rng, plan, layout, now)
    objective_rows = _write_objectives(rng, priority_rows, layout, objective_refs, people, now)
    clock.lap(
        f"plan, {len(period_rows)} periods, {len(priority_rows)} priorities, {len(objective_rows)} objectives"
    )
    objective_ids = [o.pk for o in objective_rows]
    action_rows = _write_actions(planned, objective_ids, people, partners, now)
    clock.lap(f"{len(action_rows):,} actions with leads and supporting partners")
    later = _backdate_creation(plan, plan_start, objective_ids, action_rows, planned)
    clock.lap(f"created_at backdated ({len(later)} actions added later)")

    statements = _statements(rng, seed, planned, action_rows, period_rows, terms, partners, now)
    _write_statements(statements, period_rows)
    clock.lap(f"{len(statements):,} position statements")
    _write_statement_history(statements, now)
    clock.lap(f"{len(statements):,} statement history rows")
    if stdout is not None:
        stdout.write(f"  {'total':<48} {clock.total:6.2f}s")
    return plan


def _write_partners_and_people(
    rng: random.Random, now: datetime.datetime
) -> tuple[list[Partner], list[Person]]:
    """30 to 60 partners from the pool and 120 people, each with a job title and one of those partners."""
    partner_pool = rng.sample(PARTNER_POOL, rng.randint(*PARTNERS))
    partners = _partners(partner_pool, now)
    names = rng.sample([f"{first} {last}" for first in FIRST_NAMES for last in SURNAMES], PEOPLE)
    people = _people([(name, rng.choice(JOB_TITLES), rng.choice(partners)) for name in names], now)
    return partners, people


def _decide(
    rng: random.Random,
    *,
    actions: int,
    terms: list[_Term],
    plan_end: datetime.date,
    partners: list[Partner],
    people: list[Person],
) -> tuple[list[list[int]], list[str], list[_PlannedAction]]:
    """(layout, objective refs, actions with their ratings), decided before the plan is written; titles
    and narratives are drawn as their rows are made."""
    partner_index = {p.pk: i for i, p in enumerate(partners)}
    layout = _layout(rng, actions)
    objective_refs = [
        f"{p + 1}.{o + 1}" for p, objectives in enumerate(layout) for o in range(len(objectives))
    ]
    planned = _plan_actions(
        rng,
        actions=actions,
        objective_refs=objective_refs,
        terms=terms,
        plan_end=plan_end,
        n_people=len(people),
        n_partners=len(partners),
        person_partner=[
            partner_index.get(p.partner_id) if p.partner_id is not None else None for p in people
        ],
    )
    _rate(rng, planned, terms)
    return layout, objective_refs, planned


def _write_plan(
    title: str | None, *, actions: int, periods: int, seed: int, start: datetime.date, end: datetime.date
) -> Plan:
    return Plan.objects.create(
        title=title or f"Scale test plan: {actions:,} actions over {periods} terms (seed {seed})",
        local_area="Scaleshire",
        start_date=start,
        end_date=end,
        description=(
            f"Synthetic plan made by seed_scale (seed {seed}) to test sendplan at scale. "
            "Not real data: every name, action and statement is generated."
        ),
    )


def _write_periods(
    plan: Plan, terms: list[_Term], today: datetime.date, now: datetime.datetime
) -> list[ReportingPeriod]:
    """A period per term, oldest first: published, then closed (the one before today's), then open
    (today's), open from three weeks before today to three weeks after."""
    last = len(terms) - 1
    return bulk_create_with_history(
        [
            ReportingPeriod(
                plan=plan,
                name=term.name,
                as_at=term.as_at,
                opens_on=today - datetime.timedelta(days=21)
                if i == last
                else term.as_at - datetime.timedelta(days=28),
                closes_on=today + datetime.timedelta(days=21)
                if i == last
                else term.as_at + datetime.timedelta(days=21),
                state=(
                    ReportingPeriod.State.OPEN
                    if i == last
                    else ReportingPeriod.State.CLOSED
                    if i == last - 1
                    else ReportingPeriod.State.PUBLISHED
                ),
            )
            for i, term in enumerate(terms)
        ],
        ReportingPeriod,
        default_change_reason=HISTORY_REASON,
        default_date=now,
    )


def _write_priorities(
    rng: random.Random, plan: Plan, layout: list[list[int]], now: datetime.datetime
) -> list[Priority]:
    titles = rng.sample(PRIORITY_TITLES, len(layout))
    return bulk_create_with_history(
        [Priority(plan=plan, ref=str(p + 1), title=titles[p], order=p + 1) for p in range(len(layout))],
        Priority,
        default_change_reason=HISTORY_REASON,
        default_date=now,
    )


def _write_objectives(
    rng: random.Random,
    priority_rows: list[Priority],
    layout: list[list[int]],
    objective_refs: list[str],
    people: list[Person],
    now: datetime.datetime,
) -> list[Objective]:
    """The objectives, each led by one person and, when they have one, that person's organisation."""
    objective_titles = [rng.choice(OBJECTIVE_TITLES) for _ in objective_refs]
    objective_rows = bulk_create_with_history(
        [
            Objective(
                priority=priority_rows[p],
                ref=objective_refs[k],
                title=objective_titles[k],
                success_measures=rng.choice(SUCCESS_MEASURES),
                order=o + 1,
            )
            for p, objectives in enumerate(layout)
            for o, k in enumerate(objectives)
        ],
        Objective,
        default_change_reason=HISTORY_REASON,
        default_date=now,
    )
    history_ids = _creation_history_ids(Objective, priority_id__in=[p.pk for p in priority_rows])
    leads = [people[rng.randrange(len(people))] for _ in objective_rows]
    pairs = list(zip(objective_rows, leads, strict=True))
    _link_with_history(Objective, "lead_people", [(o.pk, lead.pk) for o, lead in pairs], history_ids)
    _link_with_history(
        Objective,
        "lead_partners",
        [(o.pk, lead.partner_id) for o, lead in pairs if lead.partner_id],
        history_ids,
    )
    return objective_rows


def _write_actions(
    planned: list[_PlannedAction],
    objective_ids: list[int],
    people: list[Person],
    partners: list[Partner],
    now: datetime.datetime,
) -> list[Action]:
    """The actions in bulk, with their lead people, lead partners and supporting partners."""
    action_rows = bulk_create_with_history(
        [
            Action(
                objective_id=objective_ids[a.objective_index],
                ref=a.ref,
                description=a.description,
                task_group=a.task_group,
                start_date=a.start_date,
                due_date=a.due_date,
                timeframe=a.timeframe,
                success_measures=a.success_measures,
                status=a.status,
                order=a.order,
            )
            for a in planned
        ],
        Action,
        batch_size=BATCH_SIZE,
        default_change_reason=HISTORY_REASON,
        default_date=now,
    )
    history_ids = _creation_history_ids(Action, objective_id__in=objective_ids)
    for field_name, targets in (
        ("lead_people", people),
        ("lead_partners", partners),
        ("supporting_partners", partners),
    ):
        pairs = [
            (row.pk, targets[i].pk)
            for row, a in zip(action_rows, planned, strict=True)
            for i in getattr(a, field_name)
        ]
        _link_with_history(Action, field_name, pairs, history_ids)
    return action_rows


def _backdate_creation(
    plan: Plan,
    plan_start: datetime.date,
    objective_ids: list[int],
    action_rows: list[Action],
    planned: list[_PlannedAction],
) -> list[Action]:
    """Dashboards count an action only from its creation: the plan's actions exist from its start, the
    few added later from the day they were added (returned). auto_now_add cannot be overridden on
    insert, so the rows and their history rows are updated after."""
    started = _aware(plan_start)
    Plan.objects.filter(pk=plan.pk).update(created_at=started)
    Plan.history.filter(id=plan.pk).update(created_at=started)
    plan.created_at = started
    Action.objects.filter(objective_id__in=objective_ids).update(created_at=started)
    later = []
    for row, a in zip(action_rows, planned, strict=True):
        row.created_at = _aware(a.created_on)
        if a.created_on != plan_start:
            later.append(row)
    Action.objects.bulk_update(later, ["created_at"], batch_size=BATCH_SIZE)
    Action.history.model.objects.filter(
        id__in=Subquery(Action.objects.filter(objective_id__in=objective_ids).values("pk"))
    ).update(created_at=Subquery(Action.objects.filter(pk=OuterRef("id")).values("created_at")[:1]))
    return later


def _statements(
    rng: random.Random,
    seed: int,
    planned: list[_PlannedAction],
    action_rows: list[Action],
    period_rows: list[ReportingPeriod],
    terms: list[_Term],
    partners: list[Partner],
    now: datetime.datetime,
) -> list[PositionStatement]:
    """A statement (not yet saved) for every rating recorded. Past ratings were all confirmed when their
    period closed; 30% of this term's await it, decided by a rng of its own so that the rest of the
    plan is what the same seed always made."""
    confirm_rng = random.Random(f"{seed}-confirmations")
    last = len(terms) - 1
    confirmed_on = {
        i: _aware(period.closes_on or period.as_at, 10) for i, period in enumerate(period_rows[:-1])
    }
    confirmed_on[last] = now
    partner_names = [p.name for p in partners]
    statements: list[PositionStatement] = []
    for row, a in zip(action_rows, planned, strict=True):
        group = (
            f"the {a.task_group} task and finish group"
            if a.task_group
            else f"the {partner_names[a.lead_partners[0]]}"
        )
        recorded = [(i, rating) for i, rating in enumerate(a.ratings) if rating is not None]
        previous: Rag | None = None
        for i, rating in recorded:
            pool = _narrative_pool(a, rating, previous, is_last=i == recorded[-1][0])
            unconfirmed = i == last and confirm_rng.random() < UNCONFIRMED_SHARE
            statements.append(
                PositionStatement(
                    action_id=row.pk,
                    period_id=period_rows[i].pk,
                    rag=rating,
                    proposed_rag=rating,
                    confirmed_at=None if unconfirmed else confirmed_on[i],
                    narrative=_narrative(rng, pool, a, terms[i], group),
                )
            )
            previous = rating
    return statements


def _narrative_pool(action: _PlannedAction, rating: Rag, previous: Rag | None, *, is_last: bool) -> str:
    """The narratives a statement draws from: its rating's, but a complete action says it is still
    complete, and one the board closed says so in its last statement."""
    if rating == Rag.BLUE and previous == Rag.BLUE:
        return "still_blue"
    if action.status == Action.Status.CLOSED and is_last:
        return "closed"
    return rating


def _write_statements(statements: list[PositionStatement], period_rows: list[ReportingPeriod]) -> None:
    """The statements in bulk. Past ones were written by their period's as-at date; the open period's are
    being written now."""
    PositionStatement.objects.bulk_create(statements, batch_size=BATCH_SIZE)
    written = {p.pk: _aware(p.as_at, 12) for p in period_rows[:-1]}
    for period_pk, when in written.items():
        PositionStatement.objects.filter(period_id=period_pk).update(created_at=when, updated_at=when)
    for statement in statements:
        backdated = written.get(statement.period_id)
        if backdated is not None:
            statement.created_at = statement.updated_at = backdated


def _write_statement_history(statements: list[PositionStatement], now: datetime.datetime) -> None:
    """Each statement's "+" history row, made from the statements as backdated, so that their history
    shows the same dates as they do."""
    historical = PositionStatement.history.model
    tracked = [f.attname for f in historical.tracked_fields]
    historical.objects.bulk_create(
        [
            historical(
                history_date=now,
                history_type="+",
                history_user=None,
                history_change_reason=HISTORY_REASON,
                **{name: getattr(statement, name) for name in tracked},
            )
            for statement in statements
        ],
        batch_size=BATCH_SIZE,
    )
