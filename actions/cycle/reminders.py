"""Reminder emails to the leads of actions that have no position statement in an open period.

When (for each open period with an "updates due by" date, settings in sendplan/settings.py):
- "before the deadline" from REMINDER_DAYS_BEFORE days before it up to the deadline itself;
- "after the deadline" from REMINDER_DAYS_AFTER days after it, for as long as the period is open;
- "manual" when a plan administrator presses "Send reminder" on the period's progress page.

Who: the lead people of each live action already in the plan on the period's as-at date that has no
statement in it; for an action led only by organisations, their people with an active officer
sign-in. Only people with an email address (their own, else their sign-in's) who have not turned
reminders off (`Person.receives_reminders`). One email per person, listing all their actions.

What else: features above the cycle add what a person still owes besides statements (impact
measures: a figure for the period) through `extensions.register_reminder_items`; those items join the
same email, and a person who owes only those gets an email too.

Never twice: a `Reminder` row (unique person, action, period, kind) is written and committed before
the email is sent. A crash between the two loses that email rather than ever sending it twice (at
most once); a send that fails with an error deletes its rows, so the next run tries it again. Two
runs at once cannot both claim the same row: the second's insert fails on the unique constraint and
it skips that email. The extra items' providers record theirs in their own table (for measures,
`MeasureReminder`) in the same transaction, on the same terms.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from actions.cycle.extensions import ReminderGroup, ReminderProvider, reminder_providers
from actions.cycle.models import PositionStatement, Reminder, ReportingPeriod
from actions.plans.models import Action
from actions.roles import OFFICER
from partners.models import Person

log = logging.getLogger(__name__)

Kind = Reminder.Kind


def absolute_url(path: str) -> str:
    """A link for an email: SITE_URL (scheme and host, no trailing slash needed) plus the path."""
    return settings.SITE_URL.rstrip("/") + path


def statement_link(action: Action, period: ReportingPeriod) -> str:
    return absolute_url(reverse("actions:statement-form", args=[action.pk, period.pk]))


def kind_due(period: ReportingPeriod, today: datetime.date) -> str | None:
    """Which automatic reminder an open period calls for today, if any."""
    if not period.is_open or period.closes_on is None:
        return None
    if period.opens_on and today < period.opens_on:
        return None
    if today >= period.closes_on + datetime.timedelta(days=settings.REMINDER_DAYS_AFTER):
        return Kind.AFTER_DEADLINE
    if period.closes_on - datetime.timedelta(days=settings.REMINDER_DAYS_BEFORE) <= today <= period.closes_on:
        return Kind.BEFORE_DEADLINE
    return None


@dataclass
class ReminderAction:
    action: Action
    link: str


@dataclass
class PeriodReminder:
    """The part of an email about one period: its actions still without a statement, then what the
    registered providers add (`extras`, one group per provider)."""

    period: ReportingPeriod
    kind: str
    deadline_passed: bool
    items: list[ReminderAction] = field(default_factory=list)
    extras: list[ReminderGroup] = field(default_factory=list)

    def group_for(self, provider: ReminderProvider) -> ReminderGroup:
        group = next((g for g in self.extras if g.provider is provider), None)
        if group is None:
            group = ReminderGroup(provider)
            self.extras.append(group)
        return group


@dataclass
class ReminderEmail:
    """One email to one person."""

    person: Person
    address: str
    sections: list[PeriodReminder] = field(default_factory=list)

    @property
    def action_count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def extra_count(self) -> int:
        """The providers' items (for example measures without a figure)."""
        return sum(len(g.items) for s in self.sections for g in s.extras)

    @property
    def subject(self) -> str:
        overdue = any(s.deadline_passed for s in self.sections)
        # "Updates" when the email asks for no position statement, only what the providers add.
        what = "position statements" if self.action_count else "updates"
        if len(self.sections) > 1:
            prefix = "Overdue" if overdue else "Reminder"
            return f"{prefix}: {what} for {len(self.sections)} reporting periods"
        section = self.sections[0]
        period = section.period
        if period.closes_on is None:
            return f"Reminder: {what} for {period.name} are due"
        deadline = f"{period.closes_on:%-d %B %Y}"
        if overdue:
            return f"Overdue: {what} for {period.name} were due by {deadline}"
        return f"Reminder: {what} for {period.name} are due by {deadline}"


