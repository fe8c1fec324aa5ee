"""The termly cycle's marks in the dashboard, the PDF packs and the workbook, from one definition.

The plan, as at Summer term 2026 (the pack's period; Spring term 2026 the previous one):

    ref    Spring           Summer                                    due
    1.1.a  Green, confirmed Amber, awaiting confirmation              -
    1.1.b  Green, confirmed Green, carried forward from Spring        -
    1.1.c  Green, confirmed Green, confirmed                          31 Oct 2026, first agreed 31 Jul 2026
    1.1.d  Amber, confirmed "No update" (written when Summer closed)  -

So each figure is 1: one unconfirmed, one carried forward, one slipped, one No update. The dashboard,
both PDFs and the workbook must all say so, each from `actions.cycle.selectors.period_states`.
"""

import datetime
import re
import shutil
from io import BytesIO

import openpyxl
import pytest
from django.utils import timezone

from actions.cycle.models import NO_UPDATE, PositionStatement, Rag
from actions.cycle.selectors import period_states
from actions.plans.models import Action
from reports import selectors
from reports.excel import ACTION_COLUMNS, CYCLE_HEADING, render_xlsx
from reports.packs import BOARD, FORUM, pack_data
from reports.pdf import render_pdf
from tests import factories as f
from tests.helpers import pdf_text, squashed

TODAY = datetime.date(2026, 7, 20)
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
NO_UPDATE_TEXT = "No position statement was given by the deadline, 10 July 2026."


@pytest.fixture
def cycle_plan(plan, periods):
    _autumn, spring, summer = periods
    now = timezone.now()
    objective = f.make_objective(f.make_priority(plan, ref="1", title="Inclusive education"), ref="1.1")
    lead = f.make_person(name="Pat Lead")

    def action(ref, description, **fields):
        return f.make_action(objective, ref=ref, description=description, leads=[lead], **fields)

    def statement(action, period, rag, *, confirmed=True, **fields):
        return f.make_statement(
            action, period, rag, proposed_rag=rag, confirmed_at=now if confirmed else None, **fields
        )

    unconfirmed = action("1.1.a", "Run SENCO network meetings")
    statement(unconfirmed, spring, Rag.GREEN)
    statement(unconfirmed, summer, Rag.AMBER, confirmed=False, narrative="Attendance has dropped.")

    carried = action("1.1.b", "Publish the Local Offer review")
    spring_statement = statement(carried, spring, Rag.GREEN, narrative="Review drafted with parents.")
    statement(
        carried,
        summer,
        Rag.GREEN,
        narrative="Review drafted with parents.",
        carried_forward_from=spring_statement,
    )

    slipped = action("1.1.c", "Open the new resource base", due_date=datetime.date(2026, 7, 31))
    slipped.due_date = datetime.date(2026, 10, 31)  # moved later: the baseline stays 31 July
    slipped.save()
    statement(slipped, spring, Rag.GREEN)
    statement(slipped, summer, Rag.GREEN, narrative="Building work starts in August.")

    silent = action("1.1.d", "Agree the joint commissioning plan")
    statement(silent, spring, Rag.AMBER)
    # What closing Summer writes for an action without a statement: no author, confirmed (a fact).
    statement(silent, summer, NO_UPDATE, narrative=NO_UPDATE_TEXT)
    return plan, summer


def test_each_action_state_carries_its_marks(cycle_plan):
    plan, summer = cycle_plan
    previous = plan.periods.get(name="Spring term 2026")

    states = {Action.objects.get(pk=s.pk).ref: s for s in period_states(plan, summer, previous)}

    marks = {
        ref: (s.rag, s.is_unconfirmed, s.is_carried_forward, s.slipped, s.updated_in_period, s.movement)
        for ref, s in states.items()
    }
    assert marks == {
        "1.1.a": ("amber", True, False, False, True, "worsened"),
        "1.1.b": ("green", False, True, False, True, "unchanged"),
        "1.1.c": ("green", False, False, True, True, "unchanged"),
        # "No update" is no rating: nothing to confirm, no statement in the period, no movement.
        "1.1.d": (NO_UPDATE, False, False, False, False, ""),
    }


