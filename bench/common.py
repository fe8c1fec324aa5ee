"""What the database benchmarks (bench/dashboard.py, bench/pack.py) share: settings, database and seed.

    from common import prepare, seed    # the scripts run as files, so bench/ is on sys.path

    throwaway = prepare(Path("/tmp/sendplan-bench-x.sqlite3"), urlconf="bench.urls")
    plan = seed(actions=5000, periods=12, seed=1).plan

`prepare` sets production-like settings (DEBUG off), points Django at a throwaway SQLite file made afresh
each run unless DATABASE_URL is set (never the development database var/sendplan.sqlite3), sets Django
up and migrates. `seed` builds one plan with actions.devdata.scale.scale_plan_seed. Both print what they do.
See bench/README.md.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEV_DB = ROOT / "var" / "sendplan.sqlite3"


def configure_environment(throwaway_db: Path, *, client: bool = False) -> bool:
    """Production-like settings for the run. True when the database is the throwaway SQLite file.

    `client`: the run makes requests through Django's test Client, over plain HTTP to "testserver".
    """
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sendplan.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    os.environ["DEBUG"] = "0"  # DEBUG on would record every query and change what is measured
    if client:
        os.environ["ALLOWED_HOSTS"] = "testserver"
        os.environ["SECURE_SSL_REDIRECT"] = "0"  # the test client speaks plain HTTP
    throwaway = not os.environ.get("DATABASE_URL")
    if throwaway:
        os.environ["DATABASE_URL"] = f"sqlite:///{throwaway_db}"
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{throwaway_db}{suffix}").unlink(missing_ok=True)
    else:
        import dj_database_url

        config = dj_database_url.parse(os.environ["DATABASE_URL"])
        if config["ENGINE"].endswith("sqlite3") and Path(config["NAME"]).resolve() == DEV_DB.resolve():
            sys.exit(f"Refusing to run on the development database {DEV_DB}: unset DATABASE_URL.")
    return throwaway


def configure_django(*, urlconf: str | None = None) -> None:
    """django.setup(), plain static storage; with `urlconf`, ready for the test Client on that URLconf."""
    import logging

    import django
    from django.conf import settings

    django.setup()
    # As tests/settings.py: plain static storage, so templates render without collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    if urlconf is None:
        return
    settings.ROOT_URLCONF = urlconf  # before any request or reverse()
    # A failing page is reported in one line by the script, not with the request logger's traceback.
    logging.getLogger("django.request").setLevel(logging.CRITICAL)

    from django.test.utils import setup_test_environment

    # Only for the test Client: it also instruments template rendering, which would skew a render timing.
    setup_test_environment()


def prepare(throwaway_db: Path, *, urlconf: str | None = None) -> bool:
    """Settings, Django and a migrated database; prints which database. True when it is the throwaway one.

    `throwaway_db`: the SQLite file used (deleted first) when DATABASE_URL is not set.
    `urlconf`: for a run that makes requests through the test Client: ROOT_URLCONF, ALLOWED_HOSTS
    "testserver", no HTTPS redirect, setup_test_environment().
    """
    throwaway = configure_environment(throwaway_db, client=urlconf is not None)
    configure_django(urlconf=urlconf)

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    db = settings.DATABASES["default"]
    where = f"{connection.vendor} {db['NAME']}" + (" (throwaway, made afresh)" if throwaway else "")
    print(f"Database: {where}")
    started = time.monotonic()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"Migrated in {time.monotonic() - started:.1f}s")
    return throwaway


class Seeded(NamedTuple):
    plan: Any  # actions.models.Plan
    seconds: float  # scale_plan_seed's time, without the counts
    statements: int
    actions: int


def seed(actions: int, periods: int, seed: int) -> Seeded:
    """One plan from actions.devdata.scale.scale_plan_seed, its progress and a summary line printed."""
    from django.core.management.base import OutputWrapper

    from actions.cycle.models import PositionStatement
    from actions.devdata.scale import refresh_planner_statistics, scale_plan_seed
    from actions.plans.models import Action

    print(f"Seeding {actions:,} actions over {periods} terms (seed {seed}):")
    started = time.monotonic()
    plan = scale_plan_seed(actions=actions, periods=periods, seed=seed, stdout=OutputWrapper(sys.stdout))
    seconds = time.monotonic() - started
    refresh_planner_statistics()
    seeded = Seeded(
        plan,
        seconds,
        statements=PositionStatement.objects.filter(period__plan=plan).count(),
        actions=Action.objects.for_plan(plan).count(),
    )
    print(
        f"Seeded plan {plan.pk} in {seconds:.1f}s: {seeded.actions:,} actions, "
        f"{seeded.statements:,} statements"
    )
    return seeded
