"""The inspection findings in the reports: the monitoring pack (data, PDF, workbook, publishing, who sees
it), the priority action plan workbook, and the "by inspection finding" sections of the dashboard and
the board pack. Every figure must agree with `actions.findings.selectors.coverage`, the findings
matrix's read model. The plan is the board plan with the inspection of finding_data.py."""

import datetime
import io
import shutil

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from actions.cycle.models import PositionStatement, Rag, rag_label
from actions.findings.models import Finding, FindingKind, Inspection
from actions.findings.selectors import NO_ACTION, coverage
from reports import excel, pdf, services
from reports.forms import NOTHING_TO_MONITOR, PackForm
from reports.models import Pack
from reports.monitoring import monitoring_data
from reports.packs import BOARD, MONITORING, default_cover, pack_data
from tests import factories as f
from tests.helpers import close_response, pdf_text, squashed

from .finding_data import SPRING, SUMMER, inspect_board_plan

needs_pdftotext = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")

COUNCIL_WARNING = "Directed to Parent Carer Forum, but Parent Carer Forum leads none of its actions."


@pytest.fixture
def inspected(db):
    board = f.make_board_plan()
    inspect_board_plan(board)
    return board


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def sheet_rows(xlsx: bytes, sheet: str) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    return [row for row in book[sheet].iter_rows(values_only=True)]


def read(field) -> bytes:
    with field.open("rb") as file:
        return file.read()


# --- The monitoring pack's data ---------------------------------------------------------------------


def test_monitoring_data_counts_the_findings_by_kind_and_their_actions_rag_mix(inspected):
    data = monitoring_data(inspected.plan, inspected.periods[SUMMER])

    assert [(k.kind_label, k.findings, k.with_actions) for k in data.kinds] == [
        ("Area for priority action", 2, 2),
        ("Area for improvement", 2, 1),
    ]
    assert [f.reference for f in data.findings] == ["API 1", "API 2", "AFI 1", "AFI 2"]
    assert data.with_actions == 3 and data.without_actions == 1
    # API 1: 1.1.a Red, 1.1.b Red; API 2: 1.2.a-d Green, Green, Blue, Not rated; AFI 1: 1.3.b Amber.
    assert data.rag_cells == [
        ("red", 2),
        ("amber", 1),
        ("green", 2),
        ("blue", 1),
        ("not_rated", 1),
        ("no_update", 0),
    ]
    assert data.overdue == 1  # 1.3.b, due 1 May 2026
    assert data.warnings == [("AFI 1", COUNCIL_WARNING), ("AFI 2", NO_ACTION)]


def test_monitoring_data_gives_each_action_its_rag_in_every_period_up_to_the_packs(inspected):
    data = monitoring_data(inspected.plan, inspected.periods[SUMMER])
    actions = {a.ref: a for f in data.findings for a in f.actions}

    assert data.periods == ["Autumn term 2025", "Spring term 2026", "Summer term 2026"]
    assert actions["1.1.a"].history == [Rag.AMBER, Rag.RED, Rag.RED]
    assert actions["1.1.b"].history == [Rag.GREEN, Rag.AMBER, Rag.RED]
    assert [rag_label(r) for r in actions["1.2.a"].history] == ["No update", "No update", "Green"]
    # As at Spring, the history stops at Spring.
    spring = monitoring_data(inspected.plan, inspected.periods[SPRING])
    assert spring.periods == ["Autumn term 2025", "Spring term 2026"]
    assert {a.ref: a.history for f in spring.findings for a in f.actions}["1.1.a"] == [Rag.AMBER, Rag.RED]


