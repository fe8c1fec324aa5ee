"""Plan administrators already see measures in the admin; a published period's figures stay locked."""

import datetime

from django.urls import reverse

from actions.cycle.models import Rag
from actions.measures.models import MeasureValue


def test_a_plan_administrator_opens_a_measure_with_its_trajectory(client, alice, measure):
    client.force_login(alice)
    response = client.get(reverse("admin:actions_measure_change", args=[measure.pk]))
    assert response.status_code == 200
    assert "trajectory point" in response.text.lower()
    assert client.get(reverse("admin:actions_measure_history", args=[measure.pk])).status_code == 200


def test_a_published_periods_figure_cannot_be_changed_in_the_admin(client, alice, measure, published_period):
    row = MeasureValue.objects.create(
        measure=measure,
        period=published_period,
        value=45,
        refers_to=datetime.date(2025, 12, 1),
        rag=Rag.GREEN,
    )
    client.force_login(alice)
    url = reverse("admin:actions_measurevalue_change", args=[row.pk])
    response = client.post(url, {"measure": measure.pk, "period": published_period.pk, "value": "99"})
    row.refresh_from_db()
    assert row.value == 45
    assert response.status_code == 403, response.status_code
