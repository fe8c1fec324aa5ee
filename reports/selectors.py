"""Every figure a board sees, as plain data: the dashboard page, the PDF and the workbook render this.

Counts are tallies of `actions.cycle.selectors.period_states`: each action's rating as at the period,
computed in the database by the same annotations the filtered action list uses, so a count and the
list behind its link always agree. Each count carries that link. Nothing here renders; nothing
elsewhere counts. Results are cached per plan revision, which every change to the plan bumps.
"""

import datetime
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count
from django.urls import reverse

from actions.cycle.models import NO_UPDATE, Movement, Rag, ReportingPeriod, actions_with_status
from actions.cycle.selectors import ActionState, action_list_path, period_states
from actions.findings.models import Inspection
from actions.findings.selectors import FindingCoverage, coverage
from actions.measures.selectors import MeasureReport, measure_reports
from actions.plans.models import Action, Plan, Priority
from partners.models import Partner, Person
from sendplan.caching import cached_or_computed, code_version

from .rag import RAG_KEYS, RagCounts


@dataclass(frozen=True)
class PeriodInfo:
    pk: int
    name: str
    as_at: datetime.date
    state: str

    @classmethod
    def of(cls, period: ReportingPeriod) -> "PeriodInfo":
        return cls(period.pk, period.name, period.as_at, period.get_state_display())


@dataclass(frozen=True)
class Count_:
    """A number and the action list that shows exactly those actions."""

    value: int
    url: str


# The action-list filter that lists exactly the actions behind each figure of a group ("all": the
# group's own list, with no filter added).
FIGURE_FILTERS: dict[str, str] = {
    **{key: f"rag={key}" for key in RAG_KEYS},
    "all": "",
    "overdue": "overdue=true",
    "not_updated": "updated=false",
    "newly_red": "escalation=newly_red",
    "red_streak": "escalation=red_streak",
    "unconfirmed": "confirmation=unconfirmed",
    "carried": "carried=true",
    "slipped": "slipped=true",
    **{m.value: f"movement={m.value}" for m in Movement},
}


class FigureLinks(Mapping[str, str]):
    """Each figure's action-list link (`FIGURE_FILTERS` key → URL), made when a page asks for it: an
    accountability page of 150 leads shows 8 of each lead's 18, and making them all was a third of
    its rebuild. No links (""), as in a pack, where the group has no list."""

    __slots__ = ("list_url",)

    def __init__(self, list_url: str) -> None:
        self.list_url = list_url

    def __getitem__(self, key: str) -> str:
        extra = FIGURE_FILTERS[key]
        return f"{self.list_url}&{extra}" if extra and self.list_url else self.list_url

    def __iter__(self) -> Iterator[str]:
        return iter(FIGURE_FILTERS)

    def __len__(self) -> int:
        return len(FIGURE_FILTERS)


@dataclass
class Figures:
    """The counts for one group of actions (the whole plan, a priority, a partner or a person)."""

    label: str
    rag: RagCounts
    list_url: str  # the group's action list, filtered as at the period; "" for none
    overdue: int = 0
    not_updated: int = 0  # without a statement for the period: none at all, or "No update"
    movement: dict[str, int] = field(default_factory=dict)
    newly_red: int = 0
    red_streak: int = 0
    unconfirmed: int = 0  # ratings awaiting confirmation
    carried: int = 0  # carried forward: "no change since last period"
    slipped: int = 0  # due date moved later than first agreed

    @property
    def links(self) -> FigureLinks:
        return FigureLinks(self.list_url)

    def rag_cells(self) -> list[tuple[str, str, Count_]]:
        """(key, word, count with link) in display order, for tables."""
        return [(key, word, Count_(n, self.links[key])) for key, word, n in self.rag.items()]

    @property
    def total(self) -> Count_:
        return Count_(self.rag.total, self.links["all"])


@dataclass(frozen=True)
class ActionLine:
    """One action as the board lists it."""

    pk: int
    ref: str
    description: str
    priority: str
    leads: str
    due_date: datetime.date | None
    timeframe: str
    rag: str | None
    previous_rag: str | None
    is_overdue: bool
    url: str
    updated_in_period: bool = True
    is_newly_red: bool = False
    is_red_streak: bool = False
    confirmed: bool | None = True  # False: the rating awaits confirmation; None: no rating to confirm
    is_carried_forward: bool = False
    original_due_date: datetime.date | None = None
    is_rebaselined: bool = False  # `Action.is_rebaselined`

    @property
    def is_unconfirmed(self) -> bool:
        return self.confirmed is False

    @property
    def when(self) -> str:
        """As `Action.when_text`: the due date as people write it, or the timeframe."""
        return f"{self.due_date:%-d %b %Y}" if self.due_date else self.timeframe


@dataclass(frozen=True)
class MeasureLine:
    """One impact measure as the board reads it in a period: this period's figure against the trajectory."""

    pk: int
    name: str
    url: str
    value_text: str  # this period's figure ("" with none)
    expected_text: str  # what the trajectory expects ("" before the baseline or with no trajectory)
    target_text: str  # "80% by 1 Sep 2027" ("" with no target)
    rag: str  # in force ("" with no figure this period)
    confirmed: bool | None  # False: the rating awaits confirmation; None: no figure
    trend: str  # "up", "down", "same" or ""
    trend_better: bool | None
    trend_text: str  # "Up, better" (words beside the arrow, never the arrow alone)
    latest_text: str  # the latest earlier figure when there is none this period ("" otherwise)
    latest_period: str

    @property
    def is_unconfirmed(self) -> bool:
        return self.confirmed is False

    @property
    def rag_key(self) -> str:
        """The RAG counts' key: "no_update" stands for "no figure this period"."""
        return self.rag or NO_UPDATE

    @property
    def is_off_trajectory(self) -> bool:
        return self.rag in OFF_TRAJECTORY

    @classmethod
    def of(cls, report: MeasureReport, url: str) -> "MeasureLine":
        current, target = report.current, report.target
        way, better = report.trend
        latest = report.latest if not current.has_figure else None
        return cls(
            pk=report.pk,
            name=report.name,
            url=url,
            value_text=current.text,
            expected_text=current.expected_text,
            target_text=f"{target.text} by {target.date:%-d %b %Y}" if target else "",
            rag=current.rag,
            confirmed=current.confirmed,
            trend=way,
            trend_better=better,
            trend_text=report.trend_text,
            latest_text=latest.text if latest else "",
            latest_period=latest.period_name if latest else "",
        )


@dataclass(frozen=True)
class RatedAction:
    """An action a measure evidences, with its rating as at the period."""

    pk: int
    ref: str
    rag: str | None  # None or "no_update": no rating
    confirmed: bool | None
    url: str = ""

    @property
    def is_unconfirmed(self) -> bool:
        return self.confirmed is False


@dataclass(frozen=True)
class MeasureException:
    """A measure off trajectory while every rated action it evidences is Green or Blue."""

    measure: MeasureLine
    actions: list[RatedAction]  # every linked action in the plan as at the period, in plan order


@dataclass
class Dashboard:
    plan_pk: int
    revision: int
    plan_title: str
    local_area: str
    period: PeriodInfo
    previous: PeriodInfo | None
    periods: list[PeriodInfo]
    plan: Figures
    priorities: list[Figures]
    newly_red: list[ActionLine]  # the first LIST_LIMIT of each; the Figures hold the full counts
    red_streak: list[ActionLine]
    overdue: list[ActionLine]
    not_updated: list[ActionLine]
    trend: list[tuple[PeriodInfo, RagCounts]]
    heat_map: list[tuple[str, list[RagCounts]]]  # priority label, counts per period (same order as periods)
    measure_list_url: str = ""
    measures: list[MeasureLine] = field(default_factory=list)  # every measure, in the plan's order
    measure_rag: RagCounts = field(default_factory=RagCounts)  # "no_update": no figure this period
    measure_exceptions: list[MeasureException] = field(default_factory=list)  # the first LIST_LIMIT
    measure_exception_total: int = 0
    # Each inspection finding of the plan as at the period (`actions.findings.selectors.coverage`);
    # empty when the plan has none, and then the section is not shown.
    findings: list[FindingCoverage] = field(default_factory=list)
    findings_url: str = ""  # the findings matrix page, as at the period
    priority_action_plan_url: str = ""

    @property
    def findings_with_warnings(self) -> int:
        return sum(1 for f in self.findings if f.warnings)

    @property
    def measure_rag_cells(self) -> list[tuple[str, str, int]]:
        """(key, word, count) of the measures by RAG, the words a board uses for measures."""
        return [(key, MEASURE_RAG_WORDS.get(key, word), n) for key, word, n in self.measure_rag.items()]

    @property
    def movement(self) -> list[tuple[str, str, Count_]]:
        return [
            (m.value, m.label, Count_(self.plan.movement.get(m.value, 0), self.plan.links[m.value]))
            for m in Movement
        ]