def test_monitoring_data_history_is_coverage_as_at_each_earlier_period(inspected):
    """The history is read for every period in one query; each rating must be the one the findings
    matrix (`coverage`) gives as at that period: an action added part way has none before it joined,
    and an action of another plan carries its own plan's latest rating by each period's date."""
    board = inspected
    other_plan, stray = board.other_plan, board.other_plan.priorities.get().objectives.get().actions.get()
    january = f.make_period(other_plan, name="January 2026", as_at=datetime.date(2026, 1, 15), state="closed")
    f.make_statement(stray, january, Rag.AMBER)
    board.findings["AFI 2"].actions.add(stray, board.actions["1.3.d"])  # 1.3.d joined in May 2026
    summer = board.periods[SUMMER]

    data = monitoring_data(board.plan, summer)

    history = {(f.reference, a.ref, a.plan_title): a.history for f in data.findings for a in f.actions}
    for index, period in enumerate(board.periods):
        then = coverage(board.plan, period)
        rags = {(f.reference, a.ref, a.plan_title): a.rag for f in then.findings for a in f.actions}
        assert {key: rags[key] for key in history} == {key: h[index] for key, h in history.items()}, period
    assert history[("AFI 2", "1.1.a", other_plan.title)] == [None, Rag.AMBER, Rag.RED]
    assert history[("AFI 2", "1.3.d", board.plan.title)] == [None, None, Rag.RED]


def test_monitoring_data_carries_the_latest_statements_leads_and_measures(inspected):
    PositionStatement.objects.filter(
        action=inspected.actions["1.1.a"], period=inspected.periods[SUMMER]
    ).update(narrative="Quokka panel now meets weekly.")
    pack = pack_data(inspected.plan, inspected.periods[SUMMER], audience=MONITORING)
    findings = {f.reference: f for f in pack.findings.findings}

    first = findings["API 1"].actions[0]
    assert (first.ref, first.statement, first.statement_period) == (
        "1.1.a",
        "Quokka panel now meets weekly.",
        "Summer term 2026",
    )
    assert first.lead == "Pat Lead, Sam Lead, Boardshire Council, Boardshire ICB"
    assert first.accountable == "Boardshire Council, Boardshire ICB"
    [measure] = findings["API 2"].measures
    assert (measure.name, measure.latest, measure.expected, measure.rag) == (
        "Plans issued within 20 weeks",
        "61%",
        "58.2%",
        Rag.GREEN,
    )
    assert [a.ref for a in findings["AFI 1"].overdue_actions] == ["1.3.b"]


def test_the_monitoring_packs_standard_cover_names_the_inspection(inspected):
    cover = default_cover(inspected.plan, inspected.periods[SUMMER], MONITORING)

    assert cover.purpose == (
        "To report progress against the areas for priority action and improvement identified in the "
        "June 2025 area SEND inspection of Boardshire."
    )
    assert "Department for Education and NHS England" in cover.context
    assert "Widespread and/or systemic failings" in cover.context


def test_a_board_pack_carries_the_findings_without_history_and_a_forum_pack_none(inspected):
    board = pack_data(inspected.plan, inspected.periods[SUMMER], audience=BOARD)
    forum = pack_data(inspected.plan, inspected.periods[SUMMER], audience="forum")

    assert board.findings.periods == ["Summer term 2026"]
    assert len(board.findings.findings) == 4
    assert forum.findings is None


def test_a_plan_without_findings_has_none_in_its_board_pack(db):
    board = f.make_board_plan()

    assert pack_data(board.plan, board.periods[SUMMER], audience=BOARD).findings is None


# --- The PDF and the workbook agree with coverage() --------------------------------------------------


