"""Every read the plan, action and termly-cycle pages need, returned fully loaded, so a page costs
the same queries at any plan size.

The one rule that matters here: an action's RAG "as at" a date is computed in the database
(`ActionStatusQuerySet.with_rag_as_at`), never by looping over statements in Python.
"""

import datetime
import hashlib
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, TypedDict
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator

from actions.plans import history
from actions.plans.access import display_name
from actions.plans.history import ChangeEntry, DueDateMove, FieldChange, HistoricalRecord, due_date_moves
from actions.plans.models import Action, Objective, Plan, Priority, in_plan_by, shown_revision_of
from actions.roles import AnyUser, role_for
from partners.models import Partner, Person
from sendplan.caching import cached_or_computed, code_version
from sendplan.lookups import IdIn
from sendplan.paths import path_to

from . import models as cycle_models
from .access import confirm_refusal
from .filters import ActionFilter, parse_pk
from .models import (
    NO_UPDATE,
    ActionStatusQuerySet,
    PositionStatement,
    Rag,
    Reminder,
    ReportingPeriod,
    actions_with_status,
    is_newly_red,
    is_red_streak,
    movement_between,
    rag_label,
)
from .reminders import email_address

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def _today() -> datetime.date:
    return timezone.localdate()


class PlanCounts(TypedDict):
    action_count: int
    open_periods: list[ReportingPeriod]


def plan_list() -> "QuerySet[WithAnnotations[Plan, PlanCounts]]":
    """Plans with their number of live actions and open periods (one query)."""
    live = Q(priorities__objectives__actions__is_archived=False)
    return Plan.objects.annotate(
        action_count=Count("priorities__objectives__actions", filter=live, distinct=True),
    ).prefetch_related(Prefetch("periods", queryset=ReportingPeriod.objects.open(), to_attr="open_periods"))


def _actions_for_display(*, as_at: datetime.date | None, overdue_at: datetime.date) -> ActionStatusQuerySet:
    """Actions with current RAG, overdue flag and the people and partners shown beside them."""
    return (
        actions_with_status()
        .live()
        .with_rag_as_at(as_at)
        .with_overdue(overdue_at)
        .prefetch_related("lead_people", "lead_partners")
    )


# An open priority shows this many of its actions a page (a real plan's priority has 20 to 60).
PLAN_PAGE_ACTIONS = 100
# "Show all objectives and actions" is offered, and honoured, up to this many actions in the plan.
OPEN_ALL_LIMIT = 200
OPEN_ALL = "all"
RAG_ORDER = (*Rag.values, NO_UPDATE)  # as the dashboard shows them: Red, Amber, Green, Blue, Not rated
PLAN_PAGE_CACHE_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class PlanPeriod:
    pk: int
    name: str
    as_at: datetime.date
    closes_on: datetime.date | None

    @classmethod
    def of(cls, period: ReportingPeriod) -> "PlanPeriod":
        return cls(period.pk, period.name, period.as_at, period.closes_on)


@dataclass(frozen=True)
class RagCount:
    """How many of a priority's actions carry a rating, and the action list showing exactly those."""

    key: str  # a Rag value or NO_UPDATE
    word: str
    count: int
    url: str


@dataclass(frozen=True)
class PlanAction:
    """One action as a row of the plan page: its latest rating and marks, and its due date's."""

    pk: int
    ref: str
    description: str
    url: str
    leads: str  # "" when nobody is named
    when: str  # `Action.when_text`
    is_overdue: bool
    is_rebaselined: bool
    original_due_date: datetime.date | None
    rag: str | None
    confirmed: bool | None
    carried: bool | None


@dataclass(frozen=True)
class ListedAction(PlanAction):
    """One action as a row of the action list: a plan page row, with where it sits and its status."""

    context: str  # "Plan title · Priority 2"
    status: str  # "" while open, else "Completed" and the like


@dataclass(frozen=True)
class PlanObjective:
    """An objective of an open priority with the actions on this page; `continued` and `continues`
    say whether some of its actions are on the page before or the page after."""

    pk: int
    ref: str
    title: str
    notes: str
    leads: str
    supporters: str
    action_count: int  # all its live actions, on every page
    actions: list[PlanAction]
    continued: bool = False
    continues: bool = False

    @property
    def is_its_own_action(self) -> bool:
        """A plan that gives an objective no actions of its own imports it as one action with the
        objective's words: the row then says "Progress on this objective"."""
        return self.action_count == 1 and len(self.actions) == 1 and self.actions[0].description == self.title


@dataclass
class PlanPriority:
    """A priority with its counts, and, when open, its objectives and actions on this page."""

    pk: int
    ref: str
    title: str
    description: str
    notes: str
    leads: str
    objective_count: int
    action_count: int
    rag: list[RagCount]  # the ratings its actions carry, in display order; none with no actions
    overdue: int
    actions_url: str
    overdue_url: str
    show_url: str  # the plan page with it open, landing on it
    hide_url: str  # the plan page with all collapsed, landing on it
    is_open: bool = False
    objectives: list[PlanObjective] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"Priority {self.ref}: {self.title}" if self.ref else self.title

    @property
    def anchor(self) -> str:
        """Its heading's id: links that open or close it end with `#` and this, to land on it."""
        return f"priority-{self.pk}"

    @property
    def page_link(self) -> str:
        """Its pages' links, less the page number (includes/pagination.html's `link`)."""
        return self.show_url.replace(f"#{self.anchor}", "&page=")


@dataclass
class PlanPage:
    """The plan page as plain data: cached per plan revision, day (overdue), open priority and page."""

    plan_pk: int
    revision: int
    today: datetime.date
    priorities: list[PlanPriority]
    open_period: PlanPeriod | None
    latest_period: PlanPeriod | None
    action_count: int
    opened: int | str | None  # a priority's pk, OPEN_ALL or None (all collapsed)
    page_number: int = 1
    open_total: int = 0  # the open priority's actions, over all its pages

    @property
    def can_open_all(self) -> bool:
        return 0 < self.action_count <= OPEN_ALL_LIMIT

    @property
    def all_open(self) -> bool:
        return self.opened == OPEN_ALL

    @property
    def open_priority(self) -> PlanPriority | None:
        """The one open priority (None with all collapsed, or all open)."""
        if self.all_open:
            return None
        return next((p for p in self.priorities if p.is_open), None)

    @property
    def page_obj(self) -> Page | None:
        """The open priority's pages (for includes/pagination.html); None when nothing is paged."""
        if self.opened is None or self.all_open:
            return None
        return Paginator(range(self.open_total), PLAN_PAGE_ACTIONS).get_page(self.page_number)


class NoSuchPriority(Exception):
    """`?priority=` names no priority of this plan."""


def _names(*groups: Iterable[Person | Partner]) -> str:
    return ", ".join(item.name for group in groups for item in group)


def action_list_path() -> str:
    return path_to("actions:action-list")


def action_path(pk: int) -> str:
    return path_to("actions:action-detail", pk)


