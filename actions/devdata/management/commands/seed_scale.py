"""python manage.py seed_scale --actions 5000 --periods 12 [--seed 1] [--title "..."]: a synthetic plan."""

import argparse
import time

from django.core.management.base import BaseCommand

from actions.cycle.models import PositionStatement, ReportingPeriod
from actions.devdata.scale import refresh_planner_statistics, scale_plan_seed
from actions.plans.models import Action, Objective, Priority


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number; got {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1; got {number}")
    return number


class Command(BaseCommand):
    help = (
        "Build one synthetic plan of the given size, with partners, people, termly reporting periods "
        "ending with today's and a position statement per action per period, for load tests and "
        "benchmarks. Not real data: never run it on a production database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--actions", type=_positive, default=5000, help="Number of actions (default 5000)."
        )
        parser.add_argument(
            "--periods", type=_positive, default=12, help="Number of termly reporting periods (default 12)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (default 1): same seed, same plan."
        )
        parser.add_argument("--title", default=None, help="Plan title (default says its size and seed).")

    def handle(self, *args, actions, periods, seed, title, **options):
        out = self.stdout
        out.write(f"Building a synthetic plan: {actions:,} actions over {periods} terms (seed {seed})...")
        started = time.monotonic()
        plan = scale_plan_seed(actions=actions, periods=periods, seed=seed, title=title, stdout=out)
        seconds = time.monotonic() - started
        refresh_planner_statistics()
        counts = {
            "priorities": Priority.objects.filter(plan=plan).count(),
            "objectives": Objective.objects.filter(priority__plan=plan).count(),
            "actions": Action.objects.for_plan(plan).count(),
            "reporting periods": ReportingPeriod.objects.filter(plan=plan).count(),
            "position statements": PositionStatement.objects.filter(period__plan=plan).count(),
        }
        out.write(self.style.SUCCESS(f"Plan {plan.pk}: {plan.title} — built in {seconds:.1f}s"))
        for label, count in counts.items():
            out.write(f"  {label + ':':<21}{count:>8,}")
        out.write(f"  {'seconds:':<21}{seconds:>8.1f}")
        out.write(f"  plan page: {plan.get_absolute_url()}")
