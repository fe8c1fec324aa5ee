"""Saving a `ParsedPlan`: a new plan, or the same plan updated in place, atomically and with history.

    report = plan_import(parsed=parsed, user=request.user, plan=existing_or_None)
    report = plan_import(parsed=parsed, user=user, plan=plan, dry_run=True)  # the same report, nothing saved

Items are matched to what the plan already holds by ref within their parent (or by normalised text
where there is no ref); only changed fields are written, so an unchanged item gets no history row.
Nothing is ever deleted or archived: items the file no longer holds are listed in
`report.not_in_file` and left as they are.

Each item created or changed gets exactly one historical record, by the importer, holding its final
fields and links. What keeps a plan of thousands of actions to seconds (see bench/import_plan.py):
- what the plan holds (periods, priorities, objectives, actions, their people and partners, their
  statements) and every person and partner are read once at the start: matching and "has it
  changed" are worked out in memory;
- plan revisions are bumped once at the end, not on every save (`revisions_deferred`);
- an objective or action is saved and linked to its people and partners without history, then gets
  its one historical record with the links' snapshot, written in batches (simple_history alone would
  write one for the save and one more for each set of links);
- validation leaves out the queries that cannot find anything: the parent's existence (it is a row
  in hand) and the ref's uniqueness within its parent, which is checked against the siblings in hand;
- new position statements are validated one by one and written in batches with their history.
The file's measures, their trajectories, figures and comparators follow, in the same transaction
(commit_measures.py), matched by name so that re-importing duplicates nothing.
"""

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.cycle.models import PositionStatement, ReportingPeriod
from actions.plans.history import due_date_change_reason
from actions.plans.models import ACTION_HISTORY, OBJECTIVE_HISTORY, Action, Objective, Plan, Priority
from actions.plans.revisions import plans_touch, revisions_deferred
from partners.models import Partner, Person

from .commit_findings import write_findings
from .commit_measures import write_measures
from .parsed import ParsedAction, ParsedObjective, ParsedPlan, ParsedPriority

KINDS = (
    "priorities",
    "objectives",
    "actions",
    "statements",
    "people",
    "partners",
    "periods",
    "measures",
    "figures",
    "comparators",
    "inspections",
    "findings",
)
NOT_IN_FILE_NOTE = (
    "Items in the plan that are not in the file are listed as “not in the file”: they were left as "
    "they are, neither deleted nor archived."
)
LINKS = {
    Objective: ("lead_people", "lead_partners", "supporting_people", "supporting_partners"),
    Action: ("lead_people", "lead_partners", "supporting_people", "supporting_partners"),
}
HISTORY = {Objective: OBJECTIVE_HISTORY, Action: ACTION_HISTORY}
STATEMENT_BATCH = 1000  # new statements written together
HISTORY_BATCH = 500  # objectives and actions whose historical records are written together
ID_BATCH = 500  # ids in one `pk__in`, well within every database's limit on parameters


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


def _norm(text: str) -> str:
    return " ".join((text or "").lower().split())


def _grouped(queryset, key: str) -> dict[int, list]:
    groups: dict[int, list] = defaultdict(list)
    for item in queryset:
        groups[getattr(item, key)].append(item)
    return groups


def _distinct(targets: list) -> list:
    """The same person named twice (“Jane Smith, jane smith”) is linked once."""
    return list({t.pk: t for t in targets}.values())


class _Refs:
    """The refs in use under one parent: those it held when the import began and those given since.

    Checks that a ref is unique within its parent (the models' UniqueConstraint) without a query.
    """

    def __init__(self, items=()):
        self.count = Counter(i.ref for i in items if i.ref)

    def taken(self, ref: str, old: str | None) -> bool:
        """Whether another item holds `ref`; `old` is the item's own ref as stored (None when new)."""
        return bool(ref) and self.count[ref] - (ref == old) > 0

    def move(self, old: str | None, new: str) -> None:
        if old:
            self.count[old] -= 1
        if new:
            self.count[new] += 1


