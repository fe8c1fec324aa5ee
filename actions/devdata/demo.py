"""The demo: two real council SEND plans, with fictional people, dated so that they look current.

`demo_load(today=...)` builds, from `fixtures/demo/{telford,kirklees}.json` (made by
scripts/make_demo_fixtures.py, personal names already fictional):

- partners (organisations, teams, groups and named roles) and people, with example.org emails;
- the two plans with their priorities, objectives and actions, leads and supporting split into people
  and partners, every date moved forward a whole number of years so that the document is about five
  months old on `today`;
- four reporting periods per plan (three past terms and the open one) and position statements whose
  RAG ratings move realistically from term to term (Telford's own statement texts where it has them);
- statements written by the action's lead (an account per lead person, which nobody can sign in
  with), or by the administrator for actions only partners lead;
- the second key: every past rating confirmed, every third lead's rating this term awaiting
  confirmation (the administrator can confirm them all); a priority lead named for each priority (the
  demo officer for one of Telford's); two statements per plan carried forward ("no change since last
  period") and two due dates per plan moved with a reason;
- six or seven impact measures per plan (`demo_measures.py`), with trajectories, comparators and a
  figure each past period (and for some this term) entered by the measure's lead through the services
  while the period was open, past ones confirmed by the administrator; the past periods are closed and
  published after that;
- an area SEND inspection per plan (`demo_findings.py`): a full one under the 2023 framework, before
  the first period, with five findings directed to the council and the integrated care board, linked
  to the actions answering them (one per plan left uncovered), recorded by the administrator;
- five demo logins, one per role, all with DEMO_PASSWORD.

Everything is deterministic for a given `today` and happens in one transaction. If the demo plans
already exist nothing at all is written. Every row is created through the ORM with simple-history
recording it (statements in bulk with `bulk_create_with_history`).
"""

from __future__ import annotations

import calendar
import datetime
import difflib
import json
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.cycle.models import PositionStatement, Rag, ReportingPeriod
from actions.cycle.services import action_due_date_change, position_statement_carry_forward
from actions.plans.models import Action, Objective, Plan, Priority
from actions.plans.revisions import plans_touch, revisions_deferred
from actions.roles import (
    ADVISER,
    BOARD_MEMBER,
    OFFICER,
    PLAN_ADMINISTRATOR,
    SCHOOLS_FORUM_MEMBER,
    role_for,
    roles_ensure_groups,
)
from partners.models import Partner, Person

from . import demo_findings, demo_measures
from .demo_words import NARRATIVES, REBASELINE_REASONS, TOPICS

if TYPE_CHECKING:
    from django.contrib.auth.models import User

DEMO_PASSWORD = "sendplan-demo"
FIXTURE_DIR = Path("fixtures") / "demo"  # relative to settings.BASE_DIR


@dataclass(frozen=True)
class DemoPlan:
    fixture: str
    title: str
    local_area: str
    document_date: datetime.date  # when the source document was written
    start_date: datetime.date  # the plan's period, as the document gives it (before shifting)
    end_date: datetime.date
    source: str
    board: str  # who the plan reports to, for narratives
    forum: str  # the parent carer forum, for narratives
    # Statement texts in the fixture, by `as_at`, and the past period (0 = oldest) they belong to.
    update_periods: tuple[tuple[str, int], ...] = ()


PLANS = (
    DemoPlan(
        fixture="telford",
        title="Telford & Wrekin SEND Action Plan",
        local_area="Telford and Wrekin",
        document_date=datetime.date(2022, 6, 15),
        start_date=datetime.date(2021, 9, 1),  # "a strategy that will lead us from 2021 - 2024"
        end_date=datetime.date(2024, 8, 31),
        source="Telford & Wrekin SEND Action Plan, June 2022",
        board="the Aiming High Board",
        forum="PODS",
        update_periods=(("January 2022", 0), ("June 2022", 1)),
    ),
    DemoPlan(
        fixture="kirklees",
        title="High Needs Strategic Review (SEND) Action Plan",
        local_area="Kirklees",
        document_date=datetime.date(2018, 5, 17),  # "Update: 17.05.18 V8"
        start_date=datetime.date(2017, 9, 1),  # "2017-19"
        end_date=datetime.date(2019, 8, 31),
        source="Kirklees High Needs Strategic Review (SEND) 2017-19 draft action plan, update 17.05.18 V8",
        board="the Education and Learning Partnership Board",
        forum="PCAN",
    ),
)

# Demo users: username -> (group, first name, last name, is_staff). The officer's names come from the
# fictional person they are linked to.
USERS = {
    "admin": (PLAN_ADMINISTRATOR, "Ada", "Adminton", True),
    "officer": (OFFICER, "", "", False),
    "board": (BOARD_MEMBER, "Bryn", "Boardleigh", False),
    "forum": (SCHOOLS_FORUM_MEMBER, "Farah", "Forumby", False),
    "adviser": (ADVISER, "Anwen", "Advisewell", False),
}

# Priority titles the source PDF cropped or misread, as the plan meant them: headings on every page.
PRIORITY_TITLES = {
    "To ensure that every child and young person with SEND makes excellent progress, through access to "
    "blick guality high quality provision.": "To ensure that every child and young person with SEND makes "
    "excellent progress, through access to high quality provision.",
    "To engage with children, young people and their milies to promote arly identification and support "
    "that": "To engage with children, young people and their families to promote early identification "
    "and support.",
    "Fo create robus governance structures and effective rtnership acros y agencies tha insure services "
    "eet the needs o shildren young eople and their families.": "To create robust governance structures "
    "and effective partnership across agencies that ensure services meet the needs of children, young "
    "people and their families.",
}

# Lead/supporting entries that name the same partner as another, or several partners at once; OCR slips.
PARTNER_ALIASES = {
    "POD's": ["PODS"],
    "POD's IASS": ["PODS", "IASS"],
    "JASS": ["IASS"],
    "Heal visitor": ["Health visitor"],
    "BSAT. Primary & Secondary schools": ["BSAT", "Primary & Secondary schools"],
    "corporate co": ["Corporate Communications"],
    "PR+P": ["PR&P"],
    "PRP": ["PR&P"],
    "EY Champions": ["Early Years Champions"],
    "commissioners and strategic leads for appropriate resources.": ["Commissioners", "Strategic leads"],
}
NOT_A_PARTNER = {"?", ""}

