"""The demo's impact measures: their words and numbers, and how they are written through the services.

Each demo plan gets six or seven SEND measures, each with a trajectory (a baseline the term before the
first demo period, a milestone at the second and at the open period, a target a year after that),
"England" and regional comparators, and a figure for every past period (and for some measures the open
one) entered by the measure's lead and, for past periods, confirmed by the administrator.

The story the numbers tell, whatever day the demo is loaded on: most measures on or better than their
trajectory (Green); some slip within tolerance (Amber) for a term; and in each plan two measures are
off trajectory (Red) in the latest closed period and this term while every action they evidence is
rated Green or Blue, so the board's exception list has something to show. The figures are chosen so
that each rating holds wherever the terms fall: a Green figure is at least as good as both trajectory
points either side of its date, a Red one worse than both by more than the tolerance, an Amber one
within the tolerance of both (each `Figure` names its rating; tests/actions/devdata/test_demo_measures.py
checks it for days in every term).

`demo.py` calls `measures_create` once per plan, then `figures_enter` for each period, oldest first,
while the period still takes updates (it closes and publishes the past ones afterwards).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from actions.cycle.models import Rag, ReportingPeriod
from actions.measures.models import Direction, Frequency, Measure, Unit
from actions.measures.services import (
    benchmark_set,
    computed_value,
    measure_create,
    measure_trajectory_set,
    measure_value_confirm,
    measure_value_record,
)
from actions.plans.models import Action, Objective, Plan, Priority
from partners.models import Partner, Person

if TYPE_CHECKING:
    from django.contrib.auth.models import User

GREEN, AMBER, RED = Rag.GREEN, Rag.AMBER, Rag.RED


@dataclass(frozen=True)
class Figure:
    """One period's actual: a value, or a numerator and denominator (the value is worked out from
    them), the lead's commentary, and the rating it is meant to have (`intended_rag` checks it)."""

    commentary: str
    rag: str
    value: str | None = None
    numerator: int | None = None
    denominator: int | None = None
    confirmed: bool = True  # confirmed by the administrator (open period: some await confirmation)


@dataclass(frozen=True)
class DemoMeasure:
    name: str
    definition: str
    unit: str
    direction: str
    frequency: str
    tolerance: str
    lead: str  # a person who already leads actions in the plan
    partner: str
    source: str
    # Baseline (the term before the first demo period), milestone (the second demo period's as-at
    # date), milestone (the open period's as-at date), target (a year after that).
    trajectory: tuple[str, str, str, str]
    # Per demo period, oldest first; the last is the open period's (None: not entered yet).
    figures: tuple[Figure, Figure, Figure, Figure | None]
    # Comparators at the baseline date and each past period's as-at date.
    england: tuple[str, str, str, str]
    region: tuple[str, str, str, str]
    priorities: tuple[str, ...] = ()  # refs
    objectives: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


REGIONS = {"telford": "West Midlands", "kirklees": "Yorkshire and The Humber"}

# Comparators shared by both plans (published national figures, rounded; fictional where no national
# series exists).
EHCP_20_WEEKS_ENGLAND = ("49.2", "50.3", "46.4", "46.4")
SUSPENSIONS_ENGLAND = ("1610", "1640", "1590", "1620")
EXCLUSIONS_ENGLAND = ("12.9", "13.4", "12.1", "12.8")
ABSENCE_ENGLAND = ("37.5", "36.8", "37.9", "36.4")

