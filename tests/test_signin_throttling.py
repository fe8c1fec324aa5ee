"""Sign-in throttling (django-axes): after too many failed attempts for one account or from one
address, sign-in is refused for a while with a clear page; resetting a password stays open and never
says whether an account exists; plan administrators see and clear lockouts in the admin."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from sendplan.signin import client_ip
from tests.helpers import text_of

PASSWORD = "correct-horse-battery"
LIMIT = 5


@pytest.fixture(autouse=True)
def _throttling(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)


def _sign_in(client, username, password, address="192.0.2.10"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(client, username, times, address="192.0.2.10"):
    """Wrong passwords: the sign-in page again with its error, until the one that reaches the limit,
    which is answered with the lockout page."""
    for _ in range(times):
        response = _sign_in(client, username, "not-the-password", address)
        assert response.status_code in (200, 429)
    return response


def test_the_failure_that_reaches_the_limit_is_answered_with_the_lockout(client, olivia):
    assert _fail(client, "olivia", LIMIT - 1).status_code == 200

    assert _fail(client, "olivia", 1).status_code == 429


def test_the_right_password_after_a_few_wrong_ones_signs_in(client, olivia):
    _fail(client, "olivia", LIMIT - 1)

    response = _sign_in(client, "olivia", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_too_many_wrong_passwords_lock_the_account_even_against_the_right_one(client, olivia):
    _fail(client, "olivia", LIMIT)

    response = _sign_in(client, "olivia", PASSWORD)

    assert response.status_code == 429
    page = text_of(response)
    assert "Too many attempts to sign in" in page
    assert f"{LIMIT} or more unsuccessful attempts" in page
    assert "paused for 15 minutes" in page
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_the_window(client, olivia):
    _fail(client, "olivia", LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    response = _sign_in(client, "olivia", PASSWORD)

    assert response.status_code == 302


def test_many_wrong_passwords_from_one_address_lock_that_address_for_every_account(client, olivia):
    for number in range(LIMIT):
        _fail(client, f"guess{number}", 1, address="198.51.100.7")

    assert _sign_in(client, "olivia", PASSWORD, address="198.51.100.7").status_code == 429
    assert _sign_in(client, "olivia", PASSWORD, address="203.0.113.5").status_code == 302


def test_a_plan_administrator_sees_and_clears_a_lockout(client, alice, olivia):
    _fail(client, "olivia", LIMIT)
    attempt = AccessAttempt.objects.get(username="olivia")
    client.force_login(alice)

    listed = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert listed.status_code == 200
    assert "olivia" in text_of(listed)
    cleared = client.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert cleared.status_code == 302
    client.logout()

    assert _sign_in(client, "olivia", PASSWORD).status_code == 302


@pytest.mark.parametrize("who", ["olivia", "bea", "fern", "nora"])
def test_only_plan_administrators_see_lockouts(client, request, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert response.status_code == 302  # to the admin's own sign-in: not staff


def test_resetting_a_password_stays_open_while_locked_out(client, olivia):
    olivia.email = "olivia@example.org"
    olivia.save()
    _fail(client, "olivia", LIMIT)

    assert client.get(reverse("password_reset")).status_code == 200
    response = client.post(
        reverse("password_reset"), {"email": "olivia@example.org"}, REMOTE_ADDR="192.0.2.10"
    )

    assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_resetting_a_password_never_says_whether_the_account_exists(client, olivia):
    olivia.email = "olivia@example.org"
    olivia.save()

    known = client.post(reverse("password_reset"), {"email": "olivia@example.org"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert text_of(known) == text_of(unknown)
    assert [m.to for m in mail.outbox] == [["olivia@example.org"]]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no trusted proxy: the header is the visitor's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # the left part was written by the visitor
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.9", "203.0.113.9"),
        (2, "203.0.113.9", "10.0.0.2"),  # fewer hops than proxies: fall back to the connection
    ],
)
def test_the_address_counted_is_the_visitors_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected
