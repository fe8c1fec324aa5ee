"""The stale-form check in the Django admin, on each model edited through a form elsewhere."""

import datetime
import re

import pytest
from django.urls import reverse

from actions.cycle import services
from actions.cycle.models import PositionStatement
from tests import factories as f
from tests.helpers import text_of


def form_data(response) -> dict:
    """What the admin change form would send as it stands."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


@pytest.fixture
def statement(olivia, action, summer):
    return services.position_statement_record(
        user=olivia, action=action, period=summer, rag="amber", narrative="v1"
    )


def test_saving_a_statement_someone_changed_meanwhile_is_refused_in_the_admin(
    client, alice, olivia, action, summer, statement
):
    olivia.person.name = "Lydia Fablegate"  # named on screen by her Person's name
    olivia.person.save()
    client.force_login(alice)
    url = reverse("admin:actions_positionstatement_change", args=[statement.pk])
    data = form_data(client.get(url))
    services.position_statement_record(user=olivia, action=action, period=summer, rag="red", narrative="Hers")

    response = client.post(url, {**data, "narrative": "The administrator's words"})

    assert response.status_code == 200  # the form again, with the error
    page = text_of(response)
    assert re.search(
        r"Lydia Fablegate changed this position statement at \d\d:\d\d while you were editing", page
    )
    assert "saved “Hers”, yours “The administrator's words”" in page
    assert "The administrator&#x27;s words" in response.content.decode()  # kept in the form
    assert PositionStatement.objects.get(pk=statement.pk).narrative == "Hers"

    again = client.post(url, {**form_data(response), "narrative": "The administrator's words"})

    assert again.status_code == 302
    saved = PositionStatement.objects.get(pk=statement.pk)
    assert saved.narrative == "The administrator's words"
    assert [h.narrative for h in saved.history.order_by("history_date")] == [
        "v1",
        "Hers",
        "The administrator's words",
    ]


def test_an_admin_save_with_nothing_changed_meanwhile_goes_through(client, alice, statement):
    client.force_login(alice)
    url = reverse("admin:actions_positionstatement_change", args=[statement.pk])

    response = client.post(url, {**form_data(client.get(url)), "narrative": "Corrected"})

    assert response.status_code == 302
    assert PositionStatement.objects.get(pk=statement.pk).narrative == "Corrected"


def test_moving_a_due_date_in_the_admin_over_a_newer_one_is_refused(client, alice, olivia, action):
    action.due_date = datetime.date(2026, 7, 31)
    action.save()
    client.force_login(alice)
    url = reverse("admin:actions_action_change", args=[action.pk])
    data = form_data(client.get(url))
    services.action_due_date_change(
        user=olivia, action=action, due_date=datetime.date(2026, 9, 30), reason="Late"
    )

    response = client.post(url, {**data, "due_date": "2026-12-31", "due_date_reason": "Board decision"})

    assert response.status_code == 200
    assert "changed this action at" in text_of(response)
    action.refresh_from_db()
    assert action.due_date == datetime.date(2026, 9, 30)


def test_changing_a_period_in_the_admin_over_a_newer_version_is_refused(client, alice, summer):
    client.force_login(alice)
    url = reverse("admin:actions_reportingperiod_change", args=[summer.pk])
    data = form_data(client.get(url))
    services.period_settings_change(
        user=alice, period=summer, name="Summer 2026", as_at=summer.as_at, closes_on=summer.closes_on
    )

    response = client.post(url, {**data, "name": "Summer term 2026 (corrected)"})

    assert response.status_code == 200
    assert "You changed this reporting period at" in text_of(response)
    summer.refresh_from_db()
    assert summer.name == "Summer 2026"


def test_changing_a_pack_in_the_admin_over_a_newer_version_is_refused(client, alice, plan, summer):
    pack = f.make_pack(plan, summer, title="Forum report")
    client.force_login(alice)
    url = reverse("admin:reports_pack_change", args=[pack.pk])
    data = form_data(client.get(url))
    from reports import services as pack_services

    pack_services.pack_update(user=alice, pack=pack, title="Forum report, summer")

    response = client.post(url, {**data, "context": "New context"})

    assert response.status_code == 200
    assert "saved “Forum report, summer”, yours “Forum report”" in text_of(response)
