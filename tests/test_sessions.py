"""Sessions on shared council computers (sendplan/sessions.py): signed out after a spell without use
with a clear reason on the sign-in page, and at browser close; and signed out everywhere else when a
password is changed, reset or set by an administrator."""

import re
import time

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.importing.models import PlanImport
from sendplan.sessions import LAST_ACTIVITY_KEY
from tests.helpers import text_of

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-fresh-long-passphrase-42"
MESSAGE_30 = (
    "You were signed out because you had not used sendplan for 30 minutes. Sign in again to carry on."
)
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _timeout(settings):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 30


def _last_used(client, minutes_ago: float) -> None:
    """Move the session's last-activity stamp back, as if nobody had used it since."""
    session = client.session
    session[LAST_ACTIVITY_KEY] = int(time.time() - minutes_ago * 60)
    session.save()


def _session_writes(client, url: str, **extra) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **extra)
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if re.match(r'\s*(UPDATE|INSERT INTO) "django_session"', q["sql"])
    ]
    return response, len(writes)


def _signed_in(client) -> bool:
    return SESSION_KEY in client.session


# --- Idle timeout ---------------------------------------------------------------------------------


def test_idle_past_the_timeout_signs_out_and_says_why_on_the_sign_in_page(client, olivia):
    client.force_login(olivia)
    _last_used(client, 31)
    page = reverse("actions:my-actions")

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={page}"
    assert not _signed_in(client)
    sign_in = client.get(response["Location"])
    assert MESSAGE_30 in text_of(sign_in)
    again = client.get(page)
    assert again.status_code == 302 and again["Location"].startswith(reverse("login"))
    assert MESSAGE_30 not in text_of(client.get(reverse("login")))  # said once


def test_use_within_the_timeout_keeps_you_signed_in_and_restarts_the_clock(client, olivia):
    client.force_login(olivia)
    _last_used(client, 29)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert _signed_in(client)
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 5


def test_signing_in_starts_the_clock_and_the_first_pages_write_no_session(client, olivia):
    response = client.post(reverse("login"), {"username": "olivia", "password": PASSWORD})
    assert response.status_code == 302
    assert time.time() - client.session[LAST_ACTIVITY_KEY] < 5

    for _ in range(3):
        page, writes = _session_writes(client, reverse("home"))
        assert page.status_code == 200
        assert writes == 0


def test_the_stamp_is_rewritten_at_most_once_a_minute(client, olivia):
    client.force_login(olivia)
    _last_used(client, 2)

    first, first_writes = _session_writes(client, reverse("home"))
    second, second_writes = _session_writes(client, reverse("home"))

    assert first.status_code == second.status_code == 200
    assert first_writes == 1
    assert second_writes == 0


def test_under_a_minute_since_the_stamp_nothing_is_written(client, olivia):
    client.force_login(olivia)
    _last_used(client, 0.5)
    stamp = client.session[LAST_ACTIVITY_KEY]

    response, writes = _session_writes(client, reverse("home"))

    assert response.status_code == 200
    assert writes == 0
    assert client.session[LAST_ACTIVITY_KEY] == stamp


def test_the_timeout_is_a_setting(client, settings, olivia):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    client.force_login(olivia)
    _last_used(client, 4)
    assert client.get(reverse("home")).status_code == 200

    _last_used(client, 6)
    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "you had not used sendplan for 5 minutes. Sign in again to carry on." in text_of(response)
    assert not _signed_in(client)


def test_a_timeout_of_zero_turns_it_off(client, settings, olivia):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 0
    client.force_login(olivia)
    _last_used(client, 60 * 24)

    assert client.get(reverse("home")).status_code == 200
    assert _signed_in(client)


def test_a_session_from_before_the_timeout_existed_is_stamped_not_signed_out(client, olivia):
    client.force_login(olivia)
    session = client.session
    del session[LAST_ACTIVITY_KEY]
    session.save()

    assert client.get(reverse("home")).status_code == 200
    assert _signed_in(client)
    assert LAST_ACTIVITY_KEY in client.session


def test_anonymous_visitors_are_unaffected(client, olivia):
    sign_in = client.get(reverse("login"))
    assert sign_in.status_code == 200
    assert "signed out because" not in text_of(sign_in)

    page = client.get(reverse("home"))
    assert page.status_code == 302 and page["Location"].startswith(reverse("login"))
    assert "sessionid" not in client.cookies  # nothing was stored for them


def test_an_idle_session_opening_the_sign_in_page_is_signed_out_there(client, olivia):
    client.force_login(olivia)
    _last_used(client, 45)

    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert MESSAGE_30 in text_of(response)
    assert not _signed_in(client)


