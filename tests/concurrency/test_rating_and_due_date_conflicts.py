"""The stale-form check on confirming a rating and on moving a due date, and confirm pressed twice."""

import datetime
import re

import pytest
from django.urls import reverse

from actions.cycle import services
from actions.cycle.models import PositionStatement
from tests.helpers import login, text_of


def version_on(response) -> str:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the form carries no version"
    return match.group(1)


@pytest.fixture
def proposed(olivia, action, summer):
    olivia.person.name = "Lydia Fablegate"  # named on screen by her Person's name
    olivia.person.save()
    return services.position_statement_record(
        user=olivia,
        action=action,
        period=summer,
        rag="amber",
        narrative="Meetings held in two of three areas.",
    )


# --- Confirming a rating ---------------------------------------------------------------------------


def test_the_ratings_page_carries_each_statements_version(client, request, alice, proposed):
    login(client, request, "alice")

    response = client.get(reverse("actions:ratings-to-confirm", args=[proposed.period.plan_id]))

    assert f'name="version" value="{proposed.version}"' in response.content.decode()


def test_confirming_a_statement_the_lead_changed_meanwhile_is_refused_with_both_versions(
    client, request, alice, olivia, proposed, action, summer
):
    login(client, request, "alice")
    seen = proposed.version
    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="red", narrative="The third area has withdrawn."
    )

    response = client.post(
        reverse("actions:rating-confirm", args=[proposed.pk]),
        {"change": "1", "rag": "green", "reason": "Ahead of plan", "version": seen},
    )

    assert response.status_code == 409
    page = text_of(response)
    assert re.search(
        r"Lydia Fablegate changed this statement at \d\d:\d\d while you were confirming its rating", page
    )
    assert "Meetings held in two of three areas." in page  # what the confirmer read
    assert "The third area has withdrawn." in page  # what the lead saved since
    assert "Ahead of plan" in response.content.decode()  # the confirmer's reason kept
    assert re.search(r'value="green"[^>]*checked', response.content.decode())
    statement = PositionStatement.objects.get(pk=proposed.pk)
    assert not statement.is_confirmed


def test_confirming_again_from_the_conflict_page_confirms_the_new_version(
    client, request, alice, olivia, proposed, action, summer
):
    login(client, request, "alice")
    seen = proposed.version
    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="red", narrative="Changed."
    )
    url = reverse("actions:rating-confirm", args=[proposed.pk])
    conflict = client.post(url, {"version": seen})

    response = client.post(url, {"version": version_on(conflict)})

    assert response.status_code == 302
    statement = PositionStatement.objects.get(pk=proposed.pk)
    assert (statement.is_confirmed, statement.rag) == (True, "red")


def test_confirm_pressed_twice_confirms_once_and_says_so(client, request, alice, proposed):
    login(client, request, "alice")
    url = reverse("actions:rating-confirm", args=[proposed.pk])
    data = {"version": proposed.version}

    first = client.post(url, data)
    second = client.post(url, data, follow=True)

    assert first.status_code == 302
    assert re.search(
        r"You already confirmed this rating \(Amber\) at \d\d:\d\d: nothing more was done", text_of(second)
    )
    statement = PositionStatement.objects.get(pk=proposed.pk)
    confirmations = [h for h in statement.history.all() if h.history_change_reason == "Rating confirmed"]
    assert len(confirmations) == 1


# --- Moving a due date -----------------------------------------------------------------------------


@pytest.fixture
def dated(action):
    action.start_date, action.due_date = datetime.date(2026, 1, 1), datetime.date(2026, 7, 31)
    action.save()
    return action


def test_moving_a_due_date_someone_moved_meanwhile_is_refused_with_both_dates(
    client, request, alice, olivia, dated
):
    alice.first_name, alice.last_name = "Ana", "Adminson"
    alice.save()
    login(client, request, "olivia")
    url = reverse("actions:due-date-change", args=[dated.pk])
    opened_on = version_on(client.get(url))
    services.action_due_date_change(
        user=alice, action=dated, due_date=datetime.date(2026, 9, 30), reason="Board agreed a term's delay"
    )

    response = client.post(url, {"due_date": "2026-12-31", "reason": "Funding late", "version": opened_on})

    assert response.status_code == 409
    page = text_of(response)
    assert re.search(r"Ana Adminson changed this action at \d\d:\d\d while you were editing", page)
    assert "30 September 2026" in page and "31 December 2026" in page
    assert "Board agreed a term" in page and "Funding late" in page
    assert 'value="2026-12-31"' in response.content.decode()
    dated.refresh_from_db()
    assert dated.due_date == datetime.date(2026, 9, 30)

    again = client.post(
        url, {"due_date": "2026-12-31", "reason": "Funding late", "version": version_on(response)}
    )

    assert again.status_code == 302
    dated.refresh_from_db()
    assert dated.due_date == datetime.date(2026, 12, 31)


def test_moving_a_due_date_pressed_twice_moves_it_once(client, request, olivia, dated):
    login(client, request, "olivia")
    url = reverse("actions:due-date-change", args=[dated.pk])
    data = {"due_date": "2026-10-31", "reason": "Later start", "version": version_on(client.get(url))}

    first, second = client.post(url, data), client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    assert dated.history.filter(due_date=datetime.date(2026, 10, 31)).count() == 1