def _plan_action(action: Any) -> PlanAction:
    return PlanAction(
        pk=action.pk,
        ref=action.ref,
        description=action.description,
        url=action.get_absolute_url(),
        leads=_names(action.lead_people.all(), action.lead_partners.all()),
        when=action.when_text,
        is_overdue=action.is_overdue,
        is_rebaselined=action.is_rebaselined,
        original_due_date=action.original_due_date,
        rag=action.current_rag,
        confirmed=action.current_confirmed,
        carried=action.current_carried,
    )


def _listed_action(action: Any) -> ListedAction:
    priority = action.objective.priority
    return ListedAction(
        **vars(_plan_action(action)),
        context=f"{priority.plan.title} · Priority {priority.ref or priority.order}",
        status="" if action.status == Action.Status.OPEN else action.get_status_display(),
    )


def _plan_version() -> str:
    """Changes with the page's shape and this module's code (see `_states_version`)."""
    return code_version(PlanPage, sys.modules[__name__], cycle_models)


def plan_detail(
    plan: Plan,
    *,
    opened: int | str | None = None,
    page_number: int | str | None = 1,
    today: datetime.date | None = None,
) -> PlanPage:
    """The plan page: every priority with its counts (objectives, actions, the ratings they carry,
    overdue) and its lead; the open priority's objectives and actions, a page at a time; or with
    `opened=OPEN_ALL` every priority open, for a plan of at most OPEN_ALL_LIMIT actions (above it,
    all stay collapsed). An action's rating is its latest position statement, so as at the latest
    reporting period, and "overdue" is as at today.

    Raises NoSuchPriority when `opened` is not one of the plan's priorities. Cached per plan revision
    and day. Queries on a miss: 4 with nothing open (3 with no priorities), 12 with a priority open
    (fewer when it has no objectives or actions), whatever the size of the plan; on a hit: none.
    While another worker computes this revision's page, the one before (`cached_or_computed`).
    """
    today = today or _today()
    opened = OPEN_ALL if opened == OPEN_ALL else opened
    number = page_number if isinstance(page_number, int) else parse_pk(page_number) or 1
    shown = f"plan-page:{_plan_version()}:{plan.pk}:{today}:{opened}:{number}"
    revision = plan.shown_revision(shown)
    page = cached_or_computed(
        f"{shown}:{revision}",
        f"{shown}:latest",
        lambda: _plan_page(plan, opened=opened, page_number=number, today=today, revision=revision),
        PLAN_PAGE_CACHE_SECONDS,
    )
    if opened not in (None, OPEN_ALL) and not any(p.is_open for p in page.priorities):
        raise NoSuchPriority(opened)
    return page


class PlanRow(NamedTuple):
    """A live action as the plan page counts it: where it sits, its latest rating, overdue today.
    A named tuple, as the other kept rows: 5,000 of them go through the cache in 3 ms, not 13."""

    pk: int
    priority_id: int
    objective_id: int
    rag: str | None
    is_overdue: bool


def plan_rows(plan: Plan, today: datetime.date) -> list[PlanRow]:
    """Every live action of the plan as a `PlanRow`: 1 query, brought up to date action by action
    as statements arrive (`kept_up_to_date`)."""

    def compute(only: set[int] | None) -> list[PlanRow]:
        actions = actions_with_status().live().for_plan(plan)
        if only is not None:
            actions = actions.filter(pk__in=only)
        return [
            PlanRow(*row)
            for row in actions.with_rag_as_at(None)
            .with_overdue(today)
            .values_list("pk", "objective__priority_id", "objective_id", "current_rag", "is_overdue")
        ]

    return kept_up_to_date(plan, f"plan-rows:{_plan_version()}:{plan.pk}:{today}", compute)


def _plan_page(
    plan: Plan, *, opened: int | str | None, page_number: int, today: datetime.date, revision: int
) -> PlanPage:
    periods = list(plan.periods.order_by("-as_at"))
    open_period = next((p for p in periods if p.is_open), None)
    # Ordered here: a grouped query ignores the model's ordering.
    priorities = list(
        plan.priorities.annotate(objective_count=Count("objectives"))
        .order_by("order", "pk")
        .prefetch_related("lead_people")
    )
    # One row per live action: what each priority's counts and the pages are made of.
    rows = plan_rows(plan, today)
    ratings: dict[int, Counter[str]] = defaultdict(Counter)
    overdue: Counter[int] = Counter()
    per_objective: Counter[int] = Counter()
    for row in rows:
        ratings[row.priority_id][row.rag or NO_UPDATE] += 1
        overdue[row.priority_id] += row.is_overdue
        per_objective[row.objective_id] += 1
    action_count = len(rows)
    if opened == OPEN_ALL and action_count > OPEN_ALL_LIMIT:
        opened = None
    open_pks = {p.pk for p in priorities if opened == OPEN_ALL or p.pk == opened}

    def url(priority_pk: int, **filters: str) -> str:
        query = urlencode({"plan": plan.pk, "priority": priority_pk, **filters})
        return f"{reverse('actions:action-list')}?{query}"

    here = reverse("actions:plan-detail", args=[plan.pk])

    rows_by_priority = [
        PlanPriority(
            pk=p.pk,
            ref=p.ref,
            title=p.title,
            description=p.description,
            notes=p.notes,
            leads=_names(p.lead_people.all()),
            objective_count=p.objective_count,
            action_count=sum(ratings[p.pk].values()),
            rag=[
                RagCount(key, rag_label(key), ratings[p.pk][key], url(p.pk, rag=key))
                for key in RAG_ORDER
                if ratings[p.pk][key]
            ],
            overdue=overdue[p.pk],
            actions_url=url(p.pk),
            overdue_url=url(p.pk, overdue="true"),
            show_url=f"{here}?priority={p.pk}#priority-{p.pk}",
            hide_url=f"{here}#priority-{p.pk}",
            is_open=p.pk in open_pks,
        )
        for p in priorities
    ]
    page = PlanPage(
        plan_pk=plan.pk,
        revision=revision,
        today=today,
        priorities=rows_by_priority,
        open_period=PlanPeriod.of(open_period) if open_period else None,
        latest_period=PlanPeriod.of(periods[0]) if periods else None,
        action_count=action_count,
        opened=opened if open_pks or opened == OPEN_ALL else None,
    )
    if open_pks:
        _open(page, open_pks, per_objective, page_number=page_number)
    return page


