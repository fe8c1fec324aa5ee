"""Every page: works for the roles allowed, needs sign-in, refused for the rest, 404 for what is not there.

Then the statement form in detail (errors, saving, history), the action list's count, pagination and
bad filters, and the sign-in, sign-out and password reset pages.
"""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from actions.cycle.models import PositionStatement, Rag
from tests import factories as f
from tests.helpers import login, text_of, title_of

ROLES = ["alice", "olivia", "oscar", "bea", "fern", "nora"]
MEMBERS = ["alice", "olivia", "oscar", "bea", "fern"]


@pytest.fixture
def pages(plan, periods, action):
    """Every page of the app, by name, as a URL for the standing plan, action and open period."""
    return {
        "home": reverse("home"),
        "plan-list": reverse("actions:plan-list"),
        "plan-detail": reverse("actions:plan-detail", args=[plan.pk]),
        "plan-detail-open": f"{plan.get_absolute_url()}?priority={action.objective.priority_id}",
        "action-list": reverse("actions:action-list"),
        "action-detail": reverse("actions:action-detail", args=[action.pk]),
        "action-changes": reverse("actions:action-changes", args=[action.pk]),
        "my-actions": reverse("actions:my-actions"),
        "statement-form": reverse("actions:statement-form", args=[action.pk, periods[2].pk]),
    }


ALLOWED = {
    "home": MEMBERS,
    "plan-list": MEMBERS,
    "plan-detail": MEMBERS,
    "plan-detail-open": MEMBERS,
    "action-list": MEMBERS,
    "action-detail": MEMBERS,
    "action-changes": MEMBERS,
    "my-actions": ["alice", "olivia", "oscar"],
    "statement-form": ["alice", "olivia"],
}
CASES = [(page, who, who in allowed) for page, allowed in ALLOWED.items() for who in ROLES]


@pytest.mark.parametrize(("page", "who", "allowed"), CASES, ids=[f"{p}-{w}" for p, w, _ in CASES])
def test_each_page_works_for_the_roles_allowed_and_is_refused_for_the_rest(
    client, request, pages, page, who, allowed
):
    login(client, request, who)

    response = client.get(pages[page])

    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("page", list(ALLOWED))
def test_each_page_sends_anonymous_users_to_sign_in(client, pages, page):
    response = client.get(pages[page])

    assert response.status_code == 302
    target = urlsplit(response.url)
    assert target.path == reverse("login")
    assert parse_qs(target.query)["next"] == [pages[page]]


def test_statement_form_post_sends_anonymous_users_to_sign_in(client, pages):
    response = client.post(pages["statement-form"], {"rag": "green", "narrative": "Sneaky"})

    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("login")
    assert not PositionStatement.objects.exists()


def test_user_without_a_role_is_told_why_they_are_refused(client, nora, pages):
    client.force_login(nora)

    response = client.get(pages["home"])

    assert response.status_code == 403
    assert "Your account has no role yet" in text_of(response)


@pytest.mark.parametrize(
    "url",
    [
        "/plans/999999/",
        "/actions/999999/",
        "/actions/999999/changes/",
        "/actions/999999/periods/1/statement/",
    ],
)
@pytest.mark.parametrize("who", ["alice", "bea"])
def test_pages_for_things_that_do_not_exist_are_not_found(client, request, plan, periods, action, url, who):
    login(client, request, who)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("who", ["alice", "olivia"])
def test_statement_form_for_a_period_that_does_not_exist_is_not_found(client, request, action, periods, who):
    login(client, request, who)

    response = client.get(reverse("actions:statement-form", args=[action.pk, 999999]))

    assert response.status_code == 404


@pytest.mark.parametrize("who", ["alice", "olivia"])
def test_statement_form_for_a_period_of_another_plan_is_not_found(client, request, action, periods, who):
    login(client, request, who)
    foreign = f.make_period(f.make_plan(), name="Elsewhere summer", state="open")
    url = reverse("actions:statement-form", args=[action.pk, foreign.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"rag": "green", "narrative": "Wrong plan"}).status_code == 404
    assert not PositionStatement.objects.exists()


# --- Statement form: who may write, and when -----------------------------------------------


def statement_url(action, period):
    return reverse("actions:statement-form", args=[action.pk, period.pk])


VALID = {"rag": "green", "narrative": "Three network meetings held; attendance up to 40 SENCOs."}


