"""Measures' figures awaiting the second key are listed on the plan's Ratings to confirm page, for
whoever may confirm them, and confirming there comes back to the page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actions.cycle.models import Rag
from actions.measures.models import MeasureValue
from tests import factories as f
from tests.helpers import text_of

from .conftest import EHCP_POINTS, make_measure


def _figure(measure, period, value="45", *, entered_by=None, confirmed=False):
    return MeasureValue.objects.create(
        measure=measure,
        period=period,
        value=Decimal(value),
        refers_to=period.as_at,
        rag=Rag.RED,
        proposed_rag=Rag.RED,
        entered_by=entered_by,
        confirmed_at=datetime.datetime(2026, 8, 1, tzinfo=datetime.UTC) if confirmed else None,
    )


def _page(client, plan):
    return client.get(reverse("actions:ratings-to-confirm", args=[plan.pk]))


def test_an_administrator_sees_each_figure_awaiting_confirmation_and_confirms_it_there(
    client, alice, olivia, plan, measure, closed_period, open_period, published_period
):
    waiting = _figure(measure, open_period, entered_by=olivia)
    _figure(measure, closed_period, confirmed=True)
    _figure(measure, published_period)  # published: locked, so never listed
    client.force_login(alice)

    page = text_of(_page(client, plan))

    assert "Impact measures" in page
    assert "New EHC plans issued within 20 weeks, Summer term 2026" in page
    assert "45%, against" in page
    assert "Spring term 2026" not in page.split("Impact measures", 1)[1]
    assert "Autumn term 2025" not in page.split("Impact measures", 1)[1]

    back = reverse("actions:ratings-to-confirm", args=[plan.pk])
    response = client.post(reverse("actions:measure-confirm", args=[waiting.pk]), {"next": back})

    assert response.status_code == 302
    assert response["Location"] == back
    waiting.refresh_from_db()
    assert waiting.is_confirmed
    after = _page(client, plan)
    assert "Red confirmed for New EHC plans issued within 20 weeks, Summer term 2026." in text_of(after)
    assert 'id="measure-figures-to-confirm"' not in after.content.decode()


def test_confirming_never_goes_back_to_another_site(client, alice, measure, open_period):
    waiting = _figure(measure, open_period)
    client.force_login(alice)

    response = client.post(
        reverse("actions:measure-confirm", args=[waiting.pk]), {"next": "https://elsewhere.example.com/"}
    )

    assert response["Location"] == f"{measure.get_absolute_url()}?period={open_period.pk}"


def test_whoever_entered_a_figure_is_told_someone_else_must_confirm_it(
    client, olivia, olivia_person, plan, measure, open_period, action
):
    action.objective.priority.lead_people.add(olivia_person)
    _figure(measure, open_period, entered_by=olivia)
    client.force_login(olivia)

    page = text_of(_page(client, plan))

    assert "You entered this figure, so someone else must confirm its rating." in page
    assert "Confirm Red for New EHC plans" not in page


def test_a_priority_lead_sees_the_figures_of_the_measures_evidencing_their_priorities_only(
    client, oscar, plan, measure, open_period, action
):
    oscar_person = oscar.person
    action.objective.priority.lead_people.add(oscar_person)
    other_priority = f.make_priority(plan, ref="2", title="Health")
    elsewhere = make_measure(plan, points=EHCP_POINTS, name="Therapy waiting times")
    elsewhere.priorities.add(other_priority)
    through_action = make_measure(plan, points=EHCP_POINTS, name="Suspensions of pupils with SEND")
    through_action.actions.add(action)
    for each in (measure, elsewhere, through_action):
        _figure(each, open_period)
    client.force_login(oscar)

    page = text_of(_page(client, plan))

    assert "New EHC plans issued within 20 weeks, Summer term 2026" in page
    assert "Suspensions of pupils with SEND, Summer term 2026" in page
    assert "Therapy waiting times" not in page


@pytest.mark.parametrize("count", [3, 40])
def test_the_ratings_page_costs_the_same_queries_whatever_the_number_of_figures(
    client, alice, plan, open_period, action, count, django_assert_max_num_queries
):
    for number in range(count):
        measure = make_measure(plan, points=EHCP_POINTS, name=f"Measure {number}")
        measure.actions.add(action)
        _figure(measure, open_period)
    client.force_login(alice)

    with django_assert_max_num_queries(9):
        response = _page(client, plan)

    assert text_of(response).count("Summer term 2026") >= count
