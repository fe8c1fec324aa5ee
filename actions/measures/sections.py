"""The impact measures' parts of the termly cycle's pages and reminder emails.

The cycle sits below measures and cannot import them, so it offers extension points
(actions/cycle/extensions.py) and `MeasuresConfig.ready()` registers these providers there:

- "Measures due" on the home page and My actions: the measures the signed-in person leads that still
  need their figure in an open reporting period, with the deadline and a link to each (`measures_due`).
- "Impact measures" on the action page and under each priority and objective of the plan page: the
  measures they evidence, each with its latest figure, the expected value and its RAG rating
  (`measures_for_action`, `measures_for_plan_items`).
- Reminder emails: a measure without its figure in an open period is listed in its lead's reminder
  email, recorded in `MeasureReminder` so it is never sent twice (`MeasureReminders`).

Each read costs a fixed number of queries whatever the number of measures, actions or figures, and
returns plain data (no model instances reach the templates).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone

from actions.cycle.extensions import RatingsSubject, ReminderItem, Section
from actions.cycle.models import ReportingPeriod
from actions.cycle.reminders import absolute_url
from actions.plans.access import display_name
from actions.plans.models import Action, Plan
from partners.models import Person

from . import trajectory
from .models import (
    ANNUAL_WINDOW,
    Frequency,
    Measure,
    MeasureReminder,
    MeasureValue,
    TrajectoryPoint,
    figure_wanted,
    format_figure,
)


def measure_link(measure_pk: int) -> str:
    """The measure's page."""
    return reverse("actions:measure-detail", args=[measure_pk])


def figure_link(measure_pk: int, period_pk: int) -> str:
    """Where the lead enters the measure's figure for the period."""
    return reverse("actions:measure-figure", args=[measure_pk, period_pk])


# --- Measures due ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureDue:
    name: str
    link: str
    entered: bool


@dataclass(frozen=True)
class PeriodMeasuresDue:
    """One open period's measures led by one person, and which still need their figure."""

    plan_title: str
    period_name: str
    closes_on: datetime.date | None
    deadline_passed: bool
    measures: list[MeasureDue]

    @property
    def total(self) -> int:
        return len(self.measures)

    @property
    def to_do(self) -> int:
        return sum(not m.entered for m in self.measures)

    @property
    def still_due(self) -> list[MeasureDue]:
        return [m for m in self.measures if not m.entered]


def measures_due(person: Person | None, *, today: datetime.date | None = None) -> list[PeriodMeasuresDue]:
    """For each open period of a plan in which the person leads measures: those measures and whether
    each has its figure. Queries: 3 (1 when they lead no measure in a plan with an open period, none
    without a person), whatever the number of measures."""
    if person is None:
        return []
    today = today or timezone.localdate()
    periods = list(
        ReportingPeriod.objects.open()
        .filter(plan__measures__lead_person=person)
        .select_related("plan")
        .distinct()
        .order_by("closes_on", "as_at", "pk")
    )
    if not periods:
        return []
    measures: dict[int, list[Measure]] = defaultdict(list)
    for measure in Measure.objects.filter(lead_person=person, plan_id__in={p.plan_id for p in periods}):
        measures[measure.plan_id].append(measure)
    figures: dict[int, list[tuple[int, datetime.date]]] = defaultdict(list)
    for measure_id, period_id, day in MeasureValue.objects.filter(measure__lead_person=person).values_list(
        "measure_id", "period_id", "refers_to"
    ):
        figures[measure_id].append((period_id, day))

    def wanted(measure: Measure, period: ReportingPeriod) -> bool:
        """Entered in this period, or wanted there (an annual figure serves a year: `figure_wanted`)."""
        mine = figures[measure.pk]
        others = [day for period_id, day in mine if period_id != period.pk]
        return any(p == period.pk for p, _ in mine) or figure_wanted(measure.frequency, period.as_at, others)

    found = [
        PeriodMeasuresDue(
            plan_title=period.plan.title,
            period_name=period.name,
            closes_on=period.closes_on,
            deadline_passed=bool(period.closes_on and today > period.closes_on),
            measures=[
                MeasureDue(
                    m.name, figure_link(m.pk, period.pk), any(p == period.pk for p, _ in figures[m.pk])
                )
                for m in measures[period.plan_id]
                if wanted(m, period)
            ],
        )
        for period in periods
    ]
    return [due for due in found if due.measures]


def measures_due_section(person: Person | None) -> Section | None:
    """The home page's and My actions' "Measures due" banner, below "Updates due"."""
    due = measures_due(person)
    return Section("measures/_measures_due.html", due) if due else None


# --- The measures an action, objective or priority evidences ---------------------------------------


