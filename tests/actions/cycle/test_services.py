"""Writes: recording position statements (who may, when, and what is kept)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions.cycle import services
from actions.cycle.models import PositionStatement, Rag
from actions.roles import OFFICER
from tests import factories as f


def record(user, action, period, rag=Rag.GREEN, narrative="Three network meetings held this term."):
    return services.position_statement_record(
        user=user, action=action, period=period, rag=rag, narrative=narrative
    )


# --- Creating and revising ---------------------------------------------------------------


def test_officer_records_a_statement_on_an_action_they_lead(olivia, action, open_period):
    statement = record(olivia, action, open_period, Rag.AMBER, "  Network relaunched.  ")

    saved = PositionStatement.objects.get()
    assert saved == statement
    assert (saved.action, saved.period, saved.rag) == (action, open_period, Rag.AMBER)
    assert saved.narrative == "Network relaunched."
    assert saved.author == olivia


def test_recording_again_revises_the_statement_in_place_and_keeps_the_first_version(
    olivia, action, open_period
):
    first = record(olivia, action, open_period, Rag.AMBER, "First draft: two meetings held.")
    second = record(olivia, action, open_period, Rag.RED, "Revised: the third meeting was cancelled.")

    assert second.pk == first.pk
    assert PositionStatement.objects.count() == 1
    saved = PositionStatement.objects.get()
    assert (saved.rag, saved.narrative) == (Rag.RED, "Revised: the third meeting was cancelled.")
    versions = list(saved.history.order_by("history_date", "history_id"))
    assert [v.history_type for v in versions] == ["+", "~"]
    assert versions[0].narrative == "First draft: two meetings held."
    assert versions[0].rag == Rag.AMBER
    assert versions[1].narrative == "Revised: the third meeting was cancelled."


def test_history_records_who_wrote_each_version(olivia, alice, action, open_period):
    record(olivia, action, open_period, narrative="Olivia's version")
    record(alice, action, open_period, narrative="Alice's correction")

    saved = PositionStatement.objects.get()
    assert saved.author == alice
    assert [v.author_id for v in saved.history.order_by("history_date", "history_id")] == [
        olivia.pk,
        alice.pk,
    ]


def test_statements_in_different_periods_are_separate(alice, action, open_period, closed_period):
    record(alice, action, closed_period, Rag.AMBER)
    record(alice, action, open_period, Rag.GREEN)

    assert dict(action.position_statements.values_list("period_id", "rag")) == {
        closed_period.pk: Rag.AMBER,
        open_period.pk: Rag.GREEN,
    }


# --- Bad input: the reason per field, nothing saved ------------------------------------------


@pytest.mark.parametrize("rag", ["", None])
def test_missing_rag_is_refused_and_nothing_is_saved(olivia, action, open_period, rag):
    with pytest.raises(ValidationError) as excinfo:
        record(olivia, action, open_period, rag=rag)

    assert "rag" in excinfo.value.message_dict
    assert excinfo.value.message_dict["rag"] == ["Select a RAG rating"]
    assert not PositionStatement.objects.exists()


def test_unknown_rag_is_refused_and_nothing_is_saved(olivia, action, open_period):
    with pytest.raises(ValidationError) as excinfo:
        record(olivia, action, open_period, rag="purple")

    assert "rag" in excinfo.value.message_dict
    assert not PositionStatement.objects.exists()


@pytest.mark.parametrize("narrative", ["", "   ", "\n\t  \n", None])
def test_empty_narrative_is_refused_and_nothing_is_saved(olivia, action, open_period, narrative):
    with pytest.raises(ValidationError) as excinfo:
        record(olivia, action, open_period, narrative=narrative)

    assert excinfo.value.message_dict["narrative"] == ["Enter the position statement"]
    assert not PositionStatement.objects.exists()


def test_missing_rag_and_narrative_are_both_reported(olivia, action, open_period):
    with pytest.raises(ValidationError) as excinfo:
        record(olivia, action, open_period, rag="", narrative=" ")

    assert set(excinfo.value.message_dict) == {"rag", "narrative"}


def test_bad_revision_leaves_the_existing_statement_untouched(olivia, action, open_period):
    record(olivia, action, open_period, Rag.GREEN, "All good.")

    with pytest.raises(ValidationError):
        record(olivia, action, open_period, Rag.RED, "   ")

    saved = PositionStatement.objects.get()
    assert (saved.rag, saved.narrative) == (Rag.GREEN, "All good.")
    assert saved.history.count() == 1


# --- Who may write, and when ---------------------------------------------------------------


def test_officer_cannot_write_in_a_closed_period_and_is_told_which(olivia, action, closed_period):
    with pytest.raises(PermissionDenied) as excinfo:
        record(olivia, action, closed_period)

    assert "Spring term 2026" in str(excinfo.value)
    assert "closed" in str(excinfo.value)
    assert not PositionStatement.objects.exists()


@pytest.mark.parametrize("who", ["olivia", "alice"])
def test_nobody_can_write_in_a_published_period_not_even_a_plan_administrator(
    request, who, action, published_period
):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied) as excinfo:
        record(user, action, published_period)

    assert "locked" in str(excinfo.value)
    assert "Autumn term 2025" in str(excinfo.value)
    assert not PositionStatement.objects.exists()


def test_published_statement_cannot_be_revised(alice, action, published_period):
    f.make_statement(action, published_period, Rag.AMBER, narrative="As published")

    with pytest.raises(PermissionDenied):
        record(alice, action, published_period, Rag.GREEN, "Rewriting history")

    saved = PositionStatement.objects.get()
    assert (saved.rag, saved.narrative) == (Rag.AMBER, "As published")


def test_officer_cannot_update_action_they_do_not_lead(oscar, action, open_period):
    with pytest.raises(PermissionDenied) as excinfo:
        record(oscar, action, open_period)

    assert "lead or support" in str(excinfo.value)
    assert not PositionStatement.objects.exists()


def test_officer_cannot_update_another_action_in_a_plan_they_work_on(olivia, other_action, open_period):
    with pytest.raises(PermissionDenied):
        record(olivia, other_action, open_period)

    assert not PositionStatement.objects.exists()


@pytest.mark.parametrize("way", ["supporting_partners", "lead_partners", "supporting_people"])
def test_officer_can_update_an_action_they_are_involved_in_another_way(
    olivia, olivia_person, partner, other_action, open_period, way
):
    getattr(other_action, way).add(olivia_person if way == "supporting_people" else partner)

    statement = record(olivia, other_action, open_period)

    assert statement.pk is not None
    assert PositionStatement.objects.get().action == other_action


def test_officer_without_a_person_record_cannot_write(action, open_period):
    unlinked = f.make_user("ursula", OFFICER)

    with pytest.raises(PermissionDenied):
        record(unlinked, action, open_period)

    assert not PositionStatement.objects.exists()


@pytest.mark.parametrize("who", ["bea", "fern", "nora"])
def test_board_forum_and_unassigned_users_cannot_write_statements(request, who, action, open_period):
    user = request.getfixturevalue(who)
    # Even when their Person record leads the action: the role decides, not the name on the plan.
    person = f.make_person(name=f"{who} person", user=user)
    action.lead_people.add(person)

    with pytest.raises(PermissionDenied) as excinfo:
        record(user, action, open_period)

    assert "Only officers and plan administrators" in str(excinfo.value)
    assert not PositionStatement.objects.exists()


def test_plan_administrator_may_write_in_a_closed_period(alice, action, closed_period):
    statement = record(alice, action, closed_period, Rag.RED, "Late update taken by the administrator.")

    assert PositionStatement.objects.get() == statement
    assert statement.author == alice


def test_superuser_counts_as_a_plan_administrator(action, closed_period):
    root = f.make_user("root", is_superuser=True, is_staff=True)

    record(root, action, closed_period)

    assert PositionStatement.objects.get().author == root


def test_plan_administrator_may_write_on_any_action_in_an_open_period(alice, other_action, open_period):
    record(alice, other_action, open_period)

    assert PositionStatement.objects.get().action == other_action


@pytest.mark.parametrize("who", ["alice", "olivia"])
def test_period_of_another_plan_is_refused(request, who, action, periods):
    user = request.getfixturevalue(who)
    foreign = f.make_period(f.make_plan(title="Another area's plan"), name="Their summer term", state="open")

    with pytest.raises(PermissionDenied) as excinfo:
        record(user, action, foreign)

    assert "different plan" in str(excinfo.value)
    assert not PositionStatement.objects.exists()


@pytest.mark.parametrize("who", ["alice", "olivia"])
def test_archived_action_takes_no_statements(request, who, action, open_period):
    user = request.getfixturevalue(who)
    action.is_archived = True
    action.save()

    with pytest.raises(PermissionDenied) as excinfo:
        record(user, action, open_period)

    assert "archived" in str(excinfo.value)
    assert not PositionStatement.objects.exists()
