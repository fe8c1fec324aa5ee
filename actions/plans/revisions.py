"""Every change to a plan, or to anything in it, bumps the plan's revision.

Cached dashboards and period states are keyed by the revision, so no cache can outlive a change,
whether it came through a service, the admin or an import. Bulk writes (demo, seed, import) that
skip signals call `plans_touch` themselves, and so does a writer that saves many items one by one
inside `revisions_deferred()`, so that the plan is bumped once rather than once per save.

Features above the plan register their own models with `track` (the termly cycle: periods and
statements), so this module needs to know nothing of them.

A plan has a second counter, `settled_revision`, bumped by the same changes except those a tracked
model declares unsettling only (`track(..., settles=...)` returning False): a position statement
written in an open period changes the figures as at that period and later ones, never those as at
the periods before the earliest open one. Figures as at those settled periods (a dashboard's trend
over twelve terms) are cached by it, so the termly rush of statements does not recompute them.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

from django.db import models
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from partners.models import Partner, Person

from .models import Action, Objective, Plan, Priority

# Per thread and per async task, so a deferring import never silences another request's saves.
_deferred: ContextVar[bool] = ContextVar("plan_revisions_deferred", default=False)


def plans_touch(plan_ids: Iterable[int] | None = None, *, settled: bool = True) -> None:
    """Bump the revision of these plans (all plans when None), and their settled revision unless the
    change touched only open periods' figures (`settled=False`)."""
    plans = Plan.objects.all() if plan_ids is None else Plan.objects.filter(pk__in=plan_ids)
    bumps = {"revision": F("revision") + 1}
    if settled:
        bumps["settled_revision"] = F("settled_revision") + 1
    plans.update(**bumps)


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


# Model → how to find the plan a saved row belongs to (None: none, or every plan for a name).
_PLAN_OF: dict[type[models.Model], Callable[[models.Model], int | None]] = {}
# Model → whether a change to this row can alter figures as at settled periods (absent: always).
_SETTLES: dict[type[models.Model], Callable[[models.Model], bool]] = {}


def _plan_id(instance: models.Model) -> int | None:
    plan_of = _PLAN_OF.get(type(instance))
    return plan_of(instance) if plan_of else None


def track[M: models.Model](
    model: type[M], plan_of: Callable[[M], int | None], *, settles: Callable[[M], bool] | None = None
) -> None:
    """Bump the plan's revision whenever a row of `model` is saved or deleted; `plan_of(row)` is the
    id of the plan it belongs to (one query at most). `settles(row)` False: the change alters only
    the figures as at open periods and later, so the settled revision stays (one query at most)."""
    # Looked up by the row's own type (`_plan_id`), so it is only ever given a row of `model`.
    _PLAN_OF[model] = cast(Callable[[models.Model], int | None], plan_of)
    if settles is not None:
        _SETTLES[model] = cast(Callable[[models.Model], bool], settles)
    uid = model._meta.label
    pre_save.connect(_remember_plan, sender=model, dispatch_uid=f"plan-revision-before-{uid}")
    post_save.connect(_changed, sender=model, dispatch_uid=f"plan-revision-save-{uid}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"plan-revision-delete-{uid}")


_PLAN_BEFORE = "_plan_before"  # the attribute of a row being saved that holds its stored plan's id
_SETTLES_BEFORE = "_settles_before"  # and whether changing the stored row would unsettle figures


def _remember_plan(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """Before a save, note the plan the stored row belongs to: an item moved to another plan
    changes the figures of both."""
    if _deferred.get():
        return
    if instance.pk and not isinstance(instance, Plan | Partner | Person):
        stored = type(instance)._default_manager.filter(pk=instance.pk).first()
        setattr(instance, _PLAN_BEFORE, _plan_id(stored) if stored else None)
        settles = _SETTLES.get(type(instance))
        if settles is not None and stored is not None:
            setattr(instance, _SETTLES_BEFORE, settles(stored))


def _changed(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if _deferred.get():
        return
    if isinstance(instance, Partner | Person):
        plans_touch()  # names shown on every plan's dashboards
    else:
        before: int | None = getattr(instance, _PLAN_BEFORE, None)
        settles = _SETTLES.get(type(instance))
        plans_touch(
            {plan_id for plan_id in (_plan_id(instance), before) if plan_id is not None},
            settled=settles is None or settles(instance) or getattr(instance, _SETTLES_BEFORE, False),
        )


def _m2m_changed(sender: type[models.Model], instance: models.Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and not _deferred.get():
        _changed(sender, instance)


def track_links(model: type[models.Model], fields: Iterable[str]) -> None:
    """Bump the plan's revision when the many-to-many `fields` of a tracked `model` change."""
    for field in fields:
        m2m_changed.connect(
            _m2m_changed,
            sender=getattr(model, field).through,
            dispatch_uid=f"plan-revision-{model._meta.label_lower}-{field}",
        )


def connect() -> None:
    """Track the plan's own models, and the people and partners named on every plan."""
    track(Plan, lambda plan: plan.pk)
    track(Priority, lambda priority: priority.plan_id)
    track(
        Objective,
        lambda objective: (
            Priority.objects.filter(pk=objective.priority_id).values_list("plan_id", flat=True).first()
        ),
    )
    track(
        Action,
        lambda action: (
            Objective.objects.filter(pk=action.objective_id)
            .values_list("priority__plan_id", flat=True)
            .first()
        ),
    )
    track(Partner, lambda partner: None)
    track(Person, lambda person: None)
    links = ("lead_people", "lead_partners", "supporting_people", "supporting_partners")
    track_links(Action, links)
    track_links(Objective, links)
