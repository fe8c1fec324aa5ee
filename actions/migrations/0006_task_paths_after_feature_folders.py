"""Queued background tasks name their function by module path; the features' tasks moved from
actions/tasks.py to actions/importing/tasks.py and actions/cycle/tasks.py, so tasks already queued
(tomorrow's reminder run, an import still being read) are pointed at the new paths. No table changes."""

from django.db import migrations

MOVED = {
    "actions.tasks.plan_import_read": "actions.importing.tasks.plan_import_read",
    "actions.tasks.plan_import_save": "actions.importing.tasks.plan_import_save",
    "actions.tasks.reminders_send_daily": "actions.cycle.tasks.reminders_send_daily",
}


def forwards(apps, schema_editor):
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        tasks.objects.using(schema_editor.connection.alias).filter(task_path=old).update(task_path=new)


def backwards(apps, schema_editor):
    tasks = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in MOVED.items():
        tasks.objects.using(schema_editor.connection.alias).filter(task_path=new).update(task_path=old)


class Migration(migrations.Migration):
    dependencies = [
        ("actions", "0005_ref_clash_messages"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
