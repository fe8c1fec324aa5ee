"""Cache keys that change whenever the code behind a cached value does.

Cached dashboards and period states are keyed by the plan's revision (bumped by every change to the
plan's data). A deploy can change the data's shape or how it is worked out instead, and a cache
shared between deploys (Redis) must not hand the new code an old value: `code_version` folds the
cached dataclasses' fields and the source of the code that computes them into the key, so nobody
has to remember to bump a number by hand.

`cached_or_computed` keeps a slow value from being computed by every worker at once.

`shown_revision` lets a cached page lag other people's changes by a few seconds, never your own.
"""

import dataclasses
import functools
import hashlib
import inspect
import time
import typing
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse


def _types_in(hint) -> typing.Iterator:
    yield hint
    for arg in typing.get_args(hint):
        yield from _types_in(arg)


def _shape(cls, seen: set) -> list[str]:
    """A dataclass's fields with their types, and those of the dataclasses it holds."""
    if cls in seen or not (isinstance(cls, type) and dataclasses.is_dataclass(cls)):
        return []
    seen.add(cls)
    hints = typing.get_type_hints(cls)
    parts = [f"{cls.__module__}.{cls.__qualname__}"]
    for f in dataclasses.fields(cls):
        hint = hints.get(f.name, f.type)
        parts.append(f"{f.name}:{hint!r}")
        for inner in _types_in(hint):
            parts += _shape(inner, seen)
    return parts


@functools.cache
def code_version(*things) -> str:
    """Eight hex digits that change when any dataclass given changes shape, or the source of any
    module, class or function given changes."""
    parts: list[str] = []
    for thing in things:
        parts += _shape(thing, set())
        parts.append(inspect.getsource(thing))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:8]


# How long one process may hold the right to compute a value before another may try (seconds).
COMPUTING_SECONDS = 60


def cached_or_computed[T](key: str, latest_key: str, compute: Callable[[], T], timeout: int) -> T:
    """The value cached under `key`; on a miss, `compute()` it and cache it, also as `latest_key`
    (the same figures whatever their revision: a plan's dashboard as at a period).

    While another process is computing `key`, return the value under `latest_key` instead, if there
    is one: every statement saved changes the revision in a dashboard's key, and at a termly deadline
    the next readers would all miss at once and each run the same second-long queries (a thundering
    herd that queues every page behind it). One process computes; the others show the figures as they
    stood a moment earlier. With nothing earlier, or a cache that shares nothing, each computes.
    """
    value = cache.get(key)
    if value is not None:
        return value
    computing = f"{key}:computing"
    holding = cache.add(computing, True, COMPUTING_SECONDS)
    if not holding:
        earlier = cache.get(latest_key)
        if earlier is not None:
            return earlier
    try:
        value = compute()
        cache.set_many({key: value, latest_key: value}, timeout)
    finally:
        if holding:
            cache.delete(computing)
    return value


# --- Figures a few seconds behind other people's changes, never behind your own ------------------------


@dataclasses.dataclass
class _Reader:
    """The page request being answered: when it began, and (read on first need) when its user last
    changed something."""

    started: float
    user: typing.Any  # request.user: lazy, loaded only if a page asks for a shown revision
    _changed: float | None = None

    @property
    def changed(self) -> float:
        if self._changed is None:
            user = self.user
            signed_in = user is not None and user.is_authenticated
            self._changed = cache.get(_changed_key(user.pk), 0.0) if signed_in else 0.0
        return self._changed


_reader: ContextVar[_Reader | None] = ContextVar("sendplan_reader", default=None)


def _changed_key(user_pk: int) -> str:
    return f"changed-by:{user_pk}"


def lag_seconds() -> int:
    return int(settings.FIGURES_LAG_SECONDS)


def shown_revision(name: str, revision: int) -> int:
    """The revision of `name` (a plan's) that cached pages are read under for this request.

    Every statement saved bumps a plan's revision, and every cached dashboard, list and plan page is
    keyed by it: at a termly deadline, with officers saving every second, each page would be rebuilt
    for nearly every reader. So a revision, once shown, stays the one shown to readers for
    FIGURES_LAG_SECONDS: a board member sees figures at most that many seconds behind other people's
    changes, and each page is rebuilt at most once in that time, however many save.

    Exact (`revision` itself) for:
    - someone who has changed anything since that revision was first shown (the request that
      stamped it began after their change had been saved, so it includes the change): their own
      save shows at once, to them (the others keep the shown revision until it is due);
    - anything outside a page request (packs, commands, the task worker) and any request that is not
      a GET or HEAD;
    - FIGURES_LAG_SECONDS = 0, and a cache that keeps nothing.
    """
    reader = _reader.get()
    lag = lag_seconds()
    if reader is None or lag <= 0:
        return revision
    key = f"shown-revision:{name}"
    entry = cache.get(key)
    if entry is not None:
        shown, since = entry
        if shown >= revision:
            return revision
        if reader.started - since < lag:
            # Your own change is newer than what is shown: you get it, the others keep theirs.
            return shown if since > reader.changed else revision
    cache.set(key, (revision, reader.started), None)
    return revision


class ReaderMiddleware:
    """Marks page reads for `shown_revision`, and stamps when a signed-in user last changed anything
    (any other request answered below 400, stamped once it has been saved)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if request.method in ("GET", "HEAD"):
            token = _reader.set(_Reader(time.time(), user))
            try:
                return self.get_response(request)
            finally:
                _reader.reset(token)
        response = self.get_response(request)
        if user is not None and user.is_authenticated and response.status_code < 400 and lag_seconds() > 0:
            cache.set(_changed_key(user.pk), time.time(), max(lag_seconds() * 2, 60))
        return response