class _History:
    """The historical records of objectives and actions, each with the snapshot of its links, in batches.

    The import saves an objective or action and its links without history: simple_history would write
    a record on the save and one more on every change of links, each with a snapshot of all the links.
    Each item gets one record here instead, with its final fields and links, as if saved in one go:
    the records through simple_history's own `bulk_history_create`, then the links' snapshot read back
    from the database just as `HistoricalRecords.create_historical_record` reads it, for many items at
    once. Needs the ids of rows inserted in bulk, which SQLite (3.35 on) and PostgreSQL return.
    """

    def __init__(self) -> None:
        self.items: dict[type, list[tuple]] = defaultdict(list)  # model → [(item, "+" or "~")]
        self.links: dict[type, list] = defaultdict(list)  # through model → rows of new items' links

    def link(self, instance, name: str, targets: list) -> None:
        """Link a new item (saved) to these people or partners, with the rest of the batch."""
        link = instance._meta.get_field(name)
        through = link.remote_field.through
        self.links[through].extend(
            through(**{link.m2m_field_name(): instance, link.m2m_reverse_field_name(): t}) for t in targets
        )

    def add(self, instance, history_type: str) -> None:
        self.items[type(instance)].append((instance, history_type))
        if sum(len(v) for v in self.items.values()) >= HISTORY_BATCH:
            self.flush()

    def flush(self) -> None:
        for through, rows in self.links.items():
            through.objects.bulk_create(rows)  # type: ignore[attr-defined]  # a through model (keyed as `type`)
        self.links.clear()
        for model, items in self.items.items():
            for history_type in ("+", "~"):
                instances = [i for i, t in items if t == history_type]
                if instances:
                    self.write(model, instances, history_type)
        self.items.clear()

    @staticmethod
    def write(model, instances: list, history_type: str) -> None:
        records = HISTORY[model]
        created = model.history.bulk_history_create(
            instances, update=history_type == "~", default_change_reason=None
        )
        record_of = {instance.pk: record for instance, record in zip(instances, created, strict=True)}
        for name in LINKS[model]:
            link = model._meta.get_field(name)
            through = link.remote_field.through
            columns = [f.attname for f in through._meta.fields]  # its id, the item's and the target's
            source = f"{link.m2m_field_name()}_id"
            rows = through.objects.filter(**{f"{source}__in": list(record_of)}).values(*columns)
            snapshot = records.m2m_models[link]
            snapshot.objects.bulk_create(snapshot(history=record_of[row[source]], **row) for row in rows)


