"""Every number on the dashboard and the accountability page opens a list of exactly those actions.

For the hand-built plan (tests/factories.py, `make_board_plan`; its table is in test_selectors.py),
with the termly cycle's marks added (`board` below: ratings awaiting confirmation, statements
carried forward, a "No update" written when Spring closed, a slipped due date), as at the latest and
the middle period (and the first, which has nothing to compare with), each link is followed as a
board member and the refs listed are compared with the set written out by hand below, and with the
number the figure shows.
"""

import datetime
import re
from html import unescape

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from actions.cycle.models import NO_UPDATE, Movement, PositionStatement
from actions.plans.models import Action
from reports import selectors
from reports.rag import RAG_KEYS
from tests import factories as f

AUTUMN, SPRING, SUMMER = 0, 1, 2

# As at each period, by hand: ref -> (RAG key, movement, escalation, overdue, statement in the period).
R, A, G, B, NR, NU = "red", "amber", "green", "blue", "not_rated", "no_update"
IMP, WOR, UNC, NEW = "improved", "worsened", "unchanged", "new"
AS_AT = {
    # The first period: nothing before it to compare with, so no movement and nothing "newly" Red.
    AUTUMN: {
        "1.1.a": (A, "", "", False, True),
        "1.1.b": (G, "", "", False, True),
        "1.1.c": (NU, "", "", False, False),
        "1.1.d": (R, "", "", False, True),
        "1.2.a": (NU, "", "", False, False),
        "1.2.b": (G, "", "", False, True),
        "1.2.c": (G, "", "", False, True),
        "1.2.d": (NU, "", "", False, False),
        "1.3.a": (NU, "", "", False, False),
        "1.3.b": (A, "", "", False, True),
        "1.3.c": (A, "", "", False, True),
        "1.3.e": (A, "", "", False, True),
    },
    SPRING: {
        "1.1.a": (R, WOR, "newly_red", False, True),
        "1.1.b": (A, WOR, "", False, True),
        "1.1.c": (G, NEW, "", False, True),
        "1.1.d": (R, UNC, "red_streak", False, True),
        "1.2.a": (NU, "", "", False, False),
        "1.2.b": (G, UNC, "", False, True),
        "1.2.c": (G, UNC, "", False, True),
        "1.2.d": (A, NEW, "", False, True),
        "1.3.a": (NU, "", "", True, False),
        "1.3.b": (A, UNC, "", False, True),
        "1.3.c": (G, IMP, "", False, True),
        "1.3.e": (A, UNC, "", False, False),
    },
    SUMMER: {
        "1.1.a": (R, UNC, "red_streak", False, True),
        "1.1.b": (R, WOR, "newly_red", False, True),
        "1.1.c": (A, WOR, "", False, True),
        "1.1.d": (G, IMP, "", False, True),
        "1.2.a": (G, NEW, "", False, True),
        "1.2.b": (G, UNC, "", False, True),
        "1.2.c": (B, IMP, "", False, True),
        "1.2.d": (NR, UNC, "", False, True),
        "1.3.a": (NU, "", "", True, False),
        "1.3.b": (A, UNC, "", True, True),
        "1.3.c": (G, UNC, "", False, True),
        "1.3.d": (R, NEW, "newly_red", False, True),
        "1.3.e": (A, UNC, "", False, False),
    },
}

# The termly cycle's marks as at each period, by hand (see `board`). A rating awaiting confirmation
# shows through into later periods until a statement replaces it (1.3.e's Autumn rating); a
# carried-forward statement is carried into its own period only.
UNCONFIRMED = {
    AUTUMN: {"1.3.e"},
    SPRING: {"1.2.d", "1.3.e"},
    SUMMER: {"1.1.b", "1.2.b", "1.3.e"},
}
CARRIED = {AUTUMN: set(), SPRING: {"1.3.b"}, SUMMER: {"1.1.a", "1.2.b"}}
SLIPPED = {"1.3.b"}  # due 1 May 2026, first agreed 1 Mar 2026 (1.2.c moved earlier: not slipped)
MARKS = ("unconfirmed", "carried", "slipped")