@dataclass(frozen=True)
class EvidenceRow:
    """A measure beside what it evidences: its latest figure (if any), what the trajectory expected
    then (at the figure's date; today with no figure) and the RAG rating in force ("" for none)."""

    name: str
    link: str
    actual: str  # "52%", "" with no figure yet
    period_name: str  # the latest figure's period
    expected: str  # "" when the trajectory expects nothing yet
    rag: str


def _latest(field: str) -> Subquery:
    values = MeasureValue.objects.filter(measure=OuterRef("pk")).order_by("-period__as_at")
    return Subquery(values.values(field)[:1])


def _evidence_rows(measures: "QuerySet[Measure]", *, today: datetime.date) -> dict[int, EvidenceRow]:
    """{measure pk: row}. Queries: 2 (the measures with their latest figure, their trajectories);
    1 when there are no measures."""
    loaded = measures.annotate(
        latest_value=_latest("value"),
        latest_refers_to=_latest("refers_to"),
        latest_rag=_latest("rag"),
        latest_period_name=_latest("period__name"),
    ).prefetch_related(
        Prefetch("trajectory_points", queryset=TrajectoryPoint.objects.order_by("date"), to_attr="points")
    )
    rows = {}
    for measure in loaded:
        points = [trajectory.Point(date=p.date, kind=p.kind, value=p.value) for p in measure.points]
        value = measure.latest_value
        on = measure.latest_refers_to if value is not None else today
        rows[measure.pk] = EvidenceRow(
            name=measure.name,
            link=measure_link(measure.pk),
            actual=format_figure(value, measure.unit),
            period_name=measure.latest_period_name or "",
            expected=format_figure(trajectory.expected_at(points, on), measure.unit),
            rag=measure.latest_rag or "",
        )
    return rows


def measures_for_action(action: Action, *, today: datetime.date | None = None) -> list[EvidenceRow]:
    """The measures that evidence the action, in the plan's order. Queries: 2 (1 with none)."""
    rows = _evidence_rows(Measure.objects.filter(actions=action), today=today or timezone.localdate())
    return list(rows.values())


@dataclass(frozen=True)
class PlanEvidence:
    """The measures each priority and objective of a plan evidences, by level then pk."""

    priority: dict[int, list[EvidenceRow]]
    objective: dict[int, list[EvidenceRow]]


def _group(links: Iterable[tuple[int, int]], rows: dict[int, EvidenceRow]) -> dict[int, list[EvidenceRow]]:
    grouped: dict[int, list[EvidenceRow]] = defaultdict(list)
    for measure_pk, item_pk in links:
        grouped[item_pk].append(rows[measure_pk])
    return dict(grouped)


def measures_for_plan_items(plan: Plan, *, today: datetime.date | None = None) -> PlanEvidence:
    """The measures each of the plan's priorities and objectives evidences, in the plan's order.
    Queries: 4 (2 when no measure evidences a priority or an objective)."""
    order = ("measure__order", "measure__name", "measure_id")
    objective_links = list(
        Measure.objectives.through.objects.filter(measure__plan=plan)
        .order_by(*order)
        .values_list("measure_id", "objective_id")
    )
    priority_links = list(
        Measure.priorities.through.objects.filter(measure__plan=plan)
        .order_by(*order)
        .values_list("measure_id", "priority_id")
    )
    linked = {m for m, _ in objective_links} | {m for m, _ in priority_links}
    if not linked:
        return PlanEvidence({}, {})
    rows = _evidence_rows(Measure.objects.filter(pk__in=linked), today=today or timezone.localdate())
    return PlanEvidence(priority=_group(priority_links, rows), objective=_group(objective_links, rows))


def action_section(action: Action) -> Section | None:
    rows = measures_for_action(action)
    return Section("measures/_action_measures.html", rows) if rows else None


def plan_section(plan: Plan) -> Section | None:
    evidence = measures_for_plan_items(plan)
    if not (evidence.priority or evidence.objective):
        return None
    return Section(
        "measures/_plan_measures.html", {"priority": evidence.priority, "objective": evidence.objective}
    )


# --- Reminder emails -----------------------------------------------------------------------------


class MeasureReminders:
    """Measures without their figure in a period, for their leads' reminder emails (see
    actions/cycle/reminders.py for when and to whom, and the never-twice guarantee)."""

    noun = "measure"
    link_text = "Enter the figure"

    def intro(self, count: int) -> str:
        return (
            f"{count} measure{pluralize(count)} you lead {pluralize(count, 'has,have')} no figure for this "
            "reporting period yet:"
        )

    def due(self, period: ReportingPeriod, kind: str, *, person: Person | None = None) -> list[ReminderItem]:
        """The period's plan's measures with a lead person and no figure in the period, not already
        reminded of this kind. Queries: 1, whatever the number of measures."""
        entered = MeasureValue.objects.filter(measure=OuterRef("pk"), period=period)
        reminded = MeasureReminder.objects.filter(
            measure=OuterRef("pk"), person=OuterRef("lead_person"), period=period, kind=kind
        )
        # A measure reported annually with a figure for a date in the year up to the period needs none
        # (`figure_wanted`).
        served = MeasureValue.objects.filter(
            measure=OuterRef("pk"), refers_to__gt=period.as_at - ANNUAL_WINDOW, refers_to__lte=period.as_at
        )
        measures = (
            Measure.objects.filter(plan_id=period.plan_id, lead_person__isnull=False)
            .filter(~Exists(entered), ~Exists(reminded))
            .exclude(Q(frequency=Frequency.ANNUALLY) & Exists(served))
            .select_related("lead_person__user")
        )
        if person is not None:
            measures = measures.filter(lead_person=person)
        return [
            ReminderItem(
                person=measure.lead_person,  # type: ignore[arg-type]  # not null: filtered above
                key=measure.pk,
                label=measure.name,
                link=absolute_url(figure_link(measure.pk, period.pk)),
            )
            for measure in measures
        ]

    def claim(
        self, items: Sequence[ReminderItem], *, period: ReportingPeriod, kind: str, sent_by: Any
    ) -> None:
        """Raises IntegrityError when another run has already claimed one of them."""
        MeasureReminder.objects.bulk_create(
            MeasureReminder(
                person=item.person, measure_id=item.key, period=period, kind=kind, sent_by=sent_by
            )
            for item in items
        )

    def release(self, items: Sequence[ReminderItem], *, period: ReportingPeriod, kind: str) -> None:
        by_person: dict[int, list[int]] = defaultdict(list)
        for item in items:
            by_person[item.person.pk].append(item.key)
        for person_pk, measure_pks in by_person.items():
            MeasureReminder.objects.filter(
                person_id=person_pk, measure_id__in=measure_pks, period=period, kind=kind
            ).delete()


REMINDERS = MeasureReminders()


# --- Measures' figures on "Ratings to confirm" -----------------------------------------------------


@dataclass(frozen=True)
class FigureToConfirm:
    """A measure's figure whose proposed rating awaits the second key, as the ratings page lists it."""

    pk: int
    measure_name: str
    measure_link: str
    period_name: str
    text: str  # "57.3%"
    expected_text: str  # "" when the trajectory expects nothing yet
    proposed_rag: str
    entered_by: str
    entered_on: datetime.date
    commentary: str
    may_confirm: bool  # False: this user entered it, so someone else must confirm it


def figures_to_confirm(plan: Plan, user: Any, led_priorities: set[int] | None) -> list[FigureToConfirm]:
    """The plan's figures awaiting confirmation in periods not yet published, that this user
    confirms: all for a plan administrator (None), else those of measures evidencing a priority they
    lead, directly or through an objective or action. Two queries, whatever the number of figures."""
    values = (
        MeasureValue.objects.filter(measure__plan=plan, confirmed_at__isnull=True)
        .exclude(period__state=ReportingPeriod.State.PUBLISHED)
        .select_related("measure", "period", "entered_by__person")
        .prefetch_related(
            Prefetch("measure__trajectory_points", queryset=TrajectoryPoint.objects.order_by("date"))
        )
        .order_by("period__as_at", "measure__order", "measure__name")
    )
    if led_priorities is not None:
        values = values.filter(
            Q(measure__priorities__in=led_priorities)
            | Q(measure__objectives__priority__in=led_priorities)
            | Q(measure__actions__objective__priority__in=led_priorities)
        ).distinct()
    found = []
    for value in values:
        measure = value.measure
        points = [
            trajectory.Point(date=p.date, kind=p.kind, value=p.value) for p in measure.trajectory_points.all()
        ]
        expected = trajectory.expected_at(points, value.refers_to)
        found.append(
            FigureToConfirm(
                pk=value.pk,
                measure_name=measure.name,
                measure_link=f"{measure_link(measure.pk)}?period={value.period_id}",
                period_name=value.period.name,
                text=format_figure(value.value, measure.unit),
                expected_text=format_figure(expected, measure.unit),
                proposed_rag=value.proposed_rag or value.rag,
                entered_by=display_name(value.entered_by) if value.entered_by else "Not known",
                entered_on=timezone.localdate(value.updated_at),
                commentary=value.commentary,
                may_confirm=value.entered_by_id is None or value.entered_by_id != user.pk,
            )
        )
    return found


def ratings_section(subject: RatingsSubject) -> Section | None:
    """The "Impact measures" part of the plan's Ratings to confirm page (None when nothing awaits)."""
    figures = figures_to_confirm(subject.plan, subject.user, subject.led_priorities)
    if not figures:
        return None
    return Section(
        "measures/_ratings_to_confirm.html",
        {
            "figures": figures,
            "to_confirm": sum(f.may_confirm for f in figures),
            "own": sum(not f.may_confirm for f in figures),
            "back": reverse("actions:ratings-to-confirm", args=[subject.plan.pk]),
        },
    )
