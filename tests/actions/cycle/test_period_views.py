"""The period pages: the plan's list, opening, progress and reminders, closing and reopening, the
"updates due" banner and the reminder opt-out. Each: allowed and refused per role, bad input, and a
query budget that holds at 10 and 500 actions."""

import datetime
import html
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions.cycle import services
from actions.cycle.models import NO_UPDATE, PositionStatement, Rag, Reminder, ReportingPeriod
from tests import factories as f
from tests.helpers import login, text_of

ROLES = ["alice", "olivia", "oscar", "bea", "fern", "nora"]
MEMBERS = ["alice", "olivia", "oscar", "bea", "fern"]


def today():
    return timezone.localdate()


@pytest.fixture
def stated(summer, action):
    """Olivia's action has a statement in Summer; `other_action` (no lead) has none."""
    return f.make_statement(action, summer, Rag.GREEN)


@pytest.fixture
def pages(plan, summer, olivia_person):
    return {
        "period-list": reverse("actions:period-list", args=[plan.pk]),
        "period-open": reverse("actions:period-open", args=[plan.pk]),
        "period-progress": reverse("actions:period-progress", args=[summer.pk]),
        "period-settings": reverse("actions:period-settings", args=[summer.pk]),
        "period-close": reverse("actions:period-close", args=[summer.pk]),
        "period-reopen": reverse("actions:period-reopen", args=[summer.pk]),
        "reminder-settings": reverse("actions:reminder-settings"),
    }


ALLOWED = {
    "period-list": MEMBERS,
    "period-open": ["alice"],
    "period-progress": ["alice"],
    "period-settings": ["alice"],
    "period-close": ["alice"],
    "period-reopen": ["alice"],
    "reminder-settings": ROLES,
}
CASES = [(page, who, who in allowed) for page, allowed in ALLOWED.items() for who in ROLES]


@pytest.mark.parametrize(("page", "who", "allowed"), CASES, ids=[f"{p}-{w}" for p, w, _ in CASES])
def test_each_period_page_works_for_the_roles_allowed_and_is_refused_for_the_rest(
    client, request, pages, action, page, who, allowed
):
    login(client, request, who)

    response = client.get(pages[page])

    assert response.status_code == (200 if allowed else 403)


@pytest.mark.parametrize("page", list(ALLOWED))
def test_each_period_page_sends_anonymous_users_to_sign_in(client, pages, page):
    response = client.get(pages[page])

    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")


@pytest.mark.parametrize(
    "url",
    [
        "/plans/999999/periods/",
        "/plans/999999/periods/new/",
        "/periods/999999/progress/",
        "/periods/999999/close/",
        "/periods/999999/reopen/",
    ],
)
def test_period_pages_for_things_that_do_not_exist_are_not_found(client, alice, url):
    client.force_login(alice)

    assert client.get(url).status_code == 404


# --- The plan's list ---------------------------------------------------------------------------------


def test_members_see_each_period_with_its_state_and_how_many_actions_are_updated(
    client, bea, plan, periods, stated, other_action
):
    client.force_login(bea)

    response = client.get(reverse("actions:period-list", args=[plan.pk]))

    text = text_of(response)
    assert "Summer term 2026 31 July 2026 10 July 2026 Open for updates 1 of 2" in text
    assert "Spring term 2026 31 March 2026 Not set Closed 0 of 2" in text
    assert "Autumn term 2025 31 December 2025 Not set Published 0 of 2" in text
    assert "Open a new reporting period" not in text
    assert reverse("actions:period-close", args=[periods[2].pk]) not in response.content.decode()


def test_the_count_leaves_out_archived_and_later_actions_and_no_updates(
    client, alice, plan, summer, stated, other_action, olivia_person
):
    f.make_action(stated.action.objective, is_archived=True, leads=[olivia_person])
    late = f.make_action(stated.action.objective, created_at=f.aware(datetime.date(2026, 8, 5)))
    f.make_statement(late, summer, Rag.GREEN)
    services.period_close(user=alice, period=summer)
    client.force_login(alice)

    response = client.get(reverse("actions:period-list", args=[plan.pk]))

    assert "Closed 1 of 2" in text_of(response)


def test_administrators_can_close_the_open_period_but_not_open_another(client, alice, plan, periods):
    client.force_login(alice)

    page = client.get(reverse("actions:period-list", args=[plan.pk])).content.decode()

    assert reverse("actions:period-close", args=[periods[2].pk]) in page
    assert reverse("actions:period-open", args=[plan.pk]) not in page
    assert "Summer term 2026 is open for updates. Close it before opening the next" in html.unescape(page)


