"""The board's figures, checked against a plan whose every number is known by hand.

The plan (tests/factories.py, `make_board_plan`) has three reporting periods: Autumn term 2025
(published), Spring term 2026 (closed) and Summer term 2026 (open, the latest). Its statements:

    ref    Autumn  Spring  Summer   notes
    1.1.a  Amber   Red     Red      Red two periods running in Summer; newly Red in Spring
    1.1.b  Green   Amber   Red      newly Red in Summer
    1.1.c  -       Green   Amber    worsened in Summer
    1.1.d  Red     Red     Green    improved in Summer; Red two periods running in Spring
    1.2.a  -       -       Green    new in Summer
    1.2.b  Green   Green   Green    unchanged
    1.2.c  Green   Green   Blue     due 30 Jun 2026, open: not overdue, because Blue
    1.2.d  -       Amber   Not r.   Amber to Not rated counts as unchanged
    1.3.a  -       -       -        No update; due 1 Feb 2026, open: overdue from Spring
    1.3.b  Amber   Amber   Amber    due 1 May 2026, open: overdue in Summer only
    1.3.c  Amber   Green   Green    due 15 Jan 2026 but complete: never overdue
    1.3.d  -       -       Red      added 1 May 2026: not counted in Autumn or Spring
    1.3.e  Amber   -       -        rating carried over; without a statement in Spring and Summer
    2.1.a  -       Red     Red      archived: never counted (priority 2 has no live action)

Expected values below are written out by hand from this table, not computed by the selector's logic.
"""

import datetime

import pytest

from actions.cycle.models import ReportingPeriod
from reports import selectors
from reports.rag import RagCounts
from tests import factories as f

AUTUMN, SPRING, SUMMER = 0, 1, 2
P1_LABEL = "Priority 1: Inclusive education"
P2_LABEL = "Priority 2: Preparing for adulthood"

TREND = [
    RagCounts(red=1, amber=4, green=3, blue=0, not_rated=0, no_update=4),
    RagCounts(red=2, amber=4, green=4, blue=0, not_rated=0, no_update=2),
    RagCounts(red=3, amber=3, green=4, blue=1, not_rated=1, no_update=1),
]


@pytest.fixture
def board(db):
    return f.make_board_plan()


def refs(lines) -> list[str]:
    return [line.ref for line in lines]


def by_label(figures) -> dict:
    return {fig.label: fig for fig in figures}


# --- Dashboard as at the latest period -------------------------------------------------------


def test_dashboard_defaults_to_the_latest_period_and_compares_with_the_one_before(board):
    data = selectors.dashboard(board.plan)

    assert data.period.pk == board.periods[SUMMER].pk
    assert data.period.name == "Summer term 2026"
    assert data.period.as_at == datetime.date(2026, 7, 31)
    assert data.period.state == "Open for updates"
    assert data.previous.pk == board.periods[SPRING].pk
    assert [p.name for p in data.periods] == ["Autumn term 2025", "Spring term 2026", "Summer term 2026"]
    assert [p.state for p in data.periods] == ["Published", "Closed", "Open for updates"]
    assert data.plan_title == "Boardshire SEND Improvement Plan"
    assert data.local_area == "Boardshire"


def test_dashboard_totals_as_at_the_latest_period(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[SUMMER].pk)

    assert data.plan.rag == RagCounts(red=3, amber=3, green=4, blue=1, not_rated=1, no_update=1)
    assert data.plan.rag.total == 13  # the late-added 1.3.d counts; the archived 2.1.a never does
    assert data.plan.overdue == 2
    assert data.plan.not_updated == 2
    assert data.plan.movement == {"improved": 2, "worsened": 2, "unchanged": 6, "new": 2}
    assert data.plan.newly_red == 2
    assert data.plan.red_streak == 1


