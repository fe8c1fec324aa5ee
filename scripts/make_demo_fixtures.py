#!/usr/bin/env python3
"""Make the demo fixtures: the two example council plans with every personal name made fictional.

Run by hand from the repository root (the output is committed):

    .venv/bin/python scripts/make_demo_fixtures.py [--source ../shared/examples]

Reads `telford.json` and `kirklees.json` from the source folder and writes `fixtures/demo/telford.json`
and `fixtures/demo/kirklees.json` in the same schema, with:

- every personal name (full names, names cropped at a page edge, "M Fictionfield" initial-and-surname forms,
  bare initials such as "JW" or "TMcI") replaced by a clearly fictional person: a real-sounding first
  name with the same initial and an obviously invented surname ("Examplewood", "Demoford" ...);
- lead and supporting entries that hold several names, or a name and an organisation, split into
  separate entries ("M Fictionfield T McInvent", "T Pretendly/ HCP",
  "Severn Teaching School (Nell Madeupton)");
- names replaced inside all free text too (titles, statements, notes ...);
- a `people` list: one entry per fictional person with name, job title, organisation, the exact
  strings (aliases) by which the fixture's lead and supporting lists refer to them, and any named
  group they belong to.

Job roles, organisations, teams and groups are kept as printed, and so is all other text. The mapping
is deterministic: people are sorted, names come from fixed lists. After writing, every real personal
name is searched for in the output, case-insensitively; the script fails loudly if one remains.
This file holds no real names itself: it finds them in the source.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = BASE_DIR.parent / "shared" / "examples"
OUTPUT_DIR = BASE_DIR / "fixtures" / "demo"
PLANS = ("telford", "kirklees")

# Where a person's organisation is not printed, they work for this team (a partner named in the plan).
DEFAULT_ORGANISATION = {"telford": "SEND team", "kirklees": "SENACT"}

# ---------------------------------------------------------------------------------------------------
# Fictional names. Surnames are invented (prefix + place-name ending) so no one is a real person;
# first names are ordinary ones, chosen to keep the initial of the name they replace.
SURNAME_PREFIXES = [
    "Example",
    "Demo",
    "Fiction",
    "Sample",
    "Pretend",
    "Invent",
    "Fable",
    "Madeup",
    "Imagin",
    "Notreal",
]
SURNAME_SUFFIXES = [
    "wood",
    "ford",
    "by",
    "ton",
    "field",
    "bury",
    "well",
    "ham",
    "ley",
    "worth",
    "combe",
    "stead",
    "gate",
    "more",
    "brook",
]
FIRST_NAMES = {
    "A": ["Asha", "Alex", "Amara", "Aidan", "Anya", "Arthur", "Abigail", "Ayo", "Annika", "Aled"],
    "B": ["Bethan", "Ben", "Bronwen", "Blessing", "Bilal"],
    "C": ["Chloe", "Callum", "Cerys", "Connor", "Carmen", "Cara", "Cyrus", "Cordelia", "Cormac"],
    "D": ["Daniel", "Divya", "Dylan", "Delia", "Dominic", "Dara"],
    "E": ["Esme", "Ethan", "Eleni", "Edward", "Ebony"],
    "F": ["Freya", "Femi", "Fiona", "Felix"],
    "G": ["Grace", "Gareth", "Gemma", "Gideon", "Greta"],
    "H": ["Hannah", "Harvey", "Hafsa", "Hugo", "Hollie", "Hector", "Heidi"],
    "I": ["Isla", "Imran", "Ines", "Ivor"],
    "J": [
        "Jasmine",
        "Joel",
        "Joanna",
        "Jamal",
        "Judith",
        "Jonah",
        "Jade",
        "Jerome",
        "Juno",
        "Jacob",
        "Jessica",
        "Jai",
        "Josie",
        "Jude",
    ],
    "K": ["Kirsty", "Kwame", "Keira", "Kieran", "Kamala", "Kit", "Kezia"],
    "L": ["Leah", "Luca", "Lorna", "Lewis", "Lydia", "Lamar", "Lucia", "Leon"],
    "M": [
        "Maya",
        "Marcus",
        "Megan",
        "Mohammed",
        "Molly",
        "Mairead",
        "Miles",
        "Marnie",
        "Mateo",
        "Mina",
        "Malcolm",
        "Martha",
    ],
    "N": ["Nadia", "Noah", "Niamh", "Nikhil", "Nell", "Nathan"],
    "O": ["Olive", "Owen", "Orla"],
    "P": ["Priya", "Patrick", "Poppy", "Pavel"],
    "Q": ["Quinn"],
    "R": ["Rosa", "Reuben", "Rhiannon", "Rohan"],
    "S": [
        "Saira",
        "Stella",
        "Samir",
        "Sophie",
        "Stuart",
        "Sienna",
        "Seth",
        "Shona",
        "Solomon",
        "Selina",
        "Sanjay",
        "Skye",
    ],
    "T": ["Tom", "Tamsin", "Tariq", "Tessa", "Theo", "Tilly", "Tobias", "Talia"],
    "U": ["Usha", "Umar"],
    "V": ["Vivienne", "Victor", "Vanessa", "Vikram"],
    "W": ["Willow", "Wesley", "Wendy"],
    "X": ["Xander"],
    "Y": ["Yasmin", "Yusuf"],
    "Z": ["Zara", "Zain", "Zofia"],
}


def fictional_surnames() -> list[str]:
    """The invented surnames in a fixed order that varies prefix (and so initial) from one to the next."""
    names = []
    for i in range(len(SURNAME_PREFIXES) * len(SURNAME_SUFFIXES)):
        prefix = SURNAME_PREFIXES[i % len(SURNAME_PREFIXES)]
        suffix = SURNAME_SUFFIXES[(i // len(SURNAME_PREFIXES) + i) % len(SURNAME_SUFFIXES)]
        names.append(prefix + suffix)
    return list(dict.fromkeys(names))


# ---------------------------------------------------------------------------------------------------
# Recognising names.
FIRST = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
CROPPED_FIRST = r"[a-z]{2,}"
SURNAME = r"(?:Mc|Mac|O')?[A-Z][a-zA-Z]*[a-z](?:-[A-Z][a-z]+)?"
FULL_RE = re.compile(rf"^(?P<first>{FIRST}|{CROPPED_FIRST}) (?P<surname>{SURNAME})$")
INITIAL_RE = re.compile(rf"^(?P<initial>[A-Z])\.? (?P<surname>{SURNAME})$")
# "JW", "JG-S", "TMcI": bare initials (resolved against known people, see below).
INITIALS_RE = re.compile(r"^(?:[A-Z]{2,3}|[A-Z]{1,2}-[A-Z]|[A-Z](?:Mc|Mac)[A-Z])$")
PERSON_TOKEN = rf"(?:[A-Z]\.? {SURNAME}|{FIRST} {SURNAME})"
SEQUENCE_RE = re.compile(rf"^{PERSON_TOKEN}(?:\s*[,&]?\s*{PERSON_TOKEN})+$")
LEADING_FULL_RE = re.compile(rf"^(?P<name>{FIRST} {SURNAME})\s+(?P<rest>\S.*)$")
# Short acronyms that are never someone's initials in these plans.
NOT_INITIALS = {
    "EP",
    "SC",
    "EY",
    "LA",
    "YP",
    "HT",
    "SP",
    "PR",
    "QA",
    "EHC",
    "SEN",
    "CCG",
    "DCO",
    "EPS",
    "PRS",
    "PRP",
    "PRU",
    "JNA",
    "HCP",
    "YCC",
    "ASD",
    "OOB",
    "ISF",
    "AET",
    "SPS",
    "CYP",
    "SALT",
    "IASS",
    "PODS",
}
# Words that make a two-word string a team or organisation, not a person ("Early Help", "Kirklees College").
ORG_WORDS = {
    "help",
    "years",
    "development",
    "commissioning",
    "pathway",
    "board",
    "group",
    "forum",
    "team",
    "teams",
    "lead",
    "leads",
    "chairs",
    "parliament",
    "champions",
    "health",
    "care",
    "school",
    "schools",
    "college",
    "colleges",
    "hub",
    "hubs",
    "leaders",
    "providers",
    "settings",
    "services",
    "service",
    "officers",
    "officer",
    "heads",
    "reps",
    "partnership",
    "programme",
    "commissioners",
    "agencies",
    "primary",
    "secondary",
    "nursery",
    "academy",
    "visitor",
    "families",
    "organisation",
    "education",
    "public",
    "social",
    "special",
    "strand",
    "senior",
    "trust",
    "teaching",
    "child",
    "healthy",
    "young",
    "people",
    "youth",
    "high",
    "head",
    "teachers",
    "jnr",
    "infant",
    "junior",
    "pre-school",
    "council",
    "network",
    "panel",
    "offer",
    "local",
    "champion",
    "unit",
}
# Common given names (not anyone in particular), to find people named only in free text ("work from Sarah
# court about training"). Names that are also months or words (May, June, Amber, Grace ...) are left out.
GIVEN_NAMES = {
    "Aaron",
    "Abbie",
    "Abigail",
    "Adam",
    "Adrian",
    "Aisha",
    "Alan",
    "Alex",
    "Alexander",
    "Alexandra",
    "Alice",
    "Alison",
    "Amanda",
    "Amelia",
    "Amy",
    "Andrea",
    "Andrew",
    "Andy",
    "Angela",
    "Anita",
    "Ann",
    "Anna",
    "Anne",
    "Annette",
    "Anthony",
    "Antony",
    "Barbara",
    "Beth",
    "Bethany",
    "Beverley",
    "Brian",
    "Bridget",
    "Carl",
    "Carol",
    "Caroline",
    "Catherine",
    "Charles",
    "Charlotte",
    "Chloe",
    "Chris",
    "Christine",
    "Christopher",
    "Claire",
    "Clare",
    "Colin",
    "Craig",
    "Damian",
    "Daniel",
    "Danielle",
    "Darren",
    "David",
    "Dawn",
    "Debbie",
    "Deborah",
    "Denise",
    "Diane",
    "Donna",
    "Duncan",
    "Edward",
    "Eleanor",
    "Elizabeth",
    "Ellie",
    "Emily",
    "Emma",
    "Esther",
    "Fiona",
    "Frances",
    "Gail",
    "Gareth",
    "Gary",
    "Gemma",
    "Geoff",
    "Georgina",
    "Gillian",
    "Graham",
    "Hannah",
    "Harriet",
    "Hayley",
    "Heather",
    "Helen",
    "Ian",
    "Jack",
    "Jacqueline",
    "James",
    "Jamie",
    "Jan",
    "Jane",
    "Janet",
    "Jason",
    "Jayne",
    "Jennifer",
    "Jenny",
    "Jessica",
    "Jo",
    "Joanne",
    "John",
    "Jonathan",
    "Joseph",
    "Julia",
    "Julie",
    "Justin",
    "Karen",
    "Kate",
    "Katherine",
    "Katie",
    "Kelly",
    "Kerry",
    "Kevin",
    "Kim",
    "Kirsty",
    "Laura",
    "Lauren",
    "Leanne",
    "Lee",
    "Lesley",
    "Linda",
    "Lindsey",
    "Lisa",
    "Liz",
    "Lorraine",
    "Louise",
    "Lucy",
    "Lynn",
    "Lynne",
    "Marc",
    "Margaret",
    "Maria",
    "Marianne",
    "Marie",
    "Martin",
    "Mary",
    "Matthew",
    "Maureen",
    "Melanie",
    "Michael",
    "Michelle",
    "Natalie",
    "Neil",
    "Nicola",
    "Nicholas",
    "Nick",
    "Nicky",
    "Paul",
    "Paula",
    "Peter",
    "Phil",
    "Philip",
    "Rachel",
    "Rebecca",
    "Richard",
    "Robert",
    "Ruth",
    "Sally",
    "Sam",
    "Samantha",
    "Sandra",
    "Sarah",
    "Sharon",
    "Simon",
    "Sophie",
    "Stan",
    "Stephanie",
    "Stephen",
    "Steve",
    "Steven",
    "Stuart",
    "Sue",
    "Susan",
    "Suzanne",
    "Tania",
    "Teresa",
    "Thomas",
    "Tim",
    "Timothy",
    "Tina",
    "Toby",
    "Tom",
    "Tony",
    "Tracey",
    "Tracy",
    "Vicki",
    "Vicky",
    "Victoria",
    "Wendy",
}
FUNCTION_WORDS = {
    "and",
    "or",
    "the",
    "to",
    "of",
    "in",
    "on",
    "at",
    "for",
    "with",
    "from",
    "is",
    "was",
    "has",
    "have",
    "will",
    "would",
    "can",
    "who",
    "which",
    "about",
    "said",
    "are",
    "be",
    "by",
    "as",
    "a",
    "an",
}
# role_or_org values that are a job, not an organisation.
ROLE_RE = re.compile(r"\b(?:EP|Head of|Lead|Officer|Manager|SDM|DCO|Commissioner|Coordinator|SENCO)\b")
ROLE_TITLES = {"EP": "Educational Psychologist", "DCO": "Designated Clinical Officer"}
GROUP_TITLES = {"SENCO Champions": "SENCO", "Early Years Champions": "Early Years SEN Champion"}
# Job titles suggested by what a person leads (first match with the most hits wins).
TITLE_KEYWORDS = [
    ("Early Years SEND Lead", r"early years|\bEY\b|0-5|pre-?school|nursery|health visitor"),
    ("Joint Commissioning Manager", r"commission|contract|tripartite|tripartile|market"),
    ("Local Offer and Participation Officer", r"local offer|coproduction|parent|engagement|voice|feedback"),
    ("SEND Statutory Services Manager", r"\bEHC|annual review|statutory|tribunal|appeal|mediation"),
    ("Preparation for Adulthood Lead", r"adulthood|post[ -]?1[46]|\bPfA\b|\bPFA\b|college|16-25"),
    ("Learning Support Advisory Teacher", r"autism|SENCo|LSAT|literacy|self[- ]?review"),
    ("Inclusion and Exclusions Manager", r"exclusion|\bPRS\b|\bPRU\b|SEMH|fair access|managed transfer"),
    ("High Needs Finance Manager", r"funding|budget|finance|top-up|banding"),
    ("School Organisation Manager", r"capital|special school|places|sufficien"),
    ("Workforce Development Lead", r"training|workforce|\bCPD\b|induction"),
    ("SEND Performance and Data Analyst", r"\bdata\b|intelligence|dashboard|scorecard"),
    ("Head of SEND and Inclusion", r"strategy|provision|inclusive|high needs"),
]
# Job titles suggested by a printed organisation (first match wins).
ORGANISATION_TITLES = [
    (r"social care", "Social Care Team Manager"),
    (r"Healthy Child", "Healthy Child Programme Lead"),
    (r"Public Health", "Public Health Practitioner"),
    (r"Careers", "Careers Adviser"),
    (r"College", "Additional Learning Support Manager"),
    (r"PCAN|PODS|parent carer", "Parent Carer Forum Representative"),
    (r"KIAS|IASS", "SENDIASS Adviser"),
    (r"Teaching School", "Teaching School SEND Lead"),
    (r"Nursery|Pre-school", "Nursery Manager"),
    (r"Primary|High\b|Academy|School|PRU|\bJI|Jnr|\bIN\b", "SENCO"),
    (r"SENACT", "SEND Assessment Coordinator"),
    (r"\bEP\b|Psycholog", "Educational Psychologist"),
]
FALLBACK_TITLES = [
    "SEND Service Manager",
    "Head of Inclusion",
    "SEND Officer",
    "Inclusion Manager",
    "SEND Project Officer",
    "Senior SEND Caseworker",
]


@dataclass(eq=False)
class Person:
    plan: str
    first: str | None  # None when only the initial is printed ("M Fictionfield")
    initial: str
    surname: str | None  # None when only bare initials are printed
    role_or_org: str | None = None
    groups: list[str] = field(default_factory=list)
    raw_forms: set[str] = field(default_factory=set)  # every string in a list that named them
    initials_forms: set[str] = field(default_factory=set)  # bare initials that named them ("JW")
    led_text: list[str] = field(default_factory=list)
    supported_text: list[str] = field(default_factory=list)
    # fictional identity
    fict_first: str = ""
    fict_surname: str = ""
    aliases: set[str] = field(default_factory=set)

    @property
    def real_full(self) -> str | None:
        return f"{self.first} {self.surname}" if self.first and self.surname else None

    @property
    def key(self) -> tuple:
        return (self.plan, (self.surname or "").lower(), self.initial, (self.first or "").lower())

    @property
    def fict_full(self) -> str:
        return f"{self.fict_first} {self.fict_surname}"

    @property
    def fict_initial_form(self) -> str:
        return f"{self.fict_first[0]} {self.fict_surname}"

    @property
    def fict_initials(self) -> str:
        return self.fict_first[0] + self.fict_surname[0]


def is_person_words(first: str, surname: str) -> bool:
    return first.lower() not in ORG_WORDS and surname.lower() not in ORG_WORDS


def similar_first(a: str, b: str) -> bool:
    """Is `a` the same first name as `b`, allowing for a crop at the page edge or an OCR slip?"""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    if len(a) >= 2 and (b.endswith(a) or b.startswith(a)):
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.6


def similar_surname(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    return min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)) and abs(len(a) - len(b)) <= 2


class Registry:
    """The real people of one plan, found in people_and_groups and in the lead/supporting lists."""

    def __init__(self, plan: str):
        self.plan = plan
        self.people: list[Person] = []

    def add_listed(self, name: str, role_or_org: str | None, group: str | None) -> Person | None:
        m = FULL_RE.match(name)
        if m and m.group("first")[0].isupper() and is_person_words(m.group("first"), m.group("surname")):
            person = self.resolve_full(name, create=True)
        elif (m := INITIAL_RE.match(name)) and m.group("surname").lower() not in ORG_WORDS:
            person = self.resolve_initial(name, create=True)
        else:
            return None
        if role_or_org and not person.role_or_org:
            person.role_or_org = role_or_org
        if group and group not in person.groups:
            person.groups.append(group)
        return person

    def resolve_full(self, text: str, *, create: bool) -> Person | None:
        m = FULL_RE.match(text)
        first, surname = m.group("first"), m.group("surname")
        cropped = first[0].islower()
        for p in self.people:
            if (
                p.first
                and p.surname
                and p.first.lower() == first.lower()
                and p.surname.lower() == surname.lower()
            ):
                return p
        for p in self.people:
            if (
                p.first
                and p.surname
                and (
                    (p.surname.lower() == surname.lower() and similar_first(first, p.first))
                    or (p.first.lower() == first.lower() and similar_surname(surname, p.surname))
                )
            ):
                return p
        # "S Fablecroft" printed before "Sharon Fablecroft" was known: upgrade the initial-only person.
        for p in self.people:
            if (
                not p.first
                and p.surname
                and p.surname.lower() == surname.lower()
                and p.initial == first[0].upper()
            ):
                if not cropped:
                    p.first = first
                return p
        if not create or cropped:
            return None
        person = Person(plan=self.plan, first=first, initial=first[0], surname=surname)
        self.people.append(person)
        return person

    def resolve_initial(self, text: str, *, create: bool) -> Person | None:
        m = INITIAL_RE.match(text)
        initial, surname = m.group("initial"), m.group("surname")
        matches = [
            p
            for p in self.people
            if p.surname and p.surname.lower() == surname.lower() and p.initial == initial
        ]
        if matches:
            return sorted(matches, key=lambda p: p.first is None)[0]
        if not create:
            return None
        person = Person(plan=self.plan, first=None, initial=initial, surname=surname)
        self.people.append(person)
        return person

    def resolve_initials(self, text: str, context: str, *, allow_new: bool) -> Person | None:
        """Bare initials: a known person whose initials they are (context decides a tie), else someone new."""
        candidates = [p for p in self.people if p.surname and text in initials_of(p.initial, p.surname)]
        if len(candidates) > 1:
            words = set(re.findall(r"[A-Za-z]+", context.lower()))

            def overlap(p: Person) -> int:
                return len(words & set(re.findall(r"[A-Za-z]+", (p.role_or_org or "").lower())))

            candidates.sort(key=lambda p: (-overlap(p), p.key))
        if candidates:
            return candidates[0]
        if text in NOT_INITIALS or not allow_new:
            return None
        person = Person(plan=self.plan, first=None, initial=text[0], surname=None)
        self.people.append(person)
        return person


def initials_of(initial: str, surname: str) -> set[str]:
    parts = surname.split("-")
    forms = {initial + "".join(p[0] for p in parts), initial + "-".join(p[0] for p in parts)}
    if len(parts) > 1:
        forms.add(initial + parts[0][0] + "-" + parts[1][0])
    for prefix in ("Mc", "Mac"):
        if surname.startswith(prefix) and len(surname) > len(prefix):
            forms.add(initial + prefix + surname[len(prefix)])
    return forms


# ---------------------------------------------------------------------------------------------------
# Lead and supporting entries.
def split_entry(entry: str, known_full: set[str] = frozenset()) -> list[str]:
    """Split one lead/supporting string into pieces at brackets, slashes and runs of names.

    Only used when a piece turns out to be a person; otherwise the entry is kept whole, as printed.
    """
    pieces = [p.strip(" ,.") for p in re.split(r"\s*\(\s*|\s*\)\s*|(?<!\d)\s*/\s*(?!\d)", entry)]
    out = []
    for piece in pieces:
        if not piece:
            continue
        if SEQUENCE_RE.match(piece):
            tokens = [t.strip() for t in re.findall(PERSON_TOKEN, piece)]
            if all(classify(t) in ("full", "initial") for t in tokens):
                out.extend(tokens)
                continue
        m = LEADING_FULL_RE.match(piece)
        if m and m.group("name").lower() in known_full:
            out.extend([m.group("name"), m.group("rest")])
            continue
        out.append(piece)
    return out


def classify(piece: str) -> str:
    if (m := FULL_RE.match(piece)) and is_person_words(m.group("first"), m.group("surname")):
        return "cropped" if m.group("first")[0].islower() else "full"
    if (m := INITIAL_RE.match(piece)) and m.group("surname").lower() not in ORG_WORDS:
        return "initial"
    if INITIALS_RE.match(piece):
        return "initials"
    return "other"


def list_fields(doc: dict):
    """Every lead/supporting list of the plan, with the text of the objective or action it belongs to."""
    for priority in doc["priorities"]:
        for objective in priority["objectives"]:
            yield objective, "lead", objective["title"]
            yield objective, "supporting", objective["title"]
            for action in objective["actions"]:
                text = " ".join(filter(None, [action["description"], action.get("task_group") or ""]))
                yield action, "lead", text
                yield action, "supporting", text


def find_people(doc: dict, plan: str) -> tuple[Registry, dict[int, list[tuple[str, Person | None]]]]:
    """Collect the plan's real people and resolve every list entry to pieces (text, person or None)."""
    registry = Registry(plan)
    for entry in doc["people_and_groups"]:
        if entry.get("role_or_org") == "Task and Finish Group" or entry.get("group") == "Teams":
            continue
        registry.add_listed(entry["name"], entry.get("role_or_org"), entry.get("group"))

    entries = sorted({e for obj, key, _ in list_fields(doc) for e in obj[key]})
    # Full names first (so cropped ones and initials find them), then "I Surname", then bare initials.
    known_full = {p.real_full.lower() for p in registry.people if p.real_full}
    split = {e: split_entry(e, known_full) for e in entries}
    for kind in ("full", "cropped", "initial", "initials"):
        for entry in entries:
            for piece in split[entry]:
                if classify(piece) != kind:
                    continue
                if kind == "full":
                    registry.resolve_full(piece, create=True)
                elif kind == "cropped":
                    registry.resolve_full(piece, create=False)
                elif kind == "initial":
                    registry.resolve_initial(piece, create=True)

    resolved: dict[str, list[tuple[str, Person | None]]] = {}
    for entry in entries:
        pieces = []
        for piece in split[entry]:
            kind = classify(piece)
            person = None
            if kind in ("full", "cropped"):
                person = registry.resolve_full(piece, create=False)
            elif kind == "initial":
                person = registry.resolve_initial(piece, create=False)
            elif kind == "initials":
                # Bare initials are someone known ("TMcI"), or someone new when printed beside a role or
                # other names ("Senior EP (JW)", "JB/ PW / JG-S"); alone they are an acronym ("PRS").
                person = registry.resolve_initials(piece, entry, allow_new=len(split[entry]) > 1)
            if person is not None:
                if kind == "initials":
                    person.initials_forms.add(piece)
                else:
                    person.raw_forms.add(piece)
            pieces.append((piece, person))
        if not any(person for _, person in pieces):
            pieces = [(entry, None)]  # no one named: keep the entry whole, as printed
        resolved[entry] = pieces

    find_free_text_people(doc, registry)
    for obj, key, text in list_fields(doc):
        for entry in obj[key]:
            for _, person in resolved[entry]:
                if person is not None:
                    (person.led_text if key == "lead" else person.supported_text).append(text)
    return registry, resolved


