"""The inspection findings of a plan as plain data for the packs: the monitoring pack's body, the board
pack's "by inspection finding" section and the priority action plan workbook.

Every figure is `actions.findings.selectors.coverage` as at the pack's period, so a pack and the findings
matrix page can never disagree. The RAG history of an action is its rating as at each of the plan's
earlier periods, as coverage as at that period has it, read in one query for every period
(`ActionStatusQuerySet.in_each_period`): the queries grow neither with the actions nor with the periods.
"""

import datetime
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from actions.cycle.models import ReportingPeriod, actions_with_status, rag_label
from actions.findings.models import FindingKind, Inspection
from actions.findings.selectors import AnsweringAction, FindingCoverage, RagMix, coverage
from actions.measures.selectors import MeasureReport
from actions.plans.models import Plan

MIX_KEYS = ("red", "amber", "green", "blue", "not_rated", "no_update")  # RagMix's fields, rag keys too


def mix_cells(mix: RagMix) -> list[tuple[str, int]]:
    """(rag key, count) in the order every table shows them: Red, Amber, Green, Blue, Not rated, No update."""
    return [(key, getattr(mix, key)) for key in MIX_KEYS]


@dataclass(frozen=True)
class InspectionInfo:
    """An inspection as the cover names it."""

    kind_label: str  # "Full inspection"
    visit: str  # "2 to 6 June 2025"
    month: str  # "June 2025"
    outcome: str
    published_on: datetime.date | None
    report_url: str

    @classmethod
    def of(cls, inspection: Inspection) -> "InspectionInfo":
        start, end = inspection.visit_start, inspection.visit_end
        if start == end:
            visit = f"{start:%-d %B %Y}"
        elif (start.year, start.month) == (end.year, end.month):
            visit = f"{start:%-d} to {end:%-d %B %Y}"
        else:
            visit = f"{start:%-d %B %Y} to {end:%-d %B %Y}"
        return cls(
            kind_label=inspection.get_kind_display(),
            visit=visit,
            month=f"{start:%B %Y}",
            outcome=inspection.outcome_text,
            published_on=inspection.published_on,
            report_url=inspection.report_url,
        )


@dataclass(frozen=True)
class FindingMeasure:
    """A measure evidencing a finding's actions: its latest figure as at the period against what was
    expected then. The rating is coverage's (the latest figure's), the figures the measure's own."""

    name: str
    latest: str  # "52.3%" ("" with no figure by the period, or for another plan's measure)
    latest_period: str
    expected: str  # expected when the latest figure was taken ("" when not known)
    rag: str  # "" with no figure

    @property
    def rag_word(self) -> str:
        return rag_label(self.rag) if self.rag else "No figure"


@dataclass(frozen=True)
class FindingAction:
    """An action answering a finding, with its RAG in each period up to the pack's (oldest first)."""

    ref: str
    description: str
    plan_title: str  # its plan's, shown when it is another plan's
    other_plan: bool
    lead: str
    due_date: datetime.date | None
    when: str
    success_measures: str
    accountable: str  # its lead partners, by name
    rag: str | None
    rag_label: str
    history: list[str | None]  # one rating per period of `MonitoringData.periods`
    statement: str
    statement_period: str
    is_overdue: bool


@dataclass(frozen=True)
class FindingReport:
    reference: str
    kind: str
    kind_label: str
    text: str
    partners: list[str]
    objectives: list[str]
    actions: list[FindingAction]
    rag_mix: RagMix
    overdue: int
    measures: list[FindingMeasure]
    warnings: list[str]

    @property
    def directed_to(self) -> str:
        return ", ".join(self.partners)

    @property
    def rag_cells(self) -> list[tuple[str, int]]:
        return mix_cells(self.rag_mix)

    @property
    def overdue_actions(self) -> list[FindingAction]:
        return [a for a in self.actions if a.is_overdue]


@dataclass(frozen=True)
class KindCount:
    kind_label: str
    findings: int
    with_actions: int

    @property
    def without_actions(self) -> int:
        return self.findings - self.with_actions


@dataclass(frozen=True)
class MonitoringData:
    """Every finding of the plan's inspections as at the period, for the packs."""

    inspections: list[InspectionInfo]
    periods: list[str]  # the history columns, oldest first, ending with the pack's period
    findings: list[FindingReport]
    kinds: list[KindCount] = field(default_factory=list)

    @property
    def with_actions(self) -> int:
        return sum(1 for f in self.findings if f.actions)

    @property
    def without_actions(self) -> int:
        return len(self.findings) - self.with_actions

    @property
    def rag_mix(self) -> RagMix:
        """The RAG mix of every answering action of every finding, an action counting once per finding."""
        return RagMix(**{key: sum(getattr(f.rag_mix, key) for f in self.findings) for key in MIX_KEYS})

    @property
    def rag_cells(self) -> list[tuple[str, int]]:
        return mix_cells(self.rag_mix)

    @property
    def warnings(self) -> list[tuple[str, str]]:
        """(finding reference, warning) for every warning, in report order."""
        return [(f.reference, w) for f in self.findings for w in f.warnings]

    @property
    def overdue(self) -> int:
        return sum(f.overdue for f in self.findings)


def inspections_of(plan: Plan) -> list[InspectionInfo]:
    """The plan's inspections that have findings, oldest first. One query."""
    return [
        InspectionInfo.of(i)
        for i in Inspection.objects.filter(plan=plan, findings__isnull=False)
        .distinct()
        .order_by("visit_start", "pk")
    ]


