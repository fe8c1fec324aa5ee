"""Every model of the actions app, gathered from its features so that Django finds them here.

Code imports a model from its feature (`actions.plans.models`, `actions.cycle.models`,
`actions.importing.models`, `actions.measures.models`, `actions.findings.models`); this module is for
Django's app registry (permissions, content types and migrations belong to the `actions` app, whose
tables these have always been).
"""

from actions.cycle.models import PositionStatement, Reminder, ReportingPeriod
from actions.findings.models import Finding, Inspection
from actions.importing.models import ImportLayout, PlanImport
from actions.measures.models import (
    Benchmark,
    BenchmarkValue,
    Measure,
    MeasureReminder,
    MeasureValue,
    TrajectoryPoint,
)
from actions.plans.models import Action, Objective, Plan, Priority

__all__ = [
    "Action",
    "Benchmark",
    "BenchmarkValue",
    "Finding",
    "ImportLayout",
    "Inspection",
    "Measure",
    "MeasureReminder",
    "MeasureValue",
    "Objective",
    "Plan",
    "PlanImport",
    "PositionStatement",
    "Priority",
    "Reminder",
    "ReportingPeriod",
    "TrajectoryPoint",
]
