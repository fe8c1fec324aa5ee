"""A percentage measure Olivia leads, with a hand-worked trajectory (see actions/measures/trajectory.py):
baseline 40% on 1 September 2025, milestone 60% on 1 September 2026, target 80% on 1 September 2027,
higher is better, tolerance 5 points."""

import datetime
from decimal import Decimal

import pytest

from actions.measures.models import Direction, Measure, TrajectoryPoint, Unit
from actions.plans.models import Plan
from partners.models import Person

BASELINE_DAY = datetime.date(2025, 9, 1)
MILESTONE_DAY = datetime.date(2026, 9, 1)
TARGET_DAY = datetime.date(2027, 9, 1)


def make_measure(plan: Plan, *, lead: Person | None = None, points=(), **overrides) -> Measure:
    fields = {
        "name": f"Measure {Measure.objects.count() + 1}",
        "unit": Unit.PERCENT,
        "direction": Direction.HIGHER,
        "tolerance": Decimal(5),
        **overrides,
    }
    measure = Measure.objects.create(plan=plan, lead_person=lead, **fields)
    for kind, day, value in points:
        TrajectoryPoint.objects.create(measure=measure, kind=kind, date=day, value=Decimal(value))
    return measure


EHCP_POINTS = [
    ("baseline", BASELINE_DAY, "40"),
    ("milestone", MILESTONE_DAY, "60"),
    ("target", TARGET_DAY, "80"),
]


@pytest.fixture
def measure(plan, periods, action, olivia_person):
    """New EHC plans issued within 20 weeks: Olivia leads it; it evidences her action's priority."""
    measure = make_measure(
        plan, lead=olivia_person, points=EHCP_POINTS, name="New EHC plans issued within 20 weeks"
    )
    measure.priorities.add(action.objective.priority)
    return measure