def free_text(value, skip=("people_and_groups", "lead", "supporting", "source")):
    if isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                yield from free_text(v, skip)
    elif isinstance(value, list):
        for v in value:
            yield from free_text(v, skip)
    elif isinstance(value, str):
        yield value


def find_free_text_people(doc: dict, registry: Registry) -> None:
    """People named only in the text: a given name and a surname, however the OCR cased it."""
    pattern = re.compile(rf"\b({'|'.join(sorted(GIVEN_NAMES))}) ([A-Z][a-z]+|[a-z]{{3,}})\b(?:\s+(\w+))?")
    for text in free_text(doc):
        for m in pattern.finditer(text):
            first, surname, following = m.group(1), m.group(2), m.group(3) or ""
            if surname.lower() in FUNCTION_WORDS or surname.lower() in ORG_WORDS:
                continue
            if following.lower() in ORG_WORDS or following.lower() in {"academy", "house", "centre", "road"}:
                continue  # "Joseph Norton Academy" is a school
            name, surname = f"{first} {surname}", surname[:1].upper() + surname[1:]
            if not FULL_RE.match(f"{first} {surname}") or registry.resolve_full(
                f"{first} {surname}", create=False
            ):
                continue
            person = Person(plan=registry.plan, first=first, initial=first[0], surname=surname)
            person.raw_forms.add(name)
            registry.people.append(person)


