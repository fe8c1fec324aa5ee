"""Reminder emails include measures: a measure's lead whose measure has no figure in an open period
gets it listed in the same email as their actions (one email per person), never twice, and a lead
of measures only is reminded too. Each measure links to the form for its figure."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from actions.cycle import reminders, services
from actions.cycle.models import Rag, Reminder
from actions.measures import sections
from actions.measures.models import MeasureReminder, MeasureValue
from tests import factories as f

from .conftest import make_measure

WEEK_BEFORE = datetime.date(2026, 7, 3)  # Summer's "updates due by" is 10 July 2026
DAY_AFTER = datetime.date(2026, 7, 11)


@pytest.fixture(autouse=True)
def _reminder_settings(settings):
    settings.REMINDER_DAYS_BEFORE = 7
    settings.REMINDER_DAYS_AFTER = 1
    settings.SITE_URL = "https://sendplan.example.gov.uk/"


def _figure(measure, period):
    return MeasureValue.objects.create(
        measure=measure,
        period=period,
        value=Decimal(50),
        refers_to=datetime.date(2026, 7, 1),
        rag=Rag.GREEN,
        proposed_rag=Rag.GREEN,
    )


@pytest.fixture
def world(plan, periods, summer, action, olivia, olivia_person):
    """Olivia (email on her sign-in) leads `action` (no Summer statement), `ehcp` (no figure) and
    `satisfaction` (its figure entered). Pat leads no action, only `waiting` (no figure). Nobody is
    reminded about `quiet` (its lead turned reminders off), `nomail` (its lead has no address) or
    `unled` (no lead person)."""
    olivia.email = "olivia@example.org"
    olivia.save()
    pat = f.make_person(name="Pat Lead", email="pat@example.org")
    quinn = f.make_person(name="Quinn Quiet", email="quinn@example.org", receives_reminders=False)
    measures = {
        "ehcp": make_measure(plan, lead=olivia_person, name="New EHC plans issued within 20 weeks"),
        "satisfaction": make_measure(plan, lead=olivia_person, name="Parent carer satisfaction"),
        "waiting": make_measure(plan, lead=pat, name="Therapy waiting times"),
        "quiet": make_measure(plan, lead=quinn, name="Persistent absence"),
        "nomail": make_measure(plan, lead=f.make_person(name="Nell Nomail"), name="Suspensions"),
        "unled": make_measure(plan, name="High-needs deficit"),
    }
    _figure(measures["satisfaction"], summer)
    return measures


def summary(emails):
    """{address: {period name: (action refs, measure names)}}."""
    return {
        e.address: {
            s.period.name: (
                sorted(i.action.ref for i in s.items),
                sorted(i.label for g in s.extras for i in g.items),
            )
            for s in e.sections
        }
        for e in emails
    }


def test_reminders_list_each_leads_measures_without_a_figure_with_their_actions(world):
    assert summary(reminders.reminders_due(WEEK_BEFORE)) == {
        "olivia@example.org": {"Summer term 2026": (["1.1.a"], ["New EHC plans issued within 20 weeks"])},
        "pat@example.org": {"Summer term 2026": ([], ["Therapy waiting times"])},
    }


def test_the_email_lists_the_measures_after_the_actions_in_one_email(world, summer):
    reminders.reminders_send(WEEK_BEFORE)

    (message,) = [m for m in mail.outbox if m.to == ["olivia@example.org"]]
    assert message.subject == "Reminder: position statements for Summer term 2026 are due by 10 July 2026"
    body = message.body
    assert "1 action you lead has no position statement yet" in body
    assert "1 measure you lead has no figure for this reporting period yet:" in body
    link = "https://sendplan.example.gov.uk" + reverse(
        "actions:measure-figure", args=[world["ehcp"].pk, summer.pk]
    )
    assert f"- New EHC plans issued within 20 weeks\n  Enter the figure: {link}\n" in body
    assert body.index("1.1.a") < body.index("New EHC plans issued within 20 weeks")
    assert "Parent carer satisfaction" not in body  # its figure is in
    html = message.alternatives[0][0]
    assert f'<a href="{link}">New EHC plans issued within 20 weeks</a>' in html
    assert "1 measure you lead has no figure" in html


def test_a_measure_lead_with_no_actions_is_reminded_too(world):
    reminders.reminders_send(WEEK_BEFORE)

    (message,) = [m for m in mail.outbox if m.to == ["pat@example.org"]]
    assert message.subject == "Reminder: updates for Summer term 2026 are due by 10 July 2026"
    assert "Updates are due by 10 July 2026." in message.body
    assert "Therapy waiting times" in message.body
    assert "position statement" not in message.body


def test_sending_records_each_measure_and_running_again_sends_nothing(world, summer):
    sent = reminders.reminders_send(WEEK_BEFORE)

    assert len(sent) == 2
    rows = MeasureReminder.objects.filter(period=summer, kind=Reminder.Kind.BEFORE_DEADLINE)
    assert sorted(rows.values_list("measure__name", "person__name")) == [
        ("New EHC plans issued within 20 weeks", "Olivia Officer"),
        ("Therapy waiting times", "Pat Lead"),
    ]

    mail.outbox.clear()
    assert reminders.reminders_send(datetime.date(2026, 7, 5)) == []
    assert mail.outbox == []


def test_after_the_deadline_each_measure_lead_is_reminded_once_more(world):
    reminders.reminders_send(WEEK_BEFORE)
    mail.outbox.clear()

    reminders.reminders_send(DAY_AFTER)

    (message,) = [m for m in mail.outbox if m.to == ["pat@example.org"]]
    assert message.subject == "Overdue: updates for Summer term 2026 were due by 10 July 2026"
    assert "Updates were due by 10 July 2026." in message.body
    assert reminders.reminders_send(datetime.date(2026, 7, 12)) == []


def test_a_figure_entered_after_the_first_reminder_stops_the_second(world, summer):
    reminders.reminders_send(WEEK_BEFORE)
    _figure(world["waiting"], summer)
    mail.outbox.clear()

    reminders.reminders_send(DAY_AFTER)

    assert [m.to for m in mail.outbox] == [["olivia@example.org"]]


def test_a_failed_send_forgets_its_measure_rows_so_the_next_run_sends_it(world, monkeypatch):
    def broken(self, *args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", broken)
    assert reminders.reminders_send(WEEK_BEFORE) == []
    assert not MeasureReminder.objects.exists()

    monkeypatch.undo()
    assert len(reminders.reminders_send(WEEK_BEFORE)) == 2


def test_an_email_whose_measure_another_run_has_claimed_is_not_sent(world, summer):
    (pats,) = [e for e in reminders.reminders_due(WEEK_BEFORE) if e.address == "pat@example.org"]
    MeasureReminder.objects.create(
        person=pats.person, measure=world["waiting"], period=summer, kind=Reminder.Kind.BEFORE_DEADLINE
    )

    assert reminders.send_one(pats) is False
    assert mail.outbox == []


def test_html_in_a_measure_name_is_escaped_in_the_html_email(world):
    world["waiting"].name = "<script>alert(1)</script> Waiting times"
    world["waiting"].save()

    reminders.reminders_send(WEEK_BEFORE)

    (message,) = [m for m in mail.outbox if m.to == ["pat@example.org"]]
    assert "<script>" not in message.alternatives[0][0]
    assert "&lt;script&gt;" in message.alternatives[0][0]


# --- The "Send reminder" button -------------------------------------------------------------------


def test_a_manual_reminder_covers_the_persons_actions_and_measures(world, alice, olivia_person, summer):
    outcome = services.period_remind_person(user=alice, period=summer, person=olivia_person)

    assert outcome.sent
    assert (
        outcome.message
        == "Reminder sent to Olivia Officer (olivia@example.org) about 1 action and 1 measure."
    )
    assert "New EHC plans issued within 20 weeks" in mail.outbox[0].body
    assert MeasureReminder.objects.get(kind=Reminder.Kind.MANUAL).sent_by == alice


def test_a_second_manual_reminder_sends_nothing_again(world, alice, olivia_person, summer):
    services.period_remind_person(user=alice, period=summer, person=olivia_person)

    outcome = services.period_remind_person(user=alice, period=summer, person=olivia_person)

    assert not outcome.sent
    assert len(mail.outbox) == 1


def test_a_manual_reminder_to_a_lead_of_measures_only(world, alice, summer):
    pat = world["waiting"].lead_person

    outcome = services.period_remind_person(user=alice, period=summer, person=pat)

    assert outcome.message == "Reminder sent to Pat Lead (pat@example.org) about 1 measure."


def test_a_manual_reminder_to_a_lead_of_measures_who_turned_reminders_off_says_so(world, alice, summer):
    outcome = services.period_remind_person(user=alice, period=summer, person=world["quiet"].lead_person)

    assert outcome.message == "Quinn Quiet has turned reminder emails off, so no reminder was sent."


# --- Cost ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [2, 30])
def test_the_measures_reminder_items_cost_one_query_whatever_their_number(
    plan, periods, summer, django_assert_num_queries, n
):
    for i in range(n):
        make_measure(plan, lead=f.make_person(name=f"Lead {i}", email=f"lead{i}@example.org"), name=f"M {i}")

    with django_assert_num_queries(1):
        items = sections.REMINDERS.due(summer, Reminder.Kind.BEFORE_DEADLINE)

    assert len(items) == n
    assert all(item.person.email for item in items)


def test_the_command_lists_and_counts_the_measures_it_reminds_about(world, summer):
    from django.utils import timezone

    from actions.cycle.models import ReportingPeriod

    ReportingPeriod.objects.filter(pk=summer.pk).update(
        closes_on=timezone.localdate() + datetime.timedelta(3)
    )
    listed, sent = io.StringIO(), io.StringIO()

    call_command("send_reminders", "--dry-run", stdout=listed)
    call_command("send_reminders", stdout=sent)

    assert "Therapy waiting times" in listed.getvalue()
    assert "New EHC plans issued within 20 weeks" in listed.getvalue()
    assert "Would send 2 reminder emails." in listed.getvalue()
    assert "Sent 2 reminder emails about 1 action and 2 measures." in sent.getvalue()