@pytest.mark.parametrize("who", ["bea", "fern", "oscar", "nora"])
def test_statement_form_refuses_those_who_may_not_write_and_saves_nothing(
    client, request, action, open_period, who
):
    login(client, request, who)
    url = statement_url(action, open_period)

    assert client.get(url).status_code == 403
    assert client.post(url, VALID).status_code == 403
    assert not PositionStatement.objects.exists()


def test_officer_cannot_update_action_they_do_not_lead(client, olivia, other_action, open_period):
    client.force_login(olivia)

    response = client.post(statement_url(other_action, open_period), VALID)

    assert response.status_code == 403
    assert "lead or support" in text_of(response)
    assert not PositionStatement.objects.exists()


@pytest.mark.parametrize(
    ("index", "name", "reason"), [(1, "Spring term 2026", "closed"), (0, "Autumn term 2025", "locked")]
)
def test_officer_cannot_write_in_a_closed_or_published_period(
    client, olivia, action, periods, index, name, reason
):
    client.force_login(olivia)
    url = statement_url(action, periods[index])

    get = client.get(url)
    post = client.post(url, VALID)

    assert get.status_code == post.status_code == 403
    assert name in text_of(get)
    assert reason in text_of(get)
    assert not PositionStatement.objects.exists()


def test_plan_administrator_can_write_in_a_closed_period(client, alice, action, periods):
    client.force_login(alice)
    url = statement_url(action, periods[1])

    assert client.get(url).status_code == 200
    response = client.post(url, VALID)

    assert response.status_code == 302
    assert PositionStatement.objects.get().period == periods[1]


def test_plan_administrator_cannot_write_in_a_published_period(client, alice, action, periods):
    client.force_login(alice)
    url = statement_url(action, periods[0])

    assert client.get(url).status_code == 403
    assert client.post(url, VALID).status_code == 403
    assert not PositionStatement.objects.exists()


def test_archived_action_takes_no_statements(client, alice, action, open_period):
    action.is_archived = True
    action.save()
    client.force_login(alice)

    response = client.post(statement_url(action, open_period), VALID)

    assert response.status_code == 403
    assert "archived" in text_of(response)
    assert not PositionStatement.objects.exists()


def test_officer_can_write_for_an_action_their_partner_supports(
    client, olivia, partner, other_action, open_period
):
    other_action.supporting_partners.add(partner)
    client.force_login(olivia)

    response = client.post(statement_url(other_action, open_period), VALID)

    assert response.status_code == 302
    assert PositionStatement.objects.get().action == other_action


# --- Statement form: bad input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "messages", "fields"),
    [
        ({"narrative": "Something happened."}, ["Select a RAG rating"], ["rag"]),
        ({"rag": "amber", "narrative": ""}, ["Enter the position statement"], ["narrative"]),
        ({"rag": "amber", "narrative": "  \n  "}, ["Enter the position statement"], ["narrative"]),
        ({}, ["Select a RAG rating", "Enter the position statement"], ["rag", "narrative"]),
    ],
    ids=["no-rag", "empty-narrative", "blank-narrative", "nothing"],
)
def test_statement_form_with_bad_input_shows_a_govuk_error_summary_and_saves_nothing(
    client, olivia, action, open_period, data, messages, fields
):
    client.force_login(olivia)

    response = client.post(statement_url(action, open_period), data)

    assert response.status_code == 200
    page = response.content.decode()
    summary = re.search(r'<div class="govuk-error-summary".*?</ul>', page, re.S).group(0)
    assert "There is a problem" in summary
    assert re.findall(r"<li><a [^>]*>(.*?)</a></li>", summary) == messages
    for field in fields:
        anchor = "id_rag_0" if field == "rag" else "id_narrative"
        assert f'href="#{anchor}"' in summary
        assert f'id="id_{field}_error"' in page
    assert page.count("govuk-form-group--error") == len(fields)
    if "narrative" in fields:
        assert "govuk-textarea--error" in page
    if "rag" in fields:
        assert re.search(r'<input class="govuk-radios__input"[^>]*aria-invalid="true"', page)
    assert title_of(response).startswith("Error: ")
    assert not PositionStatement.objects.exists()


def test_statement_form_error_title_says_error_once(client, olivia, action, open_period):
    client.force_login(olivia)

    response = client.post(statement_url(action, open_period), {"rag": "", "narrative": ""})

    assert title_of(response).startswith("Error: Record position statement")
    assert title_of(response).count("Error:") == 1