def _open(page: PlanPage, open_pks: set[int], per_objective: Counter[int], *, page_number: int) -> None:
    """Fill in the open priorities' objectives and the actions on this page (8 queries, fewer with
    no objectives or no actions on the page)."""
    objectives = list(
        Objective.objects.filter(priority__in=open_pks)
        .order_by("priority__order", "priority_id", "order", "pk")
        .prefetch_related("lead_people", "lead_partners", "supporting_people", "supporting_partners")
    )
    actions = (
        _actions_for_display(as_at=None, overdue_at=page.today)
        .with_rating_marks(None)
        .filter(objective__priority__in=open_pks)
        .order_by(
            "objective__priority__order",
            "objective__priority_id",
            "objective__order",
            "objective_id",
            "order",
            "pk",
        )
    )
    total = sum(per_objective[o.pk] for o in objectives)
    first, last = 0, total  # the page's actions, by position in the open priorities' actions
    if not page.all_open:
        paged = Paginator(range(total), PLAN_PAGE_ACTIONS).get_page(page_number)
        page.page_number, page.open_total = paged.number, total
        first, last = paged.start_index() - 1 if total else 0, paged.end_index()
        actions = actions[first:last]
    by_objective: dict[int, list[PlanAction]] = defaultdict(list)
    for action in actions if last > first else []:
        by_objective[action.objective_id].append(_plan_action(action))
    by_priority: dict[int, list[PlanObjective]] = defaultdict(list)
    start = 0  # the objective's first action's position
    for objective in objectives:
        count = per_objective[objective.pk]
        end = start + count
        # An objective without actions shows on the page where its place falls (the last page at the end).
        shown = start < last and end > first if count else first <= start < last or start == last == total
        if shown:
            by_priority[objective.priority_id].append(
                PlanObjective(
                    pk=objective.pk,
                    ref=objective.ref,
                    title=objective.title,
                    notes=objective.notes,
                    leads=_names(objective.lead_people.all(), objective.lead_partners.all()),
                    supporters=_names(objective.supporting_people.all(), objective.supporting_partners.all()),
                    action_count=count,
                    actions=by_objective[objective.pk],
                    continued=start < first,
                    continues=end > last,
                )
            )
        start = end
    for priority in page.priorities:
        priority.objectives = by_priority[priority.pk]


class ActionState(NamedTuple):
    """One action as at a reporting period: what dashboards count and period filters select on.

    A named tuple rather than a dataclass: a plan's 5,000 states are read from the shared cache on
    every dashboard rebuilt, and tuples unpickle about four times faster.

    `rag` is the rating in force (the confirmed one, or the proposal until it is confirmed);
    "no_update" when the period closed without a statement, None when there has never been one.
    """

    pk: int
    priority_id: int
    rag: str | None
    previous_rag: str | None
    is_overdue: bool
    updated_in_period: bool  # a statement a lead gave for this period ("No update" is not one)
    compared: bool = True  # False in a plan's first period: there is nothing to compare with
    confirmed: bool | None = True  # the second key (None: nothing to confirm, no statement or "No update")
    carried: bool | None = False  # the period's statement was carried forward (None: no statement)
    slipped: bool = False  # due date moved later than first agreed (as of now)

    @property
    def movement(self) -> str:
        return movement_between(self.rag, self.previous_rag) if self.compared else ""

    @property
    def is_newly_red(self) -> bool:
        return self.compared and is_newly_red(self.rag, self.previous_rag)

    @property
    def is_red_streak(self) -> bool:
        return self.compared and is_red_streak(self.rag, self.previous_rag)

    @property
    def is_no_update(self) -> bool:
        """No rating: no statement at all, or the "No update" closing the period wrote."""
        return self.rag is None or self.rag == NO_UPDATE

    @property
    def is_unconfirmed(self) -> bool:
        """A rating is shown that still awaits confirmation (`confirmed` is None with no rating)."""
        return self.confirmed is False

    @property
    def is_carried_forward(self) -> bool:
        """The statement for this period says "no change since last period"."""
        return bool(self.carried)


STATES_CACHE_SECONDS = 24 * 60 * 60


def _states_version() -> str:
    """Changes with ActionState's shape and the code that works the states out (this module and the
    status queryset), so a shared cache never serves states an older deploy computed."""
    return code_version(ActionState, sys.modules[__name__], cycle_models)


# A statement saved this long before a set of states was taken is looked for again when it is brought
# up to date: a save's history is stamped when it is made, which can be a little before it commits.
STATES_OVERLAP = datetime.timedelta(seconds=30)


def period_states(plan: Plan, period: ReportingPeriod, previous: ReportingPeriod | None) -> list[ActionState]:
    """Every live action of the plan as at `period`, in plan order; cached per plan revision.

    The ratings and their marks are computed in the database (`as_at_period`); fetching each action's
    state once and tallying it is ~100x faster than aggregates that re-run the "latest statement"
    subqueries for every count (8 s against 80 ms at 5,000 actions on SQLite).

    Brought up to date action by action as statements arrive (`kept_up_to_date`). Queries: 1 for
    every action; then 1, or 2 with changed actions; none on a hit.
    """
    previous_pk = previous.pk if previous else 0
    return kept_up_to_date(
        plan,
        f"period-states:{_states_version()}:{plan.pk}:{period.pk}:{previous_pk}",
        lambda only: _states(plan, period, previous, only=only),
    )


class HasPk(Protocol):
    @property
    def pk(self) -> int: ...


def kept_up_to_date[R: HasPk](
    plan: Plan, name: str, compute: Callable[[set[int] | None], list[R]]
) -> list[R]:
    """One row per action of the plan (`compute(None)`; `compute(pks)` those actions' rows alone),
    cached per plan revision under `name`, and per settled revision as a base brought up to date.

    At a deadline statements arrive every second, each a new revision. A position statement in an open
    period changes its own action's row and nothing else (the plan's settled revision stays:
    actions/plans/revisions.py), so the rows kept for the settled revision are brought up to date by
    asking again only for the actions whose statements' history moved since they were taken (the
    rows are then as at now, whatever the revision they are read under).

    The rows are stored once, in the base; the revision's key holds only when the base was brought up
    to date for it, so a rebuild pickles 5,000 rows once, and a hit is one round trip to the cache.
    Queries: `compute`'s for every action; then 1, or 1 and `compute`'s for the changed; none on a hit.
    """
    base_key = f"{name}:settled:{plan.settled_revision}"
    # As shown (`Plan.shown_revision`): readers who saved nothing skip the catching up for a few seconds.
    key = f"{name}:{plan.shown_revision(name)}"
    found = cache.get_many([key, base_key])
    base: tuple[datetime.datetime, list[R]] | None = found.get(base_key)
    if base is not None and key in found and base[0] >= found[key]:
        return base[1]  # (two workers racing may leave an older base: then it is caught up again)
    taken = timezone.now()
    if base is None:
        rows = compute(None)
    else:
        since, rows = base
        changed = set(
            PositionStatement.history.filter(
                period__plan_id=plan.pk, history_date__gte=since - STATES_OVERLAP
            ).values_list("action_id", flat=True)
        )
        if changed:
            fresh = {row.pk: row for row in compute(changed)}
            rows = [fresh.get(row.pk, row) for row in rows]
    cache.set_many({base_key: (taken, rows), key: taken}, STATES_CACHE_SECONDS)
    return rows


def _states(
    plan: Plan, period: ReportingPeriod, previous: ReportingPeriod | None, *, only: set[int] | None = None
) -> list[ActionState]:
    """One query: the states of every live action of the plan (of those in `only`), in plan order."""
    actions = actions_with_status().live().for_plan(plan)
    if only is not None:
        actions = actions.filter(pk__in=only)
    rows = (
        actions.as_at_period(period, previous)
        .in_plan_order()
        .values_list(
            "pk",
            "objective__priority_id",
            "current_rag",
            "previous_rag",
            "is_overdue",
            "updated_in_period",
            "current_confirmed",
            "current_carried",
            "is_slipped",
        )
    )
    compared = previous is not None
    return [
        ActionState(
            pk, priority_id, rag, previous_rag, is_overdue, updated, compared, confirmed, carried, slipped
        )
        for pk, priority_id, rag, previous_rag, is_overdue, updated, confirmed, carried, slipped in rows
    ]


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    return period.plan.periods.filter(as_at__lt=period.as_at).order_by("-as_at").first()


