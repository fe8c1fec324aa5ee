"""No lost words: the version a form was opened on, and what to say when someone saved in between.

Every model a person edits through a form (a position statement, an action's due date, a reporting
period, a pack's cover, an import's choices) is `Versioned`: its `version` goes up by one at every
save. The form carries the version it was opened on; the service, holding the row locked, compares it
with the saved one and raises `EditConflict` when someone else saved first. The view then shows both
versions side by side with the person's own words kept in the form, and a deliberate "save mine on
top" (the form re-rendered with the newer version, so only what they have now seen is replaced).

A second press of a button that has already done its work (publish, confirm, import) raises
`AlreadyDone` instead: one effect, and a clear message for the second press.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

VERSION_FIELD = "version"


class Versioned(models.Model):
    """A row whose every save counts: the stale-form check compares `version` with the form's."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one at every save, so a form opened on an older version is caught.",
    )

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Services lock the row (select_for_update) before changing it, so the version read is the
        # saved one and two saves can never both write the same number.
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], VERSION_FIELD}
        super().save(*args, **kwargs)


@dataclass(frozen=True)
class LastChange:
    """Who saved the version now in force, and when (from the row's history)."""

    who: str
    when: datetime.datetime | None
    user_id: int | None


def person_name(user) -> str:
    """As people are named on screen (`actions.plans.access.display_name`): their Person's name, else
    their full name, else their username."""
    if user is None:
        return "Someone"
    person = getattr(user, "person", None)
    return (person.name if person else "") or user.get_full_name() or user.get_username()


def last_change(obj: models.Model) -> LastChange:
    """The newest history row's user and time; without history, the row's own `updated_at`."""
    history = getattr(obj, "history", None)
    record = (
        history.select_related("history_user").order_by("-history_date", "-history_id").first()
        if history is not None
        else None
    )
    if record is not None:
        return LastChange(person_name(record.history_user), record.history_date, record.history_user_id)
    changed_by = getattr(obj, "updated_by", None)
    return LastChange(
        person_name(changed_by), getattr(obj, "updated_at", None), getattr(obj, "updated_by_id", None)
    )


def time_text(when: datetime.datetime | None) -> str:
    """ "10:42" today, "10:42 on 3 December" another day, in the site's time zone."""
    if when is None:
        return "a moment ago"
    local = timezone.localtime(when)
    if local.date() == timezone.localdate():
        return f"{local:%H:%M}"
    return f"{local:%H:%M} on {local.day} {local:%B}"


def changed_by_text(change: LastChange, user, what: str) -> str:
    """ "Lydia Fablegate changed this statement at 10:42" (or "You changed ... in another window")."""
    if change.user_id is not None and change.user_id == getattr(user, "pk", None):
        return f"You changed {what} at {time_text(change.when)} in another tab or window"
    return f"{change.who} changed {what} at {time_text(change.when)}"


@dataclass(frozen=True)
class Difference:
    """One line of the side-by-side: what is saved now beside what this person typed."""

    label: str
    theirs: str
    yours: str


class EditConflict(Exception):
    """Saving over a version newer than the one the form was opened on. Nothing was saved.

    `current` is the row as saved now (its `version` is what a deliberate "save mine on top" sends);
    `differences` are filled in by the view, which knows how the form's fields read.
    """

    def __init__(self, current: Versioned, *, user, what: str, doing: str = "editing") -> None:
        self.current: Any = current  # the model the service raised it for
        self.change = last_change(current)
        self.message = f"{changed_by_text(self.change, user, what)} while you were {doing}"
        super().__init__(self.message)

    @property
    def version(self) -> int:
        return self.current.version


class AlreadyDone(Exception):
    """The work this button does has been done already (a second press): nothing more was done."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def check_version(
    current: Versioned,
    seen_version: int | None,
    *,
    user,
    what: str,
    doing: str = "editing",
    same_as_saved: bool = False,
) -> None:
    """Raise EditConflict when the form was opened on an older version than the saved one.

    `seen_version` None: no form behind this write (a command, an import), nothing to compare.
    A row not saved yet counts as version 0. `same_as_saved`: what is being saved is what is there
    already (a second press of Save), which is never a conflict.
    """
    saved = current.version if current.pk else 0
    if seen_version is None or seen_version == saved or same_as_saved:
        return
    raise EditConflict(current, user=user, what=what, doing=doing)
