"""python manage.py export_plan --plan ID --output FILE: the plan as an .xlsx that import_plan reads back,
with its measures, their figures and comparators, its inspections and findings on sheets of their own."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from actions.importing.export import plan_export
from actions.plans.models import Plan


class Command(BaseCommand):
    help = (
        "Export a plan, with one column of position statements per period, its measures and its inspection "
        "findings, to an .xlsx file."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, required=True, help="The plan's id.")
        parser.add_argument("--output", required=True, help="The .xlsx file to write.")

    def handle(self, *args, plan, output, **options):
        found = Plan.objects.filter(pk=plan).first()
        if found is None:
            raise CommandError(f"There is no plan with id {plan}.")
        data = plan_export(found)
        Path(output).write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"Wrote “{found.title}” to {output} ({len(data)} bytes)."))