def test_statement_form_title_has_no_error_prefix_when_there_is_no_error(client, olivia, action, open_period):
    client.force_login(olivia)

    response = client.get(statement_url(action, open_period))

    assert "Error" not in title_of(response)
    assert "govuk-error-summary" not in response.content.decode()


def test_statement_form_with_an_unknown_rag_is_refused(client, olivia, action, open_period):
    client.force_login(olivia)

    response = client.post(statement_url(action, open_period), {"rag": "purple", "narrative": "Fine"})

    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert not PositionStatement.objects.exists()


def test_statement_form_keeps_what_was_typed_after_an_error(client, olivia, action, open_period):
    client.force_login(olivia)

    response = client.post(statement_url(action, open_period), {"narrative": "Kept <b>text</b>"})

    assert escape("Kept <b>text</b>") in response.content.decode()


# --- Statement form: saving and editing --------------------------------------------------------


def test_statement_form_shows_every_rag_ratings_definition(client, olivia, action, open_period):
    client.force_login(olivia)

    page = client.get(statement_url(action, open_period)).content.decode()

    for rag in Rag:
        assert f'value="{rag.value}"' in page
        assert escape(rag.definition) in page
    assert page.count('class="govuk-hint govuk-radios__hint"') == len(Rag)


def test_valid_statement_redirects_to_the_action_with_a_success_message_and_shows_it(
    client, olivia, action, open_period
):
    client.force_login(olivia)

    response = client.post(statement_url(action, open_period), VALID)

    assert response.status_code == 302
    assert response.url == action.get_absolute_url()
    page = client.get(response.url)
    text = text_of(page)
    assert "Position statement recorded for 1.1.a, Summer term 2026: Green." in text
    assert "govuk-notification-banner--success" in page.content.decode()
    timeline = page.content.decode().split('id="timeline"', 1)[1]
    assert "Summer term 2026" in timeline
    assert escape(VALID["narrative"]) in timeline
    statement = PositionStatement.objects.get()
    assert (statement.rag, statement.narrative, statement.author) == ("green", VALID["narrative"], olivia)


def test_success_message_is_shown_once(client, olivia, action, open_period):
    client.force_login(olivia)
    client.post(statement_url(action, open_period), VALID)

    client.get(action.get_absolute_url())
    again = client.get(action.get_absolute_url())

    assert "Position statement recorded" not in text_of(again)


def test_editing_a_statement_prefills_the_form_and_keeps_history(client, olivia, action, open_period):
    client.force_login(olivia)
    url = statement_url(action, open_period)
    client.post(url, {"rag": "amber", "narrative": "First version."})

    form = client.get(url)
    assert "Edit the position statement" in text_of(form)
    assert re.search(r'value="amber"[^>]*checked', form.content.decode())
    assert "First version." in form.content.decode()

    response = client.post(url, {"rag": "red", "narrative": "Second version."}, follow=True)

    assert "Position statement updated for 1.1.a, Summer term 2026: Red." in text_of(response)
    statement = PositionStatement.objects.get()
    assert (statement.rag, statement.narrative) == ("red", "Second version.")
    assert [h.narrative for h in statement.history.order_by("history_date", "history_id")] == [
        "First version.",
        "Second version.",
    ]
    assert [h.history_user for h in statement.history.all()] == [olivia, olivia]


def test_statement_form_shows_the_previous_periods_statement(client, olivia, action, periods):
    f.make_statement(action, periods[1], Rag.AMBER, narrative="Spring: recruitment delayed.")
    client.force_login(olivia)

    text = text_of(client.get(statement_url(action, periods[2])))

    assert "Last statement: Spring term 2026, Amber" in text
    assert "Spring: recruitment delayed." in text


def test_statement_form_post_without_a_csrf_token_is_refused(olivia, action, open_period):
    client = Client(enforce_csrf_checks=True)
    client.force_login(olivia)

    response = client.post(statement_url(action, open_period), VALID)

    assert response.status_code == 403
    assert not PositionStatement.objects.exists()


def test_signing_out_without_a_csrf_token_is_refused(bea):
    client = Client(enforce_csrf_checks=True)
    client.force_login(bea)

    assert client.post(reverse("logout")).status_code == 403
    assert client.get(reverse("home")).status_code == 200


