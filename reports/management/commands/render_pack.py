"""Render a pack to a file without publishing it, for automation: scripts, scheduled exports."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import pluralize

from actions.plans.models import Plan
from reports import excel, pdf
from reports.packs import AUDIENCES, MONITORING, pack_data


class Command(BaseCommand):
    help = (
        "Render a plan's board, Schools Forum or monitoring pack as at a reporting period to a PDF or "
        "Excel file."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--plan", type=int, required=True, help="The plan's id (see the plan page's address)."
        )
        parser.add_argument(
            "--period", required=True, help='The reporting period\'s name, e.g. "Spring term 2026".'
        )
        parser.add_argument(
            "--audience",
            choices=sorted(AUDIENCES),
            required=True,
            help="board, forum, or monitoring (the return to the Department for Education and NHS England).",
        )
        parser.add_argument("--format", choices=["pdf", "xlsx"], required=True)
        parser.add_argument("--output", type=Path, required=True, help="The file to write.")

    def handle(self, *args, plan, period, audience, format, output, **options):
        try:
            plan_row = Plan.objects.get(pk=plan)
        except Plan.DoesNotExist:
            raise CommandError(f"There is no plan with id {plan}.") from None
        period_row = plan_row.periods.filter(name__iexact=period.strip()).first()
        if period_row is None:
            names = ", ".join(f'"{p.name}"' for p in plan_row.periods.order_by("as_at")) or "none"
            raise CommandError(
                f'"{plan_row.title}" has no reporting period called "{period}". It has: {names}.'
            )
        data = pack_data(plan_row, period_row, audience=audience)
        content = pdf.render_pdf(data) if format == "pdf" else excel.render_xlsx(data)
        try:
            output.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Could not write {output}: {exc.strerror}.") from None
        what = AUDIENCES[audience] if audience == MONITORING else f"{AUDIENCES[audience]} pack"
        self.stdout.write(
            f"Wrote {output} ({len(content):,} bytes): {what} for {plan_row.title}, "
            f"as at {period_row.name}, {len(data.actions)} actions, "
            f"{len(data.measures)} impact measure{pluralize(len(data.measures))}."
        )