def test_dashboard_by_priority_as_at_the_latest_period_includes_the_empty_priority(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[SUMMER].pk)

    assert [fig.label for fig in data.priorities] == [P1_LABEL, P2_LABEL]
    first, second = data.priorities
    assert first.rag == RagCounts(red=3, amber=3, green=4, blue=1, not_rated=1, no_update=1)
    assert (first.overdue, first.not_updated, first.newly_red, first.red_streak) == (2, 2, 2, 1)
    assert first.movement == {"improved": 2, "worsened": 2, "unchanged": 6, "new": 2}
    assert second.rag == RagCounts()
    assert (second.overdue, second.not_updated, second.newly_red, second.red_streak) == (0, 0, 0, 0)
    assert second.movement == {"improved": 0, "worsened": 0, "unchanged": 0, "new": 0}


def test_dashboard_lists_as_at_the_latest_period(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[SUMMER].pk)

    assert refs(data.newly_red) == ["1.1.b", "1.3.d"]
    assert refs(data.red_streak) == ["1.1.a"]
    assert refs(data.overdue) == ["1.3.a", "1.3.b"]
    assert refs(data.not_updated) == ["1.3.a", "1.3.e"]


def test_dashboard_action_lines_carry_both_ratings_and_the_leads(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[SUMMER].pk)
    lines = {line.ref: line for line in [*data.newly_red, *data.red_streak, *data.overdue, *data.not_updated]}

    assert (lines["1.1.b"].rag, lines["1.1.b"].previous_rag) == ("red", "amber")
    assert (lines["1.1.b"].is_newly_red, lines["1.1.b"].is_red_streak) == (True, False)
    assert (lines["1.3.d"].rag, lines["1.3.d"].previous_rag) == ("red", None)
    assert (lines["1.1.a"].rag, lines["1.1.a"].previous_rag) == ("red", "red")
    assert (lines["1.1.a"].is_newly_red, lines["1.1.a"].is_red_streak) == (False, True)
    assert lines["1.1.a"].leads == "Pat Lead, Sam Lead, Boardshire Council, Boardshire ICB"
    assert (lines["1.3.a"].rag, lines["1.3.a"].is_overdue, lines["1.3.a"].updated_in_period) == (
        None,
        True,
        False,
    )
    assert lines["1.3.a"].due_date == datetime.date(2026, 2, 1)
    assert (lines["1.3.e"].rag, lines["1.3.e"].previous_rag, lines["1.3.e"].updated_in_period) == (
        "amber",
        "amber",
        False,
    )
    assert lines["1.3.e"].timeframe == "Ongoing"
    assert lines["1.3.e"].priority == P1_LABEL
    assert lines["1.3.b"].url == board.actions["1.3.b"].get_absolute_url()


def test_blue_and_complete_actions_with_past_due_dates_are_not_overdue(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[SUMMER].pk)

    assert "1.2.c" not in refs(data.overdue)  # open and due 30 Jun, but Blue
    assert "1.3.c" not in refs(data.overdue)  # due 15 Jan, Green, but complete


# --- Dashboard as at an older period, when newer statements exist -----------------------------


def test_dashboard_as_at_the_middle_period_ignores_later_statements_and_later_actions(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[SPRING].pk)

    assert data.period.name == "Spring term 2026"
    assert data.previous.name == "Autumn term 2025"
    assert data.plan.rag == RagCounts(red=2, amber=4, green=4, blue=0, not_rated=0, no_update=2)
    assert data.plan.rag.total == 12  # 1.3.d was added after Spring
    assert data.plan.overdue == 1
    assert data.plan.not_updated == 3
    assert data.plan.movement == {"improved": 1, "worsened": 2, "unchanged": 5, "new": 2}
    assert (data.plan.newly_red, data.plan.red_streak) == (1, 1)