def test_statement_narrative_is_shown_escaped_on_the_action_page(client, olivia, action, open_period):
    client.force_login(olivia)
    client.post(
        statement_url(action, open_period), {"rag": "green", "narrative": "<script>alert(1)</script>"}
    )

    page = client.get(action.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert escape("<script>alert(1)</script>") in page


# --- Pages show the right things -------------------------------------------------------------


def test_action_detail_offers_the_statement_button_only_to_those_who_may_write(
    client, olivia, oscar, bea, action, open_period
):
    button = "Record the Summer term 2026 position statement"
    for user, expected in ((olivia, True), (oscar, False), (bea, False)):
        client.force_login(user)
        assert (button in text_of(client.get(action.get_absolute_url()))) is expected, user


def test_action_detail_timeline_is_newest_first(client, bea, action, periods):
    f.make_statement(action, periods[0], Rag.RED, narrative="Autumn words")
    f.make_statement(action, periods[1], Rag.AMBER, narrative="Spring words")
    client.force_login(bea)

    text = text_of(client.get(action.get_absolute_url()))

    assert text.index("Spring words") < text.index("Autumn words")
    assert "Current RAG rating: Amber" in text


def test_action_changes_page_shows_who_changed_what(client, olivia, bea, action, open_period):
    client.force_login(olivia)
    client.post(statement_url(action, open_period), {"rag": "amber", "narrative": "First."})
    client.post(statement_url(action, open_period), {"rag": "red", "narrative": "First."})
    client.force_login(bea)

    text = text_of(client.get(reverse("actions:action-changes", args=[action.pk])))

    assert "Position statement, Summer term 2026 changed" in text
    assert "by Olivia Officer" in text  # the request's user, named as their Person
    assert "RAG rating Amber Red" in text


def show_link(response, priority) -> str:
    """The page's "Show objectives and actions" link for the priority, as the browser would follow it."""
    hidden = f'<span class="govuk-visually-hidden"> for Priority {priority.ref}:'
    found = re.search(
        rf'<a class="govuk-link" href="([^"]+)">Show objectives and actions{hidden}',
        response.content.decode(),
    )
    assert found, f"no link to show priority {priority.ref}"
    return html.unescape(found.group(1))


def test_plan_detail_lists_the_priorities_with_their_counts_and_no_actions(
    client, bea, plan, action, other_action, periods
):
    f.make_statement(action, periods[1], Rag.AMBER)
    priority = action.objective.priority
    priority.lead_people.add(f.make_person(name="Priya Leadwell"))
    f.make_objective(priority, ref="1.2", title="An objective without actions")
    client.force_login(bea)

    response = client.get(plan.get_absolute_url())

    text = text_of(response)
    assert "Priority 1: Inclusive education" in text
    assert "Lead Priya Leadwell" in text
    assert "Objectives and actions 2 objectives, 2 actions" in text
    # Each rating in words beside its colour, with its count.
    assert "RAG ratings Amber 1 rated Amber No update 1 rated No update" in text
    assert "Overdue None" in text
    assert "Run SENCO network meetings" not in text  # the actions wait until the priority is shown
    assert (
        show_link(response, priority)
        == f"{plan.get_absolute_url()}?priority={priority.pk}#priority-{priority.pk}"
    )
    assert f'id="priority-{priority.pk}"' in response.content.decode()


def test_plan_detail_links_each_count_to_the_actions_counted(client, bea, plan, action, periods):
    f.make_statement(action, periods[1], Rag.AMBER)
    priority = action.objective.priority
    client.force_login(bea)

    page = client.get(plan.get_absolute_url()).content.decode()
    listed = client.get(f"{reverse('actions:action-list')}?plan={plan.pk}&priority={priority.pk}&rag=amber")

    assert escape(f"{reverse('actions:action-list')}?plan={plan.pk}&priority={priority.pk}&rag=amber") in page
    assert "Run SENCO network meetings" in text_of(listed)


def test_plan_detail_shows_a_priority_s_objectives_and_actions_when_its_link_is_followed(
    client, bea, plan, action, other_action, periods
):
    f.make_statement(action, periods[1], Rag.AMBER)
    other_action.is_archived = True
    other_action.save()
    second = f.make_priority(plan, ref="2", title="Preparing for adulthood", order=2)
    f.make_action(f.make_objective(second, ref="2.1"), description="Plan transitions at 14")
    client.force_login(bea)

    response = client.get(show_link(client.get(plan.get_absolute_url()), action.objective.priority))

    page = response.content.decode()
    text = text_of(response)
    assert "Support schools to be inclusive" in text
    assert "Run SENCO network meetings" in text
    assert "Publish the Local Offer review" not in text  # archived
    assert "sp-rag--amber" in page
    assert "Plan transitions at 14" not in text  # the other priority stays collapsed
    assert "Hide objectives and actions" in text
    assert f'href="{plan.get_absolute_url()}#priority-{action.objective.priority_id}"' in page
    assert title_of(response).startswith("Priority 1: Inclusive education – ")


@pytest.mark.parametrize("priority", ["abc", "-1", "999999", "1.5"])
def test_plan_detail_with_a_priority_that_is_not_the_plan_s_is_not_found(client, bea, plan, action, priority):
    client.force_login(bea)

    assert client.get(f"{plan.get_absolute_url()}?priority={priority}").status_code == 404


def test_plan_detail_will_not_show_another_plan_s_priority(client, bea, plan, action):
    elsewhere = f.make_action(f.make_objective(f.make_priority(f.make_plan(), ref="9")), description="Secret")
    client.force_login(bea)

    response = client.get(f"{plan.get_absolute_url()}?priority={elsewhere.objective.priority_id}")

    assert response.status_code == 404


def test_plan_detail_shows_every_priority_of_a_small_plan_at_once(client, bea, plan, action):
    second = f.make_priority(plan, ref="2", title="Preparing for adulthood", order=2)
    f.make_action(f.make_objective(second, ref="2.1"), description="Plan transitions at 14")
    client.force_login(bea)

    collapsed = client.get(plan.get_absolute_url())
    response = client.get(f"{plan.get_absolute_url()}?priority=all")

    assert f'href="{plan.get_absolute_url()}?priority=all#priorities"' in collapsed.content.decode()
    text = text_of(response)
    assert "Run SENCO network meetings" in text
    assert "Plan transitions at 14" in text
    assert "Hide all objectives and actions" in text
    assert "Show objectives and actions" not in text


def test_plan_detail_keeps_a_big_plan_s_priorities_collapsed_and_says_why(client, bea, olivia_person):
    plan, _actions = f.make_large_plan(201, lead=olivia_person)
    client.force_login(bea)

    collapsed = text_of(client.get(plan.get_absolute_url()))
    response = client.get(f"{plan.get_absolute_url()}?priority=all")

    assert "Show all objectives and actions" not in collapsed
    assert response.status_code == 200
    assert "This plan has 201 actions, too many to show at once." in text_of(response)
    assert "Action number 1 " not in text_of(response)


def test_plan_detail_pages_through_a_long_priority(client, bea, olivia_person):
    plan, actions = f.make_large_plan(500, lead=olivia_person)  # 125 actions a priority
    priority = actions[0].objective.priority
    client.force_login(bea)
    url = f"{plan.get_absolute_url()}?priority={priority.pk}"

    first = client.get(url)
    second = client.get(f"{url}&page=2")

    assert "Showing actions 1 to 100 of 125 in this priority, page 1 of 2." in text_of(first)
    assert escape(f"{url}&page=2#priority-{priority.pk}") in first.content.decode()
    assert "Showing actions 101 to 125 of 125 in this priority, page 2 of 2." in text_of(second)
    # 25 actions an objective: 1.1 to 1.4 fill the first page, 1.5 the second.
    assert "Objective 1.4" in text_of(first) and "Objective 1.5" not in text_of(first)
    assert "Objective 1.5" in text_of(second) and "Objective 1.4" not in text_of(second)
    assert title_of(second).startswith("Priority 1: Priority 1 (page 2 of 2) – ")


def test_my_actions_shows_the_officers_actions_done_and_to_do(
    client, olivia, olivia_person, action, other_action, open_period
):
    other_action.lead_people.add(olivia_person)
    f.make_statement(action, open_period, Rag.GREEN)
    client.force_login(olivia)

    text = text_of(client.get(reverse("actions:my-actions")))

    assert re.search(r"\b1 of 2\b", text), text
    assert "Run SENCO network meetings" in text
    assert "Publish the Local Offer review" in text


def test_my_actions_of_a_busy_officer_come_a_page_at_a_time(client, olivia, olivia_person):
    plan, actions = f.make_large_plan(120, lead=olivia_person, periods=2)
    client.force_login(olivia)

    first = client.get(reverse("actions:my-actions"))
    second = client.get(reverse("actions:my-actions"), {"page": 2})
    past_the_end = client.get(reverse("actions:my-actions"), {"page": 99})

    assert "Showing 1 to 50 of 120 results" in text_of(first)
    assert "Showing 51 to 100 of 120 results" in text_of(second)
    assert re.search(r"of 120 position statements", text_of(second))  # the plan's counts, every page
    assert "Showing 101 to 120 of 120 results" in text_of(past_the_end)


def test_home_tells_an_officer_how_many_statements_are_left(client, olivia, action, open_period):
    client.force_login(olivia)

    text = text_of(client.get(reverse("home")))

    assert "1 of your 1 action still needs a position statement." in text


# --- Action list: count, pagination, bad filters -----------------------------------------------


@pytest.fixture
def sixty(olivia_person):
    plan, actions = f.make_large_plan(60, lead=olivia_person)
    return plan


def _action_links(response) -> list[str]:
    return re.findall(
        r'<td class="govuk-table__cell">\s*<a class="govuk-link" href="(/actions/\d+/)"',
        response.content.decode(),
    )


def test_action_list_says_how_many_actions_match_and_paginates(client, bea, sixty):
    client.force_login(bea)

    first = client.get(reverse("actions:action-list"), {"plan": sixty.pk})
    second = client.get(reverse("actions:action-list"), {"plan": sixty.pk, "page": 2})

    assert first.status_code == second.status_code == 200
    assert "60 actions match" in text_of(first)
    assert len(_action_links(first)) == 50
    assert len(_action_links(second)) == 10
    assert not set(_action_links(first)) & set(_action_links(second))


def test_action_list_pages_follow_the_plan_order_with_each_rows_own_rating(client, bea, sixty):
    """A page's actions are read by id after the matching ids are listed in plan order: page 2 carries
    on where page 1 stopped, and each row shows its own latest rating."""
    from actions.plans.models import Action

    client.force_login(bea)
    in_order = [a.get_absolute_url() for a in Action.objects.for_plan(sixty).in_plan_order()]
    latest = {
        s.action.get_absolute_url(): s.get_rag_display()
        for s in PositionStatement.objects.filter(action__objective__priority__plan=sixty)
        .select_related("action", "period")
        .order_by("period__as_at")
    }

    pages = [client.get(reverse("actions:action-list"), {"plan": sixty.pk, "page": n}) for n in (1, 2)]

    assert _action_links(pages[0]) + _action_links(pages[1]) == in_order
    row = re.search(
        r'href="(/actions/\d+/)".*?sp-rag--[a-z-]+">([^<]+)</strong>', pages[1].content.decode(), re.S
    )
    assert row.group(2) == latest[row.group(1)]


def test_action_list_says_one_action_matches(client, bea, action):
    client.force_login(bea)

    assert "1 action matches" in text_of(client.get(reverse("actions:action-list")))


def test_action_list_pagination_links_keep_the_filters(client, bea, sixty):
    client.force_login(bea)

    every_rag = ["red", "amber", "green", "blue", "not_rated", "no_update"]
    response = client.get(reverse("actions:action-list"), {"plan": sixty.pk, "rag": every_rag, "q": "Action"})

    assert "60 actions match" in text_of(response)
    hrefs = [
        html.unescape(h)
        for h in re.findall(
            r'<a class="govuk-link govuk-pagination__link" href="([^"]+)"', response.content.decode()
        )
    ]
    assert hrefs, "expected pagination links"
    next_link = html.unescape(re.search(r'href="([^"]+)" rel="next"', response.content.decode()).group(1))
    query = parse_qs(urlsplit(next_link).query)
    assert query == {"plan": [str(sixty.pk)], "rag": every_rag, "q": ["Action"], "page": ["2"]}
    for href in hrefs:
        assert parse_qs(urlsplit(href).query)["plan"] == [str(sixty.pk)]


def test_action_list_page_beyond_the_end_shows_the_last_page(client, bea, sixty):
    client.force_login(bea)

    response = client.get(reverse("actions:action-list"), {"plan": sixty.pk, "page": 99})

    assert response.status_code == 200
    assert len(_action_links(response)) == 10


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"plan": "abc"}, "Select a valid choice"),
        ({"plan": "99999999"}, "Select a valid choice"),
        ({"due_after": "not-a-date"}, "Enter a valid date"),
        ({"due_before": "2026-13-45"}, "Enter a valid date"),
        ({"rag": "purple"}, "Select a valid choice"),
        ({"period": "abc"}, "Select a valid choice"),
        ({"period": "9" * 25}, "Select a valid choice"),
        ({"lead": "99999999"}, "Select a valid choice"),
        ({"partner": "9" * 25}, "Select a valid choice"),
        pytest.param(
            {"plan": "9" * 25},
            "Select a valid choice",
            id="plan-too-big",
        ),
        pytest.param(
            {"plan": "\u00b2"},
            "Select a valid choice",
            id="plan-superscript-two",
        ),
        pytest.param(
            {"period": "\u00b2"},
            "Select a valid choice",
            id="period-superscript-two",
        ),
    ],
)
def test_action_list_with_an_invalid_filter_shows_an_error_not_a_crash(client, bea, action, params, message):
    client.force_login(bea)
    client.raise_request_exception = False  # a crash must show as a 500 here, not as an exception

    response = client.get(reverse("actions:action-list"), params)

    assert response.status_code == 200
    text = text_of(response)
    assert "There is a problem" in text
    assert message in text


