"""Every read about findings: how well each finding of a plan's inspections is answered, as plain data.

`coverage(plan, period)` costs a fixed number of queries whatever the number of findings, links and
actions (about 13, plus one for each *other* plan of the local area whose actions answer a finding):

- Actions of the plan carry their RAG as at the period from `period_states` (cached per revision).
- An action of another plan of the same local area carries its RAG from that plan's own latest
  reporting period as at the same date (its `period_states`), or none if that plan has no period
  by then. Plans rarely share actions, so one query per such plan is cheap and the figures are real.
- Archived actions have left their plan and do not answer a finding.

Evidence of impact: a finding has it when a measure evidences one of its answering actions, their
objectives (answering directly or holding an answering action) or those objectives' priorities, and
the measure's latest figure as at the period (its own figure in a period up to that date) is rated
Green or Blue.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Value

from actions.cycle.models import NO_UPDATE, Rag, ReportingPeriod, rag_label
from actions.cycle.selectors import ActionState, period_states
from actions.measures.models import Measure, MeasureValue
from actions.plans.models import Action, Objective, Plan

from .models import Finding, Inspection

EVIDENCE_RAGS = (Rag.GREEN, Rag.BLUE)
NO_ACTION = "No action answers this finding."
NO_EVIDENCE = "All its actions are complete (Blue) but no measure shows their impact."


@dataclass(frozen=True)
class RagMix:
    """How many answering actions carry each rating as at the period ("no update": none yet)."""

    red: int = 0
    amber: int = 0
    green: int = 0
    blue: int = 0
    not_rated: int = 0
    no_update: int = 0

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.blue + self.not_rated + self.no_update

    @classmethod
    def of(cls, rags: list[str | None]) -> "RagMix":
        counts: dict[str, int] = defaultdict(int)
        for rag in rags:
            counts[rag if rag in Rag.values else NO_UPDATE] += 1
        return cls(**counts)


@dataclass(frozen=True)
class AnsweringAction:
    """An action answering a finding, directly or under an answering objective, as at the period."""

    pk: int
    ref: str
    description: str
    plan_pk: int
    plan_title: str
    lead: str  # lead people, then lead partners, by name ("" when none)
    due_date: datetime.date | None
    when: str  # the due date as people write it, or the timeframe
    rag: str | None  # in force as at the period; "no_update" or None as `ActionState.rag` has them
    rag_label: str  # "Red", …, "No update": always shown beside the colour
    movement: str  # since the previous period ("" when there is nothing to compare)
    is_overdue: bool
    direct: bool  # linked to the finding itself, not only through an objective
    period_name: str  # the period the rating is as at ("" when its plan has none by then)


@dataclass(frozen=True)
class EvidenceMeasure:
    pk: int
    name: str
    rag: str  # the latest figure's rating as at the period ("" with no figure)


@dataclass(frozen=True)
class FindingCoverage:
    pk: int
    inspection_pk: int
    reference: str
    kind: str
    kind_label: str
    text: str
    partners: list[str]  # directed to, by name
    objectives: list[str]  # the answering objectives: "Objective 1.2: …"
    actions: list[AnsweringAction]
    rag_mix: RagMix
    overdue: int
    measures: list[EvidenceMeasure]  # measures evidencing its actions, objectives or priorities
    warnings: list[str] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return len(self.actions)

    @property
    def is_covered(self) -> bool:
        return bool(self.actions)

    @property
    def has_evidence(self) -> bool:
        return any(m.rag in EVIDENCE_RAGS for m in self.measures)


@dataclass(frozen=True)
class Coverage:
    """The findings matrix of a plan as at a reporting period."""

    plan_pk: int
    period_pk: int
    period_name: str
    as_at: datetime.date
    findings: list[FindingCoverage]

    @property
    def uncovered(self) -> int:
        return sum(1 for f in self.findings if not f.is_covered)

    @property
    def with_warnings(self) -> int:
        return sum(1 for f in self.findings if f.warnings)


def _previous(plan_id: int, as_at: datetime.date) -> tuple[ReportingPeriod | None, ReportingPeriod | None]:
    """The plan's latest period as at `as_at` and the one before it. One query."""
    periods = list(
        ReportingPeriod.objects.filter(plan_id=plan_id, as_at__lte=as_at)
        .select_related("plan")
        .order_by("-as_at")[:2]
    )
    return (periods[0] if periods else None, periods[1] if len(periods) > 1 else None)