# ---------------------------------------------------------------------------------------------------
# Fictional identities.
def assign_fictional(registries: list[Registry]) -> None:
    surnames = fictional_surnames()
    used_surnames: set[str] = set()
    used_firsts: dict[str, int] = {}
    people = sorted((p for r in registries for p in r.people), key=lambda p: p.key)
    real_surnames = {p.surname.lower() for p in people if p.surname}
    real_firsts = {p.first.lower() for p in people if p.first}
    for person in people:
        for candidate in surnames:
            if candidate in used_surnames or candidate.lower() in real_surnames:
                continue
            if person.surname and candidate[0] == person.surname[0].upper():
                continue  # keep no trace of the real initials
            person.fict_surname = candidate
            used_surnames.add(candidate)
            break
        else:
            raise SystemExit("Ran out of fictional surnames: add to SURNAME_PREFIXES/SURNAME_SUFFIXES.")
        pool = FIRST_NAMES[person.initial.upper()]
        # Never a real first name or surname from the plans (a first name "Martin" would look like one).
        choices = [n for n in pool if n.lower() not in real_firsts | real_surnames] or pool
        # The least used name of the pool (pool order breaks ties), so names repeat as little as possible.
        person.fict_first = min(choices, key=lambda n: (used_firsts.get(n, 0), choices.index(n)))
        used_firsts[person.fict_first] = used_firsts.get(person.fict_first, 0) + 1


