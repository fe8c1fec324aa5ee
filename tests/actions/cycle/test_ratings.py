"""Two-key RAG ratings: the lead proposes, a plan administrator or a priority lead confirms or changes it.

Both ratings and the reason are kept; nobody confirms their own rating; published periods are locked;
a revision is a new proposal; imported statements come confirmed.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F

from actions.cycle import access, services
from actions.cycle.models import NO_UPDATE, PositionStatement, Rag
from actions.importing.commit import plan_import
from actions.importing.export import plan_export
from actions.importing.parse import parse_workbook
from actions.roles import BOARD_MEMBER, OFFICER, PLAN_ADMINISTRATOR, role_for
from sendplan.concurrency import AlreadyDone
from tests import factories as f


def record(user, action, period, rag=Rag.AMBER, narrative="Two of three network meetings held."):
    return services.position_statement_record(
        user=user, action=action, period=period, rag=rag, narrative=narrative
    )


@pytest.fixture
def pat(db, action):
    """An officer named as the lead of the action's priority (a "priority lead")."""
    person = f.make_person(name="Pat Prioritylead")
    action.objective.priority.lead_people.add(person)
    return f.make_user("pat", OFFICER, person=person)


@pytest.fixture
def proposed(olivia, action, open_period):
    """Olivia's Amber proposal for her action this term."""
    return record(olivia, action, open_period)


def latest_reason(statement) -> str:
    return statement.history.order_by("-history_date", "-history_id").first().history_change_reason


# --- The first key: a proposal ---------------------------------------------------------------


def test_a_statement_a_lead_records_is_a_proposal_awaiting_confirmation(proposed, olivia):
    proposed.refresh_from_db()

    assert (proposed.rag, proposed.proposed_rag) == (Rag.AMBER, Rag.AMBER)
    assert not proposed.is_confirmed
    assert proposed.confirmed_by is None and proposed.change_reason == ""


# --- The second key: confirming -------------------------------------------------------------


def test_plan_administrator_confirms_the_proposed_rating(proposed, alice):
    confirmed = services.rating_confirm(user=alice, statement=proposed)

    confirmed.refresh_from_db()
    assert confirmed.is_confirmed
    assert (confirmed.rag, confirmed.proposed_rag, confirmed.confirmed_by) == (Rag.AMBER, Rag.AMBER, alice)
    assert not confirmed.rating_was_changed
    assert latest_reason(confirmed) == "Rating confirmed"
    assert confirmed.history.latest().history_user == alice


def test_confirming_with_the_same_rating_named_is_a_plain_confirmation(proposed, alice):
    confirmed = services.rating_confirm(user=alice, statement=proposed, rag=Rag.AMBER, reason="")

    assert confirmed.is_confirmed and not confirmed.rating_was_changed
    assert latest_reason(confirmed) == "Rating confirmed"


def test_changing_the_rating_needs_a_reason_and_saves_nothing_without_one(proposed, alice):
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as excinfo:
            services.rating_confirm(user=alice, statement=proposed, rag=Rag.RED, reason=reason)
        assert excinfo.value.message_dict["reason"] == [
            "Enter why you are changing the rating from Amber to Red"
        ]

    proposed.refresh_from_db()
    assert (proposed.rag, proposed.is_confirmed) == (Rag.AMBER, False)
    assert proposed.history.count() == 1


def test_changing_the_rating_with_a_reason_keeps_both_ratings_and_the_reason(proposed, alice):
    changed = services.rating_confirm(
        user=alice, statement=proposed, rag=Rag.RED, reason=" The funding decision has slipped again. "
    )

    changed.refresh_from_db()
    assert changed.rag == Rag.RED  # the rating in force: what dashboards and packs read
    assert changed.proposed_rag == Rag.AMBER  # what the lead proposed, kept
    assert changed.change_reason == "The funding decision has slipped again."
    assert changed.rating_was_changed and changed.confirmed_by == alice
    assert (
        latest_reason(changed) == "Rating changed from Amber to Red: The funding decision has slipped again."
    )
    # The history keeps the proposal too.
    first = changed.history.order_by("history_date", "history_id").first()
    assert (first.rag, first.proposed_rag, first.confirmed_at) == (Rag.AMBER, Rag.AMBER, None)


@pytest.mark.parametrize("rag", ["purple", NO_UPDATE])
def test_confirming_an_unknown_rating_or_no_update_is_refused(proposed, alice, rag):
    with pytest.raises(ValidationError) as excinfo:
        services.rating_confirm(user=alice, statement=proposed, rag=rag, reason="Because")

    assert "rag" in excinfo.value.message_dict
    proposed.refresh_from_db()
    assert not proposed.is_confirmed


def test_priority_lead_can_confirm(proposed, pat):
    confirmed = services.rating_confirm(user=pat, statement=proposed)

    assert confirmed.is_confirmed and confirmed.confirmed_by == pat