def test_with_no_open_period_administrators_can_open_one_or_reopen_one(client, alice, plan, periods):
    ReportingPeriod.objects.filter(pk=periods[2].pk).update(state="closed")
    client.force_login(alice)

    page = client.get(reverse("actions:period-list", args=[plan.pk])).content.decode()

    assert "Open a new reporting period" in page
    assert reverse("actions:period-reopen", args=[periods[1].pk]) in page


def test_the_plan_page_links_to_its_reporting_periods(client, bea, plan):
    client.force_login(bea)

    page = client.get(plan.get_absolute_url()).content.decode()

    assert reverse("actions:period-list", args=[plan.pk]) in page


# --- Opening -----------------------------------------------------------------------------------------


@pytest.fixture
def no_open_period(periods):
    ReportingPeriod.objects.filter(pk=periods[2].pk).update(state="closed")
    return periods


def form_data(**overrides):
    return {
        "name": "Autumn term 2026",
        "as_at": "2026-12-31",
        "closes_on": (today() + datetime.timedelta(days=14)).isoformat(),
        **overrides,
    }


def test_an_administrator_opens_a_period_and_lands_on_its_progress(client, alice, plan, no_open_period):
    client.force_login(alice)

    response = client.post(reverse("actions:period-open", args=[plan.pk]), form_data(), follow=True)

    period = plan.periods.get(name="Autumn term 2026")
    assert period.is_open and period.opens_on == today()
    assert response.redirect_chain[-1][0] == reverse("actions:period-progress", args=[period.pk])
    assert "Autumn term 2026 is open for updates. Position statements are due by" in text_of(response)


def test_the_open_form_uses_date_inputs_labelled_updates_due_by(client, alice, plan, no_open_period):
    client.force_login(alice)

    page = client.get(reverse("actions:period-open", args=[plan.pk])).content.decode()

    assert 'type="date" name="closes_on"' in page
    assert "Updates due by" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Enter a name for the reporting period"),
        ({"as_at": "2026-13-45"}, "Enter the as-at date as a real date"),
        ({"closes_on": ""}, "Enter the date updates are due by"),
        ({"closes_on": "2020-01-01"}, "must be today or in the future"),
        ({"name": "Spring term 2026"}, "already has a reporting period called “Spring term 2026”"),
        ({"as_at": "2026-03-31"}, "Spring term 2026 is already as at 31 March 2026"),
    ],
)
def test_bad_input_shows_the_form_again_with_the_error(client, alice, plan, no_open_period, data, message):
    client.force_login(alice)

    response = client.post(reverse("actions:period-open", args=[plan.pk]), form_data(**data))

    assert response.status_code == 200
    assert "There is a problem" in text_of(response)
    assert message in text_of(response)
    assert plan.periods.count() == 3


def test_opening_while_a_period_is_open_says_which(client, alice, plan, periods):
    client.force_login(alice)

    response = client.post(reverse("actions:period-open", args=[plan.pk]), form_data())

    assert response.status_code == 200
    assert "Summer term 2026 is still open for updates" in text_of(response)
    assert plan.periods.count() == 3


def test_an_officer_cannot_open_a_period(client, olivia, plan, no_open_period):
    client.force_login(olivia)

    response = client.post(reverse("actions:period-open", args=[plan.pk]), form_data())

    assert response.status_code == 403
    assert plan.periods.count() == 3


# --- Progress -----------------------------------------------------------------------------------------


@pytest.fixture
def progress_world(plan, summer, action, olivia, olivia_person):
    """Olivia leads `action` (stated) and `second` (not); Pat leads `pats` (not); `partner_led` is led
    only by the Council; `unled` has no lead at all."""
    olivia.email = "olivia@example.org"
    olivia.save()
    f.make_statement(action, summer, Rag.GREEN)
    council = f.make_partner(name="Exampleshire Council")
    pat = f.make_person(name="Pat Lead", email="pat@example.org", partner=council)
    objective = action.objective
    return {
        "second": f.make_action(objective, ref="1.1.c", leads=[olivia_person]),
        "pats": f.make_action(objective, ref="1.1.d", leads=[pat]),
        "partner_led": f.make_action(objective, ref="1.1.e", lead_partners=[council]),
        "unled": f.make_action(objective, ref="1.1.f"),
        "pat": pat,
        "council": council,
    }


