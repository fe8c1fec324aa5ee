"""The hand-worked trajectory of actions/measures/trajectory.py's docstring, and RAG at its edges."""

import datetime
from decimal import Decimal

import pytest

from actions.cycle.models import Rag
from actions.measures.trajectory import Point, expected_at, rag_for, trajectory_errors, trend

D = Decimal
EHCP = [
    Point(datetime.date(2027, 9, 1), "target", D(80)),  # any order
    Point(datetime.date(2025, 9, 1), "baseline", D(40)),
    Point(datetime.date(2026, 9, 1), "milestone", D(60)),
]
# Days to issue a plan: lower is better, 30 down to 20 in a year.
DAYS = [
    Point(datetime.date(2025, 9, 1), "baseline", D(30)),
    Point(datetime.date(2026, 9, 1), "target", D(20)),
]


def test_higher_is_better_between_points_is_a_straight_line():
    # 1 March 2026 is 181 of the 365 days from the baseline to the milestone.
    assert expected_at(EHCP, datetime.date(2026, 3, 1)) == D(40) + D(20) * D(181) / D(365)
    assert round(expected_at(EHCP, datetime.date(2026, 3, 1)), 2) == D("49.92")


def test_between_the_milestone_and_the_target():
    # 1 March 2027 is 181 of the 365 days from the milestone to the target.
    assert round(expected_at(EHCP, datetime.date(2027, 3, 1)), 2) == D("69.92")


def test_on_a_point_is_that_points_value():
    assert expected_at(EHCP, datetime.date(2025, 9, 1)) == D(40)
    assert expected_at(EHCP, datetime.date(2026, 9, 1)) == D(60)
    assert expected_at(EHCP, datetime.date(2027, 9, 1)) == D(80)


def test_before_the_baseline_nothing_is_expected():
    assert expected_at(EHCP, datetime.date(2025, 8, 31)) is None
    assert expected_at([], datetime.date(2026, 1, 1)) is None


def test_after_the_target_the_target_stands():
    assert expected_at(EHCP, datetime.date(2028, 6, 1)) == D(80)


def test_lower_is_better_trajectory_and_rating():
    expected = expected_at(DAYS, datetime.date(2026, 3, 1))
    assert round(expected, 2) == D("25.04")  # 30 − 10 × 181/365
    assert rag_for(D(24), expected, "lower", D(2)) == Rag.GREEN
    assert rag_for(D(26), expected, "lower", D(2)) == Rag.AMBER
    assert rag_for(D(28), expected, "lower", D(2)) == Rag.RED
    assert expected_at(DAYS, datetime.date(2024, 1, 1)) is None
    assert expected_at(DAYS, datetime.date(2027, 1, 1)) == D(20)


def test_the_worked_example_ratings():
    expected = expected_at(EHCP, datetime.date(2026, 3, 1))
    assert rag_for(D(52), expected, "higher", D(5)) == Rag.GREEN
    assert rag_for(D(46), expected, "higher", D(5)) == Rag.AMBER
    assert rag_for(D(44), expected, "higher", D(5)) == Rag.RED


@pytest.mark.parametrize(
    ("actual", "rag"),
    [("50", Rag.GREEN), ("51", Rag.GREEN), ("45.01", Rag.AMBER), ("45", Rag.AMBER), ("44.99", Rag.RED)],
)
def test_higher_is_better_tolerance_boundaries(actual, rag):
    assert rag_for(D(actual), D(50), "higher", D(5)) == rag


@pytest.mark.parametrize(
    ("actual", "rag"),
    [("20", Rag.GREEN), ("19", Rag.GREEN), ("22", Rag.AMBER), ("22.01", Rag.RED)],
)
def test_lower_is_better_tolerance_boundaries(actual, rag):
    assert rag_for(D(actual), D(20), "lower", D(2)) == rag


def test_no_tolerance_means_any_shortfall_is_red():
    assert rag_for(D("49.99"), D(50), "higher", D(0)) == Rag.RED


def test_no_expectation_is_not_rated():
    assert rag_for(D(50), None, "higher", D(5)) == Rag.NOT_RATED


def test_trend_says_which_way_and_whether_that_is_better():
    assert trend(D(5), D(4), "higher") == ("up", True)
    assert trend(D(5), D(4), "lower") == ("up", False)
    assert trend(D(3), D(4), "lower") == ("down", True)
    assert trend(D(4), D(4), "higher") == ("same", None)
    assert trend(D(4), None, "higher") == ("", None)


def test_a_sound_trajectory_has_no_errors():
    assert trajectory_errors(EHCP, percent=True) == []


def test_trajectory_errors_name_the_point_and_why():
    day = datetime.date
    assert trajectory_errors(
        [Point(day(2025, 9, 1), "baseline", D(40)), Point(day(2025, 9, 1), "milestone", D(50))], percent=False
    ) == ["The milestone of 1 September 2025: the baseline of 1 September 2025 is on the same date"]
    assert trajectory_errors(
        [Point(day(2026, 9, 1), "baseline", D(40)), Point(day(2025, 9, 1), "milestone", D(50))], percent=False
    ) == [
        "The baseline of 1 September 2026 is after the milestone of 1 September 2025: the baseline must "
        "come before every other point"
    ]
    assert trajectory_errors([Point(day(2027, 9, 1), "target", D(80))], percent=False) == [
        "The target of 1 September 2027: a trajectory needs a baseline before any milestone or target"
    ]
    assert trajectory_errors([Point(day(2025, 9, 1), "baseline", D(101))], percent=True) == [
        "The baseline of 1 September 2025: a percentage must be between 0 and 100"
    ]
