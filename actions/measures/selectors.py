"""Every read about impact measures: how each measure stands in a reporting period, as plain data.

`measures_for_plan` costs the same few queries whatever the number of measures: the measures, their
trajectory points, and their figures up to the period, each loaded once and worked out in Python by
the pure rules of `trajectory.py`.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, Value

from actions.cycle.models import Rag, ReportingPeriod
from actions.cycle.selectors import period_states
from actions.plans.access import display_name
from actions.plans.models import Action, Objective, Plan, Priority

from . import statistics, trajectory
from .models import Benchmark, BenchmarkValue, Measure, MeasureValue, TrajectoryPoint, format_figure


@dataclass(frozen=True)
class MeasureStatus:
    """How a measure stands in a period. `actual` is None when no figure was entered for it."""

    measure: Measure
    period: ReportingPeriod
    actual: Decimal | None
    refers_to: datetime.date | None
    expected: Decimal | None
    computed_rag: str  # what the trajectory gives ("" with no figure)
    rag: str  # in force: the confirmed rating, or the proposed one until confirmed ("" with no figure)
    confirmed: bool | None  # None with no figure
    previous: Decimal | None  # the figure of the latest earlier period that has one
    trend: str  # "up", "down", "same" or "" (nothing to compare)
    trend_better: bool | None  # True better, False worse, None unchanged or nothing to compare

    @property
    def is_off_trajectory(self) -> bool:
        return self.rag in (Rag.RED, Rag.AMBER)


def _points() -> Prefetch:
    return Prefetch("trajectory_points", queryset=TrajectoryPoint.objects.order_by("date"), to_attr="points")


def _measures(plan_id: int, period: ReportingPeriod) -> list[Measure]:
    values = (
        MeasureValue.objects.filter(period__as_at__lte=period.as_at)
        .select_related("period")
        .order_by("-period__as_at")
    )
    return list(
        Measure.objects.filter(plan_id=plan_id)
        .select_related("lead_person", "lead_partner")
        .prefetch_related(
            Prefetch(
                "trajectory_points", queryset=TrajectoryPoint.objects.order_by("date"), to_attr="points"
            ),
            Prefetch("values", queryset=values, to_attr="values_to_date"),
        )
    )


def _status(measure: Measure, period: ReportingPeriod) -> MeasureStatus:
    """From the prefetched `points` and `values_to_date` (newest first) only: no query."""
    points = [trajectory.Point(date=p.date, kind=p.kind, value=p.value) for p in measure.points]  # type: ignore[attr-defined]
    values: Sequence[MeasureValue] = measure.values_to_date  # type: ignore[attr-defined]
    current = next((v for v in values if v.period_id == period.pk), None)
    earlier = next((v for v in values if v.period.as_at < period.as_at), None)
    previous = earlier.value if earlier else None
    if current is None:
        expected = trajectory.expected_at(points, period.as_at)
        way, better = "", None
        return MeasureStatus(measure, period, None, None, expected, "", "", None, previous, way, better)
    expected = trajectory.expected_at(points, current.refers_to)
    computed = trajectory.rag_for(current.value, expected, measure.direction, measure.tolerance)
    way, better = trajectory.trend(current.value, previous, measure.direction)
    return MeasureStatus(
        measure=measure,
        period=period,
        actual=current.value,
        refers_to=current.refers_to,
        expected=expected,
        computed_rag=str(computed),
        rag=current.rag,
        confirmed=current.is_confirmed,
        previous=previous,
        trend=way,
        trend_better=better,
    )


def measures_for_plan(plan: Plan, period: ReportingPeriod) -> list[MeasureStatus]:
    """Every measure of the plan as it stands in the period, in the plan's order. Three queries."""
    return [_status(measure, period) for measure in _measures(plan.pk, period)]


