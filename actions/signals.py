"""Every change to a plan, or to anything in it, bumps the plan's revision.

Cached dashboards and period states are keyed by the revision, so no cache can outlive a change,
whether it came through a service, the admin or an import. Bulk writes (demo, seed, import) that
skip signals call `plans_touch` themselves, and so does a writer that saves many items one by one
inside `revisions_deferred()`, so that the plan is bumped once rather than once per save.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from partners.models import Partner, Person

from .models import Action, Objective, Plan, PositionStatement, Priority, ReportingPeriod

# Per thread and per async task, so a deferring import never silences another request's saves.
_deferred: ContextVar[bool] = ContextVar("plan_revisions_deferred", default=False)


def plans_touch(plan_ids=None) -> None:
    """Bump the revision of these plans (all plans when None)."""
    plans = Plan.objects.all() if plan_ids is None else Plan.objects.filter(pk__in=plan_ids)
    plans.update(revision=F("revision") + 1)


@contextmanager
def revisions_deferred() -> Iterator[None]:
    """Saves and many-to-many changes inside the block bump no revision (and cost no query for it).

    The caller must `plans_touch` every plan it changed once the block is done: all plans if it
    changed a person or partner (their names show on every plan), not for a new one (on no plan yet).
    """
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def _plan_id(instance) -> int | None:
    match instance:
        case Plan():
            return instance.pk
        case Priority() | ReportingPeriod():
            return instance.plan_id
        case Objective():
            return Priority.objects.filter(pk=instance.priority_id).values_list("plan_id", flat=True).first()
        case Action():
            return (
                Objective.objects.filter(pk=instance.objective_id)
                .values_list("priority__plan_id", flat=True)
                .first()
            )
        case PositionStatement():
            return (
                ReportingPeriod.objects.filter(pk=instance.period_id)
                .values_list("plan_id", flat=True)
                .first()
            )
    return None


def _remember_plan(sender, instance, **kwargs) -> None:
    """Before a save, note the plan the stored row belongs to: an item moved to another plan
    changes the figures of both."""
    if _deferred.get():
        return
    if instance.pk and not isinstance(instance, Plan | Partner | Person):
        stored = type(instance).objects.filter(pk=instance.pk).first()
        instance._plan_before = _plan_id(stored) if stored else None


def _changed(sender, instance, **kwargs) -> None:
    if _deferred.get():
        return
    if isinstance(instance, Partner | Person):
        plans_touch()  # names shown on every plan's dashboards
    else:
        plans_touch({_plan_id(instance), getattr(instance, "_plan_before", None)} - {None})


def _m2m_changed(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_") and not _deferred.get():
        _changed(sender, instance)


def connect() -> None:
    for model in (Plan, Priority, Objective, Action, ReportingPeriod, PositionStatement, Partner, Person):
        pre_save.connect(_remember_plan, sender=model, dispatch_uid=f"plan-revision-before-{model.__name__}")
        post_save.connect(_changed, sender=model, dispatch_uid=f"plan-revision-save-{model.__name__}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"plan-revision-delete-{model.__name__}")
    for field in ("lead_people", "lead_partners", "supporting_people", "supporting_partners"):
        m2m_changed.connect(
            _m2m_changed, sender=getattr(Action, field).through, dispatch_uid=f"plan-revision-action-{field}"
        )
    for field in ("lead_people", "lead_partners"):
        m2m_changed.connect(
            _m2m_changed,
            sender=getattr(Objective, field).through,
            dispatch_uid=f"plan-revision-objective-{field}",
        )
