"""Every read about impact measures: how each measure stands in a reporting period, as plain data.

`measures_for_plan` costs the same few queries whatever the number of measures: the measures, their
trajectory points, and their figures up to the period, each loaded once and worked out in Python by
the pure rules of `trajectory.py`.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from actions.cycle.models import Rag, ReportingPeriod
from actions.plans.models import Plan

from . import trajectory
from .models import Measure, MeasureValue, TrajectoryPoint


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