# Who leads what (supporting does not count).
LED_BY = {
    "Boardshire Council": {"1.1.a", "1.1.b", "1.1.d", "1.3.a", "1.3.b", "1.3.e"},
    "Boardshire ICB": {"1.1.a", "1.1.c", "1.2.c", "1.2.d", "1.3.d"},
    "Parent Carer Forum": {"1.2.a"},
    "Pat Lead": {"1.1.a", "1.1.b", "1.1.d", "1.3.a", "1.3.e"},
    "Sam Lead": {"1.1.a", "1.1.c", "1.2.d", "1.3.d"},
    "Kim Lead": {"1.2.b", "1.2.c", "1.3.b", "1.3.e"},
}
EVERYTHING = {ref for table in AS_AT.values() for ref in table}
GROUPS = {
    "Boardshire SEND Improvement Plan": EVERYTHING,
    "Priority 1: Inclusive education": EVERYTHING,
    "Priority 2: Preparing for adulthood": set(),  # only an archived action
    **LED_BY,
}


def expected_refs(period: int, group: str, key: str) -> set[str]:
    """The actions a link promises, from the hand-written tables above."""
    table = {ref: row for ref, row in AS_AT[period].items() if ref in GROUPS[group]}

    def where(test) -> set[str]:
        return {ref for ref, row in table.items() if test(*row)}

    if key in RAG_KEYS:
        return where(lambda rag, *_: rag == key)
    if key in Movement.values:
        return where(lambda rag, movement, *_: movement == key)
    if key in MARKS:
        marked = {"unconfirmed": UNCONFIRMED[period], "carried": CARRIED[period], "slipped": SLIPPED}[key]
        return set(table) & marked
    return {
        "all": set(table),
        "newly_red": where(lambda rag, movement, escalation, *_: escalation == "newly_red"),
        "red_streak": where(lambda rag, movement, escalation, *_: escalation == "red_streak"),
        "overdue": where(lambda rag, movement, escalation, overdue, updated: overdue),
        "not_updated": where(lambda rag, movement, escalation, overdue, updated: not updated),
    }[key]


def shown(figures, key: str) -> int:
    """The number a figure shows beside its link."""
    if key in RAG_KEYS:
        return getattr(figures.rag, key)
    if key in Movement.values:
        return figures.movement[key]
    return figures.rag.total if key == "all" else getattr(figures, key)


def listed(client, link: str):
    """The refs on the action list behind `link` (walking every page), its count and its page text."""
    response = client.get(link)
    assert response.status_code == 200, link
    page_obj = response.context["page_obj"]
    assert response.context["page"].filterset.is_valid(), (link, response.context["page"].filterset.errors)
    refs = [a.ref for a in page_obj.object_list]
    text = response.content.decode()
    while page_obj.has_next():
        response = client.get(f"{link}&page={page_obj.next_page_number()}")
        page_obj = response.context["page_obj"]
        refs += [a.ref for a in page_obj.object_list]
    assert len(refs) == len(set(refs)), f"an action is listed twice behind {link}: {refs}"
    return set(refs), page_obj.paginator.count, text


@pytest.fixture
def board(db):
    """The board plan with the termly cycle's marks (the tables UNCONFIRMED, CARRIED, SLIPPED)."""
    board = f.make_board_plan()
    actions, (autumn, spring, summer) = board.actions, board.periods
    now = timezone.now()
    in_plan = PositionStatement.objects.filter(action__objective__priority__plan=board.plan)
    in_plan.update(confirmed_at=now, proposed_rag=F("rag"))

    def statement(ref, period):
        return in_plan.get(action=actions[ref], period=period)

    for ref, period in [("1.1.b", summer), ("1.2.b", summer), ("1.2.d", spring), ("1.3.e", autumn)]:
        in_plan.filter(pk=statement(ref, period).pk).update(confirmed_at=None)
    for ref, period, previous in [
        ("1.1.a", summer, spring),
        ("1.2.b", summer, spring),
        ("1.3.b", spring, autumn),
    ]:
        in_plan.filter(pk=statement(ref, period).pk).update(carried_forward_from=statement(ref, previous))
    # Spring closed without a statement for 1.3.a: closing wrote "No update" (confirmed: a fact).
    f.make_statement(actions["1.3.a"], spring, NO_UPDATE, confirmed_at=now, narrative="No statement.")
    Action.objects.filter(pk=actions["1.3.b"].pk).update(original_due_date=datetime.date(2026, 3, 1))
    Action.objects.filter(pk=actions["1.2.c"].pk).update(original_due_date=datetime.date(2026, 7, 31))
    return board


