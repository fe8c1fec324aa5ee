"""What changed in an action, field by field, read back from its history (django-simple-history).

simple-history keeps one row per save, and each many-to-many snapshot in a table of its own; this
turns those rows into the entries people read on an action's "Changes" page.
"""

import datetime
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Field, ManyToManyField

from partners.models import Partner, Person

from .access import display_name
from .models import Action

# A row of a simple-history table (HistoricalAction, HistoricalPositionStatement, ...): its model is
# made at runtime by untyped simple-history, so mypy knows none of its fields.
type HistoricalRecord = Any


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class ChangeEntry:
    when: datetime.datetime
    who: str
    what: str
    kind: str  # "created", "changed" or "deleted"
    changes: list[FieldChange]
    reason: str = ""


_HIDDEN_FIELDS = {"id", "created_at", "updated_at", "version", "order", "objective"}


# Action's many-to-many fields and the model each points at, as simple-history snapshots them.
_ACTION_M2M = {
    "lead_people": "person",
    "lead_partners": "partner",
    "supporting_people": "person",
    "supporting_partners": "partner",
}


# An item's links as simple-history snapshots them: many-to-many field → ids of its targets, sorted.
type Snapshot = dict[str, list[int]]


def _display(model_field: Field[Any, Any], value: object) -> str:
    if value is None or value == "":
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    return str(value)


def _action_field_changes(
    previous: HistoricalRecord,
    record: HistoricalRecord,
    m2m_before: Snapshot,
    m2m_after: Snapshot,
    names: dict[str, dict[int, str]],
) -> list[FieldChange]:
    changes = []
    for f in Action._meta.concrete_fields:
        if f.name in _HIDDEN_FIELDS:
            continue
        old, new = getattr(previous, f.attname), getattr(record, f.attname)
        if old != new:
            label = str(f.verbose_name).capitalize()
            changes.append(FieldChange(label, _display(f, old), _display(f, new)))
    for name, target in _ACTION_M2M.items():
        if m2m_before[name] != m2m_after[name]:
            m2m_field = cast(ManyToManyField, Action._meta.get_field(name))  # as _ACTION_M2M says
            label = str(m2m_field.verbose_name).capitalize()
            old = ", ".join(sorted(names[target].get(pk, "?") for pk in m2m_before[name])) or "(none)"
            new = ", ".join(sorted(names[target].get(pk, "?") for pk in m2m_after[name])) or "(none)"
            changes.append(FieldChange(label, old, new))
    return changes


def action_changes(action: Action) -> list[ChangeEntry]:
    """Field-level history of an action, oldest first (its statements' are the cycle's to add).

    Queries: 8, however long the history (M2M snapshots are prefetched, names fetched once).
    """
    records = list(
        action.history.select_related("history_user__person").order_by("history_date", "history_id")
    )
    # simple-history keeps each M2M snapshot in its own table keyed by the history row.
    snapshots: list[Snapshot] = [{name: [] for name in _ACTION_M2M} for _ in records]
    position = {rec.history_id: i for i, rec in enumerate(records)}
    for name, target in _ACTION_M2M.items():
        through = Action.history.model._meta.get_field(f"historicalaction_{name}").related_model
        for history_id, target_id in through.objects.filter(history__in=position).values_list(
            "history_id", f"{target}_id"
        ):
            snapshots[position[history_id]][name].append(target_id)
    for snapshot in snapshots:
        for ids_of_field in snapshot.values():
            ids_of_field.sort()
    ids: dict[str, set[int]] = {"person": set(), "partner": set()}
    for snapshot in snapshots:
        for name, target in _ACTION_M2M.items():
            ids[target].update(snapshot[name])
    names = {
        "person": dict(Person.objects.filter(pk__in=ids["person"]).values_list("pk", "name")),
        "partner": dict(Partner.objects.filter(pk__in=ids["partner"]).values_list("pk", "name")),
    }

    entries: list[ChangeEntry] = []
    base = 0  # index of the state the next entry is compared with
    for i, record in enumerate(records):
        if i == 0:
            initial = [
                FieldChange(str(f.verbose_name).capitalize(), "", _display(f, getattr(record, f.attname)))
                for f in Action._meta.concrete_fields
                if f.name not in _HIDDEN_FIELDS and getattr(record, f.attname) not in (None, "")
            ]
            reason = record.history_change_reason or ""
            entries.append(
                ChangeEntry(record.history_date, who(record), "Action", "created", initial, reason)
            )
            continue
        if _is_half_of_a_set(records, snapshots, i):
            continue
        changes = _action_field_changes(records[base], record, snapshots[base], snapshots[i], names)
        base = i
        if changes:
            entries.append(
                ChangeEntry(
                    record.history_date,
                    who(record),
                    "Action",
                    "changed",
                    changes,
                    record.history_change_reason or "",
                )
            )

    return entries