TELFORD = (
    DemoMeasure(
        name="New EHC plans issued within 20 weeks (excluding exceptions)",
        definition="New education, health and care plans issued within the statutory 20 weeks of the "
        "request for assessment, as a percentage of all new plans issued in the term. Plans delayed by "
        "an exception the regulations allow (for example a school holiday) are left out of both counts.",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        frequency=Frequency.MONTHLY,
        tolerance="5",
        lead="Lydia Fablegate",
        partner="SEND team",
        source="Local case management system",
        trajectory=("46", "58", "70", "85"),
        figures=(
            Figure(
                "41 of the 70 new plans issued this term met the 20-week deadline. The extra educational "
                "psychology sessions bought in during the summer are shortening the wait for advice.",
                GREEN,
                numerator=41,
                denominator=70,
            ),
            Figure(
                "47 of 77 plans on time. Health advice now arrives within six weeks in most cases; late "
                "social care advice is the main cause of delay and is being raised with the service.",
                GREEN,
                numerator=47,
                denominator=77,
            ),
            Figure(
                "62 of 87 plans on time, ahead of the milestone. The weekly tracking meeting now picks up "
                "every plan at risk by week 14.",
                GREEN,
                numerator=62,
                denominator=87,
            ),
            None,
        ),
        england=EHCP_20_WEEKS_ENGLAND,
        region=("44.1", "45.0", "41.2", "42.6"),
        priorities=("4",),
        objectives=("4.6", "4.7"),
        actions=("4.6", "4.7"),
    ),
    DemoMeasure(
        name="Suspensions of pupils with SEND",
        definition="Suspensions in the term of pupils on SEN support or with an EHC plan, per 10,000 "
        "pupils with SEND on roll in the area's schools (the January school census).",
        unit=Unit.RATE_PER_10000,
        direction=Direction.LOWER,
        frequency=Frequency.TERMLY,
        tolerance="60",
        lead="Martha Exampleby",
        partner="Schools",
        source="School census and suspensions returns",
        trajectory=("1480", "1400", "1300", "1150"),
        figures=(
            Figure(
                "970 suspensions of 6,100 pupils with SEND, higher than last year. Most were in five "
                "secondary schools, which have asked for autism training first.",
                RED,
                numerator=970,
                denominator=6100,
            ),
            Figure(
                "880 suspensions. Down on last term but still above the trajectory; level 2 autism "
                "training has reached 60% of schools so far.",
                AMBER,
                numerator=880,
                denominator=6110,
            ),
            Figure(
                "795 suspensions, better than the trajectory for the first time. Schools with a trained "
                "autism lead suspended a third fewer pupils with SEND.",
                GREEN,
                numerator=795,
                denominator=6165,
            ),
            Figure(
                "785 suspensions so far this term (census at half term). The improvement is holding.",
                GREEN,
                numerator=785,
                denominator=6210,
            ),
        ),
        england=SUSPENSIONS_ENGLAND,
        region=("1580", "1600", "1560", "1575"),
        objectives=("1.2",),
        actions=("1.2", "1.3"),
    ),
    DemoMeasure(
        name="Permanent exclusions of pupils with SEND",
        definition="Permanent exclusions in the term of pupils on SEN support or with an EHC plan, per "
        "10,000 pupils with SEND on roll in the area's schools.",
        unit=Unit.RATE_PER_10000,
        direction=Direction.LOWER,
        frequency=Frequency.TERMLY,
        tolerance="2",
        lead="Cordelia Fictionfield",
        partner="SEND team",
        source="School census and exclusions returns",
        trajectory=("15", "12", "9", "6"),
        figures=(
            Figure(
                "7 permanent exclusions of pupils with SEND, all in Key Stage 3. Each was reviewed with "
                "the school and the inclusion team.",
                GREEN,
                numerator=7,
                denominator=6100,
            ),
            Figure(
                "7 permanent exclusions, as last term; two were rescinded after the governors' review "
                "and are not counted.",
                GREEN,
                numerator=7,
                denominator=6110,
            ),
            Figure(
                "5 permanent exclusions, the lowest for three years. Managed moves are being used earlier.",
                GREEN,
                numerator=5,
                denominator=6165,
            ),
            None,
        ),
        england=EXCLUSIONS_ENGLAND,
        region=("13.8", "14.2", "13.1", "13.5"),
        priorities=("1",),
        objectives=("1.2",),
        actions=("1.1", "1.2"),
    ),
    DemoMeasure(
        name="Persistent absence of pupils with EHC plans",
        definition="Pupils with an EHC plan who missed 10% or more of their possible sessions in the "
        "term, as a percentage of all pupils with an EHC plan in the area's schools.",
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        frequency=Frequency.TERMLY,
        tolerance="2",
        lead="Noah Demoham",
        partner="Schools",
        source="School census (attendance)",
        trajectory=("36", "34.5", "32.5", "28"),
        figures=(
            Figure(
                "451 of 1,340 pupils with an EHC plan were persistently absent. Attendance panels now "
                "include a SEND caseworker.",
                GREEN,
                numerator=451,
                denominator=1340,
            ),
            Figure(
                "486 of 1,355, up on last term: a winter illness peak hit the special schools hardest.",
                AMBER,
                numerator=486,
                denominator=1355,
            ),
            Figure(
                "444 of 1,375, back under the trajectory. The new Key Stage 1 hub places helped "
                "twelve children return to full-time school.",
                GREEN,
                numerator=444,
                denominator=1375,
            ),
            None,
        ),
        england=ABSENCE_ENGLAND,
        region=("38.6", "37.9", "39.1", "37.2"),
        objectives=("1.7",),
        actions=("1.7",),
    ),
    DemoMeasure(
        name="Parent carers satisfied with the information and support they receive",
        definition="Parent carers answering “satisfied” or “very satisfied” in the parent carer "
        "forum's termly survey, as a percentage of those who answered the question.",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        frequency=Frequency.TERMLY,
        tolerance="4",
        lead="Malcolm Inventstead",
        partner="PODS",
        source="PODS termly parent carer survey",
        trajectory=("62", "66", "72", "80"),
        figures=(
            Figure(
                "134 of 200 parent carers satisfied. Comments praise the new Local Offer pages.",
                GREEN,
                numerator=134,
                denominator=200,
            ),
            Figure(
                "121 of 192 satisfied. Fewer parents of children waiting for an assessment feel "
                "informed; the drop-in sessions are mostly attended by families already known to us.",
                AMBER,
                numerator=121,
                denominator=192,
            ),
            Figure(
                "107 of 185 satisfied, well below the trajectory although every engagement event went "
                "ahead as planned. Waiting times for therapies dominate the comments.",
                RED,
                numerator=107,
                denominator=185,
            ),
            Figure(
                "98 of 171 satisfied (survey closed early in the term). A “you said, we did” page and "
                "a therapy waiting-list update are planned in response.",
                RED,
                numerator=98,
                denominator=171,
                confirmed=False,
            ),
        ),
        england=("58", "57", "55", "54"),
        region=("56", "55", "54", "52"),
        objectives=("2.3", "2.5"),
        actions=("2.3", "2.5"),
    ),
    DemoMeasure(
        name="Speech and language therapy: average wait for a first appointment",
        definition="Average number of days from a child's referral to the community speech and language "
        "therapy service to their first appointment, for children seen in the month.",
        unit=Unit.DAYS,
        direction=Direction.LOWER,
        frequency=Frequency.MONTHLY,
        tolerance="10",
        lead="Shona Notrealwood",
        partner="Shropcom",
        source="Community health services contract dashboard",
        trajectory=("98", "90", "70", "56"),
        figures=(
            Figure(
                "88 days on average. The extra therapist post funded jointly with education started in "
                "the term.",
                GREEN,
                value="88",
            ),
            Figure(
                "97 days. Referrals rose by a fifth after the autumn screening in early years settings.",
                AMBER,
                value="97",
            ),
            Figure(
                "109 days, well off the trajectory. Two therapist vacancies are unfilled; the provider's "
                "recovery plan is being tracked through the contract dashboard.",
                RED,
                value="109",
            ),
            Figure(
                "116 days. Agency cover starts next month; the waiting list is being triaged so that "
                "children with the most complex needs are seen first.",
                RED,
                value="116",
                confirmed=False,
            ),
        ),
        england=("92", "96", "101", "104"),
        region=("99", "103", "108", "112"),
        objectives=("4.2",),
        actions=("1.1", "4.2"),
    ),
)

