"""Impact measures for the reports tests, built straight into the database (the services are tested in
tests/actions/measures/). Figures are confirmed unless asked, and rated by the trajectory unless given.

The EHC plan measure of tests/actions/measures/conftest.py: baseline 40% on 1 September 2025,
milestone 60% on 1 September 2026, target 80% on 1 September 2027, higher is better, tolerance 5.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from actions.cycle.models import ReportingPeriod
from actions.measures import trajectory
from actions.measures.models import (
    Benchmark,
    BenchmarkValue,
    Direction,
    Measure,
    MeasureValue,
    TrajectoryPoint,
    Unit,
)
from actions.plans.models import Action, Objective, Plan, Priority
from partners.models import Person

EHCP_POINTS = [
    ("baseline", datetime.date(2025, 9, 1), "40"),
    ("milestone", datetime.date(2026, 9, 1), "60"),
    ("target", datetime.date(2027, 9, 1), "80"),
]


def make_measure(
    plan: Plan,
    *,
    name: str,
    points=EHCP_POINTS,
    priorities: list[Priority] = (),  # type: ignore[assignment]
    objectives: list[Objective] = (),  # type: ignore[assignment]
    actions: list[Action] = (),  # type: ignore[assignment]
    lead: Person | None = None,
    **overrides,
) -> Measure:
    fields = {
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "tolerance": Decimal(5),
        **overrides,
    }
    measure = Measure.objects.create(plan=plan, name=name, lead_person=lead, **fields)
    for kind, day, value in points:
        TrajectoryPoint.objects.create(measure=measure, kind=kind, date=day, value=Decimal(value))
    measure.priorities.set(priorities)
    measure.objectives.set(objectives)
    measure.actions.set(actions)
    return measure


def add_figure(
    measure: Measure,
    period: ReportingPeriod,
    value: str,
    *,
    refers_to: datetime.date | None = None,
    rag: str | None = None,
    confirmed: bool = True,
    commentary: str = "",
) -> MeasureValue:
    """The measure's figure for the period, referring to its as-at date unless given."""
    day = refers_to or period.as_at
    figure = Decimal(value)
    if rag is None:
        points = [trajectory.Point(p.date, p.kind, p.value) for p in measure.trajectory_points.all()]
        expected = trajectory.expected_at(points, day)
        rag = str(trajectory.rag_for(figure, expected, measure.direction, measure.tolerance))
    return MeasureValue.objects.create(
        measure=measure,
        period=period,
        value=figure,
        refers_to=day,
        rag=rag,
        proposed_rag=rag,
        confirmed_at=timezone.now() if confirmed else None,
        commentary=commentary,
    )


def add_many_measures(plan: Plan, count: int) -> list[Measure]:
    """`count` measures with a trajectory, a figure in every period, a comparator, and links to a
    priority, an objective and an action each: everything the dashboard and packs load. Bulk-created,
    so 200 measures cost a few queries."""
    periods = list(plan.periods.order_by("as_at"))
    priorities = list(Priority.objects.filter(plan=plan).order_by("order"))
    objectives = list(Objective.objects.filter(priority__plan=plan).order_by("pk"))
    actions = list(Action.objects.filter(objective__priority__plan=plan).order_by("pk"))
    start = periods[0].as_at - datetime.timedelta(days=120)
    measures = Measure.objects.bulk_create(
        Measure(plan=plan, name=f"Measure {i + 1}", unit=Unit.PERCENT, tolerance=Decimal(5), order=i)
        for i in range(count)
    )
    TrajectoryPoint.objects.bulk_create(
        TrajectoryPoint(measure=m, kind=kind, date=start + datetime.timedelta(days=365 * k), value=value)
        for m in measures
        for k, (kind, value) in enumerate((("baseline", 40), ("milestone", 60), ("target", 80)))
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(
            measure=m,
            period=period,
            value=Decimal(35 + (i * 7 + k * 11) % 40),
            refers_to=period.as_at,
            rag=("red", "amber", "green")[(i + k) % 3],
            proposed_rag=("red", "amber", "green")[(i + k) % 3],
            confirmed_at=timezone.now() if (i + k) % 4 else None,
        )
        for i, m in enumerate(measures)
        for k, period in enumerate(periods)
    )
    benchmarks = Benchmark.objects.bulk_create(Benchmark(measure=m, name="England") for m in measures)
    BenchmarkValue.objects.bulk_create(
        BenchmarkValue(benchmark=b, date=period.as_at, value=Decimal(50))
        for b in benchmarks
        for period in periods
    )
    Measure.priorities.through.objects.bulk_create(
        Measure.priorities.through(measure=m, priority=priorities[i % len(priorities)])
        for i, m in enumerate(measures)
    )
    Measure.objectives.through.objects.bulk_create(
        Measure.objectives.through(measure=m, objective=objectives[i % len(objectives)])
        for i, m in enumerate(measures)
    )
    Measure.actions.through.objects.bulk_create(
        Measure.actions.through(measure=m, action=actions[i % len(actions)]) for i, m in enumerate(measures)
    )
    return measures
