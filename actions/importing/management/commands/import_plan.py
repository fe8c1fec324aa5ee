"""python manage.py import_plan FILE [--plan "TITLE"] [--sheet NAME] [--period NAME --as-at DATE] [--commit]

--period (with --as-at, unless the name is itself a month or term such as "January 2019") is the
reporting period of position statement columns whose header names no date ("Summary of Current
Position"); without it the period is taken from the sheet's title, sheet name or file name when one
names a month or term, and otherwise those statements are not imported (the report says so).

Without --commit, a dry run: the full report (mapping, counts, first rows, problems, warnings) and
nothing saved; when --plan names an existing plan, also what importing into it would add, update and
leave unchanged (`plan_import(..., dry_run=True)`). With --commit, the plan is saved through
`plan_import`: into the plan with that title when there is one (updated in place), else a new plan.
"""

import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from actions.importing.commit import KINDS, plan_import
from actions.importing.parse import parse_workbook
from actions.importing.preview import faithfulness_of
from actions.importing.reader import ImportProblem
from actions.importing.values import ReportingPeriodGuess, period_from_header
from actions.plans.models import Plan

FIRST_ROWS = 5


class Command(BaseCommand):
    help = "Import a council's plan spreadsheet (.xlsx or .csv). A dry run unless --commit is given."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file.")
        parser.add_argument("--plan", default=None, help="Title of the plan to import into (created if new).")
        parser.add_argument("--sheet", default=None, help="The sheet holding the plan (default: detected).")
        parser.add_argument("--commit", action="store_true", help="Save the plan (default: dry run).")
        parser.add_argument("--local-area", default="", help="Local area of a new plan.")
        parser.add_argument("--user", default=None, help="Username recorded in history as the importer.")
        parser.add_argument(
            "--period",
            default=None,
            help="Reporting period of statement columns whose header names no date, e.g. “January 2019”.",
        )
        parser.add_argument(
            "--as-at", default=None, help="The period's as-at date, YYYY-MM-DD (default: from --period)."
        )

    @staticmethod
    def period_option(name: str | None, as_at: str | None) -> ReportingPeriodGuess | None:
        if name is None:
            if as_at is not None:
                raise CommandError("--as-at needs --period: give the reporting period's name too.")
            return None
        name = " ".join(name.split())
        if not name:
            raise CommandError("--period is empty: give the reporting period's name, e.g. “January 2019”.")
        if as_at is None:
            guess = period_from_header(name)
            if guess is None:
                raise CommandError(f"“{name}” names no date: add --as-at YYYY-MM-DD.")
            return guess
        try:
            date = datetime.date.fromisoformat(as_at)
        except ValueError:
            raise CommandError(
                f"--as-at “{as_at}” is not a date: write it as YYYY-MM-DD, e.g. 2019-01-31."
            ) from None
        return ReportingPeriodGuess(name[:100], date)

    def handle(self, *args, file, plan=None, sheet=None, commit=False, local_area="", user=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {file}.")
        period = self.period_option(options.get("period"), options.get("as_at"))

        def progress(done, total):
            if total >= 500 and (done % 500 == 0 or done == total):
                self.stderr.write(f"Read {done} of {total} rows")

        try:
            parsed = parse_workbook(
                path.read_bytes(), filename=path.name, sheet=sheet, period=period, progress=progress
            )
        except ImportProblem as problem:
            raise CommandError(str(problem)) from None
        self.print_report(parsed, dry_run=not commit)
        if parsed.problems:
            lines = "\n".join(f"  - {p}" for p in parsed.problems)
            raise CommandError(f"{len(parsed.problems)} problem(s); nothing was imported:\n{lines}")
        same_title = list(Plan.objects.filter(title=plan).order_by("pk")) if plan else []
        if len(same_title) > 1:
            ids = ", ".join(str(p.pk) for p in same_title)
            raise CommandError(
                f"{len(same_title)} plans are called “{plan}” (ids {ids}): rename all but one in the admin, "
                "so the import cannot update the wrong plan. Nothing was imported."
            )
        existing = same_title[0] if same_title else None
        if not commit:
            if existing is not None:
                try:
                    report = plan_import(parsed=parsed, user=None, plan=existing, dry_run=True)
                except ValidationError as error:
                    raise CommandError("It could not be imported: " + "; ".join(error.messages)) from None
                self.stdout.write(f"Importing into plan “{existing.title}” (id {existing.pk}) would give:")
                self.print_outcome(report)
            self.stdout.write("Dry run: nothing was saved. Add --commit to import.")
            return
        importer = None
        if user:
            importer = get_user_model().objects.filter(username=user).first()
            if importer is None:
                raise CommandError(f"There is no user {user}.")
        try:
            report = plan_import(
                parsed=parsed, user=importer, plan=existing, title=plan, local_area=local_area
            )
        except ValidationError as error:
            raise CommandError("Nothing was imported: " + "; ".join(error.messages)) from None
        verb = "Updated" if existing else "Created"
        self.stdout.write(self.style.SUCCESS(f"{verb} plan “{report.plan.title}” (id {report.plan.pk})."))
        self.print_outcome(report)

    def print_outcome(self, report) -> None:
        """The import's counts, warnings and the items the file no longer holds."""
        for kind in KINDS:
            c = report.counts[kind]
            self.stdout.write(
                f"  {kind}: {c['added']} added, {c['updated']} updated, {c['unchanged']} unchanged"
            )
        for warning in report.warnings:
            self.stdout.write(f"  warning: {warning}")
        if report.not_in_file:
            self.stdout.write(f"Not in the file ({len(report.not_in_file)}), left as they are:")
            for item in report.not_in_file:
                self.stdout.write(f"  - {item}")

    def print_report(self, parsed, *, dry_run: bool) -> None:
        w = self.stdout.write
        w(("Dry run of " if dry_run else "Importing ") + f"{parsed.filename}, sheet “{parsed.sheet}”")
        w(f"Plan title in the file: {parsed.title}")
        w(f"Header row: {parsed.header_row}")
        w("Mapping:")
        for c in parsed.mapping.columns:
            period = f" (period {c.period.name}, as at {c.period.as_at})" if c.period else ""
            note = f" [{c.note}]" if c.note else ""
            w(f"  {c.letter} “{' '.join(c.header.split())}” → {c.field_label}{period}{note}")
        w("Counts:")
        for key, value in parsed.counts.items():
            w(f"  {key}: {value}")
        for name, count in parsed.statements_by_period().items():
            w(f"  statements in {name or 'no period'}: {count}")
        if parsed.measure_sheets:
            w("Measures read from sheets " + ", ".join(f"“{s}”" for s in parsed.measure_sheets.values()))
        if parsed.finding_sheets:
            w(
                "Inspections and findings read from sheets "
                + ", ".join(f"“{s}”" for s in parsed.finding_sheets.values())
            )
        for cell in parsed.finding_cells[:FIRST_ROWS]:
            named = ", ".join(f.reference for f in cell.findings) or "none read"
            w(f"  Finding cell at sheet “{cell.sheet}”, row {cell.row}, column {cell.column}: {named}")
        w("First rows:")
        for priority in parsed.priorities[:FIRST_ROWS]:
            w(f"  Priority {priority.ref} {priority.title[:70]}".rstrip())
            for objective in priority.objectives[:2]:
                w(f"    Objective {objective.ref} {objective.title[:60]}")
                for action in objective.actions[:2]:
                    leads = ", ".join(n.name for n in action.lead)
                    w(f"      Action {action.ref} {action.description[:50]} (lead: {leads or '-'})")
        if parsed.people:
            w(f"People named: {', '.join(parsed.people)}")
        if parsed.partners:
            w(f"Partners named: {', '.join(parsed.partners)}")
        if parsed.problems:
            w(f"Problems ({len(parsed.problems)}):")
            for p in parsed.problems:
                w(f"  - sheet {p.sheet}, row {p.row or '-'}, column {p.column or '-'}: {p.reason}")
        if parsed.warnings:
            w(f"Warnings ({len(parsed.warnings)}):")
            for p in parsed.warnings:
                w(f"  - sheet {p.sheet}, row {p.row or '-'}, column {p.column or '-'}: {p.reason}")
        self.print_faithfulness(parsed)

    def print_faithfulness(self, parsed) -> None:
        """What the rows were read as, the notes kept, and any text the plan keeps nowhere."""
        w = self.stdout.write
        faithful = faithfulness_of(parsed)
        for sheet in faithful["sheets"]:
            w(f"Rows read as (sheet “{sheet['sheet']}”):")
            for item in sheet["rows_read_as"]:
                w(f"  {item['label']}: {item['count']}")
        w(f"Notes kept: {faithful['notes']} item{'s' if faithful['notes'] != 1 else ''} with notes")
        if not parsed.dropped:
            w("Every cell's text is in the plan.")
            return
        w(f"Text not imported ({len(parsed.dropped)}):")
        for d in parsed.dropped:
            w(f"  - {d.location}: “{' '.join(d.text.split())[:120]}” (words not kept: {d.missing})")