def measure_status(measure: Measure, period: ReportingPeriod) -> MeasureStatus:
    """One measure as it stands in the period. Three queries."""
    loaded = (
        Measure.objects.filter(pk=measure.pk)
        .select_related("lead_person", "lead_partner")
        .prefetch_related(
            Prefetch(
                "trajectory_points", queryset=TrajectoryPoint.objects.order_by("date"), to_attr="points"
            ),
            Prefetch(
                "values",
                queryset=MeasureValue.objects.filter(period__as_at__lte=period.as_at)
                .select_related("period")
                .order_by("-period__as_at"),
                to_attr="values_to_date",
            ),
        )
        .get()
    )
    return _status(loaded, period)


# --- A measure as the pages, the packs and the workbooks show it --------------------------------


@dataclass(frozen=True)
class TrajectoryRow:
    kind: str  # "baseline", "milestone" or "target"
    kind_label: str  # "Baseline"
    date: datetime.date
    value: Decimal
    text: str  # the value as written: "40%"


@dataclass(frozen=True)
class FigureRow:
    """A reporting period's line of a measure's table: its figure (if entered) against the trajectory."""

    period_pk: int
    period_name: str
    as_at: datetime.date
    value_pk: int | None  # the MeasureValue, None when no figure was entered
    value: Decimal | None
    text: str  # "52.3%", "" with no figure
    numerator: Decimal | None
    denominator: Decimal | None
    refers_to: datetime.date | None
    expected: Decimal | None  # at the date the figure refers to (the as-at date with no figure)
    expected_text: str
    computed_rag: str  # what the trajectory gives ("" with no figure)
    rag: str  # in force ("" with no figure)
    proposed_rag: str
    confirmed: bool | None  # None with no figure
    change_reason: str
    source: str
    commentary: str
    entered_by: str

    @property
    def has_figure(self) -> bool:
        return self.value is not None

    @property
    def is_unconfirmed(self) -> bool:
        return self.confirmed is False

    @property
    def rating_was_changed(self) -> bool:
        return bool(self.proposed_rag) and self.proposed_rag != self.rag and self.confirmed is True


@dataclass(frozen=True)
class ComparatorSeries:
    name: str
    source: str
    points: list[tuple[datetime.date, Decimal]]
    pk: int | None = None  # the Benchmark's, for the pages' links

    def latest_by(self, day: datetime.date) -> tuple[datetime.date, Decimal] | None:
        """The comparator's latest figure on or before `day`."""
        return next((point for point in reversed(self.points) if point[0] <= day), None)


@dataclass(frozen=True)
class LinkedItem:
    """A priority, objective or action the measure evidences, as a label a board member reads."""

    level: str  # "priority", "objective" or "action"
    pk: int
    label: str  # "Priority 1: Inclusive education", "Objective 1.2: …", "Action 1.2.a: …"
    priority_pk: int  # its priority (itself for a priority): the plan page shows it with that open


@dataclass(frozen=True)
class MeasureReport:
    """Everything shown of one measure as at a reporting period, as plain data: the measure page,
    the board pack's impact section and the workbooks' Measures sheet render this, never the ORM."""

    pk: int
    name: str
    definition: str
    unit: str
    unit_label: str
    direction: str
    direction_label: str
    frequency_label: str
    source_label: str
    tolerance: Decimal
    tolerance_text: str
    lead: str  # the lead person's name ("" when none)
    lead_partner: str
    period_pk: int
    period_name: str
    as_at: datetime.date
    trajectory: list[TrajectoryRow]
    figures: list[FigureRow]  # one per reporting period up to and including this one, oldest first
    comparators: list[ComparatorSeries]
    evidences: list[LinkedItem]
    priority_ids: frozenset[int]  # the priorities it evidences, directly or through objectives/actions
    linked_action_ids: list[int]  # actions it evidences, and those under the objectives/priorities it does
    last_updated: datetime.datetime | None  # when its latest figure was entered or changed

    @property
    def current(self) -> FigureRow:
        """This period's row."""
        return self.figures[-1]

    @property
    def latest(self) -> FigureRow | None:
        """The latest row with a figure, this period's or an earlier one's."""
        return next((row for row in reversed(self.figures) if row.has_figure), None)

    @property
    def previous(self) -> FigureRow | None:
        """The latest earlier row with a figure, to compare this period's with."""
        return next((row for row in reversed(self.figures[:-1]) if row.has_figure), None)

    @property
    def trend(self) -> tuple[str, bool | None]:
        """("up" | "down" | "same" | "", better?) since the previous figure (`trajectory.trend`)."""
        previous = self.previous
        return trajectory.trend(self.current.value, previous.value if previous else None, self.direction)

    @property
    def trend_text(self) -> str:
        """ "Up, better", "Down, worse", "No change" or "" (words beside the arrow, never the arrow alone)."""
        way, better = self.trend
        if not way:
            return ""
        if way == "same":
            return "No change"
        return f"{way.capitalize()}, {'better' if better else 'worse'}"

    @property
    def target(self) -> TrajectoryRow | None:
        return next((row for row in self.trajectory if row.kind == trajectory.TARGET), None)

    @property
    def baseline(self) -> TrajectoryRow | None:
        return next((row for row in self.trajectory if row.kind == trajectory.BASELINE), None)

    @property
    def is_off_trajectory(self) -> bool:
        return self.current.rag in (Rag.RED, Rag.AMBER)

    def text(self, value: Decimal | None) -> str:
        return format_figure(value, self.unit)


