"""Keyboard entry to the page and the plan page on a 320px-wide screen (WCAG 1.4.10 reflow)."""

import pytest
from playwright.sync_api import Page, expect

from .. import factories as f
from .conftest import assert_accessible, assert_styled, login, screenshot, url


@pytest.mark.django_db(transaction=True)
def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(page: Page, live_server, bea, plan):
    login(page, live_server, "bea")
    page.goto(url(live_server, f"/plans/{plan.pk}/"))
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # visually hidden until focused
    expect(skip).to_have_attribute("href", "#main-content")
    screenshot(page, "keyboard-skip-link-focused")
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()
    # The next Tab continues from inside main, not from the top of the page.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


@pytest.mark.django_db(transaction=True)
def test_plan_page_reflows_at_320px(page: Page, live_server, bea, periods, action, olivia_person):
    objective = action.objective
    f.make_action(
        objective,
        ref="1.1.b",
        description="Commission an independent review of specialist provision across the whole local area "
        "and publish an accessible summary for families",
        due_date="2027-03-31",
        leads=[olivia_person],
    )
    f.make_statement(action, periods[0], "green")
    page.set_viewport_size({"width": 320, "height": 640})
    login(page, live_server, "bea")
    # The priority shown: its actions' table is the widest thing on the page.
    priority = action.objective.priority
    page.goto(url(live_server, f"/plans/{priority.plan_id}/?priority={priority.pk}#priority-{priority.pk}"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".sp-table-wrapper").first).to_be_visible()
    assert_styled(page)
    screenshot(page, "mobile-320-plan")

    widths = page.evaluate("({page: document.scrollingElement.scrollWidth, viewport: window.innerWidth})")
    assert widths["page"] <= 320 + 1, f"the plan page scrolls sideways at 320px: scrollWidth {widths}"

    # A table wider than the screen scrolls inside its own wrapper, which keyboard users can focus.
    for wrapper in page.locator(".sp-table-wrapper").all():
        box = wrapper.evaluate(
            "el => ({scroll: el.scrollWidth, client: el.clientWidth,"
            " overflow: getComputedStyle(el).overflowX, right: el.getBoundingClientRect().right})"
        )
        assert box["right"] <= 320 + 1, f"table wrapper sticks out of the screen: {box}"
        if box["scroll"] > box["client"]:
            assert box["overflow"] in ("auto", "scroll"), f"wide table is clipped, not scrollable: {box}"
            expect(wrapper).to_have_attribute("tabindex", "0")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_dashboard_figures_by_priority_fit_a_1280px_screen(page: Page, live_server, bea):
    """Column headings wrap ("No statement this period") so a board member sees every column at once.

    (That no page scrolls sideways is test_reflow's.)
    """
    board = f.make_board_plan()
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, live_server, "bea")
    page.goto(url(live_server, f"/plans/{board.plan.pk}/dashboard/"))
    wrapper = page.get_by_role("region", name="RAG ratings by priority", exact=True)
    box = wrapper.evaluate("el => ({scroll: el.scrollWidth, client: el.clientWidth})")
    assert box["scroll"] <= box["client"], f"the figures by priority need scrolling at 1280px: {box}"