def test_priority_lead_of_another_priority_cannot_confirm(proposed, plan):
    person = f.make_person(name="Other Lead")
    f.make_priority(plan, ref="9", title="Another priority").lead_people.add(person)
    other = f.make_user("otto", OFFICER, person=person)

    with pytest.raises(PermissionDenied, match="Only plan administrators and the priority's leads"):
        services.rating_confirm(user=other, statement=proposed)


@pytest.mark.parametrize("who", ["oscar", "bea", "fern", "nora"])
def test_others_cannot_confirm(request, proposed, who):
    with pytest.raises(PermissionDenied):
        services.rating_confirm(user=request.getfixturevalue(who), statement=proposed)

    proposed.refresh_from_db()
    assert not proposed.is_confirmed


def test_officer_cannot_confirm_their_own_rating(proposed, olivia):
    with pytest.raises(PermissionDenied):
        services.rating_confirm(user=olivia, statement=proposed)

    # Not even as the priority's lead: the second key is always someone else's.
    proposed.action.objective.priority.lead_people.add(olivia.person)
    with pytest.raises(PermissionDenied, match="You wrote this position statement"):
        services.rating_confirm(user=olivia, statement=proposed)
    proposed.refresh_from_db()
    assert not proposed.is_confirmed


def test_plan_administrator_cannot_confirm_their_own_rating(alice, action, open_period):
    mine = record(alice, action, open_period, Rag.GREEN)

    with pytest.raises(PermissionDenied, match="someone else must confirm"):
        services.rating_confirm(user=alice, statement=mine)

    colleague = f.make_user("adam", PLAN_ADMINISTRATOR)
    assert services.rating_confirm(user=colleague, statement=mine).confirmed_by == colleague


def test_confirming_in_a_published_period_is_refused(alice, olivia, action, periods):
    published = f.make_statement(
        action, periods[0], Rag.AMBER, author=olivia, proposed_rag=Rag.AMBER, confirmed_at=None
    )

    with pytest.raises(PermissionDenied, match="has been published"):
        services.rating_confirm(user=alice, statement=published)
    with pytest.raises(PermissionDenied, match="has been published"):
        services.rating_confirm(user=alice, statement=published, rag=Rag.RED, reason="Worse")

    published.refresh_from_db()
    assert (published.rag, published.is_confirmed) == (Rag.AMBER, False)


def test_confirming_in_a_closed_period_is_allowed(alice, olivia, action, periods):
    closed = f.make_statement(
        action, periods[1], Rag.GREEN, author=olivia, proposed_rag=Rag.GREEN, confirmed_at=None
    )

    assert services.rating_confirm(user=alice, statement=closed).is_confirmed


def test_a_confirmed_rating_cannot_be_confirmed_again(proposed, alice, pat):
    """A second confirmation (another confirmer, or the same button pressed twice) changes nothing."""
    services.rating_confirm(user=alice, statement=proposed)

    with pytest.raises(AlreadyDone, match=r"already confirmed this rating \(.+\) at \d\d:\d\d"):
        services.rating_confirm(user=pat, statement=proposed, rag=Rag.RED, reason="Disagree")
    proposed.refresh_from_db()
    assert (proposed.confirmed_by, proposed.change_reason) == (alice, "")


def test_no_update_has_no_rating_to_confirm(alice, action, periods):
    no_update = f.make_statement(
        action, periods[1], NO_UPDATE, narrative="No position statement was given by the deadline."
    )

    with pytest.raises(PermissionDenied, match="no rating to confirm"):
        services.rating_confirm(user=alice, statement=no_update)


# --- A revision is a new proposal ------------------------------------------------------------


def test_revising_a_confirmed_statement_clears_the_confirmation(proposed, olivia, alice):
    services.rating_confirm(user=alice, statement=proposed, rag=Rag.RED, reason="Funding not agreed")

    revised = record(olivia, proposed.action, proposed.period, Rag.GREEN, "Funding agreed after all.")

    revised.refresh_from_db()
    assert (revised.rag, revised.proposed_rag) == (Rag.GREEN, Rag.GREEN)
    assert not revised.is_confirmed
    assert revised.confirmed_by is None and revised.change_reason == ""
    # ...and it can be confirmed again, by someone else.
    assert services.rating_confirm(user=alice, statement=revised).is_confirmed


def test_changing_only_the_words_is_a_new_proposal_too(proposed, olivia, alice):
    services.rating_confirm(user=alice, statement=proposed)

    revised = record(olivia, proposed.action, proposed.period, Rag.AMBER, "A clearer account of the term.")

    assert not revised.is_confirmed


