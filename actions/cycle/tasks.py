"""Reminder emails in the background.

The worker (`python manage.py db_worker`, django-tasks-db) sends the day's reminders at 07:00 and
queues itself for 07:00 the next day. Without a worker, cron does the same:
`0 7 * * * .venv/bin/python manage.py send_reminders`.
"""

import datetime
import logging

from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .reminders import reminders_send

log = logging.getLogger(__name__)


REMINDER_HOUR = 7


def next_reminder_run(now=None):
    """The next 07:00, local time, after `now` (today's if it is still to come, else tomorrow's)."""
    now = timezone.localtime(now)
    today = timezone.make_aware(datetime.datetime.combine(now.date(), datetime.time(REMINDER_HOUR)))
    return today if today > now else tomorrow_reminder_run(now)


def reminders_waiting():
    """The run_after of a daily reminder task already queued (django-tasks-db), or None."""
    if not isinstance(reminders_send_daily.get_backend(), DatabaseBackend):
        return None
    waiting = (
        DBTaskResult.objects.filter(task_path=reminders_send_daily.module_path, status=TaskResultStatus.READY)
        .order_by("run_after")
        .first()
    )
    return waiting.run_after if waiting else None


def tomorrow_reminder_run(now=None):
    """07:00 tomorrow, local time."""
    tomorrow = timezone.localtime(now).date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(REMINDER_HOUR)))


def reminders_schedule(run_after=None):
    """Queue the daily reminder task (for the next 07:00 by default) unless one is already waiting.

    Returns (queued, when): when the queued or waiting task runs; (False, None) if the task backend
    cannot run tasks later (the tests' immediate backend).
    """
    waiting = reminders_waiting()
    if waiting is not None:
        return False, waiting
    if not reminders_send_daily.get_backend().supports_defer:
        return False, None
    run_after = run_after or next_reminder_run()
    reminders_send_daily.using(run_after=run_after).enqueue()
    return True, run_after


@task
def reminders_send_daily() -> int:
    """Send today's reminder emails, then queue tomorrow's run. Returns how many emails went."""
    try:
        sent = reminders_send()
        log.info("Sent %s reminder emails", len(sent))
    finally:
        # Queue tomorrow's run even if today's failed, so one bad day does not stop the reminders.
        # This run is RUNNING, not READY, so it does not count as waiting.
        reminders_schedule(tomorrow_reminder_run())
    return len(sent)