@dataclass
class Accountability:
    plan_pk: int
    revision: int
    plan_title: str
    period: PeriodInfo
    previous: PeriodInfo | None
    periods: list[PeriodInfo]
    partners: list[Figures]
    people: list[Figures]


OFF_TRAJECTORY = (Rag.RED, Rag.AMBER)
ON_TRACK = (Rag.GREEN, Rag.BLUE)
RATED = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE)
MEASURE_RAG_WORDS = {NO_UPDATE: "No figure this period"}


def off_trajectory_while_on_track(measure_rag: str, action_rags: Iterable[str | None]) -> bool:
    """The board's warning sign: the measure is Red or Amber, yet the actions meant to move it say all
    is well: at least one of them is rated and every rated one is Green or Blue.

    An action with no rating as at the period (no statement, "No update" or "Not rated") says nothing
    either way, so it neither raises nor hides the warning; with no rated action at all (or no linked
    action) there is nothing saying all is well, so the measure is not listed.
    """
    if measure_rag not in OFF_TRAJECTORY:
        return False
    rated = [rag for rag in action_rags if rag in RATED]
    return bool(rated) and all(rag in ON_TRACK for rag in rated)


def measure_exception_reports(
    reports: Iterable[MeasureReport], states: dict[int, ActionState]
) -> list[tuple[MeasureReport, list[int]]]:
    """Each report `off_trajectory_while_on_track`, with the pks of its linked actions that were in the
    plan as at the period (`states`: every action's state then), in plan order. No query."""
    found = []
    for report in reports:
        linked = [pk for pk in report.linked_action_ids if pk in states]
        if off_trajectory_while_on_track(report.current.rag, [states[pk].rag for pk in linked]):
            found.append((report, linked))
    return found


def measure_url(pk: int) -> str:
    return reverse("actions:measure-detail", args=[pk])


class NoReportingPeriod(Exception):
    """The plan has no reporting period yet, so there is nothing to report as at."""


# A dashboard lists at most this many actions under each heading, then links to the full list.
LIST_LIMIT = 25
CACHE_SECONDS = 24 * 60 * 60


# Filter values that need no quoting in a query string: ids and the filters' own words ("no_update").
_PLAIN = re.compile(r"[A-Za-z0-9_.-]*")


def _action_list_url(plan_pk: int, period_pk: int, **filters: str | int | None) -> str:
    """A filtered action list's link. A dashboard or accountability page makes thousands, so plain
    values are joined as they are rather than each quoted by urlencode (a third of the page's time)."""
    params = {"plan": plan_pk, "period": period_pk, **{k: v for k, v in filters.items() if v is not None}}
    if all(_PLAIN.fullmatch(str(value)) for value in params.values()):
        query = "&".join(f"{name}={value}" for name, value in params.items())
    else:
        query = urlencode(params)
    return f"{action_list_path()}?{query}"


def figures_for(label: str, states: list[ActionState], list_url: str) -> Figures:
    """Tally a group of action states, in one pass: an accountability page tallies 150 groups of up to
    thousands. `list_url`: the group's action list (`_action_list_url`), "" for no links."""
    rags = Counter(s.rag or NO_UPDATE for s in states)
    movement = Counter(s.movement for s in states)
    overdue = not_updated = newly_red = red_streak = unconfirmed = carried = slipped = 0
    for s in states:
        overdue += s.is_overdue
        not_updated += not s.updated_in_period
        newly_red += s.is_newly_red
        red_streak += s.is_red_streak
        unconfirmed += s.is_unconfirmed
        carried += s.is_carried_forward
        slipped += s.slipped
    return Figures(
        label=label,
        rag=RagCounts(**{key: rags[key] for key in RAG_KEYS}),
        list_url=list_url,
        overdue=overdue,
        not_updated=not_updated,
        movement={m.value: movement[m.value] for m in Movement},
        newly_red=newly_red,
        red_streak=red_streak,
        unconfirmed=unconfirmed,
        carried=carried,
        slipped=slipped,
    )