# Partner kind by keyword, first match wins.
KIND_RULES = [
    (Partner.Kind.PARENT_CARER_FORUM, r"\bpods?\b|pod's|\bpcan\b|parent carer"),
    (
        Partner.Kind.HEALTH,
        r"health|\bnhs\b|\bccg\b|\bmpft\b|shropcom|\bdco\b|clinical|camhs|\bhcp\b|visitor|therap",
    ),
    (Partner.Kind.SOCIAL_CARE, r"social care|\bsc sdm\b|strengthening families|early help"),
    (
        Partner.Kind.EDUCATION,
        r"school|college|academy|nursery|pre-school|primary|secondary|\bhigh\b|\bpru\b|\bprs\b|senco|"
        r"head ?teacher|\bheads\b|settings|post 16|provider|ravenshall|woodley|\bjna\b|\bsp\b|strand|bacs|"
        r"pastoral|\bpvi\b|teaching|early years|\bey\b|\bji\b|\bjnr\b|ji&n|\bin$|infant|junior",
    ),
    (
        Partner.Kind.VOLUNTARY,
        r"iass|\bkias\b|sos group|rip-stars|third sector|youth parliament|\byp forum\b|"
        r"\bycc\b|careers",
    ),
    (
        Partner.Kind.LOCAL_AUTHORITY,
        r"send|senact|\bla\b|\beps?\b|lsat|bsat|eyqt|commission|education|officer|lead|team|\bsoap\b|pr&p|"
        r"organisation|corporate|hub",
    ),
]
ROLE_NAME = re.compile(
    r"\b(?:lead|leads|officers?|sdm|dco|commissioner|ep|manager|reps?|representative)\b", re.I
)

SEASON_MONTH = {"autumn": 12, "spring": 3, "summer": 7}
MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

# ---------------------------------------------------------------------------------------------------
# Ratings and narratives.
# How an action's rating moves over the three past terms, with weights: mostly amber/green, some red,
# some red twice running, some improving red -> amber -> green, a few completed (blue stays blue).
TRAJECTORIES = [
    (("green", "green", "green"), 16),
    (("amber", "green", "green"), 12),
    (("amber", "amber", "green"), 10),
    (("amber", "amber", "amber"), 9),
    (("green", "amber", "green"), 6),
    (("green", "green", "amber"), 6),
    (("green", "amber", "amber"), 4),
    (("red", "amber", "green"), 6),
    (("red", "red", "amber"), 5),
    (("amber", "red", "red"), 4),
    (("amber", "amber", "red"), 4),
    (("green", "green", "blue"), 4),
    (("amber", "green", "blue"), 2),
    (("green", "blue", "blue"), 2),
]
# The open term's rating, given the last one.
NEXT_RATING = {
    "green": (("green", 75), ("blue", 10), ("amber", 15)),
    "amber": (("green", 40), ("amber", 50), ("red", 10)),
    "red": (("amber", 50), ("red", 50)),
    "blue": (("blue", 100),),
}
NO_UPDATE_SHARE = 0.05  # past statements left out, so some actions show "No update"
OPEN_PERIOD_SHARE = 0.40  # actions that already have a statement in the open period

GROUP_WORDS = re.compile(
    r"\b(?:group|forum|team|board|network|heads|chairs|champions|leads)\b", re.IGNORECASE
)


@dataclass
class DemoResult:
    already_loaded: bool = False
    today: datetime.date | None = None
    plans: int = 0
    priorities: int = 0
    objectives: int = 0
    actions: int = 0
    periods: int = 0
    statements: int = 0
    partners: int = 0
    people: int = 0
    users_created: list[str] = field(default_factory=list)
    users_kept: list[str] = field(default_factory=list)
    plan_titles: list[str] = field(default_factory=list)
    years_shifted: dict[str, int] = field(default_factory=dict)
    officer_name: str = ""
    officer_actions: int = 0
    officer_open_without_statement: int = 0
    awaiting_confirmation: int = 0
    carried_forward: int = 0
    rebaselined: int = 0
    measures: int = 0
    measure_figures: int = 0
    measure_figures_awaiting: int = 0
    inspections: int = 0
    findings: int = 0
    findings_uncovered: int = 0
    password: str = DEMO_PASSWORD


# ---------------------------------------------------------------------------------------------------
# Dates.
def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def years_to_shift(document_date: datetime.date, today: datetime.date) -> int:
    """Whole years that bring the document to about five months before today."""
    target = today - datetime.timedelta(days=152)
    return round((target - document_date).days / 365.2425)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse_due(text: str | None) -> tuple[int, int] | None:
    """(year, month) a due string ends in — "Sep-22", "July 2018", "October/ November 2018", "Autumn 2019",
    "2019" — or None when it is not a date ("TBC", "Monthly", "Half term revision")."""
    if not text:
        return None
    value = text.strip()
    if m := re.fullmatch(r"([A-Za-z]{3,9})\.?[- ]'?(\d{2})", value):
        month = MONTHS.get(m.group(1).lower())
        return (2000 + int(m.group(2)), month) if month else None
    if m := re.fullmatch(r"(?:([A-Za-z]+)\s*/\s*)?([A-Za-z]+)\s+(\d{4})", value):
        word = m.group(2).lower()
        month = MONTHS.get(word) or SEASON_MONTH.get(word)
        return (int(m.group(3)), month) if month else None
    if m := re.fullmatch(r"(\d{4})", value):
        return int(m.group(1)), 12
    return None


def term_of(day: datetime.date) -> tuple[str, int]:
    """English school term containing a date: Autumn Sep-Dec, Spring Jan-Mar, Summer Apr-Aug."""
    if day.month >= 9:
        return "Autumn", day.year
    if day.month <= 3:
        return "Spring", day.year
    return "Summer", day.year


def previous_term(term: tuple[str, int]) -> tuple[str, int]:
    season, year = term
    return {"Autumn": ("Summer", year), "Summer": ("Spring", year), "Spring": ("Autumn", year - 1)}[season]


def term_as_at(term: tuple[str, int]) -> datetime.date:
    season, year = term
    return month_end(year, SEASON_MONTH[season.lower()])


def reporting_terms(today: datetime.date) -> list[tuple[str, int]]:
    """The three terms before today's, oldest first, then today's."""
    terms = [term_of(today)]
    for _ in range(3):
        terms.insert(0, previous_term(terms[0]))
    return terms


# ---------------------------------------------------------------------------------------------------
# Names and kinds.
def partner_kind(name: str) -> Partner.Kind:
    lowered = name.lower()
    for kind, pattern in KIND_RULES:
        if re.search(pattern, lowered):
            return kind
    return Partner.Kind.OTHER


def partner_names(entry: str) -> list[str]:
    entry = entry.strip()
    if entry in NOT_A_PARTNER:
        return []
    return PARTNER_ALIASES.get(entry, [entry])


def email_for(name: str, taken: set[str]) -> str:
    local = ".".join(re.sub(r"[^a-z]", "", part.lower()) for part in name.split())
    email, n = f"{local}@example.org", 2
    while email in taken:
        email, n = f"{local}{n}@example.org", n + 1
    taken.add(email)
    return email


def canonical_task_group(text: str | None, canonical: list[str]) -> str:
    """The task and finish group as the plan names it, mending cropped or misread names
    ("oint Commissioning", "r EHC Pathway")."""
    if not text:
        return ""
    value = text.strip()
    lowered = {c.lower(): c for c in canonical}
    if value.lower() in lowered:
        return lowered[value.lower()]
    close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    if close:
        return lowered[close[0]]
    containing = [c for c in canonical if value.lower() in c.lower()]
    return containing[0] if len(containing) == 1 else value


def unique_refs(refs: list[str | None], *, number_if_missing: bool = False) -> list[str]:
    """Refs made unique in their scope: a repeated ref takes the section number its neighbours imply, else
    a letter suffix. With `number_if_missing`, a scope that numbers nothing is numbered 1, 2, 3..."""
    cleaned = [(r or "").strip() for r in refs]
    if number_if_missing and not any(cleaned):
        return [str(i) for i in range(1, len(cleaned) + 1)]
    out: list[str] = []
    used = set()
    for i, ref in enumerate(cleaned):
        if ref and ref in used:
            replacement = ""
            for later in cleaned[i + 1 :]:
                m = re.match(r"\d+", later)
                if m and m.group(0) not in used and m.group(0) not in cleaned:
                    replacement = m.group(0)
                    break
            if not replacement:
                suffix = 2
                while f"{ref}-{suffix}" in used:
                    suffix += 1
                replacement = f"{ref}-{suffix}"
            ref = replacement
        if ref:
            used.add(ref)
        out.append(ref)
    return out


def topic_for(text: str) -> str:
    for pattern, topic in TOPICS:
        if re.search(pattern, text, flags=re.IGNORECASE):
            return topic
    return "this piece of work"


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------------
@dataclass
class PlannedAction:
    """One action of a fixture, with everything decided before anything is written."""

    plan: DemoPlan
    priority_index: int
    objective_index: int
    order: int
    ref: str
    data: dict
    lead_people: list[str]
    lead_partners: list[str]
    supporting_people: list[str]
    supporting_partners: list[str]
    ratings: list[str | None] = field(default_factory=list)  # per period, oldest first; None = no statement
    narratives: list[str] = field(default_factory=list)
    rng: random.Random = field(init=False)  # seeded by plan and action ref
    used_templates: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(f"{self.plan.fixture}|{self.ref}")


def split_entries(entries: list[str], aliases: dict[str, str]) -> tuple[list[str], list[str]]:
    """Lead or supporting entries -> (people's names, partner names), each in printed order, no repeats."""
    people: list[str] = []
    partners: list[str] = []
    for entry in entries:
        if entry in aliases:
            if aliases[entry] not in people:
                people.append(aliases[entry])
            continue
        for name in partner_names(entry):
            if name.lower() not in {p.lower() for p in partners}:
                partners.append(name)
    return people, partners


def load_fixture(plan: DemoPlan) -> dict:
    path = Path(settings.BASE_DIR) / FIXTURE_DIR / f"{plan.fixture}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def choose_trajectory(rng: random.Random) -> list[str]:
    options, weights = zip(*TRAJECTORIES, strict=True)
    return list(rng.choices(options, weights=weights)[0])


def next_rating(rng: random.Random, last: str) -> str:
    options, weights = zip(*NEXT_RATING[last], strict=True)
    return rng.choices(options, weights=weights)[0]


def narrative_for(
    action: PlannedAction, rating: str, term: tuple[str, int], previous_rating: str | None
) -> str:
    rng = action.rng
    pool = NARRATIVES["still_blue" if rating == "blue" and previous_rating == "blue" else rating]
    fresh = [t for t in pool if t not in action.used_templates] or pool  # no template twice on one action
    template = rng.choice(fresh)
    action.used_templates.add(template)
    as_at = term_as_at(term)
    term_months = {"Autumn": (9, 10, 11, 12), "Spring": (1, 2, 3), "Summer": (4, 5, 6, 7)}[term[0]]
    month = calendar.month_name[rng.choice(term_months)]
    month_next = calendar.month_name[as_at.month % 12 + 1]
    month_prev = calendar.month_name[(term_months[0] - 2) % 12 + 1]
    text = " ".join(filter(None, [action.data.get("description", ""), action.data.get("task_group") or ""]))
    topic, group = topic_for(text), group_phrase(action)
    n = rng.randint(3, 12)
    values = {
        "topic": topic,
        "Topic": capitalise(topic),
        "group": group,
        "Group": capitalise(group),
        "board": action.plan.board,
        "forum": action.plan.forum,
        "month": month,
        "month_next": month_next,
        "month_prev": month_prev,
        "n": n,
        "m": n + rng.randint(4, 40),
        "pct": rng.randint(12, 35),
    }
    return template.format(**values)


def group_phrase(action: PlannedAction) -> str:
    task_group = action.data.get("task_group")
    if task_group:
        return f"the {task_group} task and finish group"
    for name in action.supporting_partners + action.lead_partners:
        if GROUP_WORDS.search(name):
            return name if name.lower().startswith("the ") else f"the {name}"
    return "the task and finish group"


def plan_ratings(actions: list[PlannedAction]) -> None:
    """Decide every action's rating in each term, or None for no statement (seeded by plan and action ref)."""
    for action in actions:
        rng = action.rng
        past = choose_trajectory(rng)
        opened = next_rating(rng, past[-1])
        ratings: list[str | None] = [*past, opened]
        # Some past statements were never written ("No update"); most open ones are not written yet.
        real_updates = {as_at: index for as_at, index in action.plan.update_periods}
        written = {
            real_updates[u["as_at"]] for u in action.data.get("updates", []) if u["as_at"] in real_updates
        }
        for i in range(3):
            if i not in written and rng.random() < NO_UPDATE_SHARE:
                ratings[i] = None
        if rng.random() >= OPEN_PERIOD_SHARE:
            ratings[3] = None
        action.ratings = ratings


