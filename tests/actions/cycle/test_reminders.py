"""Reminder emails: exactly the right people, one email each, never twice, the opt-out respected, the
kinds by date, the manual button, the email itself (locmem backend), the daily task and the command."""

import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from actions.cycle import reminders, services
from actions.cycle.models import Rag, Reminder, ReportingPeriod
from actions.roles import OFFICER
from tests import factories as f

DEADLINE = datetime.date(2026, 7, 10)  # the Summer term's "updates due by"
WEEK_BEFORE = datetime.date(2026, 7, 3)
DAY_AFTER = datetime.date(2026, 7, 11)


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.REMINDER_DAYS_BEFORE = 7
    settings.REMINDER_DAYS_AFTER = 1
    settings.SITE_URL = "https://sendplan.example.gov.uk/"


@pytest.fixture
def world(plan, periods, summer, action, other_action, olivia, olivia_person):
    """Who leads what in Summer, and who should be reminded.

    Olivia (email on her sign-in) leads `action` and `second` without statements and `done` with one;
    Pat (no sign-in, own email) leads `pats`; `partner_led` is led only by the Council, whose active
    officer Owen is reminded but not Peggy (no sign-in), Ivy (sign-in disabled) or Bob (board member).
    Nobody is reminded about `other_action` (no lead), `opted_out` (its lead turned reminders off),
    `no_email` (its lead has no address), the archived action or the one added after the as-at date.
    """
    olivia.email = "olivia@example.org"
    olivia.save()
    objective = action.objective
    council = f.make_partner(name="Exampleshire Council")
    pat = f.make_person(name="Pat Lead", email="pat@example.org")
    owen_person = f.make_person(name="Owen Officer", partner=council)
    f.make_user("owen", OFFICER, person=owen_person, email="owen@example.org")
    f.make_person(name="Peggy Partner", partner=council, email="peggy@example.org")
    ivy = f.make_person(name="Ivy Inactive", partner=council, email="ivy@example.org")
    f.make_user("ivy", OFFICER, person=ivy, is_active=False)
    bob = f.make_person(name="Bob Board", partner=council, email="bob@example.org")
    f.make_user("bob", "Board member", person=bob)
    quiet = f.make_person(name="Quinn Quiet", email="quinn@example.org", receives_reminders=False)
    nomail = f.make_person(name="Nell Nomail")

    actions = {
        "action": action,
        "second": f.make_action(objective, ref="1.1.c", leads=[olivia_person]),
        "done": f.make_action(objective, ref="1.1.d", leads=[olivia_person]),
        "pats": f.make_action(objective, ref="1.1.e", leads=[pat]),
        "partner_led": f.make_action(objective, ref="1.1.f", lead_partners=[council]),
        "opted_out": f.make_action(objective, ref="1.1.g", leads=[quiet]),
        "no_email": f.make_action(objective, ref="1.1.h", leads=[nomail]),
        "archived": f.make_action(objective, ref="1.1.i", leads=[olivia_person], is_archived=True),
        "late": f.make_action(
            objective, ref="1.1.j", leads=[olivia_person], created_at=f.aware(datetime.date(2026, 8, 2))
        ),
        # Led by a person and a partner: the person is reminded, not the partner's officers.
        "both": f.make_action(objective, ref="1.1.k", leads=[pat], lead_partners=[council]),
    }
    f.make_statement(actions["done"], summer, Rag.GREEN)
    f.make_statement(actions["action"], periods[1], Rag.AMBER)  # last term's does not count
    return actions


def summary(emails):
    """{address: {period name: sorted refs}} for comparing selections."""
    return {
        e.address: {s.period.name: sorted(i.action.ref for i in s.items) for s in e.sections} for e in emails
    }


EXPECTED = {
    "olivia@example.org": {"Summer term 2026": ["1.1.a", "1.1.c"]},
    "owen@example.org": {"Summer term 2026": ["1.1.f"]},
    "pat@example.org": {"Summer term 2026": ["1.1.e", "1.1.k"]},
}


# --- Selection ---------------------------------------------------------------------------------------


def test_reminders_go_to_exactly_the_leads_of_actions_without_a_statement(world):
    emails = reminders.reminders_due(WEEK_BEFORE)

    assert summary(emails) == EXPECTED
    assert {s.kind for e in emails for s in e.sections} == {Reminder.Kind.BEFORE_DEADLINE}


def test_each_person_gets_one_email_listing_all_their_actions(world, olivia_person):
    emails = reminders.reminders_due(WEEK_BEFORE)

    olivias = [e for e in emails if e.person == olivia_person]
    assert len(olivias) == 1
    assert olivias[0].action_count == 2