def email_address(person: Person) -> str:
    """Their own address, else their (active) sign-in's. Reads `person.user`: select_related it."""
    if person.email:
        return person.email
    user = person.user if person.user_id else None
    return user.email if user is not None and user.is_active and user.email else ""


def _missing_actions(period: ReportingPeriod):
    """Live actions of the period's plan, in it by the as-at date, with no statement in the period."""
    stated = PositionStatement.objects.filter(action=OuterRef("pk"), period=period).given()
    return (
        Action.objects.live()
        .for_plan(period.plan_id)
        .existing_at(period.as_at)
        .filter(~Exists(stated))
        .in_plan_order()
    )


def _section(
    email: ReminderEmail, period: ReportingPeriod, kind: str, deadline_passed: bool
) -> PeriodReminder:
    """The email's part about `period`, added if missing (periods are visited one after another)."""
    if not email.sections or email.sections[-1].period.pk != period.pk:
        email.sections.append(PeriodReminder(period, kind, deadline_passed))
    return email.sections[-1]


def reminders_due(today: datetime.date | None = None) -> list[ReminderEmail]:
    """Every automatic reminder email due today, one per person, nothing already sent.

    Queries: 1 for the periods, then 5 per period due (actions, their leads, their lead partners,
    those partners' officers, reminders already sent) plus each reminder provider's fixed number
    (measures: 2), whatever the number of actions or measures.
    """
    today = today or timezone.localdate()
    periods = ReportingPeriod.objects.open().filter(closes_on__isnull=False).select_related("plan")
    emails: dict[int, ReminderEmail] = {}
    for period in periods.order_by("closes_on", "pk"):
        kind = kind_due(period, today)
        if kind is None or period.closes_on is None:  # no deadline: kind_due has said None already
            continue
        actions = list(
            _missing_actions(period).prefetch_related(
                Prefetch("lead_people", queryset=Person.objects.select_related("user")), "lead_partners"
            )
        )
        deadline_passed = today > period.closes_on
        _add_extras(emails, period, kind, deadline_passed)
        if not actions:
            continue
        partner_ids = {p.pk for a in actions if not a.lead_people.all() for p in a.lead_partners.all()}
        officers: dict[int | None, list[Person]] = {}
        if partner_ids:
            for person in (
                Person.objects.filter(
                    partner_id__in=partner_ids, user__is_active=True, user__groups__name=OFFICER
                )
                .select_related("user")
                .distinct()
            ):
                officers.setdefault(person.partner_id, []).append(person)
        already = set(Reminder.objects.filter(period=period, kind=kind).values_list("person_id", "action_id"))
        for action in actions:
            recipients = list(action.lead_people.all())
            if not recipients:
                recipients = [
                    p for partner in action.lead_partners.all() for p in officers.get(partner.pk, [])
                ]
            for person in {p.pk: p for p in recipients}.values():
                if not person.receives_reminders or (person.pk, action.pk) in already:
                    continue
                address = email_address(person)
                if not address:
                    continue
                email = emails.setdefault(person.pk, ReminderEmail(person=person, address=address))
                section = _section(email, period, kind, deadline_passed)
                section.items.append(ReminderAction(action, statement_link(action, period)))
    return sorted(emails.values(), key=lambda e: (e.person.name, e.person.pk))


def _add_extras(
    emails: dict[int, ReminderEmail], period: ReportingPeriod, kind: str, deadline_passed: bool
) -> None:
    """The registered providers' items for the period (extensions.py), into each person's email."""
    for provider in reminder_providers():
        for item in provider.due(period, kind):
            person = item.person
            if not person.receives_reminders:
                continue
            address = email_address(person)
            if not address:
                continue
            email = emails.setdefault(person.pk, ReminderEmail(person=person, address=address))
            _section(email, period, kind, deadline_passed).group_for(provider).items.append(item)


def reminder_message(email: ReminderEmail) -> EmailMultiAlternatives:
    """The email: plain text with a simple HTML alternative (templates/email/)."""
    context = {
        "email": email,
        "person": email.person,
        "sections": email.sections,
        "site_name": settings.SITE_NAME,
        "settings_link": absolute_url(reverse("actions:reminder-settings")),
    }
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=render_to_string("email/reminder.txt", context),
        to=[email.address],
    )
    message.attach_alternative(render_to_string("email/reminder.html", context), "text/html")
    return message