def write_narratives(action: PlannedAction, terms: list[tuple[str, int]]) -> None:
    real = {}
    for update in action.data.get("updates", []):
        for as_at, index in action.plan.update_periods:
            if update["as_at"] == as_at and (update.get("statement") or "").strip():
                real[index] = update["statement"].strip()
    narratives = []
    previous = None
    for i, rating in enumerate(action.ratings):
        if rating is None:
            narratives.append("")
            continue
        narratives.append(real.get(i) or narrative_for(action, rating, terms[i], previous))
        previous = rating
    action.narratives = narratives


def ensure_officer_mix(officer_actions: list[PlannedAction]) -> None:
    """The officer must have open-period work to do (3+ actions with no statement yet) and one done."""
    without = [a for a in officer_actions if a.ratings[3] is None]
    with_statement = [a for a in officer_actions if a.ratings[3] is not None]
    while len(without) < 3 and len(with_statement) > 1:
        action = with_statement.pop()
        action.ratings[3] = None
        without.append(action)
    if not with_statement and without:
        action = without.pop(0)
        last = next((r for r in reversed(action.ratings[:3]) if r), "amber")
        action.ratings[3] = next_rating(action.rng, last)


# ---------------------------------------------------------------------------------------------------
class _Writer:
    """Creates the rows, counting them. Partners are matched case-insensitively, as the database does."""

    def __init__(self, result: DemoResult, stdout):
        self.result = result
        self.stdout = stdout
        self.partners: dict[str, Partner] = {}
        self.emails = set(Person.objects.exclude(email="").values_list("email", flat=True))

    def say(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(message)

    def partner(self, name: str) -> Partner:
        key = name.lower()
        if key not in self.partners:
            partner = Partner.objects.filter(name__iexact=name).first()
            if partner is None:
                description = (
                    "A role named in the plan rather than an organisation." if ROLE_NAME.search(name) else ""
                )
                partner = Partner.objects.create(name=name, kind=partner_kind(name), description=description)
                self.result.partners += 1
            self.partners[key] = partner
        return self.partners[key]

    @staticmethod
    def link(obj, m2m: dict[str, list]) -> None:
        """Add many-to-many links recording one history entry (not one per field) with all of them."""
        fields = [(name, values) for name, values in m2m.items() if values]
        if not fields:
            return
        obj.skip_history_when_saving = True
        try:
            for name, values in fields[:-1]:
                getattr(obj, name).add(*values)
        finally:
            del obj.skip_history_when_saving
        name, values = fields[-1]
        getattr(obj, name).add(*values)


def ensure_users(result: DemoResult, officer_name: str) -> dict[str, User]:
    User = get_user_model()
    users = {}
    for username, (group_name, first, last, is_staff) in USERS.items():
        user = User.objects.filter(username=username).first()
        if user is not None:
            result.users_kept.append(username)  # somebody's real account, perhaps: never touched
        else:
            if username == "officer":
                first, _, last = officer_name.partition(" ")
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                is_staff=is_staff,
                is_superuser=False,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=group_name))
            result.users_created.append(username)
        users[username] = user
    return users


def lead_accounts(leads: set[str], officer_name: str, emails: dict[str, str]) -> dict[str, User]:
    """Person name -> a new officer account for each person who leads an action (not the demo officer),
    so that statements read "by" the lead who wrote them and the administrator can confirm them.
    Nobody can sign in with these: only the five demo logins have a password."""
    User = get_user_model()
    usernames = {name: emails[name].split("@")[0] for name in leads - {officer_name}}
    taken = set(User.objects.filter(username__in=usernames.values()).values_list("username", flat=True))
    accounts = {}
    for name, username in sorted(usernames.items()):
        if username in taken:
            continue  # somebody's account already: never touched, and not linked
        first, _, last = name.partition(" ")
        user = User(username=username, first_name=first, last_name=last, email=emails[name])
        user.set_unusable_password()
        accounts[name] = user
    User.objects.bulk_create(accounts.values())
    Group.objects.get(name=OFFICER).user_set.add(*accounts.values())
    return accounts


def statement_author(
    action: PlannedAction,
    fixture: str,
    people: Mapping[tuple[str, str], Person],
    users: Mapping[str, User],
    officer_actions: Sequence[PlannedAction],
) -> User:
    """Who wrote an action's statements: the demo officer for theirs, else its first lead person with an
    account; the administrator for an action only partners lead (recorded on their behalf)."""
    if action in officer_actions:
        return users["officer"]
    for name in action.lead_people:
        person = people.get((fixture, name))
        if person is not None and person.user is not None:
            return person.user
    return users["admin"]


def choose_officer(doc: dict) -> dict:
    """The fictional person who leads most actions in the plan (ties: by name)."""
    leads: dict[str, int] = {}
    alias_to_name = {alias: p["name"] for p in doc["people"] for alias in p["aliases"]}
    for priority in doc["priorities"]:
        for objective in priority["objectives"]:
            for action in objective["actions"]:
                for entry in {alias_to_name[e] for e in action["lead"] if e in alias_to_name}:
                    leads[entry] = leads.get(entry, 0) + 1
    name = sorted(leads.items(), key=lambda item: (-item[1], item[0]))[0][0]
    return next(p for p in doc["people"] if p["name"] == name)


def plan_actions(plan: DemoPlan, doc: dict) -> list[PlannedAction]:
    aliases = {alias: p["name"] for p in doc["people"] for alias in p["aliases"]}
    planned = []
    order = 0
    for p_index, priority in enumerate(doc["priorities"]):
        for o_index, objective in enumerate(priority["objectives"]):
            refs = unique_refs([a["ref"] for a in objective["actions"]])
            for action, ref in zip(objective["actions"], refs, strict=True):
                order += 1
                lead_people, lead_partners = split_entries(action["lead"], aliases)
                supporting_people, supporting_partners = split_entries(action["supporting"], aliases)
                planned.append(
                    PlannedAction(
                        plan=plan,
                        priority_index=p_index,
                        objective_index=o_index,
                        order=order,
                        ref=ref,
                        data=action,
                        lead_people=lead_people,
                        lead_partners=lead_partners,
                        supporting_people=supporting_people,
                        supporting_partners=supporting_partners,
                    )
                )
    return planned


