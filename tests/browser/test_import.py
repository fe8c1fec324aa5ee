"""A plan administrator imports Telford's plan from its own workbook, changing one column's reading.

Tasks run at once in tests (Immediate backend), so each step's page is ready when it loads.
"""

import pytest
from playwright.sync_api import Page, expect

from actions.plans.models import Action, Plan
from tests.helpers import EXAMPLES

from .conftest import assert_accessible, login, screenshot, url

TELFORD = EXAMPLES / "telford.xlsx"


@pytest.mark.django_db(transaction=True)
def test_administrator_imports_telford_with_one_column_remapped(
    page: Page, live_server, alice, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    login(page, live_server, "alice")

    # From the plans page to the upload form.
    page.goto(url(live_server, "/plans/"))
    page.get_by_role("link", name="Import a plan from a spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a plan from a spreadsheet")
    assert_accessible(page)

    # Uploading nothing says what is missing.
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the spreadsheet to import")
    assert_accessible(page)

    page.get_by_label("Plan spreadsheet").set_input_files(TELFORD)
    page.get_by_label("Local area (optional)").fill("Telford and Wrekin")
    page.get_by_role("button", name="Upload and preview").click()

    # The preview: mapping, counts, first rows, names.
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    counts = page.get_by_role("list", name="Counts")
    expect(counts).to_contain_text("4 priorities")
    expect(counts).to_contain_text("30 objectives")
    expect(counts).to_contain_text("30 actions")
    expect(page.get_by_role("heading", name="People named (25)")).to_be_visible()
    screenshot(page, "import-01-preview")
    assert_accessible(page)

    # Column D ("Task and Finish Group") is not wanted: leave it out and read the file again.
    column_d = page.get_by_label("Column D: Task and Finish Group")
    expect(column_d).to_have_value("task_group")
    column_d.select_option(label="Not imported")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Mapping changed")
    expect(page.get_by_label("Column D: Task and Finish Group")).to_have_value("")
    expect(page.get_by_role("row", name="D Task and Finish Group")).to_contain_text("Chosen by you.")
    assert_accessible(page)

    # Confirm, and see the report and then the plan.
    page.get_by_role("button", name="Import the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan imported")
    screenshot(page, "import-02-done")
    assert_accessible(page)
    page.get_by_role("link", name="Go to the plan").click()
    plan = Plan.objects.get()
    expect(page).to_have_url(url(live_server, plan.get_absolute_url()))
    expect(page.locator(".govuk-caption-l").first).to_have_text("Telford and Wrekin")
    expect(page.get_by_text("30 in 4 priorities")).to_be_visible()
    assert_accessible(page)

    actions = Action.objects.filter(objective__priority__plan=plan)
    assert actions.count() == 30
    assert set(actions.values_list("task_group", flat=True)) == {""}, "column D was left out"
