"""A full inspection of Exampleshire under the 2023 framework, with two findings linked to the plan:

API 1 (directed to Exampleshire Council) is answered by Olivia's action 1.1.a; AFI 1 (directed to the
Exampleshire Integrated Care Board) is answered by objective 1.1, so by every action under it.
"""

import datetime

import pytest

from actions.findings.models import Finding, FindingKind, Inspection, Outcome
from actions.plans.models import Plan
from tests import factories as f

VISIT_START = datetime.date(2025, 6, 2)
VISIT_END = datetime.date(2025, 6, 6)
PUBLISHED = datetime.date(2025, 7, 21)


def make_inspection(plan: Plan, **overrides) -> Inspection:
    fields = {
        "kind": Inspection.Kind.FULL,
        "framework": "2023",
        "visit_start": VISIT_START,
        "visit_end": VISIT_END,
        "outcome": Outcome.SYSTEMIC,
        "published_on": PUBLISHED,
        **overrides,
    }
    return Inspection.objects.create(plan=plan, **fields)


def make_finding(inspection: Inspection, reference: str, **overrides) -> Finding:
    fields = {
        "kind": FindingKind.PRIORITY_ACTION if reference.startswith("API") else FindingKind.IMPROVEMENT,
        "text": f"Leaders must act on {reference}.",
        "order": Finding.objects.filter(inspection=inspection).count() + 1,
        **overrides,
    }
    return Finding.objects.create(inspection=inspection, reference=reference, **fields)


@pytest.fixture
def council(db):
    return f.make_partner(name="Exampleshire Council")


@pytest.fixture
def icb(db):
    return f.make_partner(name="Exampleshire Integrated Care Board")


@pytest.fixture
def inspection(plan):
    return make_inspection(plan)


@pytest.fixture
def api(inspection, action, council):
    """API 1: answered by Olivia's action directly, directed to the council."""
    finding = make_finding(
        inspection, "API 1", text="Leaders must urgently improve the timeliness of EHC needs assessments."
    )
    finding.partners.add(council)
    finding.actions.add(action)
    return finding


@pytest.fixture
def afi(inspection, action, icb):
    """AFI 1: answered through objective 1.1, directed to the ICB."""
    finding = make_finding(inspection, "AFI 1", text="Leaders should improve the Local Offer.")
    finding.partners.add(icb)
    finding.objectives.add(action.objective)
    return finding
