"""Time importing a big plan spreadsheet: reading it, saving it as a new plan, and importing it again.

    .venv/bin/python bench/import_plan.py [--actions 3000] [--periods 4] [--seed 1]

Builds a seed_scale plan (actions/devdata/scale.py) in a throwaway SQLite database,
/tmp/sendplan-bench-import.sqlite3, made afresh each run, or in DATABASE_URL's database if that is set
(never the development database var/sendplan.sqlite3), and exports it with
`actions.importing.export.plan_export`: a workbook the importer reads back into the same plan. Then,
once each (an import of thousands of actions is its own warm-up):

1. read: `parse_workbook(data, filename=...)`, no database;
2. new plan: `plan_import(parsed=..., user=..., title=...)`, every item added, with its history;
3. again: `plan_import(..., plan=<that plan>)`, the same file into the plan it made: all unchanged;
4. dry run: the same, with `dry_run=True` (the report of 3, rolled back).

Prints seconds, SQL statements (counted by a connection execute wrapper, which costs next to nothing,
so the timed run is the counted one), the report's counts and the history rows written.
Goal: a new plan of 3,000 actions within 20 s on SQLite. See bench/README.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from common import prepare, seed

THROWAWAY_DB = Path("/tmp/sendplan-bench-import.sqlite3")  # its own file: runs beside the other benches
GOAL_SECONDS = 20.0  # a new plan of 3,000 actions


class QueryCounter:
    """Counts SQL statements sent to the database (execute and executemany alike)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def history_rows() -> int:
    from django.apps import apps

    return sum(
        m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"actions", "partners"} and m.__name__.startswith("Historical")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=3000)
    parser.add_argument("--periods", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    prepare(THROWAWAY_DB)
    plan = seed(actions=args.actions, periods=args.periods, seed=args.seed).plan

    from django.contrib.auth import get_user_model
    from django.db import connection

    from actions.importing.commit import plan_import
    from actions.importing.export import plan_export
    from actions.importing.parse import parse_workbook

    user, _ = get_user_model().objects.get_or_create(username="bench-importer")

    started = time.perf_counter()
    data = plan_export(plan)
    print(f"Exported plan {plan.pk} in {time.perf_counter() - started:.1f}s: {len(data) / 1024:,.0f} KB")

    results: list[tuple[str, float, int, str, int]] = []

    def run(step: str, fn):
        counter = QueryCounter()
        history_before = history_rows()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            result = fn()
            seconds = time.perf_counter() - started
        outcome = ""
        if hasattr(result, "not_in_file"):  # an ImportReport
            c = result.counts
            outcome = ", ".join(
                f"{kind} {c[kind]['added']}/{c[kind]['updated']}/{c[kind]['unchanged']}"
                for kind in ("actions", "statements")
            )
        results.append((step, seconds, counter.count, outcome, history_rows() - history_before))
        print(f"  {step}: {seconds:.2f}s, {counter.count:,} queries")
        return result

    print("\nTiming (DEBUG off):")
    parsed = run("read (parse_workbook)", lambda: parse_workbook(data, filename="export.xlsx"))
    if parsed.problems:
        sys.exit(f"The export does not read back: {parsed.problems[:3]}")
    counts = parsed.counts
    print(f"    {counts['actions']:,} actions, {counts['statements']:,} position statements")
    report = run("new plan", lambda: plan_import(parsed=parsed, user=user, title="Imported", local_area="X"))
    run("again, into that plan", lambda: plan_import(parsed=parsed, user=user, plan=report.plan))
    run(
        "dry run, into that plan",
        lambda: plan_import(parsed=parsed, user=user, plan=report.plan, dry_run=True),
    )

    width = max(len(r[0]) for r in results)
    print(
        f"\n{'step':<{width}}  {'seconds':>7}  {'queries':>7}  {'history rows':>12}  added/updated/unchanged"
    )
    for step, seconds, queries, outcome, history in results:
        print(f"{step:<{width}}  {seconds:>7.2f}  {queries:>7,}  {history:>12,}  {outcome}")
    new_plan_seconds = results[1][1]
    verdict = "met" if new_plan_seconds <= GOAL_SECONDS * args.actions / 3000 else "NOT met"
    goal = f"a new plan of 3,000 actions within {GOAL_SECONDS:g} s (scaled to {args.actions:,})"
    print(f"\nGoal: {goal}: {verdict}")


if __name__ == "__main__":
    main()
