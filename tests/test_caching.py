"""Cache keys follow the code: a changed shape or source gives a new version, nothing by hand."""

from dataclasses import dataclass

import pytest

from actions.cycle.selectors import ActionState
from reports.selectors import Dashboard
from sendplan.caching import cached_or_computed, code_version


@dataclass
class Inner:
    n: int


@dataclass
class Outer:
    inners: list[Inner]


def test_the_version_is_stable_for_the_same_code():
    assert code_version(ActionState) == code_version(ActionState)
    assert len(code_version(Dashboard)) == 8


def test_a_different_shape_gives_a_different_version():
    @dataclass
    class Changed:
        inners: list[Inner]
        extra: str

    assert code_version(Outer) != code_version(Changed)


def test_a_nested_dataclass_is_part_of_the_shape():
    from sendplan import caching

    assert "n:<class 'int'>" in caching._shape(Outer, set())


# --- cached_or_computed: one worker computes, the others show the figures of a moment before ---------


def test_a_miss_computes_once_and_caches_under_both_keys(memory_cache):
    calls = []

    def compute():
        calls.append(1)
        return "figures r2"

    assert cached_or_computed("d:r2", "d:latest", compute, 60) == "figures r2"
    assert cached_or_computed("d:r2", "d:latest", compute, 60) == "figures r2"
    assert len(calls) == 1
    assert memory_cache.get("d:latest") == "figures r2"
    assert memory_cache.get("d:r2:computing") is None  # released


def test_while_another_worker_computes_the_earlier_figures_are_shown(memory_cache):
    memory_cache.set("d:latest", "figures r1")
    memory_cache.add("d:r2:computing", True)  # another worker is on it

    assert cached_or_computed("d:r2", "d:latest", lambda: "figures r2", 60) == "figures r1"


def test_with_nothing_earlier_it_computes_anyway_and_leaves_the_other_workers_claim(memory_cache):
    memory_cache.add("d:r2:computing", True)

    assert cached_or_computed("d:r2", "d:latest", lambda: "figures r2", 60) == "figures r2"
    assert memory_cache.get("d:r2:computing") is True


def test_a_failed_computation_releases_the_claim(memory_cache):
    def broken():
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        cached_or_computed("d:r2", "d:latest", broken, 60)

    assert memory_cache.get("d:r2:computing") is None
    assert cached_or_computed("d:r2", "d:latest", lambda: "figures r2", 60) == "figures r2"


# --- shown_revision: other people's changes within FIGURES_LAG_SECONDS, your own at once ---------------


class Clock:
    """The real time plus `now`, moved on by hand (everything reading time.time() moves with it)."""

    def __init__(self, monkeypatch):
        import time

        real = time.time
        self.now = 0.0
        monkeypatch.setattr(time, "time", lambda: real() + self.now)


class Someone:
    """A signed-in user as the middleware sees one."""

    is_authenticated = True

    def __init__(self, pk):
        self.pk = pk


def through_middleware(user, method="GET", status=200, revision=None):
    """Answer one request through ReaderMiddleware; a GET returns the revision its page is read under."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from sendplan.caching import ReaderMiddleware, shown_revision

    seen = []

    def view(request):
        if revision is not None:
            seen.append(shown_revision("plan:1", revision))
        return HttpResponse(status=status)

    request = getattr(RequestFactory(), method.lower())("/")
    request.user = user
    ReaderMiddleware(view)(request)
    return seen[0] if seen else None


@pytest.fixture
def lag(settings, memory_cache):
    settings.FIGURES_LAG_SECONDS = 10


def test_readers_see_a_revision_for_the_lag_then_the_latest(lag, monkeypatch):
    clock = Clock(monkeypatch)
    board = Someone(1)
    assert through_middleware(board, revision=5) == 5

    clock.now += 3  # someone else saves twice
    assert through_middleware(board, revision=7) == 5
    assert through_middleware(Someone(2), revision=7) == 5

    clock.now += 8  # 11 s after 5 was first shown
    assert through_middleware(board, revision=7) == 7
    clock.now += 1
    assert through_middleware(board, revision=8) == 7


def test_your_own_change_shows_at_once(lag, monkeypatch):
    clock = Clock(monkeypatch)
    officer, board = Someone(1), Someone(2)
    assert through_middleware(officer, revision=5) == 5

    clock.now += 1
    through_middleware(officer, method="POST", status=302)  # saves a statement: revision 6
    clock.now += 1

    assert through_middleware(officer, revision=6) == 6
    assert through_middleware(board, revision=6) == 5  # the others' figures are due 10 s after 5's
    clock.now += 9
    assert through_middleware(board, revision=6) == 6


def test_a_refused_or_failed_change_is_not_a_change(lag, monkeypatch):
    clock = Clock(monkeypatch)
    officer = Someone(1)
    assert through_middleware(officer, revision=5) == 5
    clock.now += 1
    through_middleware(officer, method="POST", status=403)
    clock.now += 1
    assert through_middleware(officer, revision=6) == 5


def test_exact_outside_a_page_request_and_with_no_lag(settings, memory_cache, monkeypatch):
    from sendplan.caching import shown_revision

    Clock(monkeypatch)
    settings.FIGURES_LAG_SECONDS = 10
    assert through_middleware(Someone(1), revision=5) == 5
    assert shown_revision("plan:1", 6) == 6  # a pack, a command, the task worker

    settings.FIGURES_LAG_SECONDS = 0
    assert through_middleware(Someone(1), revision=7) == 7


def test_a_reader_who_read_an_older_revision_gets_their_own(lag, monkeypatch):
    """A request that read the plan before a later one stamped a newer revision is not sent forward."""
    Clock(monkeypatch)
    assert through_middleware(Someone(1), revision=9) == 9
    assert through_middleware(Someone(2), revision=8) == 8


def test_each_page_keeps_its_own_time(lag, monkeypatch):
    """A plan's pages roll on to a new revision each in its own time, not all in the same instant."""
    from actions.plans.models import shown_revision_of
    from sendplan.caching import _Reader, _reader

    clock = Clock(monkeypatch)
    import time

    def read(page, revision):
        token = _reader.set(_Reader(time.time(), None))
        try:
            return shown_revision_of(1, revision, page)
        finally:
            _reader.reset(token)

    assert read("dashboard", 5) == 5
    clock.now += 6
    assert read("action-list:red", 6) == 6  # first read of the list: it starts its own time at 6
    assert read("dashboard", 6) == 5
    clock.now += 5
    assert read("dashboard", 7) == 7  # 11 s after its own start
    assert read("action-list:red", 7) == 6  # 5 s after its own
