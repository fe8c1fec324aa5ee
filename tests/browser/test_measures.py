"""Impact measures in a browser: the officer who leads a measure enters its figure on the measure page,
the plan administrator confirms its rating, and the board member opens the plan's measures and the
measure page and sees the chart and the new figure in the table. axe-core on every page visited;
screenshots of the list and the measure page at 1280px and 320px (in /tmp/shots)."""

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from actions.cycle.models import Rag
from actions.measures.models import Benchmark, BenchmarkValue, MeasureValue
from tests import factories as f

from ..actions.measures.conftest import EHCP_POINTS, make_measure
from .conftest import assert_accessible, login, screenshot, url


@pytest.fixture
def measures(plan, periods, action, olivia_person):
    """Olivia's percentage measure with Autumn's and Spring's figures and England as a comparator, and
    a lower-is-better measure nobody has given a Summer figure yet."""
    autumn, spring, _summer = periods
    measure = make_measure(
        plan,
        lead=olivia_person,
        points=EHCP_POINTS,
        name="New EHC plans issued within 20 weeks",
        definition="Plans issued within 20 weeks of the request, as a share of all new plans issued.",
    )
    measure.priorities.add(action.objective.priority)
    confirmed = datetime.datetime(2026, 4, 20, tzinfo=datetime.UTC)
    for period, value, rag in [(autumn, "42", Rag.AMBER), (spring, "45", Rag.RED)]:
        MeasureValue.objects.create(
            measure=measure,
            period=period,
            value=Decimal(value),
            refers_to=period.as_at,
            rag=rag,
            proposed_rag=rag,
            source="SEN2 return",
            confirmed_at=confirmed,
        )
    # The action the measure evidences (through its priority) is Green this term.
    f.make_statement(action, _summer, Rag.GREEN)
    england = Benchmark.objects.create(measure=measure, name="England")
    BenchmarkValue.objects.create(benchmark=england, date=datetime.date(2025, 12, 31), value=Decimal("46.4"))
    other = make_measure(
        plan,
        name="Suspensions of pupils with SEND",
        unit="number",
        direction="lower",
        tolerance=Decimal(10),
        points=[("baseline", datetime.date(2025, 9, 1), "120"), ("target", datetime.date(2027, 7, 31), "80")],
    )
    other.priorities.add(action.objective.priority)
    return measure


