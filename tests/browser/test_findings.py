"""Inspection findings in a browser: a plan administrator pastes five findings from the report under an
inspection, previews and records them, and links two actions to one of them; the board member opens
the findings matrix and sees the findings no action answers, and the finding's page. axe-core on every
page visited; screenshots at 1280px and 320px (in /tmp/shots)."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from actions.cycle.models import Rag
from actions.findings.models import Finding, Inspection
from tests import factories as f

from ..actions.findings.conftest import make_inspection
from .conftest import assert_accessible, login, screenshot, url

FUTURE = datetime.date.today() + datetime.timedelta(days=60)
PASTED = """Areas for priority action
API 1: Leaders must urgently improve the timeliness of EHC needs assessments.
API 2: Leaders must improve the quality of EHC plans, so that they reflect children's needs.

Areas for improvement
1. Leaders should improve the Local Offer so that families can find what is available.
2. Leaders should strengthen transitions to adult services.
3. Leaders should improve joint commissioning of therapies."""


def _shots(page: Page, name: str) -> None:
    """The page at 1280px and at 320px, axe-core clean at both."""
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 900})
        screenshot(page, f"{name}-{width}")
        assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})


@pytest.fixture
def inspected(plan, periods, action, other_action):
    """Exampleshire's inspection (no findings yet); Olivia's action 1.1.a Amber, 1.1.b Green."""
    f.make_statement(action, periods[2], Rag.AMBER)
    f.make_statement(other_action, periods[2], Rag.GREEN)
    return make_inspection(plan)


@pytest.mark.django_db(transaction=True)
def test_administrator_pastes_findings_links_actions_and_board_member_sees_the_warning(
    page: Page, live_server, alice, bea, plan, inspected, action, other_action
):
    # The administrator finds the inspection from the plan page.
    login(page, live_server, "alice")
    page.goto(url(live_server, plan.get_absolute_url()))
    page.get_by_role("link", name="Inspections", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspections")
    _shots(page, "findings-00-register")

    # Records the monitoring inspection that followed: a visit dated in the future is refused first.
    page.get_by_role("link", name="Record an inspection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an inspection")
    page.get_by_label("Monitoring inspection").check()
    page.get_by_label("First day of the visit").fill(FUTURE.isoformat())
    page.get_by_role("button", name="Record the inspection").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("cannot be dated in the future"))).to_be_visible()
    _shots(page, "findings-07-inspection-error")
    assert Inspection.objects.count() == 1
    page.get_by_label("First day of the visit").fill("2026-11-02")
    page.get_by_label("Last day of the visit (optional)").fill("2026-11-04")
    page.get_by_role("button", name="Record the inspection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Monitoring inspection of Exampleshire, 2 November 2026"
    )
    assert_accessible(page)

    page.goto(url(live_server, f"/plans/{plan.pk}/inspections/"))
    page.get_by_role("link", name="Full inspection", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Full inspection of Exampleshire")
    assert_accessible(page)

    # Pastes the report's list and previews it: nothing is recorded yet.
    page.get_by_role("link", name="Add findings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add findings")
    _shots(page, "findings-01-paste")
    page.get_by_label("The findings, as listed in the report").fill(PASTED)
    page.get_by_role("button", name="Preview the findings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the findings")
    preview = page.get_by_role("table", name=re.compile("5 findings found"))
    expect(preview.get_by_role("row").filter(has_text="AFI 3")).to_contain_text("Area for improvement")
    _shots(page, "findings-02-preview")
    assert not Finding.objects.exists()

    # Records all five.
    page.get_by_role("button", name="Record these 5 findings").click()
    expect(page.get_by_text("5 findings recorded: API 1, API 2, AFI 1, AFI 2, AFI 3.")).to_be_visible()
    findings_table = page.get_by_role("table", name=re.compile("^Findings of"))
    expect(findings_table.get_by_role("row")).to_have_count(6)
    _shots(page, "findings-03-inspection")

    # Links two actions to API 1: one typed by its ref, one ticked under its priority.
    page.get_by_role("link", name="API 1", exact=True).click()
    page.get_by_role("link", name="Link actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link actions to API 1")
    page.get_by_label("Action refs (optional)").fill("1.1.a")
    page.get_by_text(re.compile(r"^Priority 1: Inclusive education")).click()
    page.get_by_label(re.compile(r"^1\.1\.b ")).check()
    _shots(page, "findings-04-link")
    page.get_by_role("button", name="Save what answers API 1").click()
    expect(page.get_by_text("API 1 is answered by 2 actions and 0 objectives.")).to_be_visible()
    answering = page.get_by_role("table", name=re.compile("^Actions answering API 1"))
    expect(answering.get_by_role("row").filter(has_text="1.1.a")).to_contain_text("Amber")
    expect(answering.get_by_role("row").filter(has_text="1.1.b")).to_contain_text("Green")
    _shots(page, "findings-05-finding")
    assert set(Finding.objects.get(reference="API 1").actions.all()) == {action, other_action}

    # The action's page says which finding it answers.
    page.goto(url(live_server, action.get_absolute_url()))
    expect(page.get_by_role("heading", name="Findings this action answers")).to_be_visible()
    expect(page.get_by_role("link", name="API 1", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Choose the findings this action answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Findings this action answers")
    expect(page.get_by_label(re.compile("^API 1 "))).to_be_checked()
    _shots(page, "findings-08-action-findings")
    page.get_by_role("button", name="Sign out").click()

    # The board member opens the matrix from the plan page and sees the four uncovered findings.
    login(page, live_server, "bea")
    page.goto(url(live_server, plan.get_absolute_url()))
    page.get_by_role("link", name="Inspection findings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inspection findings")
    expect(page.get_by_text("4 findings with no action")).to_be_visible()
    matrix = page.get_by_role("table", name=re.compile("^Each finding"))
    expect(matrix.get_by_role("row").filter(has_text="API 2")).to_contain_text(
        "Warning: No action answers this finding."
    )
    api1 = matrix.get_by_role("row").filter(has_text="API 1")
    expect(api1).to_contain_text("Amber")
    expect(api1).to_contain_text("Green")
    expect(api1).not_to_contain_text("No action answers")
    expect(page.get_by_role("link", name="Record an inspection")).to_have_count(0)
    _shots(page, "findings-06-matrix")

    matrix.get_by_role("link", name="API 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("API 1")
    expect(page.get_by_role("link", name="Link actions")).to_have_count(0)
    assert_accessible(page)
