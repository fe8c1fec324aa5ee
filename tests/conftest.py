"""Standing users, one per role, so every view test checks allowed and refused.

alice: plan administrator; olivia: officer who leads one action; oscar: officer who leads nothing;
bea: board member; fern: Schools Forum member; ada: adviser (reads, never writes); nora: signed in but
with no role.
"""

import datetime
import os

import pytest

from actions.roles import ADVISER, BOARD_MEMBER, OFFICER, PLAN_ADMINISTRATOR, SCHOOLS_FORUM_MEMBER

from . import factories as f

# Playwright's sync API runs an event loop in the test thread; Django must still allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def partner(db):
    return f.make_partner(name="Inclusion Team")


@pytest.fixture
def olivia_person(db, partner):
    return f.make_person(name="Olivia Officer", partner=partner)


@pytest.fixture
def alice(db):
    return f.make_user("alice", PLAN_ADMINISTRATOR, is_staff=True)


@pytest.fixture
def olivia(db, olivia_person):
    return f.make_user("olivia", OFFICER, person=olivia_person)


@pytest.fixture
def oscar(db):
    return f.make_user("oscar", OFFICER, person=f.make_person(name="Oscar Outsider"))


@pytest.fixture
def bea(db):
    return f.make_user("bea", BOARD_MEMBER)


@pytest.fixture
def fern(db):
    return f.make_user("fern", SCHOOLS_FORUM_MEMBER)


@pytest.fixture
def ada(db):
    return f.make_user("ada", ADVISER)


@pytest.fixture
def nora(db):
    return f.make_user("nora")


@pytest.fixture
def plan(db):
    return f.make_plan(title="Exampleshire SEND Action Plan")


@pytest.fixture
def periods(plan):
    """Autumn term 2025 published, Spring term 2026 closed, Summer term 2026 open."""
    return [
        f.make_period(plan, name="Autumn term 2025", as_at=datetime.date(2025, 12, 31), state="published"),
        f.make_period(plan, name="Spring term 2026", as_at=datetime.date(2026, 3, 31), state="closed"),
        f.make_period(
            plan,
            name="Summer term 2026",
            as_at=datetime.date(2026, 7, 31),
            opens_on=datetime.date(2026, 6, 1),
            closes_on=datetime.date(2026, 7, 10),
            state="open",
        ),
    ]


@pytest.fixture
def published_period(periods):
    """Autumn term 2025: published, so its statements are locked."""
    return periods[0]


@pytest.fixture
def closed_period(periods):
    """Spring term 2026: closed, not yet published."""
    return periods[1]


@pytest.fixture
def open_period(periods):
    """Summer term 2026: open, taking statements."""
    return periods[2]


# The same periods, for the tests that speak of the terms by name.
@pytest.fixture
def spring(closed_period):
    return closed_period


@pytest.fixture
def summer(open_period):
    return open_period


@pytest.fixture
def action(plan, olivia_person):
    """An action Olivia leads."""
    priority = f.make_priority(plan, ref="1", title="Inclusive education")
    objective = f.make_objective(priority, ref="1.1", title="Support schools to be inclusive")
    return f.make_action(
        objective, ref="1.1.a", description="Run SENCO network meetings", leads=[olivia_person]
    )


@pytest.fixture
def other_action(action):
    """An action in the same plan that Olivia neither leads nor supports."""
    return f.make_action(action.objective, ref="1.1.b", description="Publish the Local Offer review")


def pytest_collection_modifyitems(config, items):
    """Mark every test under tests/browser/ so CI can tell a skipped browser test from any other."""
    for item in items:
        if "tests/browser/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped browser or database test is a failure: the run must prove they ran."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    guarded = [r for r in skipped if "browser" in r.keywords or "database" in r.keywords]
    if guarded:
        for report in guarded:
            reporter.write_line(f"CI: skipped test not allowed: {report.nodeid}", red=True)
        session.exitstatus = 1


@pytest.fixture(scope="session", autouse=True)
def _end_stray_database_sessions(django_db_setup, django_db_blocker):
    """Live-server threads can leave a PostgreSQL session open; end them so the test database drops."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def memory_cache(settings):
    """A real (per-process memory) cache instead of the suite's DummyCache, empty before and after."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()