def progress(client, period):
    return client.get(reverse("actions:period-progress", args=[period.pk]))


def test_the_progress_page_gives_the_headline_and_the_deadline(client, alice, summer, progress_world):
    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=today() + datetime.timedelta(days=5))
    client.force_login(alice)

    text = text_of(progress(client, summer))

    assert "1 of 5 actions has a position statement (20%)" in text
    assert "5 days left" in text
    assert "Without a statement 4" in text


def test_the_progress_page_says_when_the_deadline_has_passed(client, alice, summer, progress_world):
    client.force_login(alice)

    assert "10 July 2026: the deadline has passed" in text_of(progress(client, summer))


def test_progress_by_lead_person_lists_the_actions_without_a_statement(
    client, alice, summer, action, progress_world
):
    client.force_login(alice)

    response = progress(client, summer)

    page = response.content.decode()
    people = {row.person.name: row for row in response.context["page"].by_person}
    assert [a.ref for a in people["Olivia Officer"].missing_shown] == ["1.1.c"]
    assert (people["Olivia Officer"].done_count, people["Olivia Officer"].missing_count) == (1, 1)  # 1.1.a
    assert [a.ref for a in people["Pat Lead"].missing_shown] == ["1.1.d"]
    assert people["Pat Lead"].done_count == 0
    assert progress_world["second"].get_absolute_url() in page
    assert reverse("actions:period-remind", args=[summer.pk, people["Pat Lead"].person.pk]) in page
    assert "Send reminder to Pat Lead" in text_of(response)


def test_progress_by_lead_partner_counts_and_lists_the_missing(
    client, alice, summer, other_action, progress_world
):
    client.force_login(alice)

    rows = {
        (row.partner.name if row.partner else None): row
        for row in progress(client, summer).context["page"].by_partner
    }

    assert [a.ref for a in rows["Exampleshire Council"].missing_shown] == ["1.1.e"]
    assert [a.ref for a in rows[None].missing_shown] == ["1.1.b", "1.1.f"]  # no lead at all
    assert (rows[None].missing_count, rows[None].done_count) == (2, 0)
    assert "Inclusion Team" not in rows  # Olivia's organisation leads nothing itself


def test_progress_shows_the_last_reminder_sent(client, alice, summer, olivia_person, progress_world):
    services.period_remind_person(user=alice, period=summer, person=olivia_person)
    client.force_login(alice)

    assert "Sent by a plan administrator," in text_of(progress(client, summer))


def test_progress_says_who_cannot_be_reminded_and_why(client, alice, summer, progress_world):
    progress_world["pat"].email = ""
    progress_world["pat"].save()
    client.force_login(alice)

    text = text_of(progress(client, summer))

    assert "No email address" in text
    assert "Send reminder to Pat Lead" not in text


def test_a_closed_periods_progress_counts_no_update_as_missing_and_offers_reopening(
    client, alice, summer, progress_world
):
    services.period_close(user=alice, period=summer)
    client.force_login(alice)

    response = progress(client, summer)

    assert "1 of 5 actions has a position statement" in text_of(response)
    assert "Send reminder" not in text_of(response)
    assert reverse("actions:period-reopen", args=[summer.pk]) in response.content.decode()


# --- Send reminder --------------------------------------------------------------------------------


def remind_url(period, person):
    return reverse("actions:period-remind", args=[period.pk, person.pk])


def test_send_reminder_emails_the_lead_and_says_so(client, alice, summer, olivia_person, progress_world):
    client.force_login(alice)

    response = client.post(remind_url(summer, olivia_person), follow=True)

    assert response.redirect_chain[-1][0].endswith(f"#lead-{olivia_person.pk}")
    assert "Reminder sent to Olivia Officer (olivia@example.org) about 1 action." in text_of(response)
    assert [m.to for m in mail.outbox] == [["olivia@example.org"]]
    assert progress_world["second"].ref in mail.outbox[0].body


def test_sending_again_says_they_have_all_been_reminded(client, alice, summer, olivia_person, progress_world):
    client.force_login(alice)
    client.post(remind_url(summer, olivia_person))

    response = client.post(remind_url(summer, olivia_person), follow=True)

    assert "already been sent a reminder about each of their 1 action without a statement" in text_of(
        response
    )
    assert len(mail.outbox) == 1


def test_send_reminder_on_a_closed_period_explains(client, alice, summer, olivia_person, progress_world):
    services.period_close(user=alice, period=summer)
    client.force_login(alice)

    response = client.post(remind_url(summer, olivia_person), follow=True)

    assert "is not open for updates" in text_of(response)
    assert mail.outbox == []