KIRKLEES = (
    DemoMeasure(
        name="New EHC plans issued within 20 weeks (including exceptions)",
        definition="New education, health and care plans issued within 20 weeks of the request for "
        "assessment, as a percentage of all new plans issued in the term, exceptions included (the "
        "SEN2 measure).",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        frequency=Frequency.MONTHLY,
        tolerance="5",
        lead="Grace Samplemore",
        partner="SENACT",
        source="Local case management system (SEN2 definitions)",
        trajectory=("38", "50", "62", "75"),
        figures=(
            Figure(
                "79 of 154 new plans within 20 weeks. The backlog of requests from the spring is now "
                "cleared.",
                GREEN,
                numerator=79,
                denominator=154,
            ),
            Figure(
                "93 of 168 within 20 weeks. Person-centred planning meetings are held by week 6 in most "
                "cases.",
                GREEN,
                numerator=93,
                denominator=168,
            ),
            Figure(
                "106 of 168 within 20 weeks, above the milestone and the regional figure.",
                GREEN,
                numerator=106,
                denominator=168,
            ),
            None,
        ),
        england=EHCP_20_WEEKS_ENGLAND,
        region=("55.7", "55.2", "52.9", "51.8"),
        priorities=("4i",),
        objectives=("4.1",),
        actions=("4.1.c",),
    ),
    DemoMeasure(
        name="Requests for EHC needs assessment",
        definition="Requests for an education, health and care needs assessment received in the 12 "
        "months to the date, per 10,000 children and young people aged 0 to 25 living in the area.",
        unit=Unit.RATE_PER_10000,
        direction=Direction.LOWER,
        frequency=Frequency.TERMLY,
        tolerance="4",
        lead="Jai Madeupby",
        partner="SENACT",
        source="Local case management system; ONS mid-year population estimates",
        trajectory=("78", "76", "72", "66"),
        figures=(
            Figure(
                "1,101 requests in the last 12 months. The Graduated Approach guidance is still being "
                "written, so schools have little else to turn to.",
                AMBER,
                numerator=1101,
                denominator=139400,
            ),
            Figure(
                "1,152 requests, rising although the guidance is now published. Half of the requests "
                "come from schools that have not yet had the training.",
                RED,
                numerator=1152,
                denominator=139700,
            ),
            Figure(
                "1,205 requests. The guidance and parent training are done, but requests keep rising, "
                "as they do across the region; a deep dive into requests from mainstream primary "
                "schools reports next term.",
                RED,
                numerator=1205,
                denominator=140050,
            ),
            Figure(
                "1,231 requests in the 12 months to date. Outreach from specialist provision starts in "
                "the three hubs with the most requests.",
                RED,
                numerator=1231,
                denominator=140200,
                confirmed=False,
            ),
        ),
        england=("70.1", "72.5", "75.3", "77.9"),
        region=("66.4", "68.0", "70.9", "73.2"),
        actions=("7.1.c", "7.1.e"),
    ),
    DemoMeasure(
        name="Permanent exclusions of pupils with SEND",
        definition="Permanent exclusions in the term of pupils on SEN support or with an EHC plan, per "
        "10,000 pupils with SEND on roll in Kirklees schools.",
        unit=Unit.RATE_PER_10000,
        direction=Direction.LOWER,
        frequency=Frequency.TERMLY,
        tolerance="2",
        lead="Molly Demogate",
        partner="SENACT",
        source="School census and exclusions returns",
        trajectory=("14", "11", "8", "5"),
        figures=(
            Figure(
                "13 permanent exclusions of pupils with SEND. Every school now discusses alternatives "
                "with the inclusion team before excluding.",
                GREEN,
                numerator=13,
                denominator=11820,
            ),
            Figure(
                "12 permanent exclusions; three pupils were supported through a managed move instead.",
                GREEN,
                numerator=12,
                denominator=11905,
            ),
            Figure(
                "9 permanent exclusions, on the trajectory. Good practice on SEMH support is being "
                "shared through the headteacher forums.",
                GREEN,
                numerator=9,
                denominator=11980,
            ),
            Figure(
                "7 permanent exclusions so far this term.",
                GREEN,
                numerator=7,
                denominator=12040,
            ),
        ),
        england=EXCLUSIONS_ENGLAND,
        region=("14.6", "15.1", "14.2", "14.4"),
        priorities=("4ii",),
        objectives=("4.4", "4.6"),
        actions=("4.4.a", "4.6.a", "4.6.b"),
    ),
    DemoMeasure(
        name="Suspensions of pupils with SEND",
        definition="Suspensions in the term of pupils on SEN support or with an EHC plan, per 10,000 "
        "pupils with SEND on roll in Kirklees schools.",
        unit=Unit.RATE_PER_10000,
        direction=Direction.LOWER,
        frequency=Frequency.TERMLY,
        tolerance="80",
        lead="Mina Imaginton",
        partner="BACs Chairs",
        source="School census and suspensions returns",
        trajectory=("1650", "1560", "1420", "1250"),
        figures=(
            Figure(
                "1,830 suspensions. The Fair Access discussions with headteacher groups have begun.",
                GREEN,
                numerator=1830,
                denominator=11820,
            ),
            Figure(
                "1,880 suspensions, slightly above the trajectory: a rise in two secondary schools "
                "while their behaviour policies are revised.",
                AMBER,
                numerator=1880,
                denominator=11905,
            ),
            Figure(
                "1,690 suspensions, back on track as both schools' new policies took effect.",
                GREEN,
                numerator=1690,
                denominator=11980,
            ),
            None,
        ),
        england=SUSPENSIONS_ENGLAND,
        region=("1720", "1750", "1690", "1705"),
        priorities=("4iii",),
        objectives=("4.8",),
        actions=("4.8.a",),
    ),
    DemoMeasure(
        name="Persistent absence of pupils with EHC plans",
        definition="Pupils with an EHC plan who missed 10% or more of their possible sessions in the "
        "term, as a percentage of all pupils with an EHC plan in Kirklees schools.",
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
        frequency=Frequency.TERMLY,
        tolerance="2",
        lead="Molly Demogate",
        partner="SENACT",
        source="School census (attendance)",
        trajectory=("38", "37", "34", "30"),
        figures=(
            Figure(
                "712 of 1,845 pupils with an EHC plan persistently absent, a little above the "
                "trajectory. The Behaviour and Attendance Collaboratives now see SEND cases first.",
                AMBER,
                numerator=712,
                denominator=1845,
            ),
            Figure(
                "688 of 1,866, on the trajectory.",
                GREEN,
                numerator=688,
                denominator=1866,
            ),
            Figure(
                "641 of 1,891. The managed transfer process is helping pupils settle in a new school sooner.",
                GREEN,
                numerator=641,
                denominator=1891,
            ),
            None,
        ),
        england=ABSENCE_ENGLAND,
        region=("38.9", "38.1", "39.4", "37.6"),
        objectives=("4.7",),
        actions=("4.7.a", "4.7.b", "4.7.c"),
    ),
    DemoMeasure(
        name="High-needs block deficit",
        definition="The forecast cumulative deficit on the high-needs block of the Dedicated Schools "
        "Grant at the end of the financial year, in pounds. The comparators are the average local "
        "authority's.",
        unit=Unit.POUNDS,
        direction=Direction.LOWER,
        frequency=Frequency.QUARTERLY,
        tolerance="250000",
        lead="Tessa Samplewell",
        partner="SENACT",
        source="High needs budget monitoring report",
        trajectory=("6400000", "6000000", "5200000", "4000000"),
        figures=(
            Figure(
                "£5.95m forecast deficit, within the recovery plan. Top-up bands have been reviewed.",
                GREEN,
                value="5950000",
            ),
            Figure(
                "£6.18m forecast. Independent special school placements rose by eleven this term.",
                AMBER,
                value="6180000",
            ),
            Figure(
                "£6.72m forecast, off the recovery plan although the funding reviews and termly "
                "finance meetings are all in place: demand for specialist places is outpacing them.",
                RED,
                value="6720000",
            ),
            Figure(
                "£7.05m forecast at the latest monitoring. A revised recovery plan goes to Schools "
                "Forum next month.",
                RED,
                value="7050000",
                confirmed=False,
            ),
        ),
        england=("9800000", "10600000", "11900000", "12700000"),
        region=("8400000", "9100000", "10200000", "10900000"),
        objectives=("10.14",),
        actions=("10.7.b", "10.14.a", "10.15.a"),
    ),
    DemoMeasure(
        name="Parent carers who rate the Local Offer as good",
        definition="Parent carers rating the Local Offer website and information “good” or "
        "“very good” in the parent carer forum's termly survey, as a percentage of those who "
        "answered the question.",
        unit=Unit.PERCENT,
        direction=Direction.HIGHER,
        frequency=Frequency.TERMLY,
        tolerance="5",
        lead="Kwame Fictionbury",
        partner="PCAN",
        source="PCAN termly parent carer survey",
        trajectory=("48", "54", "62", "70"),
        figures=(
            Figure(
                "97 of 176 rate it good. The map of support by hub went live this term.",
                GREEN,
                numerator=97,
                denominator=176,
            ),
            Figure(
                "106 of 184. Parents liked the Graduated Approach sessions; they asked for more evening "
                "ones.",
                GREEN,
                numerator=106,
                denominator=184,
            ),
            Figure(
                "121 of 192, ahead of the trajectory.",
                GREEN,
                numerator=121,
                denominator=192,
            ),
            Figure(
                "131 of 204 so far this term.",
                GREEN,
                numerator=131,
                denominator=204,
            ),
        ),
        england=("52", "53", "53", "54"),
        region=("50", "51", "52", "52"),
        objectives=("7.9",),
        actions=("7.9.c", "7.1.e"),
    ),
)

