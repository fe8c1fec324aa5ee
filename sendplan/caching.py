"""Cache keys that change whenever the code behind a cached value does.

Cached dashboards and period states are keyed by the plan's revision (bumped by every change to the
plan's data). A deploy can change the data's shape or how it is worked out instead, and a cache
shared between deploys (Redis) must not hand the new code an old value: `code_version` folds the
cached dataclasses' fields and the source of the code that computes them into the key, so nobody
has to remember to bump a number by hand.

`cached_or_computed` keeps a slow value from being computed by every worker at once.
"""

import dataclasses
import functools
import hashlib
import inspect
import typing
from collections.abc import Callable


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
    from django.core.cache import cache

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
