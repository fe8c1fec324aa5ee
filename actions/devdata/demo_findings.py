"""The demo's area SEND inspections: their fictional findings, and how they are written through the services.

Each demo plan answers a full inspection under the 2023 framework, visited in the term before the plan's
first reporting period and published some weeks later: Kirklees's found "widespread and/or systemic
failings", Telford and Wrekin's "inconsistent experiences and outcomes". Each report sets out areas for
priority action and areas for improvement in Ofsted's words ("Leaders must…", "Leaders should…"),
directed to the council (the partner the demo's sources name for the council's SEND service: Telford's
"SEND team", Kirklees's "SENACT") and to the integrated care board, which the sources do not name and
which is created ("NHS Kirklees Integrated Care Board"). Every finding is linked to the actions whose
words answer it, except one per plan, directed to the integrated care board alone, that no action
answers; one per plan is answered only by actions rated Blue (complete) that no impact measure
evidences; and one per plan is directed to the integrated care board as well as the council, but the
board leads none of its actions: the three warnings of the findings matrix, each shown once a plan.
The reports, their links and the findings' words are fictional.

`demo.py` calls `inspection_create_for_plan` once per plan, after the measures, as the administrator.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from actions.findings.models import Finding, Inspection, Outcome
from actions.findings.services import finding_create, finding_link, inspection_create
from actions.plans.models import Action, Plan
from partners.models import Partner

if TYPE_CHECKING:
    from django.contrib.auth.models import User

COUNCIL, ICB = "council", "icb"
VISIT_DAYS = 5  # a week on site, Monday to Friday
PUBLISHED_AFTER = datetime.timedelta(days=45)  # the report, about six weeks after the visit


@dataclass(frozen=True)
class DemoFinding:
    reference: str  # "API 1", "AFI 2": the kind follows from it
    text: str
    directed_to: tuple[str, ...]  # COUNCIL, ICB
    actions: tuple[str, ...] = ()  # refs of the actions answering it; none: left uncovered


@dataclass(frozen=True)
class DemoInspection:
    outcome: str
    weeks_before: int  # the visit's Monday, this many weeks before the first period starts
    slug: str  # of the fictional report's address
    council: str  # the demo's partner for the council's SEND service
    findings: tuple[DemoFinding, ...]


INSPECTIONS = {
    "telford": DemoInspection(
        outcome=Outcome.INCONSISTENT,
        weeks_before=12,
        slug="telford-and-wrekin",
        council="SEND team",
        findings=(
            DemoFinding(
                "API 1",
                "Leaders across the partnership must make sure that education, health and care plans are "
                "issued and reviewed within statutory timescales, and that they describe children's needs "
                "accurately and the support that will meet them.",
                (COUNCIL, ICB),
                ("4.6", "4.7", "4.8"),
            ),
            DemoFinding(
                "AFI 1",
                "Leaders should make sure that the local offer is easy to find and to use, so that families "
                "know what support is available and how to get it.",
                (COUNCIL,),
                ("2.1", "2.4", "2.5"),
            ),
            DemoFinding(
                "AFI 2",
                "Leaders should make sure that families do not have to tell their story again to each "
                "service, and that information moves with children and young people when they change "
                "services.",
                (COUNCIL,),
                ("2.7", "2.8"),
            ),
            DemoFinding(
                "AFI 3",
                "Leaders should strengthen the support that mainstream schools receive to meet the needs of "
                "autistic pupils and of pupils at risk of exclusion.",
                (COUNCIL,),
                ("1.2", "1.3"),
            ),
            DemoFinding(
                "AFI 4",
                "Leaders in the integrated care board should reduce waiting times for neurodevelopmental "
                "assessments, and make sure that families receive support while they wait.",
                (ICB,),
            ),
        ),
    ),
    "kirklees": DemoInspection(
        outcome=Outcome.SYSTEMIC,
        weeks_before=15,
        slug="kirklees",
        council="SENACT",
        findings=(
            DemoFinding(
                "API 1",
                "Leaders across the partnership must urgently improve the sufficiency of specialist "
                "provision, so that children and young people with complex needs can attend a suitable "
                "school place close to home.",
                (COUNCIL,),
                ("4.3.b", "9.5.b", "9.6.b"),
            ),
            DemoFinding(
                "API 2",
                "Leaders must make sure that alternatives to exclusion are considered for every pupil with "
                "SEND, so that fewer are excluded or moved between schools without a plan.",
                (COUNCIL,),
                ("4.6.a", "4.6.b", "4.7.c"),
            ),
            DemoFinding(
                "AFI 1",
                "Leaders should make sure that young people aged 16 to 25 with complex needs have a "
                "full-time, personalised offer of education and support, including help with travel.",
                (COUNCIL,),
                ("6.1.a", "6.1.b"),
            ),
            DemoFinding(
                "AFI 2",
                "Leaders should make sure that the graduated approach is understood and used consistently "
                "by schools, settings and the professionals who support them.",
                (COUNCIL, ICB),
                ("7.1.d", "7.1.e", "7.2.a"),
            ),
            DemoFinding(
                "AFI 3",
                "Leaders in the integrated care board should make sure that children can get speech and "
                "language therapy and emotional wellbeing and mental health support without long waits.",
                (ICB,),
            ),
        ),
    ),
}


def partner_names(local_area: str, council: str) -> dict[str, tuple[str, Partner.Kind]]:
    """The partners a report directs findings to: the council's SEND service as the demo names it, and
    the local area's integrated care board, which the demo's sources do not name."""
    return {
        COUNCIL: (council, Partner.Kind.LOCAL_AUTHORITY),
        ICB: (f"NHS {local_area} Integrated Care Board", Partner.Kind.HEALTH),
    }


def visit_dates(first_period_starts: datetime.date, weeks_before: int) -> tuple[datetime.date, datetime.date]:
    """The visit's Monday and Friday, `weeks_before` weeks before the plan's first period starts."""
    day = first_period_starts - datetime.timedelta(weeks=weeks_before)
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=VISIT_DAYS - 1)


def inspection_create_for_plan(
    *, plan: Plan, fixture: str, first_period_starts: datetime.date, admin: User
) -> tuple[Inspection, list[Finding], int]:
    """The plan's inspection and findings, linked to their actions, through the findings services (so
    each row and link has its history by the administrator). Returns them and the partners created."""
    spec = INSPECTIONS[fixture]
    start, end = visit_dates(first_period_starts, spec.weeks_before)
    inspection = inspection_create(
        user=admin,
        plan=plan,
        kind=Inspection.Kind.FULL,
        framework="2023",
        visit_start=start,
        visit_end=end,
        outcome=spec.outcome,
        report_url=f"https://reports.example.org/area-send/{spec.slug}/{start:%Y-%m}",
        published_on=end + PUBLISHED_AFTER,
    )
    partners, created = {}, 0
    for key, (name, kind) in partner_names(plan.local_area, spec.council).items():
        partner = Partner.objects.filter(name__iexact=name).first()
        if partner is None:
            partner = Partner.objects.create(name=name, kind=kind)
            created += 1
        partners[key] = partner
    actions = {a.ref: a for a in Action.objects.for_plan(plan).filter(ref__in=_refs(spec))}
    findings = []
    for order, given in enumerate(spec.findings, start=1):
        finding = finding_create(
            user=admin,
            inspection=inspection,
            reference=given.reference,
            text=given.text,
            partners=[partners[key] for key in given.directed_to],
            order=order,
        )
        missing = [ref for ref in given.actions if ref not in actions]
        if missing:
            raise ValueError(
                f"The demo's {fixture} plan has no action {', '.join(missing)} for {given.reference}"
            )
        if given.actions:
            finding_link(user=admin, finding=finding, actions=[actions[ref] for ref in given.actions])
        findings.append(finding)
    return inspection, findings, created


def _refs(spec: DemoInspection) -> set[str]:
    return {ref for finding in spec.findings for ref in finding.actions}
