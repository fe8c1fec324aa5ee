""" "Ratings to confirm" and the confirm button, the marks on the action page, the links from home and
the plan page: each role allowed or refused, bad input, and query budgets at 10 and 500 actions."""

import datetime
import re

import pytest
from django.urls import reverse

from actions.cycle import selectors, services
from actions.cycle.models import NO_UPDATE, PositionStatement, Rag
from actions.roles import OFFICER
from tests import factories as f
from tests.helpers import text_of, without_request_tokens

# Session, user and role (3), then the page's own queries; the same at 10 and 500 actions.
# + the plan and the statements; a priority lead adds the query for the priorities they lead.
# The measures' figures awaiting confirmation add 1 query (2 when there are some: their trajectories).
RATINGS_PAGE_BUDGET = {"alice": 8, "pat": 9}  # the ids of the page, then its statements (selectors)
# As tests/actions/test_query_budget.py (an officer), with every mark shown; the measures the action
# evidences add 1 query when there are none (actions/measures/sections.py), the findings it answers 1.
ACTION_DETAIL_BUDGET = 14


@pytest.fixture
def pat(db, action):
    """An officer named as the lead of the action's priority."""
    person = f.make_person(name="Pat Prioritylead")
    action.objective.priority.lead_people.add(person)
    return f.make_user("pat", OFFICER, person=person)


@pytest.fixture
def proposed(olivia, action, summer):
    return services.position_statement_record(
        user=olivia, action=action, period=summer, rag=Rag.AMBER, narrative="Two of three meetings held."
    )


def ratings_url(plan) -> str:
    return reverse("actions:ratings-to-confirm", args=[plan.pk])


def confirm_url(statement) -> str:
    return reverse("actions:rating-confirm", args=[statement.pk])


# --- Who sees the page ---------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "pat"])
def test_ratings_page_works_for_administrators_and_priority_leads(client, request, plan, proposed, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(ratings_url(plan))

    assert response.status_code == 200
    text = text_of(response)
    assert "Ratings to confirm" in text
    assert "Priority 1: Inclusive education" in text
    assert "Action 1.1.a, Summer term 2026" in text
    assert "Olivia Officer" in text  # who proposed it
    assert "Two of three meetings held." in text
    page = response.content.decode()
    assert "Confirm Amber" in text
    assert f'action="{confirm_url(proposed)}"' in page
    assert "Change the rating" in text


@pytest.mark.parametrize("who", ["olivia", "oscar", "bea", "fern", "nora"])
def test_ratings_page_is_refused_to_everyone_else(client, request, plan, proposed, who):
    client.force_login(request.getfixturevalue(who))

    response = client.get(ratings_url(plan))

    assert response.status_code == 403


def test_ratings_page_needs_sign_in_and_a_real_plan(client, alice, plan):
    response = client.get(ratings_url(plan))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))

    client.force_login(alice)
    assert client.get(reverse("actions:ratings-to-confirm", args=[999999])).status_code == 404


def test_a_priority_lead_sees_only_their_priorities(client, pat, plan, proposed, olivia_person, summer):
    elsewhere = f.make_objective(f.make_priority(plan, ref="2", title="Preparing for adulthood"), ref="2.1")
    other = f.make_action(elsewhere, ref="2.1.a", leads=[olivia_person])
    f.make_statement(other, summer, Rag.RED, narrative="Not Pat's to confirm", confirmed_at=None)
    client.force_login(pat)

    text = text_of(client.get(ratings_url(plan)))

    assert "Action 1.1.a" in text
    assert "Action 2.1.a" not in text and "Not Pat's to confirm" not in text


def test_ratings_page_lists_only_what_awaits_confirmation(client, alice, plan, action, other_action, periods):
    f.make_statement(action, periods[0], Rag.RED, narrative="Published, so locked")
    f.make_statement(action, periods[1], NO_UPDATE, narrative="No update: nothing to confirm")
    f.make_statement(
        other_action, periods[1], Rag.GREEN, narrative="Closed but not yet confirmed", confirmed_at=None
    )
    confirmed = f.make_statement(
        other_action, periods[2], Rag.GREEN, narrative="Already confirmed", confirmed_at=None
    )
    services.rating_confirm(user=alice, statement=confirmed)
    archived = f.make_action(action.objective, ref="1.1.z", is_archived=True)
    f.make_statement(archived, periods[2], Rag.AMBER, narrative="Archived action", confirmed_at=None)
    client.force_login(alice)

    text = text_of(client.get(ratings_url(plan)))

    assert "Closed but not yet confirmed" in text
    for gone in ("Published, so locked", "No update: nothing to confirm", "Already confirmed", "Archived"):
        assert gone not in text