def involves(action: PlannedAction, person: dict) -> bool:
    names = action.lead_people + action.supporting_people
    partners = {p.lower() for p in action.lead_partners + action.supporting_partners}
    return person["name"] in names or person["organisation"].lower() in partners


def choose_priority_leads(
    planned: dict[str, list[PlannedAction]], officer: dict
) -> dict[tuple[str, int], str]:
    """(fixture, priority index) -> the fictional person named as the priority's lead: whoever leads
    most of its actions (ties: by name). In the first plan, the demo officer leads the priority where
    they lead most actions, so that signing in as the officer shows "Ratings to confirm"."""
    counts: dict[tuple[str, int], dict[str, int]] = {}
    for fixture, actions in planned.items():
        for action in actions:
            tally = counts.setdefault((fixture, action.priority_index), {})
            for name in action.lead_people:
                tally[name] = tally.get(name, 0) + 1
    leads = {
        key: sorted(tally.items(), key=lambda item: (-item[1], item[0]))[0][0]
        for key, tally in counts.items()
        if tally
    }
    first = PLANS[0].fixture
    officer_counts = {key: tally.get(officer["name"], 0) for key, tally in counts.items() if key[0] == first}
    if officer_counts and max(officer_counts.values()):
        best = sorted(officer_counts.items(), key=lambda item: (-item[1], item[0][1]))[0][0]
        leads[best] = officer["name"]
    return leads


# ---------------------------------------------------------------------------------------------------
# Loading: demo_load, then its steps in the order it takes them.
# Per plan: due dates re-baselined (moved with a reason, as an administrator would) and statements
# carried forward ("no change since last period").
REBASELINE_PER_PLAN = 2
CARRY_FORWARD_PER_PLAN = 2


@dataclass
class _DemoBuild:
    """What the steps of one demo load share: the decisions made before writing, and the rows written."""

    result: DemoResult
    writer: _Writer
    today: datetime.date
    docs: dict[str, dict]  # fixture -> its document
    terms: list[tuple[str, int]]
    planned: dict[str, list[PlannedAction]]  # fixture -> its actions
    officer: dict  # the fictional person the officer login is
    officer_actions: list[PlannedAction]
    priority_leads: dict[tuple[str, int], str]
    users: dict[str, User] = field(default_factory=dict)  # demo login -> user
    people: dict[tuple[str, str], Person] = field(default_factory=dict)  # (fixture, name) -> person
    action_rows: dict[int, Action] = field(default_factory=dict)  # id(PlannedAction) -> its row
    periods: dict[str, list[ReportingPeriod]] = field(default_factory=dict)  # fixture -> its periods
    open_periods: dict[str, ReportingPeriod] = field(default_factory=dict)  # fixture -> open period
    statements_by_author: dict[int, list[PositionStatement]] = field(default_factory=dict)
    authors: dict[int, User] = field(default_factory=dict)  # user pk -> user
    # Open-period statements written by a lead so far, across both plans: every third awaits confirmation.
    open_statements: int = 0

    def author_of(self, action: PlannedAction, fixture: str) -> User:
        return statement_author(action, fixture, self.people, self.users, self.officer_actions)


@transaction.atomic
def demo_load(*, today: datetime.date, stdout=None) -> DemoResult:
    """Load the demo plans as of `today`. Does nothing at all if they are already there."""
    result = DemoResult(today=today)
    if _already_loaded(result):
        return result
    build = _decide(result, _Writer(result, stdout), today)
    roles_ensure_groups()
    build.users = ensure_users(result, build.officer["name"])
    build.writer.say(f"Users: {', '.join(USERS)}")
    for plan in PLANS:
        _load_plan(build, plan)
    _write_statements(build)
    carry_forward_and_rebaseline(build)
    measures_and_past_periods(build)
    inspections_and_findings(build)

    result.officer_name = build.officer["name"]
    result.officer_actions = len(build.officer_actions)
    result.officer_open_without_statement = sum(1 for a in build.officer_actions if a.ratings[3] is None)
    return result


def _already_loaded(result: DemoResult) -> bool:
    """Whether both demo plans are there already; a demo only partly there is refused, not added to."""
    titles = [plan.title for plan in PLANS]
    existing = set(Plan.objects.filter(title__in=titles).values_list("title", flat=True))
    result.plan_titles = titles
    if existing == set(titles):
        result.already_loaded = True
        return True
    if existing:
        raise ValueError(
            f"Only part of the demo is loaded ({', '.join(sorted(existing))}); "
            "delete it before loading again."
        )
    return False


def _decide(result: DemoResult, writer: _Writer, today: datetime.date) -> _DemoBuild:
    """Everything decided before anything is written: the actions, the officer, ratings and narratives."""
    docs = {plan.fixture: load_fixture(plan) for plan in PLANS}
    terms = reporting_terms(today)
    planned = {plan.fixture: plan_actions(plan, docs[plan.fixture]) for plan in PLANS}
    officer = choose_officer(docs[PLANS[0].fixture])
    return _DemoBuild(
        result=result,
        writer=writer,
        today=today,
        docs=docs,
        terms=terms,
        planned=planned,
        officer=officer,
        officer_actions=plan_ratings_and_narratives(planned, officer, terms),
        priority_leads=choose_priority_leads(planned, officer),
    )


def plan_ratings_and_narratives(
    planned: dict[str, list[PlannedAction]], officer: dict, terms: list[tuple[str, int]]
) -> list[PlannedAction]:
    """Every action's ratings and narratives, and the officer's actions (returned). Decided before any row
    is written, because an action's status (complete once rated blue) is set when it is created."""
    for plan in PLANS:
        plan_ratings(planned[plan.fixture])
    officer_actions = [a for plan in PLANS for a in planned[plan.fixture] if involves(a, officer)]
    ensure_officer_mix(officer_actions)
    for plan in PLANS:
        for action in planned[plan.fixture]:
            write_narratives(action, terms)
    return officer_actions