ACTIONS_PER_PAGE = 50


@dataclass
class ActionList:
    filterset: ActionFilter
    actions: QuerySet[Action]  # filtered, in plan order
    rows: QuerySet[Action]  # unfiltered, with what a row shows: a page's actions are read from it by id
    as_at: datetime.date | None
    period: ReportingPeriod | None
    previous: ReportingPeriod | None = None


class ActionListPage:
    """The action list, worked out only when asked: the rendered list is the same for every reader and
    is cached under `cache_key` (the filters, the day and every plan's revision), so a list served
    from the cache costs the key's query and nothing else: no form, no queryset, no states.

    The filter form alone is cached under `form_key` (the filters and every plan's settled revision):
    its choices are the plans' people, partners, priorities, objectives and periods, which a position
    statement never changes, so after a save only the results are rendered again, not the hundreds of
    options of the dropdowns."""

    def __init__(self, params: Mapping[str, Any], today: datetime.date) -> None:
        self.params = params
        self.today = today
        self.cache_key, self.form_key = _action_list_keys(params, today)

    @cached_property
    def built(self) -> ActionList:
        return _action_list(self.params, self.today)

    @property
    def filterset(self) -> ActionFilter:
        return self.built.filterset

    @property
    def actions(self) -> QuerySet[Action]:
        return self.built.actions

    @property
    def as_at(self) -> datetime.date | None:
        return self.built.as_at

    @property
    def period(self) -> ReportingPeriod | None:
        return self.built.period

    @property
    def previous(self) -> ReportingPeriod | None:
        return self.built.previous

    def page(self, number: Any) -> Page:
        """Page `number` of the matching actions (the last for a number past it, the first for junk).

        Two queries, not a count and an offset: the matching ids in plan order, then the page's
        actions with their ratings. The ids need no rating subqueries (filters on a rating select
        from the kept rows), and an offset would work out the rating of every action it skips: page 3
        of a 5,000-action plan would cost three pages' subqueries.
        """
        ids = list(dict.fromkeys(self.actions.values_list("pk", flat=True)))
        page = Paginator(ids, ACTIONS_PER_PAGE).get_page(number)
        shown = list(page.object_list)
        by_pk = {action.pk: _listed_action(action) for action in self.built.rows.filter(IdIn(F("pk"), shown))}
        # (An action archived between the two queries is left out rather than failing the page.)
        return Page([by_pk[pk] for pk in shown if pk in by_pk], page.number, page.paginator)


def action_list(params: Mapping[str, Any], *, today: datetime.date | None = None) -> ActionListPage:
    """The filtered action list. The RAG shown (and filtered on) is as at the chosen period, with
    its marks (`with_rating_marks`: unconfirmed, carried forward; and slipped).

    Queries: the cache key (1); then, unless served from the cache, the filter form's choices (6), the
    matching ids and the page (`ActionListPage.page`), whatever the data size.
    """
    return ActionListPage(params, today or _today())


def _action_list(params: Mapping[str, Any], today: datetime.date) -> ActionList:
    # Validate first: the chosen period decides the "as at" date of the queryset being filtered.
    filterset = ActionFilter(params, queryset=Action.objects.none())
    filterset.form.is_valid()
    period = filterset.form.cleaned_data.get("period")
    as_at = period.as_at if period else None
    previous = None
    if period:
        previous = previous_period(period)
        actions = actions_with_status().live().as_at_period(period, previous)
        filterset.states = period_states(period.plan, period, previous)
    else:
        actions = (
            actions_with_status().live().with_rag_as_at(None).with_overdue(today).with_rating_marks(None)
        )
        plan = filterset.form.cleaned_data.get("plan")
        if plan is not None and (params.get("rag") or params.get("overdue")):
            filterset.latest = plan_rows(plan, today)
    filterset.queryset = actions.in_plan_order()
    rows = actions.prefetch_related("lead_people", "lead_partners").select_related(
        "objective__priority__plan"
    )
    return ActionList(
        filterset=filterset, actions=filterset.qs, rows=rows, as_at=as_at, period=period, previous=previous
    )


def _action_list_keys(params: Mapping[str, Any], today: datetime.date) -> tuple[str, str]:
    """The list's cache key and its filter form's (`ActionListPage`). One query: every plan's
    revision and settled revision."""
    lists = sorted(params.lists() if isinstance(params, QueryDict) else ((k, [v]) for k, v in params.items()))
    revisions = list(Plan.objects.order_by("pk").values_list("pk", "revision", "settled_revision"))
    page = f"action-list:{_digest(lists)}"
    listed = [(pk, shown_revision_of(pk, revision, page)) for pk, revision, _settled in revisions]
    settled = [(pk, settled) for pk, _revision, settled in revisions]
    return _digest((lists, today.isoformat(), listed)), _digest((lists, settled))


def _digest(value: object) -> str:
    return hashlib.sha256(repr(value).encode()).hexdigest()[:32]


@dataclass
class TimelineEntry:
    statement: PositionStatement
    period: ReportingPeriod
    history_count: int


@dataclass
class ActionPage:
    action: Action
    plan: Plan
    statements: list[PositionStatement]
    current: PositionStatement | None
    open_periods: list[ReportingPeriod] = field(default_factory=list)
    statement_for_period: dict[int, PositionStatement] = field(default_factory=dict)
    is_overdue: bool = False
    due_date_moves: list[DueDateMove] = field(default_factory=list)


def action_detail(action_pk: int, *, today: datetime.date | None = None) -> ActionPage:
    """An action with its people, its statements newest first (each with who confirmed its rating
    and what it was carried forward from), the periods open for updates and its due date's moves.
    Action.DoesNotExist for an action there is not.

    Queries: 8 at most (one per prefetch), whatever the size of the plan or the length of the
    action's history.
    """
    today = today or _today()
    action = (
        actions_with_status()
        .with_rag_as_at(None)
        .with_overdue(today)
        .select_related("objective__priority__plan")
        .prefetch_related(
            Prefetch("lead_people", queryset=Person.objects.select_related("partner")),
            "lead_partners",
            Prefetch("supporting_people", queryset=Person.objects.select_related("partner")),
            "supporting_partners",
            Prefetch(
                "position_statements",
                queryset=PositionStatement.objects.select_related(
                    "period", "author__person", "confirmed_by__person", "carried_forward_from__period"
                ).order_by("-period__as_at"),
                to_attr="timeline",
            ),
        )
        .get(pk=action_pk)
    )
    plan = action.objective.priority.plan
    open_periods = list(plan.periods.open().order_by("-as_at"))
    return ActionPage(
        action=action,
        plan=plan,
        statements=action.timeline,
        current=action.timeline[0] if action.timeline else None,
        open_periods=open_periods,
        statement_for_period={s.period_id: s for s in action.timeline},
        is_overdue=action.is_overdue,
        due_date_moves=due_date_moves(action),
    )