@needs_pdftotext
def test_the_monitoring_pack_pdf_shows_every_finding_as_the_findings_matrix_does(inspected):
    period = inspected.periods[SUMMER]
    matrix = coverage(inspected.plan, period)

    text = pdf_text(pdf.render_pdf(pack_data(inspected.plan, period, audience=MONITORING)), raw=True)
    flat = squashed(text)

    assert "Area SEND inspection: monitoring report, Summer term 2026" in text
    assert "Department for Education and NHS England" in text
    assert squashed("4. Summary of progress against the inspection findings") in flat
    assert squashed("4.1 Warnings (2)") in flat
    for finding in matrix.findings:
        assert squashed(f"{finding.reference}: {finding.kind_label.lower().capitalize()}") in flat
        assert squashed(finding.text) in flat
        for warning in finding.warnings:
            assert squashed(warning) in flat
        mix = ", ".join(f"{n} {rag_label(k)}" for k, n in vars(finding.rag_mix).items() if n)
        if finding.actions:
            assert (
                squashed(
                    f"{len(finding.actions)} action{'s' if len(finding.actions) > 1 else ''}, {mix}; "
                    f"{finding.overdue} overdue."
                )
                in flat
            ), finding.reference
            for action in finding.actions:
                assert squashed(f"{action.ref} {action.description}") in flat
        else:
            assert "No action in the plan answers this finding yet." in text
    # Each action's ratings, a column per period: 1.1.a Amber, Red, Red.
    assert (
        squashed("1.1.a Board plan action 1.1.a Pat Lead, Sam Lead, Boardshire Council, Boardshire ICB")
        in flat
    )
    assert squashed("Amber Red Red Progress on 1.1.a.") in flat
    assert squashed("Plans issued within 20 weeks 61% 58.2% Green") in flat
    assert squashed("Overdue (1): 1.3.b, due 1 May 2026") in flat


def test_the_monitoring_pack_workbook_cells_agree_with_coverage(inspected):
    period = inspected.periods[SUMMER]
    matrix = coverage(inspected.plan, period)

    xlsx = excel.render_xlsx(pack_data(inspected.plan, period, audience=MONITORING))

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["Findings", "Actions by finding", "Measures"]
    header, *rows = sheet_rows(xlsx, "Findings")
    assert header[:6] == ("Ref", "Kind", "Finding", "Directed to", "Answered through objectives", "Actions")
    assert header[6:12] == ("Red", "Amber", "Green", "Blue", "Not rated", "No update")
    assert len(rows) == len(matrix.findings)
    for row, finding in zip(rows, matrix.findings, strict=True):
        m = finding.rag_mix
        assert row[0] == finding.reference and row[2] == finding.text
        assert row[5:13] == (
            len(finding.actions),
            m.red,
            m.amber,
            m.green,
            m.blue,
            m.not_rated,
            m.no_update,
            finding.overdue,
        )
        assert (row[14] or "") == "\n".join(finding.warnings)
    header, *rows = sheet_rows(xlsx, "Actions by finding")
    assert header[7:10] == ("Autumn term 2025 RAG", "Spring term 2026 RAG", "Summer term 2026 RAG")
    expected = [(f.reference, a.ref, a.rag_label) for f in matrix.findings for a in f.actions]
    assert [(r[0], r[1], r[9]) for r in rows] == expected
    assert rows[0][7:10] == ("Amber", "Red", "Red")
    assert rows[0][10] == "Progress on 1.1.a."


# --- The priority action plan workbook ---------------------------------------------------------------


def priority_plan_url(board, period=None) -> str:
    url = reverse("reports:priority-action-plan", args=[board.plan.pk])
    return f"{url}?period={period.pk}" if period else url


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def test_the_priority_action_plan_lists_each_finding_then_its_actions_as_coverage_does(
    client, fern, inspected
):
    period = inspected.periods[SUMMER]
    matrix = coverage(inspected.plan, period)
    client.force_login(fern)  # every member may download it

    rows = sheet_rows(download(client, priority_plan_url(inspected, period)), "Priority action plan")

    assert rows[0][0] == "Boardshire: priority action plan, Boardshire SEND Improvement Plan"
    assert rows[1][0] == "RAG ratings and statements as at Summer term 2026"
    assert rows[3] == (
        "Finding / action",
        "Area for action / action",
        "Lead",
        "Accountable partner",
        "Milestones / due date",
        "Success criteria",
        "RAG",
        "Latest position statement",
    )
    expected = []
    for finding in matrix.findings:
        expected.append(
            (finding.reference, f"{finding.kind_label}: {finding.text}", ", ".join(finding.partners) or None)
        )
        expected += [(a.ref, a.description, a.lead or None, a.rag_label) for a in finding.actions]
    body = rows[4:]
    assert [r[:2] + (r[3],) if r[0].startswith(("API", "AFI")) else r[:3] + (r[6],) for r in body] == expected
    warning_row = next(r for r in body if r[0] == "AFI 2")
    assert warning_row[7] == NO_ACTION


def test_the_priority_action_plan_defaults_to_the_latest_period_and_takes_another(client, bea, inspected):
    client.force_login(bea)

    latest = sheet_rows(download(client, priority_plan_url(inspected)), "Priority action plan")
    spring = sheet_rows(
        download(client, priority_plan_url(inspected, inspected.periods[SPRING])), "Priority action plan"
    )

    assert latest[1][0].endswith("Summer term 2026")
    assert spring[1][0].endswith("Spring term 2026")
    # 1.1.b: Red in Summer, Amber in Spring.
    assert next(r for r in latest if r[0] == "1.1.b")[6] == "Red"
    assert next(r for r in spring if r[0] == "1.1.b")[6] == "Amber"


@pytest.mark.parametrize("bad", ["not-a-number", "999999"])
def test_the_priority_action_plan_refuses_a_period_not_of_the_plan(client, bea, inspected, bad):
    client.force_login(bea)

    response = client.get(f"{priority_plan_url(inspected)}?period={bad}")

    assert response.status_code == 404


def test_the_priority_action_plan_of_another_plans_period_is_not_found(client, bea, inspected):
    client.force_login(bea)

    response = client.get(priority_plan_url(inspected, inspected.other_period))

    assert response.status_code == 404


def test_a_plan_with_no_findings_gives_a_workbook_that_says_so(client, bea, db):
    board = f.make_board_plan()
    client.force_login(bea)

    rows = sheet_rows(download(client, priority_plan_url(board)), "Priority action plan")

    assert rows[4][1] == "No inspection findings are recorded for this plan."


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("alice", 200),
        ("olivia", 200),
        ("oscar", 200),
        ("bea", 200),
        ("fern", 200),
        ("ada", 200),
        ("nora", 403),
    ],
)
def test_who_may_download_the_priority_action_plan(client, request, inspected, role, status):
    client.force_login(request.getfixturevalue(role))

    response = client.get(priority_plan_url(inspected))

    assert response.status_code == status


def test_downloading_the_priority_action_plan_signed_out_asks_to_sign_in(client, inspected):
    url = priority_plan_url(inspected)

    response = client.get(url)

    assert response.status_code == 302 and response.url == f"{reverse('login')}?next={url}"


