"""The stale-form check on the period settings, a pack's cover and an import's confirmation; and the
period settings form itself (it is new with the check)."""

import datetime
import re

import pytest
from django.urls import reverse

from actions.cycle import services
from actions.cycle.models import ReportingPeriod
from reports import services as pack_services
from reports.models import Pack
from tests import factories as f
from tests.helpers import login, text_of


def version_on(response) -> str:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the form carries no version"
    return match.group(1)


# --- Reporting period settings ---------------------------------------------------------------------


@pytest.fixture
def settings_url(summer):
    return reverse("actions:period-settings", args=[summer.pk])


def period_data(**changes) -> dict:
    return {"name": "Summer term 2026", "as_at": "2026-07-31", "closes_on": "2026-07-10", **changes}


def test_period_settings_are_saved_and_kept_in_history(client, request, summer, settings_url):
    login(client, request, "alice")
    data = period_data(closes_on="2026-07-17", version=version_on(client.get(settings_url)))

    response = client.post(settings_url, data)

    assert response.status_code == 302
    summer.refresh_from_db()
    assert summer.closes_on == datetime.date(2026, 7, 17)
    assert summer.history.count() == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": ""}, "Enter a name for the reporting period"),
        ({"name": "spring term 2026"}, "already has a reporting period called"),
        ({"as_at": "2026-03-31"}, "Spring term 2026 is already as at 31 March 2026"),
        ({"as_at": "31/31/2026"}, "Enter the as-at date as a real date"),
        ({"closes_on": "2026-05-01"}, "must be on or after 1 June 2026, when updates opened"),
    ],
)
def test_bad_period_settings_say_what_is_wrong_and_change_nothing(
    client, request, summer, settings_url, changes, message
):
    login(client, request, "alice")

    response = client.post(settings_url, period_data(**changes, version=summer.version))

    assert message in text_of(response)
    assert ReportingPeriod.objects.get(pk=summer.pk).name == "Summer term 2026"


def test_a_published_periods_settings_are_locked(client, request, published_period):
    login(client, request, "alice")
    url = reverse("actions:period-settings", args=[published_period.pk])

    response = client.post(url, {"name": "Renamed", "as_at": "2025-12-31", "closes_on": "2026-01-10"})

    assert "has been published, so its settings are locked" in text_of(response)
    assert ReportingPeriod.objects.get(pk=published_period.pk).name == "Autumn term 2025"


def test_period_settings_changed_by_another_administrator_meanwhile_are_a_conflict(
    client, request, alice, summer, settings_url
):
    other = f.make_user("pete", "Plan administrator", first_name="Pete", last_name="Planwell")
    login(client, request, "alice")
    opened_on = version_on(client.get(settings_url))
    services.period_settings_change(
        user=other,
        period=summer,
        name="Summer term 2026",
        as_at=summer.as_at,
        closes_on=datetime.date(2026, 7, 3),
    )

    response = client.post(settings_url, period_data(closes_on="2026-07-24", version=opened_on))

    assert response.status_code == 409
    page = text_of(response)
    assert re.search(r"Pete Planwell changed this reporting period at \d\d:\d\d while you were editing", page)
    assert "3 July 2026" in page and "24 July 2026" in page
    assert 'value="2026-07-24"' in response.content.decode()

    again = client.post(settings_url, period_data(closes_on="2026-07-24", version=version_on(response)))

    assert again.status_code == 302
    assert ReportingPeriod.objects.get(pk=summer.pk).closes_on == datetime.date(2026, 7, 24)


# --- A pack's cover text ---------------------------------------------------------------------------


@pytest.fixture
def pack(alice, plan, summer):
    return pack_services.pack_create(
        user=alice, plan=plan, period=summer, audience="forum", title="Forum report"
    )


def pack_data(pack, **changes) -> dict:
    return {
        "audience": pack.audience,
        "period": pack.period_id,
        "title": pack.title,
        "purpose": pack.purpose,
        "context": pack.context,
        "recommendation": pack.recommendation,
        "author": pack.author,
        **changes,
    }


def test_a_pack_changed_meanwhile_is_a_conflict_with_both_cover_texts(client, request, alice, pack):
    pete = f.make_user("pete", "Plan administrator", first_name="Pete", last_name="Planwell")
    login(client, request, "alice")
    url = reverse("reports:pack-edit", args=[pack.pk])
    opened_on = version_on(client.get(url))
    pack_services.pack_update(user=pete, pack=pack, context="Pete's context: the high-needs deficit.")

    response = client.post(
        url, pack_data(pack, context="Alice's context: new inclusion funding.", version=opened_on)
    )

    assert response.status_code == 409
    page = text_of(response)
    assert re.search(r"Pete Planwell changed this pack at \d\d:\d\d while you were editing", page)
    assert "Pete's context: the high-needs deficit." in page
    assert "Alice's context: new inclusion funding." in page
    assert Pack.objects.get(pk=pack.pk).context == "Pete's context: the high-needs deficit."

    again = client.post(
        url, pack_data(pack, context="Alice's context: new inclusion funding.", version=version_on(response))
    )

    assert again.status_code == 302
    assert Pack.objects.get(pk=pack.pk).context == "Alice's context: new inclusion funding."