def monitoring_data(
    plan: Plan, period: ReportingPeriod, *, measures: list[MeasureReport] | None = None, history: bool = True
) -> MonitoringData:
    """The findings as at `period` with their actions' statements and measures; with `history`, each
    action's RAG in every earlier period of the plan too. `measures` (the pack's `measure_reports`)
    gives the measures' figures; without it a measure shows its rating only.

    Queries: `coverage`'s, one for the inspections and two for the answering actions' statements and
    lead partners; with `history`, one for the periods and one for every earlier rating, whatever
    their number (none when the period is the plan's first)."""
    now = coverage(plan, period)
    periods = list(plan.periods.filter(as_at__lte=period.as_at).order_by("as_at")) if history else [period]
    ids = {a.pk for f in now.findings for a in f.actions}
    earlier = _earlier_ratings(ids, [p for p in periods if p.pk != period.pk])
    extra = {
        a.pk: a
        for a in actions_with_status()
        .filter(pk__in=ids)
        .with_statement_as_at(period.as_at)
        .select_related("objective")
        .prefetch_related("lead_partners")
    }
    reports = {r.pk: r for r in measures or []}
    findings = [_finding(f, periods, period, earlier, extra, reports) for f in now.findings]
    kinds = []
    for kind in FindingKind:
        of_kind = [f for f in findings if f.kind == kind]
        if of_kind:
            kinds.append(KindCount(kind.label, len(of_kind), sum(1 for f in of_kind if f.actions)))
    return MonitoringData(inspections_of(plan), [p.name for p in periods], findings, kinds)


def _earlier_ratings(ids: set[int], periods: list[ReportingPeriod]) -> dict[int, dict[int, str | None]]:
    """Period pk -> action pk -> the action's rating as at that period, as `coverage` as at the period
    gives it: an action of the plan, its rating as at the period; an action of another plan, its
    rating as at that plan's latest period by the same date; nothing when the action was not yet in
    its plan by then (or its plan had no period yet). One query, none without periods."""
    if not periods or not ids:
        return {p.pk: {} for p in periods}
    # Every action's rating as at each period of its own plan by the last date asked about, oldest
    # first; for each period asked about, the latest of them by its date is the one coverage shows.
    # An action not yet in its plan by a period has no row for it, nor for any earlier one.
    seen: dict[int, list[tuple[datetime.date, str | None]]] = defaultdict(list)
    for pk, as_at, rag in (
        actions_with_status()
        .filter(pk__in=ids)
        .in_each_period(until=periods[-1].as_at)
        .order_by("pk", "each_period_as_at")
        .values_list("pk", "each_period_as_at", "each_period_rag")
    ):
        seen[pk].append((as_at, rag))
    ratings: dict[int, dict[int, str | None]] = {}
    for period in periods:
        ratings[period.pk] = {}
        for pk, rows in seen.items():
            index = bisect_right(rows, period.as_at, key=lambda row: row[0])
            if index:
                ratings[period.pk][pk] = rows[index - 1][1]
    return ratings


def _finding(
    finding: FindingCoverage,
    periods: list[ReportingPeriod],
    period: ReportingPeriod,
    earlier: dict[int, dict[int, str | None]],  # period pk -> action pk -> rating
    extra: dict[int, Any],  # Actions annotated by with_statement_as_at (statement_narrative, ...)
    reports: dict[int, MeasureReport],
) -> FindingReport:
    return FindingReport(
        reference=finding.reference,
        kind=finding.kind,
        kind_label=finding.kind_label,
        text=finding.text,
        partners=finding.partners,
        objectives=finding.objectives,
        actions=[_action(a, periods, period, earlier, extra.get(a.pk)) for a in finding.actions],
        rag_mix=finding.rag_mix,
        overdue=finding.overdue,
        measures=[_measure(m.pk, m.name, m.rag, reports.get(m.pk)) for m in finding.measures],
        warnings=list(finding.warnings),
    )


def _action(
    answering: AnsweringAction,
    periods: list[ReportingPeriod],
    period: ReportingPeriod,
    earlier: dict[int, dict[int, str | None]],  # period pk -> action pk -> rating
    action: Any,  # an Action annotated by with_statement_as_at, or None
) -> FindingAction:
    history = [answering.rag if p.pk == period.pk else earlier[p.pk].get(answering.pk) for p in periods]
    return FindingAction(
        ref=answering.ref,
        description=answering.description,
        plan_title=answering.plan_title,
        other_plan=answering.plan_pk != period.plan_id,
        lead=answering.lead,
        due_date=answering.due_date,
        when=answering.when,
        success_measures=(action.success_measures or action.objective.success_measures) if action else "",
        accountable=", ".join(sorted(p.name for p in action.lead_partners.all())) if action else "",
        rag=answering.rag,
        rag_label=answering.rag_label,
        history=history,
        statement=(action.statement_narrative or "") if action else "",
        statement_period=(action.statement_period or "") if action else "",
        is_overdue=answering.is_overdue,
    )


def _measure(pk: int, name: str, rag: str, report: MeasureReport | None) -> FindingMeasure:
    latest = report.latest if report else None
    return FindingMeasure(
        name=name,
        latest=latest.text if latest else "",
        latest_period=latest.period_name if latest else "",
        expected=latest.expected_text if latest else (report.current.expected_text if report else ""),
        rag=rag,
    )