def test_a_lead_of_actions_in_two_plans_gets_one_email_with_both_periods(world, olivia_person):
    other_plan = f.make_plan(title="Otherside SEND Plan")
    other_period = f.make_period(
        other_plan, name="Otherside summer", as_at=datetime.date(2026, 7, 31), closes_on=DEADLINE
    )
    objective = f.make_objective(f.make_priority(other_plan))
    f.make_action(objective, ref="9.9.a", leads=[olivia_person])

    emails = [e for e in reminders.reminders_due(WEEK_BEFORE) if e.person == olivia_person]

    assert len(emails) == 1
    assert summary(emails)["olivia@example.org"] == {
        "Summer term 2026": ["1.1.a", "1.1.c"],
        other_period.name: ["9.9.a"],
    }
    assert emails[0].subject == "Reminder: position statements for 2 reporting periods"


def test_someone_who_turned_reminders_off_gets_none(world, olivia_person):
    olivia_person.receives_reminders = False
    olivia_person.save()

    assert "olivia@example.org" not in summary(reminders.reminders_due(WEEK_BEFORE))


def test_the_persons_own_address_wins_over_their_sign_ins(world, olivia_person):
    olivia_person.email = "olivia.officer@council.example"
    olivia_person.save()

    assert "olivia.officer@council.example" in summary(reminders.reminders_due(WEEK_BEFORE))


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (datetime.date(2026, 6, 1), None),
        (datetime.date(2026, 7, 2), None),  # eight days before
        (WEEK_BEFORE, Reminder.Kind.BEFORE_DEADLINE),
        (datetime.date(2026, 7, 6), Reminder.Kind.BEFORE_DEADLINE),
        (DEADLINE, Reminder.Kind.BEFORE_DEADLINE),
        (DAY_AFTER, Reminder.Kind.AFTER_DEADLINE),
        (datetime.date(2026, 8, 20), Reminder.Kind.AFTER_DEADLINE),
    ],
)
def test_the_kind_of_reminder_depends_on_the_date(world, today, kind):
    emails = reminders.reminders_due(today)

    assert {s.kind for e in emails for s in e.sections} == ({kind} if kind else set())


def test_the_days_before_and_after_are_settings(settings, world, summer):
    settings.REMINDER_DAYS_BEFORE = 2
    settings.REMINDER_DAYS_AFTER = 3

    assert reminders.kind_due(summer, datetime.date(2026, 7, 7)) is None
    assert reminders.kind_due(summer, datetime.date(2026, 7, 8)) == Reminder.Kind.BEFORE_DEADLINE
    assert reminders.kind_due(summer, datetime.date(2026, 7, 12)) is None
    assert reminders.kind_due(summer, datetime.date(2026, 7, 13)) == Reminder.Kind.AFTER_DEADLINE


def test_no_reminders_for_a_closed_period_or_one_without_a_deadline(world, summer):
    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=None)
    assert reminders.reminders_due(WEEK_BEFORE) == []

    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=DEADLINE, state="closed")
    assert reminders.reminders_due(DAY_AFTER) == []


# --- Sending, never twice -----------------------------------------------------------------------


def test_sending_records_each_reminder_and_running_again_sends_nothing(world, summer):
    sent = reminders.reminders_send(WEEK_BEFORE)

    assert len(sent) == len(mail.outbox) == 3
    assert Reminder.objects.filter(period=summer, kind="before").count() == 5
    assert reminders.reminders_send(WEEK_BEFORE) == []
    assert reminders.reminders_send(datetime.date(2026, 7, 8)) == []  # still before: already sent
    assert len(mail.outbox) == 3


def test_after_the_deadline_each_lead_is_reminded_once_more(world, summer):
    reminders.reminders_send(WEEK_BEFORE)

    assert summary(reminders.reminders_send(DAY_AFTER)) == EXPECTED
    assert reminders.reminders_send(datetime.date(2026, 7, 12)) == []
    assert len(mail.outbox) == 6
    assert Reminder.objects.filter(period=summer, kind="after").count() == 5


def test_a_statement_written_after_the_first_reminder_stops_the_second(world, summer, alice):
    reminders.reminders_send(WEEK_BEFORE)
    services.position_statement_record(
        user=alice, action=world["second"], period=summer, rag=Rag.GREEN, narrative="Done now."
    )

    emails = reminders.reminders_send(DAY_AFTER)

    assert summary(emails)["olivia@example.org"] == {"Summer term 2026": ["1.1.a"]}


def test_an_action_given_a_lead_later_is_reminded_on_the_next_run(world, other_action, olivia_person):
    reminders.reminders_send(WEEK_BEFORE)
    other_action.lead_people.add(olivia_person)

    emails = reminders.reminders_send(datetime.date(2026, 7, 4))

    assert summary(emails) == {"olivia@example.org": {"Summer term 2026": ["1.1.b"]}}