def test_saving_a_statement_unchanged_keeps_its_confirmation(proposed, olivia, alice):
    services.rating_confirm(user=alice, statement=proposed)
    proposed.refresh_from_db()

    again = record(olivia, proposed.action, proposed.period, proposed.rag, proposed.narrative)

    assert again.is_confirmed and again.confirmed_by == alice


def test_a_lead_cannot_propose_no_update(olivia, action, open_period):
    with pytest.raises(ValidationError) as excinfo:
        record(olivia, action, open_period, NO_UPDATE)

    assert excinfo.value.message_dict["rag"] == ["Select a RAG rating"]
    assert not PositionStatement.objects.exists()


# --- The access rule on its own ---------------------------------------------------------------


def test_confirm_refusal_can_use_the_priorities_already_known(proposed, pat, django_assert_num_queries):
    led = access.led_priority_ids(pat)
    statement = PositionStatement.objects.select_related("period", "action__objective").get(pk=proposed.pk)
    role_for(pat)  # the role is read (and cached) once per request

    with django_assert_num_queries(0):
        assert access.confirm_refusal(pat, statement, led_priorities=led) is None
        assert access.confirm_refusal(pat, statement, led_priorities=set()) == access.CONFIRM_REFUSAL


def test_board_member_named_as_priority_lead_may_confirm(proposed, action):
    person = f.make_person(name="Bo Boardlead")
    action.objective.priority.lead_people.add(person)
    board_lead = f.make_user("bo", BOARD_MEMBER, person=person)

    assert services.rating_confirm(user=board_lead, statement=proposed).confirmed_by == board_lead


# --- Imported statements were agreed in the council's own document ------------------------------


def test_imported_statements_come_confirmed_with_their_rating_as_proposed(db, alice):
    plan = f.make_plan(title="Plan to export")
    priority = f.make_priority(plan, ref="1", title="Early help")
    objective = f.make_objective(priority, ref="1.1", title="Find needs early")
    action = f.make_action(
        objective, ref="1.1.a", description="Train staff", due_date=datetime.date(2026, 3, 31)
    )
    period = f.make_period(plan, name="January 2026", as_at=datetime.date(2026, 1, 31), state="closed")
    f.make_statement(action, period, Rag.AMBER, narrative="Amber - some slippage")

    parsed = parse_workbook(plan_export(plan), filename="plan.xlsx")
    copy = plan_import(parsed=parsed, user=alice, title="Copy", local_area="Somewhere").plan

    imported = PositionStatement.objects.get(period__plan=copy)
    assert (imported.rag, imported.proposed_rag) == (Rag.AMBER, Rag.AMBER)
    assert imported.is_confirmed and imported.confirmed_by is None


# --- The demo -----------------------------------------------------------------------------------


def test_demo_has_ratings_to_confirm_carried_forward_statements_and_moved_due_dates(db, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from actions.cycle.models import ReportingPeriod
    from actions.devdata.demo import demo_load
    from actions.plans.models import Action, Priority

    result = demo_load(today=datetime.date(2026, 3, 15))

    statements = PositionStatement.objects.all()
    past = statements.exclude(period__state=ReportingPeriod.State.OPEN)
    assert past.exists() and not past.filter(confirmed_at__isnull=True).exists()
    this_term = statements.filter(period__state=ReportingPeriod.State.OPEN)
    waiting = this_term.filter(confirmed_at__isnull=True)
    assert 0.25 < waiting.count() / this_term.count() < 0.45
    assert waiting.count() == result.awaiting_confirmation
    assert not statements.filter(confirmed_by_id=F("author_id")).exists()
    # Leads wrote their own statements, so the administrator can confirm every waiting rating.
    admin = get_user_model().objects.get(username="admin")
    assert not waiting.filter(author=admin).exists()
    for statement in statements.exclude(author=admin).select_related("author__person", "action"):
        assert Action.objects.involving(statement.author.person).filter(pk=statement.action.pk).exists()
    assert not statements.exclude(proposed_rag=F("rag")).exists()
    carried = statements.filter(carried_forward_from__isnull=False)
    assert carried.count() == result.carried_forward == 4
    for statement in carried:
        assert statement.rag == statement.carried_forward_from.rag
        assert statement.narrative == statement.carried_forward_from.narrative
    assert (
        not Priority.objects.filter(lead_people__isnull=True)
        .exclude(objectives__actions__isnull=True)
        .exists()
    )
    moved = [a for a in Action.objects.exclude(due_date=None) if a.is_rebaselined]
    assert len(moved) == result.rebaselined == 4
    assert all(a.history.latest().history_change_reason.startswith("Due date moved from") for a in moved)
    # The demo officer leads a Telford priority, so signing in as them shows ratings to confirm.
    officer = get_user_model().objects.get(username="officer")
    led = Priority.objects.get(lead_people__user=officer)
    client.force_login(officer)
    assert client.get(reverse("actions:ratings-to-confirm", args=[led.plan_id])).status_code == 200
