"""Cache keys follow the code: a changed shape or source gives a new version, nothing by hand."""

from dataclasses import dataclass

from actions.cycle.selectors import ActionState
from reports.selectors import Dashboard
from sendplan.caching import code_version


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