class _Importer:
    def __init__(self, parsed: ParsedPlan, user, report: ImportReport):
        self.parsed = parsed
        self.user = user
        self.author = user if getattr(user, "pk", None) else None
        self.reason = f"Imported from {parsed.filename}"[:100]  # shown on each item's changes page
        # The council's own document agreed its ratings: imported statements come confirmed.
        self.agreed_at = timezone.now()
        self.report = report
        self.people: dict[str, Person] = {}  # the names this file gives, lower case
        self.details = parsed.person_details()  # name → the job title and organisation the file gives
        self.names_changed = False  # a person held got a job title or partner: every plan shows it
        self.partners: dict[str, Partner] = {}
        self.periods: dict[str, ReportingPeriod] = {}
        self.known_people: dict[str, Person] = {}  # every person and partner, by lower-case name
        self.known_partners: dict[str, Partner] = {}
        self.new_statements: list[PositionStatement] = []
        self.new_action_ids: list[int] = []
        self.history = _History()
        self.instances: dict[int, Priority | Objective | Action] = {}  # id(parsed item) → the row it became

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
        instance._change_reason = self.reason
        instance.full_clean(exclude=exclude)
        instance.save()

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

    # Writing an item --------------------------------------------------------------------------------

    def write(
        self, kind: str, instance, values: dict, *, refs: _Refs, exclude: list[str], links: dict | None = None
    ) -> None:
        """Create the item, or write only what changed (fields and links); count the outcome.

        `exclude`: what full_clean need not check, such as the parent's foreign key (a row in hand).
        The ref's uniqueness within the parent is checked against `refs`; only on a clash does the
        full check run, to raise its usual message.
        """
        is_new = instance.pk is None
        old_ref = None if is_new else instance.ref
        old_due = None if is_new or kind != "actions" else instance.due_date
        changed = list(values) if is_new else [n for n, v in values.items() if getattr(instance, n) != v]
        relinked = {}
        for name, targets in (links or {}).items():
            wanted = _distinct(targets)
            held = set() if is_new else self.links[type(instance), name].get(instance.pk, set())
            if {t.pk for t in wanted} != held:
                relinked[name] = wanted
        if not (changed or relinked):
            self.report.count(kind, "unchanged")
            return
        for name in changed:
            setattr(instance, name, values[name])
        if changed:
            if refs.taken(instance.ref, old_ref):
                try:
                    instance.full_clean()
                except ValidationError as error:  # say which item: the file may hold hundreds
                    label = instance._meta.verbose_name.capitalize()
                    raise ValidationError(f"{label} “{instance}”: {' '.join(error.messages)}") from None
            instance.full_clean(exclude=exclude)
        instance._history_user = self.user
        instance._change_reason = self.reason
        if old_due is not None and "due_date" in changed:
            # A moved due date says so in the history, as one moved by hand gives its reason.
            moved = due_date_change_reason(old_due, instance.due_date, "")
            instance._change_reason = f"{self.reason}: {moved[:1].lower()}{moved[1:]}"
        if links is None:
            instance.save()  # no links: the save writes the item's one historical record
        else:
            self.save_with_links(instance, is_new=is_new, save=bool(changed), relinked=relinked)
        refs.move(old_ref, instance.ref)
        self.report.count(kind, "added" if is_new else "updated")

    def save_with_links(self, instance, *, is_new: bool, save: bool, relinked: dict[str, list]) -> None:
        """Save the item and its links without history; its one historical record follows (`_History`)."""
        instance.skip_history_when_saving = True  # honoured by simple_history's post_save and m2m_changed
        try:
            if save:
                instance.save()
            for name, targets in relinked.items():
                if is_new:
                    self.history.link(instance, name, targets)
                else:
                    getattr(instance, name).set(targets)
        finally:
            del instance.skip_history_when_saving
        self.history.add(instance, "+" if is_new else "~")

    # Names and periods ------------------------------------------------------------------------------

    def person(self, name: str) -> Person:
        title, organisation = self.details.get(name.lower(), ("", ""))
        where = f"Person “{name[:40]}”"
        details = {
            "job_title": self.fit(Person, "job_title", title, where),
            "partner": self.partner(organisation) if organisation else None,
        }
        return self.named(
            Person, name, given=self.people, known=self.known_people, kind="people", details=details
        )

    def partner(self, name: str) -> Partner:
        return self.named(Partner, name, given=self.partners, known=self.known_partners, kind="partners")

    def named[N: (Person, Partner)](
        self, model: type[N], name: str, *, given: dict[str, N], known: dict[str, N], kind: str, details=None
    ) -> N:
        """The person or partner of this name, in any case: the one the file named before, else the one
        already held, else a new one. Counted in the report once, however often the file names it.

        `details`: a person's job title and partner as the file gives them beside the name ("Sam
        Examplewood, Assistant Principal"), set on a new person and on one held where the field is
        empty. A value held is never overwritten (the person's page is where it changes), only warned of.
        """
        name = self.fit(model, "name", name, f"{model.__name__} “{name[:40]}”")
        key = name.lower()
        if key not in given:
            found = known.get(key)
            values = {k: v for k, v in (details or {}).items() if v}
            if found is None:
                found = model(name=name, **values)
                self.save(found)
                self.report.count(kind, "added")
            elif self.fill(found, values):
                self.save(found)
                self.report.count(kind, "updated")
                self.names_changed = True
            else:
                self.report.count(kind, "unchanged")
            given[key] = found
        return given[key]

    def fill(self, held, values: dict) -> bool:
        """Set the fields of a person held that are empty; warn of those the file gives otherwise."""
        changed = False
        for field_name, value in values.items():
            current = getattr(held, field_name)
            if current in (None, ""):
                setattr(held, field_name, value)
                changed = True
            elif str(current).lower() != str(value).lower():
                label = held._meta.get_field(field_name).verbose_name
                self.report.warnings.append(
                    f"{held._meta.verbose_name.capitalize()} “{held}”: the file gives the {label} “{value}”; "
                    f"the one held, “{current}”, was kept."
                )
        return changed

    def load_periods(self, plan: Plan) -> list[ReportingPeriod]:
        """The plan's periods, with those the file adds; fills `self.periods` (name in the file → period)."""
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
        return existing

    def load(self, plan: Plan) -> None:
        """Everything the file is matched against, in a fixed number of queries whatever the plan's size.

        Names match case-insensitively: the first person by id, the first partner by name.
        """
        for person in Person.objects.order_by("pk"):
            self.known_people.setdefault(person.name.lower(), person)
        for partner in Partner.objects.order_by("name", "pk"):
            self.known_partners.setdefault(partner.name.lower(), partner)
        objectives = Objective.objects.filter(priority__plan=plan)
        actions = Action.objects.for_plan(plan)
        self.objectives_of = _grouped(objectives, "priority_id")
        self.actions_of = _grouped(actions, "objective_id")
        # (model, link name) → {item id: {person or partner ids}}
        self.links: dict[tuple, dict[int, set[int]]] = {}
        for model, items in ((Objective, objectives), (Action, actions)):
            for name in LINKS[model]:
                link = model._meta.get_field(name)
                source, target = link.m2m_field_name(), link.m2m_reverse_field_name()  # type: ignore[union-attr]  # LINKS: many-to-many
                rows = link.remote_field.through.objects.filter(**{f"{source}__in": items.values("pk")})  # type: ignore[union-attr]  # as above
                held: dict[int, set[int]] = defaultdict(set)
                for item_id, target_id in rows.values_list(f"{source}_id", f"{target}_id"):
                    held[item_id].add(target_id)
                self.links[model, name] = held
        # Every statement that could share an (action, period) with one the file brings.
        self.statements = {
            (s.action_id, s.period_id): s for s in PositionStatement.objects.filter(period__plan=plan)
        }

    # The tree -------------------------------------------------------------------------------------

    def run(self, plan: Plan) -> None:
        self.load(plan)
        periods = self.load_periods(plan)
        earliest = min(periods, key=lambda p: p.as_at, default=None)
        self.backdate_to = None
        if earliest is not None:
            day = earliest.as_at - datetime.timedelta(days=1)
            self.backdate_to = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        self.write_children(
            list(Priority.objects.filter(plan=plan)),
            self.parsed.priorities,
            new=lambda: Priority(plan=plan),
            write=self.priority,
        )
        self.history.flush()
        self.flush_statements()
        self.backdate()
        write_measures(self, plan)
        write_findings(self, plan)

    def write_children(
        self,
        held: list,
        parsed_items: list,
        *,
        new: Callable[[], Priority | Objective | Action],
        write: Callable[..., None],
        text: str = "title",
    ) -> None:
        """Write the file's items under one parent, in the file's order, each matched to one it holds.

        `held`: the parent's items as stored; each is matched at most once, so two of the file's items
        never update the same row. `new()` makes an item for one that matches none; `write(item,
        parsed, order, refs)` writes it. What the file no longer holds is listed in the report.
        """
        refs = _Refs(held)
        seen: set[int] = set()
        for order, parsed in enumerate(parsed_items, start=1):
            pool = [c for c in held if c.pk not in seen]
            item = self.match(pool, parsed.ref, getattr(parsed, text), text) or new()
            write(item, parsed, order, refs)
            self.instances[id(parsed)] = item
            seen.add(item.pk)
        for item in held:
            if item.pk not in seen:
                self.not_in_file(item)

    def not_in_file(self, item: Priority | Objective | Action) -> None:
        """List an item the file no longer holds in the report, with everything under it.

        Archived actions are not listed: they are already gone from the plan's pages.
        """
        if isinstance(item, Action):
            if not item.is_archived:
                self.report.not_in_file.append(f"Action {item}")
            return
        if isinstance(item, Priority):
            self.report.not_in_file.append(f"Priority {item}")
            children = self.objectives_of.get(item.pk, [])
        else:
            self.report.not_in_file.append(f"Objective {item}")
            children = self.actions_of.get(item.pk, [])
        for child in children:
            self.not_in_file(child)

    def priority(self, priority: Priority, parsed: ParsedPriority, order: int, refs: _Refs) -> None:
        where = f"Priority at row {parsed.row}"
        values = {
            "ref": self.fit(Priority, "ref", parsed.ref, where),
            "title": parsed.title,
            "notes": parsed.notes,
            "order": order,
        }
        if parsed.description:
            values["description"] = parsed.description
        is_new = priority.pk is None
        self.write("priorities", priority, values, refs=refs, exclude=["plan"])
        candidates = [] if is_new else self.objectives_of.get(priority.pk, [])
        for c in candidates:
            c.priority = priority  # the row in hand, so statements' clean() needs no query for the plan
        self.write_children(
            candidates, parsed.objectives, new=lambda: Objective(priority=priority), write=self.objective
        )

    def objective(self, objective: Objective, parsed: ParsedObjective, order: int, refs: _Refs) -> None:
        where = f"Objective at row {parsed.row}"
        values = {
            "ref": self.fit(Objective, "ref", parsed.ref, where),
            "title": parsed.title,
            "success_measures": parsed.success_measures,
            "monitoring": parsed.monitoring,
            "resources": parsed.resources,
            "notes": parsed.notes,
            "order": order,
        }
        links = {
            "lead_people": [self.person(n) for n in parsed.lead_people],
            "lead_partners": [self.partner(n) for n in parsed.lead_partners],
            "supporting_people": [self.person(n) for n in parsed.supporting_people],
            "supporting_partners": [self.partner(n) for n in parsed.supporting_partners],
        }
        is_new = objective.pk is None
        self.write("objectives", objective, values, refs=refs, exclude=["priority"], links=links)
        candidates = [] if is_new else self.actions_of.get(objective.pk, [])
        for c in candidates:
            c.objective = objective
        self.write_children(
            candidates,
            parsed.actions,
            new=lambda: Action(objective=objective),
            write=self.action,
            text="description",
        )

    def action(self, action: Action, parsed: ParsedAction, order: int, refs: _Refs) -> None:
        where = f"Action {parsed.ref or parsed.description[:40]} (row {parsed.row})"
        values = {
            "ref": self.fit(Action, "ref", parsed.ref, where),
            "description": parsed.description,
            "task_group": self.fit(Action, "task_group", parsed.task_group, where),
            "start_date": parsed.start_date,
            "due_date": parsed.due_date,
            "timeframe": self.fit(Action, "timeframe", parsed.timeframe, where),
            "success_measures": parsed.success_measures,
            "notes": parsed.notes,
            "order": order,
        }
        links = {
            "lead_people": [self.person(n) for n in parsed.lead_people],
            "lead_partners": [self.partner(n) for n in parsed.lead_partners],
            "supporting_people": [self.person(n) for n in parsed.supporting_people],
            "supporting_partners": [self.partner(n) for n in parsed.supporting_partners],
        }
        is_new = action.pk is None
        # Without a start date the "due after start" check cannot fail, and checking it costs a query.
        exclude = ["objective"] + (["start_date"] if parsed.start_date is None else [])
        self.write("actions", action, values, refs=refs, exclude=exclude, links=links)
        if is_new:
            self.new_action_ids.append(action.pk)
        for parsed_statement in parsed.statements:
            period = self.periods.get(parsed_statement.period) if parsed_statement.period else None
            if period is None:
                self.report.warnings.append(
                    f"{where}: the statement in column {parsed_statement.column} has no reporting period, "
                    "so it was not imported."
                )
                continue
            self.statement(action, period, parsed_statement, is_new=is_new)

    def statement(self, action: Action, period: ReportingPeriod, parsed, *, is_new: bool) -> None:
        key = (action.pk, period.pk)
        if key in self.statements and self.statements[key].pk is None:
            # Two of the file's columns went into one period: save the first as if one by one.
            self.flush_statements()
        exclude = [] if parsed.narrative else ["narrative"]
        statement = None if is_new else self.statements.get(key)
        if statement is None:
            statement = PositionStatement(
                action=action,
                period=period,
                rag=parsed.rag,
                proposed_rag=parsed.rag,
                confirmed_at=self.agreed_at,
                narrative=parsed.narrative,
                author=self.author,
            )
            statement._history_user = self.user
            if key in self.statements:
                statement.full_clean(exclude=exclude)  # the database's "already exists", as one by one
            self.check_statement(statement, exclude)
            self.statements[key] = statement
            self.new_statements.append(statement)
            if len(self.new_statements) >= STATEMENT_BATCH:
                self.flush_statements()
            self.report.count("statements", "added")
        elif statement.rag != parsed.rag or statement.narrative != parsed.narrative:
            statement.rag, statement.narrative = parsed.rag, parsed.narrative
            statement.proposed_rag, statement.confirmed_at = parsed.rag, self.agreed_at
            statement.confirmed_by, statement.change_reason, statement.carried_forward_from = None, "", None
            statement.action, statement.period = action, period  # rows in hand, for clean()
            self.check_statement(statement, exclude)
            statement._history_user = self.user
            statement._change_reason = self.reason
            statement.save()
            self.report.count("statements", "updated")
        else:
            self.report.count("statements", "unchanged")

    @staticmethod
    def check_statement(statement: PositionStatement, exclude: list[str]) -> None:
        """full_clean (clean() included) less its queries, which cannot find anything here.

        Action, period and author are rows in hand; one statement per action per period is checked
        in memory (`self.statements`); the rating's check constraint repeats the field's choices.
        """
        statement.full_clean(
            exclude=["action", "period", "author", *exclude],
            validate_unique=False,
            validate_constraints=False,
        )

    def flush_statements(self) -> None:
        if self.new_statements:
            bulk_create_with_history(
                self.new_statements,
                PositionStatement,
                default_user=self.user,
                default_change_reason=self.reason,
            )
            self.new_statements = []

    def backdate(self) -> None:
        """New actions count in the file's periods on dashboards (Action.objects.existing_at).

        After their historical records, which keep the time of the import, as they always have.
        """
        if self.backdate_to is None:
            return
        ids = self.new_action_ids
        for start in range(0, len(ids), ID_BATCH):
            Action.objects.filter(pk__in=ids[start : start + ID_BATCH]).update(created_at=self.backdate_to)


