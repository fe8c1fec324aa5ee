"""Every write a user can cause on packs: create and edit a draft, publish it.

Each service refuses anyone but a plan administrator itself, before it reads or writes anything, so
a caller other than the views (a command, a task, a script) cannot skip the check."""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from actions.cycle.models import ReportingPeriod
from actions.cycle.services import period_publish
from actions.plans.models import Plan, Priority

from .access import require_pack_author
from .forms import NOTHING_TO_MONITOR, has_findings
from .models import Pack
from .packs import MONITORING, default_cover
from .tasks import pack_render

COVER_FIELDS = ("title", "purpose", "context", "recommendation", "author")


def _set_cover(pack: Pack, cover: dict[str, str | None]) -> None:
    """Cover text as typed; anything left blank gets the standard wording for the pack's audience."""
    defaults = default_cover(pack.plan, pack.period, pack.audience)
    for name in COVER_FIELDS:
        typed = (cover.get(name) or "").strip()
        setattr(pack, name, typed or getattr(defaults, name))


@transaction.atomic
def pack_create(
    *,
    user: User | AnonymousUser,
    plan: Plan,
    period: ReportingPeriod,
    audience: str,
    priorities: Iterable[Priority] = (),
    **cover: str | None,
) -> Pack:
    """A draft pack; cover text left blank gets the standard wording for its audience."""
    author = require_pack_author(user)
    if period.plan_id != plan.pk:
        raise ValidationError({"period": "Choose a reporting period of this plan."})
    if audience == MONITORING and not has_findings(plan):
        raise ValidationError({"audience": NOTHING_TO_MONITOR})
    pack = Pack(plan=plan, period=period, audience=audience, created_by=author)
    _set_cover(pack, cover)
    pack.full_clean()
    pack.save()
    pack.priorities.set(priorities)
    return pack


@transaction.atomic
def pack_update(
    *,
    user: User | AnonymousUser,
    pack: Pack,
    priorities: Iterable[Priority] | None = None,
    **fields: Any,
) -> Pack:
    require_pack_author(user)
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if not pack.is_editable:
        raise PermissionDenied("This pack has been published, so it can no longer be changed.")
    cover = {name: fields.pop(name) for name in COVER_FIELDS if name in fields}
    for name, value in fields.items():
        setattr(pack, name, value)
    if pack.audience == MONITORING and not has_findings(pack.plan):
        raise ValidationError({"audience": NOTHING_TO_MONITOR})
    _set_cover(pack, cover)
    if pack.period.plan_id != pack.plan_id:
        raise ValidationError({"period": "Choose a reporting period of this plan."})
    pack.full_clean()
    pack.save()
    if priorities is not None:
        pack.priorities.set(priorities)
    return pack


@transaction.atomic
def pack_publish(*, user: User | AnonymousUser, pack: Pack) -> Pack:
    """Freeze the pack: a background task renders the PDF and the workbook once and stores them."""
    publisher = require_pack_author(user)
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if not pack.is_editable:
        raise PermissionDenied("This pack is already published or being published.")
    pack.state = Pack.State.PUBLISHING
    pack.progress = 0
    pack.error = ""
    pack.published_by = publisher
    pack.save()
    # Publishing the pack publishes its period (closing it first: "No update" for what is missing),
    # which locks the period's statements; the pack is rendered from them as they then stand.
    period_publish(user=user, period=pack.period)
    pack_render.enqueue(pack.pk)
    return pack