@pytest.mark.parametrize("who", ["olivia", "oscar", "bea", "nora"])
def test_only_administrators_send_reminders(client, request, summer, olivia_person, progress_world, who):
    login(client, request, who)

    assert client.post(remind_url(summer, olivia_person)).status_code == 403
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_send_reminder_is_a_post(client, alice, summer, olivia_person, progress_world):
    client.force_login(alice)

    assert client.get(remind_url(summer, olivia_person)).status_code == 405
    assert mail.outbox == []


def test_a_person_who_leads_nothing_in_the_plan_is_not_found(client, alice, summer, oscar, progress_world):
    client.force_login(alice)

    assert client.post(remind_url(summer, oscar.person)).status_code == 404
    assert client.post(reverse("actions:period-remind", args=[summer.pk, 999999])).status_code == 404


# --- Closing and reopening ----------------------------------------------------------------------------


def test_the_close_page_says_how_many_will_be_no_update(client, alice, summer, stated, other_action):
    client.force_login(alice)

    text = text_of(client.get(reverse("actions:period-close", args=[summer.pk])))

    assert "1 of 2 actions has a position statement for Summer term 2026" in text
    assert "The 1 action without one will be recorded as “No update”" in text


def test_closing_records_no_update_and_says_so(client, alice, plan, summer, stated, other_action):
    client.force_login(alice)

    response = client.post(reverse("actions:period-close", args=[summer.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("actions:period-list", args=[plan.pk])
    assert (
        "Summer term 2026 is closed. 1 action without a position statement is recorded as “No update”."
        in (text_of(response))
    )
    assert PositionStatement.objects.get(period=summer, rag=NO_UPDATE).action == other_action


def test_closing_a_closed_period_is_refused_with_the_reason(client, alice, periods):
    client.force_login(alice)

    response = client.post(reverse("actions:period-close", args=[periods[1].pk]))

    assert response.status_code == 400
    assert "Spring term 2026 is not open, so it cannot be closed." in text_of(response)


@pytest.mark.parametrize("who", ["olivia", "bea"])
def test_officers_and_board_members_cannot_close_or_reopen(client, request, periods, who):
    login(client, request, who)

    assert client.post(reverse("actions:period-close", args=[periods[2].pk])).status_code == 403
    assert (
        client.post(reverse("actions:period-reopen", args=[periods[1].pk]), {"reason": "x"}).status_code
        == 403
    )
    assert [p.state for p in ReportingPeriod.objects.order_by("as_at")] == ["published", "closed", "open"]


@pytest.fixture
def closed_summer(alice, summer, stated, other_action):
    services.period_close(user=alice, period=summer)
    return summer


def test_reopening_without_a_reason_shows_the_error(client, alice, closed_summer):
    client.force_login(alice)

    response = client.post(reverse("actions:period-reopen", args=[closed_summer.pk]), {"reason": "  "})

    assert response.status_code == 200
    assert "Enter the reason for reopening the reporting period" in text_of(response)
    closed_summer.refresh_from_db()
    assert not closed_summer.is_open


def test_reopening_with_a_reason_reopens_and_the_progress_page_shows_who_when_and_why(
    client, alice, closed_summer
):
    client.force_login(alice)
    form = client.get(reverse("actions:period-reopen", args=[closed_summer.pk]))
    assert "The 1 “No update” record written when it closed will be removed" in text_of(form)

    response = client.post(
        reverse("actions:period-reopen", args=[closed_summer.pk]),
        {"reason": "The ICB update arrived a day late.", "closes_on": ""},
        follow=True,
    )

    closed_summer.refresh_from_db()
    assert closed_summer.is_open
    assert not PositionStatement.objects.filter(period=closed_summer, rag=NO_UPDATE).exists()
    text = text_of(response)
    assert "Summer term 2026 is open for updates again." in text
    assert "alice The ICB update arrived a day late." in text


def test_reopening_can_set_a_new_deadline(client, alice, closed_summer):
    client.force_login(alice)
    new_deadline = today() + datetime.timedelta(days=7)

    client.post(
        reverse("actions:period-reopen", args=[closed_summer.pk]),
        {"reason": "More time", "closes_on": new_deadline.isoformat()},
    )

    closed_summer.refresh_from_db()
    assert closed_summer.closes_on == new_deadline


def test_reopening_a_bad_deadline_shows_the_error(client, alice, closed_summer):
    client.force_login(alice)

    response = client.post(
        reverse("actions:period-reopen", args=[closed_summer.pk]),
        {"reason": "More time", "closes_on": "soon"},
    )

    assert "Enter the new deadline as a real date" in text_of(response)


def test_reopening_while_another_period_is_open_says_which(client, alice, periods):
    client.force_login(alice)

    page = client.get(reverse("actions:period-reopen", args=[periods[1].pk]))
    response = client.post(reverse("actions:period-reopen", args=[periods[1].pk]), {"reason": "Fix"})

    assert "Close Summer term 2026 before reopening Spring term 2026" in text_of(page)
    assert "Summer term 2026 is open for updates" in text_of(response)
    periods[1].refresh_from_db()
    assert periods[1].state == "closed"


# --- Updates due ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["home", "actions:my-actions"])
def test_officers_see_updates_due_with_the_deadline_and_how_many_need_a_statement(
    client, olivia, summer, action, olivia_person, url_name
):
    f.make_action(action.objective, ref="1.1.c", leads=[olivia_person])
    deadline = today() + datetime.timedelta(days=10)
    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=deadline)
    client.force_login(olivia)

    text = text_of(client.get(reverse(url_name)))

    assert (
        f"Updates due by {deadline:%-d %B %Y} for Summer term 2026: "
        "2 of your actions need a position statement." in text
    )


def test_one_action_needs_a_statement_reads_naturally(client, olivia, summer, action):
    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=today())
    client.force_login(olivia)

    assert "1 of your actions needs a position statement." in text_of(client.get(reverse("home")))


def test_when_all_are_written_the_banner_says_so(client, olivia, summer, action):
    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=today() + datetime.timedelta(days=3))
    f.make_statement(action, summer, Rag.GREEN)
    client.force_login(olivia)

    assert "for Summer term 2026: all your actions are up to date." in text_of(client.get(reverse("home")))


