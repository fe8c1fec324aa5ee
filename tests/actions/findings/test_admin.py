"""Plan administrators see inspections and findings in the admin, with their history, and a change to a
finding there bumps its plan's revision like any other write."""

from django.urls import reverse

from actions.plans.models import Plan
from tests import factories as f


def test_a_plan_administrator_opens_an_inspection_with_its_findings(client, alice, inspection, api):
    client.force_login(alice)
    response = client.get(reverse("admin:actions_inspection_change", args=[inspection.pk]))
    assert response.status_code == 200
    assert "API 1" in response.text
    assert client.get(reverse("admin:actions_finding_change", args=[api.pk])).status_code == 200
    assert client.get(reverse("admin:actions_finding_history", args=[api.pk])).status_code == 200
    assert client.get(reverse("admin:actions_finding_changelist")).status_code == 200


def test_linking_a_finding_anywhere_bumps_its_plans_revision(api, other_action):
    before = Plan.objects.get(pk=api.inspection.plan_id).revision
    api.actions.add(other_action)
    assert Plan.objects.get(pk=api.inspection.plan_id).revision > before


def test_the_admin_refuses_a_link_to_another_local_areas_action(client, alice, api, action):
    foreign = f.make_action(
        f.make_objective(f.make_priority(f.make_plan(local_area="Otherton"))), ref="7.1.a"
    )
    client.force_login(alice)
    response = client.post(
        reverse("admin:actions_finding_change", args=[api.pk]),
        {
            "inspection": api.inspection_id,
            "kind": api.kind,
            "reference": api.reference,
            "text": api.text,
            "order": api.order,
            "actions": [action.pk, foreign.pk],
        },
    )
    assert response.status_code == 200
    assert "Action 7.1.a belongs to" in response.text
    assert list(api.actions.all()) == [action]
