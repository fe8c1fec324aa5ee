"""How a feature above the termly cycle adds to the cycle's pages and reminder emails.

Why this exists: `actions.cycle` sits below `actions.measures` (tests/test_architecture.py), so cycle
code cannot import measures, yet impact measures belong on the officer's home page, My actions, the
action and plan pages and in the reminder emails. Instead of importing upwards, cycle offers two
registries; the feature above fills them in its `AppConfig.ready()` (an assembly module) and cycle
calls whatever is registered without knowing what it is.

- Page sections (`register_section`): a provider takes the page's subject and returns a `Section`
  (a template to include and the plain data it renders) or None to add nothing. The pages and what
  each provider is called with:

      "home", "my-actions"   provider(person: Person | None)       rendered below "Updates due"
      "action"               provider(action: Action)               rendered after "About this action"
      "plan"                 provider(plan: Plan)                   rendered under each priority and
                                                                    objective: the template gets
                                                                    `data`, `level` ("priority" or
                                                                    "objective") and `item`

  A provider must cost a fixed number of queries whatever the data size: the page's query budget
  (its view's docstring) counts them.
- Reminder items (`register_reminder_items`): a `ReminderProvider` lists, for a reporting period,
  what each person still owes besides position statements; the reminder email lists them under the
  person's actions (one email per person) and the provider records what was sent in its own table
  with the same never-twice guarantee as `Reminder` (see actions/cycle/reminders.py).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from actions.cycle.models import ReportingPeriod
from partners.models import Person

PAGES = ("home", "my-actions", "action", "plan", "ratings")


@dataclass(frozen=True)
class RatingsSubject:
    """The subject of the "ratings" page's sections: whose ratings to confirm, in which plan.
    `led_priorities` is None for a plan administrator (every priority), else the priorities they lead."""

    plan: Any
    user: Any
    led_priorities: set[int] | None


@dataclass(frozen=True)
class Section:
    """What a provider adds to a page: `template` included with `data` (plain data, no queries)."""

    template: str
    data: Any


SectionProvider = Callable[[Any], Section | None]

_section_providers: dict[str, list[SectionProvider]] = {page: [] for page in PAGES}


def register_section(page: str, provider: SectionProvider) -> None:
    """Add `provider` to `page` (one of PAGES). Registering the same provider twice adds it once."""
    if page not in _section_providers:
        raise ValueError(f"No page called {page!r}: choose one of {', '.join(PAGES)}.")
    if provider not in _section_providers[page]:
        _section_providers[page].append(provider)


def sections_for(page: str, subject: Any) -> list[Section]:
    """Every registered provider's section for the page's subject, in the order they registered."""
    found = (provider(subject) for provider in _section_providers[page])
    return [section for section in found if section is not None]


@dataclass(frozen=True)
class ReminderItem:
    """One thing a person still owes in a period, as the email shows it: a line and its link."""

    person: Person
    key: int  # what the provider records the reminder about (for measures, the measure's pk)
    label: str
    link: str


@dataclass
class ReminderGroup:
    """A provider's items in one period's part of one email."""

    provider: "ReminderProvider"
    items: list[ReminderItem] = field(default_factory=list)

    @property
    def intro(self) -> str:
        return self.provider.intro(len(self.items))


class ReminderProvider(Protocol):
    """Extra items for reminder emails, and the provider's own record that each was sent.

    `claim` runs inside the transaction that writes the emails' `Reminder` rows and must raise
    IntegrityError when a row already exists (its unique constraint), so that nothing is sent twice.
    """

    noun: str  # singular, for messages: "measure"
    link_text: str  # what each item's link does: "Enter the figure"

    def intro(self, count: int) -> str:
        """The sentence before the items: "2 measures you lead have no figure for this period yet:"."""
        ...

    def due(self, period: ReportingPeriod, kind: str, *, person: Person | None = None) -> list[ReminderItem]:
        """Items owed in the period not already reminded of this kind (only `person`'s, if given),
        each person with their `user` loaded (for their address). A fixed number of queries; the
        reminders module leaves out people who turned reminders off or have no address."""
        ...

    def claim(
        self, items: Sequence[ReminderItem], *, period: ReportingPeriod, kind: str, sent_by: Any
    ) -> None: ...

    def release(self, items: Sequence[ReminderItem], *, period: ReportingPeriod, kind: str) -> None: ...


_reminder_providers: list[ReminderProvider] = []


def register_reminder_items(provider: ReminderProvider) -> None:
    """Add a provider of reminder items. Registering the same provider twice adds it once."""
    if provider not in _reminder_providers:
        _reminder_providers.append(provider)


def reminder_providers() -> list[ReminderProvider]:
    return list(_reminder_providers)
