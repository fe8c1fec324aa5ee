"""A board member reads the plan page: its priorities with their counts, then one priority's objectives
and actions, shown by following a link (issue 15), and the same without JavaScript."""

import datetime
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from actions.cycle.models import Rag
from actions.measures.models import Direction, Measure, Unit

from .. import factories as f
from .conftest import assert_accessible, assert_styled, login, screenshot, url

LATER = "Agree a transition plan with every Year 9 pupil"  # the second priority's one action


@pytest.fixture
def plan_with_priorities(plan, periods, olivia_person):
    """Two priorities with leads; the first has two objectives, four actions (Red, Amber, Green, none)
    and a measure it evidences; the second one action."""
    spring = periods[1]
    first = f.make_priority(plan, ref="1", title="Inclusive education in every school", order=1)
    first.lead_people.add(f.make_person(name="Priya Leadwell"))
    second = f.make_priority(plan, ref="2", title="Preparing for adulthood", order=2)
    second.lead_people.add(olivia_person)
    o11 = f.make_objective(first, ref="1.1", title="Support schools to be inclusive", order=1)
    o12 = f.make_objective(first, ref="1.2", title="Reduce exclusions of pupils with SEND", order=2)
    a = f.make_action(
        o11, ref="1.1.a", description="Run SENCO network meetings", leads=[olivia_person], order=1
    )
    b = f.make_action(
        o11,
        ref="1.1.b",
        description="Publish the Local Offer review",
        due_date=datetime.date(2026, 1, 31),
        order=2,
    )
    c = f.make_action(o12, ref="1.2.a", description="Train every school in de-escalation", order=1)
    f.make_action(o12, ref="1.2.b", description="Audit part-time timetables", order=2)
    f.make_statement(a, spring, Rag.GREEN)
    f.make_statement(b, spring, Rag.RED)
    f.make_statement(c, spring, Rag.AMBER, confirmed_at=None)
    f.make_action(f.make_objective(second, ref="2.1", title="Plan transitions at 14"), description=LATER)
    measure = Measure.objects.create(
        plan=plan,
        name="Permanent exclusions of pupils with SEND",
        unit=Unit.PERCENT,
        direction=Direction.LOWER,
    )
    measure.priorities.add(first)
    return plan, first, second


@pytest.mark.django_db(transaction=True)
def test_board_member_reads_the_priorities_then_shows_one(page: Page, live_server, bea, plan_with_priorities):
    plan, first, second = plan_with_priorities
    login(page, live_server, "bea")
    page.get_by_role("link", name=plan.title).first.click()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/"))
    assert_styled(page)

    # Every priority, collapsed, with its lead and counts: the ratings in words beside their colours.
    cards = page.locator(".sp-priority-card")
    expect(cards).to_have_count(2)
    card = cards.filter(has=page.get_by_role("heading", name=f"Priority 1: {first.title}", level=2))
    expect(card.get_by_text("Priya Leadwell")).to_be_visible()
    expect(card).to_contain_text("2 objectives, 4 actions")
    ratings = card.get_by_role("list", name=re.compile("^RAG ratings of the actions in Priority 1"))
    expect(ratings.get_by_role("listitem")).to_have_text(
        [
            re.compile(r"^Red\s+1"),
            re.compile(r"^Amber\s+1"),
            re.compile(r"^Green\s+1"),
            re.compile(r"^No update\s+1"),
        ]
    )
    expect(card.get_by_role("link", name="1 action overdue in Priority 1", exact=False)).to_be_visible()
    expect(page.get_by_role("table")).to_have_count(0)  # no objective or action is loaded yet
    expect(page.get_by_text("Run SENCO network meetings")).to_have_count(0)
    screenshot(page, "plan-01-priorities")
    assert_accessible(page)

    # Show the first priority: the page comes back with it open, scrolled to its heading.
    card.get_by_role("link", name=f"Show objectives and actions for Priority 1: {first.title}").click()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/?priority={first.pk}#priority-{first.pk}"))
    heading = page.get_by_role("heading", name=f"Priority 1: {first.title}", level=2)
    expect(heading).to_be_in_viewport()
    expect(page).to_have_title(re.compile(rf"^Priority 1: {first.title} – {re.escape(plan.title)}"))
    expect(page.get_by_role("heading", name="1.1 Support schools to be inclusive", level=3)).to_be_visible()
    expect(
        page.get_by_role("heading", name="1.2 Reduce exclusions of pupils with SEND", level=3)
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Impact measures this priority evidences")).to_be_visible()
    rows = {
        "Run SENCO network meetings": "Green",
        "Publish the Local Offer review": "Red",
        "Train every school in de-escalation": "Amber",
        "Audit part-time timetables": "No update",
    }
    for description, rag in rows.items():
        row = page.get_by_role("row").filter(has_text=description)
        expect(row.locator(".sp-rag")).to_have_text(rag)
    expect(page.get_by_role("row").filter(has_text="Publish the Local Offer review")).to_contain_text(
        "Overdue"
    )
    expect(page.get_by_role("row").filter(has_text="Train every school")).to_contain_text("Unconfirmed")
    expect(page.get_by_text(LATER)).to_have_count(0)  # the second priority stays collapsed
    screenshot(page, "plan-02-priority-open")
    assert_accessible(page)

    # An action and back: the breadcrumbs return to the priority, still open.
    page.get_by_role("link", name="Publish the Local Offer review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Action 1.1.b")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Priority 1").click()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/?priority={first.pk}#priority-{first.pk}"))
    expect(page.get_by_role("row").filter(has_text="Run SENCO network meetings")).to_be_visible()

    # Hide it again: back to the priorities, on the one just read.
    page.get_by_role("link", name=f"Hide objectives and actions for Priority 1: {first.title}").first.click()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/#priority-{first.pk}"))
    expect(page.get_by_role("table")).to_have_count(0)

    # A small plan offers every priority at once.
    page.get_by_role("link", name="Show all objectives and actions").click()
    expect(page.get_by_role("row").filter(has_text=LATER)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Run SENCO network meetings")).to_be_visible()
    screenshot(page, "plan-03-all-open")
    assert_accessible(page)


@pytest.mark.django_db(transaction=True)
def test_showing_a_priority_needs_no_javascript(browser: Browser, live_server, bea, plan_with_priorities):
    plan, first, _second = plan_with_priorities
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(5_000)
        login(page, live_server, "bea")
        page.goto(url(live_server, f"/plans/{plan.pk}/"))
        expect(page.locator("body")).not_to_have_class(re.compile("js-enabled"))

        page.get_by_role("link", name=f"Show objectives and actions for Priority 1: {first.title}").click()

        expect(page).to_have_url(
            url(live_server, f"/plans/{plan.pk}/?priority={first.pk}#priority-{first.pk}")
        )
        expect(page.get_by_role("row").filter(has_text="Run SENCO network meetings")).to_be_visible()
        screenshot(page, "plan-04-no-javascript")
    finally:
        context.close()
