"""A pack as plain data: the board pack, the Schools Forum pack and the monitoring pack, ready for any
renderer.

The browser preview, the PDF (pdf.py) and the workbook (excel.py) all render a `PackData` and never
touch the ORM, so their numbers cannot disagree. The figures are the dashboard's (selectors.py):
the same per-action states, restricted to the pack's priorities. The impact measures are
`actions.measures.selectors.measure_reports` as at the pack's period, held in the PackData too, so
publishing freezes them with everything else.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from actions.cycle.models import NO_UPDATE, Rag, ReportingPeriod, actions_with_status, rag_label
from actions.cycle.selectors import period_states
from actions.measures.selectors import MeasureReport, measure_reports
from actions.plans.models import Action, Plan
from partners.models import Partner, Person

from .monitoring import MonitoringData, inspections_of, monitoring_data
from .rag import RAG_KEYS, RagCounts
from .selectors import (
    OFF_TRAJECTORY,
    Figures,
    MeasureException,
    MeasureLine,
    PeriodInfo,
    RatedAction,
    figures_for,
    measure_exception_reports,
    plan_periods,
    priority_label,
)

BOARD = "board"
FORUM = "forum"
MONITORING = "monitoring"
AUDIENCES = {
    BOARD: "SEND improvement board",
    FORUM: "Schools Forum",
    MONITORING: "Monitoring pack: Department for Education and NHS England",
}
MONITORED_BY = "Department for Education and NHS England"


@dataclass(frozen=True)
class Cover:
    """What the author writes on the front of a pack."""

    title: str
    purpose: str = ""
    context: str = ""
    recommendation: str = ""
    author: str = ""


@dataclass(frozen=True)
class PackAction:
    ref: str
    description: str
    leads: str  # lead people and partners, comma-separated
    supporting: str
    due_date: datetime.date | None
    timeframe: str  # when there is no due date ("Termly", "TBC")
    success_measures: str  # the action's, else its objective's
    rag: str | None  # as at the pack's period; None = no update
    previous_rag: str | None  # as at the previous period
    statement: str  # the latest statement's narrative as at the period ("" when none)
    statement_period: str  # the period that statement was written for
    is_overdue: bool
    movement: str  # "improved", "worsened", "unchanged", "new" or ""
    is_red_streak: bool  # Red this period and the one before: escalate
    priority: str  # the priority's label, for flat lists
    # The termly cycle's marks, from the same per-action state the figures count (ActionState).
    is_unconfirmed: bool = False  # the rating awaits confirmation (the second key)
    is_carried_forward: bool = False  # this period's statement repeats the last one
    carried_from: str = ""  # the period of the statement carried forward
    original_due_date: datetime.date | None = None  # the due date first agreed
    is_rebaselined: bool = False  # the due date differs from the one first agreed (`Action.is_rebaselined`)

    @property
    def rag_word(self) -> str:
        return rag_label(self.rag)

    @property
    def rating_confirmed(self) -> str:
        """ "Yes", "No" (awaiting confirmation) or "" where there is no rating to confirm."""
        if self.rag is None or self.rag == NO_UPDATE:
            return ""
        return "No" if self.is_unconfirmed else "Yes"

    @property
    def previous_rag_word(self) -> str:
        return rag_label(self.previous_rag)

    @property
    def when(self) -> str:
        return f"{self.due_date:%-d %b %Y}" if self.due_date else (self.timeframe or "Not set")

    @property
    def original_when(self) -> str:
        return f"{self.original_due_date:%-d %b %Y}" if self.original_due_date else ""


@dataclass(frozen=True)
class PackObjective:
    ref: str
    title: str
    success_measures: str
    actions: list[PackAction]


@dataclass(frozen=True)
class PackPriority:
    ref: str
    title: str
    label: str  # "Priority 1: ..."
    figures: Figures
    objectives: list[PackObjective]


@dataclass(frozen=True)
class PackData:
    audience: str  # BOARD or FORUM
    audience_name: str
    cover: Cover
    plan_title: str
    local_area: str
    period: PeriodInfo
    previous: PeriodInfo | None
    generated_on: datetime.date
    summary: Figures  # the whole scope
    priorities: list[PackPriority]  # the appendix, in plan order
    red: list[PackAction] = field(default_factory=list)
    worsened: list[PackAction] = field(default_factory=list)
    red_streak: list[PackAction] = field(default_factory=list)
    overdue: list[PackAction] = field(default_factory=list)
    completed_since_last: list[PackAction] = field(default_factory=list)
    # The impact measures in scope as at the period: exceptions first (off trajectory while their
    # actions are Green or Blue), then the rest off trajectory, then the others, each in plan order.
    measures: list[MeasureReport] = field(default_factory=list)
    measure_exceptions: list[MeasureException] = field(default_factory=list)
    # The inspection findings as at the period: the monitoring pack's body (with each action's RAG
    # history), the board pack's "by inspection finding" section; None when the plan has no findings.
    findings: MonitoringData | None = None

    @property
    def report_to(self) -> str:
        return MONITORED_BY if self.audience == MONITORING else self.audience_name

    @property
    def measure_exception_pks(self) -> frozenset[int]:
        return frozenset(e.measure.pk for e in self.measure_exceptions)

    @property
    def measure_rag(self) -> RagCounts:
        """The measures by their rating this period ("no_update": no figure this period)."""
        keys = [report.current.rag or NO_UPDATE for report in self.measures]
        return RagCounts(**{key: keys.count(key) for key in RAG_KEYS})

    @property
    def actions(self) -> list[PackAction]:
        return [a for p in self.priorities for o in p.objectives for a in o.actions]

    @property
    def rag_by_priority(self) -> list[tuple[str, RagCounts]]:
        return [(p.label, p.figures.rag) for p in self.priorities]


def default_cover(plan: Plan, period: ReportingPeriod, audience: str) -> Cover:
    """The wording councils use, for the author to edit before publishing."""
    if audience == MONITORING:
        inspections = inspections_of(plan)
        latest = inspections[-1] if inspections else None
        named = f"the {latest.month} area SEND inspection" if latest else "the area SEND inspection"
        outcome = f" The inspection's outcome: “{latest.outcome}”." if latest and latest.outcome else ""
        return Cover(
            title=f"Area SEND inspection: monitoring report, {period.name}",
            purpose=(
                "To report progress against the areas for priority action and improvement identified in "
                f"{named} of {plan.local_area}."
            ),
            context=(
                f"{plan.local_area} local area partnership is monitored by the {MONITORED_BY} on its "
                f"response to {named}.{outcome} This report sets out, for each finding of the inspection "
                "report, the actions of the "
                f"{plan.title} that answer it, who leads them, their RAG rating in each reporting period "
                f"to {period.as_at:%-d %B %Y}, the latest position statements and the impact measures "
                "that evidence them."
            ),
            recommendation=(
                "That the board agree this report as the local area's monitoring return to the "
                f"{MONITORED_BY}."
            ),
        )
    if audience == FORUM:
        return Cover(
            title=f"SEND improvement plan: progress update, {period.name}",
            purpose=(
                f"To update Schools Forum on progress against the {plan.local_area} SEND improvement plan."
            ),
            context=(
                "The local area partnership keeps a SEND improvement plan. Leads report progress every term "
                "with a position statement and a RAG rating for each action."
            ),
            recommendation="That Schools Forum note the progress made.",
        )
    return Cover(
        title=f"SEND improvement board: progress report, {period.name}",
        purpose=f"To report progress against the {plan.title} as at {period.as_at:%-d %B %Y}.",
        context=(
            "Each action's RAG rating is its lead's latest position statement on or before the as-at date."
        ),
        recommendation="That the board note the progress made and agree the escalations listed.",
    )


def pack_data(
    plan: Plan,
    period: ReportingPeriod,
    *,
    audience: str,
    cover: Cover | None = None,
    priority_ids: list[int] | None = None,
    today: datetime.date | None = None,
) -> PackData:
    """Everything a pack shows, for the chosen priorities (all when None). Queries: 8, plus the impact
    measures' (`measure_reports`: 2 with none, 10 with any, and one for the refs of the actions
    listed beside the measures off trajectory); for a board or monitoring pack of a plan with inspection
    findings, `monitoring_data` too (13 queries; 15 with a monitoring pack's history of every period,
    whatever the number of periods). The findings are every finding of the plan's inspections, whatever
    the priorities chosen: a finding answers to the whole plan."""
    _, period, previous = plan_periods(plan, period.pk)
    every_priority = list(plan.priorities.all())
    priorities = [p for p in every_priority if not priority_ids or p.pk in priority_ids]
    labels = {p.pk: priority_label(p) for p in priorities}
    all_states = {s.pk: s for s in period_states(plan, period, previous)}
    states = {pk: s for pk, s in all_states.items() if s.priority_id in labels}
    actions = (
        actions_with_status()
        .filter(pk__in=states)
        .with_statement_as_at(period.as_at)
        .select_related("objective")
        .prefetch_related("lead_people", "lead_partners", "supporting_people", "supporting_partners")
        .order_by("objective__order", "objective__pk", "order", "pk")
    )
    by_objective: dict[int, list[PackAction]] = defaultdict(list)
    objectives = {}
    for action in actions:
        state = states[action.pk]
        objectives[action.objective_id] = action.objective
        by_objective[action.objective_id].append(
            PackAction(
                ref=action.ref,
                description=action.description,
                leads=_names(action.lead_people.all(), action.lead_partners.all()),
                supporting=_names(action.supporting_people.all(), action.supporting_partners.all()),
                due_date=action.due_date,
                timeframe=action.timeframe,
                success_measures=action.success_measures or action.objective.success_measures,
                rag=state.rag,
                previous_rag=state.previous_rag,
                statement=action.statement_narrative or "",
                statement_period=action.statement_period or "",
                is_overdue=state.is_overdue,
                movement=state.movement,
                is_red_streak=state.is_red_streak,
                priority=labels[action.objective.priority_id],
                is_unconfirmed=state.is_unconfirmed,
                is_carried_forward=state.is_carried_forward,
                carried_from=(action.statement_carried_from or "") if state.is_carried_forward else "",
                original_due_date=action.original_due_date,
                is_rebaselined=action.is_rebaselined,
            )
        )

    pack_priorities = []
    for priority in priorities:
        in_priority = sorted(
            (o for o in objectives.values() if o.priority_id == priority.pk), key=lambda o: (o.order, o.pk)
        )
        pack_priorities.append(
            PackPriority(
                ref=priority.ref,
                title=priority.title,
                label=labels[priority.pk],
                figures=figures_for(
                    labels[priority.pk],
                    [s for s in states.values() if s.priority_id == priority.pk],
                    "",  # no links in a pack
                ),
                objectives=[
                    PackObjective(o.ref, o.title, o.success_measures, by_objective[o.pk]) for o in in_priority
                ],
            )
        )
    flat = [a for p in pack_priorities for o in p.objectives for a in o.actions]
    extras = _measures(
        plan, period, all_states, in_scope=None if len(priorities) == len(every_priority) else labels
    )
    findings = None
    if audience in (BOARD, MONITORING) and plan.inspections.filter(findings__isnull=False).exists():
        findings = monitoring_data(plan, period, measures=extras["measures"], history=audience == MONITORING)
    return PackData(
        findings=findings,
        audience=audience,
        audience_name=AUDIENCES[audience],
        cover=cover or default_cover(plan, period, audience),
        plan_title=plan.title,
        local_area=plan.local_area,
        period=PeriodInfo.of(period),
        previous=PeriodInfo.of(previous) if previous else None,
        generated_on=today or timezone.localdate(),
        summary=figures_for(plan.title, list(states.values()), ""),
        priorities=pack_priorities,
        red=[a for a in flat if a.rag == Rag.RED],
        worsened=[a for a in flat if a.movement == "worsened"],
        red_streak=[a for a in flat if a.is_red_streak],
        overdue=[a for a in flat if a.is_overdue],
        completed_since_last=[
            a for a in flat if a.rag == Rag.BLUE and a.previous_rag != Rag.BLUE and previous
        ],
        **extras,
    )


def _measures(
    plan: Plan, period: ReportingPeriod, states: dict, *, in_scope: dict[int, str] | None
) -> dict[str, list]:
    """The pack's measures and its exception list. Every measure of the plan when the pack covers every
    priority (those evidencing nothing too), else those evidencing a priority in scope. An exception
    looks at every action the measure evidences, in scope or not, as the dashboard does."""
    reports = measure_reports(plan, period, priority_ids=None if in_scope is None else list(in_scope))
    exceptions = measure_exception_reports(reports, states)
    refs = dict(
        Action.objects.filter(pk__in={pk for _r, pks in exceptions for pk in pks}).values_list("pk", "ref")
        if exceptions
        else []
    )
    listed = {report.pk for report, _pks in exceptions}

    def rank(report: MeasureReport) -> int:
        return 0 if report.pk in listed else 1 if report.current.rag in OFF_TRAJECTORY else 2

    return {
        "measures": sorted(reports, key=rank),
        "measure_exceptions": [
            MeasureException(
                MeasureLine.of(report, ""),
                [RatedAction(pk, refs.get(pk, ""), states[pk].rag, states[pk].confirmed) for pk in pks],
            )
            for report, pks in exceptions
        ],
    }


def _names(people: Iterable[Person], partners: Iterable[Partner]) -> str:
    return ", ".join([p.name for p in people] + [p.name for p in partners])