def coverage(plan: Plan, period: ReportingPeriod, *, inspection: Inspection | None = None) -> Coverage:
    """Each finding of the plan's inspections (or of `inspection` only), in inspection and report
    order, with the actions answering it as at `period`, its RAG mix, overdue count, measures and
    warnings. A fixed number of queries (module docstring)."""
    if period.plan_id != plan.pk:
        raise ReportingPeriod.DoesNotExist("That reporting period belongs to a different plan.")
    findings_qs = Finding.objects.filter(inspection__plan=plan).order_by(
        "inspection__visit_start", "inspection_id", "order", "pk"
    )
    if inspection is not None:
        findings_qs = findings_qs.filter(inspection=inspection)
    findings = list(findings_qs.prefetch_related("partners"))
    ids = [f.pk for f in findings]
    direct_actions: dict[int, set[int]] = defaultdict(set)
    linked_objectives: dict[int, set[int]] = defaultdict(set)
    for kind, finding_id, item_id in _links(plan, inspection) if ids else ():
        (direct_actions if kind else linked_objectives)[finding_id].add(item_id)
    # Subqueries rather than lists of ids, so a large plan never meets a database's parameter limit.
    mine = _mine(plan, inspection)
    linked_objective_ids = Finding.objectives.through.objects.filter(mine).values("objective_id")
    answering = Action.objects.live().filter(
        Q(pk__in=Finding.actions.through.objects.filter(mine).values("action_id"))
        | Q(objective__in=linked_objective_ids)
    )
    actions = list(
        answering.select_related("objective__priority__plan")
        .prefetch_related("lead_people", "lead_partners")
        .in_plan_order()
    )
    objectives = {
        o.pk: o
        for o in Objective.objects.filter(pk__in=linked_objective_ids)
        .select_related("priority")
        .order_by("priority__order", "order", "pk")
    }
    states = _states(plan, period, actions)
    measures = _measures(actions, answering.values("pk"), list(objectives.values()), period.as_at)
    rows = []
    for finding in findings:
        mine_o = linked_objectives.get(finding.pk, set())
        mine_a = direct_actions.get(finding.pk, set())
        rows.append(
            _row(
                finding,
                [a for a in actions if a.pk in mine_a or a.objective_id in mine_o],
                mine_a,
                [objectives[pk] for pk in objectives if pk in mine_o],
                states,
                measures,
            )
        )
    return Coverage(plan.pk, period.pk, period.name, period.as_at, rows)


def _mine(plan: Plan, inspection: Inspection | None) -> Q:
    """The links (rows of a finding's through table) of the findings shown."""
    mine = Q(finding__inspection__plan=plan)
    if inspection is not None:
        mine &= Q(finding__inspection=inspection)
    return mine


def _links(plan: Plan, inspection: Inspection | None) -> "QuerySet[Any, tuple[int, int, int]]":
    """Every link of the findings to objectives and actions, in one UNION: (0 objective | 1 action,
    finding, objective or action)."""
    mine = _mine(plan, inspection)
    objectives = Finding.objectives.through.objects.filter(mine).values_list(
        Value(0), "finding_id", "objective_id"
    )
    actions = Finding.actions.through.objects.filter(mine).values_list(Value(1), "finding_id", "action_id")
    return objectives.union(actions, all=True)


