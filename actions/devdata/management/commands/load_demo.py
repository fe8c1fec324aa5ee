"""python manage.py load_demo [--today YYYY-MM-DD]: load the two demo plans (demo only, never production)."""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from actions.devdata.demo import USERS, demo_load


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today must be a date such as 2026-03-15; got {value!r}") from None


class Command(BaseCommand):
    help = (
        "Load the demo: the Telford & Wrekin and Kirklees SEND plans with fictional people, dated to "
        "look current, reporting periods, position statements, impact measures, inspection findings and "
        "five demo users. "
        "Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Build the demo as if today were this date (YYYY-MM-DD); default: today.",
        )

    def handle(self, *args, today=None, **options):
        today = today or timezone.localdate()
        started = time.monotonic()
        try:
            result = demo_load(today=today)
        except ValueError as error:
            raise CommandError(str(error)) from None
        seconds = time.monotonic() - started
        out = self.stdout
        if result.already_loaded:
            out.write("The demo is already loaded (" + "; ".join(result.plan_titles) + "). Nothing changed.")
            return
        out.write(self.style.SUCCESS(f"Demo loaded as at {today:%-d %B %Y} in {seconds:.1f}s — DEMO ONLY."))
        out.write(f"  plans:               {result.plans}")
        out.write(f"  priorities:          {result.priorities}")
        out.write(f"  objectives:          {result.objectives}")
        out.write(f"  actions:             {result.actions}")
        out.write(f"  reporting periods:   {result.periods}")
        out.write(f"  position statements: {result.statements}")
        out.write(f"  partners:            {result.partners}")
        out.write(f"  people:              {result.people}")
        out.write(
            f"  impact measures:     {result.measures}, with {result.measure_figures} figures "
            f"({result.measure_figures_awaiting} awaiting confirmation)"
        )
        out.write(
            f"  inspections:         {result.inspections}, with {result.findings} findings "
            f"({result.findings_uncovered} answered by no action)"
        )
        shifted = ", ".join(f"{name} +{years} years" for name, years in result.years_shifted.items())
        out.write(f"  dates moved forward: {shifted}")
        out.write(
            f"  officer is {result.officer_name}: involved in {result.officer_actions} actions, "
            f"{result.officer_open_without_statement} still to update this term"
        )
        out.write(
            f"  this term: {result.awaiting_confirmation} ratings awaiting confirmation, "
            f"{result.carried_forward} statements carried forward, {result.rebaselined} due dates moved"
        )
        out.write("")
        out.write(self.style.WARNING("Demo logins (demo only; never use these on a real site):"))
        for username, (group, *_rest) in USERS.items():
            note = "" if username in result.users_created else "  (already existed: left unchanged)"
            out.write(f"  {username:<8} {group}{note}")
        out.write(f"  password for all: {result.password}")
