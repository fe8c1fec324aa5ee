"""Who may write findings, and fetching inspections and findings for a page."""

import pytest
from django.http import Http404

from actions.findings import access


@pytest.mark.parametrize(
    ("who", "may"), [("alice", True), ("olivia", False), ("bea", False), ("nora", False)]
)
def test_only_plan_administrators_may_write_findings(who, may, request):
    assert access.may_write(request.getfixturevalue(who)) is may


def test_an_inspection_comes_with_its_plan(bea, inspection, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = access.get_inspection_for_user(bea, inspection.pk)
        assert found.plan.local_area == "Exampleshire"


def test_a_finding_comes_with_its_inspection_and_plan(bea, api, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = access.get_finding_for_user(bea, api.pk)
        assert found.inspection.plan.title == "Exampleshire SEND Action Plan"


def test_a_missing_inspection_or_finding_is_not_found(bea, db):
    with pytest.raises(Http404):
        access.get_inspection_for_user(bea, 999)
    with pytest.raises(Http404):
        access.get_finding_for_user(bea, 999)
