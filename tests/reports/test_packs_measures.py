"""The impact measures in a pack's data: which measures each pack carries, in what order, and the
measures off trajectory while their actions are Green or Blue (the `measured` board plan, conftest.py)."""

import pytest

from actions.measures.selectors import measure_reports
from reports.packs import BOARD, FORUM, pack_data
from reports.rag import RagCounts

from .measure_data import add_figure, make_measure

SPRING, SUMMER = 1, 2


@pytest.fixture
def measured_two(measured):
    """Adds a measure evidencing priority 2 only (Green in Summer)."""
    priority_2 = measured.priorities[1]
    measured.measures["adulthood"] = make_measure(
        measured.plan, name="Young people in supported internships", priorities=[priority_2], order=6
    )
    add_figure(measured.measures["adulthood"], measured.periods[SUMMER], "70")
    return measured


def names(pack) -> list[str]:
    return [report.name for report in pack.measures]


def test_a_board_pack_of_every_priority_carries_every_measure_exceptions_first(measured_two):
    pack = pack_data(measured_two.plan, measured_two.periods[SUMMER], audience=BOARD)

    # The exception; then the rest off trajectory (Red or Amber); then the others; each in plan order.
    assert names(pack) == [
        "Parent carer satisfaction",
        "Mixed actions",
        "Evidences nothing",
        "On track",
        "No summer figure",
        "Young people in supported internships",
    ]
    [exception] = pack.measure_exceptions
    assert exception.measure.name == "Parent carer satisfaction"
    assert (exception.measure.value_text, exception.measure.expected_text) == ("30%", "58.2%")
    assert [(a.ref, a.rag) for a in exception.actions] == [
        ("1.2.a", "green"),
        ("1.2.b", "green"),
        ("1.2.c", "blue"),
        ("1.2.d", "not_rated"),
    ]
    assert pack.measure_exception_pks == {measured_two.measures["satisfaction"].pk}
    assert pack.measure_rag == RagCounts(red=3, green=2, no_update=1)


def test_choosing_every_priority_by_name_is_the_same_as_choosing_none(measured_two):
    every = [p.pk for p in measured_two.priorities]

    pack = pack_data(measured_two.plan, measured_two.periods[SUMMER], audience=BOARD, priority_ids=every)

    assert "Evidences nothing" in names(pack)
    assert len(pack.measures) == 6


def test_a_pack_of_one_priority_carries_only_the_measures_evidencing_it(measured_two):
    priority_1, priority_2 = measured_two.priorities

    first = pack_data(
        measured_two.plan, measured_two.periods[SUMMER], audience=BOARD, priority_ids=[priority_1.pk]
    )
    second = pack_data(
        measured_two.plan, measured_two.periods[SUMMER], audience=FORUM, priority_ids=[priority_2.pk]
    )

    # Through an objective, an action or the priority itself; a measure evidencing nothing is in no priority.
    assert names(first) == ["Parent carer satisfaction", "Mixed actions", "On track", "No summer figure"]
    assert names(second) == ["Young people in supported internships"]
    assert second.measure_exceptions == []


def test_the_pack_carries_each_measure_as_at_its_period(measured):
    pack = pack_data(measured.plan, measured.periods[SPRING], audience=BOARD)

    expected = measure_reports(measured.plan, measured.periods[SPRING])
    by_name = {report.name: report for report in pack.measures}
    assert by_name == {report.name: report for report in expected}
    satisfaction = by_name["Parent carer satisfaction"]
    assert [row.period_name for row in satisfaction.figures] == ["Autumn term 2025", "Spring term 2026"]
    assert (satisfaction.current.text, satisfaction.current.expected_text) == ("45%", "51.6%")


def test_a_plan_without_measures_gives_a_pack_without_measures(plan, periods, action):
    pack = pack_data(plan, periods[SUMMER], audience=BOARD)

    assert pack.measures == [] and pack.measure_exceptions == []