@dataclass
class MyPlanSection:
    """An officer's actions in one plan: how many, how many have the open period's statement, and
    the actions themselves (My actions; left empty where only the counts show, on the home page)."""

    plan: Plan
    period: ReportingPeriod | None
    actions: list[Action]
    done: int
    total: int = 0

    @property
    def to_do(self) -> int:
        return self.total - self.done if self.period else 0


def _open_period_of_plan() -> QuerySet[ReportingPeriod]:
    """The open period of the plan of the action on the outer query's row (for a subquery)."""
    return (
        ReportingPeriod.objects.open().filter(plan=OuterRef("objective__priority__plan")).order_by("-as_at")
    )


def open_statement_annotations() -> dict[str, Subquery | Exists]:
    """For a queryset of actions: `open_period_id` (their plan's open period) and
    `has_open_statement` (its statement is written)."""
    return {
        "open_period_id": Subquery(_open_period_of_plan().values("pk")[:1]),
        "has_open_statement": Exists(
            PositionStatement.objects.filter(action=OuterRef("pk"), period_id=OuterRef("open_period_id"))
        ),
    }


# My actions lists this many a page: an officer of a large council's team can support hundreds.
MY_ACTIONS_PER_PAGE = 50


@dataclass
class MyActionsPage:
    """A page of the officer's actions, in plan order, under their plans (`sections`: the plans with
    actions on this page, each with its counts over every page); `counts`: every plan's counts."""

    sections: list[MyPlanSection]
    counts: list[MyPlanSection]
    page_obj: Page


def my_actions(
    person: Person | None, *, page_number: int | str | None = 1, today: datetime.date | None = None
) -> MyActionsPage:
    """The officer's actions, a page at a time, grouped by plan, each with whether this period's
    statement is done.

    Queries: 4 (none without a person; 5 when who is involved in what has changed), whatever the
    number of actions: the page's 50 are read by id from the cached list of the officer's actions
    (`_involved`), not sorted out of every action they are involved in.
    """
    today = today or _today()
    counts, involved = _my_counts(person)
    paged = Paginator(involved, MY_ACTIONS_PER_PAGE).get_page(page_number)
    if not counts:
        return MyActionsPage([], [], paged)
    shown_ids = [action_id for _plan_id, action_id in paged.object_list]
    actions = (
        _actions_for_display(as_at=None, overdue_at=today)
        .prefetch_related(None)  # the page names no leads
        .filter(IdIn(F("pk"), shown_ids))
        .annotate(**open_statement_annotations())
        .annotate(**previous_statement_annotations())
        .annotate(plan_id=F("objective__priority__plan_id"))
    )
    by_pk = {action.pk: action for action in actions}
    shown = {s.plan.pk: replace(s, actions=[]) for s in counts}
    for action in (by_pk[pk] for pk in shown_ids if pk in by_pk):  # (one archived since is left out)
        section = shown.get(action.plan_id)
        if section is None:  # moved to another plan since the list was made: shown from the next read
            continue
        section.actions.append(action)
        # The row's links, without resolving the URLconf for each (sendplan/paths.py).
        action.url = action_path(action.pk)
        if section.period is not None:
            action.statement_url = path_to("actions:statement-form", action.pk, section.period.pk)
            action.carry_forward_url = path_to(
                "actions:statement-carry-forward", action.pk, section.period.pk
            )
    return MyActionsPage([s for s in shown.values() if s.actions], counts, paged)


def _involved(person: Person, plans: Mapping[int, Plan]) -> list[tuple[int, int]]:
    """(plan id, action id) of every live action the person, or their organisation, leads or
    supports, in plan order. Cached per person, their organisation and every plan's settled revision:
    who leads or supports what, an action added, archived or moved, a plan renamed and a person moved
    to another organisation all bump it (actions/plans/revisions.py), while statements do not, so an
    officer's saves at a deadline leave it cached. Queries: 1 when it is not cached."""
    revisions = sorted((pk, plan.settled_revision) for pk, plan in plans.items())
    version = code_version(_involved, type(Action.objects.all()))
    key = f"involved:{version}:{person.pk}:{person.partner_id}:{_digest(revisions)}"
    involved = cache.get(key)
    if involved is None:
        rows = Action.objects.live().involving(person).in_plan_order()
        involved = list(rows.values_list("objective__priority__plan_id", "pk"))
        cache.set(key, involved, STATES_CACHE_SECONDS)
    return involved


def _my_counts(person: Person | None) -> tuple[list[MyPlanSection], list[tuple[int, int]]]:
    """`my_action_counts`, and the actions counted (`_involved`)."""
    if person is None:
        return [], []
    plans = Plan.objects.in_bulk()  # a site holds a few plans: their revisions key `_involved`
    # A plan made between the two reads (an import committing) is not among `plans`: its actions
    # show from the next read, when the plans' revisions make a new key.
    involved = [row for row in _involved(person, plans) if row[0] in plans]
    totals = Counter(plan_id for plan_id, _action_id in involved)
    open_periods: dict[int, ReportingPeriod] = {}
    for period in ReportingPeriod.objects.open().filter(plan_id__in=totals).order_by("plan_id", "-as_at"):
        open_periods.setdefault(period.plan_id, period)  # the latest, as `_open_period_of_plan`
    done: dict[int, int] = {}
    if open_periods:
        written = (
            PositionStatement.objects.filter(period_id__in=[p.pk for p in open_periods.values()])
            .filter(IdIn(F("action_id"), [action_id for _plan_id, action_id in involved]))
            .order_by()
            .values("period_id")
            .annotate(n=Count("pk"))
        )
        plan_of = {period.pk: plan_id for plan_id, period in open_periods.items()}
        done = {plan_of[row["period_id"]]: row["n"] for row in written}
    sections = [
        MyPlanSection(plans[plan_id], open_periods.get(plan_id), [], done.get(plan_id, 0), total)
        for plan_id, total in totals.items()
    ]
    return sorted(sections, key=lambda section: (section.plan.title, section.plan.pk)), involved


def my_action_counts(person: Person | None) -> list[MyPlanSection]:
    """As `my_actions`, counts only (no actions): what the home page says. Queries: 3 (none without a
    person; 4 when who is involved in what has changed), whatever the number of actions: the
    officer's actions are listed once per change of who is involved in what (`_involved`), and the
    statements written in the open periods counted among them."""
    return _my_counts(person)[0]


@dataclass
class HomePage:
    plans: "list[WithAnnotations[Plan, PlanCounts]]"
    my_sections: list[MyPlanSection]
    open_periods: list[ReportingPeriod]

    @property
    def my_to_do(self) -> int:
        return sum(s.to_do for s in self.my_sections)


def home(person: Person | None, *, with_my_actions: bool) -> HomePage:
    plans = list(plan_list().filter(status=Plan.Status.ACTIVE))
    return HomePage(
        plans=plans,
        my_sections=my_action_counts(person) if with_my_actions else [],
        open_periods=[p for plan in plans for p in plan.open_periods],
    )


def _stated_in(period_ref: ReportingPeriod) -> QuerySet[PositionStatement]:
    """Statements a lead gave in the period: the "No update" closing writes is not one."""
    return PositionStatement.objects.filter(action=OuterRef("pk"), period=period_ref).given()


class PeriodCounts(TypedDict):
    action_count: int
    updated_count: int