def test_saving_a_pack_twice_saves_once(client, request, pack):
    login(client, request, "alice")
    url = reverse("reports:pack-edit", args=[pack.pk])
    data = pack_data(pack, title="Progress report", version=version_on(client.get(url)))

    first, second = client.post(url, data), client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Pack.objects.get(pk=pack.pk).history.filter(title="Progress report").count() == 1


def test_publishing_a_pack_changed_after_its_page_was_opened_is_held_back(
    client, request, alice, pack, summer
):
    login(client, request, "alice")
    opened_on = version_on(client.get(pack.get_absolute_url()))
    pack_services.pack_update(user=alice, pack=pack, title="Changed in another window")

    response = client.post(
        reverse("reports:pack-publish", args=[pack.pk]), {"version": opened_on}, follow=True
    )

    assert "changed this pack at" in text_of(response)
    assert "Check the preview again, then publish it" in text_of(response)
    assert Pack.objects.get(pk=pack.pk).state == Pack.State.DRAFT
    summer.refresh_from_db()
    assert summer.is_open


def test_publish_pressed_twice_publishes_once(client, request, settings, tmp_path, pack):
    settings.MEDIA_ROOT = tmp_path
    login(client, request, "alice")
    data = {"version": version_on(client.get(pack.get_absolute_url()))}
    url = reverse("reports:pack-publish", args=[pack.pk])

    client.post(url, data)
    second = client.post(url, data, follow=True)

    assert re.search(
        r"You started publishing this pack at \d\d:\d\d: pressing Publish again did nothing", text_of(second)
    )
    assert Pack.objects.get(pk=pack.pk).history.filter(state=Pack.State.PUBLISHING).count() == 1


# --- Confirming an import ----------------------------------------------------------------------------


@pytest.fixture
def previewed(client, request, alice):
    from tests.actions.importing.test_import_views import SMALL, only_import, upload, workbook_upload

    login(client, request, "alice")
    upload(client, reverse("actions:import-new"), workbook_upload(SMALL))
    return only_import()


def summary_on(response) -> str:
    match = re.search(r'name="summary" value="([^"]*)"', response.content.decode())
    assert match
    return match.group(1)


def test_confirming_an_import_read_differently_since_the_preview_is_a_conflict(client, previewed):
    from actions.importing import services as import_services
    from actions.plans.models import Plan

    pete = f.make_user("pete", "Plan administrator", first_name="Pete", last_name="Planwell")
    page = client.get(previewed.get_absolute_url())
    checked = {"version": version_on(page), "summary": summary_on(page)}
    import_services.plan_import_set_row(user=pete, record=previewed, row=6, choice="skip")

    response = client.post(reverse("actions:import-confirm", args=[previewed.pk]), checked)

    assert response.status_code == 409
    text = text_of(response)
    assert re.search(
        r"Pete Planwell changed how this file is read at \d\d:\d\d while you were checking the preview", text
    )
    assert "2 actions" in text and "1 actions" in text  # what was checked beside what it reads now
    assert Plan.objects.count() == 0

    again = client.post(
        reverse("actions:import-confirm", args=[previewed.pk]),
        {"version": version_on(response), "summary": summary_on(response)},
    )

    assert again.status_code == 302
    assert Plan.objects.count() == 1


def test_two_import_confirmations_import_once_and_the_second_is_told(client, previewed):
    from actions.plans.models import Plan

    page = client.get(previewed.get_absolute_url())
    checked = {"version": version_on(page), "summary": summary_on(page)}
    url = reverse("actions:import-confirm", args=[previewed.pk])

    client.post(url, checked)
    second = client.post(url, checked, follow=True)

    assert "An import runs once, so pressing the button again did nothing" in text_of(second)
    assert Plan.objects.count() == 1


def test_updating_one_cover_field_keeps_the_others(alice, pack):
    """A service call naming only the context (as a script or another view would) leaves the title."""
    pack_services.pack_update(user=alice, pack=pack, context="New context")

    saved = Pack.objects.get(pk=pack.pk)
    assert (saved.title, saved.context) == ("Forum report", "New context")
