"""The dashboard and accountability pages: who may see them, bad periods, and what the page carries."""

import pytest
import tinyhtml5
from django.urls import reverse

from tests import factories as f
from tests.helpers import h1_count, title_of

MEMBERS = ["alice", "olivia", "oscar", "bea", "fern"]
PAGES = ["reports:dashboard", "reports:accountability"]
XHTML = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
AUTUMN, SPRING, SUMMER = 0, 1, 2


@pytest.fixture
def board(db):
    return f.make_board_plan()


def url(page: str, plan_pk: int, period=None) -> str:
    base = reverse(page, args=[plan_pk])
    return base if period is None else f"{base}?period={period}"


def tree(response):
    return tinyhtml5.parse(response.content.decode())


def element_text(element) -> str:
    """The text of a parsed element and everything inside it, whitespace collapsed."""
    return " ".join(" ".join(element.itertext()).split())


def period_options(response) -> list[tuple[str, str, bool]]:
    """The period switch: (value, text, selected) for each option."""
    select = tree(response).find(f".//{XHTML}select[@id='period']")
    assert select is not None, "no period switch"
    return [
        (option.get("value"), element_text(option), "selected" in option.attrib)
        for option in select.iter(f"{XHTML}option")
    ]


# --- Access ----------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("who", MEMBERS)
def test_every_role_can_see_the_board_pages(client, request, board, page, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(url(page, board.plan.pk))

    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
def test_board_pages_need_sign_in(client, board, page):
    target = url(page, board.plan.pk)

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={target}"


@pytest.mark.parametrize("page", PAGES)
def test_board_pages_are_refused_to_someone_with_no_role(client, nora, board, page):
    client.force_login(nora)

    response = client.get(url(page, board.plan.pk))

    assert response.status_code == 403


@pytest.mark.parametrize("page", PAGES)
def test_board_pages_of_a_missing_plan_are_not_found(client, bea, board, page):
    client.force_login(bea)

    response = client.get(url(page, board.other_plan.pk + 1000))

    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_a_period_of_another_plan_is_not_found(client, bea, board, page):
    client.force_login(bea)

    response = client.get(url(page, board.plan.pk, board.other_period.pk))

    assert response.status_code == 404


@pytest.mark.parametrize("period", ["abc", "²", "99999999999999999999999", "-1", "1.0", " 1"])
@pytest.mark.parametrize("page", PAGES)
def test_a_period_that_is_not_a_number_we_know_is_not_found(client, bea, board, page, period):
    client.force_login(bea)

    response = client.get(reverse(page, args=[board.plan.pk]), {"period": period})

    assert response.status_code == 404


@pytest.mark.parametrize("page", PAGES)
def test_an_empty_period_means_the_latest(client, bea, board, page):
    client.force_login(bea)

    response = client.get(url(page, board.plan.pk, ""))

    assert response.status_code == 200
    assert "Summer term 2026" in title_of(response)


@pytest.mark.parametrize("page", PAGES)
def test_a_plan_with_no_periods_has_nothing_to_report_yet(client, bea, page):
    plan = f.make_plan(title="Newshire SEND Plan")
    f.make_action(f.make_objective(f.make_priority(plan)))
    client.force_login(bea)

    response = client.get(url(page, plan.pk))

    assert response.status_code == 200
    assert "There is nothing to report yet" in response.content.decode()
    assert h1_count(response) == 1


# --- What the page carries ------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("chosen", [None, AUTUMN, SPRING, SUMMER])
def test_the_period_switch_lists_every_period_with_the_chosen_one_selected(client, bea, board, page, chosen):
    client.force_login(bea)
    period = None if chosen is None else board.periods[chosen].pk

    response = client.get(url(page, board.plan.pk, period))

    selected = SUMMER if chosen is None else chosen
    assert period_options(response) == [
        (str(board.periods[SUMMER].pk), "Summer term 2026 (as at 31 Jul 2026) – latest", selected == SUMMER),
        (str(board.periods[SPRING].pk), "Spring term 2026 (as at 31 Mar 2026)", selected == SPRING),
        (str(board.periods[AUTUMN].pk), "Autumn term 2025 (as at 31 Dec 2025)", selected == AUTUMN),
    ]
    # A plain GET form with a "Show" button, so it works without JavaScript.
    form = tree(response).find(f".//{XHTML}form[@class='sp-period-switch']")
    assert form.get("method") == "get"
    assert element_text(form.find(f".//{XHTML}button[@type='submit']")) == "Show"


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("chosen", [SPRING, SUMMER])
def test_the_title_names_the_period_and_the_page_has_one_h1(client, bea, board, page, chosen):
    client.force_login(bea)
    period = board.periods[chosen]

    response = client.get(url(page, board.plan.pk, period.pk))

    assert period.name in title_of(response)
    assert board.plan.title in title_of(response)
    assert h1_count(response) == 1


def test_the_dashboard_draws_three_charts_each_with_a_title(client, bea, board):
    client.force_login(bea)

    response = client.get(url("reports:dashboard", board.plan.pk))

    charts = list(tree(response).iter(f"{SVG}svg"))
    assert [svg.get("aria-labelledby") for svg in charts] == [
        "by-priority-title by-priority-desc",
        "trend-title trend-desc",
        "heat-map-title heat-map-desc",
    ]
    assert all(svg.get("role") == "img" for svg in charts)
    titles = [svg.find(f"{SVG}title") for svg in charts]
    assert [(t.get("id"), t.text) for t in titles] == [
        ("by-priority-title", "RAG ratings by priority, as at Summer term 2026"),
        ("trend-title", "RAG mix of the whole plan in each reporting period"),
        ("heat-map-title", "Share of each priority's actions on track (Green or Blue), by reporting period"),
    ]
    assert all(svg.find(f"{SVG}desc") is not None for svg in charts)


def table_rows(response, caption: str) -> list[list[str]]:
    """The text of each row of the table with this caption, header row first."""
    for table in tree(response).iter(f"{XHTML}table"):
        found = table.find(f"{XHTML}caption")
        if found is not None and element_text(found) == caption:
            return [[element_text(cell) for cell in row] for row in table.iter(f"{XHTML}tr")]
    raise AssertionError(f"no table captioned {caption!r}")


def test_each_chart_has_a_table_alternative_with_its_figures(client, bea, board):
    client.force_login(bea)

    response = client.get(url("reports:dashboard", board.plan.pk))

    heading = ["Red", "Amber", "Green", "Blue", "Not rated", "No update", "Total"]
    # RAG by priority: the table under the bar chart (each non-zero count is a link; its hidden
    # words follow the number).
    by_priority = table_rows(response, "RAG ratings by priority")
    assert by_priority[0] == ["Priority", *heading, "Overdue", "No statement this period"]
    assert [row[0] for row in by_priority[1:]] == [
        "Priority 1: Inclusive education",
        "Priority 2: Preparing for adulthood",
        "Whole plan",
    ]
    # Red, Amber, Green, Blue, Not rated, No update, total, overdue, no statement this period.
    summer = ["3", "3", "4", "1", "1", "1", "13", "2", "2"]
    assert [cell.split(" ")[0] for cell in by_priority[1][1:]] == summer
    assert [cell.split(" ")[0] for cell in by_priority[2][1:]] == ["0"] * 9
    assert [cell.split(" ")[0] for cell in by_priority[3][1:]] == summer
    # Direction of travel.
    assert table_rows(response, "RAG mix by reporting period") == [
        ["Reporting period", *heading],
        ["Autumn term 2025", "1", "4", "3", "0", "0", "4", "12"],
        ["Spring term 2026", "2", "4", "4", "0", "0", "2", "12"],
        ["Summer term 2026", "3", "3", "4", "1", "1", "1", "13"],
    ]
    # Heat map.
    assert table_rows(response, "RAG mix by priority and reporting period") == [
        ["Priority", "Autumn term 2025", "Spring term 2026", "Summer term 2026"],
        [
            "Priority 1: Inclusive education",
            "Red 1 Amber 4 Green 3 No update 4",
            "Red 2 Amber 4 Green 4 No update 2",
            "Red 3 Amber 3 Green 4 Blue 1 Not rated 1 No update 1",
        ],
        ["Priority 2: Preparing for adulthood", "No actions", "No actions", "No actions"],
    ]


def test_the_dashboard_as_at_an_older_period_says_so_and_compares_with_the_one_before(client, bea, board):
    client.force_login(bea)

    response = client.get(url("reports:dashboard", board.plan.pk, board.periods[SPRING].pk))

    text = element_text(tree(response))
    assert "As at Spring term 2026 (31 March 2026), compared with Autumn term 2025." in text
    assert "What moved since Autumn term 2025" in text


def test_the_first_period_has_nothing_to_compare_with(client, bea, board):
    client.force_login(bea)

    response = client.get(url("reports:dashboard", board.plan.pk, board.periods[AUTUMN].pk))

    text = element_text(tree(response))
    assert (
        "Autumn term 2025 is the plan’s first reporting period, so there is nothing to compare it with."
        in text
    )


def test_the_accountability_page_lists_partners_and_people_in_order(client, bea, board):
    client.force_login(bea)

    response = client.get(url("reports:accountability", board.plan.pk))

    partners = table_rows(response, "By lead partner")
    people = table_rows(response, "By lead person")
    assert [row[0] for row in partners[1:]] == ["Boardshire Council", "Boardshire ICB", "Parent Carer Forum"]
    assert [row[0] for row in people[1:]] == ["Pat Lead", "Sam Lead", "Kim Lead"]


RAG_WORDS = ["Red", "Amber", "Green", "Blue", "Not rated", "No update"]
FIGURES_HEADING = [*RAG_WORDS, "Total", "Overdue", "No statement this period"]


def test_the_dashboard_priority_table_heads_every_column(client, bea, board):
    client.force_login(bea)

    rows = table_rows(client.get(url("reports:dashboard", board.plan.pk)), "RAG ratings by priority")

    assert rows[0] == ["Priority", *FIGURES_HEADING]
    assert {len(row) for row in rows} == {len(rows[0])}


@pytest.mark.parametrize(
    "caption, heading", [("By lead partner", "Lead partner"), ("By lead person", "Lead person")]
)
def test_the_accountability_tables_head_every_column(client, bea, board, caption, heading):
    client.force_login(bea)

    rows = table_rows(client.get(url("reports:accountability", board.plan.pk)), caption)

    assert rows[0] == [heading, *FIGURES_HEADING]
    assert {len(row) for row in rows} == {len(rows[0])}


# --- Impact measures ---------------------------------------------------------------------------


def test_the_dashboard_shows_the_measures_panel_and_the_exception_list(client, bea, measured):
    client.force_login(bea)

    response = client.get(url("reports:dashboard", measured.plan.pk))

    page = tree(response)
    exceptions = page.find(f".//{XHTML}table[@class='govuk-table sp-measure-exceptions']")
    assert exceptions is not None
    [row] = exceptions.findall(f".//{XHTML}tbody/{XHTML}tr")
    assert element_text(row) == (
        "Parent carer satisfaction 30% 58.2% Red Unconfirmed"
        " 1.2.a Green 1.2.b Green 1.2.c Blue 1.2.d Not rated"
    )
    figures = page.find(f".//{XHTML}table[@class='govuk-table sp-measures-table']")
    rows = [element_text(tr) for tr in figures.findall(f".//{XHTML}tbody/{XHTML}tr")]
    assert (
        rows[0]
        == "Parent carer satisfaction Target 80% by 1 Sep 2027 30% 58.2% Red Unconfirmed ↓ Down, worse"
    )
    assert rows[-1].startswith(
        "No summer figure Target 80% by 1 Sep 2027 No figure Latest: 50% (Spring term 2026)"
    )
    measure = measured.measures["satisfaction"]
    assert f'href="{reverse("actions:measure-detail", args=[measure.pk])}"' in response.content.decode()
    assert f'href="{reverse("actions:measure-list", args=[measured.plan.pk])}"' in response.content.decode()
    tiles = element_text(
        page.find(f".//{XHTML}ul[@aria-label='Impact measures by RAG rating, Summer term 2026']")
    )
    assert tiles == "3 Red 0 Amber 1 Green 1 No figure this period"


def test_the_dashboard_says_when_the_plan_has_no_measures(client, bea, board):
    client.force_login(bea)

    response = client.get(url("reports:dashboard", board.plan.pk))

    assert "This plan has no impact measures yet." in response.content.decode()