def plan_periods(
    plan: Plan, period_pk: int | None
) -> tuple[list[ReportingPeriod], ReportingPeriod, ReportingPeriod | None]:
    """The plan's periods oldest first, the chosen one (default: the latest) and the one before it.

    A period that is not the plan's raises ReportingPeriod.DoesNotExist.
    """
    periods = list(plan.periods.order_by("as_at"))
    if not periods:
        raise NoReportingPeriod(plan.title)
    index: int | None
    if period_pk is None:
        index = len(periods) - 1
    else:
        index = next((i for i, p in enumerate(periods) if p.pk == period_pk), None)
        if index is None:
            raise ReportingPeriod.DoesNotExist(f"No reporting period {period_pk} in {plan.title}")
    for p in periods:
        p.plan = plan  # period_states reads plan.revision without another query
    return periods, periods[index], periods[index - 1] if index else None


def priority_label(priority: Priority) -> str:
    return f"Priority {priority.ref}: {priority.title}" if priority.ref else priority.title


def _action_lines(states: list[ActionState], pks: set[int], labels: dict[int, str]) -> dict[int, ActionLine]:
    """Display rows for the chosen actions: one query, plus two for their leads."""
    by_pk = {s.pk: s for s in states}
    actions = (
        Action.objects.filter(pk__in=pks)
        .select_related("objective")
        .prefetch_related("lead_people", "lead_partners")
    )
    lines = {}
    for action in actions:
        state = by_pk[action.pk]
        leads = [p.name for p in action.lead_people.all()] + [p.name for p in action.lead_partners.all()]
        lines[action.pk] = ActionLine(
            pk=action.pk,
            ref=action.ref,
            description=action.description,
            priority=labels.get(action.objective.priority_id, ""),
            leads=", ".join(leads),
            due_date=action.due_date,
            timeframe=action.timeframe,
            rag=state.rag,
            previous_rag=state.previous_rag,
            is_overdue=state.is_overdue,
            url=action.get_absolute_url(),
            updated_in_period=state.updated_in_period,
            is_newly_red=state.is_newly_red,
            is_red_streak=state.is_red_streak,
            confirmed=state.confirmed,
            is_carried_forward=state.is_carried_forward,
            original_due_date=action.original_due_date,
            is_rebaselined=action.is_rebaselined,
        )
    return lines


def _version(shape: type) -> str:
    """Changes with the cached dataclass's shape, this module's code and that of the measures' and the
    findings' read models the dashboard's impact measures and findings come from (`code_version`)."""
    return code_version(
        shape,
        sys.modules[__name__],
        sys.modules[measure_reports.__module__],
        sys.modules[coverage.__module__],
    )


def dashboard(plan: Plan, *, period_pk: int | None = None, list_limit: int | None = LIST_LIMIT) -> Dashboard:
    """The board's view of a plan as at a reporting period (default: the latest).

    Queries on a cache miss: 9, two of them the trend and heat map for every reporting period at once,
    plus the impact measures' (`measure_reports`: 2 with none, 10 with any), plus the findings'
    (`coverage`: 10) when the plan has inspection findings; on a hit: 1. None grows with the number of
    actions or of reporting periods. While another worker computes this revision's, the one before
    (`cached_or_computed`).
    """
    periods, period, previous = plan_periods(plan, period_pk)
    figures = f"dashboard:{_version(Dashboard)}:{plan.pk}:{period.pk}:{list_limit}"
    revision = plan.shown_revision(figures)
    return cached_or_computed(
        f"{figures}:{revision}",
        f"{figures}:latest",
        lambda: _dashboard(plan, periods, period, previous, list_limit, revision),
        CACHE_SECONDS,
    )