def _states(plan: Plan, period: ReportingPeriod, actions: list[Action]) -> dict[int, tuple[ActionState, str]]:
    """Each action's state as at the period, and the name of the period it is as at: this plan's
    from `period_states`, another plan's from its own latest period as at the same date."""
    _current, previous = _previous(plan.pk, period.as_at)
    found = {s.pk: (s, period.name) for s in period_states(plan, period, previous)}
    others = {a.objective.priority.plan_id for a in actions} - {plan.pk}
    for other in sorted(others):
        current, before = _previous(other, period.as_at)
        if current is not None:
            found.update({s.pk: (s, current.name) for s in period_states(current.plan, current, before)})
    return found


def _measures(
    actions: list[Action], action_ids: "QuerySet", objectives: list[Objective], as_at: datetime.date
) -> dict[tuple[str, int], list[EvidenceMeasure]]:
    """Per ("action" | "objective" | "priority", pk), the measures evidencing it with their latest
    rating as at `as_at`. Two or three queries whatever the number of measures; `action_ids` is the
    answering actions as a subquery."""
    objective_ids = {o.pk for o in objectives} | {a.objective_id for a in actions}
    priority_ids = {o.priority_id for o in objectives} | {a.objective.priority_id for a in actions}
    if not (actions or objectives):
        return {}
    through = Measure.actions.through.objects.filter(action_id__in=action_ids).values_list(
        Value("action"), "measure_id", "action_id"
    )
    through = through.union(
        Measure.objectives.through.objects.filter(objective_id__in=objective_ids).values_list(
            Value("objective"), "measure_id", "objective_id"
        ),
        Measure.priorities.through.objects.filter(priority_id__in=priority_ids).values_list(
            Value("priority"), "measure_id", "priority_id"
        ),
        all=True,
    )
    links = list(through)
    measure_ids = {measure_id for _level, measure_id, _pk in links}
    latest: dict[int, EvidenceMeasure] = {}
    for measure_id, name, rag in (
        MeasureValue.objects.filter(measure_id__in=measure_ids, period__as_at__lte=as_at)
        .order_by("measure_id", "-period__as_at")
        .values_list("measure_id", "measure__name", "rag")
    ):
        latest.setdefault(measure_id, EvidenceMeasure(measure_id, name, rag))
    names = (
        dict(Measure.objects.filter(pk__in=measure_ids - set(latest)).values_list("pk", "name"))
        if measure_ids - set(latest)
        else {}
    )
    for measure_id, name in names.items():
        latest[measure_id] = EvidenceMeasure(measure_id, name, "")
    found: dict[tuple[str, int], list[EvidenceMeasure]] = defaultdict(list)
    for level, measure_id, pk in sorted(links):
        found[(level, pk)].append(latest[measure_id])
    return found


def _lead(action: Action) -> str:
    people = sorted(p.name for p in action.lead_people.all())
    partners = sorted(p.name for p in action.lead_partners.all())
    return ", ".join(people + partners)


def _row(
    finding: Finding,
    answering: list[Action],
    direct: set[int],
    objectives: list[Objective],
    states: dict[int, tuple[ActionState, str]],
    measures: dict[tuple[str, int], list[EvidenceMeasure]],
) -> FindingCoverage:
    """From what is loaded only: no query."""
    rows = []
    for action in answering:
        state, period_name = states.get(action.pk, (None, ""))
        rag = state.rag if state else None
        rows.append(
            AnsweringAction(
                pk=action.pk,
                ref=action.ref,
                description=action.description,
                plan_pk=action.objective.priority.plan_id,
                plan_title=action.objective.priority.plan.title,
                lead=_lead(action),
                due_date=action.due_date,
                when=action.when_text,
                rag=rag,
                rag_label=rag_label(rag),
                movement=state.movement if state else "",
                is_overdue=bool(state and state.is_overdue),
                direct=action.pk in direct,
                period_name=period_name,
            )
        )
    evidence: dict[int, EvidenceMeasure] = {}
    keys = [("action", a.pk) for a in answering]
    keys += [("objective", pk) for pk in {o.pk for o in objectives} | {a.objective_id for a in answering}]
    keys += [
        ("priority", pk)
        for pk in {o.priority_id for o in objectives} | {a.objective.priority_id for a in answering}
    ]
    for key in keys:
        for measure in measures.get(key, []):
            evidence[measure.pk] = measure
    partners = sorted(finding.partners.all(), key=lambda p: p.name)
    warnings = []
    if not rows:
        warnings.append(NO_ACTION)
    else:
        if all(r.rag == Rag.BLUE for r in rows) and not any(
            m.rag in EVIDENCE_RAGS for m in evidence.values()
        ):
            warnings.append(NO_EVIDENCE)
        leading = {p.pk for a in answering for p in a.lead_partners.all()}
        leading |= {p.partner_id for a in answering for p in a.lead_people.all() if p.partner_id}
        for partner in partners:
            if partner.pk not in leading:
                warnings.append(f"Directed to {partner.name}, but {partner.name} leads none of its actions.")
    return FindingCoverage(
        pk=finding.pk,
        inspection_pk=finding.inspection_id,
        reference=finding.reference,
        kind=finding.kind,
        kind_label=finding.get_kind_display(),
        text=finding.text,
        partners=[p.name for p in partners],
        objectives=[
            f"Objective {o.ref}: {o.title}" if o.ref else f"Objective: {o.title}" for o in objectives
        ],
        actions=rows,
        rag_mix=RagMix.of([r.rag for r in rows]),
        overdue=sum(1 for r in rows if r.is_overdue),
        measures=sorted(evidence.values(), key=lambda m: m.name),
        warnings=warnings,
    )


# --- The findings pages' other reads ---------------------------------------------------------------

PARTNER_WARNING_START = "Directed to "


@dataclass(frozen=True)
class WarningCounts:
    """How many findings carry each kind of warning, for the summary above the matrix."""

    no_action: int
    no_evidence: int
    partner_leads_none: int

    @property
    def total(self) -> int:
        return self.no_action + self.no_evidence + self.partner_leads_none


def warning_counts(result: Coverage) -> WarningCounts:
    """Per kind of warning, the findings that carry it (a finding with two partners leading none of its
    actions counts once). No query."""
    return WarningCounts(
        no_action=sum(NO_ACTION in row.warnings for row in result.findings),
        no_evidence=sum(NO_EVIDENCE in row.warnings for row in result.findings),
        partner_leads_none=sum(
            any(w.startswith(PARTNER_WARNING_START) for w in row.warnings) for row in result.findings
        ),
    )


def inspections_for_plan(plan: Plan) -> list[Inspection]:
    """The plan's inspections, earliest first, each with `finding_count`. One query."""
    inspections: list[Inspection] = list(
        Inspection.objects.filter(plan=plan)
        .annotate(finding_count=Count("findings"))
        .order_by("visit_start", "pk")
    )
    for inspection in inspections:
        inspection.plan = plan  # its name reads the plan's local area: no query each
    return inspections


def inspection_findings(inspection: Inspection) -> list[Finding]:
    """The inspection's findings in report order, with the partners they are directed to and
    `answer_count` (the actions and objectives linked directly). Two queries."""
    return list(
        Finding.objects.filter(inspection=inspection)
        .annotate(
            action_count=Count("actions", distinct=True), objective_count=Count("objectives", distinct=True)
        )
        .prefetch_related("partners")
        .order_by("order", "pk")
    )


@dataclass(frozen=True)
class ActionChoice:
    pk: int
    ref: str
    description: str
    checked: bool


@dataclass(frozen=True)
class ObjectiveChoice:
    pk: int
    ref: str
    title: str
    checked: bool
    actions: list[ActionChoice]


