"""A board member opens the dashboard, looks back a term, and follows a Red count to its actions."""

import re

import pytest
from playwright.sync_api import Page, expect

from actions.cycle.models import Rag

from .. import factories as f
from .conftest import assert_accessible, login, screenshot, url

AUTUMN, SPRING, SUMMER = 0, 1, 2


def red_as_at(period_index: int, *, created_late=("1.3.d",), archived=("2.1.a",)) -> set[str]:
    """Priority 1's Red actions as at a period, read off the plan's statement table (not the selector).

    The latest statement on or before the period, leaving out actions not yet added or archived.
    """
    red = set()
    for ref, ratings in f.BOARD_PLAN_STATEMENTS.items():
        if ref in archived or (ref in created_late and period_index < SUMMER):
            continue
        known = [rag for rag in ratings[: period_index + 1] if rag is not None]
        if known and known[-1] == Rag.RED:
            red.add(ref)
    return red


@pytest.fixture
def board(db):
    """Priority 1 is Red on 1.1.a and 1.1.d in Spring, and on 1.1.a, 1.1.b and 1.3.d in Summer."""
    board = f.make_board_plan()
    assert red_as_at(SPRING) == {"1.1.a", "1.1.d"}
    assert red_as_at(SUMMER) == {"1.1.a", "1.1.b", "1.3.d"}
    return board


def refs_on_the_action_list(page: Page) -> list[str]:
    table = page.get_by_role("table", name="Actions matching the filters")
    return [text.strip() for text in table.locator("tbody tr td:first-child").all_inner_texts()]


@pytest.mark.django_db(transaction=True)
def test_board_member_reads_the_dashboard_and_follows_a_red_count(page: Page, live_server, bea, board):
    plan, spring = board.plan, board.periods[SPRING]
    login(page, live_server, "bea")

    page.get_by_role("link", name=plan.title, exact=True).click()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/"))
    page.get_by_role("link", name="View the dashboard").click()

    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/dashboard/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    expect(page).to_have_title(re.compile("Summer term 2026"))
    expect(
        page.get_by_text("As at Summer term 2026 (31 July 2026), compared with Spring term 2026.")
    ).to_be_visible()
    expect(page.get_by_label("Reporting period", exact=True)).to_have_value(str(board.periods[SUMMER].pk))
    screenshot(page, "board-dashboard-01-latest")
    assert_accessible(page)

    # Look back a term: a plain GET form, no JavaScript needed.
    page.get_by_label("Reporting period", exact=True).select_option(
        label="Spring term 2026 (as at 31 Mar 2026)"
    )
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/dashboard/?period={spring.pk}"))
    expect(page).to_have_title(re.compile("Spring term 2026"))
    expect(
        page.get_by_text("As at Spring term 2026 (31 March 2026), compared with Autumn term 2025.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="What moved since Autumn term 2025")).to_be_visible()
    expect(page.get_by_label("Reporting period", exact=True)).to_have_value(str(spring.pk))
    screenshot(page, "board-dashboard-02-spring")

    table = page.get_by_role("table", name="RAG ratings by priority")
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Priority 1: Inclusive education")
    )
    red = row.get_by_role("link", name=re.compile(r"^\d+ Red, Priority 1"))
    clicked = int(red.evaluate("el => el.firstChild.textContent"))
    expected = red_as_at(SPRING)
    assert clicked == len(expected)
    red.click()

    expect(page).to_have_url(re.compile(r"/actions/\?"))
    expect(page.get_by_role("heading", name=f"{clicked} actions match")).to_be_visible()
    expect(page.get_by_text(re.compile(r"RAG ratings as at Spring term 2026"))).to_be_visible()
    assert sorted(refs_on_the_action_list(page)) == sorted(expected)
    expect(page.get_by_role("table", name="Actions matching the filters").locator(".sp-rag")).to_have_text(
        ["Red"] * clicked
    )
    screenshot(page, "board-dashboard-03-red-actions")

    page.go_back()
    page.get_by_role("link", name="Accountability by lead partner and person").click()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/accountability/?period={spring.pk}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Accountability by lead")
    expect(page.get_by_role("table", name="By lead partner")).to_be_visible()
    expect(page.get_by_role("table", name="By lead person")).to_be_visible()
    screenshot(page, "board-dashboard-04-accountability")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_the_latest_red_count_of_a_priority_opens_its_red_actions(page: Page, live_server, bea, board):
    """The same click on the latest period lands on a different set: the period travels with the link."""
    login(page, live_server, "bea")
    page.goto(url(live_server, f"/plans/{board.plan.pk}/dashboard/"))

    table = page.get_by_role("table", name="RAG ratings by priority")
    row = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Priority 1: Inclusive education")
    )
    red = row.get_by_role("link", name=re.compile(r"^\d+ Red, Priority 1"))
    clicked = int(red.evaluate("el => el.firstChild.textContent"))
    red.click()

    expected = red_as_at(SUMMER)
    expect(page.get_by_role("heading", name=f"{clicked} actions match")).to_be_visible()
    assert clicked == len(expected)
    assert sorted(refs_on_the_action_list(page)) == sorted(expected)
    assert_accessible(page)