def _load_plan(build: _DemoBuild, plan: DemoPlan) -> None:
    """One plan's partners, people, periods, priorities, objectives and actions; its statements are
    kept for `_write_statements`, which writes both plans' in bulk."""
    doc = build.docs[plan.fixture]
    shift = years_to_shift(plan.document_date, build.today)
    build.result.years_shifted[plan.fixture] = shift
    _write_partners(build.writer, doc)
    _write_people(build, plan, doc)
    build.writer.say(f"{plan.title}: {len(doc['people'])} people")

    plan_row = _write_plan(build.result, plan, shift)
    periods = _write_periods(build, plan_row)
    build.periods[plan.fixture] = periods
    build.open_periods[plan.fixture] = periods[-1]
    objectives = _write_priorities(build, plan, doc, plan_row)
    task_groups = [
        e["name"] for e in doc["people_and_groups"] if e.get("role_or_org") == "Task and Finish Group"
    ]
    for action in build.planned[plan.fixture]:
        objective = objectives[(action.priority_index, action.objective_index)]
        action_row = _write_action(build, plan, action, objective, task_groups, shift)
        _plan_statements(build, plan, action, action_row, periods)
    _backdate_actions(plan_row)
    build.writer.say(f"{plan.title}: {len(build.planned[plan.fixture])} actions")


def _write_partners(writer: _Writer, doc: dict) -> None:
    """The partners the plan's list of people and groups names, in its order (so their ids follow it):
    every group and organisation but its task and finish groups and its people. Leads' and supporters'
    partners follow as the rows that name them are written."""
    people_names = {p["name"] for p in doc["people"]}
    for entry in doc["people_and_groups"]:
        if entry.get("role_or_org") != "Task and Finish Group" and entry["name"] not in people_names:
            for name in partner_names(entry["name"]):
                writer.partner(name)
        if entry.get("group") and entry["group"] != "Teams":
            for name in partner_names(entry["group"]):
                writer.partner(name)


def _write_people(build: _DemoBuild, plan: DemoPlan, doc: dict) -> None:
    """The plan's fictional people, each who leads an action linked to an account of their own (the
    demo officer to the officer login, if this load made it), so statements read "by" their lead."""
    emails = {spec["name"]: email_for(spec["name"], build.writer.emails) for spec in doc["people"]}
    leads = {name for action in build.planned[plan.fixture] for name in action.lead_people}
    lead_users = lead_accounts(leads, build.officer["name"], emails)
    for spec in doc["people"]:
        link_user = (
            build.users["officer"]
            if spec["name"] == build.officer["name"] and "officer" in build.result.users_created
            else lead_users.get(spec["name"])
        )
        person = Person.objects.create(
            name=spec["name"],
            job_title=spec["job_title"],
            email=emails[spec["name"]],
            partner=build.writer.partner(spec["organisation"]),
            user=link_user,
        )
        build.people[(plan.fixture, spec["name"])] = person
        build.result.people += 1


def _write_plan(result: DemoResult, plan: DemoPlan, shift: int) -> Plan:
    plan_row = Plan.objects.create(
        title=plan.title,
        local_area=plan.local_area,
        start_date=add_years(plan.start_date, shift),
        end_date=add_years(plan.end_date, shift),
        description=(
            f"Demo data, based on the published {plan.source}. The people named are fictional; "
            f"organisations, teams and the plan's own words are as printed; dates have been moved "
            f"forward {shift} years."
        ),
    )
    result.plans += 1
    return plan_row


def _write_periods(build: _DemoBuild, plan_row: Plan) -> list[ReportingPeriod]:
    """A period per term, oldest first, the last open from three weeks before today to three weeks
    after. All are written open, as each once was, so that measures' leads can enter their figures;
    `measures_and_past_periods` then closes the past ones (see `final_state`)."""
    today, terms = build.today, build.terms
    periods = []
    for i, term in enumerate(terms):
        as_at = term_as_at(term)
        is_open = i == len(terms) - 1
        periods.append(
            ReportingPeriod.objects.create(
                plan=plan_row,
                name=f"{term[0]} term {term[1]}",
                as_at=as_at,
                opens_on=today - datetime.timedelta(days=21)
                if is_open
                else as_at - datetime.timedelta(days=28),
                closes_on=today + datetime.timedelta(days=21)
                if is_open
                else as_at + datetime.timedelta(days=21),
                state=ReportingPeriod.State.OPEN,
            )
        )
        build.result.periods += 1
    return periods


def final_state(index: int, count: int) -> ReportingPeriod.State:
    """A demo period's state once loaded: published, then closed (the last past term), then open."""
    if index == count - 1:
        return ReportingPeriod.State.OPEN
    return ReportingPeriod.State.CLOSED if index == count - 2 else ReportingPeriod.State.PUBLISHED


def _write_priorities(
    build: _DemoBuild, plan: DemoPlan, doc: dict, plan_row: Plan
) -> dict[tuple[int, int], Objective]:
    """The plan's priorities, each with its lead and objectives. Returns (priority index, objective
    index) -> objective, for the actions."""
    priority_refs = unique_refs([p["ref"] for p in doc["priorities"]], number_if_missing=True)
    objectives: dict[tuple[int, int], Objective] = {}
    for p_index, (priority, ref) in enumerate(zip(doc["priorities"], priority_refs, strict=True)):
        priority_row = Priority.objects.create(
            plan=plan_row,
            ref=ref,
            title=PRIORITY_TITLES.get(priority["title"], priority["title"]),
            description=_priority_description(priority, ref, priority_refs),
            order=p_index + 1,
        )
        lead = build.priority_leads.get((plan.fixture, p_index))
        if lead:
            build.writer.link(priority_row, {"lead_people": [build.people[(plan.fixture, lead)]]})
        build.result.priorities += 1
        for o_index, objective_row in enumerate(_write_objectives(build, plan, doc, priority, priority_row)):
            objectives[(p_index, o_index)] = objective_row
    return objectives


def _priority_description(priority: dict, ref: str, priority_refs: list[str]) -> str:
    """The priority's description as printed, with a note where its printed ref repeated an earlier one,
    or where it is only a heading whose objectives sit under its sub-sections ("3i", "3ii")."""
    description = priority.get("description") or ""
    printed = (priority["ref"] or "").strip()
    if printed and printed != ref:
        note = (
            f"Printed as section “{printed}” in the source document, a number already used; "
            f"shown as {ref} here, the number of the sections that follow it."
        )
        description = f"{note}\n\n{description}".strip()
    if not priority["objectives"]:
        number = re.match(r"\d+", ref)
        subsections = [r for r in priority_refs if number and re.fullmatch(rf"{number.group(0)}[ivx]+", r)]
        if subsections:
            note = f"Section heading: its objectives are under {', '.join(subsections)}."
            description = f"{description}\n\n{note}".strip()
    return description