def test_dashboard_by_priority_as_at_the_middle_period(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[SPRING].pk)

    first, second = data.priorities
    assert first.label == P1_LABEL
    assert first.rag == RagCounts(red=2, amber=4, green=4, blue=0, not_rated=0, no_update=2)
    assert (first.overdue, first.not_updated, first.newly_red, first.red_streak) == (1, 3, 1, 1)
    assert first.movement == {"improved": 1, "worsened": 2, "unchanged": 5, "new": 2}
    assert second.label == P2_LABEL
    assert second.rag == RagCounts()  # the archived 2.1.a is Red in Spring, but not counted
    assert (second.overdue, second.not_updated, second.newly_red, second.red_streak) == (0, 0, 0, 0)


def test_dashboard_lists_as_at_the_middle_period(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[SPRING].pk)

    assert refs(data.newly_red) == ["1.1.a"]
    assert refs(data.red_streak) == ["1.1.d"]
    assert refs(data.overdue) == ["1.3.a"]  # 1.3.b is not due until May
    assert refs(data.not_updated) == ["1.2.a", "1.3.a", "1.3.e"]
    lines = {line.ref: line for line in data.not_updated}
    assert (lines["1.3.e"].rag, lines["1.3.e"].previous_rag) == ("amber", "amber")
    assert (data.red_streak[0].rag, data.red_streak[0].previous_rag) == ("red", "red")


# --- The first period has nothing to compare with -----------------------------------------------


def test_dashboard_as_at_the_first_period_has_nothing_to_compare_with(board):
    data = selectors.dashboard(board.plan, period_pk=board.periods[AUTUMN].pk)

    assert data.previous is None
    assert data.plan.rag == RagCounts(red=1, amber=4, green=3, blue=0, not_rated=0, no_update=4)
    # Nothing before it: no movement at all, and a Red action is not "newly" Red (the page says
    # there is nothing to compare with).
    assert data.plan.movement == {"improved": 0, "worsened": 0, "unchanged": 0, "new": 0}
    assert refs(data.newly_red) == []
    assert refs(data.red_streak) == []
    assert refs(data.overdue) == []  # 1.3.c is due 15 Jan 2026, after the as-at date
    assert refs(data.not_updated) == ["1.1.c", "1.2.a", "1.2.d", "1.3.a"]
    assert all(line.previous_rag is None for line in data.not_updated)


# --- Trend and heat map: the same whichever period is chosen ------------------------------------


@pytest.mark.parametrize("chosen", [AUTUMN, SPRING, SUMMER])
def test_trend_and_heat_map_show_every_period_as_at_its_own_date(board, chosen):
    data = selectors.dashboard(board.plan, period_pk=board.periods[chosen].pk)

    assert [(p.name, counts) for p, counts in data.trend] == [
        ("Autumn term 2025", TREND[0]),
        ("Spring term 2026", TREND[1]),
        ("Summer term 2026", TREND[2]),
    ]
    assert data.heat_map == [(P1_LABEL, TREND), (P2_LABEL, [RagCounts(), RagCounts(), RagCounts()])]


# --- Links -----------------------------------------------------------------------------------------


def test_every_figure_links_to_the_action_list_for_its_plan_period_and_group(board):
    summer = board.periods[SUMMER]
    data = selectors.dashboard(board.plan, period_pk=summer.pk)
    first = data.priorities[0]
    base = f"/actions/?plan={board.plan.pk}&period={summer.pk}"
    mine = f"{base}&priority={board.priorities[0].pk}"

    assert data.plan.links["all"] == base
    assert data.plan.links["red"] == f"{base}&rag=red"
    assert data.plan.links["no_update"] == f"{base}&rag=no_update"
    assert data.plan.links["overdue"] == f"{base}&overdue=true"
    assert data.plan.links["not_updated"] == f"{base}&updated=false"
    assert data.plan.links["newly_red"] == f"{base}&escalation=newly_red"
    assert data.plan.links["red_streak"] == f"{base}&escalation=red_streak"
    assert data.plan.links["worsened"] == f"{base}&movement=worsened"
    assert first.links["amber"] == f"{mine}&rag=amber"
    assert first.links["all"] == mine
    assert [(key, count.value, count.url) for key, _label, count in data.movement] == [
        ("improved", 2, f"{base}&movement=improved"),
        ("worsened", 2, f"{base}&movement=worsened"),
        ("unchanged", 6, f"{base}&movement=unchanged"),
        ("new", 2, f"{base}&movement=new"),
    ]