def test_own_statements_are_listed_without_buttons(client, pat, plan, action, summer):
    action.supporting_people.add(pat.person)
    mine = services.position_statement_record(
        user=pat, action=action, period=summer, rag=Rag.GREEN, narrative="Pat wrote this one."
    )
    client.force_login(pat)

    response = client.get(ratings_url(plan))

    text = text_of(response)
    assert "Pat wrote this one." in text
    assert "You wrote this: someone else must confirm it." in text
    assert confirm_url(mine) not in response.content.decode()
    assert "There are no ratings for you to confirm." in text


def test_ratings_page_with_nothing_to_confirm_says_so(client, alice, plan):
    client.force_login(alice)

    assert "There are no ratings waiting for you to confirm." in text_of(client.get(ratings_url(plan)))


# --- The cached cards ---------------------------------------------------------------------------


def test_the_cards_are_cached_with_each_readers_own_token_and_follow_every_change(
    pat, alice, plan, action, summer, proposed, memory_cache
):
    """The cards are rendered once per `RatingsPage.cards_key`: another reader who may confirm the same
    cards gets them with their own CSRF token (the client checks it, as a browser's request is
    checked); the author of a statement sees it as theirs; an edited action shows at once."""
    from django.test import Client

    readers = {}
    for user in (alice, pat):
        readers[user.username] = Client(enforce_csrf_checks=True)
        readers[user.username].force_login(user)
    first = readers["alice"].get(ratings_url(plan)).content.decode()
    assert any("ratings-cards-1" in key for key in memory_cache._cache)
    cached = readers["alice"].get(ratings_url(plan)).content.decode()
    assert without_request_tokens(cached) == without_request_tokens(first), "the cached cards are the cards"
    page = readers["pat"].get(ratings_url(plan)).content.decode()
    assert "sendplan-csrf-token-stand-in" not in page
    # The card's two forms, and the header's sign-out.
    assert first.count('name="csrfmiddlewaretoken"') == page.count('name="csrfmiddlewaretoken"') == 3

    action.description = "Hold the autism pathway meetings every month"
    action.save()
    assert "Hold the autism pathway meetings every month" in text_of(readers["pat"].get(ratings_url(plan)))

    action.supporting_people.add(pat.person)
    mine = services.position_statement_record(
        user=pat, action=action, period=summer, rag=Rag.GREEN, narrative="Pat wrote this one."
    )
    assert "You wrote this: someone else must confirm it." in text_of(readers["pat"].get(ratings_url(plan)))
    page = readers["alice"].get(ratings_url(plan)).content.decode()
    assert confirm_url(mine) in page, "the administrator may confirm Pat's rating"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = readers["alice"].post(
        confirm_url(mine), {"csrfmiddlewaretoken": token, "version": mine.version, "page": "1"}
    )
    assert response.status_code == 302
    assert confirm_url(mine) not in readers["alice"].get(ratings_url(plan)).content.decode()


def test_a_card_sent_back_with_an_error_is_not_cached(client, alice, plan, proposed, memory_cache):
    client.force_login(alice)
    client.get(ratings_url(plan))
    refused = client.post(confirm_url(proposed), {"change": "1", "rag": "red", "reason": "  "})
    assert "govuk-textarea--error" in refused.content.decode()
    assert "govuk-textarea--error" not in client.get(ratings_url(plan)).content.decode()


# --- Confirming --------------------------------------------------------------------------------


def test_confirm_button_confirms_the_proposed_rating(client, alice, plan, proposed):
    client.force_login(alice)

    response = client.post(confirm_url(proposed), follow=True)

    assert response.redirect_chain[-1][0] == ratings_url(plan)
    assert "Amber confirmed for action 1.1.a, Summer term 2026." in text_of(response)
    proposed.refresh_from_db()
    assert proposed.is_confirmed and proposed.confirmed_by == alice
    assert confirm_url(proposed) not in response.content.decode()  # off the list


