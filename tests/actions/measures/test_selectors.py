"""How measures stand in a period, and what it costs in queries whatever their number."""

import datetime
from decimal import Decimal

import pytest

from actions.cycle.models import Rag
from actions.measures.models import Measure, MeasureValue, TrajectoryPoint, Unit
from actions.measures.selectors import measure_status, measures_for_plan
from tests import factories as f

from .conftest import EHCP_POINTS, make_measure


def _value(measure, period, value, refers_to, rag=Rag.GREEN, **extra):
    return MeasureValue.objects.create(
        measure=measure,
        period=period,
        value=Decimal(value),
        refers_to=refers_to,
        rag=rag,
        proposed_rag=rag,
        **extra,
    )


def test_status_gives_actual_expected_ratings_and_trend(measure, spring, summer):
    _value(measure, spring, "45", datetime.date(2026, 3, 31))
    _value(measure, summer, "50", datetime.date(2026, 7, 31), rag=Rag.AMBER)
    status = measure_status(measure, summer)
    assert status.actual == Decimal(50)
    assert round(status.expected, 2) == Decimal("58.25")  # 40 + 20 × 333/365
    assert status.computed_rag == Rag.RED  # 8.25 short, beyond the tolerance of 5
    assert status.rag == Rag.AMBER  # the rating in force is the one proposed (or confirmed)
    assert status.confirmed is False
    assert (status.previous, status.trend, status.trend_better) == (Decimal(45), "up", True)
    assert status.is_off_trajectory


def test_lower_is_better_falling_is_better(plan, spring, summer):
    days = make_measure(
        plan,
        unit=Unit.DAYS,
        direction="lower",
        name="Days to issue an EHC plan",
        points=[("baseline", datetime.date(2025, 9, 1), "30"), ("target", datetime.date(2026, 9, 1), "20")],
    )
    _value(days, spring, "28", datetime.date(2026, 3, 31))
    _value(days, summer, "20", datetime.date(2026, 7, 31))  # expected 20.88
    status = measure_status(days, summer)
    assert (status.trend, status.trend_better, status.computed_rag) == ("down", True, Rag.GREEN)


def test_a_measure_with_no_figure_in_the_period(measure, spring, summer):
    _value(measure, spring, "45", datetime.date(2026, 3, 31))
    status = measure_status(measure, summer)
    assert status.actual is None and status.rag == "" and status.confirmed is None
    assert status.expected is not None  # what was expected as at the period
    assert status.previous == Decimal(45) and status.trend == ""


def test_a_later_periods_figure_is_not_seen_from_an_earlier_period(measure, spring, summer):
    _value(measure, summer, "50", datetime.date(2026, 7, 31))
    assert measure_status(measure, spring).actual is None


def test_before_the_baseline_a_figure_is_not_rated(plan, summer):
    late = make_measure(plan, name="Late starter", points=[("baseline", datetime.date(2027, 1, 1), "10")])
    _value(late, summer, "5", datetime.date(2026, 7, 1))
    status = measure_status(late, summer)
    assert status.expected is None and status.computed_rag == Rag.NOT_RATED


def test_measures_for_plan_lists_the_plans_measures_only(plan, measure, summer):
    make_measure(f.make_plan(), name="Another plan's")
    assert [s.measure for s in measures_for_plan(plan, summer)] == [measure]


def _many_measures(plan, periods, count):
    measures = Measure.objects.bulk_create(
        [Measure(plan=plan, name=f"Measure {n}", unit=Unit.PERCENT, order=n) for n in range(count)]
    )
    TrajectoryPoint.objects.bulk_create(
        [
            TrajectoryPoint(measure=m, kind=kind, date=day, value=Decimal(value))
            for m in measures
            for kind, day, value in EHCP_POINTS
        ]
    )
    spring, summer = periods[1], periods[2]
    MeasureValue.objects.bulk_create(
        [
            MeasureValue(measure=m, period=p, value=Decimal(50), refers_to=p.as_at, rag=Rag.GREEN)
            for m in measures
            for p in (spring, summer)
        ]
    )


@pytest.mark.parametrize("count", [5, 200])
def test_measures_for_plan_costs_the_same_queries_for_5_and_200_measures(
    count, plan, periods, django_assert_max_num_queries
):
    _many_measures(plan, periods, count)
    with django_assert_max_num_queries(3):
        statuses = measures_for_plan(plan, periods[2])
        assert len(statuses) == count
        assert all(s.actual == Decimal(50) and s.trend == "same" for s in statuses)
