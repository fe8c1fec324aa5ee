"""Time the board dashboard, the accountability page and the filtered action list on a big plan.

    .venv/bin/python bench/dashboard.py [--actions 5000] [--periods 12] [--requests 10] [--seed 1]

Builds a seed_scale plan (actions/devdata/scale.py) in a throwaway SQLite database,
/tmp/sendplan-bench.sqlite3, made afresh each run, or in DATABASE_URL's database if that is set (never the
development database var/sendplan.sqlite3). Then, in this one process, with Django's test Client signed in as
a plan administrator and DEBUG off, each page gets 2 warm-up requests and N timed ones; one more request
counts its SQL queries. Every figure is compared with a trivial signed-in view (bench/urls.py), so the ratio
says what the page itself costs on any machine. Goal: each page within 5x the trivial view.

Pages whose URL does not exist yet are skipped with a line saying so. See bench/README.md.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from common import prepare, seed

THROWAWAY_DB = Path("/tmp/sendplan-bench.sqlite3")
GOAL = 5.0  # a page may cost at most this many trivial views


@dataclass
class Result:
    page: str
    url: str
    times_ms: list[float]
    queries: int

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p90(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[math.ceil(0.9 * len(ordered)) - 1]  # nearest rank


def measure(client, page: str, url: str, requests: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(url)
        assert response.status_code == 200, f"{page}: {url} answered {response.status_code}"
        return response

    for _ in range(2):
        get()
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    # Counted on a separate request: capturing queries slows the ones it watches.
    with CaptureQueriesContext(connection) as captured:
        get()
    return Result(page, url, times, len(captured.captured_queries))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--actions", type=int, default=5000)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--requests", type=int, default=10, help="timed requests per page (default 10)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.periods < 2:
        parser.error("--periods must be at least 2: the dashboard is also timed for the previous period")

    prepare(THROWAWAY_DB, urlconf="bench.urls")  # bench/urls.py: the site plus the trivial view
    plan = seed(actions=args.actions, periods=args.periods, seed=args.seed).plan

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from actions.roles import PLAN_ADMINISTRATOR, roles_ensure_groups, user_sync_staff_status

    roles_ensure_groups()
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="bench-plan-admin", defaults={"email": "bench@example.org"})
    user.groups.add(Group.objects.get(name=PLAN_ADMINISTRATOR))
    user_sync_staff_status(user_ids=[user.pk])
    client = Client()  # after ROOT_URLCONF is set (prepare)
    client.force_login(user)

    periods = list(plan.periods.order_by("as_at"))
    current, previous = periods[-1], periods[-2]
    action_list = f"?plan={plan.pk}&period={current.pk}&rag=red"
    pages = [
        ("trivial view", "bench-trivial", [], ""),
        (f"board dashboard ({current.name}, open)", "reports:dashboard", [plan.pk], ""),
        (
            f"board dashboard ({previous.name}, closed)",
            "reports:dashboard",
            [plan.pk],
            f"?period={previous.pk}",
        ),
        ("accountability", "reports:accountability", [plan.pk], ""),
        ("action list: red", "actions:action-list", [], action_list),
        ("action list: red, overdue", "actions:action-list", [], action_list + "&overdue=true"),
    ]

    print(f"\nTiming {args.requests} requests per page after 2 warm-ups (DEBUG off, test Client):")
    results: list[Result] = []
    failed = []
    for page, name, url_args, query in pages:
        try:
            url = reverse(name, args=url_args) + query
        except NoReverseMatch:
            print(f"  {name} not available yet: skipped {page}")
            continue
        try:
            results.append(measure(client, page, url, args.requests))
        except Exception as error:  # a page being written may fail; time the others
            print(f"  {page} FAILED ({url}): {type(error).__name__}: {error}")
            failed.append(page)

    trivial = results[0].median
    width = max(len(r.page) for r in results)
    print()
    print(
        f"{'page':<{width}}  {'median ms':>9}  {'p90 ms':>8}  {'× trivial':>9}  {'goal':<42}  {'queries':>7}"
    )
    for r in results:
        ratio = r.median / trivial
        verdict = "met" if ratio <= GOAL else "NOT met"
        goal = "-" if r is results[0] else f"goal: ≤ {GOAL:g}× the trivial view ({verdict})"
        print(
            f"{r.page:<{width}}  {r.median:>9.1f}  {r.p90:>8.1f}  {ratio:>8.1f}×  {goal:<42}  {r.queries:>7}"
        )
    print("\nURLs:")
    for r in results:
        print(f"  {r.page}: {r.url}")
    if failed:
        sys.exit(f"\n{len(failed)} page(s) failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
