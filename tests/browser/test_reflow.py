"""Every page of the demo, as a plan administrator, fits a 320px screen and a 1280px one (WCAG 1.4.10).

The demo's plans have the long titles and unbroken words councils write ("Identification/Intervention"),
which is what once pushed pages sideways. Wide tables may scroll, but only inside their own box.
"""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from actions.devdata.demo import DEMO_PASSWORD
from actions.plans.models import Action, Plan

from .conftest import assert_accessible, url

TODAY = datetime.date(2026, 11, 22)  # the autumn term 2026 is open in the demo


def demo_pages() -> list[str]:
    """The pages a plan administrator reaches, on the demo plan with the most going on."""
    plan = Plan.objects.order_by("pk").last()  # the Kirklees-shaped plan: 148 actions, long titles
    period = plan.periods.order_by("-as_at").first()
    action = Action.objects.filter(objective__priority__plan=plan).order_by("pk").first()
    return [
        reverse("home"),
        reverse("actions:plan-list"),
        reverse("actions:plan-detail", args=[plan.pk]),
        reverse("actions:plan-detail", args=[plan.pk]) + f"?priority={action.objective.priority_id}",
        reverse("actions:plan-detail", args=[plan.pk]) + "?priority=all",
        reverse("actions:action-list") + f"?plan={plan.pk}",
        reverse("actions:my-actions"),
        reverse("reports:dashboard", args=[plan.pk]),
        reverse("reports:accountability", args=[plan.pk]),
        reverse("actions:period-list", args=[plan.pk]),
        reverse("actions:period-progress", args=[period.pk]),
        reverse("actions:ratings-to-confirm", args=[plan.pk]),
        reverse("reports:pack-list", args=[plan.pk]),
        reverse("reports:pack-create", args=[plan.pk]),
        reverse("actions:import-new"),
        reverse("actions:action-detail", args=[action.pk]),
        reverse("actions:action-changes", args=[action.pk]),
        reverse("actions:statement-form", args=[action.pk, period.pk]),
        reverse("actions:due-date-change", args=[action.pk]),
        reverse("actions:period-close", args=[period.pk]),
        reverse("actions:reminder-settings"),
    ]


@pytest.mark.django_db(transaction=True)
def test_no_page_scrolls_sideways_at_320_or_1280px(page: Page, live_server):
    call_command("load_demo", "--today", TODAY.isoformat(), stdout=io.StringIO())
    page.goto(url(live_server, "/accounts/login/"))
    page.get_by_label("Username").fill("admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello, "))

    too_wide = []
    for width in (320, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        for path in demo_pages():
            response = page.goto(url(live_server, path))
            assert response.status == 200, f"{path}: {response.status}"
            scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
            if scroll_width > width + 1:
                too_wide.append(f"{path} at {width}px: {scroll_width}px wide")
            if width == 320:
                assert_accessible(page)
    assert not too_wide, "pages that scroll sideways:\n" + "\n".join(too_wide)