def test_after_the_deadline_the_banner_says_it_has_passed(client, olivia, summer, action):
    client.force_login(olivia)

    text = text_of(client.get(reverse("actions:my-actions")))

    assert (
        "Updates for Summer term 2026 were due by 10 July 2026: the deadline has passed and 1 of your "
        "actions still needs a position statement." in text
    )


def test_no_banner_without_an_open_period_or_for_other_roles(client, olivia, bea, periods, action):
    client.force_login(bea)
    assert "Updates due" not in text_of(client.get(reverse("home")))

    ReportingPeriod.objects.filter(pk=periods[2].pk).update(state="closed")
    client.force_login(olivia)
    assert "Updates due" not in text_of(client.get(reverse("home")))


# --- Reminder opt-out --------------------------------------------------------------------------------


def test_a_person_turns_reminders_off_and_on_again(client, olivia, olivia_person):
    client.force_login(olivia)
    url = reverse("actions:reminder-settings")
    assert 'name="receives_reminders"' in client.get(url).content.decode()
    assert "checked" in client.get(url).content.decode()

    off = client.post(url, {}, follow=True)
    olivia_person.refresh_from_db()
    assert olivia_person.receives_reminders is False
    assert "You will not get reminder emails." in text_of(off)
    assert "checked" not in re.search(r"<input[^>]*receives_reminders[^>]*>", off.content.decode()).group()

    client.post(url, {"receives_reminders": "on"})
    olivia_person.refresh_from_db()
    assert olivia_person.receives_reminders is True


def test_the_home_page_links_to_the_reminder_setting(client, olivia):
    client.force_login(olivia)

    page = client.get(reverse("home")).content.decode()

    assert reverse("actions:reminder-settings") in page


@pytest.mark.parametrize("who", ["alice", "nora"])
def test_a_sign_in_without_a_person_is_told_why_and_nothing_changes(client, request, who):
    login(client, request, who)

    get = client.get(reverse("actions:reminder-settings"))
    post = client.post(reverse("actions:reminder-settings"), {})

    assert "Your sign-in is not linked to a person" in text_of(get)
    assert post.status_code == 200
    assert 'name="receives_reminders"' not in get.content.decode()