def _label(level: str, ref: str, title: str) -> str:
    words = " ".join(title.split())
    if len(words) > 90:
        words = words[:89].rstrip() + "…"
    return f"{level} {ref}: {words}" if ref else f"{level}: {words}"


def measure_reports(
    plan: Plan,
    period: ReportingPeriod,
    *,
    measure_ids: Sequence[int] | None = None,
    priority_ids: Sequence[int] | None = None,
) -> list[MeasureReport]:
    """The plan's measures (those given, or those evidencing any of `priority_ids`; all when None) as
    at `period`, in the plan's order. A fixed number of queries (10) whatever the number of measures,
    figures, periods or links."""
    periods = list(
        ReportingPeriod.objects.filter(plan_id=plan.pk, as_at__lte=period.as_at).order_by("as_at", "pk")
    )
    if period.pk not in {p.pk for p in periods}:
        raise ReportingPeriod.DoesNotExist("That reporting period belongs to a different plan.")
    queryset = Measure.objects.filter(plan_id=plan.pk)
    if measure_ids is not None:
        queryset = queryset.filter(pk__in=measure_ids)
    measures = list(
        queryset.select_related("lead_person", "lead_partner").prefetch_related(
            _points(),
            Prefetch(
                "values",
                queryset=MeasureValue.objects.filter(period__as_at__lte=period.as_at).select_related(
                    "entered_by__person"
                ),
                to_attr="values_to_date",
            ),
            Prefetch(
                "benchmarks",
                queryset=Benchmark.objects.prefetch_related(
                    Prefetch("values", queryset=BenchmarkValue.objects.order_by("date"), to_attr="series")
                ),
                to_attr="comparators",
            ),
            Prefetch(
                "priorities", queryset=Priority.objects.order_by("order", "pk"), to_attr="linked_priorities"
            ),
            Prefetch(
                "objectives",
                queryset=Objective.objects.select_related("priority").order_by(
                    "priority__order", "order", "pk"
                ),
                to_attr="linked_objectives",
            ),
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("objective__priority").order_by(
                    "objective__priority__order", "objective__order", "order", "pk"
                ),
                to_attr="linked_actions",
            ),
        )
    )
    under = _actions_under(measures)
    reports = [_report(measure, period, periods, under) for measure in measures]
    if priority_ids is not None:
        wanted = set(priority_ids)
        reports = [report for report in reports if report.priority_ids & wanted]
    return reports


def measure_report(measure: Measure, period: ReportingPeriod) -> MeasureReport:
    """One measure as at `period` (`measure_reports` for one). 10 queries."""
    return measure_reports(measure.plan, period, measure_ids=[measure.pk])[0]


