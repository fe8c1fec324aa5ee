"""Under a deadline's load, cached pages lag other people's saves by up to FIGURES_LAG_SECONDS, never
the saver's own (sendplan.caching.shown_revision), with a real cache and real requests."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import text_of
from tests.test_caching import Clock


@pytest.fixture
def lag(settings, memory_cache):
    settings.FIGURES_LAG_SECONDS = 10


def rag_of(client, url, description="Run SENCO network meetings"):
    return text_of(client.get(url)).split(description, 1)[1][:300]


def test_a_board_member_sees_a_save_within_the_lag_and_the_officer_at_once(
    lag, monkeypatch, olivia, bea, action, open_period
):
    clock = Clock(monkeypatch)
    officer, board = Client(), Client()
    officer.force_login(olivia)
    board.force_login(bea)
    url = f"{reverse('actions:action-list')}?period={open_period.pk}"
    assert "Red" not in rag_of(board, url)

    clock.now += 2
    saved = officer.post(
        reverse("actions:statement-form", args=[action.pk, open_period.pk]),
        {"rag": "red", "narrative": "Behind: two schools withdrew.", "seen_version": "0"},
    )
    assert saved.status_code == 302

    assert "Red" in rag_of(officer, url)
    clock.now += 2
    assert "Red" not in rag_of(board, url)  # figures as they were 4 s ago
    clock.now += 10
    assert "Red" in rag_of(board, url)


def test_the_dashboard_follows_the_same_rule(lag, monkeypatch, olivia, bea, plan, action, open_period):
    clock = Clock(monkeypatch)
    officer, board = Client(), Client()
    officer.force_login(olivia)
    board.force_login(bea)
    url = reverse("reports:dashboard", args=[plan.pk])
    before = text_of(board.get(url))

    officer.post(
        reverse("actions:statement-form", args=[action.pk, open_period.pk]),
        {"rag": "red", "narrative": "Behind: two schools withdrew.", "seen_version": "0"},
    )
    assert text_of(board.get(url)) == before
    clock.now += 11
    assert text_of(board.get(url)) != before