def test_change_form_confirms_another_rating_with_the_reason(client, pat, plan, proposed):
    client.force_login(pat)

    response = client.post(
        confirm_url(proposed), {"change": "1", "rag": "red", "reason": "Funding is not agreed."}, follow=True
    )

    assert "changed from Amber to Red and confirmed" in text_of(response)
    proposed.refresh_from_db()
    assert (proposed.rag, proposed.proposed_rag, proposed.change_reason) == (
        Rag.RED,
        Rag.AMBER,
        "Funding is not agreed.",
    )
    assert proposed.confirmed_by == pat


def test_changing_the_rating_without_a_reason_shows_the_error_beside_the_form(client, alice, plan, proposed):
    client.force_login(alice)

    response = client.post(confirm_url(proposed), {"change": "1", "rag": "red", "reason": "  "})

    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert f'href="#reason-{proposed.pk}"' in page
    assert "Enter why you are changing the rating from Amber to Red" in text_of(response)
    assert f'id="reason-{proposed.pk}"' in page and "govuk-textarea--error" in page
    assert re.search(rf'id="rag-{proposed.pk}"[^>]*value="red" checked', page)  # what was chosen, kept
    assert page.count("<h1") == 1
    assert "<title>Error: " in page
    proposed.refresh_from_db()
    assert not proposed.is_confirmed


def test_change_form_without_a_rating_chosen_confirms_nothing(client, alice, plan, proposed):
    client.force_login(alice)

    response = client.post(confirm_url(proposed), {"change": "1", "reason": "Something"})

    assert response.status_code == 200
    assert "Select the rating to confirm" in text_of(response)
    assert f'href="#rag-{proposed.pk}"' in response.content.decode()
    proposed.refresh_from_db()
    assert not proposed.is_confirmed


def test_an_unknown_rating_is_refused(client, alice, plan, proposed):
    client.force_login(alice)

    response = client.post(confirm_url(proposed), {"change": "1", "rag": "purple", "reason": "x"})

    assert response.status_code == 200
    assert "Select a RAG rating" in text_of(response)
    proposed.refresh_from_db()
    assert not proposed.is_confirmed


def test_an_officer_cannot_confirm_their_own_rating_through_the_page(client, olivia, proposed):
    proposed.action.objective.priority.lead_people.add(olivia.person)
    client.force_login(olivia)

    response = client.post(confirm_url(proposed))

    assert response.status_code == 403
    assert "someone else must confirm" in text_of(response)
    proposed.refresh_from_db()
    assert not proposed.is_confirmed


@pytest.mark.parametrize("who", ["oscar", "bea", "fern", "nora"])
def test_others_cannot_confirm_through_the_page(client, request, proposed, who):
    client.force_login(request.getfixturevalue(who))

    assert client.post(confirm_url(proposed)).status_code == 403
    assert client.post(confirm_url(proposed), {"change": "1", "rag": "bad"}).status_code == 403
    proposed.refresh_from_db()
    assert not proposed.is_confirmed


def test_confirming_in_a_published_period_is_refused_through_the_page(client, alice, olivia, action, periods):
    published = f.make_statement(action, periods[0], Rag.AMBER, author=olivia, confirmed_at=None)
    client.force_login(alice)

    response = client.post(confirm_url(published))

    assert response.status_code == 403
    assert "published" in text_of(response)


def test_confirm_needs_sign_in_a_post_and_a_real_statement(client, alice, proposed):
    response = client.post(confirm_url(proposed))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))

    client.force_login(alice)
    assert client.get(confirm_url(proposed)).status_code == 405
    assert client.post(reverse("actions:rating-confirm", args=[999999])).status_code == 404
    proposed.refresh_from_db()
    assert not proposed.is_confirmed


# --- The action page shows the marks -------------------------------------------------------------