def test_someone_else_signing_in_over_an_idle_session_is_not_told_about_it(client, olivia, alice):
    client.force_login(olivia)
    _last_used(client, 31)

    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD}, follow=True)

    assert response.status_code == 200
    assert client.session[SESSION_KEY] == str(alice.pk)
    assert "signed out because" not in text_of(response)


def test_a_form_sent_after_the_timeout_is_not_acted_on(client, olivia):
    client.force_login(olivia)
    _last_used(client, 31)

    response = client.post(reverse("logout"))  # any form: the middleware answers before the view

    assert response.status_code == 302
    assert response["Location"] == reverse("login")  # no ?next= back to a form's target
    assert not _signed_in(client)


def test_the_session_cookie_ends_with_the_browser(client, olivia):
    response = client.post(reverse("login"), {"username": "olivia", "password": PASSWORD})

    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""


# --- A page left open: the import progress poll ---------------------------------------------------


@pytest.fixture
def running_import(alice):
    return PlanImport.objects.create(filename="plan.xlsx", file="imports/plan.xlsx", done=200, total=800)


def test_the_progress_poll_does_not_count_as_use(client, alice, running_import):
    client.force_login(alice)
    _last_used(client, 10)
    stamp = client.session[LAST_ACTIVITY_KEY]
    status = reverse("actions:import-status", args=[running_import.pk])

    response, writes = _session_writes(client, status, **JSON)

    assert response.status_code == 200 and response.json()["done"] == 200
    assert writes == 0
    assert client.session[LAST_ACTIVITY_KEY] == stamp


def test_the_progress_poll_after_the_timeout_is_signed_out_and_leaves_the_message_for_the_person(
    client, alice, running_import
):
    client.force_login(alice)
    _last_used(client, 31)
    status = reverse("actions:import-status", args=[running_import.pk])

    polled = client.get(status, **JSON)

    assert polled.status_code == 302 and polled["Location"] == reverse("login")  # no JSON for it
    assert not _signed_in(client)
    # fetch() follows the redirect, asking for JSON again: the sign-in page it gets keeps the message
    assert MESSAGE_30 not in text_of(client.get(status, follow=True, **JSON))
    # ...for the person's next page
    assert MESSAGE_30 in text_of(client.get(reverse("home"), follow=True))


# --- Signed out everywhere else when the password changes -----------------------------------------


def _two_sessions(user) -> tuple[Client, Client]:
    first, second = Client(), Client()
    first.force_login(user)
    second.force_login(user)
    return first, second


def _is_signed_out(client) -> bool:
    response = client.get(reverse("home"))
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_changing_the_password_signs_out_every_other_session_but_this_one(olivia):
    here, elsewhere = _two_sessions(olivia)

    changed = here.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert changed.status_code == 302 and changed["Location"] == reverse("password_change_done")
    assert _is_signed_out(elsewhere)
    assert here.get(reverse("home")).status_code == 200


def test_resetting_the_password_signs_out_every_session(olivia):
    olivia.email = "olivia@example.org"
    olivia.save()
    signed_in_here, signed_in_elsewhere = _two_sessions(olivia)
    forgetful = Client()

    forgetful.post(reverse("password_reset"), {"email": "olivia@example.org"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form = forgetful.get(link)
    assert form.status_code == 302  # to the set-password form, the token kept in the session
    done = forgetful.post(form["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert _is_signed_out(signed_in_here)
    assert _is_signed_out(signed_in_elsewhere)
    signing_in = Client().post(reverse("login"), {"username": "olivia", "password": NEW_PASSWORD})
    assert signing_in.status_code == 302 and signing_in["Location"] == reverse("home")


def test_an_administrator_setting_a_password_signs_out_that_users_sessions(client, alice, olivia):
    olivias_desk, olivias_phone = _two_sessions(olivia)
    client.force_login(alice)

    response = client.post(
        reverse("admin:auth_user_password_change", args=[olivia.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert _is_signed_out(olivias_desk)
    assert _is_signed_out(olivias_phone)
    assert client.get(reverse("home")).status_code == 200  # the administrator stays signed in


def test_an_administrator_setting_their_own_password_in_the_admin_keeps_only_that_session(alice):
    admin_session, elsewhere = _two_sessions(alice)

    response = admin_session.post(
        reverse("admin:auth_user_password_change", args=[alice.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert _is_signed_out(elsewhere)
    assert admin_session.get(reverse("home")).status_code == 200
