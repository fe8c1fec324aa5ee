"""Fixtures shared by the reports tests."""

import pytest

from tests import factories as f

from .measure_data import add_figure, make_measure

SPRING, SUMMER = 1, 2


@pytest.fixture
def measured(db):
    """Measures on the board plan (Summer ratings: 1.1.c Amber, 1.1.d Green; 1.2.a Green, 1.2.b Green,
    1.2.c Blue, 1.2.d Not rated). The EHC trajectory expects 58.2% on 31 July 2026 (40 + 20 x 333/365)
    and 51.6% on 31 March 2026 (40 + 20 x 211/365)."""
    board = f.make_board_plan()
    spring, summer = board.periods[SPRING], board.periods[SUMMER]
    objective_12 = board.actions["1.2.a"].objective
    measures = {
        "satisfaction": make_measure(
            board.plan, name="Parent carer satisfaction", objectives=[objective_12], order=1
        ),
        "mixed": make_measure(
            board.plan,
            name="Mixed actions",
            actions=[board.actions["1.1.c"], board.actions["1.1.d"]],
            order=2,
        ),
        "unlinked": make_measure(board.plan, name="Evidences nothing", order=3),
        "on_track": make_measure(board.plan, name="On track", actions=[board.actions["1.2.b"]], order=4),
        "late": make_measure(board.plan, name="No summer figure", actions=[board.actions["1.2.b"]], order=5),
    }
    add_figure(measures["satisfaction"], spring, "45")
    add_figure(measures["satisfaction"], summer, "30", confirmed=False)
    add_figure(measures["mixed"], summer, "30")
    add_figure(measures["unlinked"], summer, "30")
    add_figure(measures["on_track"], summer, "61")
    add_figure(measures["late"], spring, "50")
    board.measures = measures
    return board
