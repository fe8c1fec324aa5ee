"""Saving a `ParsedPlan`'s inspections and findings with its plan, in the same transaction (commit.py).

From the Inspections and Findings sheets: inspections are matched to the plan's by kind and first day
of the visit, findings by reference within their inspection (case-insensitive). Only what changed is
written, each row checked by its model's own rules (full_clean) and saved with its history by the
importer, the links (partners directed to, objectives and actions answering) set only when they
differ, so an unchanged re-import writes nothing. A finding's Answered by replaces the links to the
plan's own objectives and live actions; links the file cannot name (to another plan of the local area,
to an archived action) are left as they are. Nothing is deleted: the plan's inspections and findings
that the file no longer holds are listed as not in the file.

From a plan sheet's Finding column (findings.py, `from_column`): each finding named is matched to one
the plan holds, by reference (the latest inspection's, when several have it) or by its words, and
gains the row's objectives and actions as links (those held stay); the findings matching none are
recorded under one new inspection, made for them.

The findings services' check that a plan administrator writes does not fit an import, which a plan
administrator makes for the whole plan (as commit.py writes statements); the objectives and actions
linked are the file's own, so always of the plan's local area.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import ManyToManyField

from actions.findings.models import Finding, Inspection
from actions.plans.models import Action, Objective, Plan

from .findings import FINDINGS, HEADERS, INSPECTIONS, SHEETS, inspection_key, words_key
from .parsed import ParsedFinding, ParsedInspection, ParsedObjective

INSPECTION_FIELDS = ("kind", "framework", "visit_start", "visit_end", "outcome", "report_url", "published_on")
COLUMNS = {
    INSPECTIONS: {
        "kind": "Kind",
        "framework": "Framework",
        "visit_start": "Visit start",
        "visit_end": "Visit end",
        "outcome": "Outcome",
        "report_url": "Report link",
        "published_on": "Published on",
    },
    FINDINGS: {"kind": "Kind", "reference": "Reference", "text": "Text", "partners": "Directed to"},
}
LINKS = ("partners", "objectives", "actions")


class FindingWriter:
    """The inspections and findings of one import. `importer` is commit.py's `_Importer`, after the
    plan's items are written: its user, reason, report, partners and the items it saved."""

    def __init__(self, importer, plan: Plan):
        self.importer = importer
        self.plan = plan
        self.parsed = importer.parsed
        self.report = importer.report

    def load(self) -> None:
        """What the plan holds, in a fixed number of queries."""
        self.inspections = list(Inspection.objects.filter(plan=self.plan).order_by("visit_start", "pk"))
        self.findings = list(
            Finding.objects.filter(inspection__plan=self.plan).order_by(
                "inspection__visit_start", "order", "pk"
            )
        )
        by_id = {i.pk: i for i in self.inspections}
        for finding in self.findings:
            finding.inspection = by_id[finding.inspection_id]  # the row in hand, for clean()
        ids = [f.pk for f in self.findings]
        # The items the plan's export names: a link to anything else (an action of another plan of the
        # local area, an archived action) is not in the file, so a Findings sheet leaves it as it is.
        self.exported = {
            "objectives": set(
                Objective.objects.filter(priority__plan=self.plan).values_list("pk", flat=True)
            ),
            "actions": set(Action.objects.for_plan(self.plan).live().values_list("pk", flat=True)),
        }
        self.links: dict[tuple[str, int], set[int]] = defaultdict(set)
        for name in LINKS:
            link = Finding._meta.get_field(name)
            assert isinstance(link, ManyToManyField)
            through = link.remote_field.through
            assert through is not None
            target = f"{link.m2m_reverse_field_name()}_id"
            for finding_id, target_id in through._default_manager.filter(finding_id__in=ids).values_list(
                "finding_id", target
            ):
                self.links[name, finding_id].add(target_id)

    def save(self, instance, kind: str, row: int, **options) -> None:
        """full_clean, its messages located by the sheet, row and column they come from; then save."""
        try:
            instance.full_clean(**options)
        except ValidationError as error:
            sheet = self.parsed.finding_sheets.get(kind, SHEETS[kind])
            messages = []
            for field_name, field_messages in error.message_dict.items():
                header = COLUMNS[kind].get(field_name)
                where = f", column “{header}”" if header in HEADERS[kind] else ""
                at = f"Sheet “{sheet}”, row {row}{where}" if row else f"The file's findings ({sheet})"
                messages.append(f"{at}: {' '.join(field_messages)}")
            raise ValidationError(messages) from None
        instance._history_user = self.importer.user
        instance._change_reason = self.importer.reason
        instance.save()

    def run(self) -> None:
        self.load()
        self.seen_inspections: set[int] = set()
        for parsed in self.parsed.inspections:
            if parsed.from_column:
                self.from_column(parsed)
            else:
                self.from_sheets(parsed)
        if INSPECTIONS in self.parsed.finding_sheets:
            for inspection in self.inspections:
                if inspection.pk not in self.seen_inspections:
                    key = inspection_key(inspection.kind, inspection.visit_start)
                    self.report.not_in_file.append(f"Inspection: {key}, with its findings")

    # The Inspections and Findings sheets ----------------------------------------------------------

    def from_sheets(self, parsed: ParsedInspection) -> None:
        same = (parsed.kind, parsed.visit_start)
        held = next(
            (
                i
                for i in self.inspections
                if (i.kind, i.visit_start) == same and i.pk not in self.seen_inspections
            ),
            None,
        )  # two inspections of one kind on one day are matched in turn
        inspection = held or Inspection(plan=self.plan)
        values = {name: getattr(parsed, name) for name in INSPECTION_FIELDS}
        changed = [n for n, v in values.items() if held is None or getattr(inspection, n) != v]
        for name in changed:
            setattr(inspection, name, values[name])
        if changed:
            self.save(inspection, INSPECTIONS, parsed.row, exclude=["plan"])
        if held is None:
            self.inspections.append(inspection)
        self.report.count("inspections", "added" if held is None else "updated" if changed else "unchanged")
        seen: set[int] = set()
        for order, given in enumerate(parsed.findings, start=1):
            match = next(
                (
                    f
                    for f in self.findings
                    if f.inspection_id == inspection.pk and f.reference.lower() == given.reference.lower()
                ),
                None,
            )
            finding = self.finding(inspection, match, given, order=order, replace=True)
            seen.add(finding.pk)
        self.seen_inspections.add(inspection.pk)
        for finding in self.findings:
            if finding.inspection_id == inspection.pk and finding.pk not in seen:
                key = inspection_key(inspection.kind, inspection.visit_start)
                self.report.not_in_file.append(f"Finding {finding.reference} of {key}")

    def finding(
        self, inspection: Inspection, held: Finding | None, given: ParsedFinding, *, order: int, replace: bool
    ) -> Finding:
        """Write a finding and its links. `replace`: the file's links are all of them (a Findings sheet);
        else they join those held (a Finding column). Counted in the report."""
        finding = held or Finding(inspection=inspection)
        values: dict[str, object] = {"kind": given.kind, "reference": given.reference, "text": given.text}
        if held is None or replace:
            values["order"] = order
        else:
            values = {}  # a finding the plan holds keeps its words: the column only links to it
        changed = [n for n, v in values.items() if held is None or getattr(finding, n) != v]
        for name in changed:
            setattr(finding, name, values[name])
        if changed:
            finding.inspection = inspection
            self.save(finding, FINDINGS, given.row, exclude=["inspection"])
        wanted = {
            "objectives": [
                self.importer.instances[id(i)] for i in given.answered_by if isinstance(i, ParsedObjective)
            ],
            "actions": [
                self.importer.instances[id(i)]
                for i in given.answered_by
                if not isinstance(i, ParsedObjective)
            ],
        }
        if given.partners is not None:
            wanted["partners"] = [self.importer.partner(name) for name in given.partners]
        relinked = False
        for name, items in wanted.items():
            before = set() if held is None else self.links[name, finding.pk]
            ids = {i.pk for i in items}
            if not replace:
                ids |= before  # a Finding column adds links, never takes one away
            elif name in self.exported:
                ids |= before - self.exported[name]
            if ids == before:
                continue
            finding._history_user = self.importer.user
            finding._change_reason = self.importer.reason
            getattr(finding, name).set(ids)  # each change of links is a historical record
            self.links[name, finding.pk] = ids
            relinked = True
        if held is None:
            self.findings.append(finding)
        self.report.count(
            "findings", "added" if held is None else "updated" if changed or relinked else "unchanged"
        )
        return finding

    # A plan sheet's Finding column ----------------------------------------------------------------

    def from_column(self, parsed: ParsedInspection) -> None:
        new_inspection: Inspection | None = None
        for order, given in enumerate(parsed.findings, start=1):
            held = self.matching(given)
            if held is not None:
                self.finding(held.inspection, held, given, order=order, replace=False)
                self.seen_inspections.add(held.inspection_id)
                continue
            if new_inspection is None:
                new_inspection = Inspection(plan=self.plan)
                for name in INSPECTION_FIELDS:
                    setattr(new_inspection, name, getattr(parsed, name))
                self.save(new_inspection, INSPECTIONS, 0, exclude=["plan"])
                self.inspections.append(new_inspection)
                self.seen_inspections.add(new_inspection.pk)
                self.report.count("inspections", "added")
                self.report.warnings.append(
                    "The file names findings the plan did not hold: they were recorded under a new "
                    f"{new_inspection.get_kind_display().lower()} "
                    f"({new_inspection.get_framework_display()}), "
                    "dated the day of the import: set its dates, outcome and report on its page."
                )
            self.finding(new_inspection, None, given, order=order, replace=True)
            if not given.text_given:
                self.report.warnings.append(
                    f"{given.reference} is named in the file by its reference alone: enter the report's "
                    "words for it on its page."
                )

    def matching(self, given: ParsedFinding) -> Finding | None:
        """The plan's finding a Finding cell names: by reference (the latest inspection's), else by words."""
        if given.reference_given:
            found = [f for f in self.findings if f.reference.lower() == given.reference.lower()]
            return found[-1] if found else None
        wanted = words_key(given.text)
        found = [f for f in self.findings if words_key(f.text) == wanted]
        if not found:
            found = [f for f in self.findings if words_key(f.text).startswith(wanted)]
        return found[-1] if len({f.text for f in found}) == 1 else None


def write_findings(importer, plan: Plan) -> None:
    """Save the file's inspections and findings into `plan` (commit.py, in the import's transaction)."""
    if not importer.parsed.inspections:
        return
    FindingWriter(importer, plan).run()
