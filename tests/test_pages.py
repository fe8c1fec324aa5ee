"""Guards over every page: exactly one <h1>, and no model change without its migration."""

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.helpers import h1_count
from tests.test_access_matrix import EXPECTED, make_matrix_objects, url_for

# URL names that are not pages: POST-only actions, downloads (a PDF or workbook) and a JSON status.
NOT_PAGES = {
    "logout",
    "reports:pack-publish",
    "reports:pack-download",
    "reports:priority-action-plan",
    "actions:import-confirm",
    "actions:import-row",
    "actions:import-period",
    "actions:import-name",
    "actions:import-start-again",
    "actions:import-status",
    "actions:plan-export",
    "actions:period-remind",
    "actions:statement-carry-forward",
    "actions:rating-confirm",
    "actions:measure-confirm",
    "actions:measure-comparator-delete",
    "actions:measure-statistics-preview",  # without an upload's token it sends you back to the upload
    "actions:measure-statistics-confirm",
}
# Every URL name that alice can GET as a page.
PAGES = sorted(
    name for name, statuses in EXPECTED.items() if statuses["alice"] == 200 and name not in NOT_PAGES
)


def test_every_page_is_checked():
    assert set(PAGES) | NOT_PAGES == set(EXPECTED)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_exactly_one_h1(client, alice, plan, periods, action, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    objects = make_matrix_objects(plan, periods[2], alice)
    client.force_login(alice)

    response = client.get(url_for(name, plan=plan, action=action, period=periods[2], objects=objects))

    assert response.status_code == 200
    assert h1_count(response) == 1


@pytest.mark.parametrize(
    "name", ["login", "password_reset", "password_reset_done", "password_reset_complete"]
)
def test_signed_out_pages_have_exactly_one_h1(client, db, name):
    assert h1_count(client.get(reverse(name))) == 1


def test_page_with_form_errors_has_exactly_one_h1(client, alice, action, periods):
    client.force_login(alice)

    response = client.post(reverse("actions:statement-form", args=[action.pk, periods[2].pk]), {})

    assert response.status_code == 200
    assert h1_count(response) == 1


def test_valid_password_reset_link_page_has_exactly_one_h1(client, alice):
    uid = urlsafe_base64_encode(force_bytes(alice.pk))
    token = default_token_generator.make_token(alice)

    response = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)

    assert "Choose a new password" in response.content.decode()
    assert h1_count(response) == 1


@pytest.mark.parametrize(
    ("who", "url_name", "status"),
    [("alice", "published-statement", 403), ("nora", "home", 403), ("alice", "missing-action", 404)],
)
def test_error_pages_have_exactly_one_h1(client, request, action, periods, who, url_name, status):
    client.force_login(request.getfixturevalue(who))
    url = {
        "published-statement": reverse("actions:statement-form", args=[action.pk, periods[0].pk]),
        "home": reverse("home"),
        "missing-action": reverse("actions:action-detail", args=[999999]),
    }[url_name]

    response = client.get(url)

    assert response.status_code == status
    assert h1_count(response) == 1


def test_no_migrations_are_missing(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
