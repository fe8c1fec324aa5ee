"""Signing in after too many wrong passwords: the lockout page says what happened and what to do, and
passes axe-core; resetting the password is still open from it."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import PASSWORD, assert_accessible, screenshot, url


@pytest.mark.django_db(transaction=True)
def test_too_many_wrong_passwords_show_the_lockout_page(page: Page, live_server, olivia, settings):
    settings.AXES_FAILURE_LIMIT = 3
    page.goto(url(live_server, "/accounts/login/"))
    for _ in range(2):
        page.get_by_label("Username").fill("olivia")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()

    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    expect(page.get_by_text(re.compile("signing in is paused for 15 minutes"))).to_be_visible()
    screenshot(page, "signin-locked-out")
    assert_accessible(page)

    # Even the right password is refused for now; resetting the password is still open.
    page.goto(url(live_server, "/accounts/login/"))
    page.get_by_label("Username").fill("olivia")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many attempts to sign in")
    page.get_by_role("link", name="reset your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("password", re.I))
    assert_accessible(page)