def test_action_page_shows_awaiting_confirmed_and_changed_ratings(
    client, bea, alice, olivia, action, periods
):
    spring = f.make_statement(
        action, periods[1], Rag.AMBER, author=olivia, narrative="Spring words", confirmed_at=None
    )
    services.rating_confirm(user=alice, statement=spring, rag=Rag.RED, reason="The board disagrees.")
    services.position_statement_record(
        user=olivia, action=action, period=periods[2], rag=Rag.GREEN, narrative="Summer words"
    )
    client.force_login(bea)

    response = client.get(action.get_absolute_url())

    timeline = text_of(response).split("Position statements", 1)[1]
    summer_part, spring_part = timeline.split("Spring term 2026", 1)
    assert "Unconfirmed" in summer_part
    assert "Unconfirmed" not in spring_part
    assert "Proposed: Amber → Confirmed: Red. Reason: The board disagrees." in spring_part
    today = datetime.date.today()
    assert f"Confirmed by alice on {today:%-d %B %Y}" in spring_part
    # The current rating is marked as unconfirmed too.
    assert "Current RAG rating: Green Unconfirmed" in text_of(response)


# --- Links from home and the plan page ------------------------------------------------------------


def test_home_tells_administrators_and_priority_leads_how_many_ratings_await_them(
    client, alice, pat, olivia, plan, proposed
):
    link = f'href="{ratings_url(plan)}"'
    for user in (alice, pat):
        client.force_login(user)
        response = client.get(reverse("home"))
        assert link in response.content.decode(), user
        assert f"1 RAG rating to confirm in {plan.title}" in text_of(response)
    client.force_login(olivia)  # wrote it, leads no priority
    assert link not in client.get(reverse("home")).content.decode()


def test_home_does_not_count_your_own_statements(client, pat, plan, action, summer):
    action.supporting_people.add(pat.person)
    services.position_statement_record(
        user=pat, action=action, period=summer, rag=Rag.GREEN, narrative="Mine"
    )
    client.force_login(pat)

    assert "to confirm in" not in text_of(client.get(reverse("home")))


def test_plan_page_links_to_ratings_for_those_who_may_confirm(client, alice, pat, olivia, bea, plan):
    link = f'href="{ratings_url(plan)}"'
    for user, shown in ((alice, True), (pat, True), (olivia, False), (bea, False)):
        client.force_login(user)
        assert (link in client.get(plan.get_absolute_url()).content.decode()) is shown, user


# --- Query budgets: the same at 10 and 500 actions -----------------------------------------------


def large(size, olivia_person, periods=3):
    plan, actions = f.make_large_plan(size, lead=olivia_person, periods=periods)
    return plan, actions


def check_ratings_page(
    client, request, olivia_person, assert_max_queries, *, size, who, periods=3, unpublished=False
):
    """Every rating of a plan of `size` actions over `periods` periods awaits confirmation, the latest
    period's repeating the one before; the page costs exactly its budget and lists them. With
    `unpublished`, every period but the first is closed rather than published, so the page lists the
    ratings of every one of them."""
    plan, actions = large(size, olivia_person, periods)
    PositionStatement.objects.filter(period__plan=plan).update(confirmed_at=None)  # all proposals
    if unpublished:
        first = plan.periods.order_by("as_at").first()
        plan.periods.filter(state="published").exclude(pk=first.pk).update(state="closed")
    # The latest period's statements repeat the one before: each row names the period it repeats.
    ordered = list(plan.periods.order_by("as_at"))
    earlier = {s.action_id: s for s in PositionStatement.objects.filter(period=ordered[-2])}
    carried = list(PositionStatement.objects.filter(period=ordered[-1], action_id__in=earlier))
    for statement in carried:
        statement.carried_forward_from = earlier[statement.action_id]
    PositionStatement.objects.bulk_update(carried, ["carried_forward_from"])
    assert len(carried) >= size // 5
    user = request.getfixturevalue(who)
    if who == "pat":
        plan.priorities.get(ref="1").lead_people.add(user.person)
    client.force_login(user)

    with assert_max_queries(RATINGS_PAGE_BUDGET[who]) as captured:
        response = client.get(ratings_url(plan))

    assert response.status_code == 200
    assert len(captured) == RATINGS_PAGE_BUDGET[who]
    page = response.context["page"]
    rows = [row for group in page.groups for row in group.rows]
    assert page.page_obj.paginator.count >= size // 5
    assert len(rows) == min(selectors.RATINGS_PER_PAGE, page.page_obj.paginator.count)
    assert response.content.decode().count("Confirm the changed rating") == sum(r.may_confirm for r in rows)
    shown_carried = response.content.decode().count(f"from {ordered[-2].name}")
    assert shown_carried == sum(1 for r in rows if r.statement.carried_forward_from_id)


