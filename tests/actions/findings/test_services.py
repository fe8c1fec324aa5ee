"""Writes about inspections and findings: plan administrators only, every bad input refused with a
clear message and nothing saved, links set from either side, and history kept."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actions.findings import services
from actions.findings.models import Finding, FindingKind, Inspection, Outcome
from actions.plans.models import Plan
from tests import factories as f

from .conftest import PUBLISHED, VISIT_END, VISIT_START, make_finding, make_inspection


def _record(user, plan, **overrides):
    fields = {
        "visit_start": VISIT_START,
        "visit_end": VISIT_END,
        "outcome": Outcome.INCONSISTENT,
        "report_url": "https://reports.example.org/exampleshire",
        "published_on": PUBLISHED,
        **overrides,
    }
    return services.inspection_create(user=user, plan=plan, **fields)


# Inspections


def test_plan_administrator_records_an_inspection_with_history(alice, plan):
    inspection = _record(alice, plan)
    assert inspection.outcome_text == "Inconsistent experiences and outcomes"
    assert inspection.history.first().history_user == alice


def test_an_engagement_meeting_of_one_day_needs_no_end_date(alice, plan):
    meeting = _record(
        alice, plan, kind=Inspection.Kind.ENGAGEMENT, visit_end=None, outcome="", published_on=None
    )
    assert meeting.visit_end == VISIT_START


@pytest.mark.parametrize("who", ["olivia", "oscar", "bea", "fern", "nora"])
def test_only_plan_administrators_record_inspections(who, request, plan):
    with pytest.raises(PermissionDenied, match="Only plan administrators record inspections"):
        _record(request.getfixturevalue(who), plan)
    assert not Inspection.objects.exists()


def test_an_inspection_dated_in_the_future_is_refused(alice, plan):
    later = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as caught:
        _record(alice, plan, visit_start=later, visit_end=later, published_on=None)
    message = caught.value.message_dict["visit_start"][0]
    assert message == (
        f"The visit cannot be dated in the future ({later:%-d %B %Y}): record an inspection once it has "
        "taken place"
    )
    assert not Inspection.objects.exists()


def test_a_visit_ending_before_it_starts_is_refused(alice, plan):
    with pytest.raises(ValidationError) as caught:
        _record(alice, plan, visit_end=datetime.date(2025, 6, 1))
    assert caught.value.message_dict["visit_end"] == [
        "The visit cannot end (1 June 2025) before it starts (2 June 2025)"
    ]
    assert not Inspection.objects.exists()


def test_a_report_published_before_the_visit_is_refused(alice, plan):
    with pytest.raises(ValidationError) as caught:
        _record(alice, plan, published_on=datetime.date(2025, 5, 1))
    assert caught.value.message_dict["published_on"] == [
        "The report cannot be published (1 May 2025) before the visit ended (6 June 2025)"
    ]


def test_an_outcome_the_2023_framework_does_not_have_is_refused(alice, plan):
    with pytest.raises(ValidationError) as caught:
        _record(alice, plan, outcome="Good")
    assert caught.value.message_dict["outcome"][0].startswith("Under the 2023 framework, choose one of")
    earlier = _record(alice, plan, framework="2016", outcome="  Significant areas of weakness ")
    assert earlier.outcome == "Significant areas of weakness"


def test_a_missing_first_day_is_refused(alice, plan):
    with pytest.raises(ValidationError) as caught:
        _record(alice, plan, visit_start=None, visit_end=None)
    assert caught.value.message_dict == {
        "visit_start": ["Enter the first day of the inspection visit"],
        "visit_end": ["Enter the last day of the inspection visit"],
    }


def test_updating_an_inspection_keeps_its_history(alice, inspection):
    before = inspection.history.count()
    services.inspection_update(user=alice, inspection=inspection, outcome=Outcome.INCONSISTENT)
    inspection.refresh_from_db()
    assert inspection.outcome == Outcome.INCONSISTENT
    assert inspection.history.count() == before + 1
    assert inspection.history.first().history_user == alice


def test_the_framework_cannot_change_under_findings_of_the_other_kind(alice, inspection, api):
    with pytest.raises(ValidationError, match="change the kind of this inspection's findings first"):
        services.inspection_update(user=alice, inspection=inspection, framework="2016", outcome="")


def test_recording_an_inspection_bumps_the_plans_revision(alice, plan):
    before = plan.revision
    _record(alice, plan)
    plan.refresh_from_db()
    assert plan.revision > before


# Findings


def test_plan_administrator_records_a_finding_whose_reference_says_its_kind(alice, inspection, council):
    finding = services.finding_create(
        user=alice, inspection=inspection, reference="api1", text=" Leaders must act. ", partners=[council]
    )
    assert (finding.reference, finding.kind, finding.text) == (
        "API 1",
        FindingKind.PRIORITY_ACTION,
        "Leaders must act.",
    )
    assert list(finding.partners.all()) == [council]
    assert finding.history.first().history_user == alice


def test_a_finding_reference_used_twice_in_one_inspection_is_refused(alice, inspection, api):
    with pytest.raises(ValidationError) as caught:
        services.finding_create(user=alice, inspection=inspection, reference="API 1", text="Again.")
    assert caught.value.message_dict == {"reference": ["This inspection already has a finding API 1"]}
    assert Finding.objects.count() == 1


def test_an_empty_finding_text_is_refused(alice, inspection):
    with pytest.raises(ValidationError) as caught:
        services.finding_create(user=alice, inspection=inspection, reference="AFI 1", text="   ")
    assert caught.value.message_dict == {"text": ["Enter the finding's text"]}
    assert not Finding.objects.exists()


def test_a_finding_whose_kind_cannot_be_told_is_refused(alice, inspection):
    with pytest.raises(ValidationError) as caught:
        services.finding_create(user=alice, inspection=inspection, reference="Finding B", text="Act.")
    assert caught.value.message_dict == {"kind": ["Choose the kind of finding"]}


def test_a_finding_of_the_other_frameworks_kind_is_refused(alice, inspection):
    with pytest.raises(ValidationError) as caught:
        services.finding_create(user=alice, inspection=inspection, reference="WSOA 1", text="Act.")
    assert "Under the 2023 area SEND framework" in caught.value.message_dict["kind"][0]


def test_only_plan_administrators_record_findings(olivia, inspection):
    with pytest.raises(PermissionDenied):
        services.finding_create(user=olivia, inspection=inspection, reference="API 1", text="Act.")


def test_updating_a_finding_keeps_the_old_text_in_its_history(alice, api, icb):
    services.finding_update(user=alice, finding=api, text="Leaders must act now.", partners=[icb])
    api.refresh_from_db()
    assert api.text == "Leaders must act now."
    assert list(api.partners.all()) == [icb]
    assert api.history.last().text == "Leaders must urgently improve the timeliness of EHC needs assessments."
    assert api.history.first().history_user == alice


def test_renaming_a_finding_to_a_reference_taken_is_refused(alice, api, afi):
    with pytest.raises(ValidationError, match="already has a finding AFI 1"):
        services.finding_update(user=alice, finding=api, reference="afi 1")


def test_deleting_a_finding_keeps_it_in_the_history(alice, api):
    pk = api.pk
    services.finding_delete(user=alice, finding=api)
    assert not Finding.objects.filter(pk=pk).exists()
    assert Finding.history.filter(id=pk, history_type="-").get().history_user == alice


# Pasting


def test_pasted_findings_are_saved_in_order_after_the_existing_ones(alice, inspection, api, council):
    saved = services.findings_paste(
        user=alice,
        inspection=inspection,
        text=(
            "Areas for improvement\n1. Leaders should act.\n2. Leaders should\nlisten.\n"
            "API 2: Leaders must review."
        ),
        partners=[council],
    )
    assert [(f.reference, f.kind, f.text, f.order) for f in saved] == [
        ("AFI 1", "improvement", "Leaders should act.", 2),
        ("AFI 2", "improvement", "Leaders should listen.", 3),
        ("API 2", "priority_action", "Leaders must review.", 4),
    ]
    assert all(list(f.partners.all()) == [council] for f in saved)
    assert all(f.history.first().history_user == alice for f in saved)


def test_a_paste_with_one_problem_saves_nothing(alice, inspection, api):
    before = Plan.objects.get(pk=inspection.plan_id).revision
    with pytest.raises(ValidationError) as caught:
        services.findings_paste(user=alice, inspection=inspection, text="AFI 1: Act.\nAPI 1: Again.\nAFI 2:")
    assert caught.value.message_dict == {
        "text": [
            "Line 2 (API 1): the inspection already has a finding API 1",
            "Line 3 (AFI 2): the finding has no text",
        ]
    }
    assert list(Finding.objects.values_list("reference", flat=True)) == ["API 1"]
    assert Plan.objects.get(pk=inspection.plan_id).revision == before


def test_a_paste_bumps_the_plans_revision_once(alice, inspection, django_assert_max_num_queries):
    before = Plan.objects.get(pk=inspection.plan_id).revision
    services.findings_paste(user=alice, inspection=inspection, text="AFI 1: Act.\nAFI 2: Listen.")
    assert Plan.objects.get(pk=inspection.plan_id).revision == before + 1


def test_the_kind_chosen_for_a_paste_must_fit_the_framework(alice, inspection):
    with pytest.raises(ValidationError) as caught:
        services.findings_paste(
            user=alice, inspection=inspection, text="1. Act.", default_kind="written_statement"
        )
    assert "default_kind" in caught.value.message_dict


# What answers a finding


def test_a_finding_is_linked_to_objectives_and_actions_with_history(alice, inspection, action, other_action):
    finding = make_finding(inspection, "API 3")
    services.finding_link(user=alice, finding=finding, objectives=[action.objective], actions=[other_action])
    assert list(finding.objectives.all()) == [action.objective]
    assert list(finding.actions.all()) == [other_action]
    services.finding_link(user=alice, finding=finding, actions=[action])
    assert list(finding.actions.all()) == [action]
    # Newest first: each change of links is a record (simple-history writes one for the removal and
    # one for the addition of a replacement).
    records = list(finding.history.all())
    links = [[link.action_id for link in r.actions.all()] for r in records]
    assert links[0] == [action.pk]
    assert [other_action.pk] in links[1:]
    assert records[0].history_user == alice
    assert list(finding.objectives.all()) == [action.objective]  # left as it was


def test_a_link_to_an_action_of_another_local_areas_plan_is_refused(alice, api, action):
    elsewhere = f.make_plan(title="Otherton SEND Plan", local_area="Otherton")
    foreign = f.make_action(f.make_objective(f.make_priority(elsewhere)), ref="9.9.z")
    with pytest.raises(ValidationError) as caught:
        services.finding_link(user=alice, finding=api, actions=[action, foreign])
    assert caught.value.message_dict == {
        "actions": [
            "Action 9.9.z belongs to Otherton SEND Plan, a plan of Otherton: a finding about Exampleshire "
            "can only be answered by Exampleshire's plans"
        ]
    }
    assert list(api.actions.all()) == [action]


def test_a_link_to_an_objective_of_another_local_areas_plan_is_refused(alice, api):
    foreign = f.make_objective(f.make_priority(f.make_plan(local_area="Otherton")))
    with pytest.raises(ValidationError, match="a plan of Otherton"):
        services.finding_link(user=alice, finding=api, objectives=[foreign])
    assert not api.objectives.exists()


def test_an_action_of_another_plan_of_the_same_local_area_may_answer(alice, api, action):
    later_plan = f.make_plan(title="Exampleshire SEND Plan 2026", local_area=" exampleshire ")
    later = f.make_action(f.make_objective(f.make_priority(later_plan)))
    before = later_plan.revision
    services.finding_link(user=alice, finding=api, actions=[action, later])
    assert set(api.actions.all()) == {action, later}
    later_plan.refresh_from_db()
    assert later_plan.revision > before


def test_the_same_action_answers_findings_of_two_inspections_set_from_the_actions_side(
    alice, plan, inspection, api, action
):
    monitoring = make_inspection(
        plan,
        kind=Inspection.Kind.MONITORING,
        visit_start=datetime.date(2026, 11, 2),
        visit_end=datetime.date(2026, 11, 4),
        published_on=None,
        outcome="",
    )
    revisited = make_finding(monitoring, "API 1")
    new = make_finding(monitoring, "AFI 1")
    services.action_findings_set(user=alice, action=action, findings=[api, revisited, new])
    assert set(action.findings.all()) == {api, revisited, new}
    services.action_findings_set(user=alice, action=action, findings=[revisited])
    assert list(action.findings.all()) == [revisited]
    # Each finding's own history shows the link coming and going, by whom.
    assert [link.action_id for link in new.history.first().actions.all()] == []
    assert [link.action_id for link in new.history.all()[1].actions.all()] == [action.pk]
    assert new.history.first().history_user == alice


def test_an_action_cannot_answer_a_finding_about_another_local_area(alice, action):
    elsewhere = make_inspection(f.make_plan(local_area="Otherton"))
    foreign = make_finding(elsewhere, "API 1")
    with pytest.raises(ValidationError) as caught:
        services.action_findings_set(user=alice, action=action, findings=[foreign])
    assert caught.value.message_dict["findings"][0].startswith("API 1 is a finding about Otherton")
    assert not action.findings.exists()


def test_an_objective_answers_findings_set_from_its_side(alice, afi, api, action):
    services.objective_findings_set(user=alice, objective=action.objective, findings=[api])
    assert list(action.objective.findings.all()) == [api]
    assert afi.history.first().history_user == alice


def test_only_plan_administrators_link_findings(olivia, api, action):
    with pytest.raises(PermissionDenied):
        services.finding_link(user=olivia, finding=api, actions=[])
    with pytest.raises(PermissionDenied):
        services.action_findings_set(user=olivia, action=action, findings=[])
    assert list(api.actions.all()) == [action]
