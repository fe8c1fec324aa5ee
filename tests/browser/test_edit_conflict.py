"""Two people edit the same position statement in two browsers: the second to save sees the conflict
page with both texts and their own words kept, which passes axe-core, and can save theirs on top."""

import re

import pytest
from playwright.sync_api import Page, expect

from actions.cycle import services
from actions.cycle.models import PositionStatement

from .conftest import PASSWORD, assert_accessible, login, screenshot, url

ALICES = "Funding confirmed for two more SENCO networks; the third starts in September."
OLIVIAS = "Three SENCO network meetings held this term; attendance up to 80% of schools."


@pytest.mark.django_db(transaction=True)
def test_the_second_to_save_sees_both_texts_and_keeps_their_own(
    page: Page, browser, live_server, alice, olivia, action, summer
):
    alice.first_name, alice.last_name = "Lydia", "Fablegate"
    alice.save()
    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="amber", narrative="Start."
    )
    form = url(live_server, f"/actions/{action.pk}/periods/{summer.pk}/statement/")

    # The officer opens the form first.
    login(page, live_server, "olivia")
    page.goto(form)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Edit the position statement")

    # The administrator, in another browser, opens the same form and saves.
    other = browser.new_context()
    admin_page = other.new_page()
    admin_page.set_default_timeout(5_000)
    admin_page.goto(url(live_server, "/accounts/login/"))
    admin_page.get_by_label("Username").fill("alice")
    admin_page.get_by_label("Password").fill(PASSWORD)
    admin_page.get_by_role("button", name="Sign in").click()
    admin_page.goto(form)
    admin_page.get_by_label("Position statement").fill(ALICES)
    admin_page.get_by_role("button", name="Save position statement").click()
    expect(admin_page.get_by_text("Position statement updated")).to_be_visible()
    other.close()

    # The officer saves her words on the form she opened before: refused, with both texts.
    page.get_by_label("Green").check()
    page.get_by_label("Position statement").fill(OLIVIAS)
    page.get_by_role("button", name="Save position statement").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(
        re.compile(r"Lydia Fablegate changed this statement at \d\d:\d\d while you")
    )
    table = page.get_by_role("table", name="What is saved now beside what you typed")
    expect(table).to_contain_text(ALICES)
    expect(table).to_contain_text(OLIVIAS)
    expect(page.get_by_label("Position statement")).to_have_value(OLIVIAS)
    expect(page.get_by_label("Green")).to_be_checked()
    screenshot(page, "edit-conflict")
    assert_accessible(page)
    assert PositionStatement.objects.get(action=action, period=summer).narrative == ALICES

    # Deliberately on top.
    page.get_by_role("button", name="Save my version on top").click()
    expect(page.get_by_text("Position statement updated")).to_be_visible()
    saved = PositionStatement.objects.get(action=action, period=summer)
    assert saved.narrative == OLIVIAS
    assert [h.narrative for h in saved.history.order_by("history_date")] == ["Start.", ALICES, OLIVIAS]


@pytest.mark.django_db(transaction=True)
def test_confirming_a_rating_the_lead_changed_meanwhile_shows_what_changed(
    page: Page, live_server, alice, olivia, action, summer
):
    olivia.person.name = "Lydia Fablegate"  # named on screen by her Person's name
    olivia.person.save()
    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="amber", narrative="Two of three networks running."
    )
    login(page, live_server, "alice")
    page.goto(url(live_server, f"/plans/{action.objective.priority.plan_id}/ratings/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ratings to confirm")

    # The lead revises her statement while the administrator reads the page.
    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="red", narrative="The third network has withdrawn."
    )
    page.get_by_role("button", name=re.compile(r"^Confirm Amber")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the statement again before you confirm its rating"
    )
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(re.compile(r"Lydia Fablegate changed this statement at \d\d:\d\d"))
    table = page.get_by_role("table", name="What is saved now beside what you typed")
    expect(table).to_contain_text("Two of three networks running.")
    expect(table).to_contain_text("The third network has withdrawn.")
    screenshot(page, "rating-conflict")
    assert_accessible(page)

    page.get_by_role("button", name="Confirm Red").click()
    expect(page.get_by_text(re.compile("confirmed", re.I)).first).to_be_visible()
    statement = PositionStatement.objects.get(action=action, period=summer)
    assert (statement.is_confirmed, statement.rag) == (True, "red")


@pytest.mark.django_db(transaction=True)
def test_a_pack_changed_by_another_administrator_shows_both_cover_texts(
    page: Page, live_server, alice, plan, summer
):
    from reports import services as pack_services
    from tests import factories as f

    pete = f.make_user("pete", "Plan administrator", first_name="Pete", last_name="Planwell")
    pack = pack_services.pack_create(
        user=alice, plan=plan, period=summer, audience="forum", title="Forum report"
    )
    login(page, live_server, "alice")
    page.goto(url(live_server, f"/packs/{pack.pk}/edit/"))
    pack_services.pack_update(user=pete, pack=pack, context="Pete's context: the high-needs deficit.")

    page.get_by_label("Context").fill("Alice's context: new inclusion funding.")
    page.get_by_role("button", name="Save the pack").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Pete Planwell changed this pack at")
    table = page.get_by_role("table", name="What is saved now beside what you typed")
    expect(table).to_contain_text("Pete's context: the high-needs deficit.")
    expect(table).to_contain_text("Alice's context: new inclusion funding.")
    expect(page.get_by_label("Context")).to_have_value("Alice's context: new inclusion funding.")
    screenshot(page, "pack-conflict")
    assert_accessible(page)