def test_a_lead_with_many_actions_shows_ten_and_links_to_the_rest(client, alice):
    """A large plan's progress page stays readable: each row lists ten actions, then links to the
    action list filtered to exactly that lead's missing (or written) statements."""
    plan, actions = f.make_large_plan(40, periods=2)
    open_period = plan.periods.get(state="open")
    PositionStatement.objects.filter(period=open_period, action__in=actions[:25]).delete()
    lead = actions[0].lead_people.get()
    client.force_login(alice)

    response = progress(client, open_period)

    row = next(r for r in response.context["page"].by_person if r.person == lead)
    missing = row.missing_count
    assert missing >= 25 and row.done_count == 40 - missing
    assert len(row.missing_shown) == 10 and row.missing_more == missing - 10
    page = html.unescape(response.content.decode())
    assert f"See all {missing} without a statement" in page
    assert f"the {40 - missing} actions {lead.name} leads with a statement" in text_of(response)
    assert row.done_url in page
    listed = client.get(row.missing_url)
    assert listed.status_code == 200
    assert listed.context["page_obj"].paginator.count == missing
    assert client.get(row.done_url).context["page_obj"].paginator.count == 40 - missing


def test_a_lead_partners_rest_opens_in_the_action_list_too(client, alice):
    plan, actions = f.make_large_plan(30, periods=2)
    open_period = plan.periods.get(state="open")
    PositionStatement.objects.filter(period=open_period).delete()
    client.force_login(alice)

    response = progress(client, open_period)

    row = next(r for r in response.context["page"].by_partner if r.partner is not None)
    assert row.missing_count == 30 and len(row.missing_shown) == 10
    assert client.get(row.missing_url).context["page_obj"].paginator.count == 30


def test_leads_come_25_a_page_most_missing_first(client, alice, summer, action, progress_world):
    """Hundreds of leads in a large area: GOV.UK pagination, the ones furthest behind on page 1, and
    a reminder sent from page 2 comes back to page 2."""
    objective = action.objective
    behind = f.make_person(name="Zed Furthest-Behind", email="zed@example.org")
    for n in range(3):
        f.make_action(objective, ref=f"9.{n}", leads=[behind])
    for n in range(28):
        f.make_action(
            objective, ref=f"8.{n}", leads=[f.make_person(name=f"Lead {n:02}", email=f"l{n}@example.org")]
        )
    client.force_login(alice)

    first = progress(client, summer)
    second = client.get(reverse("actions:period-progress", args=[summer.pk]) + "?page=2")

    shown = [row.person.name for row in first.context["page"].people_page]
    assert len(shown) == 25 and shown[0] == "Zed Furthest-Behind"
    assert len(first.context["page"].by_person) == 31  # Olivia, Pat, Zed and 28 more: counted whole
    later = [row.person.name for row in second.context["page"].people_page]
    assert len(later) == 6 and not set(later) & set(shown)
    assert "Showing 26 to 31 of 31 leads" in text_of(second)
    assert 'aria-label="Page 1"' in second.content.decode()
    person = second.context["page"].people_page[0].person
    assert 'name="page" value="2"' in second.content.decode()

    answer = client.post(remind_url(summer, person), {"page": "2"})

    assert answer.url.endswith(f"?page=2#lead-{person.pk}")


def test_a_page_of_leads_beyond_the_last_shows_the_last(client, alice, summer, progress_world):
    client.force_login(alice)

    response = client.get(reverse("actions:period-progress", args=[summer.pk]) + "?page=99")

    assert response.status_code == 200
    assert response.context["page"].people_page.number == 1


# --- Query budgets ------------------------------------------------------------------------------------

# Session, user and role (3) plus the page's own.
BUDGET = {"period-list": 5, "period-progress": 11, "period-settings": 4}


def budget_url(page, plan):
    period = plan.periods.get(state="open")
    return {
        "period-list": reverse("actions:period-list", args=[plan.pk]),
        "period-progress": reverse("actions:period-progress", args=[period.pk]),
        "period-settings": reverse("actions:period-settings", args=[period.pk]),
    }[page]


@pytest.mark.parametrize(("size", "periods"), [(10, 3), (500, 3), (50, 12)])
@pytest.mark.parametrize("page", list(BUDGET))
def test_period_pages_stay_within_their_query_budget(
    client, alice, django_assert_max_num_queries, page, size, periods
):
    """The same count at 10 and 500 actions, and at 3 and 12 reporting periods (the period list
    shows every period; progress compares the open period with the one before)."""
    plan, actions = f.make_large_plan(size, periods=periods)
    open_period = plan.periods.get(state="open")
    lead = actions[0].lead_people.get()
    Reminder.objects.create(person=lead, action=actions[0], period=open_period, kind="before")
    url = budget_url(page, plan)
    client.force_login(alice)

    with django_assert_max_num_queries(BUDGET[page]) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured) == BUDGET[page]
