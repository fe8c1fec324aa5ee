"""The inspection findings' pages: the register, an inspection, a finding, the matrix, and the forms that
record inspections and findings and link them to what answers them, for every role, with bad input
(nothing saved), and at a fixed cost in queries whatever the size of the plan.

Fixtures (conftest.py): Exampleshire's full inspection with API 1 (directed to the council, answered
by Olivia's action 1.1.a) and AFI 1 (directed to the ICB, answered through objective 1.1).
"""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from actions.cycle.models import Rag, ReportingPeriod
from actions.findings.models import Finding, Inspection
from actions.findings.selectors import NO_ACTION
from actions.measures.models import Measure, MeasureValue
from tests import factories as f

from .conftest import make_finding, make_inspection

MEMBERS = ["alice", "olivia", "oscar", "bea", "fern", "ada"]
NOT_ADMINS = ["olivia", "oscar", "bea", "fern", "ada", "nora"]


def _text(response) -> str:
    """The page's words, tags removed and spaces collapsed, to assert on what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _login(client, request, role: str) -> None:
    client.force_login(request.getfixturevalue(role))


@pytest.fixture
def findings(api, afi, periods):
    """API 1 and AFI 1 with the plan's three periods; Olivia's action Amber in Spring, Red in Summer."""
    action = api.actions.get()
    f.make_statement(action, periods[1], Rag.AMBER)
    f.make_statement(action, periods[2], Rag.RED)
    return {"api": api, "afi": afi, "action": action}


# --- Reading pages: every member reads; no role 403; anonymous to sign in ---------------------------


def _reading_urls(plan, findings) -> dict[str, str]:
    inspection = findings["api"].inspection
    return {
        "register": reverse("actions:inspection-list", args=[plan.pk]),
        "inspection": reverse("actions:inspection-detail", args=[inspection.pk]),
        "finding": reverse("actions:finding-detail", args=[findings["api"].pk]),
        "matrix": reverse("actions:findings-matrix", args=[plan.pk]),
    }


@pytest.mark.parametrize("page", ["register", "inspection", "finding", "matrix"])
@pytest.mark.parametrize("role", MEMBERS)
def test_every_member_reads_the_findings_pages(client, request, plan, findings, role, page):
    _login(client, request, role)

    response = client.get(_reading_urls(plan, findings)[page])

    assert response.status_code == 200
    assert "API 1" in _text(response) or page == "register"


@pytest.mark.parametrize("page", ["register", "inspection", "finding", "matrix"])
def test_a_sign_in_without_a_role_is_refused_the_findings_pages(client, nora, plan, findings, page):
    client.force_login(nora)

    assert client.get(_reading_urls(plan, findings)[page]).status_code == 403


@pytest.mark.parametrize("page", ["register", "inspection", "finding", "matrix"])
def test_the_findings_pages_send_anonymous_visitors_to_sign_in(client, plan, findings, page):
    response = client.get(_reading_urls(plan, findings)[page])

    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


def test_a_missing_inspection_or_finding_is_not_found(client, bea, findings):
    client.force_login(bea)

    assert client.get(reverse("actions:inspection-detail", args=[99999])).status_code == 404
    assert client.get(reverse("actions:finding-detail", args=[99999])).status_code == 404


def test_the_register_lists_each_inspection_with_its_details_and_findings_count(client, bea, plan, findings):
    client.force_login(bea)

    text = _text(client.get(reverse("actions:inspection-list", args=[plan.pk])))

    assert (
        "Full inspection 2023 area SEND framework 2 Jun 2025 to 6 Jun 2025 "
        "Widespread and/or systemic failings" in text
    )
    assert "Published 21 Jul 2025 2" in text  # publication date, then the findings count
    assert "Record an inspection" not in text


def test_an_administrator_is_offered_to_record_and_change_inspections(client, alice, plan, findings):
    client.force_login(alice)

    html = client.get(reverse("actions:inspection-list", args=[plan.pk])).content.decode()

    assert reverse("actions:inspection-create", args=[plan.pk]) in html
    assert reverse("actions:inspection-edit", args=[findings["api"].inspection_id]) in html


def test_the_inspection_page_lists_its_findings_with_answers_and_rag_mix(client, bea, findings):
    client.force_login(bea)

    response = client.get(reverse("actions:inspection-detail", args=[findings["api"].inspection_id]))
    text = _text(response)

    assert "with the actions' RAG ratings as at Summer term 2026 (31 July 2026)" in text
    assert (
        "API 1 Area for priority action Leaders must urgently improve the timeliness of EHC needs "
        "assessments. Exampleshire Council 1 Red 1" in text
    )
    assert (
        "AFI 1 Area for improvement Leaders should improve the Local Offer. "
        "Exampleshire Integrated Care Board 1 Red 1" in text
    )
    assert "Add findings" not in text


def test_the_inspection_page_as_at_an_earlier_period(client, bea, findings, periods):
    client.force_login(bea)
    url = reverse("actions:inspection-detail", args=[findings["api"].inspection_id])

    text = _text(client.get(f"{url}?period={periods[1].pk}"))

    assert "Exampleshire Council 1 Amber 1" in text


def test_the_finding_page_shows_its_actions_leads_due_dates_rag_movement_and_measures(
    client, bea, findings, periods
):
    action = findings["action"]
    action.due_date = datetime.date(2026, 5, 1)
    action.save()
    measure = Measure.objects.create(plan=action.objective.priority.plan, name="New EHC plans in 20 weeks")
    measure.actions.add(action)
    MeasureValue.objects.create(
        measure=measure, period=periods[2], value=50, refers_to=periods[2].as_at, rag=Rag.AMBER
    )
    client.force_login(bea)

    text = _text(client.get(reverse("actions:finding-detail", args=[findings["api"].pk])))

    assert "Directed to Exampleshire Council" in text
    assert "1.1.a Run SENCO network meetings Olivia Officer 1 May 2026 Overdue Red Worsened" in text
    assert "New EHC plans in 20 weeks Amber" in text
    assert "Exampleshire Council leads none of its actions" in text  # Olivia's partner is not the council
    assert "Link actions" not in text


def test_the_finding_page_as_at_an_earlier_period_shows_ratings_as_they_were(client, bea, findings, periods):
    client.force_login(bea)
    url = reverse("actions:finding-detail", args=[findings["api"].pk])

    text = _text(client.get(f"{url}?period={periods[1].pk}"))

    assert "Olivia Officer" in text and "Amber New" in text


def test_the_finding_page_refuses_another_plan_s_period_and_nonsense(client, bea, findings):
    other = f.make_period(f.make_plan())
    client.force_login(bea)
    url = reverse("actions:finding-detail", args=[findings["api"].pk])

    assert client.get(f"{url}?period={other.pk}").status_code == 404
    assert client.get(f"{url}?period=spring").status_code == 404


def test_an_administrator_is_offered_to_link_actions_and_change_the_finding(client, alice, findings):
    client.force_login(alice)

    html = client.get(reverse("actions:finding-detail", args=[findings["api"].pk])).content.decode()

    assert reverse("actions:finding-link", args=[findings["api"].pk]) in html
    assert reverse("actions:finding-edit", args=[findings["api"].pk]) in html


def test_the_matrix_counts_each_warning_and_shows_each_finding_s_rag_mix(
    client, bea, plan, findings, council
):
    make_finding(findings["api"].inspection, "API 2", text="Leaders must publish the Local Offer.")
    client.force_login(bea)

    response = client.get(reverse("actions:findings-matrix", args=[plan.pk]))
    text = _text(response)

    assert response.context["counts"].no_action == 1
    assert "1 finding with no action" in text
    assert "0 all complete, no evidence of impact" in text
    assert "2 directed to a partner leading none of its actions" in text
    assert f"Warning: {NO_ACTION}" in text
    assert "API 1 Area for priority action" in text and "1 Red 1" in text  # text and colour
    html = response.content.decode()
    assert reverse("actions:finding-detail", args=[findings["api"].pk]) in html
    assert 'class="govuk-tag sp-rag sp-rag--red">Red<' in html


def test_a_plan_without_periods_shows_its_findings_without_ratings(client, bea, inspection, action):
    make_finding(inspection, "API 1")
    client.force_login(bea)

    text = _text(client.get(reverse("actions:inspection-detail", args=[inspection.pk])))
    matrix = _text(client.get(reverse("actions:findings-matrix", args=[inspection.plan_id])))

    assert "API 1" in text
    assert "no reporting periods yet" in matrix


# --- Recording an inspection ---------------------------------------------------------------------


def _inspection_post(**overrides) -> dict:
    return {
        "kind": "full",
        "framework": "2023",
        "visit_start": "2025-06-02",
        "visit_end": "2025-06-06",
        "outcome": "inconsistent",
        "outcome_earlier": "",
        "report_url": "https://reports.example.org/exampleshire",
        "published_on": "2025-07-21",
        **overrides,
    }


WRITE_PAGES = [
    "inspection-create",
    "inspection-edit",
    "finding-create",
    "findings-paste",
    "finding-edit",
    "finding-link",
    "action-findings",
]


def _write_url(name: str, plan, findings) -> str:
    api = findings["api"]
    pk = {
        "inspection-create": plan.pk,
        "inspection-edit": api.inspection_id,
        "finding-create": api.inspection_id,
        "findings-paste": api.inspection_id,
        "finding-edit": api.pk,
        "finding-link": api.pk,
        "action-findings": findings["action"].pk,
    }[name]
    return reverse(f"actions:{name}", args=[pk])


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_an_administrator_opens_every_form(client, alice, plan, findings, name):
    client.force_login(alice)

    assert client.get(_write_url(name, plan, findings)).status_code == 200


@pytest.mark.parametrize("name", WRITE_PAGES)
@pytest.mark.parametrize("role", NOT_ADMINS)
def test_nobody_else_opens_or_posts_the_forms(client, request, plan, findings, role, name):
    _login(client, request, role)
    url = _write_url(name, plan, findings)

    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_the_forms_send_anonymous_visitors_to_sign_in(client, plan, findings, name):
    response = client.get(_write_url(name, plan, findings))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_administrator_records_an_inspection(client, alice, plan):
    client.force_login(alice)

    response = client.post(reverse("actions:inspection-create", args=[plan.pk]), _inspection_post())

    inspection = Inspection.objects.get(plan=plan)
    assert response.status_code == 302
    assert response.url == reverse("actions:inspection-detail", args=[inspection.pk])
    assert (inspection.outcome, inspection.published_on) == ("inconsistent", datetime.date(2025, 7, 21))
    assert inspection.history.get().history_user == alice


def test_an_inspection_dated_in_the_future_is_refused_and_nothing_saved(client, alice, plan):
    client.force_login(alice)
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()

    response = client.post(
        reverse("actions:inspection-create", args=[plan.pk]),
        _inspection_post(visit_start=future, visit_end=future, published_on=""),
    )

    assert response.status_code == 200
    assert "cannot be dated in the future" in _text(response)
    assert "There is a problem" in _text(response)
    assert not Inspection.objects.exists()


def test_a_visit_ending_before_it_starts_and_a_bad_link_are_refused(client, alice, plan):
    client.force_login(alice)

    response = client.post(
        reverse("actions:inspection-create", args=[plan.pk]),
        _inspection_post(visit_end="2025-06-01", report_url="not a link"),
    )

    text = _text(response)
    assert "Enter the report's link as a web address" in text
    assert not Inspection.objects.exists()


def test_an_earlier_framework_inspection_keeps_its_outcome_as_worded(client, alice, plan):
    client.force_login(alice)

    client.post(
        reverse("actions:inspection-create", args=[plan.pk]),
        _inspection_post(
            framework="2016", outcome="", outcome_earlier="A written statement of action is required"
        ),
    )

    assert Inspection.objects.get().outcome == "A written statement of action is required"


def test_an_administrator_changes_an_inspection(client, alice, findings):
    inspection = findings["api"].inspection
    client.force_login(alice)

    response = client.post(
        reverse("actions:inspection-edit", args=[inspection.pk]), _inspection_post(outcome="positive")
    )

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.outcome == "positive"


# --- Findings: one by hand ------------------------------------------------------------------------


def test_an_administrator_adds_a_finding_directed_to_partners(client, alice, inspection, council, icb):
    client.force_login(alice)

    response = client.post(
        reverse("actions:finding-create", args=[inspection.pk]),
        {
            "reference": "afi 2",
            "kind": "",
            "text": "Leaders should improve transitions.",
            "partners": [icb.pk],
        },
    )

    finding = Finding.objects.get(inspection=inspection)
    assert response.url == reverse("actions:finding-detail", args=[finding.pk])
    assert (finding.reference, finding.kind) == ("AFI 2", "improvement")
    assert list(finding.partners.all()) == [icb]


def test_a_reference_used_twice_in_an_inspection_is_refused_and_nothing_saved(client, alice, api):
    client.force_login(alice)

    response = client.post(
        reverse("actions:finding-create", args=[api.inspection_id]),
        {"reference": "api 1", "kind": "", "text": "A second finding with the same reference."},
    )

    assert response.status_code == 200
    assert "This inspection already has a finding API 1" in _text(response)
    assert Finding.objects.filter(inspection=api.inspection).count() == 1


def test_an_empty_finding_text_is_refused_and_nothing_saved(client, alice, inspection):
    client.force_login(alice)

    response = client.post(
        reverse("actions:finding-create", args=[inspection.pk]),
        {"reference": "API 3", "kind": "", "text": "  "},
    )

    assert "Enter the finding's text" in _text(response)
    assert not Finding.objects.exists()


def test_an_administrator_changes_a_finding(client, alice, api, icb):
    client.force_login(alice)

    client.post(
        reverse("actions:finding-edit", args=[api.pk]),
        {"reference": "API 1", "kind": "priority_action", "text": "Reworded.", "partners": [icb.pk]},
    )

    api.refresh_from_db()
    assert api.text == "Reworded." and list(api.partners.all()) == [icb]


# --- Findings: pasted as a list ------------------------------------------------------------------

PASTED = """Areas for priority action
API 1: Leaders must urgently improve the timeliness of EHC needs assessments.
API 2: Leaders must improve the quality of EHC plans.