def plan_with_findings(size: int, *, periods: int = 3):
    """A large plan whose findings are answered by every action: half directly, half via objectives."""
    plan, actions = f.make_large_plan(size, periods=periods)
    inspection = Inspection.objects.create(
        plan=plan,
        visit_start=datetime.date(2025, 6, 2),
        visit_end=datetime.date(2025, 6, 6),
        published_on=datetime.date(2025, 7, 21),
    )
    api = Finding.objects.create(
        inspection=inspection, kind=FindingKind.PRIORITY_ACTION, reference="API 1", text="A"
    )
    afi = Finding.objects.create(
        inspection=inspection, kind=FindingKind.IMPROVEMENT, reference="AFI 1", text="B"
    )
    Finding.objects.create(inspection=inspection, kind=FindingKind.IMPROVEMENT, reference="AFI 2", text="C")
    api.actions.add(*actions[: size // 2])
    afi.objectives.add(*{a.objective for a in actions[size // 2 :]})
    return plan


# session, user, role (3), the plan (1), its periods (1), then coverage's 10 (as the dashboard's) and
# each answering action's statement, success measures and lead partners (3).
PRIORITY_PLAN_BUDGET = 18


@pytest.mark.parametrize("size", [10, 500])
def test_the_priority_action_plan_stays_within_its_query_budget(
    client, bea, django_assert_max_num_queries, size
):
    plan = plan_with_findings(size)
    client.force_login(bea)

    with django_assert_max_num_queries(PRIORITY_PLAN_BUDGET) as captured:
        response = client.get(reverse("reports:priority-action-plan", args=[plan.pk]))

    assert response.status_code == 200
    rows = sheet_rows(response.content, "Priority action plan")
    matrix = coverage(plan, plan.periods.order_by("as_at").last())
    assert len(rows) == 4 + sum(1 + f.action_count for f in matrix.findings) > 4 + size
    assert len(captured) == PRIORITY_PLAN_BUDGET  # 10 actions cost what 500 cost


def test_the_priority_action_plan_costs_the_same_at_10_and_500_actions(client, bea):
    from tests.helpers import count_queries

    client.force_login(bea)
    small = count_queries(client, reverse("reports:priority-action-plan", args=[plan_with_findings(10).pk]))
    big = count_queries(client, reverse("reports:priority-action-plan", args=[plan_with_findings(500).pk]))

    assert small == big


# --- The dashboard's and the board pack's "by inspection finding" sections ---------------------------


def test_the_dashboard_shows_each_finding_with_its_warnings(client, bea, inspected):
    client.force_login(bea)

    response = client.get(reverse("reports:dashboard", args=[inspected.plan.pk]))

    dashboard = response.context["dashboard"]
    matrix = coverage(inspected.plan, inspected.periods[SUMMER])
    assert dashboard.findings == matrix.findings
    page = response.content.decode()
    assert "By inspection finding" in page
    assert "No action answers this finding." in page and COUNCIL_WARNING in page
    assert priority_plan_url(inspected, inspected.periods[SUMMER]) in page


def test_the_dashboard_of_a_plan_without_findings_has_no_findings_section(client, bea, db):
    board = f.make_board_plan()
    client.force_login(bea)

    response = client.get(reverse("reports:dashboard", args=[board.plan.pk]))

    assert response.context["dashboard"].findings == []
    assert "By inspection finding" not in response.content.decode()


# The dashboard's budget (test_query_budget.py: 14) plus coverage's 10 (findings with their partners,
# links, answering actions with their leads (3), objectives, periods, states and the measures
# evidencing them (2)).
DASHBOARD_FINDINGS_BUDGET = 15 + 10


@pytest.mark.parametrize("size", [10, 500])
def test_the_dashboard_with_findings_stays_within_its_query_budget(
    client, bea, django_assert_max_num_queries, size
):
    plan = plan_with_findings(size)
    client.force_login(bea)

    with django_assert_max_num_queries(DASHBOARD_FINDINGS_BUDGET) as captured:
        response = client.get(reverse("reports:dashboard", args=[plan.pk]))

    assert response.status_code == 200
    assert len(captured) == DASHBOARD_FINDINGS_BUDGET  # 10 actions cost what 500 cost
    counts = [f.action_count for f in response.context["dashboard"].findings]
    assert counts[0] == size // 2 and counts[1] >= size - size // 2 and counts[2] == 0


@pytest.mark.parametrize("periods", [3, 12])
def test_the_dashboard_with_findings_costs_the_same_at_3_and_12_periods(
    client, bea, django_assert_max_num_queries, periods
):
    plan = plan_with_findings(50, periods=periods)
    client.force_login(bea)

    with django_assert_max_num_queries(DASHBOARD_FINDINGS_BUDGET) as captured:
        response = client.get(reverse("reports:dashboard", args=[plan.pk]))

    assert response.status_code == 200
    assert len(captured) == DASHBOARD_FINDINGS_BUDGET  # 12 periods cost what 3 cost


# A pack preview's budget (test_packs_views.py: 16) plus, for a plan with inspection findings,
# `monitoring_data`'s: coverage's 10, the inspections (1), the answering actions' statements and lead
# partners (2); a monitoring pack's history adds the periods shown and every earlier rating (2),
# whatever the number of periods.
FINDINGS_PREVIEW_BUDGET = {BOARD: 16 + 13, MONITORING: 16 + 15}


def preview_with_findings(client, alice, assert_max_queries, audience: str, size: int, periods: int) -> None:
    """The preview of a draft pack as at the plan's latest period costs exactly its budget."""
    plan = plan_with_findings(size, periods=periods)
    pack = f.make_pack(plan, plan.periods.order_by("as_at").last(), audience=audience, created_by=alice)
    client.force_login(alice)

    with assert_max_queries(FINDINGS_PREVIEW_BUDGET[audience]) as captured:
        response = client.get(reverse("reports:pack-preview", args=[pack.pk]))

    assert response.status_code == 200
    assert len(captured) == FINDINGS_PREVIEW_BUDGET[audience]
    # The budget means something only if the pack shows the findings, and the history every period.
    findings = response.context["pack_data"].findings
    assert findings is not None and len(findings.findings[0].actions) == size // 2
    if audience == MONITORING:
        assert len(findings.periods) == periods
        assert all(len(a.history) == periods for finding in findings.findings for a in finding.actions)


@pytest.mark.parametrize("size", [10, 500])
@pytest.mark.parametrize("audience", [BOARD, MONITORING])
def test_a_pack_preview_with_findings_stays_within_its_query_budget(
    client, alice, media, django_assert_max_num_queries, audience, size
):
    preview_with_findings(client, alice, django_assert_max_num_queries, audience, size, periods=3)


@pytest.mark.parametrize("periods", [3, 12])
@pytest.mark.parametrize("audience", [BOARD, MONITORING])
def test_a_pack_preview_with_findings_costs_the_same_at_3_and_12_periods(
    client, alice, media, django_assert_max_num_queries, audience, periods
):
    """The monitoring pack shows each action's rating in every period up to the pack's: read in one
    query, not a coverage per period."""
    preview_with_findings(client, alice, django_assert_max_num_queries, audience, 50, periods)


@needs_pdftotext
def test_the_board_pack_has_a_by_inspection_finding_section(inspected):
    period = inspected.periods[SUMMER]
    matrix = coverage(inspected.plan, period)

    text = pdf_text(pdf.render_pdf(pack_data(inspected.plan, period, audience=BOARD)), raw=True)
    flat = squashed(text)

    assert "8. By inspection finding" in text
    assert squashed("3 of 4 findings have actions; 2 warnings.") in flat
    for finding in matrix.findings:
        assert finding.reference in text
        for warning in finding.warnings:
            assert squashed(warning) in flat


# --- Making, publishing and seeing a monitoring pack -------------------------------------------------


def test_the_pack_form_explains_a_plan_without_findings_has_nothing_to_monitor(client, alice, db):
    board = f.make_board_plan()
    client.force_login(alice)
    url = reverse("reports:pack-create", args=[board.plan.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"audience": MONITORING, "period": board.periods[SUMMER].pk})

    assert "This plan has no inspection findings recorded" in page
    assert response.status_code == 200
    assert response.context["form"].errors["audience"] == [NOTHING_TO_MONITOR]
    assert not Pack.objects.exists()


def test_pack_create_refuses_a_monitoring_pack_of_a_plan_without_findings(alice, db):
    board = f.make_board_plan()

    with pytest.raises(ValidationError) as refused:
        services.pack_create(user=alice, plan=board.plan, period=board.periods[SUMMER], audience=MONITORING)

    assert refused.value.message_dict == {"audience": [NOTHING_TO_MONITOR]}


def test_the_pack_form_offers_the_monitoring_pack(inspected):
    form = PackForm(plan=inspected.plan)

    assert (MONITORING, "Monitoring pack: Department for Education and NHS England") in form.fields[
        "audience"
    ].choices
    assert "Department for Education and NHS England" in form.fields["audience"].help_text


def test_a_plan_administrator_makes_a_monitoring_pack_with_the_standard_cover(client, alice, inspected):
    client.force_login(alice)

    response = client.post(
        reverse("reports:pack-create", args=[inspected.plan.pk]),
        {"audience": MONITORING, "period": inspected.periods[SUMMER].pk},
    )

    pack = Pack.objects.get()
    assert response.status_code == 302 and response.url == pack.get_absolute_url()
    assert pack.audience == MONITORING
    assert pack.title == "Area SEND inspection: monitoring report, Summer term 2026"
    assert pack.purpose.startswith("To report progress against the areas for priority action and improvement")
    preview = client.get(reverse("reports:pack-preview", args=[pack.pk]))
    assert preview.status_code == 200
    assert "Progress on each finding" in preview.content.decode()


@needs_pdftotext
def test_a_published_monitoring_pack_is_byte_for_byte_unchanged_after_the_plan_changes(
    client, media, alice, ada, inspected
):
    from actions.cycle import services as cycle_services

    summer = inspected.periods[SUMMER]
    pack = services.pack_create(user=alice, plan=inspected.plan, period=summer, audience=MONITORING)
    services.pack_publish(user=alice, pack=pack)
    pack.refresh_from_db()
    assert pack.state == Pack.State.PUBLISHED
    assert pack.file_name("pdf") == "boardshire-monitoring-pack-summer-term-2026.pdf"
    pdf_before, xlsx_before = read(pack.pdf), read(pack.xlsx)
    assert "Leaders should improve how young people" in pdf_text(pdf_before, raw=True)

    # The finding is reworded and answered; a statement is rewritten.
    finding = inspected.findings["AFI 2"]
    finding.text = "Zebrafield: reworded after publishing."
    finding.save()
    finding.actions.add(inspected.actions["1.3.e"])
    cycle_services.period_reopen(user=alice, period=summer, reason="A late update from the lead.")
    PositionStatement.objects.filter(action=inspected.actions["1.1.a"], period=summer).update(
        narrative="Yakyard: changed after publishing."
    )

    pack.refresh_from_db()
    assert read(pack.pdf) == pdf_before and read(pack.xlsx) == xlsx_before
    client.force_login(ada)  # the adviser downloads it as published
    for fmt, before in (("pdf", pdf_before), ("xlsx", xlsx_before)):
        response = client.get(reverse("reports:pack-download", args=[pack.pk, fmt]))
        assert b"".join(response.streaming_content) == before
        close_response(response)
    text = pdf_text(pdf_before, raw=True)
    assert "Zebrafield" not in text and "Yakyard" not in text


@pytest.mark.parametrize(
    ("role", "sees"),
    [("alice", True), ("olivia", True), ("oscar", True), ("bea", True), ("ada", True), ("fern", False)],
)
def test_who_sees_a_published_monitoring_pack_in_the_pack_list(client, request, media, inspected, role, sees):
    pack = f.make_pack(
        inspected.plan, inspected.periods[SUMMER], audience=MONITORING, state=Pack.State.PUBLISHED
    )
    client.force_login(request.getfixturevalue(role))

    listed = client.get(reverse("reports:pack-list", args=[inspected.plan.pk])).context["packs"]
    detail = client.get(pack.get_absolute_url())

    assert (pack in listed) is sees
    assert detail.status_code == (200 if sees else 404)


def test_a_draft_monitoring_pack_is_hidden_from_the_adviser(client, ada, inspected):
    pack = f.make_pack(inspected.plan, inspected.periods[SUMMER], audience=MONITORING)
    client.force_login(ada)

    assert client.get(pack.get_absolute_url()).status_code == 404


# --- The render_pack command -------------------------------------------------------------------------


def test_render_pack_writes_a_monitoring_pack(tmp_path, inspected):
    output = tmp_path / "monitoring.xlsx"
    out = io.StringIO()

    call_command(
        "render_pack",
        plan=inspected.plan.pk,
        period="Summer term 2026",
        audience=MONITORING,
        format="xlsx",
        output=output,
        stdout=out,
    )

    assert "Monitoring pack: Department for Education and NHS England" in out.getvalue()
    assert [r[0] for r in sheet_rows(output.read_bytes(), "Findings")[1:]] == [
        "API 1",
        "API 2",
        "AFI 1",
        "AFI 2",
    ]
