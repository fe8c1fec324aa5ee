""" "No change since last period": this period's statement copied from the last one, marked everywhere.

The service (who may, what it copies, what it refuses), the button on the statement form and on
My actions, and the mark on the action's timeline.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from actions.cycle import services
from actions.cycle.models import NO_UPDATE, PositionStatement, Rag
from tests import factories as f
from tests.helpers import text_of


@pytest.fixture
def last_term(action, olivia, alice, spring):
    """Olivia's confirmed Spring statement: what "no change" repeats."""
    statement = f.make_statement(
        action,
        spring,
        Rag.AMBER,
        narrative="Network relaunched; two meetings held.",
        author=olivia,
        confirmed_at=None,
    )
    return services.rating_confirm(user=alice, statement=statement)


def carry_url(action, period) -> str:
    return reverse("actions:statement-carry-forward", args=[action.pk, period.pk])


# --- The service ---------------------------------------------------------------------------------


def test_carry_forward_copies_the_last_statement_marked_as_carried_forward(olivia, action, summer, last_term):
    statement = services.position_statement_carry_forward(user=olivia, action=action, period=summer)

    statement.refresh_from_db()
    assert (statement.period, statement.rag, statement.narrative) == (summer, Rag.AMBER, last_term.narrative)
    assert statement.carried_forward_from == last_term and statement.is_carried_forward
    assert statement.author == olivia
    # Like any rating a lead gives, it is a proposal for the second key.
    assert statement.proposed_rag == Rag.AMBER and not statement.is_confirmed
    record = statement.history.get()
    assert record.history_user == olivia
    assert record.history_change_reason == (
        "No change since last period: carried forward from Spring term 2026"
    )


def test_carry_forward_copies_the_rating_in_force_after_a_change(olivia, alice, action, summer, spring):
    spring_statement = f.make_statement(action, spring, Rag.AMBER, author=olivia, confirmed_at=None)
    services.rating_confirm(user=alice, statement=spring_statement, rag=Rag.RED, reason="Worse than it says")

    statement = services.position_statement_carry_forward(user=olivia, action=action, period=summer)

    assert statement.rag == statement.proposed_rag == Rag.RED


def test_carry_forward_skips_no_update_and_takes_the_latest_statement_a_lead_gave(
    olivia, action, periods, summer
):
    autumn = f.make_statement(action, periods[0], Rag.GREEN, narrative="Autumn words", author=olivia)
    f.make_statement(action, periods[1], NO_UPDATE, narrative="No position statement was given.")

    statement = services.position_statement_carry_forward(user=olivia, action=action, period=summer)

    assert statement.carried_forward_from == autumn
    assert (statement.rag, statement.narrative) == (Rag.GREEN, "Autumn words")


def test_carry_forward_with_nothing_before_is_refused(olivia, action, summer):
    with pytest.raises(ValidationError, match="no position statement before Summer term 2026"):
        services.position_statement_carry_forward(user=olivia, action=action, period=summer)

    assert not PositionStatement.objects.exists()


def test_carry_forward_never_replaces_a_statement_someone_wrote(olivia, action, summer, last_term):
    written = f.make_statement(action, summer, Rag.GREEN, narrative="Written this term", author=olivia)

    with pytest.raises(ValidationError, match="already has a position statement for Summer term 2026"):
        services.position_statement_carry_forward(user=olivia, action=action, period=summer)

    written.refresh_from_db()
    assert (written.rag, written.narrative, written.carried_forward_from) == (
        Rag.GREEN,
        "Written this term",
        None,
    )


def test_carry_forward_may_replace_the_no_update_closing_wrote(alice, action, periods, last_term):
    later = f.make_period(
        action.objective.priority.plan,
        name="Autumn term 2026",
        as_at=periods[2].as_at.replace(month=12),
        state="closed",
    )
    f.make_statement(action, later, NO_UPDATE, narrative="No position statement was given by the deadline.")

    statement = services.position_statement_carry_forward(user=alice, action=action, period=later)

    assert statement.rag == Rag.AMBER and statement.carried_forward_from == last_term
    assert PositionStatement.objects.filter(period=later).count() == 1


@pytest.mark.parametrize("who", ["oscar", "bea", "fern", "nora"])
def test_carry_forward_has_the_same_access_as_recording(request, action, summer, last_term, who):
    with pytest.raises(PermissionDenied):
        services.position_statement_carry_forward(
            user=request.getfixturevalue(who), action=action, period=summer
        )

    assert not PositionStatement.objects.filter(period=summer).exists()


def test_carry_forward_into_a_published_period_is_refused(alice, action, periods, last_term):
    with pytest.raises(PermissionDenied, match="published"):
        services.position_statement_carry_forward(user=alice, action=action, period=periods[0])


def test_revising_a_carried_forward_statement_drops_the_mark(olivia, action, summer, last_term):
    carried = services.position_statement_carry_forward(user=olivia, action=action, period=summer)

    same = services.position_statement_record(
        user=olivia, action=action, period=summer, rag=carried.rag, narrative=carried.narrative
    )
    assert same.is_carried_forward  # saved unchanged: still a repeat

    changed = services.position_statement_record(
        user=olivia, action=action, period=summer, rag=Rag.GREEN, narrative=carried.narrative
    )
    changed.refresh_from_db()
    assert not changed.is_carried_forward


