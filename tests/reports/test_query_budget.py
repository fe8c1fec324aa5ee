"""The board pages cost the same number of queries whatever the size of the plan (STYLE.md).

Same two checks as tests/actions/test_query_budget.py: (1) at 10 and at 500 actions (3 reporting
periods) each page stays within its budget (`django_assert_max_num_queries` as a context manager)
and hits it exactly; (2) adding a 500-action plan beside a 10-action one adds no query. And a third:
(3) at 3 and at 12 reporting periods each page hits the same budget, since the dashboard's trend and
heat map cover every period.

The test settings use a dummy cache, so these are the costs of a cold page (a cache miss).
"""

import datetime

import pytest
from django.urls import reverse

from actions.plans.models import Action
from reports import selectors
from tests import factories as f
from tests.helpers import count_queries

from .measure_data import add_many_measures

PERIODS = 3

# Measured at 500 actions (and equal at 10): session, user, role (3) plus the page's own queries.
BUDGET = {
    # plan, periods, priorities, every action's state as at the period, the listed actions with
    # their lead people and partners (3), the RAG mix as at every reporting period for the trend and
    # heat map (1, counted by period, priority and rating in one query), the impact measures: with
    # none, the periods and the (empty) measures (2), and whether the plan has inspection findings (1).
    "dashboard": 15,  # the trend: settled periods and the open one apart (revisions.py)
    "dashboard-middle-period": 15,
    # plan, periods, every action's state, lead partners of those actions and their names, lead
    # people and their names.
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


@pytest.mark.parametrize("periods", [3, 12])
@pytest.mark.parametrize("page", list(BUDGET))
def test_board_page_costs_the_same_at_3_and_12_reporting_periods(
    client, bea, django_assert_max_num_queries, page, periods
):
    """The trend and heat map show every period: counted in one query, not one per period."""
    plan, _actions = f.make_large_plan(50, periods=periods)
    url = url_for(page, plan)
    client.force_login(bea)

    with django_assert_max_num_queries(BUDGET[page]) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured) == BUDGET[page]  # 12 periods cost what 3 cost
    if page != "accountability":
        dashboard = response.context["dashboard"]
        assert len(dashboard.trend) == periods
        assert all(len(row) == periods for _label, row in dashboard.heat_map)


def test_the_trend_and_heat_map_count_every_period_as_at_its_own_date(client, bea):
    """One query for every period gives each period the mix it had then: the actions in the plan by
    its date, each with its latest rating by that date, as a dashboard as at that period counts them."""
    plan, actions = f.make_large_plan(60, periods=12)
    # Some actions join the plan late: the early periods must not count them.
    late = [a.pk for a in actions[::5]]
    Action.objects.filter(pk__in=late).update(created_at=f.aware(datetime.date(2027, 6, 1)))
    Action.objects.filter(pk=actions[1].pk).update(is_archived=True)  # archived: never counted
    client.force_login(bea)

    dashboard = client.get(url_for("dashboard", plan)).context["dashboard"]

    for index, (period, counts) in enumerate(dashboard.trend):
        as_at_then = selectors.dashboard(plan, period_pk=period.pk)
        assert counts == as_at_then.plan.rag, period.name
        assert [row[index] for _label, row in dashboard.heat_map] == [
            figures.rag for figures in as_at_then.priorities
        ], period.name
    assert dashboard.trend[0][1].total == 60 - 1 - len(late)
    assert dashboard.trend[-1][1].total == 60 - 1


# With impact measures, `measure_reports` loads them in 10 queries whatever their number: periods,
# measures with their leads, trajectory points, figures, comparators and their values, the priorities,
# objectives and actions they evidence, and the actions under those.
MEASURES_BUDGET = 13 + 10


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