def test_the_reminder_rows_are_written_before_the_email_is_sent(world, monkeypatch):
    seen = []

    def send(message, *args, **kwargs):
        seen.append(Reminder.objects.filter(person__name="Pat Lead").count())
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", send)
    reminders.reminders_send(WEEK_BEFORE)

    assert 2 in seen


def test_a_failed_send_forgets_its_rows_so_the_next_run_sends_it(world, monkeypatch):
    def broken(message, *args, **kwargs):
        raise OSError("SMTP server unreachable")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
        assert reminders.reminders_send(WEEK_BEFORE) == []
    assert not Reminder.objects.exists()

    assert summary(reminders.reminders_send(WEEK_BEFORE)) == EXPECTED


def test_an_email_claimed_by_another_run_is_not_sent_again(world, olivia_person, summer):
    emails = reminders.reminders_due(WEEK_BEFORE)
    olivias = next(e for e in emails if e.person == olivia_person)
    # Another run (cron and the worker at once) claimed one of Olivia's reminders meanwhile.
    Reminder.objects.create(person=olivia_person, action=world["action"], period=summer, kind="before")

    assert reminders.send_one(olivias) is False
    assert mail.outbox == []


# --- The email -----------------------------------------------------------------------------------


def test_the_email_lists_each_action_with_its_link_and_the_deadline(world, summer):
    reminders.reminders_send(WEEK_BEFORE)

    message = next(m for m in mail.outbox if m.to == ["olivia@example.org"])
    assert message.subject == "Reminder: position statements for Summer term 2026 are due by 10 July 2026"
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    for ref in ("action", "second"):
        link = f"https://sendplan.example.gov.uk/actions/{world[ref].pk}/periods/{summer.pk}/statement/"
        assert link in message.body
        assert f'href="{link}"' in html
        assert world[ref].ref in message.body and world[ref].ref in html
    assert "1.1.d" not in message.body  # done
    assert "Position statements are due by 10 July 2026." in message.body
    assert "Dear Olivia Officer" in message.body
    assert "Exampleshire SEND Action Plan" in message.body
    assert "https://sendplan.example.gov.uk/account/reminders/" in message.body
    assert "&amp;" not in message.body and "&#x27;" not in message.body  # plain text is not escaped


def test_the_email_after_the_deadline_says_it_has_passed(world):
    reminders.reminders_send(DAY_AFTER)

    message = next(m for m in mail.outbox if m.to == ["pat@example.org"])
    assert message.subject == "Overdue: position statements for Summer term 2026 were due by 10 July 2026"
    assert "Position statements were due by 10 July 2026." in message.body
    assert "2 actions you lead have no position statement yet" in message.body


def test_html_in_an_action_description_is_escaped_in_the_html_email(world, summer):
    world["pats"].description = "<script>alert(1)</script> Train staff"
    world["pats"].save()

    reminders.reminders_send(WEEK_BEFORE)

    message = next(m for m in mail.outbox if m.to == ["pat@example.org"])
    assert "<script>" not in message.alternatives[0][0]
    assert "&lt;script&gt;" in message.alternatives[0][0]


# --- The "Send reminder" button -------------------------------------------------------------------


def test_a_manual_reminder_lists_the_persons_actions_without_a_statement(world, alice, olivia_person, summer):
    outcome = services.period_remind_person(user=alice, period=summer, person=olivia_person)

    assert outcome.sent
    assert outcome.message == "Reminder sent to Olivia Officer (olivia@example.org) about 2 actions."
    assert [m.to for m in mail.outbox] == [["olivia@example.org"]]
    rows = Reminder.objects.filter(kind="manual")
    assert sorted(r.action.ref for r in rows) == ["1.1.a", "1.1.c"]
    assert {r.sent_by for r in rows} == {alice}


def test_a_second_manual_reminder_says_they_have_all_been_sent(world, alice, olivia_person, summer):
    services.period_remind_person(user=alice, period=summer, person=olivia_person)

    outcome = services.period_remind_person(user=alice, period=summer, person=olivia_person)

    assert not outcome.sent
    assert "already been sent a reminder about each of their 2 actions" in outcome.message
    assert len(mail.outbox) == 1


def test_a_manual_reminder_after_a_new_action_covers_only_that_one(world, alice, olivia_person, summer):
    services.period_remind_person(user=alice, period=summer, person=olivia_person)
    new = f.make_action(world["action"].objective, ref="1.1.z", leads=[olivia_person])

    outcome = services.period_remind_person(user=alice, period=summer, person=olivia_person)

    assert outcome.sent
    assert [i.action for i in outcome.email.sections[0].items] == [new]


