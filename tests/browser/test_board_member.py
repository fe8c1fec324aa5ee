"""A board member reads everything and can change nothing: no edit control on any page."""

import re

import pytest
from playwright.sync_api import Page, expect

from actions.cycle.models import Rag

from .. import factories as f
from .conftest import assert_accessible, assert_styled, login, screenshot, url

EDIT_WORDS = re.compile(r"record|edit", re.IGNORECASE)
STATEMENT_FORM_HREF = re.compile(r"/actions/\d+/periods/\d+/statement/")


def assert_read_only(page: Page) -> None:
    """No link or button that records or edits, no link to a statement form, no officer/admin navigation."""
    controls = page.locator("a, button, input[type=submit], [role=button], [role=link]")
    offending = []
    for i in range(controls.count()):
        control = controls.nth(i)
        text = control.evaluate(
            "el => [el.textContent, el.value, el.getAttribute('aria-label'), el.getAttribute('title')]"
            ".filter(Boolean).join(' ')"
        )
        href = control.get_attribute("href") or ""
        if EDIT_WORDS.search(text) or STATEMENT_FORM_HREF.search(href):
            offending.append(f"{text.strip()!r} -> {href or '(button)'}")
    assert not offending, f"edit controls shown to a board member on {page.url}: {offending}"
    menu = page.get_by_role("navigation", name="Menu")
    expect(menu.get_by_role("link", name="Home", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="My actions")).to_have_count(0)
    expect(menu.get_by_role("link", name="Admin")).to_have_count(0)
    expect(page.locator('a[href^="/admin"]')).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_board_member_reads_but_cannot_edit(page: Page, live_server, bea, periods, action, other_action):
    f.make_statement(action, periods[0], Rag.GREEN, narrative="Network launched with 40 schools.")
    f.make_statement(action, periods[1], Rag.AMBER, narrative="Attendance dipped in spring.")
    plan = action.objective.priority.plan
    form_url = url(live_server, f"/actions/{action.pk}/periods/{periods[2].pk}/statement/")

    login(page, live_server, "bea")
    assert_styled(page)
    expect(page.locator(".govuk-caption-l")).to_have_text("Board member")
    screenshot(page, "board-01-home")
    assert_read_only(page)
    assert_accessible(page)

    page.get_by_role("link", name=plan.title).first.click()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/"))
    priority = action.objective.priority
    page.get_by_role("link", name=f"Show objectives and actions for Priority {priority.ref}").click()
    expect(page).to_have_url(
        url(live_server, f"/plans/{plan.pk}/?priority={priority.pk}#priority-{priority.pk}")
    )
    row = page.get_by_role("row").filter(has_text="Run SENCO network meetings")
    expect(row.locator(".sp-rag")).to_have_text("Amber")
    screenshot(page, "board-02-plan")
    assert_read_only(page)
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Actions", exact=True).click()
    expect(page).to_have_url(url(live_server, "/actions/"))
    expect(page.get_by_role("heading", name="2 actions match")).to_be_visible()
    screenshot(page, "board-03-action-list")
    assert_read_only(page)
    assert_accessible(page)

    page.get_by_role("link", name="Run SENCO network meetings").click()
    expect(page).to_have_url(url(live_server, f"/actions/{action.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1.1.a")
    timeline = page.get_by_role("list", name="Position statements").get_by_role("listitem")
    expect(timeline).to_have_count(2)
    expect(timeline.first).to_contain_text("Spring term 2026")
    screenshot(page, "board-04-action")
    assert_read_only(page)
    assert_accessible(page)

    page.get_by_role("link", name="See every change to this action and its statements").click()
    expect(page).to_have_url(url(live_server, f"/actions/{action.pk}/changes/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes")
    screenshot(page, "board-05-changes")
    assert_read_only(page)
    assert_accessible(page)

    # Typing the form's address: refused, with the reason, and nothing to fill in.
    response = page.goto(form_url)
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot record this position statement")
    expect(page.get_by_role("main")).to_contain_text(
        "Only officers and plan administrators can record position statements."
    )
    expect(page.get_by_role("main")).to_contain_text("Nothing has been saved.")
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("textarea, input[type=radio]")).to_have_count(0)
    screenshot(page, "board-06-refused")
    assert_accessible(page)

    # Posting anyway changes nothing.
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    post = page.request.post(
        form_url,
        form={"rag": "red", "narrative": "Sneaky", "csrfmiddlewaretoken": csrf},
        headers={"Referer": form_url},
        max_redirects=0,
    )
    assert post.status == 403
    assert "You cannot record this position statement" in post.text()  # the view refused, not the CSRF check
    assert not action.position_statements.filter(period=periods[2]).exists()
