"""The board pages cost the same number of queries whatever the size of the plan (STYLE.md).

Same two checks as tests/actions/test_query_budget.py: (1) at 10 and at 500 actions (3 reporting
periods) each page stays within its budget (`django_assert_max_num_queries` as a context manager)
and hits it exactly; (2) adding a 500-action plan beside a 10-action one adds no query.

The test settings use a dummy cache, so these are the costs of a cold page (a cache miss).
"""

import pytest
from django.urls import reverse

from reports import selectors
from tests import factories as f
from tests.helpers import count_queries

from .measure_data import add_many_measures

PERIODS = 3

# Measured at 500 actions (and equal at 10): session, user, role (3) plus the page's own queries.
BUDGET = {
    # plan, periods, priorities, every action's state as at the period, the listed actions with
    # their lead people and partners (3), one RAG mix per reporting period for the trend and heat
    # map, the impact measures: with none, the periods and the (empty) measures (2), and whether the
    # plan has inspection findings (1).
    "dashboard": 13 + PERIODS,
    "dashboard-middle-period": 13 + PERIODS,
    # plan, periods, every action's state, lead partners of those actions and their names, lead
    # people and their names. (The views.py docstring still says 9.)
    "accountability": 10,
}


def url_for(page: str, plan) -> str:
    middle = plan.periods.order_by("as_at")[1]
    return {
        "dashboard": reverse("reports:dashboard", args=[plan.pk]),
        "dashboard-middle-period": f"{reverse('reports:dashboard', args=[plan.pk])}?period={middle.pk}",
        "accountability": reverse("reports:accountability", args=[plan.pk]),
    }[page]


@pytest.mark.parametrize("size", [10, 500])
@pytest.mark.parametrize("page", list(BUDGET))
def test_board_page_stays_within_its_query_budget(client, bea, django_assert_max_num_queries, page, size):
    plan, _actions = f.make_large_plan(size, periods=PERIODS)
    url = url_for(page, plan)
    client.force_login(bea)

    with django_assert_max_num_queries(BUDGET[page]) as captured:
        response = client.get(url)

    assert response.status_code == 200
    # Exactly the budget at both sizes: 10 actions cost what 500 cost.
    assert len(captured) == BUDGET[page]


@pytest.mark.parametrize("page", list(BUDGET))
def test_board_page_costs_no_more_queries_when_the_data_grows_from_10_to_500_actions(client, bea, page):
    client.force_login(bea)
    small_plan, _ = f.make_large_plan(10, periods=PERIODS)
    small = count_queries(client, url_for(page, small_plan))

    big_plan, _ = f.make_large_plan(500, periods=PERIODS)
    big = count_queries(client, url_for(page, big_plan))

    assert small == big


def test_the_budget_plans_really_carry_what_the_dashboard_lists(client, bea):
    """The budget means something only if the big plan has flagged actions with leads to prefetch."""
    plan, _ = f.make_large_plan(500, periods=PERIODS)
    client.force_login(bea)

    dashboard = client.get(url_for("dashboard", plan)).context["dashboard"]

    assert dashboard.plan.rag.total == 500
    assert dashboard.newly_red and dashboard.red_streak and dashboard.not_updated
    assert dashboard.plan.overdue > 100
    # The page lists the first LIST_LIMIT, each with its leads, and links to the rest.
    assert len(dashboard.overdue) == selectors.LIST_LIMIT
    assert all(line.leads for line in dashboard.overdue)


def test_the_dashboard_costs_one_more_query_per_reporting_period(client, bea):
    """The trend and heat map read each period's RAG mix with its own query, as documented."""
    client.force_login(bea)
    three, _ = f.make_large_plan(10, periods=3)
    six, _ = f.make_large_plan(10, periods=6)

    assert count_queries(client, url_for("dashboard", six)) == (
        count_queries(client, url_for("dashboard", three)) + 3
    )


# With impact measures, `measure_reports` loads them in 10 queries whatever their number: periods,
# measures with their leads, trajectory points, figures, comparators and their values, the priorities,
# objectives and actions they evidence, and the actions under those.
MEASURES_BUDGET = 11 + PERIODS + 10


@pytest.mark.parametrize("measures", [5, 200])
def test_the_dashboard_with_impact_measures_stays_within_its_query_budget(
    client, bea, django_assert_max_num_queries, measures
):
    plan, _actions = f.make_large_plan(50, periods=PERIODS)
    add_many_measures(plan, measures)
    url = url_for("dashboard", plan)
    client.force_login(bea)

    with django_assert_max_num_queries(MEASURES_BUDGET) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured) == MEASURES_BUDGET  # 5 measures cost what 200 cost
    dashboard = response.context["dashboard"]
    assert len(dashboard.measures) == measures
    assert dashboard.measure_rag.total == measures
    assert f"Measure {measures}" in response.content.decode()


def test_the_dashboard_costs_no_more_queries_with_200_measures_than_with_5(client, bea):
    client.force_login(bea)
    few, _ = f.make_large_plan(50, periods=PERIODS)
    add_many_measures(few, 5)
    many, _ = f.make_large_plan(50, periods=PERIODS)
    add_many_measures(many, 200)

    assert count_queries(client, url_for("dashboard", few)) == count_queries(
        client, url_for("dashboard", many)
    )