class _DryRun(Exception):
    """Raised inside the import's transaction so that a dry run rolls everything back."""

    def __init__(self, report: ImportReport):
        super().__init__("dry run")
        self.report = report


def plan_import(
    *,
    parsed: ParsedPlan,
    user,
    plan: Plan | None = None,
    title: str | None = None,
    local_area: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Save a parsed plan as a new plan, or into `plan` in place. All or nothing.

    Refuses (ValidationError listing them) when the parse found problems.
    `dry_run`: do the whole import, then roll it back: the report (counts, warnings, not in the
    file) is exactly a real import's, and the database is left as it was. A new plan's
    `report.plan` is then unsaved (pk None).
    """
    if parsed.problems:
        raise ValidationError([str(p) for p in parsed.problems])
    is_new_plan = plan is None
    try:
        with transaction.atomic(), revisions_deferred():
            report = _import(parsed, user, plan, title, local_area)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as rolled_back:
        report = rolled_back.report
        if is_new_plan:
            report.plan.pk = None
            report.plan._state.adding = True
    return report


def _import(parsed, user, plan, title, local_area) -> ImportReport:
    warnings: list[str] = []
    if plan is None:
        plan_title = title or parsed.title or parsed.filename
        if len(plan_title) > Plan._meta.get_field("title").max_length:  # type: ignore[operator]  # CharField: max_length is set
            warnings.append("The plan's title was longer than 300 characters and was shortened.")
            plan_title = plan_title[:300]
        plan = Plan(title=plan_title, local_area=local_area[:200])
        plan._history_user = user
        plan._change_reason = f"Imported from {parsed.filename}"[:100]
        plan.full_clean(exclude=None if local_area else ["local_area"])
        plan.save()
        if not local_area:
            warnings.append("The plan has no local area yet: set it on the plan's page.")
    report = ImportReport(plan=plan, warnings=warnings)
    importer = _Importer(parsed, user, report)
    importer.run(plan)
    # Saves inside revisions_deferred() bumped nothing. New people and partners are on no other
    # plan, and existing ones are changed only to fill an empty job title or partner: then every plan
    # naming them shows it, so all are bumped; otherwise this plan is the only one to bump.
    plans_touch(None if importer.names_changed else [plan.pk])
    return report