def _write_objectives(
    build: _DemoBuild, plan: DemoPlan, doc: dict, priority: dict, priority_row: Priority
) -> list[Objective]:
    objective_refs = unique_refs([o["ref"] for o in priority["objectives"]])
    rows = []
    for o_index, (objective, o_ref) in enumerate(zip(priority["objectives"], objective_refs, strict=True)):
        lead_names, lead_partner_names = split_entries(objective["lead"], _aliases(doc))
        objective_row = Objective.objects.create(
            priority=priority_row,
            ref=o_ref,
            title=objective["title"],
            success_measures=objective.get("success_measures") or "",
            monitoring=objective.get("monitoring") or "",
            resources=objective.get("resources") or "",
            order=o_index + 1,
        )
        build.writer.link(
            objective_row,
            {
                "lead_people": [build.people[(plan.fixture, n)] for n in lead_names],
                "lead_partners": [build.writer.partner(n) for n in lead_partner_names],
            },
        )
        rows.append(objective_row)
        build.result.objectives += 1
    return rows


def _write_action(
    build: _DemoBuild,
    plan: DemoPlan,
    action: PlannedAction,
    objective: Objective,
    task_groups: list[str],
    shift: int,
) -> Action:
    """The action with its leads and supporters; its due date shifted with the plan, or its timeframe
    as printed when that is not a date; complete if its latest rating is blue."""
    data = action.data
    due = parse_due(data.get("due"))
    latest = next((r for r in reversed(action.ratings) if r), None)
    action_row = Action.objects.create(
        objective=objective,
        ref=action.ref,
        description=data["description"],
        task_group=canonical_task_group(data.get("task_group"), task_groups)[:200],
        due_date=month_end(due[0] + shift, due[1]) if due else None,
        timeframe="" if due else (data.get("due") or "").strip()[:100],
        success_measures=data.get("success_measures") or "",
        status=Action.Status.COMPLETE if latest == Rag.BLUE else Action.Status.OPEN,
        order=action.order,
    )
    build.writer.link(
        action_row,
        {
            "lead_people": [build.people[(plan.fixture, n)] for n in action.lead_people],
            "lead_partners": [build.writer.partner(n) for n in action.lead_partners],
            "supporting_people": [build.people[(plan.fixture, n)] for n in action.supporting_people],
            "supporting_partners": [build.writer.partner(n) for n in action.supporting_partners],
        },
    )
    build.result.actions += 1
    build.action_rows[id(action)] = action_row
    return action_row


def _plan_statements(
    build: _DemoBuild,
    plan: DemoPlan,
    action: PlannedAction,
    action_row: Action,
    periods: list[ReportingPeriod],
) -> None:
    """The action's statements, one per period it has a rating in, by its author; kept, not written."""
    author = build.author_of(action, plan.fixture)
    build.authors[author.pk] = author
    admin = build.users["admin"]
    lead_name = build.priority_leads.get((plan.fixture, action.priority_index))
    priority_lead = build.people.get((plan.fixture, lead_name)) if lead_name is not None else None
    if author != admin:
        confirmer: User | None = admin
    else:
        confirmer = priority_lead.user if priority_lead is not None else None
    for period, rating, narrative in zip(periods, action.ratings, action.narratives, strict=True):
        if rating is None:
            continue
        confirmed_at, confirmed_by = _confirmation(build, period, author, confirmer)
        build.statements_by_author.setdefault(author.pk, []).append(
            PositionStatement(
                action=action_row,
                period=period,
                rag=rating,
                proposed_rag=rating,
                narrative=narrative,
                author=author,
                confirmed_at=confirmed_at,
                confirmed_by=confirmed_by,
            )
        )


def _confirmation(
    build: _DemoBuild, period: ReportingPeriod, author: User, confirmer: User | None
) -> tuple[datetime.datetime | None, User | None]:
    """(confirmed_at, confirmed_by) for a statement: the second key. Past ratings were all confirmed, by
    the administrator (or, for what the administrator recorded, the priority's lead); in the open
    period, every third lead's rating awaits confirmation. The confirmer is never the author."""
    admin = build.users["admin"]
    is_open = period in build.open_periods.values()  # (every period is open while the demo loads)
    if is_open and author != admin:
        build.open_statements += 1
    if not is_open or author == admin or build.open_statements % 3:
        when = build.today if is_open else _closes_on(period)
        confirmed_at = timezone.make_aware(datetime.datetime.combine(when, datetime.time(10)))
        return confirmed_at, confirmer if confirmer != author else None
    build.result.awaiting_confirmation += 1
    return None, None


def _closes_on(period: ReportingPeriod) -> datetime.date:
    """The day a past period closed: `_write_periods` gives every period one."""
    if period.closes_on is None:
        raise ValueError(f"Demo period “{period.name}” has no closing date to confirm its ratings on.")
    return period.closes_on


def _backdate_actions(plan_row: Plan) -> None:
    """The actions were in the plan from its start: dashboards count them in every period."""
    if plan_row.start_date is None:
        raise ValueError(f"Demo plan “{plan_row.title}” has no start date to backdate its actions to.")
    started = timezone.make_aware(datetime.datetime.combine(plan_row.start_date, datetime.time(9)))
    Action.objects.for_plan(plan_row).update(created_at=started)


def _write_statements(build: _DemoBuild) -> None:
    """Both plans' statements in bulk, a batch per author so that each history row names its author."""
    for author_pk, statements in sorted(build.statements_by_author.items()):
        bulk_create_with_history(statements, PositionStatement, default_user=build.authors[author_pk])
        build.result.statements += len(statements)


def carry_forward_and_rebaseline(build: _DemoBuild) -> None:
    """A few statements carried forward ("no change since last period", by the action's lead) and a few
    due dates moved (by the administrator), through the services, so their history reads as it would
    for real."""
    admin = build.users["admin"]
    if not role_for(admin).is_plan_admin:
        return  # an "admin" account that was already there and is not a plan administrator
    for plan in PLANS:
        _carry_forward(build, plan)
        _rebaseline(build, plan, admin)