def _actions_under(measures: Sequence[Measure]) -> dict[int, list[int]]:
    """Per measure, the live actions it evidences directly or through its objectives and priorities,
    in plan order. One query for all the measures."""
    priorities = {p.pk for m in measures for p in m.linked_priorities}  # type: ignore[attr-defined]
    objectives = {o.pk for m in measures for o in m.linked_objectives}  # type: ignore[attr-defined]
    direct = {a.pk for m in measures for a in m.linked_actions}  # type: ignore[attr-defined]
    if not (priorities or objectives or direct):
        return {m.pk: [] for m in measures}
    rows = list(
        Action.objects.live()
        .filter(Q(pk__in=direct) | Q(objective__in=objectives) | Q(objective__priority__in=priorities))
        .in_plan_order()
        .values_list("pk", "objective_id", "objective__priority_id")
    )
    found: dict[int, list[int]] = {}
    for measure in measures:
        mine_p = {p.pk for p in measure.linked_priorities}  # type: ignore[attr-defined]
        mine_o = {o.pk for o in measure.linked_objectives}  # type: ignore[attr-defined]
        mine_a = {a.pk for a in measure.linked_actions}  # type: ignore[attr-defined]
        found[measure.pk] = [
            pk
            for pk, objective, priority in rows
            if pk in mine_a or objective in mine_o or priority in mine_p
        ]
    return found


def _report(
    measure: Measure, period: ReportingPeriod, periods: list[ReportingPeriod], under: dict[int, list[int]]
) -> MeasureReport:
    """From the prefetched rows only: no query."""
    points = [trajectory.Point(date=p.date, kind=p.kind, value=p.value) for p in measure.points]  # type: ignore[attr-defined]
    by_period = {v.period_id: v for v in measure.values_to_date}  # type: ignore[attr-defined]
    unit = measure.unit
    figures = []
    for each in periods:
        row = by_period.get(each.pk)
        if row is None:
            expected = trajectory.expected_at(points, each.as_at)
            figures.append(
                FigureRow(
                    period_pk=each.pk,
                    period_name=each.name,
                    as_at=each.as_at,
                    value_pk=None,
                    value=None,
                    text="",
                    numerator=None,
                    denominator=None,
                    refers_to=None,
                    expected=expected,
                    expected_text=format_figure(expected, unit),
                    computed_rag="",
                    rag="",
                    proposed_rag="",
                    confirmed=None,
                    change_reason="",
                    source="",
                    commentary="",
                    entered_by="",
                )
            )
            continue
        expected = trajectory.expected_at(points, row.refers_to)
        computed = trajectory.rag_for(row.value, expected, measure.direction, measure.tolerance)
        entered_by = display_name(row.entered_by) if row.entered_by else ""
        figures.append(
            FigureRow(
                period_pk=each.pk,
                period_name=each.name,
                as_at=each.as_at,
                value_pk=row.pk,
                value=row.value,
                text=format_figure(row.value, unit),
                numerator=row.numerator,
                denominator=row.denominator,
                refers_to=row.refers_to,
                expected=expected,
                expected_text=format_figure(expected, unit),
                computed_rag=str(computed),
                rag=row.rag,
                proposed_rag=row.proposed_rag,
                confirmed=row.is_confirmed,
                change_reason=row.change_reason,
                source=row.source,
                commentary=row.commentary,
                entered_by=entered_by,
            )
        )
    linked_priorities: list[Priority] = measure.linked_priorities  # type: ignore[attr-defined]
    linked_objectives: list[Objective] = measure.linked_objectives  # type: ignore[attr-defined]
    linked_actions: list[Action] = measure.linked_actions  # type: ignore[attr-defined]
    evidences = [
        *(LinkedItem("priority", p.pk, _label("Priority", p.ref, p.title), p.pk) for p in linked_priorities),
        *(
            LinkedItem("objective", o.pk, _label("Objective", o.ref, o.title), o.priority_id)
            for o in linked_objectives
        ),
        *(
            LinkedItem("action", a.pk, _label("Action", a.ref, a.description), a.objective.priority_id)
            for a in linked_actions
        ),
    ]
    priority_ids = frozenset(
        [p.pk for p in linked_priorities]
        + [o.priority_id for o in linked_objectives]
        + [a.objective.priority_id for a in linked_actions]
    )
    values = measure.values_to_date  # type: ignore[attr-defined]
    return MeasureReport(
        pk=measure.pk,
        name=measure.name,
        definition=measure.definition,
        unit=unit,
        unit_label=measure.get_unit_display(),
        direction=measure.direction,
        direction_label=measure.get_direction_display(),
        frequency_label=measure.get_frequency_display(),
        source_label=measure.get_source_display(),
        tolerance=measure.tolerance,
        tolerance_text=format_figure(measure.tolerance, unit),
        lead=measure.lead_person.name if measure.lead_person else "",
        lead_partner=measure.lead_partner.name if measure.lead_partner else "",
        period_pk=period.pk,
        period_name=period.name,
        as_at=period.as_at,
        trajectory=[
            TrajectoryRow(p.kind, p.get_kind_display(), p.date, p.value, format_figure(p.value, unit))
            for p in measure.points  # type: ignore[attr-defined]
        ],
        figures=figures,
        comparators=[
            ComparatorSeries(b.name, b.get_source_display(), [(v.date, v.value) for v in b.series], b.pk)
            for b in measure.comparators  # type: ignore[attr-defined]
        ],
        evidences=evidences,
        priority_ids=priority_ids,
        linked_action_ids=under.get(measure.pk, []),
        last_updated=max((v.updated_at for v in values), default=None),
    )