def job_title_and_organisation(person: Person, index: int, used: set[str]) -> tuple[str, str]:
    role_or_org = (person.role_or_org or "").strip()
    is_role = bool(role_or_org) and bool(ROLE_RE.search(role_or_org))
    organisation = role_or_org if role_or_org and not is_role else DEFAULT_ORGANISATION[person.plan]
    if is_role:
        title = ROLE_TITLES.get(role_or_org, role_or_org[:1].upper() + role_or_org[1:])
        return title, organisation
    for group in person.groups:
        if group in GROUP_TITLES:
            return GROUP_TITLES[group], organisation
    if role_or_org:
        for pattern, title in ORGANISATION_TITLES:
            if re.search(pattern, role_or_org, flags=re.IGNORECASE):
                return title, organisation
    text = " ".join(person.led_text * 2 + person.supported_text)
    scored = []
    for rank, (title, pattern) in enumerate(TITLE_KEYWORDS):
        hits = len(re.findall(pattern, text, flags=re.IGNORECASE))
        if hits:
            scored.append((-hits, rank, title))
    scored.sort()
    # The best fit nobody else in the plan has yet, so a team is not all "Head of SEND".
    for _, _, title in scored:
        if title not in used:
            return title, organisation
    if scored:
        return scored[0][2], organisation
    return FALLBACK_TITLES[index % len(FALLBACK_TITLES)], organisation


