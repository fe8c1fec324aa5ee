"""The measure as pages, packs and workbooks show it (`selectors.measure_reports`), and its chart."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from actions.cycle.models import Rag
from actions.measures import services
from actions.measures.chart import measure_chart
from actions.measures.models import MeasureValue, format_figure
from actions.measures.selectors import measure_report, measure_reports
from tests import factories as f

from .conftest import EHCP_POINTS, make_measure


def _figure(measure, period, value, refers_to, **extra):
    return MeasureValue.objects.create(
        measure=measure,
        period=period,
        value=Decimal(value),
        refers_to=refers_to,
        rag=extra.pop("rag", Rag.GREEN),
        proposed_rag=extra.pop("proposed_rag", ""),
        **extra,
    )


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (Decimal("52.25"), "percent", "52.3%"),
        (Decimal("50.0000"), "percent", "50%"),
        (Decimal("1250000"), "pounds", "£1,250,000"),
        (Decimal("-4500000"), "pounds", "-£4,500,000"),
        (Decimal("18"), "days", "18 days"),
        (Decimal("1"), "days", "1 day"),
        (Decimal("61.24"), "rate_10000", "61.2 per 10,000"),
        (Decimal("6.124"), "rate_10000", "6.12 per 10,000"),
        (Decimal("1204"), "number", "1,204"),
        (None, "number", ""),
    ],
)
def test_figures_are_written_as_a_board_paper_writes_them(value, unit, text):
    assert format_figure(value, unit) == text


def test_a_report_has_a_row_per_period_to_date_with_the_figure_against_the_trajectory(
    measure, periods, published_period, closed_period, open_period
):
    _figure(measure, published_period, "45", datetime.date(2025, 12, 1), rag=Rag.GREEN)
    _figure(measure, closed_period, "44", datetime.date(2026, 3, 1), rag=Rag.RED, proposed_rag=Rag.AMBER)

    report = measure_report(measure, closed_period)

    assert [row.period_name for row in report.figures] == ["Autumn term 2025", "Spring term 2026"]
    spring = report.current
    assert spring.text == "44%"
    # 1 March 2026: 181 of the 365 days from the baseline (40%) to the milestone (60%): 49.92%.
    assert spring.expected.quantize(Decimal("0.01")) == Decimal("49.92")
    assert spring.expected_text == "49.9%"
    assert spring.computed_rag == Rag.RED
    assert report.previous.text == "45%"
    assert report.trend == ("down", False)
    assert report.trend_text == "Down, worse"
    assert report.is_off_trajectory
    assert [row.kind for row in report.trajectory] == ["baseline", "milestone", "target"]
    assert report.target.text == "80%"


def test_a_period_without_a_figure_still_shows_what_was_expected(measure, open_period):
    report = measure_report(measure, open_period)

    assert report.current.value is None
    assert not report.current.has_figure
    assert report.current.expected_text  # 31 July 2026, on the way to the milestone
    assert report.latest is None
    assert report.trend == ("", None)


def test_linked_actions_include_those_under_the_priorities_and_objectives_it_evidences(
    plan, measure, action, other_action, open_period
):
    elsewhere = f.make_action(
        f.make_objective(f.make_priority(plan, ref="2", title="Health"), ref="2.1", title="Therapies"),
        ref="2.1.a",
        description="Recruit therapists",
    )
    report = measure_report(measure, open_period)

    assert report.linked_action_ids == [action.pk, other_action.pk]
    assert elsewhere.pk not in report.linked_action_ids
    assert report.priority_ids == {action.objective.priority_id}
    assert [item.label for item in report.evidences] == ["Priority 1: Inclusive education"]


def test_measures_can_be_chosen_by_the_priorities_they_evidence(plan, measure, open_period):
    other = make_measure(plan, name="Parent carer satisfaction")

    assert [r.name for r in measure_reports(plan, open_period)] == [measure.name, other.name]
    chosen = measure_reports(
        plan, open_period, priority_ids=list(measure.priorities.values_list("pk", flat=True))
    )
    assert [r.name for r in chosen] == [measure.name]


def test_reports_cost_the_same_queries_for_5_and_200_measures(
    plan, periods, open_period, action, django_assert_max_num_queries
):
    def build(first, count):
        for number in range(first, first + count):
            measure = make_measure(plan, points=EHCP_POINTS, name=f"Measure {number}")
            measure.actions.add(action)
            measure.priorities.add(action.objective.priority)
            for period in periods:
                _figure(measure, period, "50", period.as_at)
            services.Benchmark.objects.create(measure=measure, name="England")

    build(0, 5)
    with django_assert_max_num_queries(10):
        assert len(measure_reports(plan, open_period)) == 5
    build(5, 195)
    with django_assert_max_num_queries(10):
        assert len(measure_reports(plan, open_period)) == 200


def test_the_chart_draws_every_series_and_says_every_figure_in_words(
    measure, published_period, closed_period, alice
):
    _figure(measure, published_period, "45", datetime.date(2025, 12, 1))
    _figure(measure, closed_period, "44", datetime.date(2026, 3, 1), rag=Rag.RED)
    services.benchmark_set(
        user=alice,
        measure=measure,
        name="England",
        values=[(datetime.date(2024, 8, 31), "50.3"), (datetime.date(2025, 8, 31), "46.4")],
    )

    markup = str(measure_chart(measure_report(measure, closed_period), chart_id="ehcp"))

    root = ET.fromstring(markup)
    ns = {"svg": "http://www.w3.org/2000/svg"}
    assert (
        root.find("svg:title", ns).text
        == "New EHC plans issued within 20 weeks: actual figures against the trajectory"
    )
    desc = root.find("svg:desc", ns).text
    assert "Autumn term 2025 45%" in desc
    assert "Spring term 2026 44% (expected 49.9%)" in desc
    assert "target 80% on 1 Sep 2027" in desc
    assert "England: 50.3% on 31 Aug 2024; 46.4% on 31 Aug 2025" in desc
    words = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
    assert {"Actual", "Trajectory", "Within tolerance (Amber)", "England"} <= set(words)
    assert "Target 80%" in words
    assert "44% (Spring term 2026)" in words


def test_the_chart_of_a_measure_with_nothing_entered_says_so(plan, open_period):
    markup = str(measure_chart(measure_report(make_measure(plan), open_period), chart_id="empty"))

    assert "No figures or trajectory have been entered yet." in markup