def test_the_automatic_reminders_still_go_after_a_manual_one(world, alice, olivia_person, summer):
    services.period_remind_person(user=alice, period=summer, person=olivia_person)

    assert "olivia@example.org" in summary(reminders.reminders_send(WEEK_BEFORE))


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("quiet", "Quinn Quiet has turned reminder emails off"),
        ("nomail", "Nell Nomail has no email address"),
        ("done", "has a position statement for every action they lead"),
    ],
)
def test_a_manual_reminder_that_cannot_go_says_why(world, alice, summer, who, message):
    person = {
        "quiet": world["opted_out"].lead_people.get(),
        "nomail": world["no_email"].lead_people.get(),
        "done": f.make_person(name="Dora Done", email="dora@example.org"),
    }[who]
    if who == "done":
        world["done"].lead_people.add(person)

    outcome = services.period_remind_person(user=alice, period=summer, person=person)

    assert not outcome.sent
    assert message in outcome.message
    assert mail.outbox == []


def test_only_plan_administrators_send_manual_reminders(world, olivia, olivia_person, summer):
    with pytest.raises(PermissionDenied):
        services.period_remind_person(user=olivia, period=summer, person=olivia_person)

    assert mail.outbox == []


def test_no_manual_reminder_for_a_closed_period(world, alice, olivia_person, periods):
    with pytest.raises(ValidationError):
        services.period_remind_person(user=alice, period=periods[1], person=olivia_person)


# --- The daily task and the command ---------------------------------------------------------------


def test_the_daily_task_sends_then_queues_itself_for_seven_tomorrow(settings, world, summer):
    from django.tasks import default_task_backend
    from django.utils import timezone

    from actions.cycle.tasks import reminders_send_daily

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=timezone.localdate())

    assert reminders_send_daily.call() == 3

    queued = default_task_backend.results
    assert [r.task.name for r in queued] == ["reminders_send_daily"]
    run_after = timezone.localtime(queued[0].task.run_after)
    assert run_after.date() == timezone.localdate() + datetime.timedelta(days=1)
    assert (run_after.hour, run_after.minute) == (7, 0)


def test_schedule_queues_the_daily_task_once(settings, db):
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    first, second = io.StringIO(), io.StringIO()

    call_command("send_reminders", "--schedule", stdout=first)
    call_command("send_reminders", "--schedule", stdout=second)

    waiting = DBTaskResult.objects.filter(task_path="actions.cycle.tasks.reminders_send_daily")
    assert waiting.count() == 1
    assert waiting.get().status == TaskResultStatus.READY
    assert "Daily reminders scheduled" in first.getvalue()
    assert "already scheduled" in second.getvalue()


def test_schedule_explains_when_the_task_backend_cannot_run_tasks_later(db):
    out = io.StringIO()

    call_command("send_reminders", "--schedule", stdout=out)

    assert "use cron" in out.getvalue()


def test_the_next_run_is_seven_today_if_still_to_come_else_tomorrow():
    from django.utils import timezone

    from actions.cycle.tasks import next_reminder_run

    early = timezone.make_aware(datetime.datetime(2026, 7, 3, 6, 30))
    late = timezone.make_aware(datetime.datetime(2026, 7, 3, 7, 0))

    assert timezone.localtime(next_reminder_run(early)) == timezone.make_aware(
        datetime.datetime(2026, 7, 3, 7)
    )
    assert timezone.localtime(next_reminder_run(late)) == timezone.make_aware(
        datetime.datetime(2026, 7, 4, 7)
    )


def test_the_command_sends_todays_reminders(world, summer):
    from django.utils import timezone

    ReportingPeriod.objects.filter(pk=summer.pk).update(
        closes_on=timezone.localdate() + datetime.timedelta(3)
    )
    out = io.StringIO()

    call_command("send_reminders", stdout=out)

    assert "Sent 3 reminder emails about 5 actions." in out.getvalue()
    assert len(mail.outbox) == 3


def test_the_dry_run_lists_who_would_get_what_and_sends_nothing(world, summer):
    from django.utils import timezone

    ReportingPeriod.objects.filter(pk=summer.pk).update(closes_on=timezone.localdate())
    out = io.StringIO()

    call_command("send_reminders", "--dry-run", stdout=out)

    text = out.getvalue()
    assert "Olivia Officer <olivia@example.org>" in text
    assert "Summer term 2026 (before): 1.1.a, 1.1.c" in text
    assert "Would send 3 reminder emails." in text
    assert mail.outbox == []
    assert not Reminder.objects.exists()