MEASURES: dict[str, tuple[DemoMeasure, ...]] = {"telford": TELFORD, "kirklees": KIRKLEES}


# ---------------------------------------------------------------------------------------------------
# Dates: pure, so that the story can be checked for any day without a database.
def trajectory_dates(baseline_on: datetime.date, as_ats: Sequence[datetime.date]) -> list[datetime.date]:
    """Baseline, the two milestones (the second period's and the open period's as-at dates) and the
    target a year after the open period's."""
    last = as_ats[-1]
    return [baseline_on, as_ats[1], last, last.replace(year=last.year + 1)]


def open_figure_date(today: datetime.date, previous_as_at: datetime.date) -> datetime.date:
    """What a figure entered this term refers to: the end of last month, or today when last month
    ended in the previous period (a figure must refer to a date after its as-at date)."""
    end_of_last_month = today.replace(day=1) - datetime.timedelta(days=1)
    return end_of_last_month if end_of_last_month > previous_as_at else today


def figure_dates(today: datetime.date, as_ats: Sequence[datetime.date]) -> list[datetime.date]:
    """The date each period's figure refers to: the as-at date for past periods, `open_figure_date` now."""
    return [*as_ats[:-1], open_figure_date(today, as_ats[-2])]


def figure_value(measure: DemoMeasure, figure: Figure) -> Decimal:
    """The value the service works out (from the numerator and denominator) or is given."""
    if figure.numerator is not None and figure.denominator is not None:
        return computed_value(measure.unit, Decimal(figure.numerator), Decimal(figure.denominator))
    return Decimal(str(figure.value))