def test_figures_without_a_list_have_no_links():
    """A pack's figures: every key is there, and every link is empty."""
    figures = selectors.figures_for("Plan", [], "")
    assert set(figures.links) == set(selectors.FIGURE_FILTERS) and len(figures.links) > 10
    assert set(figures.links.values()) == {""}
    assert figures.total.url == "" and figures.rag.total == 0


# --- Accountability ---------------------------------------------------------------------------


def test_accountability_by_lead_partner_as_at_the_latest_period(board):
    report = selectors.accountability(board.plan)

    assert report.period.name == "Summer term 2026"
    assert report.previous.name == "Spring term 2026"
    # Most Red first, then most overdue, then by name. The Forum only supports 1.1.b: not counted.
    assert [fig.label for fig in report.partners] == [
        "Boardshire Council",
        "Boardshire ICB",
        "Parent Carer Forum",
    ]
    council, icb, forum = report.partners
    assert council.rag == RagCounts(red=2, amber=2, green=1, no_update=1)
    assert (council.overdue, council.not_updated, council.newly_red, council.red_streak) == (2, 2, 1, 1)
    assert council.movement == {"improved": 1, "worsened": 1, "unchanged": 3, "new": 0}
    assert icb.rag == RagCounts(red=2, amber=1, blue=1, not_rated=1)
    assert (icb.overdue, icb.not_updated, icb.newly_red, icb.red_streak) == (0, 0, 1, 1)
    assert icb.movement == {"improved": 1, "worsened": 1, "unchanged": 2, "new": 1}
    assert forum.rag == RagCounts(green=1)
    assert (forum.overdue, forum.not_updated) == (0, 0)
    assert forum.movement == {"improved": 0, "worsened": 0, "unchanged": 0, "new": 1}


def test_accountability_by_lead_person_as_at_the_latest_period(board):
    report = selectors.accountability(board.plan)

    assert [fig.label for fig in report.people] == ["Pat Lead", "Sam Lead", "Kim Lead"]
    pat, sam, kim = report.people
    assert pat.rag == RagCounts(red=2, amber=1, green=1, no_update=1)
    assert (pat.overdue, pat.not_updated) == (1, 2)
    assert sam.rag == RagCounts(red=2, amber=1, not_rated=1)
    assert (sam.overdue, sam.not_updated) == (0, 0)
    # Kim supports 1.1.b: not counted. Kim co-leads 1.3.e with Pat: counted for both.
    assert kim.rag == RagCounts(amber=2, green=1, blue=1)
    assert (kim.overdue, kim.not_updated) == (1, 1)


def test_an_action_with_two_leads_counts_for_both(board):
    report = selectors.accountability(board.plan)
    partners, people = by_label(report.partners), by_label(report.people)

    # 1.1.a (Red, Red before) is led by Pat and Sam, and by the Council and the ICB.
    for fig in (
        partners["Boardshire Council"],
        partners["Boardshire ICB"],
        people["Pat Lead"],
        people["Sam Lead"],
    ):
        assert fig.red_streak == 1, fig.label
    # So the groups add up to more than the plan's 13 actions.
    assert sum(fig.rag.total for fig in report.partners) == 6 + 5 + 1
    assert sum(fig.rag.total for fig in report.people) == 5 + 4 + 4


