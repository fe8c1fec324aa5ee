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
from sendplan.concurrency import AlreadyDone, check_version, person_name, time_text

from .access import require_pack_author
from .forms import NOTHING_TO_MONITOR, has_findings
from .models import Pack
from .packs import MONITORING, default_cover
from .tasks import pack_render

COVER_FIELDS = ("title", "purpose", "context", "recommendation", "author")


def _set_cover(pack: Pack, cover: dict[str, str | None], names: tuple[str, ...] = COVER_FIELDS) -> None:
    """Cover text as typed; anything left blank gets the standard wording for the pack's audience.
    `names`: the cover fields to set (an update sets only those it is given)."""
    defaults = default_cover(pack.plan, pack.period, pack.audience)
    for name in names:
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
    pack._history_user = author  # also right outside a request (commands, scripts)
    pack.save()
    pack.priorities.set(priorities)
    return pack


@transaction.atomic
def pack_update(
    *,
    user: User | AnonymousUser,
    pack: Pack,
    priorities: Iterable[Priority] | None = None,
    seen_version: int | None = None,
    **fields: Any,
) -> Pack:
    """Change a draft's scope or cover text. EditConflict when someone saved the pack after this
    form was opened (`seen_version`); saving what is there already (Save pressed twice) does nothing."""
    editor = require_pack_author(user)
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if not pack.is_editable:
        raise PermissionDenied("This pack has been published, so it can no longer be changed.")
    before = _as_saved(pack)
    cover = {name: fields.pop(name) for name in COVER_FIELDS if name in fields}
    for name, value in fields.items():
        setattr(pack, name, value)
    if pack.audience == MONITORING and not has_findings(pack.plan):
        raise ValidationError({"audience": NOTHING_TO_MONITOR})
    _set_cover(pack, cover, names=tuple(cover))
    if pack.period.plan_id != pack.plan_id:
        raise ValidationError({"period": "Choose a reporting period of this plan."})
    chosen = None if priorities is None else sorted(p.pk for p in priorities)
    if _as_saved(pack) == before and chosen in (None, before["priorities"]):
        return pack
    # Compared with the pack as saved, not with this one, which now holds what was typed.
    check_version(Pack.objects.get(pk=pack.pk), seen_version, user=editor, what="this pack")
    pack.full_clean()
    pack._history_user = editor  # also right outside a request (commands, scripts)
    pack.save()
    if priorities is not None:
        pack.priorities.set(priorities)
    return pack


def _as_saved(pack: Pack) -> dict[str, Any]:
    """What the pack form edits, as saved (the priorities by primary key)."""
    return {
        "audience": pack.audience,
        "period": pack.period_id,
        "priorities": sorted(pack.priorities.values_list("pk", flat=True)),
        **{name: getattr(pack, name) for name in COVER_FIELDS},
    }


@transaction.atomic
def pack_publish(*, user: User | AnonymousUser, pack: Pack, seen_version: int | None = None) -> Pack:
    """Freeze the pack: a background task renders the PDF and the workbook once and stores them.

    Once only: AlreadyDone for a second press (or a second administrator). EditConflict when the pack
    was changed after the page with the Publish button was opened (`seen_version`)."""
    publisher = require_pack_author(user)
    pack = Pack.objects.select_for_update().get(pk=pack.pk)
    if not pack.is_editable:
        started = pack.history.filter(state=Pack.State.PUBLISHING).order_by("-history_date").first()
        who = "You" if pack.published_by_id == publisher.pk else person_name(pack.published_by)
        raise AlreadyDone(
            f"{who} started publishing this pack at {time_text(started.history_date if started else None)}: "
            "pressing Publish again did nothing."
        )
    check_version(pack, seen_version, user=publisher, what="this pack", doing="checking it")
    pack.state = Pack.State.PUBLISHING
    pack.progress = 0
    pack.error = ""
    pack.published_by = publisher
    pack._history_user = publisher  # also right outside a request (commands, scripts)
    pack.save()
    # Publishing the pack publishes its period (closing it first: "No update" for what is missing),
    # which locks the period's statements; the pack is rendered from them as they then stand.
    period_publish(user=user, period=pack.period)
    pack_render.enqueue(pack.pk)
    return pack