# ---------------------------------------------------------------------------------------------------
# Writing, through the services.
@dataclass
class DemoMeasureRow:
    """A demo measure as written, with the user who enters its figures."""

    spec: DemoMeasure
    row: Measure
    enterer: User


@dataclass
class FiguresTally:
    figures: int = 0
    awaiting: int = 0


def measures_create(
    *,
    plan: Plan,
    fixture: str,
    baseline_on: datetime.date,
    as_ats: Sequence[datetime.date],
    people: Mapping[str, Person],
    partner: Callable[[str], Partner],
    admin: User,
) -> list[DemoMeasureRow]:
    """The plan's measures, their trajectories and comparators, set up by the administrator."""
    priorities = {p.ref: p for p in Priority.objects.filter(plan=plan)}
    objectives = {o.ref: o for o in Objective.objects.filter(priority__plan=plan)}
    actions = {a.ref: a for a in Action.objects.for_plan(plan)}
    dates = trajectory_dates(baseline_on, as_ats)
    comparator_dates = [baseline_on, *as_ats[:-1]]
    rows = []
    for order, spec in enumerate(MEASURES[fixture], start=1):
        lead = people[spec.lead]
        measure = measure_create(
            user=admin,
            plan=plan,
            name=spec.name,
            definition=spec.definition,
            unit=spec.unit,
            direction=spec.direction,
            frequency=spec.frequency,
            tolerance=spec.tolerance,
            lead_person=lead,
            lead_partner=partner(spec.partner),
            priorities=[_found(priorities, ref, "priority", spec) for ref in spec.priorities],
            objectives=[_found(objectives, ref, "objective", spec) for ref in spec.objectives],
            actions=[_found(actions, ref, "action", spec) for ref in spec.actions],
            order=order,
        )
        kinds = ("baseline", "milestone", "milestone", "target")
        measure_trajectory_set(
            user=admin,
            measure=measure,
            points=list(zip(kinds, dates, spec.trajectory, strict=True)),
        )
        for name, series in (("England", spec.england), (REGIONS[fixture], spec.region)):
            benchmark_set(
                user=admin,
                measure=measure,
                name=name,
                values=list(zip(comparator_dates, series, strict=True)),
            )
        rows.append(DemoMeasureRow(spec, measure, lead.user or admin))
    return rows