def _shots(page: Page, name: str) -> None:
    """The page at 1280px and at 320px, axe-core clean at both."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.django_db(transaction=True)
def test_officer_enters_a_figure_administrator_confirms_board_member_sees_it(
    page: Page, live_server, olivia, alice, bea, plan, measures
):
    measure = measures
    # The officer opens her measure and enters the Summer figure as a numerator and a denominator.
    login(page, live_server, "olivia")
    page.goto(url(live_server, measure.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(measure.name)
    assert_accessible(page)
    page.get_by_role("link", name="Enter the figure for Summer term 2026").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter the figure for Summer term 2026")
    expect(page.get_by_label("Date it refers to")).to_have_value("2026-07-31")
    _shots(page, "measures-00-figure-form")

    # A numerator above its denominator is refused on the field, and nothing is saved.
    page.get_by_label("Numerator").fill("130")
    page.get_by_label("Denominator").fill("100")
    page.get_by_role("button", name="Save the figure").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("numerator .130. cannot be more than"))).to_be_visible()
    screenshot(page, "measures-01-figure-error")
    assert_accessible(page)
    assert not MeasureValue.objects.filter(period__name="Summer term 2026").exists()

    page.get_by_label("Numerator").fill("110")
    page.get_by_label("Denominator").fill("200")
    page.get_by_label("Commentary (optional)").fill("Two more case officers started in May.")
    page.get_by_role("button", name="Save the figure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(measure.name)
    expect(
        page.get_by_text(
            "Figure recorded for New EHC plans issued within 20 weeks, Summer term 2026: 55% "
            "(Amber, awaiting confirmation)."
        )
    ).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Confirm"))).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The administrator confirms the rating on the measure page.
    login(page, live_server, "alice")
    page.goto(url(live_server, measure.get_absolute_url()))
    expect(page.get_by_role("heading", name="Confirm the rating")).to_be_visible()
    screenshot(page, "measures-02-to-confirm")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile("^Confirm Amber")).click()
    expect(
        page.get_by_text("Amber confirmed for New EHC plans issued within 20 weeks, Summer term 2026.")
    ).to_be_visible()
    value = MeasureValue.objects.get(measure=measure, period__name="Summer term 2026")
    assert (value.value, value.rag, value.is_confirmed, value.confirmed_by) == (
        Decimal(55),
        Rag.AMBER,
        True,
        alice,
    )
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The board member opens the plan's measures, then the measure: the chart and the new figure.
    login(page, live_server, "bea")
    page.goto(url(live_server, f"/plans/{plan.pk}/measures/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Impact measures")
    row = page.get_by_role("row").filter(has_text=measure.name).first
    expect(row).to_contain_text("55%")
    expect(row).to_contain_text("Amber")
    expect(row).to_contain_text("Up, better")
    expect(row).not_to_contain_text("Unconfirmed")
    _shots(page, "measures-03-list")

    page.get_by_role("link", name=measure.name).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(measure.name)
    chart = page.get_by_role("region", name=re.compile("^Chart: "))
    expect(chart.locator("svg")).to_be_visible()
    figures = page.get_by_role("table", name=re.compile("^Figures of"))
    summer_row = figures.get_by_role("row").filter(has_text="Summer term 2026")
    expect(summer_row).to_contain_text("55%")
    expect(summer_row).to_contain_text("110 of 200")
    expect(summer_row).to_contain_text("Amber")
    expect(summer_row).to_contain_text("Two more case officers started in May.")
    expect(page.get_by_role("link", name="Enter the figure for Summer term 2026")).to_have_count(0)
    _shots(page, "measures-04-measure")
    # The chart has moved: the Summer figure is on it (its description gives every point in words).
    expect(chart.locator("svg desc")).to_contain_text("Summer term 2026 55% (expected")

    # On the dashboard the measure is off trajectory while the action it evidences is Green.
    page.goto(url(live_server, f"/plans/{plan.pk}/dashboard/"))
    heading = page.get_by_role("heading", name=re.compile("^Measures off trajectory while their actions"))
    expect(heading).to_contain_text("(1)")
    exceptions = page.get_by_role("table", name=re.compile("^Measures off trajectory while their actions"))
    expect(exceptions).to_contain_text(measure.name)
    expect(exceptions).to_contain_text("55%")
    screenshot(page, "measures-05-dashboard")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_administrator_sets_up_a_measure_with_its_trajectory_and_a_comparator(
    page: Page, live_server, alice, plan, periods, action
):
    from actions.measures.models import Measure

    login(page, live_server, "alice")
    page.goto(url(live_server, f"/plans/{plan.pk}/measures/"))
    page.get_by_role("link", name="set up a measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an impact measure")
    assert_accessible(page)

    page.get_by_label("Name").fill("Persistent absence of pupils with an EHC plan")
    page.get_by_label("Percentage (%)").check()
    page.get_by_label("Lower is better").check()
    page.get_by_label("Tolerance").fill("2")
    # A target before the baseline is refused with the rule it breaks, and nothing is saved.
    page.get_by_label("Point 1: baseline, milestone or target").select_option("target")
    page.get_by_label("Point 1: date").fill("2025-09-01")
    page.get_by_label("Point 1: value").fill("24")
    page.get_by_label("Point 2: baseline, milestone or target").select_option("baseline")
    page.get_by_label("Point 2: date").fill("2027-09-01")
    page.get_by_label("Point 2: value").fill("32")
    page.get_by_label(re.compile("Actions it evidences")).fill(action.ref)
    page.get_by_role("button", name="Set up the measure").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(
        page.get_by_role("link", name=re.compile("the baseline must come before every other point"))
    ).to_be_visible()
    screenshot(page, "measures-10-setup-error")
    assert_accessible(page)
    assert not Measure.objects.exists()

    page.get_by_label("Point 1: date").fill("2027-09-01")
    page.get_by_label("Point 2: date").fill("2025-09-01")
    page.get_by_role("button", name="Set up the measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Persistent absence of pupils with an EHC plan")
    expect(
        page.get_by_text("Measure “Persistent absence of pupils with an EHC plan” set up.")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add a comparator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a comparator")
    assert_accessible(page)
    page.get_by_label("Comparator").fill("England")
    page.get_by_label("Figure 1: date").fill("2025-08-31")
    page.get_by_label("Figure 1: value").fill("35.3")
    page.get_by_role("button", name="Save the comparator").click()
    expect(page.get_by_text("Comparator “England” saved")).to_be_visible()
    comparators = page.get_by_role("table", name=re.compile("^Comparators of"))
    expect(comparators).to_contain_text("35.3%")
    screenshot(page, "measures-11-set-up")
    assert_accessible(page)
    measure = Measure.objects.get()
    assert [(p.kind, p.value) for p in measure.trajectory_points.all()] == [
        ("baseline", Decimal(32)),
        ("target", Decimal(24)),
    ]
    assert list(measure.actions.all()) == [action]