def _carry_forward(build: _DemoBuild, plan: DemoPlan) -> None:
    """Actions nobody has updated yet this term, not the officer's (whose to-do list the demo keeps),
    led by a person, with an earlier statement to repeat; spread through the plan."""
    candidates = [
        a
        for a in build.planned[plan.fixture]
        if a.ratings[3] is None
        and a not in build.officer_actions
        and a.lead_people
        and any(r for r in a.ratings[:3])
    ]
    step = max(1, len(candidates) // CARRY_FORWARD_PER_PLAN)
    for action in candidates[::step][:CARRY_FORWARD_PER_PLAN]:
        position_statement_carry_forward(
            user=build.author_of(action, plan.fixture),
            action=build.action_rows[id(action)],
            period=build.open_periods[plan.fixture],
        )
        build.result.carried_forward += 1
        build.result.awaiting_confirmation += 1
        build.result.statements += 1


def _rebaseline(build: _DemoBuild, plan: DemoPlan, admin: User) -> None:
    """Due dates moved with a reason: one still ahead moves a term later; an overdue one (Telford's all
    are) gets a new date at the end of next term."""
    today = build.today
    chosen = _due_dates_to_move(build, plan)
    for i, dated in enumerate(chosen):
        moved = max(dated.due_date, today) + datetime.timedelta(days=92)
        reason = REBASELINE_REASONS[(build.result.rebaselined + i) % len(REBASELINE_REASONS)]
        action_due_date_change(
            user=admin,
            action=dated.row,
            due_date=month_end(moved.year, moved.month),
            reason=reason.format(month=calendar.month_name[today.month]),
        )
    build.result.rebaselined += len(chosen)


class _DatedAction(NamedTuple):
    """An open action with a due date: as planned, as written, and the due date it has."""

    action: PlannedAction
    row: Action
    due_date: datetime.date


def _due_dates_to_move(build: _DemoBuild, plan: DemoPlan) -> list[_DatedAction]:
    """Open actions with a due date: still ahead before overdue; within each, those whose latest rating
    is amber or red first, then the officer's (so the officer sees one)."""
    today = build.today
    dated = [
        _DatedAction(a, row, row.due_date)
        for a in build.planned[plan.fixture]
        if (row := build.action_rows[id(a)]).due_date is not None and row.status == Action.Status.OPEN
    ]
    ahead = sorted(
        (d for d in dated if d.due_date >= today),
        key=lambda d: (not _slipping(d.action), d.action not in build.officer_actions, d.action.order),
    )
    overdue = sorted(
        (d for d in dated if d.due_date < today),
        key=lambda d: (not _slipping(d.action), d.action not in build.officer_actions, -d.action.order),
    )
    return (ahead + overdue)[:REBASELINE_PER_PLAN]


def measures_and_past_periods(build: _DemoBuild) -> None:
    """Each plan's impact measures (`demo_measures`), set up by the administrator, with each period's
    figures entered by the measures' leads while the period is open; then the past period is closed
    (and the older ones published), by the administrator, which locks their figures. Each plan's
    revision is bumped once at the end rather than at every save."""
    admin = build.users["admin"]
    may_set_up = role_for(admin).is_plan_admin  # not an "admin" account that was already there
    with revisions_deferred():
        for plan in PLANS:
            _plan_measures(build, plan, admin, may_set_up)
    plans_touch([periods[0].plan_id for periods in build.periods.values()])


def _plan_measures(build: _DemoBuild, plan: DemoPlan, admin: User, may_set_up: bool) -> None:
    """One plan's measures, each period's figures, and its past periods closed as each is done."""
    periods = build.periods[plan.fixture]
    as_ats = [p.as_at for p in periods]
    measures: list[demo_measures.DemoMeasureRow] = []
    if may_set_up:
        measures = demo_measures.measures_create(
            plan=periods[0].plan,
            fixture=plan.fixture,
            baseline_on=term_as_at(previous_term(build.terms[0])),
            as_ats=as_ats,
            people={
                name: person for (fixture, name), person in build.people.items() if fixture == plan.fixture
            },
            partner=build.writer.partner,
            admin=admin,
        )
        build.result.measures += len(measures)
    refers_to = demo_measures.figure_dates(build.today, as_ats)
    for index, period in enumerate(periods):
        tally = demo_measures.figures_enter(
            measures, period=period, index=index, refers_to=refers_to[index], admin=admin
        )
        build.result.measure_figures += tally.figures
        build.result.measure_figures_awaiting += tally.awaiting
        _settle(period, final_state(index, len(periods)), admin if may_set_up else None)


def inspections_and_findings(build: _DemoBuild) -> None:
    """Each plan's inspection and findings (`demo_findings`), recorded by the administrator (skipped, as
    the measures are, when an "admin" account already there is not a plan administrator). Each plan's
    revision is bumped once at the end."""
    admin = build.users["admin"]
    if not role_for(admin).is_plan_admin:
        return
    first_period_starts = term_as_at(previous_term(build.terms[0])) + datetime.timedelta(days=1)
    with revisions_deferred():
        for plan in PLANS:
            plan_row = build.periods[plan.fixture][0].plan
            _inspection, findings, partners = demo_findings.inspection_create_for_plan(
                plan=plan_row, fixture=plan.fixture, first_period_starts=first_period_starts, admin=admin
            )
            build.result.inspections += 1
            build.result.findings += len(findings)
            build.result.findings_uncovered += sum(
                1 for f in demo_findings.INSPECTIONS[plan.fixture].findings if not f.actions
            )
            build.result.partners += partners
    plans_touch([periods[0].plan_id for periods in build.periods.values()])


def _settle(period: ReportingPeriod, state: ReportingPeriod.State, admin: User | None) -> None:
    """Close a past period, and publish it if it is to be published: a history entry for each."""
    steps = {
        ReportingPeriod.State.OPEN: [],
        ReportingPeriod.State.CLOSED: [ReportingPeriod.State.CLOSED],
        ReportingPeriod.State.PUBLISHED: [ReportingPeriod.State.CLOSED, ReportingPeriod.State.PUBLISHED],
    }[state]
    for step in steps:
        period.state = step
        period._history_user = admin
        period.save()


def _slipping(action: PlannedAction) -> bool:
    return next((r for r in reversed(action.ratings[:3]) if r), None) in (Rag.AMBER, Rag.RED)


def _aliases(doc: dict) -> dict[str, str]:
    return {alias: p["name"] for p in doc["people"] for alias in p["aliases"]}
