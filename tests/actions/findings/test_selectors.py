"""The findings matrix on a hand-built plan: each finding's answering actions and their RAG as at a
period, the RAG mix, overdue count, evidence of impact and the warnings; and its query budget."""

import datetime
from decimal import Decimal

import pytest

from actions.cycle.models import Rag, ReportingPeriod
from actions.findings.models import Finding
from actions.findings.selectors import NO_ACTION, NO_EVIDENCE, RagMix, coverage
from actions.measures.models import Measure, MeasureValue
from tests import factories as f

from .conftest import make_finding, make_inspection


@pytest.fixture
def matrix(plan, periods, council, icb):
    """Exampleshire's plan (Autumn 2025, Spring 2026, Summer 2026) and its inspection's findings:

    API 1 → actions 1.1.a (council leads; Amber then Red, overdue) and 1.1.b (led by an ICB officer;
            Green); directed to the council, the ICB and the parent carer forum (which leads nothing);
            also answered by action 9.1.a of Exampleshire's other plan (Amber as at its June period).
    API 2 → nothing.
    AFI 1 → objective 1.2, whose live actions 1.2.a and 1.2.b are both Blue; 1.2.c is archived.
    AFI 2 → action 1.2.a (Blue), evidenced by a measure rated Green in Summer.
    """
    autumn, spring, summer = periods
    forum = f.make_partner(name="Exampleshire Parent Carer Forum")
    icb_officer = f.make_person(name="Lydia Fablegate", partner=icb)
    priority = f.make_priority(plan, ref="1", title="Timely assessment")
    first = f.make_objective(priority, ref="1.1", title="Assess on time")
    second = f.make_objective(priority, ref="1.2", title="Publish the Local Offer")
    a = f.make_action(first, ref="1.1.a", lead_partners=[council], due_date=datetime.date(2026, 5, 1))
    b = f.make_action(first, ref="1.1.b", leads=[icb_officer], due_date=datetime.date(2027, 5, 1))
    c = f.make_action(second, ref="1.2.a")
    d = f.make_action(second, ref="1.2.b")
    archived = f.make_action(second, ref="1.2.c", is_archived=True)
    for action, rags in ((a, (Rag.AMBER, Rag.AMBER, Rag.RED)), (b, (Rag.GREEN,) * 3)):
        for period, rag in zip(periods, rags, strict=True):
            f.make_statement(action, period, rag)
    for action in (c, d):
        f.make_statement(action, spring, Rag.GREEN)
        f.make_statement(action, summer, Rag.BLUE)
    f.make_statement(archived, summer, Rag.RED)

    other_plan = f.make_plan(title="Exampleshire SEND Plan 2026", local_area="Exampleshire")
    other_period = f.make_period(other_plan, name="June 2026", as_at=datetime.date(2026, 6, 30))
    e = f.make_action(f.make_objective(f.make_priority(other_plan, ref="9"), ref="9.1"), ref="9.1.a")
    f.make_statement(e, other_period, Rag.AMBER)

    inspection = make_inspection(plan)
    api1 = make_finding(inspection, "API 1")
    api1.partners.set([council, icb, forum])
    api1.actions.set([a, b, e])
    make_finding(inspection, "API 2").partners.set([council])
    make_finding(inspection, "AFI 1").objectives.set([second])
    make_finding(inspection, "AFI 2").actions.set([c])
    measure = Measure.objects.create(plan=plan, name="Local Offer visits")
    measure.actions.add(c)
    MeasureValue.objects.create(
        measure=measure, period=summer, value=Decimal(50), refers_to=datetime.date(2026, 7, 1), rag=Rag.GREEN
    )
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "summer": summer, "spring": spring, "autumn": autumn}


def _by_reference(plan, period):
    return {row.reference: row for row in coverage(plan, period).findings}


def test_each_finding_lists_its_answering_actions_with_their_rag_as_at_the_period(plan, matrix):
    rows = _by_reference(plan, matrix["summer"])
    assert list(rows) == ["API 1", "API 2", "AFI 1", "AFI 2"]
    api1 = rows["API 1"]
    assert [(x.ref, x.rag_label, x.direct) for x in api1.actions] == [
        ("1.1.a", "Red", True),
        ("1.1.b", "Green", True),
        ("9.1.a", "Amber", True),
    ]
    assert api1.actions[0].movement == "worsened"
    assert api1.actions[0].lead == "Exampleshire Council"
    assert api1.actions[1].lead == "Lydia Fablegate"
    assert (api1.actions[2].plan_title, api1.actions[2].period_name) == (
        "Exampleshire SEND Plan 2026",
        "June 2026",
    )
    assert api1.rag_mix == RagMix(red=1, amber=1, green=1)
    assert api1.overdue == 1
    assert api1.partners == [
        "Exampleshire Council",
        "Exampleshire Integrated Care Board",
        "Exampleshire Parent Carer Forum",
    ]


