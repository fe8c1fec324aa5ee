"""What the database itself refuses, whichever door a write comes through."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.cycle.models import Rag
from actions.measures.models import Benchmark, BenchmarkValue, MeasureValue, TrajectoryPoint
from tests import factories as f

from .conftest import BASELINE_DAY, make_measure


def test_one_baseline_and_one_target_per_measure_in_the_database(plan):
    measure = make_measure(
        plan, points=[("baseline", BASELINE_DAY, "1"), ("target", datetime.date(2027, 1, 1), "2")]
    )
    for kind, day in (("baseline", datetime.date(2026, 1, 1)), ("target", datetime.date(2028, 1, 1))):
        with pytest.raises(IntegrityError), transaction.atomic():
            TrajectoryPoint.objects.create(measure=measure, kind=kind, date=day, value=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        TrajectoryPoint.objects.create(measure=measure, kind="milestone", date=BASELINE_DAY, value=3)


def test_a_point_is_checked_against_those_already_saved(plan):
    measure = make_measure(plan, points=[("baseline", BASELINE_DAY, "40")])
    early = TrajectoryPoint(
        measure=measure, kind="milestone", date=datetime.date(2025, 1, 1), value=Decimal(50)
    )
    with pytest.raises(ValidationError, match="the baseline must come before every other point"):
        early.full_clean()
    too_high = TrajectoryPoint(
        measure=measure, kind="target", date=datetime.date(2027, 1, 1), value=Decimal(101)
    )
    with pytest.raises(ValidationError, match="a percentage must be between 0 and 100"):
        too_high.full_clean()


def test_one_figure_per_measure_per_period(plan, periods):
    measure = make_measure(plan)
    MeasureValue.objects.create(
        measure=measure, period=periods[2], value=1, refers_to=periods[2].as_at, rag=Rag.GREEN
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        MeasureValue.objects.create(
            measure=measure, period=periods[2], value=2, refers_to=periods[2].as_at, rag=Rag.GREEN
        )


def test_a_figure_belongs_to_a_period_of_its_measures_plan(plan, periods):
    other = f.make_period(f.make_plan())
    row = MeasureValue(
        measure=make_measure(plan), period=other, value=1, refers_to=other.as_at, rag=Rag.GREEN
    )
    with pytest.raises(ValidationError, match="Choose a reporting period of this measure's plan"):
        row.full_clean()


def test_benchmarks_keep_their_history(plan):
    england = Benchmark.objects.create(measure=make_measure(plan), name="England")
    BenchmarkValue.objects.create(benchmark=england, date=BASELINE_DAY, value=Decimal("49.2"))
    assert england.history.count() == 1 and BenchmarkValue.history.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        BenchmarkValue.objects.create(benchmark=england, date=BASELINE_DAY, value=1)


def test_every_change_to_a_measure_bumps_its_plans_revision(plan, measure, summer, action):
    """Cached dashboards are keyed by the plan's revision (actions/plans/revisions.py)."""

    def revision() -> int:
        plan.refresh_from_db()
        return plan.revision

    steps = [
        lambda: measure.save(),
        lambda: TrajectoryPoint.objects.filter(measure=measure).first().save(),
        lambda: MeasureValue.objects.create(
            measure=measure,
            period=summer,
            value=55,
            refers_to=summer.as_at,
            proposed_rag="amber",
            rag="amber",
        ),
        lambda: Benchmark.objects.create(measure=measure, name="England"),
        lambda: BenchmarkValue.objects.create(
            benchmark=Benchmark.objects.get(measure=measure), date=summer.as_at, value=50
        ),
        lambda: measure.actions.add(action),
    ]
    for step in steps:
        before = revision()
        step()
        assert revision() > before, step