@pytest.mark.parametrize("params", [{"page": "abc"}, {"overdue": "maybe"}, {"q": "%_'\"<script>"}])
def test_action_list_survives_odd_input(client, bea, action, params):
    client.force_login(bea)

    assert client.get(reverse("actions:action-list"), params).status_code == 200


def test_action_list_filters_through_the_page(client, bea, action, other_action, periods):
    f.make_statement(action, periods[0], Rag.RED)
    f.make_statement(action, periods[1], Rag.GREEN)
    client.force_login(bea)

    as_at_autumn = client.get(reverse("actions:action-list"), {"rag": "red", "period": periods[0].pk})
    latest = client.get(reverse("actions:action-list"), {"rag": "red"})

    assert _action_links(as_at_autumn) == [action.get_absolute_url()]
    assert "RAG ratings as at Autumn term 2025" in text_of(as_at_autumn)
    assert _action_links(latest) == []
    assert "0 actions match" in text_of(latest)


# --- Sign in, sign out, password reset -----------------------------------------------------


def test_sign_in_page_renders_for_anonymous_users(client, db):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert title_of(response).startswith("Sign in")
    assert 'name="username"' in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_signing_in_goes_to_the_page_asked_for(client, bea, plan):
    response = client.post(
        reverse("login"),
        {"username": "bea", "password": "correct-horse-battery", "next": plan.get_absolute_url()},
    )

    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()