def test_dashboard_counts_one_of_each(cycle_plan):
    plan, summer = cycle_plan

    figures = selectors.dashboard(plan, period_pk=summer.pk).plan

    assert (figures.unconfirmed, figures.carried, figures.slipped) == (1, 1, 1)
    assert (figures.rag.no_update, figures.not_updated) == (1, 1)


@needs_poppler
def test_board_pack_pdf_shows_the_marks_in_words(cycle_plan):
    plan, summer = cycle_plan
    pdf = render_pdf(pack_data(plan, summer, audience=BOARD, today=TODAY))

    flat = squashed(pdf_text(pdf, raw=True))
    assert squashed("Amber (unconfirmed)") in flat
    assert squashed("No change since last period: carried forward from Spring term 2026.") in flat
    assert squashed("31 Oct 2026, re-baselined from 31 Jul 2026") in flat
    assert squashed(NO_UPDATE_TEXT) in flat
    # Only the one unconfirmed rating is marked (in 6.2, worsened, and in the appendix).
    assert flat.count(squashed("(unconfirmed)")) == flat.count(squashed("Amber (unconfirmed)")) == 2
    assert flat.count(squashed("re-baselined from")) == 1
    assert flat.count(squashed("carried forward from")) == 1


def pdf_counts(text: str, period_name: str = "Summer term 2026") -> dict[str, int]:
    """The summary's termly-cycle rows, read back from the PDF's laid-out text."""
    found = {}
    for key, label in [
        ("no_update", r"No update: no rating as at " + re.escape(period_name)),
        ("unconfirmed", r"Ratings awaiting confirmation \(marked “unconfirmed”\)"),
        ("carried", r"Carried forward: no change since last period"),
        ("slipped", r"Slipped: due date moved later than first agreed"),
    ]:
        match = re.search(label + r"\s+(\d+)\s*$", text, re.M)
        assert match, (key, text)
        found[key] = int(match.group(1))
    return found


@needs_poppler
@pytest.mark.parametrize("audience", [BOARD, FORUM])
def test_pack_summary_counts_the_marks(cycle_plan, audience):
    plan, summer = cycle_plan
    pdf = render_pdf(pack_data(plan, summer, audience=audience, today=TODAY))

    assert pdf_counts(pdf_text(pdf)) == {"no_update": 1, "unconfirmed": 1, "carried": 1, "slipped": 1}


@needs_poppler
def test_forum_pack_marks_the_progress_column_too(cycle_plan):
    plan, summer = cycle_plan
    pdf = render_pdf(pack_data(plan, summer, audience=FORUM, today=TODAY))

    flat = squashed(pdf_text(pdf, raw=True))
    assert squashed("Amber (unconfirmed) Attendance has dropped.") in flat
    assert squashed("Green No change since last period: carried forward from Spring term 2026.") in flat
    assert squashed("31 Oct 2026, re-baselined from 31 Jul 2026") in flat


def workbook(plan, period, audience=BOARD):
    return openpyxl.load_workbook(
        BytesIO(render_xlsx(pack_data(plan, period, audience=audience, today=TODAY)))
    )


def sheet_rows(ws):
    return [list(row) for row in ws.iter_rows(values_only=True)]


def workbook_counts(wb, period_name: str = "Summer term 2026") -> dict[str, int]:
    """The Summary sheet's termly-cycle block: label -> count."""
    table = sheet_rows(wb["Summary"])
    start = next(i for i, row in enumerate(table) if row[0] == CYCLE_HEADING)
    words = {row[0]: row[1] for row in table[start + 1 : start + 5]}
    return {
        "no_update": words[f"No update: no rating as at {period_name}"],
        "unconfirmed": words["Ratings awaiting confirmation"],
        "carried": words["Carried forward: no change since last period"],
        "slipped": words["Slipped: due date moved later than first agreed"],
    }