def test_a_finding_directed_to_a_partner_that_leads_none_of_its_actions_is_flagged(plan, matrix):
    # The council leads 1.1.a; the ICB leads 1.1.b through its officer; the forum leads nothing.
    assert _by_reference(plan, matrix["summer"])["API 1"].warnings == [
        "Directed to Exampleshire Parent Carer Forum, but Exampleshire Parent Carer Forum leads none of its "
        "actions."
    ]


def test_a_finding_no_action_answers_is_flagged(plan, matrix):
    api2 = _by_reference(plan, matrix["summer"])["API 2"]
    assert api2.actions == [] and not api2.is_covered
    assert api2.warnings == [NO_ACTION]
    assert coverage(plan, matrix["summer"]).uncovered == 1


def test_a_finding_whose_actions_are_all_complete_without_evidence_of_impact_is_flagged(plan, matrix):
    afi1 = _by_reference(plan, matrix["summer"])["AFI 1"]
    assert [x.ref for x in afi1.actions] == ["1.2.a", "1.2.b"]  # the archived 1.2.c has left the plan
    assert all(not x.direct for x in afi1.actions)
    assert afi1.objectives == ["Objective 1.2: Publish the Local Offer"]
    assert afi1.rag_mix == RagMix(blue=2)
    # The measure evidences 1.2.a, one of AFI 1's actions, and is rated Green: evidence of impact.
    assert [m.name for m in afi1.measures] == ["Local Offer visits"]
    assert afi1.warnings == []


def test_complete_actions_with_a_measure_not_yet_green_are_flagged(plan, matrix):
    MeasureValue.objects.filter(measure__name="Local Offer visits").update(rag=Rag.RED)
    rows = _by_reference(plan, matrix["summer"])
    assert rows["AFI 1"].warnings == [NO_EVIDENCE]
    assert rows["AFI 2"].warnings == [NO_EVIDENCE]
    assert not rows["AFI 2"].has_evidence


def test_complete_actions_without_any_measure_are_flagged(plan, matrix):
    Measure.objects.all().delete()
    assert _by_reference(plan, matrix["summer"])["AFI 2"].warnings == [NO_EVIDENCE]


def test_an_earlier_period_shows_the_ratings_as_they_were(plan, matrix):
    rows = _by_reference(plan, matrix["spring"])
    assert [(x.ref, x.rag_label) for x in rows["API 1"].actions] == [
        ("1.1.a", "Amber"),
        ("1.1.b", "Green"),
        ("9.1.a", "No update"),  # the other plan had no period by 31 March 2026
    ]
    assert rows["API 1"].overdue == 0
    assert rows["AFI 1"].rag_mix == RagMix(green=2)
    assert rows["AFI 1"].warnings == []  # not complete yet
    assert [m.rag for m in rows["AFI 2"].measures] == [""]  # no figure by then


def test_coverage_refuses_another_plans_period(plan, matrix):
    with pytest.raises(ReportingPeriod.DoesNotExist):
        coverage(f.make_plan(), matrix["summer"])


def _large(n_actions: int):
    """A plan of `n_actions`, an inspection with 6 findings sharing its actions, an objective link,
    partners, a measure, and an action of another plan of the local area."""
    plan, actions = f.make_large_plan(n_actions)
    partner = f.make_partner()
    inspection = make_inspection(plan)
    findings = [make_finding(inspection, f"API {i + 1}") for i in range(5)]
    through = Finding.actions.through
    through.objects.bulk_create(
        through(finding=findings[i % 5], action=action) for i, action in enumerate(actions)
    )
    for finding in findings:
        finding.partners.add(partner)
    last = make_finding(inspection, "AFI 1")
    last.objectives.add(actions[0].objective)
    other_plan = f.make_plan(local_area=plan.local_area)
    f.make_period(other_plan, as_at=datetime.date(2026, 1, 31))
    findings[0].actions.add(f.make_action(f.make_objective(f.make_priority(other_plan))))
    measure = Measure.objects.create(plan=plan, name="Measure")
    measure.actions.add(*actions[:3])
    measure.priorities.add(actions[0].objective.priority)
    period = ReportingPeriod.objects.filter(plan=plan).order_by("-as_at").first()
    MeasureValue.objects.create(
        measure=measure, period=period, value=1, refers_to=period.as_at, rag=Rag.GREEN
    )
    return plan, period


@pytest.mark.parametrize("n_actions", [10, 500])
def test_coverage_costs_the_same_queries_for_10_and_500_actions(db, n_actions, django_assert_max_num_queries):
    plan, period = _large(n_actions)
    with django_assert_max_num_queries(13):
        result = coverage(plan, period)
    assert len(result.findings) == 6
    assert sum(row.action_count for row in result.findings[:5]) == n_actions + 1