def _dashboard(
    plan: Plan,
    periods: list[ReportingPeriod],
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    list_limit: int | None,
    revision: int,
) -> Dashboard:
    priorities = list(plan.priorities.all())
    labels = {p.pk: priority_label(p) for p in priorities}
    states = period_states(plan, period, previous)

    by_priority = defaultdict(list)
    for state in states:
        by_priority[state.priority_id].append(state)

    chosen = {
        "newly_red": [s for s in states if s.is_newly_red][:list_limit],
        "red_streak": [s for s in states if s.is_red_streak][:list_limit],
        "overdue": [s for s in states if s.is_overdue][:list_limit],
        "not_updated": [s for s in states if not s.updated_in_period][:list_limit],
    }
    reports = measure_reports(plan, period)
    by_pk = {s.pk: s for s in states}
    all_exceptions = measure_exception_reports(reports, by_pk)
    exceptions = all_exceptions[:list_limit]
    wanted = {s.pk for group in chosen.values() for s in group} | {pk for _r, pks in exceptions for pk in pks}
    lines = _action_lines(states, wanted, labels)
    trend, heat = _trend_and_heat(plan, periods, priorities)
    measures = [MeasureLine.of(report, measure_url(report.pk)) for report in reports]
    measure_lines = {line.pk: line for line in measures}
    tally = Counter(line.rag_key for line in measures)
    findings, findings_url, priority_action_plan_url = _findings(plan, period)
    return Dashboard(
        plan_pk=plan.pk,
        revision=revision,
        plan_title=plan.title,
        local_area=plan.local_area,
        period=PeriodInfo.of(period),
        previous=PeriodInfo.of(previous) if previous else None,
        periods=[PeriodInfo.of(p) for p in periods],
        plan=figures_for(plan.title, states, _action_list_url(plan.pk, period.pk)),
        priorities=[
            figures_for(labels[p.pk], by_priority[p.pk], _action_list_url(plan.pk, period.pk, priority=p.pk))
            for p in priorities
        ],
        trend=trend,
        heat_map=[(labels[p.pk], heat[p.pk]) for p in priorities],
        measure_list_url=reverse("actions:measure-list", args=[plan.pk]),
        measures=measures,
        measure_rag=RagCounts(**{key: tally[key] for key in RAG_KEYS}),
        measure_exceptions=[
            MeasureException(
                measure_lines[report.pk],
                [
                    RatedAction(pk, lines[pk].ref, lines[pk].rag, lines[pk].confirmed, lines[pk].url)
                    for pk in pks
                ],
            )
            for report, pks in exceptions
        ],
        measure_exception_total=len(all_exceptions),
        findings=findings,
        findings_url=findings_url,
        priority_action_plan_url=priority_action_plan_url,
        **{name: [lines[s.pk] for s in group] for name, group in chosen.items()},
    )


def _findings(plan: Plan, period: ReportingPeriod) -> tuple[list[FindingCoverage], str, str]:
    """The dashboard's "By inspection finding" section (findings, matrix page, priority action plan
    workbook): one query when the plan has no findings."""
    if not Inspection.objects.filter(plan=plan, findings__isnull=False).exists():
        return [], "", ""
    query = f"?period={period.pk}"
    return (
        coverage(plan, period).findings,
        reverse("actions:findings-matrix", args=[plan.pk]) + query,
        reverse("reports:priority-action-plan", args=[plan.pk]) + query,
    )


def _periods_tally(plan: Plan, **bounds: datetime.date | None) -> Counter[tuple[int, int, str]]:
    """Live actions by period, priority and rating in force then, for the plan's periods within
    `bounds` (`in_each_period`'s). One query, a few rows per period."""
    rows = (
        actions_with_status()
        .live()
        .for_plan(plan)
        .in_each_period(**bounds)
        .order_by()
        .values_list("each_period_id", "objective__priority_id", "each_period_rag")
        .annotate(n=Count("pk"))
    )
    tally: Counter[tuple[int, int, str]] = Counter()
    for period_id, priority_id, rag, n in rows:
        tally[(period_id, priority_id, rag or NO_UPDATE)] += n
    return tally


def _earliest_open(periods: list[ReportingPeriod]) -> datetime.date | None:
    return min((p.as_at for p in periods if p.is_open), default=None)