def test_accountability_as_at_the_middle_period(board):
    report = selectors.accountability(board.plan, period_pk=board.periods[SPRING].pk)

    assert [fig.label for fig in report.partners] == [
        "Boardshire Council",
        "Boardshire ICB",
        "Parent Carer Forum",
    ]
    council, icb, forum = report.partners
    assert council.rag == RagCounts(red=2, amber=3, no_update=1)
    assert (council.overdue, council.not_updated) == (1, 2)
    assert icb.rag == RagCounts(red=1, amber=1, green=2)  # 1.3.d not yet in the plan
    assert (icb.overdue, icb.not_updated) == (0, 0)
    assert forum.rag == RagCounts(no_update=1)
    assert (forum.overdue, forum.not_updated) == (0, 1)

    assert [fig.label for fig in report.people] == ["Pat Lead", "Sam Lead", "Kim Lead"]
    pat, sam, kim = report.people
    assert pat.rag == RagCounts(red=2, amber=2, no_update=1)
    assert (pat.overdue, pat.not_updated) == (1, 2)
    assert sam.rag == RagCounts(red=1, amber=1, green=1)
    assert (sam.overdue, sam.not_updated) == (0, 0)
    assert kim.rag == RagCounts(amber=2, green=2)
    assert (kim.overdue, kim.not_updated) == (0, 1)


def test_accountability_links_filter_by_the_lead(board):
    summer = board.periods[SUMMER]
    report = selectors.accountability(board.plan)
    partners, people = by_label(report.partners), by_label(report.people)
    base = f"/actions/?plan={board.plan.pk}&period={summer.pk}"

    assert partners["Boardshire ICB"].links["red"] == f"{base}&lead_partner={board.partners.icb.pk}&rag=red"
    assert people["Kim Lead"].links["overdue"] == f"{base}&lead={board.people.kim.pk}&overdue=true"


def test_accountability_leaves_out_leads_of_nothing_in_the_plan(db):
    plan = f.make_plan()
    f.make_period(plan, as_at=datetime.date(2026, 3, 31))
    objective = f.make_objective(f.make_priority(plan))
    f.make_action(objective)  # no lead at all
    idle = f.make_person(name="Idle Lead")
    f.make_action(objective, leads=[idle], is_archived=True)

    report = selectors.accountability(plan)

    assert report.partners == []
    assert report.people == []


# --- Period edges -------------------------------------------------------------------------------


def test_an_action_added_on_the_as_at_date_counts_for_that_period(db):
    plan = f.make_plan()
    period = f.make_period(plan, as_at=datetime.date(2026, 7, 31))
    objective = f.make_objective(f.make_priority(plan))
    late_evening = f.aware(datetime.date(2026, 7, 31), hour=23)
    next_morning = f.aware(datetime.date(2026, 8, 1), hour=0)
    f.make_action(objective, ref="on-the-day", created_at=late_evening)
    f.make_action(objective, ref="next-day", created_at=next_morning)

    data = selectors.dashboard(plan, period_pk=period.pk)

    assert data.plan.rag == RagCounts(no_update=1)
    assert refs(data.not_updated) == ["on-the-day"]


def test_a_plan_with_no_periods_has_nothing_to_report(db):
    plan = f.make_plan()
    f.make_action(f.make_objective(f.make_priority(plan)))

    with pytest.raises(selectors.NoReportingPeriod):
        selectors.dashboard(plan)
    with pytest.raises(selectors.NoReportingPeriod):
        selectors.accountability(plan)


def test_a_period_of_another_plan_does_not_exist_for_this_plan(board):
    with pytest.raises(ReportingPeriod.DoesNotExist):
        selectors.dashboard(board.plan, period_pk=board.other_period.pk)
    with pytest.raises(ReportingPeriod.DoesNotExist):
        selectors.accountability(board.plan, period_pk=board.other_period.pk)


# --- Cached figures follow every change ------------------------------------------------------
# The test settings cache nothing; these tests switch a real cache on, because dashboard() and
# accountability() keep their figures per plan revision and must never serve stale ones.


@pytest.fixture
def real_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dashboards"}
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def reloaded(plan):
    """The plan as a new request would fetch it (its revision as it now stands)."""
    return type(plan).objects.get(pk=plan.pk)


