"""A database migrated before the features had folders of their own migrates on with nothing lost.

The move changed no table (every model kept `app_label = "actions"`); the one migration since
points queued background tasks at their functions' new module paths.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from actions.cycle.models import PositionStatement, ReportingPeriod
from actions.importing.tasks import plan_import_read
from actions.plans.models import Action, Plan

BEFORE = [
    ("actions", "0005_ref_clash_messages"),
    ("django_tasks_database", "0021_conditional_partial_index_ordering"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _queued(apps, task_path: str):
    return apps.get_model("django_tasks_database", "DBTaskResult").objects.create(
        task_path=task_path,
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
        exception_class_path="",
        traceback="",
    )


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_feature_folders_migrates_with_its_plan_and_tasks():
    old = _migrate(BEFORE)
    plan = old.get_model("actions", "Plan").objects.create(title="Old plan", local_area="Fictionshire")
    priority = old.get_model("actions", "Priority").objects.create(plan=plan, ref="1", title="Inclusion")
    objective = old.get_model("actions", "Objective").objects.create(priority=priority, title="Earlier help")
    action = old.get_model("actions", "Action").objects.create(
        objective=objective, description="Train SENCOs"
    )
    period = old.get_model("actions", "ReportingPeriod").objects.create(
        plan=plan, name="Spring term", as_at=datetime.date(2026, 3, 31)
    )
    old.get_model("actions", "PositionStatement").objects.create(
        action=action, period=period, rag="amber", proposed_rag="amber", narrative="Two of five trained."
    )
    read = _queued(old, "actions.tasks.plan_import_read")
    remind = _queued(old, "actions.tasks.reminders_send_daily")
    other = _queued(old, "reports.tasks.pack_render")

    new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert Plan.objects.get().title == "Old plan"
    assert Action.objects.get().description == "Train SENCOs"
    statement = PositionStatement.objects.select_related("period").get()
    assert (statement.rag, statement.narrative) == ("amber", "Two of five trained.")
    assert statement.period == ReportingPeriod.objects.get(name="Spring term")
    tasks = new.get_model("django_tasks_database", "DBTaskResult").objects
    assert tasks.get(pk=read.pk).task_path == plan_import_read.module_path
    assert tasks.get(pk=remind.pk).task_path == "actions.cycle.tasks.reminders_send_daily"
    assert tasks.get(pk=other.pk).task_path == "reports.tasks.pack_render"


def test_the_moved_task_paths_name_the_tasks_where_they_now_live():
    from importlib import import_module

    moved = import_module("actions.migrations.0006_task_paths_after_feature_folders").MOVED
    for new_path in moved.values():
        module, _, name = new_path.rpartition(".")
        assert getattr(import_module(module), name).module_path == new_path