@pytest.mark.parametrize("size", [10, 500])
@pytest.mark.parametrize("who", ["alice", "pat"])
def test_ratings_page_stays_within_its_query_budget(
    client, request, olivia_person, django_assert_max_num_queries, size, who
):
    check_ratings_page(client, request, olivia_person, django_assert_max_num_queries, size=size, who=who)


@pytest.mark.parametrize("periods", [3, 12])
@pytest.mark.parametrize("who", ["alice", "pat"])
def test_ratings_page_costs_the_same_at_3_and_12_periods(
    client, request, olivia_person, django_assert_max_num_queries, periods, who
):
    """Ratings awaiting confirmation in every period not yet published (all but the first here): the
    number of periods they come from costs no query."""
    check_ratings_page(
        client,
        request,
        olivia_person,
        django_assert_max_num_queries,
        size=50,
        who=who,
        periods=periods,
        unpublished=True,
    )


@pytest.mark.parametrize("size", [10, 500])
def test_action_page_with_every_mark_stays_within_its_query_budget(
    client, alice, olivia, olivia_person, django_assert_max_num_queries, size
):
    plan, actions = large(size, olivia_person)
    action = actions[0]
    periods = list(plan.periods.order_by("as_at"))
    PositionStatement.objects.filter(action=action).delete()
    first = f.make_statement(action, periods[0], Rag.AMBER, author=olivia)
    first.confirmed_at, first.confirmed_by, first.proposed_rag, first.rag = (
        first.created_at,
        alice,
        Rag.AMBER,
        Rag.RED,
    )
    first.change_reason = "Worse than it says"
    first.save()
    services.position_statement_carry_forward(user=olivia, action=action, period=periods[-1])
    for months in (3, 6):
        services.action_due_date_change(
            user=alice,
            action=action,
            due_date=action.due_date + datetime.timedelta(days=30 * months),
            reason=f"Moved by {months} months",
        )
    client.force_login(olivia)

    with django_assert_max_num_queries(ACTION_DETAIL_BUDGET) as captured:
        response = client.get(action.get_absolute_url())

    assert response.status_code == 200
    assert len(captured) == ACTION_DETAIL_BUDGET
    text = text_of(response)
    assert "re-baselined; originally" in text and "Reason: Moved by 6 months" in text
    assert "Carried forward from" in text and "Proposed: Amber → Confirmed: Red" in text


def test_ratings_come_a_page_at_a_time_and_confirming_returns_to_the_same_page(
    client, request, olivia_person, alice
):
    plan, actions = large(70, olivia_person, 3)
    PositionStatement.objects.filter(period__plan=plan).update(confirmed_at=None)
    client.force_login(alice)
    total = PositionStatement.objects.awaiting_confirmation().filter(period__plan=plan).count()
    assert total > 2 * selectors.RATINGS_PER_PAGE

    second = client.get(ratings_url(plan), {"page": 2})

    page = second.context["page"]
    assert page.page_obj.number == 2 and page.page_obj.paginator.count == total
    assert page.to_confirm == total and page.own == 0
    assert f"Showing 26 to 50 of {total} results" in text_of(second)
    statement = page.groups[0].rows[0].statement
    answer = client.post(
        reverse("actions:rating-confirm", args=[statement.pk]),
        {"version": statement.version, "page": "2"},
    )
    assert answer.status_code == 302
    assert answer.url == f"{ratings_url(plan)}?page=2"
    assert client.get(ratings_url(plan)).context["page"].to_confirm == total - 1


def test_a_page_number_past_the_end_shows_the_last_page(client, olivia_person, alice):
    plan, actions = large(10, olivia_person, 3)
    PositionStatement.objects.filter(period__plan=plan).update(confirmed_at=None)
    client.force_login(alice)

    for bad in ("999", "x", "-1"):
        response = client.get(ratings_url(plan), {"page": bad})
        assert response.status_code == 200
        assert response.context["page"].page_obj.number >= 1