# --- The measure page's linked actions ------------------------------------------------------------


@dataclass(frozen=True)
class LinkedActionRow:
    """An action a measure evidences, as the measure page lists it, with its RAG as at the period."""

    pk: int
    ref: str
    description: str
    lead: str  # lead people, then lead partners, by name ("" when none)
    rag: str | None  # in force as at the period: "no_update" or None as `ActionState.rag` has them
    confirmed: bool | None
    carried: bool | None


def linked_actions(
    plan: Plan, period: ReportingPeriod, previous: ReportingPeriod | None, action_ids: Sequence[int]
) -> list[LinkedActionRow]:
    """The actions (`MeasureReport.linked_action_ids`, in that order) with their leads and their RAG
    as at `period`. Three queries whatever the number of actions (two when the plan's action states
    are cached): the states of the whole plan, the actions, and their leads (people and partners in
    one UNION)."""
    if not action_ids:
        return []
    states = {state.pk: state for state in period_states(plan, period, previous)}
    actions = {
        pk: (ref, description)
        for pk, ref, description in Action.objects.filter(pk__in=action_ids).values_list(
            "pk", "ref", "description"
        )
    }
    # The kind (0 person, 1 partner) goes straight into values_list: the django-stubs plugin does not
    # carry an annotate() on an auto-created through model through to its values_list().
    people = Action.lead_people.through.objects.filter(action_id__in=action_ids).values_list(
        Value(0), "action_id", "person__name", "person__pk"
    )
    partners = Action.lead_partners.through.objects.filter(action_id__in=action_ids).values_list(
        Value(1), "action_id", "partner__name", "partner__pk"
    )
    names: dict[int, list[tuple[int, str]]] = {pk: [] for pk in actions}
    # The pk keeps two leads of the same name apart in the UNION ALL; people come before partners.
    for kind, action_id, name, _pk in sorted(people.union(partners, all=True)):
        names[action_id].append((kind, name))
    rows = []
    for pk in action_ids:
        if pk not in actions:
            continue
        ref, description = actions[pk]
        state = states.get(pk)
        rows.append(
            LinkedActionRow(
                pk=pk,
                ref=ref,
                description=description,
                lead=", ".join(name for _kind, name in names[pk]),
                rag=state.rag if state else None,
                confirmed=state.confirmed if state else None,
                carried=state.carried if state else None,
            )
        )
    return rows


class NoReportingPeriod(Exception):
    """The plan has no reporting period yet, so there is no period to show figures as at."""