def _is_half_of_a_set(records: list[HistoricalRecord], snapshots: list[Snapshot], i: int) -> bool:
    """Is row i only the removal half of a many-to-many `.set()`, whose add is row i+1?

    Django writes `.set()` as a remove then an add, and simple-history records each; people made
    one change, so the changes page shows one.
    """
    if i == 0 or i + 1 >= len(records):
        return False
    before, now, after = snapshots[i - 1], snapshots[i], snapshots[i + 1]
    changed = [name for name in _ACTION_M2M if before[name] != now[name]]
    if len(changed) != 1 or any(before[n] != after[n] for n in _ACTION_M2M if n not in changed):
        return False
    name = changed[0]
    removal_only = set(now[name]) < set(before[name])
    then_added = set(after[name]) > set(now[name])
    same_fields = all(
        getattr(records[j], f.attname) == getattr(records[i], f.attname)
        for j in (i - 1, i + 1)
        for f in Action._meta.concrete_fields
        if f.name not in _HIDDEN_FIELDS
    )
    return (
        removal_only
        and then_added
        and same_fields
        and records[i + 1].history_user_id == records[i].history_user_id
        and (records[i + 1].history_date - records[i].history_date).total_seconds() < 5
    )


def who(record: HistoricalRecord) -> str:
    return display_name(record.history_user)


def due_date_change_reason(old: datetime.date | None, new: datetime.date | None, reason: str) -> str:
    """The history's words for a due-date change: "Due date moved from 31 Jul 2026 to 31 Oct 2026: ..."."""

    def day(value: datetime.date | None) -> str:
        return f"{value:%-d %b %Y}" if value else "no date"

    if old is None:
        text = f"Due date set to {day(new)}"
    elif new is None:
        text = f"Due date removed (was {day(old)})"
    else:
        text = f"Due date moved from {day(old)} to {day(new)}"
    return f"{text}: {reason}" if reason else text


@dataclass
class DueDateMove:
    """One change of an action's due date after the first, as its history recorded it."""

    when: datetime.datetime
    who: str
    old: datetime.date | None
    new: datetime.date | None
    reason: str


def due_date_moves(action: Action) -> list[DueDateMove]:
    """Every move of the action's due date, oldest first, with who moved it and why. One query.

    Setting the first due date is the baseline, not a move.
    """
    if action.due_date is None and action.original_due_date is None:
        return []
    records = list(
        action.history.select_related("history_user__person").order_by("history_date", "history_id")
    )
    moves: list[DueDateMove] = []
    for before, record in zip(records, records[1:], strict=False):
        if before.due_date is not None and record.due_date != before.due_date:
            moves.append(
                DueDateMove(
                    when=record.history_date,
                    who=who(record),
                    old=before.due_date,
                    new=record.due_date,
                    reason=_reason_given(record.history_change_reason or ""),
                )
            )
    return moves


def _reason_given(change_reason: str) -> str:
    """The reason a person gave, from a history change reason such as "Due date moved from ... to ...:
    the reason" (or "Imported from plan.xlsx: due date moved from ... to ...", which is all reason)."""
    head, sep, tail = change_reason.partition(": ")
    if sep and head.startswith(("Due date moved", "Due date set", "Due date removed")):
        return tail
    return change_reason