def test_signing_in_with_a_wrong_password_shows_an_error(client, bea):
    response = client.post(reverse("login"), {"username": "bea", "password": "wrong"})

    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert title_of(response).startswith("Error: ")
    assert "_auth_user_id" not in client.session


def test_sign_in_error_title_says_error_once(client, bea):
    response = client.post(reverse("login"), {"username": "bea", "password": "wrong"})

    assert title_of(response).count("Error:") == 1


def test_signing_out_needs_a_post(client, bea):
    client.force_login(bea)

    assert client.get(reverse("logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("name", ["password_reset", "password_reset_done", "password_reset_complete"])
def test_password_reset_pages_render_for_anonymous_users(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 200


def test_password_reset_link_that_is_not_valid_says_so(client, db):
    response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "bad-token"}))

    assert response.status_code == 200
    assert "This link has expired" in text_of(response)


def test_password_reset_emails_a_working_link(client, bea, mailoutbox):
    bea.email = "bea@example.org"
    bea.save()

    response = client.post(reverse("password_reset"), {"email": "bea@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["bea@example.org"]
    link = re.search(r"http://testserver(/accounts/reset/[^/\s]+/[^/\s]+/)", message.body)
    assert link, message.body

    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in text_of(form)
    set_password_url = form.redirect_chain[-1][0]
    done = client.post(
        set_password_url,
        {"new_password1": "a-much-better-passphrase", "new_password2": "a-much-better-passphrase"},
    )
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    bea.refresh_from_db()
    assert bea.check_password("a-much-better-passphrase")


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client, db, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []
