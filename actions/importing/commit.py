"""Saving a `ParsedPlan`: a new plan, or the same plan updated in place, atomically and with history.

    report = plan_import(parsed=parsed, user=request.user, plan=existing_or_None)

Items are matched to what the plan already holds by ref within their parent (or by normalised text
where there is no ref); only changed fields are written, so an unchanged item gets no history row.
Nothing is ever deleted or archived: items the file no longer holds are listed in
`report.not_in_file` and left as they are.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from actions.models import Action, Objective, Plan, PositionStatement, Priority, ReportingPeriod
from actions.signals import plans_touch
from partners.models import Partner, Person

from .parse import ParsedAction, ParsedObjective, ParsedPlan, ParsedPriority

KINDS = ("priorities", "objectives", "actions", "statements", "people", "partners", "periods")
NOT_IN_FILE_NOTE = (
    "Items in the plan that are not in the file are listed as “not in the file”: they were left as "
    "they are, neither deleted nor archived."
)


@dataclass
class ImportReport:
    plan: Plan
    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {k: {"added": 0, "updated": 0, "unchanged": 0} for k in KINDS}
    )
    warnings: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)
    note: str = NOT_IN_FILE_NOTE

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def totals(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())


def _norm(text: str) -> str:
    return " ".join((text or "").lower().split())


class _Importer:
    def __init__(self, parsed: ParsedPlan, user, report: ImportReport):
        self.parsed = parsed
        self.user = user
        self.report = report
        self.people: dict[str, Person] = {}
        self.partners: dict[str, Partner] = {}
        self.periods: dict[str, ReportingPeriod] = {}

    # Helpers --------------------------------------------------------------------------------------

    def fit(self, model, name: str, value: str, where: str) -> str:
        limit = model._meta.get_field(name).max_length
        value = value or ""
        if limit and len(value) > limit:
            self.report.warnings.append(
                f"{where}: the {model._meta.get_field(name).verbose_name} was longer than {limit} "
                f"characters and was shortened."
            )
            return value[:limit]
        return value

    def save(self, instance, *, exclude=None) -> None:
        instance._history_user = self.user
        instance.full_clean(exclude=exclude)
        instance.save()

    def apply(self, instance, values: dict, kind: str) -> bool:
        """Create, or update only changed fields; True when something was written."""
        if instance.pk is None:
            for name, value in values.items():
                setattr(instance, name, value)
            self.save(instance)
            self.report.count(kind, "added")
            return True
        changed = [n for n, v in values.items() if getattr(instance, n) != v]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            self.save(instance)
        return bool(changed)

    def set_m2m(self, instance, name: str, targets: list) -> bool:
        manager = getattr(instance, name)
        wanted = {t.pk for t in targets}
        if set(manager.values_list("pk", flat=True)) == wanted:
            return False
        instance._history_user = self.user
        manager.set(targets)
        return True

    @staticmethod
    def match(candidates: list, ref: str, text: str, text_attr: str):
        """The candidate with this ref (case-insensitive), else one without a ref with the same text."""
        if ref:
            for c in candidates:
                if c.ref.lower() == ref.lower():
                    return c
        for c in candidates:
            if (not c.ref or not ref) and _norm(getattr(c, text_attr)) == _norm(text):
                return c
        return None

    # Names and periods ------------------------------------------------------------------------------

    def person(self, name: str) -> Person:
        name = self.fit(Person, "name", name, f"Person “{name[:40]}”")
        key = name.lower()
        if key not in self.people:
            found = Person.objects.filter(name__iexact=name).order_by("pk").first()
            if found is None:
                found = Person(name=name)
                self.save(found)
                self.report.count("people", "added")
            else:
                self.report.count("people", "unchanged")
            self.people[key] = found
        return self.people[key]

    def partner(self, name: str) -> Partner:
        name = self.fit(Partner, "name", name, f"Partner “{name[:40]}”")
        key = name.lower()
        if key not in self.partners:
            found = Partner.objects.filter(name__iexact=name).first()
            if found is None:
                found = Partner(name=name)
                self.save(found)
                self.report.count("partners", "added")
            else:
                self.report.count("partners", "unchanged")
            self.partners[key] = found
        return self.partners[key]

    def load_periods(self, plan: Plan) -> None:
        existing = list(ReportingPeriod.objects.filter(plan=plan))
        for parsed in self.parsed.periods:
            name = self.fit(ReportingPeriod, "name", parsed.name, f"Period “{parsed.name}”")
            found = next((p for p in existing if p.name.lower() == name.lower()), None)
            if found is None:
                found = next((p for p in existing if p.as_at == parsed.as_at), None)
                if found is not None:
                    self.report.warnings.append(
                        f"Column {parsed.column}: statements for “{name}” went into the plan's period "
                        f"“{found.name}”, which has the same as-at date."
                    )
            if found is None:
                found = ReportingPeriod(
                    plan=plan, name=name, as_at=parsed.as_at, state=ReportingPeriod.State.CLOSED
                )
                self.save(found)
                existing.append(found)
                self.report.count("periods", "added")
            else:
                self.report.count("periods", "unchanged")
            self.periods[parsed.name] = found

    # The tree -------------------------------------------------------------------------------------

    def run(self, plan: Plan) -> None:
        self.load_periods(plan)
        earliest = ReportingPeriod.objects.filter(plan=plan).order_by("as_at").first()
        self.backdate_to = None
        if earliest is not None:
            day = earliest.as_at - datetime.timedelta(days=1)
            self.backdate_to = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        candidates = list(Priority.objects.filter(plan=plan))
        seen: set[int] = set()
        for order, parsed in enumerate(self.parsed.priorities, start=1):
            pool = [c for c in candidates if c.pk not in seen]
            priority = self.match(pool, parsed.ref, parsed.title, "title") or Priority(plan=plan)
            self.priority(priority, parsed, order)
            seen.add(priority.pk)
        for p in candidates:
            if p.pk not in seen:
                self.report.not_in_file.append(f"Priority {p}")
                self.not_in_file_below(p)

    def not_in_file_below(self, priority: Priority) -> None:
        for o in priority.objectives.all():
            self.report.not_in_file.append(f"Objective {o}")
            for a in o.actions.live():
                self.report.not_in_file.append(f"Action {a}")

    def priority(self, priority: Priority, parsed: ParsedPriority, order: int) -> None:
        where = f"Priority at row {parsed.row}"
        values = {
            "ref": self.fit(Priority, "ref", parsed.ref, where),
            "title": parsed.title,
            "order": order,
        }
        if parsed.description:
            values["description"] = parsed.description
        is_new = priority.pk is None
        self._outcome("priorities", priority, values, {})
        candidates = list(priority.objectives.all()) if not is_new else []
        seen: set[int] = set()
        for index, parsed_objective in enumerate(parsed.objectives, start=1):
            pool = [c for c in candidates if c.pk not in seen]
            objective = self.match(pool, parsed_objective.ref, parsed_objective.title, "title") or Objective(
                priority=priority
            )
            self.objective(objective, parsed_objective, index)
            seen.add(objective.pk)
        for o in candidates:
            if o.pk not in seen:
                self.report.not_in_file.append(f"Objective {o}")
                for a in o.actions.live():
                    self.report.not_in_file.append(f"Action {a}")

    def _outcome(self, kind: str, instance, values: dict, m2m: dict) -> None:
        is_new = instance.pk is None
        written = self.apply(instance, values, kind)
        m2m_written = False
        for name, targets in m2m.items():
            m2m_written = self.set_m2m(instance, name, targets) or m2m_written
        if not is_new:
            self.report.count(kind, "updated" if (written or m2m_written) else "unchanged")

    def objective(self, objective: Objective, parsed: ParsedObjective, order: int) -> None:
        where = f"Objective at row {parsed.row}"
        values = {
            "ref": self.fit(Objective, "ref", parsed.ref, where),
            "title": parsed.title,
            "success_measures": parsed.success_measures,
            "monitoring": parsed.monitoring,
            "resources": parsed.resources,
            "order": order,
        }
        m2m = {
            "lead_people": [self.person(n) for n in parsed.lead_people],
            "lead_partners": [self.partner(n) for n in parsed.lead_partners],
        }
        is_new = objective.pk is None
        self._outcome("objectives", objective, values, m2m)
        candidates = list(objective.actions.all()) if not is_new else []
        seen: set[int] = set()
        for index, parsed_action in enumerate(parsed.actions, start=1):
            pool = [c for c in candidates if c.pk not in seen]
            action = self.match(pool, parsed_action.ref, parsed_action.description, "description") or Action(
                objective=objective
            )
            self.action(action, parsed_action, index)
            seen.add(action.pk)
        for a in candidates:
            if a.pk not in seen and not a.is_archived:
                self.report.not_in_file.append(f"Action {a}")

    def action(self, action: Action, parsed: ParsedAction, order: int) -> None:
        where = f"Action {parsed.ref or parsed.description[:40]} (row {parsed.row})"
        values = {
            "ref": self.fit(Action, "ref", parsed.ref, where),
            "description": parsed.description,
            "task_group": self.fit(Action, "task_group", parsed.task_group, where),
            "due_date": parsed.due_date,
            "timeframe": self.fit(Action, "timeframe", parsed.timeframe, where),
            "success_measures": parsed.success_measures,
            "order": order,
        }
        m2m = {
            "lead_people": [self.person(n) for n in parsed.lead_people],
            "lead_partners": [self.partner(n) for n in parsed.lead_partners],
            "supporting_people": [self.person(n) for n in parsed.supporting_people],
            "supporting_partners": [self.partner(n) for n in parsed.supporting_partners],
        }
        is_new = action.pk is None
        self._outcome("actions", action, values, m2m)
        if is_new and self.backdate_to is not None:
            # So dashboards count the action in the file's periods (Action.objects.existing_at).
            Action.objects.filter(pk=action.pk).update(created_at=self.backdate_to)
        for parsed_statement in parsed.statements:
            period = self.periods.get(parsed_statement.period) if parsed_statement.period else None
            if period is None:
                self.report.warnings.append(
                    f"{where}: the statement in column {parsed_statement.column} has no reporting period, "
                    "so it was not imported."
                )
                continue
            statement = (
                None if is_new else PositionStatement.objects.filter(action=action, period=period).first()
            )
            if statement is None:
                statement = PositionStatement(
                    action=action,
                    period=period,
                    rag=parsed_statement.rag,
                    narrative=parsed_statement.narrative,
                    author=self.user if getattr(self.user, "pk", None) else None,
                )
                self.save(statement, exclude=None if parsed_statement.narrative else ["narrative"])
                self.report.count("statements", "added")
            elif statement.rag != parsed_statement.rag or statement.narrative != parsed_statement.narrative:
                statement.rag, statement.narrative = parsed_statement.rag, parsed_statement.narrative
                self.save(statement, exclude=None if parsed_statement.narrative else ["narrative"])
                self.report.count("statements", "updated")
            else:
                self.report.count("statements", "unchanged")


@transaction.atomic
def plan_import(
    *,
    parsed: ParsedPlan,
    user,
    plan: Plan | None = None,
    title: str | None = None,
    local_area: str = "",
) -> ImportReport:
    """Save a parsed plan as a new plan, or into `plan` in place. All or nothing.

    Refuses (ValidationError listing them) when the parse found problems.
    """
    if parsed.problems:
        raise ValidationError([str(p) for p in parsed.problems])
    warnings: list[str] = []
    if plan is None:
        plan_title = title or parsed.title or parsed.filename
        if len(plan_title) > Plan._meta.get_field("title").max_length:
            warnings.append("The plan's title was longer than 300 characters and was shortened.")
            plan_title = plan_title[:300]
        plan = Plan(title=plan_title, local_area=local_area[:200])
        plan._history_user = user
        plan.full_clean(exclude=None if local_area else ["local_area"])
        plan.save()
        if not local_area:
            warnings.append("The plan has no local area yet: set it on the plan's page.")
    report = ImportReport(plan=plan, warnings=warnings)
    _Importer(parsed, user, report).run(plan)
    plans_touch([plan.pk])
    return report