def test_a_new_statement_shows_at_once_on_a_cached_dashboard(board, real_cache):
    assert selectors.dashboard(reloaded(board.plan)).plan.rag.no_update == 1

    f.make_statement(board.actions["1.3.a"], board.periods[SUMMER], "red")

    data = selectors.dashboard(reloaded(board.plan))
    assert data.plan.rag == RagCounts(red=4, amber=3, green=4, blue=1, not_rated=1, no_update=0)
    assert refs(data.not_updated) == ["1.3.e"]


def test_the_trend_keeps_earlier_periods_and_follows_every_change_to_them(board, real_cache):
    """Earlier periods' figures are cached by the settled revision: a statement in the open period
    changes only its own column; one in a closed period changes that column at once."""
    assert [counts for _, counts in selectors.dashboard(reloaded(board.plan)).trend] == TREND

    f.make_statement(board.actions["1.3.a"], board.periods[SUMMER], "red")
    trend = [counts for _, counts in selectors.dashboard(reloaded(board.plan)).trend]
    assert trend[:2] == TREND[:2]
    assert trend[2] == RagCounts(red=4, amber=3, green=4, blue=1, not_rated=1, no_update=0)

    f.make_statement(board.actions["1.3.a"], board.periods[SPRING], "green")
    trend = [counts for _, counts in selectors.dashboard(reloaded(board.plan)).trend]
    assert trend[0] == TREND[0]
    assert trend[1] == RagCounts(red=2, amber=4, green=5, blue=0, not_rated=0, no_update=1)


def test_an_archived_action_leaves_a_cached_dashboard_at_once(board, real_cache):
    assert selectors.dashboard(reloaded(board.plan)).plan.rag.total == 13

    board.actions["1.1.a"].is_archived = True
    board.actions["1.1.a"].save()

    assert selectors.dashboard(reloaded(board.plan)).plan.rag.total == 12


def test_a_removed_lead_leaves_cached_accountability_at_once(board, real_cache):
    assert "Parent Carer Forum" in [
        fig.label for fig in selectors.accountability(reloaded(board.plan)).partners
    ]

    board.actions["1.2.a"].lead_partners.clear()

    assert "Parent Carer Forum" not in [
        fig.label for fig in selectors.accountability(reloaded(board.plan)).partners
    ]


def test_an_action_moved_to_another_plan_leaves_the_cached_dashboard_at_once(board, real_cache):
    assert selectors.dashboard(reloaded(board.plan)).plan.rag.total == 13
    moved = board.actions["1.1.a"]
    moved.objective = board.other_plan.priorities.get().objectives.get()
    moved.ref = "1.1.moved"
    moved.save()

    assert selectors.dashboard(reloaded(board.plan)).plan.rag.total == 12


# --- Impact measures on the dashboard --------------------------------------------------------
# The rule: a measure Red or Amber while every action it evidences that has a rating is Green or Blue.


@pytest.mark.parametrize("measure_rag", ["red", "amber"])
def test_a_measure_off_trajectory_while_all_its_actions_are_green_or_blue_is_an_exception(measure_rag):
    assert selectors.off_trajectory_while_on_track(measure_rag, ["green", "blue", "green"])


def test_one_amber_action_means_the_measure_is_not_an_exception():
    assert not selectors.off_trajectory_while_on_track("red", ["green", "amber", "blue"])


def test_one_red_action_means_the_measure_is_not_an_exception():
    assert not selectors.off_trajectory_while_on_track("amber", ["red", "green"])


def test_a_measure_with_no_linked_actions_is_not_an_exception():
    assert not selectors.off_trajectory_while_on_track("red", [])


@pytest.mark.parametrize("measure_rag", ["green", "blue", "not_rated", ""])
def test_a_measure_on_trajectory_or_without_a_figure_is_not_an_exception(measure_rag):
    assert not selectors.off_trajectory_while_on_track(measure_rag, ["green", "blue"])