# --- The statement form ----------------------------------------------------------------------------


def test_statement_form_offers_no_change_since_last_period(client, olivia, action, summer, last_term):
    client.force_login(olivia)

    response = client.get(reverse("actions:statement-form", args=[action.pk, summer.pk]))

    text = text_of(response)
    assert "No change since last period" in text
    assert "copies its Amber rating and its words into Summer term 2026" in text
    assert f'action="{carry_url(action, summer)}"' in response.content.decode()
    assert "Your rating is a proposal: a plan administrator or the priority lead confirms it." in text


def test_statement_form_offers_no_carry_forward_without_a_previous_statement(client, olivia, action, summer):
    client.force_login(olivia)

    response = client.get(reverse("actions:statement-form", args=[action.pk, summer.pk]))

    assert "No change since last period" not in text_of(response)
    assert "Your rating is a proposal" in text_of(response)


def test_statement_form_offers_no_carry_forward_once_a_statement_is_written(
    client, olivia, action, summer, last_term
):
    f.make_statement(action, summer, Rag.GREEN, author=olivia)
    client.force_login(olivia)

    response = client.get(reverse("actions:statement-form", args=[action.pk, summer.pk]))

    assert "No change since last period" not in text_of(response)


def test_no_change_button_carries_forward_and_the_timeline_says_so(client, olivia, action, summer, last_term):
    client.force_login(olivia)

    response = client.post(carry_url(action, summer), follow=True)

    assert response.redirect_chain[-1][0] == action.get_absolute_url()
    text = text_of(response)
    assert "No change since Spring term 2026" in text  # the success message
    timeline = text.split("Position statements", 1)[1]
    assert "Summer term 2026" in timeline
    assert "Carried forward from Spring term 2026" in timeline
    assert "Unconfirmed" in timeline
    assert PositionStatement.objects.get(period=summer).carried_forward_from == last_term


def test_no_change_button_goes_back_to_my_actions_when_asked(client, olivia, action, summer, last_term):
    client.force_login(olivia)

    response = client.post(carry_url(action, summer), {"next": reverse("actions:my-actions")})

    assert response.status_code == 302 and response.url == reverse("actions:my-actions")


def test_no_change_button_never_redirects_off_the_site(client, olivia, action, summer, last_term):
    client.force_login(olivia)

    response = client.post(carry_url(action, summer), {"next": "https://evil.example/"})

    assert response.url == action.get_absolute_url()


def test_no_change_when_a_statement_exists_says_why_and_changes_nothing(
    client, olivia, action, summer, last_term
):
    f.make_statement(action, summer, Rag.GREEN, narrative="Written", author=olivia)
    client.force_login(olivia)

    response = client.post(carry_url(action, summer), follow=True)

    assert "already has a position statement" in text_of(response)
    assert PositionStatement.objects.get(period=summer).narrative == "Written"


def test_no_change_refused_for_an_officer_who_does_not_lead_the_action(
    client, oscar, action, summer, last_term
):
    client.force_login(oscar)

    response = client.post(carry_url(action, summer))

    assert response.status_code == 403
    assert "lead or support" in text_of(response)
    assert not PositionStatement.objects.filter(period=summer).exists()


@pytest.mark.parametrize("who", ["bea", "fern", "nora"])
def test_no_change_refused_for_roles_that_do_not_write(client, request, action, summer, last_term, who):
    client.force_login(request.getfixturevalue(who))

    assert client.post(carry_url(action, summer)).status_code == 403
    assert not PositionStatement.objects.filter(period=summer).exists()


def test_no_change_needs_sign_in_a_post_and_a_real_period(client, olivia, action, summer, last_term):
    anonymous = client.post(carry_url(action, summer))
    assert anonymous.status_code == 302 and anonymous.url.startswith(reverse("login"))

    client.force_login(olivia)
    assert client.get(carry_url(action, summer)).status_code == 405
    missing = reverse("actions:statement-carry-forward", args=[action.pk, 999999])
    assert client.post(missing).status_code == 404
    other_plan = f.make_period(f.make_plan(), name="Elsewhere")
    assert client.post(carry_url(action, other_plan)).status_code == 404
    assert not PositionStatement.objects.filter(period=summer).exists()


# --- My actions ---------------------------------------------------------------------------------


def test_my_actions_offers_no_change_only_where_there_is_something_to_carry(
    client, olivia, olivia_person, action, plan, summer, last_term
):
    new_action = f.make_action(action.objective, ref="1.1.n", leads=[olivia_person])  # nothing before
    done = f.make_action(action.objective, ref="1.1.d", leads=[olivia_person])
    f.make_statement(done, last_term.period, Rag.GREEN)
    f.make_statement(done, summer, Rag.GREEN)  # already written this term
    client.force_login(olivia)

    page = client.get(reverse("actions:my-actions")).content.decode()

    assert f'action="{carry_url(action, summer)}"' in page
    assert f'action="{carry_url(new_action, summer)}"' not in page
    assert f'action="{carry_url(done, summer)}"' not in page
    assert page.count("No change since last period") == 1


def test_my_actions_no_change_skips_no_update(client, olivia, olivia_person, action, spring, summer):
    f.make_statement(action, spring, NO_UPDATE, narrative="No position statement was given.")
    client.force_login(olivia)

    page = client.get(reverse("actions:my-actions")).content.decode()

    assert "No change since last period" not in page
