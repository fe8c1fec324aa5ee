"""python manage.py send_reminders: send the reminder emails due today (for cron, or by hand).

`--dry-run` lists who would get what and sends nothing; `--schedule` queues the daily task for the
worker (django-tasks-db) unless one is already waiting.
"""

from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize
from django.utils import timezone

from actions.cycle.reminders import reminders_due, reminders_send
from actions.cycle.tasks import reminders_schedule


class Command(BaseCommand):
    help = (
        "Send the reminder emails due today (position statements and measures' figures), list them, "
        "or schedule the daily task."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List who would be emailed; send nothing.")
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Queue the daily 07:00 reminder task for the worker, unless one is already waiting.",
        )

    def handle(self, *args, dry_run: bool, schedule: bool, **options):
        if schedule:
            queued, when = reminders_schedule()
            if when is None:
                self.stdout.write("The task backend cannot run tasks later; use cron instead.")
            elif queued:
                self.stdout.write(self.style.SUCCESS(f"Daily reminders scheduled: next run {_when(when)}."))
            else:
                self.stdout.write(f"Daily reminders are already scheduled: next run {_when(when)}.")
            return
        if dry_run:
            emails = reminders_due()
            for email in emails:
                self.stdout.write(f"{email.person.name} <{email.address}>: {email.subject}")
                for section in email.sections:
                    refs = ", ".join(item.action.ref or f"#{item.action.pk}" for item in section.items)
                    if refs:
                        self.stdout.write(f"  {section.period.name} ({section.kind}): {refs}")
                    for group in section.extras:
                        labels = "; ".join(item.label for item in group.items)
                        self.stdout.write(
                            f"  {section.period.name} ({section.kind}), {group.provider.noun}s: {labels}"
                        )
            self.stdout.write(f"Would send {len(emails)} reminder email{pluralize(len(emails))}.")
            return
        sent = reminders_send()
        actions = sum(email.action_count for email in sent)
        extras = sum(email.extra_count for email in sent)
        nouns = sorted({group.provider.noun for email in sent for s in email.sections for group in s.extras})
        about = f"{actions} action{pluralize(actions)}"
        if extras:
            about += f" and {extras} {' or '.join(nouns)}{pluralize(extras)}"
        self.stdout.write(
            self.style.SUCCESS(f"Sent {len(sent)} reminder email{pluralize(len(sent))} about {about}.")
        )


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"