def _found[T](items: Mapping[str, T], ref: str, what: str, spec: DemoMeasure) -> T:
    if ref not in items:
        raise ValueError(f"Demo measure “{spec.name}” evidences {what} {ref}, which the plan does not have.")
    return items[ref]


def figures_enter(
    measures: Sequence[DemoMeasureRow],
    *,
    period: ReportingPeriod,
    index: int,
    refers_to: datetime.date,
    admin: User,
) -> FiguresTally:
    """Each measure's figure for the period (`index`: 0 the oldest demo period), entered by its lead,
    its rating (the one its trajectory gives) confirmed by the administrator unless it is to await
    confirmation. The administrator never confirms a figure they entered (a lead with no account)."""
    tally = FiguresTally()
    for measure in measures:
        figure = measure.spec.figures[index]
        if figure is None:
            continue
        entered = measure_value_record(
            user=measure.enterer,
            measure=measure.row,
            period=period,
            refers_to=refers_to,
            value=figure.value,
            numerator=figure.numerator,
            denominator=figure.denominator,
            source=measure.spec.source,
            commentary=figure.commentary,
        )
        tally.figures += 1
        if figure.confirmed and measure.enterer != admin:
            measure_value_confirm(user=admin, measure_value=entered)
        else:
            tally.awaiting += 1
    return tally
