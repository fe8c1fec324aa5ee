"""The database refuses what the services refuse, with clear messages, whatever writes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from actions.findings.models import Finding, FindingKind, Inspection, Outcome

from .conftest import VISIT_END, VISIT_START, make_finding, make_inspection


def test_a_finding_reference_is_unique_in_its_inspection_whatever_the_case(inspection):
    make_finding(inspection, "API 1")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_finding(inspection, "api 1")
    duplicate = Finding(inspection=inspection, reference="Api 1", kind=FindingKind.PRIORITY_ACTION, text="X")
    with pytest.raises(ValidationError, match="already has a finding with this reference"):
        duplicate.full_clean()


def test_the_same_reference_may_appear_in_another_inspection(plan, inspection):
    make_finding(inspection, "API 1")
    monitoring = make_inspection(plan, kind=Inspection.Kind.MONITORING, outcome="")
    assert make_finding(monitoring, "API 1").pk


@pytest.mark.parametrize("field", ["text", "reference"])
def test_a_finding_needs_text_and_a_reference(inspection, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.create(
            inspection=inspection,
            kind=FindingKind.IMPROVEMENT,
            **{"reference": "AFI 1", "text": "Leaders should act.", field: ""},
        )


def test_a_blank_text_is_refused_with_its_message(inspection):
    finding = Finding(inspection=inspection, reference="AFI 2", kind=FindingKind.IMPROVEMENT, text="   ")
    with pytest.raises(ValidationError) as caught:
        finding.full_clean()
    assert "Enter the finding's text" in caught.value.message_dict["text"]


def test_a_finding_kind_fits_its_inspections_framework(plan):
    earlier = make_inspection(plan, framework="2016", outcome="Significant concerns")
    finding = Finding(inspection=earlier, reference="API 1", kind=FindingKind.PRIORITY_ACTION, text="Act.")
    with pytest.raises(ValidationError) as caught:
        finding.full_clean()
    assert caught.value.message_dict["kind"] == [
        "Under the earlier (2016) framework a finding is a written statement of action item or an "
        "accelerated progress plan item"
    ]


def test_the_visit_cannot_end_before_it_starts(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_inspection(plan, visit_end=VISIT_START - datetime.timedelta(days=1))


def test_the_report_cannot_be_published_before_the_visit_ended(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_inspection(plan, published_on=VISIT_END - datetime.timedelta(days=1))


def test_a_2023_outcome_is_one_of_the_three_but_the_earlier_framework_takes_free_text(plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_inspection(plan, outcome="Good")
    earlier = make_inspection(plan, framework="2016", outcome="Significant areas of weakness")
    assert earlier.outcome_text == "Significant areas of weakness"


def test_the_outcome_reads_as_the_report_words_it(inspection):
    assert inspection.outcome == Outcome.SYSTEMIC
    assert inspection.outcome_text == "Widespread and/or systemic failings"
    assert str(inspection) == "Full inspection of Exampleshire, 2 June 2025"


def test_an_inspection_dated_in_the_future_is_refused_by_its_clean(plan):
    later = timezone.localdate() + datetime.timedelta(days=10)
    inspection = Inspection(plan=plan, visit_start=later, visit_end=later, framework="2023")
    with pytest.raises(ValidationError) as caught:
        inspection.full_clean()
    assert "cannot be dated in the future" in caught.value.message_dict["visit_start"][0]


def test_a_finding_keeps_its_links_in_its_history(api, action):
    record = api.history.first()
    assert [link.action_id for link in record.actions.all()] == [action.pk]