def _claim(email: ReminderEmail, sent_by) -> bool:
    """Write the email's Reminder rows (committed before sending). False: another run has them."""
    rows = [
        Reminder(
            person=email.person, action=item.action, period=section.period, kind=section.kind, sent_by=sent_by
        )
        for section in email.sections
        for item in section.items
    ]
    try:
        with transaction.atomic():
            Reminder.objects.bulk_create(rows)
            for section in email.sections:
                for group in section.extras:
                    group.provider.claim(
                        group.items, period=section.period, kind=section.kind, sent_by=sent_by
                    )
    except IntegrityError:
        return False
    return True


def _release(email: ReminderEmail) -> None:
    """The send failed: forget its rows so the next run sends it."""
    for section in email.sections:
        Reminder.objects.filter(
            person=email.person,
            period=section.period,
            kind=section.kind,
            action__in=[item.action.pk for item in section.items],
        ).delete()
        for group in section.extras:
            group.provider.release(group.items, period=section.period, kind=section.kind)


def send_one(email: ReminderEmail, *, sent_by=None) -> bool:
    """Claim, then send. True when the email went; False when claimed elsewhere or the send failed."""
    if not _claim(email, sent_by):
        log.info("Reminder to %s already claimed by another run", email.person)
        return False
    try:
        reminder_message(email).send()
    except Exception:
        log.exception("Sending the reminder to %s failed; it will be tried again", email.address)
        _release(email)
        return False
    return True


def reminders_send(today: datetime.date | None = None) -> list[ReminderEmail]:
    """Send every automatic reminder due today. Returns the emails sent."""
    return [email for email in reminders_due(today) if send_one(email)]


@dataclass
class ManualOutcome:
    sent: bool
    message: str
    email: ReminderEmail | None = None


def reminders_send_manual(*, user, period: ReportingPeriod, person: Person, today=None) -> ManualOutcome:
    """A plan administrator's reminder to one lead about their actions still without a statement, and
    whatever the registered providers say they still owe (for example measures without a figure).

    Only about what has not already been the subject of a manual reminder this period (never twice).
    Callers check the user may (services.period_remind_person).
    """
    today = today or timezone.localdate()
    missing = list(_missing_actions(period).filter(lead_people=person))
    extras = [
        ReminderGroup(provider, items)
        for provider in reminder_providers()
        if (items := provider.due(period, Kind.MANUAL, person=person))
    ]
    name = person.name
    if not missing and not extras:
        return ManualOutcome(
            False, f"{name} has a position statement for every action they lead in {period.name}."
        )
    if not person.receives_reminders:
        return ManualOutcome(False, f"{name} has turned reminder emails off, so no reminder was sent.")
    address = email_address(person)
    if not address:
        return ManualOutcome(
            False, f"{name} has no email address, so no reminder was sent. Add one to their record in People."
        )
    already = set(
        Reminder.objects.filter(person=person, period=period, kind=Kind.MANUAL).values_list(
            "action_id", flat=True
        )
    )
    to_remind = [a for a in missing if a.pk not in already]
    if not to_remind and not extras:
        return ManualOutcome(
            False,
            f"{name} has already been sent a reminder about each of their {len(missing)} "
            f"action{pluralize(len(missing))} without a statement.",
        )
    deadline_passed = bool(period.closes_on and today > period.closes_on)
    section = PeriodReminder(
        period,
        Kind.MANUAL,
        deadline_passed,
        [ReminderAction(a, statement_link(a, period)) for a in to_remind],
        extras,
    )
    email = ReminderEmail(person=person, address=address, sections=[section])
    if not send_one(email, sent_by=user):
        return ManualOutcome(False, f"The reminder to {name} could not be sent. Try again later.")
    about = [f"{len(to_remind)} action{pluralize(len(to_remind))}"] if to_remind else []
    about += [f"{len(g.items)} {g.provider.noun}{pluralize(len(g.items))}" for g in extras]
    return ManualOutcome(True, f"Reminder sent to {name} ({address}) about {' and '.join(about)}.", email)
