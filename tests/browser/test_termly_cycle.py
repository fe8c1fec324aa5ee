"""The termly cycle in a browser: the administrator opens a period, follows its progress and sends a
reminder; the officer carries a statement forward; the administrator confirms the rating.

Tasks and email run in this process (Immediate backend, locmem mail), so the reminder is in
`mail.outbox` as soon as the page says it was sent.
"""

import datetime

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from actions.cycle import services
from actions.cycle.models import PositionStatement, Rag, ReportingPeriod

from .. import factories as f
from .conftest import assert_accessible, login, screenshot, url


@pytest.fixture
def summer_closed(plan, periods, action, other_action, alice, olivia):
    """Olivia (with an email address) rated her action Green for Summer, confirmed; Summer is closed."""
    person = olivia.person
    person.email = "olivia@example.org"
    person.save()
    summer = periods[2]
    statement = f.make_statement(action, summer, Rag.GREEN, narrative="Termly network meetings are running.")
    PositionStatement.objects.filter(pk=statement.pk).update(
        proposed_rag=Rag.GREEN, confirmed_at=datetime.datetime(2026, 7, 12, tzinfo=datetime.UTC)
    )
    services.period_close(user=alice, period=summer)
    return summer


@pytest.mark.django_db(transaction=True)
def test_open_remind_carry_forward_confirm(
    page: Page, live_server, alice, olivia, plan, action, summer_closed
):
    # The administrator opens the autumn term from the plan's reporting periods.
    login(page, live_server, "alice")
    page.goto(url(live_server, plan.get_absolute_url()))
    page.get_by_role("link", name="Reporting periods").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting periods")
    assert_accessible(page)
    page.get_by_role("link", name="Open a new reporting period").click()
    page.get_by_label("Name").fill("Autumn term 2026")
    page.get_by_label("As at").fill("2026-12-31")
    page.get_by_label("Updates due by").fill("2026-12-11")
    page.get_by_role("button", name="Open the reporting period").click()
    autumn = ReportingPeriod.objects.get(plan=plan, name="Autumn term 2026")
    assert autumn.is_open and autumn.closes_on == datetime.date(2026, 12, 11)

    # Its progress page: nobody has written yet; Olivia is reminded.
    page.goto(url(live_server, f"/periods/{autumn.pk}/progress/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Progress of Autumn term 2026")
    expect(page.get_by_text("0 of 2")).to_be_visible()
    screenshot(page, "cycle-01-progress")
    assert_accessible(page)
    page.get_by_role("button", name="Send reminder to Olivia Officer").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Olivia Officer")
    assert_accessible(page)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["olivia@example.org"]
    assert action.ref in mail.outbox[0].body and "11 December 2026" in mail.outbox[0].body

    # The officer sees the update due and carries her Summer statement forward.
    page.context.clear_cookies()
    login(page, live_server, "olivia")
    expect(page.get_by_role("heading", name="Updates due")).to_be_visible()
    page.goto(url(live_server, "/my-actions/"))
    assert_accessible(page)
    page.get_by_role("button", name=f"No change since last period for action {action.ref}").click()
    statement = PositionStatement.objects.get(action=action, period=autumn)
    assert statement.is_carried_forward and not statement.is_confirmed and statement.rag == Rag.GREEN
    page.goto(url(live_server, action.get_absolute_url()))
    expect(page.get_by_text("Carried forward from Summer term 2026").first).to_be_visible()
    screenshot(page, "cycle-02-carried-forward")
    assert_accessible(page)

    # The administrator confirms the rating.
    page.context.clear_cookies()
    login(page, live_server, "alice")
    page.goto(url(live_server, plan.get_absolute_url()))
    page.get_by_role("link", name="Ratings to confirm").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ratings to confirm")
    screenshot(page, "cycle-03-ratings")
    assert_accessible(page)
    page.get_by_role("button", name=f"Confirm Green for action {action.ref}").click()
    statement.refresh_from_db()
    assert statement.is_confirmed and statement.confirmed_by == alice and statement.rag == Rag.GREEN
    page.goto(url(live_server, action.get_absolute_url()))
    expect(page.get_by_text("Confirmed by").first).to_be_visible()
    assert_accessible(page)