def _settled_tally(plan: Plan, periods: list[ReportingPeriod]) -> Counter[tuple[int, int, str]]:
    """`_periods_tally` of the periods before the earliest open one (all of them with none open):
    cached by the plan's settled revision, which statements written in an open period leave alone
    (actions/plans/revisions.py), so a save recomputes only the open periods' figures."""
    before = _earliest_open(periods)
    version = code_version(sys.modules[__name__], sys.modules[actions_with_status.__module__])
    key = f"settled-tally:{version}:{plan.pk}:{plan.settled_revision}:{before}"
    tally = cache.get(key)
    if tally is None:
        tally = _periods_tally(plan, before=before) if periods else Counter()
        cache.set(key, tally, CACHE_SECONDS)
    return tally


def _unsettled_tally(plan: Plan, periods: list[ReportingPeriod]) -> Counter[tuple[int, int, str]]:
    """The same counts for the earliest open period and every later one (none with none open), from
    their action states (`period_states`: the dashboard of the open period has them already, and a
    statement saved updates them for that one action)."""
    since = _earliest_open(periods)
    tally: Counter[tuple[int, int, str]] = Counter()
    if since is None:
        return tally
    ordered = sorted(periods, key=lambda p: p.as_at)
    for previous, period in zip([None, *ordered], ordered, strict=False):
        if period.as_at >= since:
            for state in period_states(plan, period, previous):
                tally[(period.pk, state.priority_id, state.rag or NO_UPDATE)] += 1
    return tally


def _trend_and_heat(
    plan: Plan, periods: list[ReportingPeriod], priorities: list[Priority]
) -> tuple[list[tuple[PeriodInfo, RagCounts]], dict[int, list[RagCounts]]]:
    """RAG mix as at every period, for the plan and per priority. Two queries whatever the number of
    periods (one while the settled periods' are cached): the live actions in the plan by each period,
    counted by period, priority and rating in the database (a few rows per period, never a row per
    action)."""
    tally = _settled_tally(plan, periods) + _unsettled_tally(plan, periods)
    trend = []
    heat: dict[int, list[RagCounts]] = {p.pk: [] for p in priorities}
    for period in periods:
        total = RagCounts()
        for priority in priorities:
            counts = RagCounts(**{key: tally[(period.pk, priority.pk, key)] for key in RAG_KEYS})
            heat[priority.pk].append(counts)
            total = total + counts
        trend.append((PeriodInfo.of(period), total))
    return trend, heat


def accountability(plan: Plan, *, period_pk: int | None = None) -> Accountability:
    """RAG mix, overdue and missing updates by lead partner and by lead person.

    Queries on a cache miss: 6; on a hit: 1.
    """
    periods, period, previous = plan_periods(plan, period_pk)
    figures = f"accountability:{_version(Accountability)}:{plan.pk}:{period.pk}"
    revision = plan.shown_revision(figures)
    return cached_or_computed(
        f"{figures}:{revision}",
        f"{figures}:latest",
        lambda: _accountability(plan, periods, period, previous, revision),
        CACHE_SECONDS,
    )


def _accountability(
    plan: Plan,
    periods: list[ReportingPeriod],
    period: ReportingPeriod,
    previous: ReportingPeriod | None,
    revision: int,
) -> Accountability:
    states = {s.pk: s for s in period_states(plan, period, previous)}

    # `through` is a model Django makes for a many-to-many field: there is no class to name.
    def group(
        through: type[Any], target: str, model: type[Partner] | type[Person], filter_name: str
    ) -> list[Figures]:
        members = defaultdict(list)
        # By the plan, not by 5,000 ids in the query's text; actions not in the states are skipped.
        links = through.objects.filter(action__objective__priority__plan=plan).values_list(
            "action_id", target
        )
        for action_id, target_id in links:
            if action_id in states:
                members[target_id].append(states[action_id])
        names = dict(model.objects.filter(pk__in=members).values_list("pk", "name"))
        figures = [
            figures_for(names[pk], group_states, _action_list_url(plan.pk, period.pk, **{filter_name: pk}))
            for pk, group_states in members.items()
        ]
        return sorted(figures, key=lambda f: (-f.rag.red, -f.overdue, f.label.lower()))

    return Accountability(
        plan_pk=plan.pk,
        revision=revision,
        plan_title=plan.title,
        period=PeriodInfo.of(period),
        previous=PeriodInfo.of(previous) if previous else None,
        periods=[PeriodInfo.of(p) for p in periods],
        partners=group(Action.lead_partners.through, "partner_id", Partner, "lead_partner"),
        people=group(Action.lead_people.through, "person_id", Person, "lead"),
    )
