"""The stale-form check on the position statement form: a save over a newer version is refused with
both versions side by side, the person's own words kept, and "save mine on top" works deliberately."""

import re

import pytest
from django.urls import reverse

from actions.cycle import services
from actions.cycle.models import PositionStatement
from sendplan.concurrency import EditConflict
from tests.helpers import login, text_of


@pytest.fixture
def url(action, summer):
    return reverse("actions:statement-form", args=[action.pk, summer.pk])


def version_on(response) -> str:
    match = re.search(r'name="version" value="(\d+)"', response.content.decode())
    assert match, "the form carries no version"
    return match.group(1)


def test_the_form_carries_the_version_it_was_opened_on(client, request, olivia, action, summer, url):
    login(client, request, "olivia")
    assert version_on(client.get(url)) == "0"  # no statement yet

    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="amber", narrative="First."
    )
    assert version_on(client.get(url)) == "1"


def test_saving_over_a_newer_version_is_refused_with_both_texts_and_mine_kept(
    client, request, olivia, alice, action, summer, url
):
    alice.first_name, alice.last_name = "Lydia", "Fablegate"
    alice.save()
    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="amber", narrative="Mine v1."
    )
    login(client, request, "olivia")
    opened_on = version_on(client.get(url))
    services.position_statement_record(  # the administrator saves while Olivia is editing
        user=alice, action=action, period=summer, rag="red", narrative="Lydia's rewrite: funding withdrawn."
    )

    response = client.post(
        url, {"rag": "green", "narrative": "Olivia's words: all meetings held.", "version": opened_on}
    )

    assert response.status_code == 409
    page = text_of(response)
    assert re.search(r"Lydia Fablegate changed this statement at \d\d:\d\d while you were editing", page)
    assert "There is a problem" in page
    # Both versions side by side, and the officer's own words still in the form.
    assert "Lydia's rewrite: funding withdrawn." in page and "Red" in page
    body = response.content.decode()
    assert re.search(r"<textarea[^>]*>\s*Olivia&#x27;s words: all meetings held.</textarea>", body)
    assert re.search(r'value="green"[^>]*checked', body)
    assert "Save my version on top" in page
    assert version_on(response) == "2"  # the newer version: saving again replaces what was just shown
    statement = PositionStatement.objects.get(action=action, period=summer)
    assert statement.narrative == "Lydia's rewrite: funding withdrawn."  # nothing was overwritten


def test_save_mine_on_top_replaces_theirs_deliberately_and_history_keeps_both(
    client, request, olivia, alice, action, summer, url
):
    services.position_statement_record(user=olivia, action=action, period=summer, rag="amber", narrative="v1")
    login(client, request, "olivia")
    opened_on = version_on(client.get(url))
    services.position_statement_record(
        user=alice, action=action, period=summer, rag="red", narrative="Theirs"
    )
    conflict = client.post(url, {"rag": "green", "narrative": "Mine", "version": opened_on})

    response = client.post(url, {"rag": "green", "narrative": "Mine", "version": version_on(conflict)})

    assert response.status_code == 302
    statement = PositionStatement.objects.get(action=action, period=summer)
    assert (statement.rag, statement.narrative, statement.version) == ("green", "Mine", 3)
    assert [h.narrative for h in statement.history.order_by("history_date")] == ["v1", "Theirs", "Mine"]


def test_a_second_save_in_between_is_caught_on_the_conflict_page_too(
    client, request, olivia, alice, action, summer, url
):
    services.position_statement_record(user=olivia, action=action, period=summer, rag="amber", narrative="v1")
    login(client, request, "olivia")
    conflict = client.post(url, {"rag": "green", "narrative": "Mine", "version": "0"})
    services.position_statement_record(user=alice, action=action, period=summer, rag="red", narrative="Again")

    response = client.post(url, {"rag": "green", "narrative": "Mine", "version": version_on(conflict)})

    assert response.status_code == 409
    assert PositionStatement.objects.get(action=action, period=summer).narrative == "Again"


def test_a_statement_written_by_someone_else_while_the_empty_form_was_open_is_a_conflict(
    client, request, alice, action, summer, url
):
    login(client, request, "olivia")
    opened_on = version_on(client.get(url))
    services.position_statement_record(
        user=alice, action=action, period=summer, rag="red", narrative="Alice first"
    )

    response = client.post(url, {"rag": "green", "narrative": "Olivia second", "version": opened_on})

    assert response.status_code == 409
    assert "changed this statement" in text_of(response)


def test_pressing_save_twice_saves_once_without_a_conflict(client, request, action, summer, url):
    login(client, request, "olivia")
    opened_on = version_on(client.get(url))
    data = {"rag": "green", "narrative": "Pressed twice", "version": opened_on}

    first, second = client.post(url, data), client.post(url, data)

    assert (first.status_code, second.status_code) == (302, 302)
    statement = PositionStatement.objects.get(action=action, period=summer)
    assert statement.history.count() == 1


def test_my_own_save_in_another_window_is_named_as_mine(client, request, olivia, action, summer, url):
    login(client, request, "olivia")
    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="red", narrative="Tab one"
    )

    response = client.post(url, {"rag": "green", "narrative": "Tab two", "version": "0"})

    assert response.status_code == 409
    assert re.search(r"You changed this statement at \d\d:\d\d in another tab or window", text_of(response))


def test_the_service_refuses_a_stale_version_and_accepts_none_from_commands(olivia, alice, action, summer):
    services.position_statement_record(user=olivia, action=action, period=summer, rag="amber", narrative="v1")
    services.position_statement_record(user=alice, action=action, period=summer, rag="red", narrative="v2")

    with pytest.raises(EditConflict) as caught:
        services.position_statement_record(
            user=olivia, action=action, period=summer, rag="green", narrative="v3", seen_version=1
        )
    assert caught.value.version == 2
    services.position_statement_record(user=olivia, action=action, period=summer, rag="green", narrative="v3")
    assert PositionStatement.objects.get(action=action, period=summer).version == 3


def test_a_tampered_version_is_a_clear_error(client, request, action, summer, url):
    login(client, request, "olivia")

    response = client.post(url, {"rag": "green", "narrative": "Words", "version": "-4"})

    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert not PositionStatement.objects.filter(action=action, period=summer).exists()