def _with_counts(
    periods: QuerySet[ReportingPeriod],
) -> "QuerySet[WithAnnotations[ReportingPeriod, PeriodCounts]]":
    """Annotate `action_count` (live actions in the plan by the period's as-at date) and
    `updated_count` (those with a statement from their lead in it)."""
    in_plan = (
        Action.objects.live()
        .filter(in_plan_by(OuterRef("as_at")), objective__priority__plan=OuterRef("plan"))
        .order_by()
        .values("objective__priority__plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # As `PositionStatement.objects.given()`, on the relation (a Count's filter is a Q).
    counted = (
        Q(position_statements__action__is_archived=False)
        & in_plan_by(F("as_at"), via="position_statements__action__")
        & ~Q(position_statements__rag=NO_UPDATE)
    )
    return periods.annotate(
        action_count=Coalesce(Subquery(in_plan, output_field=IntegerField()), 0),
        updated_count=Count("position_statements", filter=counted),
    )


def period_list(plan: Plan) -> "list[WithAnnotations[ReportingPeriod, PeriodCounts]]":
    """The plan's periods, newest first, with `action_count` and `updated_count`. One query."""
    return list(_with_counts(plan.periods.all()).order_by("-as_at"))


@dataclass
class PeriodSummary:
    """A period's counts, for the close and reopen pages."""

    period: ReportingPeriod
    action_count: int
    updated_count: int
    no_updates: int  # "No update" statements closing wrote

    @property
    def missing(self) -> int:
        return self.action_count - self.updated_count


def period_summary(period: ReportingPeriod) -> PeriodSummary:
    """Two queries."""
    counted = _with_counts(ReportingPeriod.objects.filter(pk=period.pk)).get()
    no_updates = period.position_statements.closing_no_updates().count()
    return PeriodSummary(period, counted.action_count, counted.updated_count, no_updates)


# A lead's row lists this many of their actions; beyond it, a link opens them in the action list.
PROGRESS_LIST_LIMIT = 10
# "By lead person" shows this many leads a page, those with most actions still to write first.
PROGRESS_LEADS_PER_PAGE = 25


class ProgressAction(NamedTuple):
    """An action as the progress page lists it: a link by its reference (its description, cut to twelve
    words, as the link's hidden context), and whether a lead gave its statement for the period."""

    pk: int
    ref: str
    description: str
    stated: bool = False

    @property
    def url(self) -> str:
        return action_path(self.pk)


@dataclass
class ProgressTally:
    """A lead's actions in a period, counted: with a statement and without, and the first
    PROGRESS_LIST_LIMIT without one (all a row shows). Cached: a few dozen of these, not 5,000 rows."""

    done_count: int = 0
    missing_count: int = 0
    missing_shown: list[ProgressAction] = field(default_factory=list)

    def add(self, action: ProgressAction) -> None:
        if action.stated:
            self.done_count += 1
        else:
            self.missing_count += 1
            if len(self.missing_shown) < PROGRESS_LIST_LIMIT:
                self.missing_shown.append(action)

    @property
    def total(self) -> int:
        return self.done_count + self.missing_count

    @property
    def missing_more(self) -> int:
        return max(0, self.missing_count - PROGRESS_LIST_LIMIT)


@dataclass
class ProgressRow(ProgressTally):
    """A tally, and the action list showing each lot (`list_filters`: the lead's filter; empty where
    the action list cannot select the row)."""

    list_filters: dict[str, int] = field(default_factory=dict)
    period_pk: int = 0
    plan_pk: int = 0

    def _list_url(self, updated: str) -> str:
        if not self.list_filters:
            return ""
        where = {"plan": self.plan_pk, "period": self.period_pk, **self.list_filters, "updated": updated}
        return f"{action_list_path()}?{urlencode(where)}"

    @property
    def done_url(self) -> str:
        return self._list_url("true")

    @property
    def missing_url(self) -> str:
        return self._list_url("false")


@dataclass
class LeadProgress(ProgressRow):
    """One lead person's actions in a period: with a statement and without."""

    person: Person | None = None
    last_reminder_kind: str = ""
    last_reminder_at: datetime.datetime | None = None

    @property
    def email(self) -> str:
        """Where reminders go (reads person.user: loaded by the selector)."""
        return email_address(self.person) if self.person else ""

    @property
    def shown(self) -> tuple:
        """What the row shows of its person and their last reminder, none of which bumps a revision
        (part of `PeriodProgress.people_key`)."""
        person = self.person
        if person is None:
            return ()
        partner = person.partner.name if person.partner else ""
        reminder = (self.last_reminder_kind, self.last_reminder_at)
        return (person.pk, person.name, partner, person.receives_reminders, self.email, reminder)


@dataclass
class PartnerProgress(ProgressRow):
    """One lead organisation's actions in a period; `partner` None: actions with no lead at all."""

    partner: Partner | None = None


@dataclass
class Reopening:
    when: datetime.datetime
    who: str
    reason: str


@dataclass
class PeriodProgress:
    period: ReportingPeriod
    today: datetime.date
    total: int
    with_statement: int
    by_person: list[LeadProgress]
    by_partner: list[PartnerProgress]
    reopenings: list[Reopening]
    # The page of `by_person` shown (PROGRESS_LEADS_PER_PAGE): a large area has hundreds of leads.
    people_page: Page
    # The partners' table, the same for every reader, is cached under this: the tallies as shown and
    # the partners' names (a name changes no revision).
    partners_key: str = ""
    # The page of the lead people's table (with its reminder forms), the same for every reader, is
    # cached under this: the tallies as shown, the page, the period's state and what each row shows
    # of its person and their last reminder.
    people_key: str = ""

    @property
    def without_statement(self) -> int:
        return self.total - self.with_statement

    @property
    def percent(self) -> int:
        return round(100 * self.with_statement / self.total) if self.total else 0

    @property
    def days_left(self) -> int | None:
        """Days until the deadline (0 on the day); None without one; negative once it has passed."""
        if self.period.closes_on is None:
            return None
        return (self.period.closes_on - self.today).days


def period_reopenings(period: ReportingPeriod) -> list[Reopening]:
    """Each time the period was opened again after closing: who, when and why. One query."""
    records = period.history.select_related("history_user__person").order_by("history_date", "history_id")
    reopenings, was_open = [], None
    for record in records:
        is_open = record.state == ReportingPeriod.State.OPEN
        if is_open and was_open is False:
            who = display_name(record.history_user)
            reopenings.append(Reopening(record.history_date, who, record.history_change_reason or ""))
        was_open = is_open
    return reopenings


def _progress_leads(live: QuerySet[Action]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """Which people and which partners lead each of the actions (action id -> their ids). 2 queries."""
    led_by = Action.lead_people.through.objects.filter(action__in=live).values_list("action_id", "person_id")
    led_by_partner = Action.lead_partners.through.objects.filter(action__in=live).values_list(
        "action_id", "partner_id"
    )
    person_leads: dict[int, list[int]] = defaultdict(list)
    for action_id, person_id in led_by:
        person_leads[action_id].append(person_id)
    partner_leads: dict[int, list[int]] = defaultdict(list)
    for action_id, partner_id in led_by_partner:
        partner_leads[action_id].append(partner_id)
    return dict(person_leads), dict(partner_leads)


def _most_missing_first(row: LeadProgress) -> tuple[int, str, int]:
    person = row.person
    return (-row.missing_count, person.name if person else "", person.pk if person else 0)


@dataclass
class _ProgressTallies:
    people: dict[int, ProgressTally]
    partners: dict[int, ProgressTally]
    nobody: ProgressTally  # actions with no lead at all
    total: int
    with_statement: int


def _progress_tallies(
    period: ReportingPeriod,
    live: QuerySet[Action],
    compute: Callable[[set[int] | None], list[ProgressAction]],
) -> tuple[str, _ProgressTallies]:
    """Each lead person's and partner's tally, and the key it is cached under, per revision as shown
    (`Plan.shown_revision`): from the rows kept up to date as statements arrive (`kept_up_to_date`)
    and who leads what, which changes only with the settled revision. Queries: none on a hit; else
    1 to 3."""
    plan = period.plan
    version = code_version(ProgressAction, ProgressTally, sys.modules[__name__])
    tallies_of = f"progress-tallies:{version}:{plan.pk}:{period.pk}"
    key = f"{tallies_of}:{plan.shown_revision(tallies_of)}"
    tallies = cache.get(key)
    if tallies is not None:
        return key, tallies
    actions = kept_up_to_date(plan, f"progress-rows:{version}:{plan.pk}:{period.pk}", compute)
    leads_key = f"progress-leads:{version}:{plan.pk}:{period.pk}:{plan.settled_revision}"
    leads = cache.get(leads_key)
    if leads is None:
        leads = _progress_leads(live)
        cache.set(leads_key, leads, STATES_CACHE_SECONDS)
    person_leads, partner_leads = leads
    people: dict[int, ProgressTally] = defaultdict(ProgressTally)
    partners: dict[int, ProgressTally] = defaultdict(ProgressTally)
    nobody = ProgressTally()
    for action in actions:
        led_by, led_by_partners = person_leads.get(action.pk, ()), partner_leads.get(action.pk, ())
        for pk in led_by:
            people[pk].add(action)
        for pk in led_by_partners:
            partners[pk].add(action)
        if not led_by and not led_by_partners:
            nobody.add(action)
    tallies = _ProgressTallies(
        people=dict(people),
        partners=dict(partners),
        nobody=nobody,
        total=len(actions),
        with_statement=sum(1 for action in actions if action.stated),
    )
    cache.set(key, tallies, STATES_CACHE_SECONDS)
    return key, tallies


def period_progress(
    period: ReportingPeriod, *, today: datetime.date | None = None, page_number: int | str | None = 1
) -> PeriodProgress:
    """Which actions have a statement in the period, by lead person and by lead partner.

    Counts live actions in the plan by the period's as-at date; a "No update" written by closing
    counts as no statement. Plain rows rather than model instances, so a 5,000-action plan costs
    what its few dozen leads do; the rows are kept up to date as statements arrive (`kept_up_to_date`)
    and who leads what per settled revision. Lead people come a page at a time (`people_page`, most
    missing first); lead partners, a few dozen at most, all at once. Queries: 7, whatever the number
    of actions; 4 to 6 while kept.
    """
    today = today or _today()
    live = Action.objects.live().for_plan(period.plan_id).existing_at(period.as_at)

    def compute(only: set[int] | None) -> list[ProgressAction]:
        rows = live if only is None else live.filter(pk__in=only)
        stated = rows.annotate(has_statement=Exists(_stated_in(period))).in_plan_order()
        # The description is only the link's hidden context: cut once here, not on every render.
        return [
            ProgressAction(pk, ref, Truncator(description).words(12, truncate=" …"), has_statement)
            for pk, ref, description, has_statement in stated.values_list(
                "pk", "ref", "description", "has_statement"
            )
        ]

    tallies_key, tallies = _progress_tallies(period, live, compute)
    person_ids, partner_ids = set(tallies.people), set(tallies.partners)
    people_by_pk = Person.objects.select_related("partner", "user").in_bulk(person_ids)
    partners_by_pk = Partner.objects.in_bulk(partner_ids)
    period_pk, plan_pk = period.pk, period.plan_id

    def row[T: ProgressRow](kind: type[T], tally: ProgressTally, **fields: Any) -> T:
        return kind(**vars(tally), period_pk=period_pk, plan_pk=plan_pk, **fields)

    # The people and partners themselves are read afresh: a sign-in's address or deactivation
    # bumps no revision.
    people = {
        pk: row(LeadProgress, tallies.people[pk], person=person, list_filters={"lead": pk})
        for pk, person in people_by_pk.items()
    }
    partners: dict[int | None, PartnerProgress] = {
        pk: row(PartnerProgress, tallies.partners[pk], partner=partner, list_filters={"lead_partner": pk})
        for pk, partner in partners_by_pk.items()
    }
    if tallies.nobody.total:
        partners[None] = row(PartnerProgress, tallies.nobody, partner=None)
    by_person = sorted(people.values(), key=_most_missing_first)
    people_page = Paginator(by_person, PROGRESS_LEADS_PER_PAGE).get_page(page_number)
    latest = Reminder.objects.filter(period=period).order_by("person_id", "-sent_at")
    for person_id, kind, sent_at in latest.values_list("person_id", "kind", "sent_at"):
        lead = people.get(person_id)
        if lead is not None and lead.last_reminder_at is None:
            lead.last_reminder_kind, lead.last_reminder_at = Reminder.Kind(kind).label, sent_at
    return PeriodProgress(
        period=period,
        today=today,
        total=tallies.total,
        with_statement=tallies.with_statement,
        by_person=by_person,
        people_page=people_page,
        by_partner=sorted(
            partners.values(),
            key=lambda r: (r.partner is None, -r.missing_count, r.partner.name if r.partner else ""),
        ),
        reopenings=period_reopenings(period),
        partners_key=_digest((tallies_key, sorted((pk, p.name) for pk, p in partners_by_pk.items()))),
        people_key=_digest(
            (
                tallies_key,
                period.state,
                len(by_person),
                people_page.number,
                [lead.shown for lead in people_page],
            )
        ),
    )


@dataclass
class UpdatesDue:
    """The "updates due" banner for one plan on an officer's home page and My actions."""

    plan: Plan
    period: ReportingPeriod
    to_do: int
    total: int
    deadline_passed: bool


def updates_due(sections: list[MyPlanSection], *, today: datetime.date | None = None) -> list[UpdatesDue]:
    """From `my_actions` sections already loaded: no query of its own."""
    today = today or _today()
    return [
        UpdatesDue(
            plan=s.plan,
            period=s.period,
            to_do=s.to_do,
            total=s.total,
            deadline_passed=bool(s.period.closes_on and today > s.period.closes_on),
        )
        for s in sections
        if s.period is not None
    ]


def previous_statement_annotations() -> dict[str, Subquery | Exists]:
    """`has_previous_statement`: whether the action has a statement a lead gave before its open
    period (an `open_period_id` annotated before these), which "No change since last period" can
    carry forward. For `.annotate(**...)`: computed in the same query."""
    as_at = ReportingPeriod.objects.filter(pk=OuterRef("open_period_id")).values("as_at")[:1]
    earlier = (
        PositionStatement.objects.filter(action=OuterRef("pk")).given().before(OuterRef("open_period_as_at"))
    )
    return {"open_period_as_at": Subquery(as_at), "has_previous_statement": Exists(earlier)}


def statement_for_form(
    action: Action, period: ReportingPeriod
) -> tuple[PositionStatement | None, PositionStatement | None]:
    """The action's statement for this period, if any, and the latest earlier one a lead gave.

    The earlier one (never a "No update") is what "No change since last period" would copy.
    """
    statements = PositionStatement.objects.filter(action=action).select_related("period")
    existing = statements.filter(period=period).first()
    previous = statements.given().before(period.as_at).first()
    return existing, previous


@dataclass
class RatingRow:
    """An unconfirmed statement on the "Ratings to confirm" page, and whether this user may confirm it."""

    statement: PositionStatement
    refusal: str | None

    @property
    def may_confirm(self) -> bool:
        return self.refusal is None

    @property
    def proposed(self) -> str:
        return self.statement.proposed_rag or self.statement.rag

    @property
    def shown(self) -> tuple:
        """What the row's card shows, as a part of `RatingsPage.cards_key`."""
        statement = self.statement
        carried_from = statement.carried_forward_from
        return (
            statement.pk,
            statement.version,
            statement.action.version,
            display_name(statement.author) if statement.author else "",
            statement.period.name,
            carried_from.period.name if carried_from else "",
            self.may_confirm,
        )


@dataclass
class RatingsGroup:
    priority: Priority
    rows: list[RatingRow]


# "Ratings to confirm" shows this many a page: each is a card with two forms.
RATINGS_PER_PAGE = 25


@dataclass
class RatingsPage:
    """One page of the ratings awaiting this user's confirmation; the counts cover every page."""

    plan: Plan
    groups: list[RatingsGroup]
    to_confirm: int
    own: int
    page_obj: Page

    @property
    def cards_key(self) -> str:
        """What the page's cards show, for caching them (their forms carry each reader's own CSRF
        token: sendplan/fragments.py): every statement's version and whether this reader may confirm
        it, its action's version, and the names shown, which change no version."""
        return _digest(
            (
                self.page_obj.number,
                self.page_obj.paginator.count,
                [
                    (
                        group.priority.pk,
                        group.priority.ref,
                        group.priority.title,
                        [row.shown for row in group.rows],
                    )
                    for group in self.groups
                ],
            )
        )


def ratings_to_confirm(
    plan: Plan, user: AnyUser, *, led_priorities: set[int], page_number: int | str | None = 1
) -> RatingsPage:
    """The plan's ratings awaiting confirmation that this user could confirm, by priority in plan order,
    a page (RATINGS_PER_PAGE) at a time.

    Plan administrators see every priority's; a priority lead sees their priorities' (`led_priorities`,
    from `access.led_priority_ids`). Statements the user wrote are listed too, as someone else's to
    confirm, and counted apart (`own`). Queries: 3 (1 with none awaiting), whatever their number.
    """
    statements = PositionStatement.objects.awaiting_confirmation().filter(period__plan=plan)
    if not role_for(user).is_plan_admin:
        statements = statements.filter(action__objective__priority_id__in=led_priorities)
    counts = statements.aggregate(total=Count("pk"), own=Count("pk", filter=Q(author_id=user.pk)))
    paged = Paginator(range(counts["total"]), RATINGS_PER_PAGE).get_page(page_number)
    # The page's ids first, then those statements with all a card shows: sorting hundreds of rows of
    # ids is cheap, sorting them joined to six tables is not (14 ms against 4 at 800 awaiting).
    in_plan_order = statements.order_by(
        "action__objective__priority__order",
        "action__objective__priority_id",
        "action__objective__order",
        "action__objective_id",
        "action__order",
        "action_id",
        "period__as_at",
    ).values_list("pk", flat=True)
    shown = list(in_plan_order[paged.start_index() - 1 : paged.end_index()]) if counts["total"] else []
    by_pk = PositionStatement.objects.select_related(
        "action__objective__priority", "period", "author__person", "carried_forward_from__period"
    ).in_bulk(shown)
    groups: dict[int, RatingsGroup] = {}
    for statement in (by_pk[pk] for pk in shown if pk in by_pk):  # (one deleted in between is left out)
        priority = statement.action.objective.priority
        group = groups.get(priority.pk)
        if group is None:
            group = groups[priority.pk] = RatingsGroup(priority, [])
        refusal = confirm_refusal(user, statement, led_priorities=led_priorities)
        group.rows.append(RatingRow(statement, refusal))
    return RatingsPage(
        plan=plan,
        groups=list(groups.values()),
        to_confirm=counts["total"] - counts["own"],
        own=counts["own"],
        page_obj=paged,
    )


@dataclass
class PlanRatingsCount:
    plan_id: int
    plan_title: str
    count: int


def ratings_to_confirm_counts(user: AnyUser) -> list[PlanRatingsCount]:
    """Per active plan, how many ratings this user could confirm now (for the home page). One query.

    Plan administrators: every priority's; anyone named as a priority lead: their priorities'. Their
    own statements are not counted: someone else confirms those.
    """
    if not user.is_authenticated or role_for(user).is_read_only:
        return []
    statements = (
        PositionStatement.objects.awaiting_confirmation()
        .filter(period__plan__status=Plan.Status.ACTIVE)
        .exclude(author=user)
    )
    if not role_for(user).is_plan_admin:
        statements = statements.filter(action__objective__priority__lead_people__user=user)
    rows = (
        statements.order_by()
        .values("period__plan_id", "period__plan__title")
        .annotate(n=Count("pk", distinct=True))
        .order_by("period__plan__title")
    )
    return [PlanRatingsCount(r["period__plan_id"], r["period__plan__title"], r["n"]) for r in rows]


def action_changes(action: Action) -> list[ChangeEntry]:
    """Field-level history of an action and of its position statements, newest first.

    Queries: 9, however long the history (M2M snapshots are prefetched, names fetched once).
    """
    entries = history.action_changes(action)
    statement_records = (
        PositionStatement.history.filter(action_id=action.pk)
        .select_related("history_user__person", "period")
        .order_by("history_date", "history_id")
    )
    last_seen: dict[int, HistoricalRecord] = {}
    for record in statement_records:
        prior = last_seen.get(record.id)
        last_seen[record.id] = record
        what = f"Position statement, {record.period.name}"
        if prior is None:
            changes = [
                FieldChange("RAG rating", "", rag_label(record.rag)),
                FieldChange("Narrative", "", record.narrative),
            ]
            kind = "created"
        else:
            changes = []
            if prior.rag != record.rag:
                changes.append(FieldChange("RAG rating", rag_label(prior.rag), rag_label(record.rag)))
            if prior.narrative != record.narrative:
                changes.append(FieldChange("Narrative", prior.narrative, record.narrative))
            kind = "deleted" if record.history_type == "-" else "changed"
            if not changes and kind == "changed":
                continue
        entries.append(
            ChangeEntry(
                record.history_date,
                history.who(record),
                what,
                kind,
                changes,
                record.history_change_reason or "",
            )
        )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