def check_links(client, period_index: int, period_name: str, figures_list) -> list[str]:
    """Follow every link of every figure; return a line per mismatch (so one run shows them all)."""
    problems = []
    for figures in figures_list:
        assert set(figures.links) == {
            *RAG_KEYS,
            *Movement.values,
            "all",
            "overdue",
            "not_updated",
            "newly_red",
            "red_streak",
            *MARKS,
        }
        for key, link in figures.links.items():
            refs, count, text = listed(client, link)
            expected = expected_refs(period_index, figures.label, key)
            if refs != expected:
                problems.append(
                    f"{figures.label} / {key}: listed {sorted(refs)}, expected {sorted(expected)} ({link})"
                )
            if not shown(figures, key) == count == len(expected):
                problems.append(
                    f"{figures.label} / {key}: shows {shown(figures, key)}, list counts {count}, "
                    f"expected {len(expected)} ({link})"
                )
            if f"RAG ratings as at {period_name}" not in text:
                problems.append(
                    f"{figures.label} / {key}: list does not say 'RAG ratings as at {period_name}'"
                )
    return problems


@pytest.mark.parametrize("period_index", [AUTUMN, SPRING, SUMMER])
def test_every_dashboard_figure_opens_exactly_its_actions(client, bea, board, period_index):
    period = board.periods[period_index]
    data = selectors.dashboard(board.plan, period_pk=period.pk)
    client.force_login(bea)

    problems = check_links(client, period_index, period.name, [data.plan, *data.priorities])

    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("period_index", [SPRING, SUMMER])
def test_every_movement_tile_opens_exactly_its_actions(client, bea, board, period_index):
    period = board.periods[period_index]
    data = selectors.dashboard(board.plan, period_pk=period.pk)
    client.force_login(bea)

    for key, _word, count in data.movement:
        refs, listed_count, _text = listed(client, count.url)
        expected = expected_refs(period_index, data.plan.label, key)
        assert refs == expected, key
        assert count.value == listed_count == len(expected), key


@pytest.mark.parametrize("period_index", [SPRING, SUMMER])
def test_the_dashboard_lists_match_their_links(client, bea, board, period_index):
    """The newly Red, Red streak, overdue and not-updated lists show the actions their links list."""
    period = board.periods[period_index]
    data = selectors.dashboard(board.plan, period_pk=period.pk)
    client.force_login(bea)

    for key, lines in [
        ("newly_red", data.newly_red),
        ("red_streak", data.red_streak),
        ("overdue", data.overdue),
        ("not_updated", data.not_updated),
    ]:
        refs, count, _text = listed(client, data.plan.links[key])
        assert {line.ref for line in lines} == refs == expected_refs(period_index, data.plan.label, key), key
        assert len(lines) == count, key


@pytest.mark.parametrize("period_index", [AUTUMN, SPRING, SUMMER])
def test_every_accountability_figure_opens_exactly_its_actions(client, bea, board, period_index):
    period = board.periods[period_index]
    report = selectors.accountability(board.plan, period_pk=period.pk)
    client.force_login(bea)
    assert {fig.label for fig in report.partners} == {
        "Boardshire Council",
        "Boardshire ICB",
        "Parent Carer Forum",
    }
    assert {fig.label for fig in report.people} == {"Pat Lead", "Sam Lead", "Kim Lead"}

    problems = check_links(client, period_index, period.name, [*report.partners, *report.people])

    assert not problems, "\n".join(problems)


ACTION_LIST_LINK = re.compile(r'href="(/actions/\?[^"]*)"')


@pytest.mark.parametrize("page", ["reports:dashboard", "reports:accountability"])
@pytest.mark.parametrize("period_index", [SPRING, SUMMER])
def test_every_action_list_link_on_the_page_is_one_of_the_checked_figures(
    client, bea, board, page, period_index
):
    """The rendered page links only to the figures checked above, so no link goes unchecked."""
    period = board.periods[period_index]
    data = selectors.dashboard(board.plan, period_pk=period.pk)
    report = selectors.accountability(board.plan, period_pk=period.pk)
    checked = {
        link
        for figures in [data.plan, *data.priorities, *report.partners, *report.people]
        for link in figures.links.values()
    }
    client.force_login(bea)

    response = client.get(f"{reverse(page, args=[board.plan.pk])}?period={period.pk}")

    on_page = {unescape(link) for link in ACTION_LIST_LINK.findall(response.content.decode())}
    assert on_page, "no action-list links on the page"
    assert on_page <= checked, sorted(on_page - checked)


@pytest.mark.parametrize("query", ["movement=new", "escalation=newly_red", "updated=false", "carried=true"])
def test_a_period_filter_without_a_period_is_refused_with_a_message(client, bea, board, query):
    client.force_login(bea)

    response = client.get(f"{reverse('actions:action-list')}?plan={board.plan.pk}&{query}")

    assert response.status_code == 200
    assert "Choose a reporting period" in response.content.decode()


def table_rows(html: str) -> dict[str, list[str]]:
    """Each table row's text by the ref in its first cell (a ref may head rows in several tables)."""
    found: dict[str, list[str]] = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if cells:
            text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", row)))
            found.setdefault(cells[0].strip(), []).append(text)
    return found


@pytest.mark.parametrize("period_index", [SPRING, SUMMER])
def test_the_dashboard_lists_mark_unconfirmed_carried_forward_and_rebaselined_actions(
    client, bea, board, period_index
):
    period = board.periods[period_index]
    data = selectors.dashboard(board.plan, period_pk=period.pk)
    lines = [*data.newly_red, *data.red_streak, *data.overdue, *data.not_updated]
    assert {line.ref for line in lines if line.is_unconfirmed} == {line.ref for line in lines} & UNCONFIRMED[
        period_index
    ]
    assert {line.ref for line in lines if line.is_carried_forward} == {line.ref for line in lines} & CARRIED[
        period_index
    ]
    client.force_login(bea)

    response = client.get(f"{reverse('reports:dashboard', args=[board.plan.pk])}?period={period.pk}")

    rows = table_rows(response.content.decode())
    for line in lines:
        for text in rows[line.ref]:
            assert ("Unconfirmed" in text) == (line.ref in UNCONFIRMED[period_index]), text
            assert ("Carried forward" in text) == (line.ref in CARRIED[period_index]), text
            assert ("Re-baselined from" in text) == (line.ref in {"1.2.c", "1.3.b"}), text
    if period_index == SUMMER:
        assert "1 May 2026 Overdue Re-baselined from 1 Mar 2026" in rows["1.3.b"][0]
        assert "Red Carried forward" in rows["1.1.a"][0]  # Red two periods running: carried forward
        assert "Red Unconfirmed" in rows["1.1.b"][0]  # newly Red, awaiting confirmation


@pytest.mark.parametrize("period_index", [SPRING, SUMMER])
def test_the_dashboard_shows_the_termly_cycle_figures_with_their_links(client, bea, board, period_index):
    period = board.periods[period_index]
    data = selectors.dashboard(board.plan, period_pk=period.pk)
    client.force_login(bea)

    html = unescape(
        client.get(
            f"{reverse('reports:dashboard', args=[board.plan.pk])}?period={period.pk}"
        ).content.decode()
    )

    for key, label in [
        ("unconfirmed", "ratings awaiting confirmation"),
        ("carried", "carried forward (no change since last period)"),
        ("slipped", "slipped: due date moved later"),
    ]:
        count = len(expected_refs(period_index, data.plan.label, key))
        tile = (
            f'<a class="sp-tile__link" href="{data.plan.links[key]}"><span class="sp-tile__number">{count}'
            f'</span> <span class="sp-tile__label">{label}</span></a>'
        )
        assert tile in html, key


@pytest.mark.parametrize("key", MARKS)
def test_the_action_list_marks_every_action_behind_a_termly_cycle_figure(client, bea, board, key):
    summer = board.periods[SUMMER]
    data = selectors.dashboard(board.plan, period_pk=summer.pk)
    client.force_login(bea)

    response = client.get(data.plan.links[key])

    rows = table_rows(response.content.decode())
    expected = expected_refs(SUMMER, data.plan.label, key)
    assert set(rows) == expected
    word = {"unconfirmed": "Unconfirmed", "carried": "Carried forward", "slipped": "Re-baselined from"}[key]
    assert all(word in text for ref in expected for text in rows[ref])


def test_no_update_written_at_closing_counts_as_no_update_and_not_as_a_statement(client, bea, board):
    """1.3.a's Spring "No update" is listed under No update and without a statement, never as rated."""
    spring = board.periods[SPRING]
    data = selectors.dashboard(board.plan, period_pk=spring.pk)
    client.force_login(bea)

    refs, _count, _text = listed(client, data.plan.links["no_update"])
    assert "1.3.a" in refs
    refs, _count, _text = listed(client, data.plan.links["not_updated"])
    assert "1.3.a" in refs
    line = next(line for line in data.not_updated if line.ref == "1.3.a")
    assert (line.rag, line.updated_in_period, line.is_unconfirmed) == (NO_UPDATE, False, False)
    refs, _count, _text = listed(
        client, f"{reverse('actions:action-list')}?plan={board.plan.pk}&period={spring.pk}&updated=true"
    )
    assert "1.3.a" not in refs
