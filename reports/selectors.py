"""Every figure a board sees, as plain data: the dashboard page, the PDF and the workbook render this.

Counts come from database aggregates over `ActionQuerySet.as_at_period`, the same annotations the
filtered action list uses, so a count and the list behind its link always agree. Each count carries
that link. Nothing here renders; nothing elsewhere counts.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.urls import reverse

from actions.models import NEWLY_RED, NO_UPDATE, RED_STREAK, Action, Movement, Plan, Priority, ReportingPeriod
from partners.models import Partner, Person

from .rag import RAG_KEYS, RagCounts


@dataclass(frozen=True)
class PeriodInfo:
    pk: int
    name: str
    as_at: datetime.date
    state: str

    @classmethod
    def of(cls, period: ReportingPeriod) -> "PeriodInfo":
        return cls(period.pk, period.name, period.as_at, period.get_state_display())


@dataclass(frozen=True)
class Count_:
    """A number and the action list that shows exactly those actions."""

    value: int
    url: str


@dataclass
class Figures:
    """The counts for one group of actions (the whole plan, a priority, a partner or a person)."""

    label: str
    rag: RagCounts
    links: dict[str, str]  # RAG key, "overdue", "not_updated", movement values, "all" -> action list URL
    overdue: int = 0
    not_updated: int = 0
    movement: dict[str, int] = field(default_factory=dict)
    newly_red: int = 0
    red_streak: int = 0

    def rag_cells(self) -> list[tuple[str, str, Count_]]:
        """(key, word, count with link) in display order, for tables."""
        return [(key, word, Count_(n, self.links[key])) for key, word, n in self.rag.items()]

    @property
    def total(self) -> Count_:
        return Count_(self.rag.total, self.links["all"])


@dataclass(frozen=True)
class ActionLine:
    """One action as the board lists it."""

    pk: int
    ref: str
    description: str
    priority: str
    leads: str
    due_date: datetime.date | None
    timeframe: str
    rag: str | None
    previous_rag: str | None
    is_overdue: bool
    url: str
    updated_in_period: bool = True
    is_newly_red: bool = False
    is_red_streak: bool = False


@dataclass
class Dashboard:
    plan_pk: int
    plan_title: str
    local_area: str
    period: PeriodInfo
    previous: PeriodInfo | None
    periods: list[PeriodInfo]
    plan: Figures
    priorities: list[Figures]
    newly_red: list[ActionLine]
    red_streak: list[ActionLine]
    overdue: list[ActionLine]
    not_updated: list[ActionLine]
    trend: list[tuple[PeriodInfo, RagCounts]]
    heat_map: list[tuple[str, list[RagCounts]]]  # priority label, counts per period (same order as periods)

    @property
    def movement(self) -> list[tuple[str, str, Count_]]:
        return [
            (m.value, m.label, Count_(self.plan.movement.get(m.value, 0), self.plan.links[m.value]))
            for m in Movement
        ]


@dataclass
class Accountability:
    plan_pk: int
    plan_title: str
    period: PeriodInfo
    previous: PeriodInfo | None
    periods: list[PeriodInfo]
    partners: list[Figures]
    people: list[Figures]


class NoReportingPeriod(Exception):
    """The plan has no reporting period yet, so there is nothing to report as at."""


def _aggregates() -> dict:
    counts = {key: Count("pk", filter=Q(current_rag=key)) for key in RAG_KEYS if key != NO_UPDATE}
    counts[NO_UPDATE] = Count("pk", filter=Q(current_rag__isnull=True))
    return {
        **counts,
        "overdue": Count("pk", filter=Q(is_overdue=True)),
        "not_updated": Count("pk", filter=Q(updated_in_period=False)),
        "newly_red": Count("pk", filter=NEWLY_RED),
        "red_streak": Count("pk", filter=RED_STREAK),
        **{m.value: Count("pk", filter=Q(movement=m.value)) for m in Movement},
    }


def _action_list_url(plan_pk: int, period_pk: int, **filters) -> str:
    params = {"plan": plan_pk, "period": period_pk, **{k: v for k, v in filters.items() if v is not None}}
    return f"{reverse('actions:action-list')}?{urlencode(params)}"


def _figures(label: str, row: dict, url) -> Figures:
    """Turn one aggregate row into Figures; `url(**filters)` builds this group's action-list links."""
    rag = RagCounts(**{key: row.get(key, 0) for key in RAG_KEYS})
    links = {key: url(rag=key) for key in RAG_KEYS}
    links.update(
        all=url(),
        overdue=url(overdue="true"),
        not_updated=url(updated="false"),
        newly_red=url(escalation="newly_red"),
        red_streak=url(escalation="red_streak"),
        **{m.value: url(movement=m.value) for m in Movement},
    )
    return Figures(
        label=label,
        rag=rag,
        links=links,
        overdue=row.get("overdue", 0),
        not_updated=row.get("not_updated", 0),
        movement={m.value: row.get(m.value, 0) for m in Movement},
        newly_red=row.get("newly_red", 0),
        red_streak=row.get("red_streak", 0),
    )


def _periods(
    plan: Plan, period_pk: int | None
) -> tuple[list[ReportingPeriod], ReportingPeriod, ReportingPeriod | None]:
    """The plan's periods oldest first, the chosen one (default: the latest) and the one before it.

    A period that is not the plan's raises ReportingPeriod.DoesNotExist.
    """
    periods = list(plan.periods.order_by("as_at"))
    if not periods:
        raise NoReportingPeriod(plan.title)
    if period_pk is None:
        index = len(periods) - 1
    else:
        index = next((i for i, p in enumerate(periods) if p.pk == period_pk), None)
        if index is None:
            raise ReportingPeriod.DoesNotExist(f"No reporting period {period_pk} in {plan.title}")
    return periods, periods[index], periods[index - 1] if index else None


