"""A plan administrator corrects what detection got wrong in the preview, then imports the plan.

The workbook's progress column names no date, one heading reads as an objective and one person is
spelt two ways: the administrator chooses the period, marks the row as a heading and merges the two
names, and the dashboard then shows the statements in that period. Tasks run at once in tests.
"""

import pytest
from playwright.sync_api import Page, expect

from actions.plans.models import Plan
from tests.actions.importing.test_import_corrections_views import NEXT_TERM, workbook_bytes

from .conftest import assert_accessible, login, screenshot, url


@pytest.mark.django_db(transaction=True)
def test_administrator_corrects_the_preview_and_imports(page: Page, live_server, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    workbook = tmp_path / "local-area-plan.xlsx"
    workbook.write_bytes(workbook_bytes())
    login(page, live_server, "alice")

    page.goto(url(live_server, "/plans/import/"))
    page.get_by_label("Plan spreadsheet").set_input_files(workbook)
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")
    expect(page.locator(".govuk-warning-text").first).to_contain_text(
        "Column E has no reporting period: its statements cannot be imported until you choose one."
    )
    expect(page.get_by_role("list", name="Counts")).to_contain_text("1 priority")
    expect(page.get_by_text("The position statements in column E will not be imported")).to_be_visible()
    screenshot(page, "import-corrections-01-preview")
    assert_accessible(page)

    # A bad date is refused, with a link to the field.
    page.get_by_label("Reporting period of column E").fill("Spring 2026")
    page.get_by_role("button", name="Save the period of column E").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the date the statements were true at")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the date the statements were true at").click()
    expect(page.get_by_label("As at date of column E")).to_be_focused()

    # The period.
    page.get_by_label("Reporting period of column E").fill("Spring 2026")
    page.get_by_label("As at date of column E").fill("2026-03-31")
    page.get_by_role("button", name="Save the period of column E").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Column E's statements are for Spring 2026."
    )
    expect(page.locator(".govuk-warning-text")).to_have_count(0)
    assert_accessible(page)

    # The heading read as an objective.
    page.get_by_label("Row number").fill("7")
    page.get_by_label("Read the row as").select_option(label="A priority heading")
    page.get_by_role("button", name="Change the row").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Row 7 is now read as a priority heading."
    )
    expect(page.get_by_role("list", name="Counts")).to_contain_text("2 priorities")
    expect(page.get_by_role("table", name="Rows you changed (1)")).to_contain_text("preparing for adulthood")
    assert_accessible(page)

    # One person, spelt two ways.
    page.get_by_label("The person as read").select_option("Ada Adminten")
    page.get_by_label("Use the name").first.fill("Ada Adminton")
    page.get_by_role("button", name="Rename or merge the person").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "“Ada Adminten” is merged into “Ada Adminton”."
    )
    expect(page.get_by_role("heading", name="People named (2)")).to_be_visible()
    screenshot(page, "import-corrections-02-corrected")
    assert_accessible(page)

    page.get_by_role("button", name="Import the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan imported")
    expect(page.get_by_role("heading", name="How the file was read")).to_be_visible()
    expect(page.get_by_text("Every cell's text is in the plan.")).to_be_visible()
    screenshot(page, "import-corrections-03-done")
    assert_accessible(page)

    page.get_by_role("link", name="View its dashboard").click()
    plan = Plan.objects.get()
    expect(page).to_have_url(url(live_server, f"/plans/{plan.pk}/dashboard/"))
    expect(page.locator("main")).to_contain_text("As at Spring 2026 (31 March 2026).")
    expect(page.locator("main")).to_contain_text("3 actions in the plan")
    screenshot(page, "import-corrections-05-dashboard")
    assert_accessible(page)
    period = plan.periods.get()
    assert period.name == "Spring 2026" and period.as_at.isoformat() == "2026-03-31"
    assert sorted(period.position_statements.values_list("rag", flat=True)) == ["amber", "green", "red"]


@pytest.mark.django_db(transaction=True)
def test_the_next_upload_of_the_layout_starts_from_the_last_choices(
    page: Page, live_server, alice, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    autumn, spring = tmp_path / "plan-autumn.xlsx", tmp_path / "plan-spring.xlsx"
    autumn.write_bytes(workbook_bytes())
    spring.write_bytes(workbook_bytes(NEXT_TERM, "Spring"))
    login(page, live_server, "alice")

    def upload(path) -> None:
        page.goto(url(live_server, "/plans/import/"))
        page.get_by_label("Plan spreadsheet").set_input_files(path)
        page.get_by_role("button", name="Upload and preview").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Check the import")

    upload(autumn)
    page.get_by_label("Row number").fill("7")
    page.get_by_role("button", name="Change the row").click()
    page.get_by_role("button", name="Import the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plan imported")

    # Next term the heading is a row lower: it is still read as a heading, and the page says why.
    upload(spring)
    banner = page.get_by_role("region", name="Choices applied")
    expect(banner).to_contain_text("Your choices from the last import of this layout, on ")
    expect(banner).to_contain_text("were applied: 1 row.")
    expect(page.get_by_role("table", name="Rows you changed (1)")).to_contain_text(
        "Remembered from the last import"
    )
    expect(page.get_by_role("list", name="Counts")).to_contain_text("2 priorities")
    screenshot(page, "import-corrections-04-remembered")
    assert_accessible(page)

    banner.get_by_role("button", name="Start again from the detected reading").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Your choices were cleared")
    expect(page.get_by_role("region", name="Choices applied")).to_have_count(0)
    expect(page.get_by_role("list", name="Counts")).to_contain_text("1 priority")
    assert_accessible(page)