def test_workbook_actions_sheet_has_the_mark_columns(cycle_plan):
    plan, summer = cycle_plan
    ws = workbook(plan, summer)["Actions"]

    header = [name for name, _ in ACTION_COLUMNS]
    assert header[-3:] == ["Rating confirmed", "Carried forward", "Original due date"]
    by_ref = {row[3]: dict(zip(header, row, strict=True)) for row in sheet_rows(ws)[1:]}
    picked = {
        ref: (
            row["RAG"],
            row["Rating confirmed"],
            row["Carried forward"],
            row["Due date"],
            row["Original due date"],
        )
        for ref, row in by_ref.items()
    }
    assert picked == {
        "1.1.a": ("Amber", "No", "No", None, None),
        "1.1.b": ("Green", "Yes", "Yes", None, None),
        "1.1.c": ("Green", "Yes", "No", datetime.datetime(2026, 10, 31), datetime.datetime(2026, 7, 31)),
        "1.1.d": ("No update", None, "No", None, None),  # no rating: nothing to confirm
    }
    assert ws["S4"].is_date and ws["S4"].number_format == "d mmm yyyy"


def test_workbook_summary_counts_the_marks(cycle_plan):
    plan, summer = cycle_plan

    assert workbook_counts(workbook(plan, summer)) == {
        "no_update": 1,
        "unconfirmed": 1,
        "carried": 1,
        "slipped": 1,
    }


def figures_of(figures) -> dict[str, int]:
    return {
        "no_update": figures.rag.no_update,
        "unconfirmed": figures.unconfirmed,
        "carried": figures.carried,
        "slipped": figures.slipped,
    }


@pytest.fixture
def marked_large_plan(db):
    """A 60-action plan with marks spread over it: proposals, carried-forward statements, slipped
    dates and the "No update" statements closing a period writes."""
    plan, actions = f.make_large_plan(60, periods=3)
    periods = list(plan.periods.order_by("as_at"))
    latest = periods[-1]
    statements = PositionStatement.objects.filter(period=latest).order_by("action_id")
    PositionStatement.objects.filter(action__in=actions).update(confirmed_at=timezone.now())
    for i, statement in enumerate(statements):
        if i % 3 == 0:
            PositionStatement.objects.filter(pk=statement.pk).update(confirmed_at=None)
        if i % 4 == 0:
            earlier = PositionStatement.objects.filter(action=statement.action_id, period=periods[-2]).first()
            if earlier:
                PositionStatement.objects.filter(pk=statement.pk).update(carried_forward_from=earlier)
    silent = Action.objects.filter(pk__in=[a.pk for a in actions]).exclude(position_statements__period=latest)
    for action in silent[:5]:
        f.make_statement(action, latest, NO_UPDATE, confirmed_at=timezone.now(), narrative=NO_UPDATE_TEXT)
    for action in actions[::7]:
        Action.objects.filter(pk=action.pk).update(
            original_due_date=action.due_date - datetime.timedelta(days=30)
        )
    plan.refresh_from_db()
    return plan, latest


@needs_poppler
@pytest.mark.parametrize("fixture", ["cycle_plan", "marked_large_plan"])
def test_dashboard_pdf_and_workbook_counts_agree(request, fixture):
    plan, period = request.getfixturevalue(fixture)
    dashboard = selectors.dashboard(plan, period_pk=period.pk)
    pack = pack_data(plan, period, audience=BOARD, today=TODAY)

    on_dashboard = figures_of(dashboard.plan)
    assert on_dashboard == figures_of(pack.summary)
    assert all(on_dashboard.values()), on_dashboard  # each mark really occurs
    wb = openpyxl.load_workbook(BytesIO(render_xlsx(pack)))
    assert workbook_counts(wb, period.name) == on_dashboard
    assert pdf_counts(pdf_text(render_pdf(pack)), period.name) == on_dashboard
    # The per-action columns add up to the same counts.
    actions = sheet_rows(wb["Actions"])[1:]
    header = [name for name, _ in ACTION_COLUMNS]
    column = {name: header.index(name) for name in ("RAG", "Rating confirmed", "Carried forward")}
    assert sum(row[column["Rating confirmed"]] == "No" for row in actions) == on_dashboard["unconfirmed"]
    assert sum(row[column["Carried forward"]] == "Yes" for row in actions) == on_dashboard["carried"]
    assert sum(row[column["RAG"]] == "No update" for row in actions) == on_dashboard["no_update"]