Areas for improvement
1. Leaders should improve the Local Offer.
2. Leaders should strengthen transitions to adult services.
3. Leaders should improve joint commissioning."""


def test_pasting_shows_a_preview_and_saves_nothing(client, alice, inspection):
    client.force_login(alice)

    response = client.post(
        reverse("actions:findings-paste", args=[inspection.pk]), {"text": PASTED, "preview": "1"}
    )

    text = _text(response)
    assert "5 findings found" in text
    assert "2 API 1 Area for priority action Leaders must urgently improve" in text
    assert "6 AFI 1 Area for improvement Leaders should improve the Local Offer." in text
    assert "Record these 5 findings" in text
    assert not Finding.objects.exists()


def test_confirming_the_paste_records_every_finding(client, alice, inspection, council):
    client.force_login(alice)

    response = client.post(
        reverse("actions:findings-paste", args=[inspection.pk]),
        {"text": PASTED, "partners": [council.pk], "confirm": "1"},
    )

    assert response.url == reverse("actions:inspection-detail", args=[inspection.pk])
    found = list(Finding.objects.filter(inspection=inspection).values_list("reference", flat=True))
    assert found == ["API 1", "API 2", "AFI 1", "AFI 2", "AFI 3"]
    assert all(list(x.partners.all()) == [council] for x in Finding.objects.all())


def test_a_paste_with_problems_names_their_lines_and_saves_nothing(client, alice, api):
    client.force_login(alice)
    text = "API 1: Again.\nAPI 2: A new one.\nAPI 2: Twice."

    response = client.post(
        reverse("actions:findings-paste", args=[api.inspection_id]), {"text": text, "confirm": "1"}
    )

    words = _text(response)
    assert "Line 1 (API 1): the inspection already has a finding API 1" in words
    assert "Line 3 (API 2): API 2 is given twice (first on line 2)" in words
    assert "Record these" not in words
    assert Finding.objects.count() == 1


def test_an_empty_paste_is_refused(client, alice, inspection):
    client.force_login(alice)

    response = client.post(
        reverse("actions:findings-paste", args=[inspection.pk]), {"text": "", "preview": "1"}
    )

    assert "Paste at least one finding" in _text(response)


# --- Linking a finding to what answers it ----------------------------------------------------------


def test_an_administrator_links_actions_by_ticking_and_by_ref(client, alice, api, action, other_action):
    third = f.make_action(action.objective, ref="1.1.c")
    client.force_login(alice)

    response = client.post(
        reverse("actions:finding-link", args=[api.pk]),
        {"actions": [other_action.pk], "action_refs": "1.1.c", "objectives": [action.objective_id]},
    )

    assert response.url == reverse("actions:finding-detail", args=[api.pk])
    assert set(api.actions.all()) == {other_action, third}
    assert list(api.objectives.all()) == [action.objective]


def test_linking_keeps_each_change_in_the_finding_s_history(client, alice, api, action, other_action):
    client.force_login(alice)

    client.post(reverse("actions:finding-link", args=[api.pk]), {"actions": [other_action.pk]})
    client.post(reverse("actions:finding-link", args=[api.pk]), {"actions": [action.pk, other_action.pk]})

    records = list(api.history.order_by("history_date"))
    linked = [sorted(link.action_id for link in record.actions.all()) for record in records]
    assert linked[-2:] == [[other_action.pk], sorted([action.pk, other_action.pk])]
    assert records[-1].history_user == alice


def test_an_action_of_another_local_area_s_plan_is_refused_and_nothing_saved(client, alice, api, action):
    elsewhere = f.make_plan(title="Otherborough SEND Plan", local_area="Otherborough")
    foreign = f.make_action(f.make_objective(f.make_priority(elsewhere, ref="2"), ref="2.1"), ref="2.1.a")
    client.force_login(alice)

    response = client.post(reverse("actions:finding-link", args=[api.pk]), {"actions": [foreign.pk]})

    assert response.status_code == 200
    assert "Action 2.1.a belongs to Otherborough SEND Plan, a plan of Otherborough" in _text(response)
    assert list(api.actions.all()) == [action]


def test_an_unknown_ref_is_named_and_nothing_saved(client, alice, api, action):
    client.force_login(alice)

    response = client.post(reverse("actions:finding-link", args=[api.pk]), {"action_refs": "1.1.a, 9.9.z"})

    assert "No action in this plan has the ref “9.9.z”" in _text(response)
    assert list(api.actions.all()) == [action]


def test_links_to_another_plan_of_the_local_area_are_kept(client, alice, api, action):
    later = f.make_plan(title="Exampleshire SEND Plan 2026", local_area="Exampleshire")
    theirs = f.make_action(f.make_objective(f.make_priority(later, ref="9"), ref="9.1"), ref="9.1.a")
    api.actions.add(theirs)
    client.force_login(alice)

    client.post(reverse("actions:finding-link", args=[api.pk]), {"actions": []})

    assert list(api.actions.all()) == [theirs]


def test_the_link_form_groups_actions_by_priority_with_the_current_ones_ticked(client, alice, api, action):
    client.force_login(alice)

    html = client.get(reverse("actions:finding-link", args=[api.pk])).content.decode()

    assert "Priority 1: Inclusive education (1 action, 1 ticked)" in html
    assert f'id="action-{action.pk}" name="actions" type="checkbox" value="{action.pk}" checked' in html


# --- From the action's side ----------------------------------------------------------------------


def test_the_action_page_lists_the_findings_it_answers(client, bea, findings):
    client.force_login(bea)

    response = client.get(reverse("actions:action-detail", args=[findings["action"].pk]))
    text = _text(response)

    assert "Findings this action answers" in text
    assert "API 1 (area for priority action): Leaders must urgently improve" in text
    assert "AFI 1 (area for improvement)" in text and "through its objective" in text
    assert reverse("actions:action-findings", args=[findings["action"].pk]) not in response.content.decode()


def test_an_administrator_is_offered_to_choose_the_action_s_findings(client, alice, action):
    client.force_login(alice)

    html = client.get(reverse("actions:action-detail", args=[action.pk])).content.decode()

    assert "No inspection finding is linked to this action." in html
    assert reverse("actions:action-findings", args=[action.pk]) in html


def test_an_administrator_sets_the_findings_an_action_answers(client, alice, api, afi, action):
    client.force_login(alice)

    response = client.post(reverse("actions:action-findings", args=[action.pk]), {"findings": [afi.pk]})

    assert response.status_code == 302
    assert list(action.findings.all()) == [afi]
    assert api.history.latest().history_user == alice


def test_a_finding_about_another_local_area_is_refused_from_the_action_s_side(client, alice, api, action):
    elsewhere = make_inspection(f.make_plan(title="Otherborough SEND Plan", local_area="Otherborough"))
    theirs = make_finding(elsewhere, "API 1")
    client.force_login(alice)

    response = client.post(reverse("actions:action-findings", args=[action.pk]), {"findings": [theirs.pk]})

    assert response.status_code == 200
    assert "API 1 is a finding about Otherborough" in _text(response)
    assert list(action.findings.all()) == [api]


# --- Query budgets ---------------------------------------------------------------------------------


def _large(n_actions: int):
    """A plan of `n_actions` whose inspection's 6 findings share them, with partners and a measure."""
    plan, actions = f.make_large_plan(n_actions)
    partner = f.make_partner()
    inspection = make_inspection(plan)
    findings = [make_finding(inspection, f"API {i + 1}") for i in range(5)]
    through = Finding.actions.through
    through.objects.bulk_create(through(finding=findings[i % 5], action=a) for i, a in enumerate(actions))
    for finding in findings:
        finding.partners.add(partner)
    make_finding(inspection, "AFI 1").objectives.add(actions[0].objective)
    measure = Measure.objects.create(plan=plan, name="Measure")
    measure.actions.add(*actions[:3])
    period = ReportingPeriod.objects.filter(plan=plan).order_by("-as_at").first()
    MeasureValue.objects.create(
        measure=measure, period=period, value=1, refers_to=period.as_at, rag=Rag.GREEN
    )
    return plan, findings[0]


# Measured at 500 actions, and the same at 10: session, user, role (3), the plan or finding, the
# periods, and `selectors.coverage`'s fixed cost (the link form: its two reads of the plan's items).
MATRIX_BUDGET = 17
FINDING_BUDGET = 16
LINK_BUDGET = 8


@pytest.mark.parametrize("n_actions", [10, 500])
def test_the_matrix_costs_the_same_whatever_the_size_of_the_plan(
    client, alice, n_actions, django_assert_max_num_queries
):
    plan, _finding = _large(n_actions)
    client.force_login(alice)

    with django_assert_max_num_queries(MATRIX_BUDGET):
        response = client.get(reverse("actions:findings-matrix", args=[plan.pk]))

    assert response.status_code == 200
    assert len(response.context["coverage"].findings) == 6


@pytest.mark.parametrize("n_actions", [10, 500])
def test_the_finding_page_costs_the_same_whatever_the_size_of_the_plan(
    client, alice, n_actions, django_assert_max_num_queries
):
    _plan, finding = _large(n_actions)
    client.force_login(alice)

    with django_assert_max_num_queries(FINDING_BUDGET):
        response = client.get(reverse("actions:finding-detail", args=[finding.pk]))

    assert response.status_code == 200
    assert response.context["row"].action_count == (n_actions + 4) // 5


@pytest.mark.parametrize("n_actions", [10, 500])
def test_the_link_form_costs_the_same_whatever_the_size_of_the_plan(
    client, alice, n_actions, django_assert_max_num_queries
):
    _plan, finding = _large(n_actions)
    client.force_login(alice)

    with django_assert_max_num_queries(LINK_BUDGET):
        response = client.get(reverse("actions:finding-link", args=[finding.pk]))

    assert response.status_code == 200
    assert response.content.decode().count('name="actions"') == n_actions


def test_the_adviser_posting_valid_data_to_every_form_changes_nothing(client, ada, plan, findings, council):
    """Read-only: a well-formed write is refused for the role, not for its data."""
    posts = {
        "inspection-create": _inspection_post(),
        "inspection-edit": _inspection_post(outcome="positive"),
        "finding-create": {"reference": "AFI 9", "kind": "", "text": "Written by an adviser."},
        "findings-paste": {"text": "AFI 9: Written by an adviser.", "confirm": "1"},
        "finding-edit": {"reference": "API 1", "kind": "", "text": "Written by an adviser."},
        "finding-link": {"action_refs": "", "actions": []},
        "action-findings": {"findings": []},
    }
    before = (
        Inspection.history.count(),
        Finding.history.count(),
        Finding.actions.through.objects.count(),
        Finding.objectives.through.objects.count(),
    )
    client.force_login(ada)

    for name, data in posts.items():
        assert client.post(_write_url(name, plan, findings), data).status_code == 403, name

    after = (
        Inspection.history.count(),
        Finding.history.count(),
        Finding.actions.through.objects.count(),
        Finding.objectives.through.objects.count(),
    )
    assert after == before