def test_actions_with_no_rating_are_left_out_of_the_test():
    """No statement (None), "No update" and "Not rated" say nothing either way: they neither hide
    the warning from the rated actions nor raise it on their own."""
    assert selectors.off_trajectory_while_on_track("red", ["green", None, "no_update", "not_rated"])
    assert not selectors.off_trajectory_while_on_track("red", [None, "no_update", "not_rated"])


def test_the_dashboard_lists_every_measure_as_at_the_period_with_its_figure_expected_and_rag(measured):
    from django.urls import reverse

    data = selectors.dashboard(measured.plan)

    lines = {line.name: line for line in data.measures}
    assert list(lines) == [
        "Parent carer satisfaction",
        "Mixed actions",
        "Evidences nothing",
        "On track",
        "No summer figure",
    ]
    satisfaction = lines["Parent carer satisfaction"]
    assert (satisfaction.value_text, satisfaction.expected_text, satisfaction.rag) == ("30%", "58.2%", "red")
    assert satisfaction.is_unconfirmed
    assert (satisfaction.trend, satisfaction.trend_better, satisfaction.trend_text) == (
        "down",
        False,
        "Down, worse",
    )
    assert satisfaction.target_text == "80% by 1 Sep 2027"
    assert satisfaction.url == reverse("actions:measure-detail", args=[measured.measures["satisfaction"].pk])
    late = lines["No summer figure"]
    assert (late.value_text, late.rag, late.latest_text, late.latest_period) == (
        "",
        "",
        "50%",
        "Spring term 2026",
    )
    assert lines["On track"].rag == "green" and not lines["On track"].is_unconfirmed
    assert data.measure_rag == RagCounts(red=3, green=1, no_update=1)
    assert data.measure_list_url == reverse("actions:measure-list", args=[measured.plan.pk])


def test_the_dashboard_lists_a_measure_off_trajectory_while_its_actions_are_green_or_blue(measured):
    data = selectors.dashboard(measured.plan)

    assert data.measure_exception_total == 1
    [exception] = data.measure_exceptions
    assert exception.measure.name == "Parent carer satisfaction"
    assert (exception.measure.value_text, exception.measure.expected_text) == ("30%", "58.2%")
    # Every action under the objective, in plan order, with its rating as at Summer.
    assert [(a.ref, a.rag) for a in exception.actions] == [
        ("1.2.a", "green"),
        ("1.2.b", "green"),
        ("1.2.c", "blue"),
        ("1.2.d", "not_rated"),
    ]
    assert exception.actions[0].url == measured.actions["1.2.a"].get_absolute_url()


def test_the_dashboard_as_at_spring_uses_springs_figures_and_ratings(measured):
    data = selectors.dashboard(measured.plan, period_pk=measured.periods[SPRING].pk)

    lines = {line.name: line for line in data.measures}
    satisfaction = lines["Parent carer satisfaction"]
    assert (satisfaction.value_text, satisfaction.expected_text, satisfaction.rag) == ("45%", "51.6%", "red")
    assert lines["No summer figure"].value_text == "50%"
    # In Spring objective 1.2 had 1.2.b Green but 1.2.d Amber: not an exception then; the measure
    # evidencing 1.2.b alone (Green) was Amber (50% against 51.6%), so it was.
    assert [(e.measure.name, [a.ref for a in e.actions]) for e in data.measure_exceptions] == [
        ("No summer figure", ["1.2.b"])
    ]
    assert data.measure_rag == RagCounts(red=1, amber=1, no_update=3)


def test_a_new_figure_shows_at_once_on_a_cached_dashboard(measured, real_cache):
    from .measure_data import add_figure

    assert selectors.dashboard(reloaded(measured.plan)).measure_rag.no_update == 1

    add_figure(measured.measures["late"], measured.periods[SUMMER], "20")

    data = selectors.dashboard(reloaded(measured.plan))
    assert data.measure_rag.no_update == 0
    assert [e.measure.name for e in data.measure_exceptions] == [
        "Parent carer satisfaction",
        "No summer figure",
    ]