def chosen_period(
    plan: Plan, period_pk: int | None
) -> tuple[list[ReportingPeriod], ReportingPeriod, ReportingPeriod | None]:
    """The plan's periods oldest first, the chosen one (default: the latest) and the one before it.
    One query. NoReportingPeriod without any; ReportingPeriod.DoesNotExist for another plan's."""
    periods = list(ReportingPeriod.objects.filter(plan_id=plan.pk).order_by("as_at", "pk"))
    if not periods:
        raise NoReportingPeriod(plan.title)
    index = len(periods) - 1
    if period_pk is not None:
        found = next((i for i, p in enumerate(periods) if p.pk == period_pk), None)
        if found is None:
            raise ReportingPeriod.DoesNotExist(f"No reporting period {period_pk} in {plan.title}")
        index = found
    for each in periods:
        each.plan = plan  # period_states reads plan.revision without another query
    return periods, periods[index], periods[index - 1] if index else None


# --- The measure pages' other reads ----------------------------------------------------------------


@dataclass(frozen=True)
class MeasureGroup:
    """The measures evidencing one priority (or none), as the plan's measure list shows them."""

    id: str  # the HTML id of the group's heading: "priority-3", or "unlinked"
    heading: str
    reports: list[MeasureReport]


def measure_groups(plan: Plan, reports: Sequence[MeasureReport]) -> list[MeasureGroup]:
    """The reports under each priority they evidence (a measure evidencing two is under both), in plan
    order, then those evidencing none. One query."""
    priorities = (
        Priority.objects.filter(plan_id=plan.pk).order_by("order", "pk").values_list("pk", "ref", "title")
    )
    groups = []
    for pk, ref, title in priorities:
        mine = [report for report in reports if pk in report.priority_ids]
        if mine:
            groups.append(MeasureGroup(f"priority-{pk}", f"Priority {ref}: {title}" if ref else title, mine))
    unlinked = [report for report in reports if not report.priority_ids]
    if unlinked:
        groups.append(
            MeasureGroup("unlinked", "Measures not linked to a priority" if groups else "Measures", unlinked)
        )
    return groups


def measure_names(plan: Plan) -> list[tuple[int, str]]:
    """(pk, name) of the plan's measures, in the plan's order. One query."""
    return list(Measure.objects.filter(plan_id=plan.pk).values_list("pk", "name"))


def measure_period(measure: Measure, period_pk: int) -> ReportingPeriod:
    """A reporting period of the measure's plan; ReportingPeriod.DoesNotExist for any other. One query."""
    return ReportingPeriod.objects.select_related("plan").get(pk=period_pk, plan_id=measure.plan_id)


def measure_value(pk: int) -> MeasureValue:
    """A figure with its period and measure (and plan), as the second key's check reads them. One query;
    MeasureValue.DoesNotExist when there is none."""
    return MeasureValue.objects.select_related("period", "measure__plan").get(pk=pk)


# --- Published statistics: what loading a file would do -------------------------------------------


def statistics_periods(measure: Measure) -> list[statistics.PeriodSlot]:
    """The measure's plan's reporting periods, as the mapping of years needs them. One query."""
    return [
        statistics.PeriodSlot(pk=p.pk, name=p.name, as_at=p.as_at, is_published=p.is_published)
        for p in ReportingPeriod.objects.filter(plan_id=measure.plan_id).order_by("as_at")
    ]


def statistics_plan(
    *,
    measure: Measure,
    statistics_file: statistics.StatisticsFile,
    column: str,
    local_authority: str,
    england: bool = False,
    region: bool = False,
) -> statistics.LoadPlan:
    """What loading the file would do to the measure now (no writes). Three queries."""
    existing = dict(MeasureValue.objects.filter(measure=measure).values_list("period_id", "value"))
    return statistics.plan_load(
        statistics_file,
        column=column,
        local_authority=local_authority,
        periods=statistics_periods(measure),
        percent=measure.is_percent,
        england=england,
        region=region,
        existing=existing,
        existing_comparators=Benchmark.objects.filter(measure=measure).values_list("name", flat=True),
    )
