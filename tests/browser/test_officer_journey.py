"""An officer records her termly position statement, start to finish, in a real browser."""

import re

import pytest
from playwright.sync_api import Page, expect

from actions.cycle.models import PositionStatement

from .conftest import assert_accessible, assert_styled, login, screenshot, url

RAG_OPTIONS = {
    "Red": "Off track: the action will not be delivered on time without intervention from the board.",
    "Amber": "Some risk or slippage: delivery is at risk but recovery is being managed.",
    "Green": "On track: progressing as planned and expected to be delivered by the due date.",
    "Blue": "Complete: the action has been delivered and its success measures met.",
    "Not rated": "An update has been given without a rating.",
}
NARRATIVE = (
    "Three SENCO network meetings held this term; attendance up to 80% of schools.\n\nNext: termly audit."
)


@pytest.mark.django_db(transaction=True)
def test_officer_records_a_position_statement(page: Page, live_server, olivia, periods, action):
    # Sign in.
    login(page, live_server, "olivia", check_accessible=True)
    assert_styled(page)

    # Home: her next step.
    expect(page.get_by_text("updates for Summer term 2026 are due")).to_be_visible()
    screenshot(page, "officer-01-home")
    assert_accessible(page)

    # My actions, from the service navigation.
    menu = page.get_by_role("navigation", name="Menu")
    menu.get_by_role("link", name="My actions").click()
    expect(page).to_have_url(url(live_server, "/my-actions/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    expect(menu.get_by_role("link", name="My actions")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("columnheader", name="Summer term 2026")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Run SENCO network meetings")
    expect(row).to_have_count(1)
    expect(row.get_by_text("To do", exact=True)).to_be_visible()
    screenshot(page, "officer-02-my-actions")
    assert_accessible(page)

    # The statement form, with each RAG rating's definition beside it.
    row.get_by_role("link", name="Record the statement for action 1.1.a").click()
    expect(page).to_have_url(url(live_server, f"/actions/{action.pk}/periods/{periods[2].pk}/statement/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a position statement for action 1.1.a")
    rag_group = page.get_by_role("group", name="RAG rating")
    for word, definition in RAG_OPTIONS.items():
        radio = rag_group.get_by_role("radio", name=word, exact=True)
        expect(radio).to_be_visible()
        expect(radio).not_to_be_checked()
        expect(rag_group.get_by_text(definition, exact=True)).to_be_visible()
    screenshot(page, "officer-03-form")
    assert_accessible(page)

    # Submitting nothing: the GOV.UK error summary, focused, linking to each field.
    page.get_by_role("button", name="Save position statement").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary.get_by_role("link", name="Select a RAG rating")).to_be_visible()
    expect(summary.get_by_role("link", name="Enter the position statement")).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-message")).to_have_count(2)
    screenshot(page, "officer-04-form-errors")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the position statement").click()
    expect(page.get_by_role("textbox", name="Position statement")).to_be_focused()
    summary.get_by_role("link", name="Select a RAG rating").click()
    expect(rag_group.get_by_role("radio", name="Red", exact=True)).to_be_focused()
    assert not PositionStatement.objects.exists()

    # Amber, a narrative, save.
    rag_group.get_by_role("radio", name="Amber", exact=True).check()
    page.get_by_role("textbox", name="Position statement").fill(NARRATIVE)
    page.get_by_role("button", name="Save position statement").click()

    # The action page: success banner, the statement at the top of the timeline.
    expect(page).to_have_url(url(live_server, f"/actions/{action.pk}/"))
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("Success")
    expect(banner).to_contain_text("Position statement recorded for 1.1.a, Summer term 2026: Amber.")
    timeline = page.get_by_role("list", name="Position statements")
    first = timeline.get_by_role("listitem").first
    expect(first.get_by_role("heading", name="Summer term 2026")).to_be_visible()
    expect(first.locator(".sp-rag")).to_have_text("Amber")
    expect(first).to_contain_text("Three SENCO network meetings held this term")
    expect(first).to_contain_text("Next: termly audit.")
    expect(page.get_by_role("link", name="Edit the Summer term 2026 position statement")).to_be_visible()
    screenshot(page, "officer-05-action")
    assert_accessible(page)

    # Its changes page.
    page.get_by_role("link", name="See every change to this action and its statements").click()
    expect(page).to_have_url(url(live_server, f"/actions/{action.pk}/changes/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes")
    expect(page.get_by_role("main")).to_contain_text("Position statement")
    screenshot(page, "officer-06-changes")
    assert_accessible(page)

    # The plan page, with the action's priority shown: the action's row carries the Amber rating.
    priority = action.objective.priority
    breadcrumbs = page.get_by_role("navigation", name="Breadcrumb")
    breadcrumbs.get_by_role("link", name="Priority 1").click()
    expect(page).to_have_url(
        url(live_server, f"/plans/{priority.plan_id}/?priority={priority.pk}#priority-{priority.pk}")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Exampleshire SEND Action Plan")
    plan_row = page.get_by_role("row").filter(has_text="Run SENCO network meetings")
    expect(plan_row).to_have_count(1)
    expect(plan_row.locator(".sp-rag")).to_have_text("Amber")
    screenshot(page, "officer-07-plan")
    assert_accessible(page)

    # The action list, from the navigation: the same rating.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Actions", exact=True).click()
    expect(page).to_have_url(url(live_server, "/actions/"))
    list_row = page.get_by_role("row").filter(has_text="Run SENCO network meetings")
    expect(list_row.locator(".sp-rag")).to_have_text("Amber")
    screenshot(page, "officer-08-action-list")
    assert_accessible(page)

    # And My actions now says Done.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="My actions").click()
    done_row = page.get_by_role("row").filter(has_text="Run SENCO network meetings")
    expect(done_row.get_by_text("Done", exact=True)).to_be_visible()
    expect(done_row.get_by_role("link", name="Edit the statement for action 1.1.a")).to_be_visible()

    statement = PositionStatement.objects.get()
    assert (statement.action_id, statement.period_id, statement.rag) == (action.pk, periods[2].pk, "amber")
    assert statement.narrative.replace("\r\n", "\n") == NARRATIVE
