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