@dataclass(frozen=True)
class PriorityChoices:
    """One priority's objectives and live actions, to tick those answering a finding."""

    pk: int
    heading: str
    objectives: list[ObjectiveChoice]

    @property
    def checked(self) -> int:
        return sum(o.checked for o in self.objectives) + sum(
            a.checked for o in self.objectives for a in o.actions
        )

    @property
    def action_count(self) -> int:
        return sum(len(o.actions) for o in self.objectives)


def link_choices(plan: Plan, *, objective_ids: set[int], action_ids: set[int]) -> list[PriorityChoices]:
    """The plan's priorities, objectives and live actions in the plan's order, those in the given sets
    ticked. Two queries whatever the size of the plan."""
    objectives = list(
        Objective.objects.filter(priority__plan=plan)
        .select_related("priority")
        .order_by("priority__order", "priority__pk", "order", "pk")
    )
    actions: dict[int, list[ActionChoice]] = defaultdict(list)
    for pk, ref, description, objective_id in (
        Action.objects.live()
        .for_plan(plan)
        .order_by("objective__priority__order", "objective__order", "order", "pk")
        .values_list("pk", "ref", "description", "objective_id")
    ):
        actions[objective_id].append(ActionChoice(pk, ref, description, pk in action_ids))
    groups: dict[int, PriorityChoices] = {}
    for objective in objectives:
        priority = objective.priority
        if priority.pk not in groups:
            heading = f"Priority {priority.ref}: {priority.title}" if priority.ref else priority.title
            groups[priority.pk] = PriorityChoices(priority.pk, heading, [])
        groups[priority.pk].objectives.append(
            ObjectiveChoice(
                objective.pk,
                objective.ref,
                objective.title,
                objective.pk in objective_ids,
                actions.get(objective.pk, []),
            )
        )
    return list(groups.values())


@dataclass(frozen=True)
class FindingChoice:
    pk: int
    reference: str
    kind_label: str
    text: str
    checked: bool


@dataclass(frozen=True)
class InspectionChoices:
    """One inspection's findings, to tick those an action answers."""

    pk: int
    heading: str
    plan_title: str
    findings: list[FindingChoice]


def findings_for_local_area(local_area: str, *, checked: set[int]) -> list[InspectionChoices]:
    """Every finding of the inspections of the local area's plans (any plan of it may answer them),
    by inspection, those in `checked` ticked. One query."""
    groups: dict[int, InspectionChoices] = {}
    findings = (
        Finding.objects.filter(inspection__plan__local_area__iexact=" ".join(local_area.split()))
        .select_related("inspection__plan")
        .order_by("inspection__visit_start", "inspection_id", "order", "pk")
    )
    for finding in findings:
        inspection = finding.inspection
        if inspection.pk not in groups:
            groups[inspection.pk] = InspectionChoices(
                inspection.pk, str(inspection), inspection.plan.title, []
            )
        groups[inspection.pk].findings.append(
            FindingChoice(
                finding.pk,
                finding.reference,
                finding.get_kind_display(),
                finding.text,
                finding.pk in checked,
            )
        )
    return list(groups.values())


@dataclass(frozen=True)
class ActionFinding:
    """A finding an action answers, as the action page lists it."""

    pk: int
    reference: str
    kind_label: str
    text: str
    inspection: str
    direct: bool  # linked to the action itself, not only through its objective


def findings_for_action(action: Action) -> list[ActionFinding]:
    """The findings the action answers, directly or through its objective, in inspection and report
    order. One query."""
    findings = (
        Finding.objects.filter(Q(actions=action) | Q(objectives=action.objective_id))
        .select_related("inspection__plan")
        .distinct()
        .order_by("inspection__visit_start", "inspection_id", "order", "pk")
    )
    direct = Finding.actions.through.objects.filter(action=action, finding=OuterRef("pk"))
    return [
        ActionFinding(f.pk, f.reference, f.get_kind_display(), f.text, str(f.inspection), bool(f.is_direct))
        for f in findings.annotate(is_direct=Exists(direct))
    ]
