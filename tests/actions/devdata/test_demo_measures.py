"""The demo's impact measures as written down (actions/devdata/demo_measures.py), checked without a
database for a day in every week of two years: each figure gets the rating it is meant to, refers to a
date its period allows, and the story (some Green, some off trajectory) holds whatever day it is.

What the loaded demo holds is checked in test_demo.py, which loads it once.
"""

import datetime
from decimal import Decimal

import pytest

from actions.cycle.models import Rag
from actions.devdata.demo import PLANS, previous_term, reporting_terms, term_as_at
from actions.devdata.demo_measures import MEASURES, REGIONS, figure_dates, figure_value, trajectory_dates
from actions.measures import trajectory
from actions.measures.models import Direction, Frequency, Unit

DAYS = [datetime.date(2026, 1, 2) + datetime.timedelta(weeks=n) for n in range(105)]
KINDS = ("baseline", "milestone", "milestone", "target")


def timeline(today: datetime.date) -> tuple[datetime.date, list[datetime.date]]:
    """The baseline date and the demo periods' as-at dates, as demo.py works them out."""
    terms = reporting_terms(today)
    return term_as_at(previous_term(terms[0])), [term_as_at(term) for term in terms]


def points(spec, baseline_on, as_ats) -> list[trajectory.Point]:
    dates = trajectory_dates(baseline_on, as_ats)
    return [
        trajectory.Point(date=day, kind=kind, value=Decimal(value))
        for kind, day, value in zip(KINDS, dates, spec.trajectory, strict=True)
    ]


def test_every_demo_plan_has_five_to_seven_measures_of_every_kind_of_detail():
    assert set(MEASURES) == {plan.fixture for plan in PLANS} == set(REGIONS)
    for fixture, specs in MEASURES.items():
        assert 5 <= len(specs) <= 7, fixture
        assert len({spec.name.lower() for spec in specs}) == len(specs)
        for spec in specs:
            assert spec.definition and spec.source and spec.lead and spec.partner
            assert spec.unit in Unit.values and spec.direction in Direction.values
            assert spec.frequency in Frequency.values and Decimal(spec.tolerance) > 0
            assert spec.priorities or spec.objectives or spec.actions
            assert len(spec.england) == len(spec.region) == 4
            assert all(figure is not None for figure in spec.figures[:3]), spec.name
            for figure in filter(None, spec.figures):
                assert figure.commentary
                assert (figure.value is None) != (figure.numerator is None or figure.denominator is None)
                if spec.unit == Unit.PERCENT:
                    assert 0 <= figure_value(spec, figure) <= 100
                    assert all(
                        0 <= Decimal(v) <= 100 for v in (*spec.trajectory, *spec.england, *spec.region)
                    )
        # About half the measures have a figure this term, some of them awaiting confirmation.
        opened = [spec.figures[3] for spec in specs if spec.figures[3] is not None]
        assert len(specs) // 2 - 1 <= len(opened) <= len(specs) // 2 + 1
        assert any(not f.confirmed for f in opened) and any(f.confirmed for f in opened)
        # Past figures are all confirmed.
        assert all(spec.figures[i].confirmed for spec in specs for i in range(3))


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_every_figure_gets_its_intended_rating_and_a_date_its_period_allows(today):
    baseline_on, as_ats = timeline(today)
    dates = figure_dates(today, as_ats)
    previous = [None, *as_ats[:-1]]
    for day, after, as_at in zip(dates, previous, as_ats, strict=True):
        assert (after is None or day > after) and day <= as_at
    assert dates[-1] <= today
    for specs in MEASURES.values():
        for spec in specs:
            line = points(spec, baseline_on, as_ats)
            assert not trajectory.trajectory_errors(line, percent=spec.unit == Unit.PERCENT)
            assert line[0].date < as_ats[0] and line[-1].date > as_ats[-1]
            for figure, day in zip(spec.figures, dates, strict=True):
                if figure is None:
                    continue
                expected = trajectory.expected_at(line, day)
                rag = trajectory.rag_for(
                    figure_value(spec, figure), expected, spec.direction, Decimal(spec.tolerance)
                )
                assert rag == figure.rag, f"{spec.name} on {day}: {rag}, meant {figure.rag}"


def test_each_plan_tells_a_story_some_on_trajectory_some_off():
    for fixture, specs in MEASURES.items():
        closed = [spec.figures[2].rag for spec in specs]
        assert closed.count(Rag.GREEN) >= 3, fixture
        assert sum(1 for rag in closed if rag in (Rag.RED, Rag.AMBER)) >= 2, fixture
        # Off trajectory this term too, so the exception shows in the open period as well.
        assert any(spec.figures[3] and spec.figures[3].rag == Rag.RED for spec in specs)
        # Ratings move: some measure was Amber before it was Green.
        assert any([f.rag for f in spec.figures[:3]] != [Rag.GREEN] * 3 for spec in specs)
