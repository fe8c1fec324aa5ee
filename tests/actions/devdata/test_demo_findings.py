"""The demo's inspections and findings (actions/devdata/demo_findings.py): dated before each plan's first
period, worded and directed as Ofsted's reports are, linked to the actions answering them, one left
uncovered and one answered only by completed actions without evidence of impact."""

import datetime
import io

import pytest
from django.core.management import call_command

from actions.cycle.models import ReportingPeriod
from actions.devdata.demo import PLANS
from actions.devdata.demo_findings import INSPECTIONS, visit_dates
from actions.findings.models import Finding, FindingKind, Framework, Inspection, Outcome
from actions.findings.selectors import NO_ACTION, NO_EVIDENCE, coverage
from actions.plans.models import Plan
from partners.models import Partner

TODAY = datetime.date(2026, 3, 15)  # in the spring term, as the other demo tests
OUTCOMES = {"telford": Outcome.INCONSISTENT, "kirklees": Outcome.SYSTEMIC}


@pytest.fixture(scope="module")
def _demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("load_demo", "--today", TODAY.isoformat(), stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(_demo, db):
    return _demo


def plan_of(fixture: str) -> Plan:
    return Plan.objects.get(title=next(p.title for p in PLANS if p.fixture == fixture))


@pytest.mark.parametrize("fixture", ["telford", "kirklees"])
def test_each_plan_answers_a_full_2023_inspection_before_its_first_period(demo, fixture):
    plan = plan_of(fixture)
    inspection = Inspection.objects.get(plan=plan)
    first = ReportingPeriod.objects.filter(plan=plan).order_by("as_at").first()
    assert (inspection.kind, inspection.framework) == (Inspection.Kind.FULL, Framework.AREA_SEND_2023)
    assert inspection.outcome == OUTCOMES[fixture]
    assert inspection.visit_start.weekday() == 0 and (inspection.visit_end - inspection.visit_start).days == 4
    assert inspection.visit_end < inspection.published_on < first.as_at - datetime.timedelta(days=90)
    assert inspection.report_url.startswith("https://reports.example.org/area-send/")
    assert inspection.history.get().history_user.username == "admin"


def test_the_visit_falls_in_2025_when_the_demo_is_loaded_in_december_2026():
    # Loaded on 7 December 2026 the first period is the autumn term 2025, starting 1 August 2025.
    for spec in INSPECTIONS.values():
        start, end = visit_dates(datetime.date(2025, 8, 1), spec.weeks_before)
        assert start.year == end.year == 2025 and start.weekday() == 0


@pytest.mark.parametrize("fixture", ["telford", "kirklees"])
def test_the_findings_are_priority_actions_and_improvements_directed_to_the_council_and_the_icb(
    demo, fixture
):
    plan = plan_of(fixture)
    findings = list(Finding.objects.filter(inspection__plan=plan).prefetch_related("partners"))
    assert 4 <= len(findings) <= 6
    kinds = {f.kind for f in findings}
    assert kinds == {FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT}
    for finding in findings:
        assert finding.text.startswith("Leaders")
        assert finding.partners.exists()
    directed = {p.name for f in findings for p in f.partners.all()}
    council = {"telford": "SEND team", "kirklees": "SENACT"}[fixture]  # the demo's own partner
    assert directed == {council, f"NHS {plan.local_area} Integrated Care Board"}
    icb = Partner.objects.get(name=f"NHS {plan.local_area} Integrated Care Board")
    assert icb.kind == Partner.Kind.HEALTH


@pytest.mark.parametrize("fixture", ["telford", "kirklees"])
def test_one_finding_is_uncovered_and_one_has_only_completed_actions_without_evidence(demo, fixture):
    plan = plan_of(fixture)
    period = ReportingPeriod.objects.filter(plan=plan).order_by("as_at").last()
    matrix = coverage(plan, period)
    uncovered = [f.reference for f in matrix.findings if NO_ACTION in f.warnings]
    no_evidence = [f.reference for f in matrix.findings if NO_EVIDENCE in f.warnings]
    expected = INSPECTIONS[fixture].findings
    assert uncovered == [f.reference for f in expected if not f.actions]
    assert no_evidence == [{"telford": "AFI 2", "kirklees": "AFI 1"}[fixture]]
    icb = f"NHS {plan.local_area} Integrated Care Board"
    wrong_partner = {f.reference: w for f in matrix.findings for w in f.warnings if w.startswith("Directed")}
    assert wrong_partner == {
        {"telford": "API 1", "kirklees": "AFI 2"}[
            fixture
        ]: f"Directed to {icb}, but {icb} leads none of its actions."
    }
    linked = {f.reference: sorted(a.ref for a in f.actions) for f in matrix.findings}
    assert linked == {f.reference: sorted(f.actions) for f in expected}


def test_a_second_load_changes_nothing(demo):
    counts = (
        Inspection.objects.count(),
        Finding.objects.count(),
        Finding.history.count(),
        Partner.objects.count(),
    )
    out = io.StringIO()
    call_command("load_demo", "--today", TODAY.isoformat(), stdout=out)
    assert "Nothing changed" in out.getvalue()
    after = (
        Inspection.objects.count(),
        Finding.objects.count(),
        Finding.history.count(),
        Partner.objects.count(),
    )
    assert after == counts


def test_the_summary_counts_the_inspections_and_findings(demo):
    assert "inspections:         2, with 10 findings (2 answered by no action)" in demo
    assert Partner.objects.filter(name__endswith="Integrated Care Board").count() == 2