# ---------------------------------------------------------------------------------------------------
# Replacing names in text.
def walk_strings(value, fn):
    """Return `value` with fn applied to every string inside it."""
    if isinstance(value, str):
        return fn(value)
    if isinstance(value, list):
        return [walk_strings(v, fn) for v in value]
    if isinstance(value, dict):
        return {k: walk_strings(v, fn) for k, v in value.items()}
    return value


def all_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from all_strings(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from all_strings(v)


def distinctive_surnames(people: list[Person], docs: list[dict]) -> set[str]:
    """Surnames that are never an ordinary word or part of an organisation's name in the source.

    These are replaced wherever they appear, so garbled full names ("Statile Examplewood") go too.
    """
    org_text = []
    for doc in docs:
        for entry in doc["people_and_groups"]:
            org_text += [entry.get("role_or_org") or "", entry.get("group") or ""]
        for obj, key, _ in list_fields(doc):
            org_text += [e for e in obj[key] if classify(e) == "other"]
    org_blob = "\n".join(org_text)
    source_blob = "\n".join(s for doc in docs for s in all_strings(doc))
    out = set()
    for person in people:
        if not person.surname or len(person.surname) < 3:
            continue
        s = person.surname
        if re.search(rf"\b{re.escape(s)}\b", org_blob, flags=re.IGNORECASE):
            continue
        if re.search(rf"\b{re.escape(s.lower())}\b", source_blob):  # used as a lowercase word
            continue
        out.add(s)
    return out


class Replacer:
    def __init__(
        self,
        people: list[Person],
        distinctive: set[str],
        plan_people: list[Person] = (),
        source_blob: str = "",
    ):
        self.rules: list[tuple[re.Pattern, object]] = []
        forms: list[tuple[str, Person, str]] = []  # (form, person, kind)
        for p in people:
            if p.real_full:
                forms.append((p.real_full, p, "full"))
            for raw in p.raw_forms:
                forms.append((raw, p, "initial" if INITIAL_RE.match(raw) else "full"))
            if p.surname:
                forms.append((f"{p.initial} {p.surname}", p, "initial"))
        # Longest first, so "Marianne Imaginwell" goes before "anne Imaginwell".
        for form, person, kind in sorted(set(forms), key=lambda f: (-len(f[0]), f[0])):
            if kind == "full":
                pattern = re.compile(rf"(?<!\w){re.escape(form)}\b", re.IGNORECASE)
                self.rules.append((pattern, person.fict_full))
            else:
                initial, surname = form.split(" ", 1)
                pattern = re.compile(rf"\b{initial}\.? {re.escape(surname)}\b")
                self.rules.append((pattern, person.fict_initial_form))
        for p in sorted(people, key=lambda p: p.key):
            for form in sorted(p.initials_forms):
                self.rules.append((re.compile(rf"\b{re.escape(form)}\b"), p.fict_initials))
        for p in sorted(people, key=lambda p: p.key):
            if p.surname in distinctive:
                self.rules.append(
                    (
                        re.compile(rf"(?:\b(\w+)\s+)?\b{re.escape(p.surname)}\b", re.IGNORECASE),
                        self._surname_fn(p),
                    )
                )
        # A first name left on its own by the source's interleaving ("Laura SDM Demoton", "Examplewood/ Sue"):
        # replaced when only one person of the plan has it and it is never an ordinary word.
        firsts: dict[str, list[Person]] = {}
        for p in plan_people:
            if p.first:
                firsts.setdefault(p.first, []).append(p)
        for first, owners in sorted(firsts.items()):
            if len(owners) == 1 and len(first) >= 3 and not re.search(rf"\b{first.lower()}\b", source_blob):
                self.rules.append(
                    (re.compile(rf"(?<![\w-]){re.escape(first)}\b(?![-'’]\w)"), owners[0].fict_first)
                )

    @staticmethod
    def _surname_fn(person: Person):
        def replace(m: re.Match) -> str:
            before = m.group(1)
            # A garbled first name before the surname ("Statile" for the real one) goes with it.
            if (
                before
                and person.first
                and (
                    similar_first(before, person.first)
                    or difflib.SequenceMatcher(None, before.lower(), person.first.lower()).ratio() >= 0.55
                )
            ):
                return person.fict_full
            if before and before.upper() == person.initial:
                return person.fict_initial_form
            return (before + " " if before else "") + person.fict_surname

        return replace

    def __call__(self, text: str) -> str:
        for pattern, repl in self.rules:
            text = pattern.sub(repl, text)
        return text


# ---------------------------------------------------------------------------------------------------
@dataclass
class Cast:
    """The real people of both plans, each with a fictional identity (the same on every run).

    scripts/make_test_workbooks.py uses it too, so the test workbooks name the demo's people.
    """

    docs: dict[str, dict]  # plan -> the source transcription
    found: dict[str, tuple[Registry, dict]]  # plan -> its people and its resolved list entries
    everyone: list[Person]
    distinctive: set[str]

    def replacer(self, plan: str) -> Replacer:
        """Replaces every real name in a text of `plan` (the other plan's people too)."""
        source_blob = "\n".join(all_strings(self.docs[plan]))
        return Replacer(self.everyone, self.distinctive, self.found[plan][0].people, source_blob)


def cast(source: Path) -> Cast:
    docs = {plan: json.loads((source / f"{plan}.json").read_text(encoding="utf-8")) for plan in PLANS}
    found = {plan: find_people(docs[plan], plan) for plan in PLANS}
    registries = [found[plan][0] for plan in PLANS]
    assign_fictional(registries)
    everyone = [p for r in registries for p in r.people]
    return Cast(docs, found, everyone, distinctive_surnames(everyone, list(docs.values())))


def build(source: Path) -> tuple[dict[str, dict], list[Person], set[str]]:
    named = cast(source)
    docs, found, everyone, distinctive = named.docs, named.found, named.everyone, named.distinctive
    outputs = {}
    for plan in PLANS:
        registry, resolved = found[plan]
        replace = named.replacer(plan)
        doc = docs[plan]

        def rewrite_list(entries: list[str], resolved=resolved, replace=replace) -> list[str]:
            out = []
            for entry in entries:
                for piece, person in resolved[entry]:
                    if person is None:
                        text = replace(piece)
                    elif piece in person.initials_forms:
                        text = person.fict_initials
                    elif INITIAL_RE.match(piece):
                        text = person.fict_initial_form
                    else:
                        text = person.fict_full
                    if person is not None:
                        person.aliases.add(text)
                    if text not in out:
                        out.append(text)
            return out

        new = {"source": doc["source"], "plan": walk_strings(doc["plan"], replace), "priorities": []}
        for priority in doc["priorities"]:
            new_priority = {k: walk_strings(v, replace) for k, v in priority.items() if k != "objectives"}
            new_priority["objectives"] = []
            for objective in priority["objectives"]:
                new_objective = {}
                for k, v in objective.items():
                    if k in ("lead", "supporting"):
                        new_objective[k] = rewrite_list(v)
                    elif k != "actions":
                        new_objective[k] = walk_strings(v, replace)
                new_objective["actions"] = []
                for action in objective["actions"]:
                    new_action = {
                        k: rewrite_list(v) if k in ("lead", "supporting") else walk_strings(v, replace)
                        for k, v in action.items()
                    }
                    new_objective["actions"].append(new_action)
                new_priority["objectives"].append(new_objective)
            new["priorities"].append(new_priority)

        people_and_groups = []
        for entry in doc["people_and_groups"]:
            entry = dict(entry)
            person = next(
                (p for p in registry.people if entry["name"] in (p.real_full, f"{p.initial} {p.surname}")),
                None,
            )
            if (
                person is not None
                and entry.get("role_or_org") != "Task and Finish Group"
                and entry.get("group") != "Teams"
            ):
                entry["name"] = person.fict_full
            people_and_groups.append(walk_strings(entry, replace))
        new["people_and_groups"] = people_and_groups
        new["notes"] = walk_strings(doc["notes"], replace) + [
            "Demo fixture (scripts/make_demo_fixtures.py): every personal name has been replaced by a "
            "fictional one, in lists and in free text; lead and supporting entries naming several people, or "
            "a person and an organisation, were split into separate entries; `people` lists the fictional "
            "people with a job title and organisation. All other text is as printed."
        ]

        people = []
        used_titles: set[str] = set()
        # Most involved first, so the people who lead most get the best-fitting titles.
        by_involvement = sorted(
            registry.people, key=lambda p: (-len(p.led_text), -len(p.supported_text), p.key)
        )
        titles = {}
        for index, person in enumerate(by_involvement):
            titles[id(person)] = job_title_and_organisation(person, index, used_titles)
            used_titles.add(titles[id(person)][0])
        for person in sorted(registry.people, key=lambda p: p.fict_full):
            title, organisation = titles[id(person)]
            people.append(
                {
                    "name": person.fict_full,
                    "job_title": replace(title),
                    "organisation": replace(organisation),
                    "aliases": sorted(person.aliases | {person.fict_full}),
                    "groups": [replace(g) for g in person.groups],
                }
            )
        new["people"] = people
        outputs[plan] = new
    verify(outputs, everyone, distinctive)
    return outputs, everyone, distinctive


def forbidden_patterns(people: list[Person], distinctive: set[str]) -> list[tuple[str, re.Pattern]]:
    patterns = []
    for p in people:
        names = set(p.raw_forms)
        if p.real_full:
            names.add(p.real_full)
        if p.surname:
            names.add(f"{p.initial} {p.surname}")
        for name in sorted(names):
            patterns.append((name, re.compile(rf"(?<!\w){re.escape(name)}\b", re.IGNORECASE)))
        for form in sorted(p.initials_forms):
            patterns.append((form, re.compile(rf"\b{re.escape(form)}\b")))
    for surname in sorted(distinctive):
        patterns.append((surname, re.compile(rf"\b{re.escape(surname)}\b", re.IGNORECASE)))
    return patterns


def verify(outputs: dict[str, dict], people: list[Person], distinctive: set[str]) -> None:
    """Fail loudly if any real personal name is left anywhere in the output."""
    problems = []
    patterns = forbidden_patterns(people, distinctive)
    for plan, doc in outputs.items():
        text = json.dumps(doc, ensure_ascii=False)
        for name, pattern in patterns:
            for m in pattern.finditer(text):
                problems.append(
                    f"{plan}: real name {name!r} remains: …{text[max(0, m.start() - 40) : m.end() + 40]}…"
                )
    fictional = {p.fict_surname.lower() for p in people}
    clash = fictional & {p.surname.lower() for p in people if p.surname}
    if clash:
        problems.append(f"fictional surnames that are real ones here: {sorted(clash)}")
    if problems:
        sys.stderr.write("\n".join(problems) + "\n")
        raise SystemExit(
            f"FAILED: {len(problems)} real personal name(s) left in the demo fixtures; "
            "nothing is safe to commit."
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--source", type=Path, default=DEFAULT_SOURCE, help="folder holding telford.json and kirklees.json"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR)
    args = parser.parse_args(argv)
    outputs, people, distinctive = build(args.source)
    args.output.mkdir(parents=True, exist_ok=True)
    for plan, doc in outputs.items():
        path = args.output / f"{plan}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(
            f"wrote {path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path}: "
            f"{len(doc['people'])} fictional people"
        )
    # Check what is on disk too, in case of a stale or hand-edited file.
    verify(
        {plan: json.loads((args.output / f"{plan}.json").read_text(encoding="utf-8")) for plan in outputs},
        people,
        distinctive,
    )
    print("verified: no real personal name remains")
    return 0


if __name__ == "__main__":
    sys.exit(main())
