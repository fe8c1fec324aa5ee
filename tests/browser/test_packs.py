"""A plan administrator makes and publishes a Schools Forum pack; a forum member downloads it.

The test settings run django.tasks with the Immediate backend, so publishing renders the PDF and the
workbook during the request. Files go to a temporary MEDIA_ROOT.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from actions.cycle.models import Rag
from reports import services
from reports.models import Pack

from .. import factories as f
from .conftest import assert_accessible, login, screenshot, url

FORUM_TITLE = "SEND improvement plan: progress update, Summer term 2026"
BOARD_TITLE = "SEND improvement board: progress report, Summer term 2026"
# Rendering with WeasyPrint inside the request takes a few seconds: more than the 5 s default.
PUBLISHING = 60_000


@pytest.fixture
def plan_with_board_pack(settings, tmp_path, alice, plan, periods, action, other_action):
    """Summer statements, and a board pack already published through the services."""
    settings.MEDIA_ROOT = tmp_path
    summer = periods[2]
    f.make_statement(action, summer, Rag.AMBER, narrative="Network relaunched with 30 schools.")
    f.make_statement(other_action, summer, Rag.GREEN, narrative="Review published.")
    board = services.pack_create(user=alice, plan=plan, period=summer, audience="board")
    services.pack_publish(user=alice, pack=board)
    board.refresh_from_db()
    assert board.state == Pack.State.PUBLISHED
    return plan, board


@pytest.mark.django_db(transaction=True)
def test_administrator_publishes_a_forum_pack_and_a_forum_member_downloads_it(
    page: Page, live_server, alice, fern, plan_with_board_pack
):
    plan, board = plan_with_board_pack

    # The administrator opens the plan's packs from the plan page.
    login(page, live_server, "alice")
    page.goto(url(live_server, plan.get_absolute_url()))
    page.get_by_role("link", name="Board and Schools Forum packs").click()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/packs/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Board and Schools Forum packs")
    expect(page.get_by_role("link", name=BOARD_TITLE, exact=True)).to_be_visible()
    assert_accessible(page)

    # A Schools Forum pack for Summer term 2026, keeping the standard wording.
    page.get_by_role("link", name="Make a new pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a new pack")
    screenshot(page, "packs-01-form")
    assert_accessible(page)
    page.get_by_role("radio", name="Schools Forum", exact=True).check()
    page.get_by_label("Reporting period").select_option(label="Summer term 2026")
    page.get_by_role("button", name="Create the draft").click()

    forum = Pack.objects.get(audience="forum")
    expect(page).to_have_url(url(live_server, forum.get_absolute_url()))
    expect(page.get_by_role("heading", level=1)).to_have_text(FORUM_TITLE)
    expect(page.get_by_text("This is a draft")).to_be_visible()
    screenshot(page, "packs-02-draft")
    assert_accessible(page)

    # The preview: the cover, then the committee report's numbered sections.
    page.get_by_role("link", name="Preview").click()
    expect(page).to_have_url(url(live_server, f"/packs/{forum.pk}/preview/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(FORUM_TITLE)
    for heading in ("1. Purpose of report", "2. Context", "3. Recommendation"):
        expect(page.get_by_role("heading", level=2, name=heading)).to_be_visible()
    expect(page.get_by_text("That Schools Forum note the progress made.")).to_be_visible()
    expect(page.get_by_text("Network relaunched with 30 schools.")).to_be_visible()
    screenshot(page, "packs-03-preview")
    assert_accessible(page)

    # Publish from the preview; the Immediate backend renders during the request.
    page.get_by_role("button", name="Publish the pack").click()
    expect(page).to_have_url(url(live_server, forum.get_absolute_url()), timeout=PUBLISHING)
    expect(page.get_by_role("heading", level=2, name="Published")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Download the PDF"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^Download the Excel workbook"))).to_be_visible()
    screenshot(page, "packs-04-published")
    assert_accessible(page)
    forum.refresh_from_db()
    assert (forum.state, forum.published_by) == (Pack.State.PUBLISHED, alice)

    # The Schools Forum member signs in: she sees the forum pack and never the board pack.
    page.get_by_role("button", name="Sign out").click()
    login(page, live_server, "fern")
    page.goto(url(live_server, f"/plans/{plan.pk}/packs/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Board and Schools Forum packs")
    row = page.get_by_role("row").filter(has_text=FORUM_TITLE)
    expect(row).to_have_count(1)
    expect(row.get_by_text("Published")).to_be_visible()
    expect(page.get_by_text(BOARD_TITLE)).to_have_count(0)
    expect(page.get_by_text("SEND improvement board")).to_have_count(0)
    expect(page.locator(f'a[href*="/packs/{board.pk}/"]')).to_have_count(0)
    expect(page.get_by_role("link", name="Make a new pack")).to_have_count(0)
    screenshot(page, "packs-05-forum-member")
    assert_accessible(page)

    with page.expect_download() as download_info:
        row.get_by_role("link", name=re.compile(r"^PDF")).click()
    download = download_info.value
    assert download.suggested_filename == "exampleshire-forum-pack-summer-term-2026.pdf"
    with open(download.path(), "rb") as file:
        content = file.read()
    assert content.startswith(b"%PDF")
    with forum.pdf.open("rb") as stored:
        assert content == stored.read()  # exactly the published file
