"""The rendered action list is cached per filters, day and plan revision: served again without being
counted, fetched or rendered, yet any change to a plan shows at once."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from actions.cycle import services
from tests.helpers import count_queries, text_of


@pytest.fixture
def real_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()


def test_the_list_is_served_from_the_cache_until_a_plan_changes(
    client, real_cache, olivia, action, other_action, summer
):
    client.force_login(olivia)
    url = f"{reverse('actions:action-list')}?period={summer.pk}"

    cold = count_queries(client, url)
    warm = count_queries(client, url)
    assert warm < cold
    assert "Run SENCO network meetings" in text_of(client.get(url))

    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="red", narrative="Behind: two schools withdrew."
    )
    page = text_of(client.get(url))

    assert "Red" in page.split("Run SENCO network meetings", 1)[1][:400]


def test_different_filters_are_cached_apart(client, real_cache, olivia, action, other_action, summer):
    client.force_login(olivia)
    base = reverse("actions:action-list")

    everything = text_of(client.get(base))
    searched = text_of(client.get(f"{base}?q=Local+Offer"))

    assert "2 actions match" in everything
    assert "1 action matches" in searched


def test_after_a_statement_the_filter_form_comes_from_the_cache(
    client, real_cache, olivia, action, other_action, summer
):
    """A statement changes the results, not the form's choices: the dropdowns are not read again."""
    client.force_login(olivia)
    url = f"{reverse('actions:action-list')}?period={summer.pk}"
    cold = count_queries(client, url)

    services.position_statement_record(
        user=olivia, action=action, period=summer, rag="red", narrative="Behind: two schools withdrew."
    )
    after_save = count_queries(client, url)
    page = text_of(client.get(url))

    assert after_save < cold
    assert "Red" in page.split("Run SENCO network meetings", 1)[1][:400]
    assert "Apply filters" in page
    assert olivia.person.name in page  # the "Lead" dropdown, from the cached form


def test_a_renamed_lead_shows_in_the_filter_form_at_once(client, real_cache, olivia, olivia_person, action):
    client.force_login(olivia)
    url = reverse("actions:action-list")
    assert olivia_person.name in text_of(client.get(url))

    olivia_person.name = "Olivia Renamed-Example"
    olivia_person.save()

    assert "Olivia Renamed-Example" in text_of(client.get(url))