def priority_label(priority: Priority) -> str:
    return f"Priority {priority.ref}: {priority.title}" if priority.ref else priority.title


def _actions(plan: Plan, period: ReportingPeriod, previous: ReportingPeriod | None):
    return Action.objects.live().for_plan(plan).as_at_period(period, previous)


def _action_lines(queryset, priorities: dict[int, str]) -> list[ActionLine]:
    lines = []
    for action in queryset:
        leads = [p.name for p in action.lead_people.all()] + [p.name for p in action.lead_partners.all()]
        lines.append(
            ActionLine(
                pk=action.pk,
                ref=action.ref,
                description=action.description,
                priority=priorities.get(action.objective.priority_id, ""),
                leads=", ".join(leads),
                due_date=action.due_date,
                timeframe=action.timeframe,
                rag=action.current_rag,
                previous_rag=action.previous_rag,
                is_overdue=action.is_overdue,
                url=action.get_absolute_url(),
                updated_in_period=action.updated_in_period,
                is_newly_red=bool(getattr(action, "is_newly_red", False)),
                is_red_streak=bool(getattr(action, "is_red_streak", False)),
            )
        )
    return lines


def dashboard(plan: Plan, *, period_pk: int | None = None) -> Dashboard:
    """The board's view of a plan as at a reporting period (default: the latest).

    Queries: 6, plus one per reporting period of the plan (the trend and heat map).
    """
    periods, period, previous = _periods(plan, period_pk)
    priorities = list(plan.priorities.all())
    labels = {p.pk: priority_label(p) for p in priorities}
    actions = _actions(plan, period, previous)

    def url_for(**extra):
        return lambda **filters: _action_list_url(plan.pk, period.pk, **extra, **filters)

    by_priority = {
        row["objective__priority"]: row
        for row in actions.values("objective__priority").annotate(**_aggregates()).order_by()
    }
    priority_figures = [
        _figures(labels[p.pk], by_priority.get(p.pk, {}), url_for(priority=p.pk)) for p in priorities
    ]
    plan_row = {key: sum(row[key] for row in by_priority.values()) for key in _aggregates()}

    flagged = (
        actions.filter(NEWLY_RED | RED_STREAK | Q(is_overdue=True) | Q(updated_in_period=False))
        .annotate(
            is_newly_red=ExpressionWrapper(NEWLY_RED, output_field=BooleanField()),
            is_red_streak=ExpressionWrapper(RED_STREAK, output_field=BooleanField()),
        )
        .select_related("objective")
        .prefetch_related("lead_people", "lead_partners")
        .in_plan_order()
    )
    lines = _action_lines(flagged, labels)

    trend, heat = _trend_and_heat(plan, periods, priorities)
    return Dashboard(
        plan_pk=plan.pk,
        plan_title=plan.title,
        local_area=plan.local_area,
        period=PeriodInfo.of(period),
        previous=PeriodInfo.of(previous) if previous else None,
        periods=[PeriodInfo.of(p) for p in periods],
        plan=_figures(plan.title, plan_row, url_for()),
        priorities=priority_figures,
        newly_red=[line for line in lines if line.is_newly_red],
        red_streak=[line for line in lines if line.is_red_streak],
        overdue=[line for line in lines if line.is_overdue],
        not_updated=[line for line in lines if not line.updated_in_period],
        trend=trend,
        heat_map=[(labels[p.pk], heat[p.pk]) for p in priorities],
    )


def _trend_and_heat(plan, periods, priorities):
    """RAG mix as at every period, for the plan and per priority: one aggregate query per period."""
    trend = []
    heat: dict[int, list[RagCounts]] = {p.pk: [] for p in priorities}
    rag_only = {key: agg for key, agg in _aggregates().items() if key in RAG_KEYS}
    for period in periods:
        rows = {
            row["objective__priority"]: row
            for row in Action.objects.live()
            .for_plan(plan)
            .existing_at(period.as_at)
            .with_rag_as_at(period.as_at)
            .values("objective__priority")
            .annotate(**rag_only)
            .order_by()
        }
        total = RagCounts()
        for priority in priorities:
            counts = RagCounts(**{key: rows.get(priority.pk, {}).get(key, 0) for key in RAG_KEYS})
            heat[priority.pk].append(counts)
            total = total + counts
        trend.append((PeriodInfo.of(period), total))
    return trend, heat


def accountability(plan: Plan, *, period_pk: int | None = None) -> Accountability:
    """RAG mix, overdue and missing updates by lead partner and by lead person.

    Queries: 5.
    """
    periods, period, previous = _periods(plan, period_pk)
    actions = _actions(plan, period, previous)

    def group(field: str, model) -> list[Figures]:
        rows = (
            actions.filter(**{f"{field}__isnull": False}).values(field).annotate(**_aggregates()).order_by()
        )
        by_pk = {row[field]: row for row in rows}
        names = dict(model.objects.filter(pk__in=by_pk).values_list("pk", "name"))
        filter_name = "lead_partner" if model is Partner else "lead"
        figures = [
            _figures(
                names[pk],
                row,
                lambda pk=pk, **f: _action_list_url(plan.pk, period.pk, **{filter_name: pk}, **f),
            )
            for pk, row in by_pk.items()
        ]
        return sorted(figures, key=lambda f: (-f.rag.red, -f.overdue, f.label.lower()))

    return Accountability(
        plan_pk=plan.pk,
        plan_title=plan.title,
        period=PeriodInfo.of(period),
        previous=PeriodInfo.of(previous) if previous else None,
        periods=[PeriodInfo.of(p) for p in periods],
        partners=group("lead_partners", Partner),
        people=group("lead_people", Person),
    )
