"""Lead and "Supported by" text → the people and partners it names.

A cell often holds several names, written however the officer wrote them: one per line,
"Nadia Examplewood / Cara Demoford", "JB/ PW / JG-S", "Lena Fablegate & Kit Samplebury",
"Hub Leaders, commissioners and strategic leads", even "M Fictionfield T McInvent" with nothing between.

Splitting, in order (never inside brackets: "Severn Teaching School (Nell Madeupton)" stays whole):
1. new lines and ";";
2. "/" (but not between digits: "Reps EY KS1/2" is one group);
3. "," and, in such a list, a final "x and y" whose first part starts in lower case ("commissioners
   and strategic leads": the enumeration continues); but single describing words before one noun
   ("Private, voluntary and independent nurseries") are one group. A capitalised "Health and social
   care reps" or "Secondary Schools and Post 16 providers" is kept whole: it may be the name of one
   service;
4. "&" or "and" between two people's names ("Lena Fablegate & Kit Samplebury"), never between other words
   ("Primary & Secondary schools", "Schools and settings");
5. names run together: "M Fictionfield T McInvent" (initial + surname, repeated), or four capitalised
   name words with no organisation word ("Nadia Examplewood Cara Demoford").
A full stop that ends the cell is dropped ("School Organisation.").

Person or partner (organisation, team, group or role), decided per entry:
- any organisation word (team, service, group, lead(s), school(s), board, forum, partners, agencies,
  officers, reps, health, council, LA, college, champions...) → partner;
- first name + surname, initial(s) + surname ("M Fictionfield", "T McInvent"), or a name cut at the page
  edge ("anne Imaginwell") → person;
- bare capitals are usually acronyms (PRS, DCO, PODS, SENACT), so 2-3 capitals ("JB", "JG-S") are a
  person's initials only when every entry in the cell is such initials ("JB/ PW / JG-S") and none is
  a known acronym; "TMcI" (Mc/Mac inside) is always initials. This departs from a plain "2-4 capitals
  = person" rule because four-letter acronyms (PODS, IASS, SOAP) are common in plans;
- a bracket keeps extra detail as a note: "T Pretendly (Healthy Child Programme)" is the person
  T Pretendly; "Severn Teaching School (Nell Madeupton)" is the person Nell Madeupton, noted with the
  school; "Senior EP (JW)" is the person JW; "PCA Champions (SEND)" is a partner. The detail is also
  the person's job title or organisation when it reads as one (below): Healthy Child Programme,
  Severn Teaching School, Senior EP; "J Madeupby (Woodley)" says where, not who employs them;
- a person's name followed by an organisation ("Ali Notrealby Public Health") is that person,
  noted with the organisation, unless the organisation is one word that ends organisations' names
  ("Supported Internships Forum" is one partner);
- everything else is a partner.

A person's job title or organisation, written beside the name, stays with the person:
"Sam Examplewood, Assistant Principal", "Jo Demoford - SENCo", "Jo Demoford (SENCo)" and
"Priya Fictionfield, Exampleshire Council" are each one person, and so are "Chair: Jo Demoford" and
"Head of SEND - Sam Examplewood" (title first). After a person's name, a part that ends in a
job-title word (JOB_TITLE_WORDS: "Assistant Principal", "SEND Team Lead") or starts with one and
"of"/"for" ("Head of Inclusion") is the job title; one with an organisation word is the
organisation, but after a comma only when the line holds just the two ("Jo Demoford, Exampleshire
Council"): in a longer list ("Jo Demoford, Settings representative, EYQT") each part is a name.

Entries that name nobody are not names (`NotAName`), so no person or partner is made of them; the
parser keeps their text as a note on the item, with a warning (nothing the council wrote is lost):
- a job title alone, every word a job-title word or qualifier: "Primary Head", "Assistant Principal",
  "SENCo", "Parents", "SENCOs". An organisation word or a proper name makes it a partner ("SEND
  Team", "Headteacher Reference Group", "Parent Carer Forum"). A plural title names a group, so a
  partner ("commissioners", "Primary Heads", "Secondary head teachers"), except a one-word "Parents",
  "Carers", "SENCOs", "Heads", "Headteachers" or "Chairs", which plans write for a role;
- a stand-in for a name: "tbc", "TBD", "?", "n/a", "All", "Various";
- a sentence: a line of more than eight words, mostly lower case, with no list punctuation; or of
  four or more words with a verb, ending in a full stop or mostly lower case ("To be agreed at the
  next board meeting.", "Officers will agree this in May").
"""

import functools
import re
from dataclasses import dataclass

PERSON = "person"
PARTNER = "partner"
# Why an entry is not a name (NotAName.why).
ROLE = "role"
STAND_IN = "stand_in"
SENTENCE = "sentence"

# The words job titles end in (singular): "Assistant Principal", "SEND Team Lead", "SENCo".
JOB_TITLE_WORDS = {
    "head",
    "headteacher",
    "headmaster",
    "headmistress",
    "teacher",
    "principal",
    "senco",
    "sendco",
    "manager",
    "officer",
    "director",
    "lead",
    "leader",
    "coordinator",
    "co-ordinator",
    "advisor",
    "adviser",
    "psychologist",
    "therapist",
    "commissioner",
    "chair",
    "chairperson",
    "parent",
    "carer",
    "consultant",
    "nurse",
    "practitioner",
    "clinician",
    "paediatrician",
    "doctor",
    "governor",
    "ceo",
    "administrator",
    "inspector",
    "caseworker",
    "worker",
    "specialist",
    "ep",
}
# Plural titles that, written alone, name a role rather than a group: "Parents", "SENCOs".
ROLE_PLURALS = {
    "heads",
    "headteachers",
    "teachers",
    "principals",
    "parents",
    "carers",
    "sencos",
    "sendcos",
    "chairs",
}
# Words that only qualify a title: "Assistant Principal", "Primary Head", "Vice Chair".
TITLE_QUALIFIERS = {
    "assistant",
    "deputy",
    "vice",
    "executive",
    "interim",
    "acting",
    "chief",
    "senior",
    "strategic",
    "educational",
    "clinical",
    "medical",
    "speech",
    "language",
    "occupational",
    "social",
    "joint",
    "primary",
    "secondary",
    "of",
    "and",
    "the",
}
_TITLE_START = JOB_TITLE_WORDS | ROLE_PLURALS | TITLE_QUALIFIERS  # no name starts with these
# Nor ends with these ("Careers Adviser"); a title that is also a surname ("Sam Head") can end a name.
_TITLE_END = JOB_TITLE_WORDS - {"head", "nurse", "doctor", "parent", "lead", "chair", "carer", "governor"}
# Entries that hold a place for a name still to come, or name everyone and so no one.
STAND_IN_WORDS = {
    "tbc",
    "tbd",
    "tba",
    "?",
    "??",
    "n/a",
    "na",
    "none",
    "various",
    "all",
    "everyone",
    "unknown",
    "vacant",
    "to be confirmed",
    "to be agreed",
    "to be decided",
}
# Stand-ins that name no one rather than someone still to come ("tbc").
_EVERYONE = {"n/a", "na", "none", "various", "all", "everyone"}
# Verbs that make a line a sentence rather than a name ("may" is left out: it is also a month).
SENTENCE_WORDS = {
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "will",
    "would",
    "should",
    "could",
    "can",
    "must",
    "has",
    "have",
    "had",
    "agreed",
    "confirmed",
    "needed",
}
MAX_NAME_WORDS = 8

ORGANISATION_WORDS = {
    "team",
    "teams",
    "service",
    "services",
    "group",
    "groups",
    "lead",
    "leads",
    "leader",
    "leaders",
    "school",
    "schools",
    "board",
    "boards",
    "forum",
    "forums",
    "partner",
    "partners",
    "partnership",
    "agency",
    "agencies",
    "officer",
    "officers",
    "rep",
    "reps",
    "representative",
    "representatives",
    "health",
    "council",
    "councils",
    "la",
    "college",
    "colleges",
    "academy",
    "academies",
    "nursery",
    "nurseries",
    "primary",
    "secondary",
    "trust",
    "trusts",
    "panel",
    "panels",
    "commissioning",
    "commissioner",
    "commissioners",
    "provider",
    "providers",
    "setting",
    "settings",
    "parent",
    "parents",
    "carer",
    "carers",
    "care",
    "education",
    "pathway",
    "pathways",
    "network",
    "networks",
    "champion",
    "champions",
    "chair",
    "chairs",
    "heads",
    "headteacher",
    "headteachers",
    "teacher",
    "teachers",
    "unit",
    "units",
    "hub",
    "hubs",
    "programme",
    "program",
    "help",
    "years",
    "social",
    "public",
    "children",
    "people",
    "family",
    "families",
    "department",
    "directorate",
    "authority",
    "nhs",
    "committee",
    "manager",
    "managers",
    "coordinator",
    "coordinators",
    "co-ordinator",
    "worker",
    "workers",
    "visitor",
    "visitors",
    "staff",
    "office",
    "centre",
    "center",
    "clinic",
    "hospital",
    "practice",
    "sector",
    "finance",
    "transport",
    "strategy",
    "project",
    "consortium",
    "alliance",
    "federation",
    "association",
    "police",
    "youth",
    "parliament",
    "governors",
    "body",
    "bodies",
    "members",
    "local",
    "area",
    "all",
    "specialist",
    "special",
    "senior",
    "strand",
    "designated",
    "virtual",
    "inclusion",
    "send",
    "sen",
    "senco",
    "sencos",
    "sendco",
    "ep",
    "eps",
    "camhs",
    "ccg",
    "icb",
    "iass",
    "sendiass",
    "organisation",
    "lsat",
    "bsat",
    "pfa",
    "communications",
    "paediatrics",
    "jobcentre",
}
# Bare capitals that name organisations or roles, not a person's initials.
KNOWN_ACRONYMS = {
    "LA",
    "DCO",
    "DMO",
    "CCG",
    "ICB",
    "NHS",
    "EP",
    "EPS",
    "PRS",
    "PRU",
    "IASS",
    "SEN",
    "SEND",
    "SALT",
    "HCP",
    "YOT",
    "KLP",
    "SDM",
    "SC",
    "PCF",
    "HT",
    "SLT",
    "QA",
    "QIO",
    "CWO",
    "VSH",
    "EHCP",
    "CYP",
    "YP",
    "AP",
    "SPS",
    "KIAS",
    "PCAN",
    "JNA",
    "PRP",
    "SOAP",
    "DFE",
    "EY",
    "SP",
    "YCC",
    "BSAT",
    "LSAT",
    "EYQT",
    "MPFT",
    "PODS",
    "OT",
    "PT",
    "CIN",
    "CP",
    "LAC",
    "CME",
    "PEX",
    "BAC",
    "BACS",
    "GP",
    "ASD",
    "SEMH",
    "PFA",
    "CSC",
    "FE",
    "HE",
    "VS",
    "DSL",
    "MAT",
    "LEA",
    "DOH",
    "DWP",
}

_SURNAME = r"(?:Mc|Mac|O'|O’)?[A-Z][a-z'’]+(?:[A-Z][a-z'’]+)?(?:-[A-Z][a-z'’]+)*"
_FIRST = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_INITIAL = r"(?:[A-Z]\.?|(?:[A-Z]\.){2,3})"
_INITIAL_SURNAME = re.compile(rf"^{_INITIAL}(?:\s{_INITIAL})?\s?{_SURNAME}$")
_INITIAL_SURNAME_RUN = re.compile(rf"[A-Z]\.?\s+{_SURNAME}")
_FULL_NAME = re.compile(rf"^{_FIRST}(?:\s(?:{_FIRST}|[A-Z]\.?))?\s{_SURNAME}$")
_CROPPED_NAME = re.compile(rf"^[a-z]{{2,}}\s{_SURNAME}$")  # "anne Imaginwell": cut at the page edge
_INITIALS = re.compile(r"^(?:[A-Z]{2,3}|[A-Z]{1,3}-[A-Z]{1,2})$")
_MAC_INITIALS = re.compile(r"^[A-Z]{1,2}(?:Mc|Mac|O')[A-Z]{1,2}$")
_BRACKET = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
# The last word of an organisation's name: "Supported Internships Forum" is no person of the forum.
_NAME_ENDINGS = {
    "team",
    "service",
    "services",
    "group",
    "forum",
    "board",
    "partnership",
    "panel",
    "network",
    "hub",
    "unit",
    "trust",
    "council",
    "college",
    "school",
    "academy",
    "nursery",
    "centre",
    "committee",
    "alliance",
    "association",
    "federation",
    "consortium",
    "programme",
    "project",
}
_STOP = {"and", "the", "of", "for", "with", "to", "in", "on", "by"}


@dataclass(frozen=True)
class ParsedName:
    """One name from a lead or supporting cell."""

    text: str  # the entry as printed: "T Pretendly (Healthy Child Programme)"
    name: str  # the person's or partner's name, to match or create: "T Pretendly"
    kind: str  # PERSON or PARTNER
    note: str = ""  # detail kept from the cell: a bracket, a role, an organisation
    job_title: str = ""  # a person's, as written beside the name: "Assistant Principal"
    organisation: str = ""  # the partner a person works for, as written: "Exampleshire Council"

    @property
    def is_person(self) -> bool:
        return self.kind == PERSON


@dataclass(frozen=True)
class NotAName:
    """An entry that names nobody (a job title alone, a stand-in for a name, a sentence): kept as a note."""

    text: str
    why: str  # ROLE, STAND_IN or SENTENCE

    @property
    def reason(self) -> str:
        """Why it is not a person or partner, to follow the entry in a warning."""
        if self.why == STAND_IN and " ".join(_words(self.text)) in _EVERYONE:
            return "names no one person or partner"
        return {
            ROLE: "names a role, not a person or partner",
            STAND_IN: "names nobody yet",
            SENTENCE: "reads as a sentence, not a name",
        }[self.why]

    @property
    def quoted(self) -> str:
        short = self.text if len(self.text) <= 60 else self.text[:57].rstrip() + "…"
        return f"“{short}”"


def split_names(text: str | None) -> tuple[list[ParsedName], list[str]]:
    """The names in a lead or supporting cell, in order, with warnings for entries that name nobody."""
    entries = read_names(text)
    names = [e for e in entries if isinstance(e, ParsedName)]
    warnings = [f"{e.quoted} {e.reason}." for e in entries if isinstance(e, NotAName)]
    return names, warnings


def read_names(text: str | None) -> list[ParsedName | NotAName]:
    """Every entry of a lead or supporting cell, in order: the names, and those that name nobody."""
    return list(_read_names(text or ""))


@functools.lru_cache(maxsize=4096)  # plans repeat their lead cells row after row
def _read_names(text: str) -> tuple[ParsedName | NotAName, ...]:
    lines = [line.strip() for line in (text or "").strip().split("\n")]
    lines = [line for line in lines if line]
    entries: list[tuple[str, str | None]] = []  # (entry, why it names nobody or None)
    for index, line in enumerate(lines):
        if not re.search(r"[;,/]|\.$", line) and _not_a_name(line) == STAND_IN:
            entries.append((line, STAND_IN))  # "To be confirmed by the board in September"
            continue
        if _is_sentence(line):
            entries.append((line, SENTENCE))
            continue
        if index == len(lines) - 1 and line.endswith(".") and not re.search(r"\b[A-Z]\.$", line):
            line = line[:-1]  # a full stop that ends the cell: "School Organisation."
        for piece in _split(line, r";"):
            if _not_a_name(piece) == STAND_IN:
                entries.append((piece, STAND_IN))  # "n/a" is not split at its "/"
                continue
            for part in _split(piece, r"\s*/\s*", keep=_between_digits):
                for entry in _split_list(part):
                    entry = entry.strip(" ,-–")
                    if entry:
                        entries.append((entry, _not_a_name(entry)))
    names = [e for e, why in entries if why is None]
    initials_cell = len(names) >= 2 and all(_INITIALS.match(e) and e not in KNOWN_ACRONYMS for e in names)
    return tuple(_classify(e, initials_cell) if why is None else NotAName(e, why) for e, why in entries)


def _words(text: str) -> list[str]:
    """Lower-case words, brackets and punctuation around them dropped: "(SENCo)," → "senco"."""
    return [w for w in (w.lower().strip(".,'’()[]:") for w in text.replace("&", " and ").split()) if w]


def _is_sentence(line: str) -> bool:
    words = line.split()
    if len(words) > MAX_NAME_WORDS and not re.search(r"[,/;&]", line) and _is_long_prose(line):
        return True
    if len(words) < 4 or not any(w in SENTENCE_WORDS for w in _words(line)):
        return False
    return line.endswith((".", "!", "?")) or _is_prose(line)  # "Officers will agree this in May"


def _is_long_prose(text: str) -> bool:
    """Prose, unless it ends as organisations' names do: "Parent carer & Children and young people
    communication and engagement and Local Offer group" is a group's (long) name."""
    return _is_prose(text) and _words(text)[-1] not in _NAME_ENDINGS


def _is_prose(text: str) -> bool:
    """Mostly lower-case words: a sentence, not a long name ("Special Educational Needs and
    Disabilities Information, Advice and Support Service" capitalises its words)."""
    rest = text.split()[1:]
    return sum(1 for w in rest if w[:1].islower()) > len(rest) / 2


def _not_a_name(entry: str) -> str | None:
    """ROLE, STAND_IN or SENTENCE when the entry names nobody; None for a name."""
    if not re.search(r"[^\W\d_]", entry):
        return STAND_IN  # "?", "-"
    plain = " ".join(_words(entry))
    if plain in STAND_IN_WORDS or plain.rstrip("?") in STAND_IN_WORDS:
        return STAND_IN
    if re.match(r"(?:tbc|tbd|tba|to be confirmed)\b", plain):
        return STAND_IN  # "TBC - post being recruited to", "To be confirmed by the board"
    if len(entry.split()) > MAX_NAME_WORDS and _is_long_prose(entry):
        return SENTENCE
    if _is_role(entry):
        return ROLE
    return None


def _is_role(text: str) -> bool:
    """A job title alone: "Primary Head", "Assistant Principal", "SENCOs" (see the module doc)."""
    words = _words(text)
    if len(words) == 1 and words[0] in ROLE_PLURALS:
        return True  # "Parents", "SENCOs"; "Primary Heads", "Secondary head teachers" are groups
    return any(w in JOB_TITLE_WORDS for w in words) and all(
        w in JOB_TITLE_WORDS or w in TITLE_QUALIFIERS or w in STAND_IN_WORDS for w in words
    )


def _is_job_title(text: str) -> bool:
    """Whether the text beside a person's name is their job title: "SEND Team Lead", "Head of SEND"."""
    words = _words(text)
    if not words or _is_person_name(text):
        return False
    if words[-1] in JOB_TITLE_WORDS or _is_role(text):
        return True
    return len(words) >= 3 and words[0] in JOB_TITLE_WORDS and words[1] in ("of", "for")


def _is_organisation(text: str) -> bool:
    return _has_organisation_word(text) and not _is_person_name(text) and not _is_role(text)


def _title_or_organisation(text: str) -> tuple[str, str] | None:
    """(job title, organisation) written after a person's name, or None when it is neither."""
    parts = _split(text, r",")
    if len(parts) == 2 and _is_job_title(parts[0]) and _is_organisation(parts[1]):
        return parts[0], parts[1]  # "SENCo, Woodley Academy"
    if len(parts) == 2 and _is_organisation(parts[0]) and _is_job_title(parts[1]):
        return parts[1], parts[0]  # "Woodley Academy, SENCo"
    if (m := _BRACKET.match(text)) and _is_job_title(m[1]) and _is_organisation(m[2]):
        return m[1].strip(), m[2].strip()  # "SENCo (Woodley Academy)"
    if len(parts) == 1 and _is_job_title(text):
        return text, ""
    if len(parts) == 1 and _is_organisation(text):
        return "", text
    return None


def _split(text: str, pattern: str, keep=None) -> list[str]:
    """Split at `pattern` where it is not inside brackets (and `keep` does not veto it)."""
    pieces, start = [], 0
    for m in re.finditer(pattern, text):
        depth = text.count("(", 0, m.start()) - text.count(")", 0, m.start())
        if depth > 0 or (keep and keep(text, m)):
            continue
        pieces.append(text[start : m.start()])
        start = m.end()
    pieces.append(text[start:])
    return [p.strip() for p in pieces if p.strip()]


def _between_digits(text: str, m: re.Match) -> bool:
    return m.start() > 0 and m.end() < len(text) and text[m.start() - 1].isdigit() and text[m.end()].isdigit()


def _split_list(part: str) -> list[str]:
    items = _split(part, r",")
    if _is_described_group(items):
        return [part]
    if len(items) >= 2 and (m := re.match(r"^([a-z][^,]*?)\s+and\s+(\S.*)$", items[-1])):
        items[-1:] = [m[1], m[2]]
    out = []
    for item in _pairs(items):
        pair = _split(item, r"\s*&\s*|\s+and\s+")
        if "," in item or _is_pair(item):
            out.append(item)  # a person with their title or organisation: kept whole
        elif len(pair) == 2 and all(_is_person_name(p) for p in pair):
            out.extend(pair)
        else:
            out.extend(_run_together(item))
    return out


def _is_described_group(items: list[str]) -> bool:
    """ "Private, voluntary and independent nurseries", "Primary, secondary and special schools": words
    describing one group, its noun (an organisation word) at the end, so one partner."""
    if len(items) < 2 or not (m := re.match(r"^(\w+)\s+(?:and|&)\s+(.+)$", items[-1])):
        return False
    describing = [*items[:-1], m[1]]
    # Single words that are not acronyms ("PODS") nor plural nouns ("Schools, colleges and nurseries").
    return all(w.isalpha() and not w.isupper() and not w.endswith("s") for w in describing) and (
        _has_organisation_word(m[2])
    )


def _pairs(items: list[str]) -> list[str]:
    """A person's name and the title (or, in a line of just the two, the organisation) after it, joined:
    "Sam Examplewood", "Assistant Principal" → "Sam Examplewood, Assistant Principal"."""
    out: list[str] = []
    index = 0
    while index < len(items):
        item, rest = items[index], items[index + 1 :]
        if rest and _is_person_name(item):
            if len(items) == 3 and index == 0 and _title_or_organisation(f"{rest[0]}, {rest[1]}"):
                return [", ".join(items)]  # "Jo Demoford, SENCo, Woodley Academy"
            if _is_job_title(rest[0]) or (len(items) == 2 and _is_organisation(rest[0])):
                out.append(f"{item}, {rest[0]}")
                index += 2
                continue
        if len(items) == 2 and index == 0 and _title_first(f"{item}, {rest[0]}"):
            return [f"{item}, {rest[0]}"]  # "Headteacher, Sam Examplewood"
        out.append(item)
        index += 1
    return out


# "Name, rest" or "Name - rest" (a spaced dash: "JG-S" is initials).
_PAIR = re.compile(r"^([^,()]+?)(?:\s*,\s*|\s+[-–—]\s+)(.+)$")
# The other way round: "Chair: Jo Demoford", "Head of SEND - Sam Examplewood".
_TITLE_FIRST = re.compile(r"^([^()]+?)(?:\s*[:,]\s*|\s+[-–—]\s+)([^,:()]+)$")


def _is_pair(entry: str) -> bool:
    """ "Jo Demoford - SENCo": a person's name, a spaced dash (or a comma), a title or organisation;
    or the title first: "Chair: Jo Demoford"."""
    pair = _PAIR.match(entry)
    if pair is not None and _is_person_name(pair[1]) and _title_or_organisation(pair[2]) is not None:
        return True
    return _title_first(entry) is not None


def _title_first(entry: str) -> tuple[str, str, str] | None:
    """(name, job title, organisation) of "Chair: Jo Demoford", "Head of SEND - Sam Examplewood" or
    "Exampleshire Council - Jo Demoford" (an organisation first only before a dash or colon: "Early
    Help Team, Jo Demoford" is a list)."""
    m = _TITLE_FIRST.match(entry)
    if not m or not _is_person_name(m[2]) or _is_person_name(m[1]):
        return None
    first, name = m[1].strip(), m[2].strip()
    if _is_job_title(first):
        return name, first, ""
    if _is_organisation(first) and not entry[len(m[1]) :].lstrip().startswith(","):
        return name, "", first
    return None


def _run_together(item: str) -> list[str]:
    """ "M Fictionfield T McInvent" → two names; "Nadia Examplewood Cara Demoford" → two names."""
    found = _INITIAL_SURNAME_RUN.findall(item)
    if len(found) >= 2 and " ".join(found) == " ".join(item.split()):
        return found
    words = item.split()
    if len(words) == 4 and _is_person_name(" ".join(words[:2])) and _is_person_name(" ".join(words[2:])):
        return [" ".join(words[:2]), " ".join(words[2:])]
    return [item]


def _has_organisation_word(text: str) -> bool:
    return any(w.lower().strip(".,'’") in ORGANISATION_WORDS for w in text.split())


def _is_person_name(text: str) -> bool:
    text = " ".join(text.split())
    if not text or _has_organisation_word(text) or any(ch.isdigit() for ch in text):
        return False
    words = _words(text)
    if words[0] in _TITLE_START or words[-1] in _TITLE_END:
        return False  # "Assistant Principal", "Careers Adviser": titles, however they are capitalised
    if _INITIAL_SURNAME.match(text) or _FULL_NAME.match(text):
        return True
    return bool(_CROPPED_NAME.match(text)) and text.split()[0] not in _STOP


def _classify(entry: str, initials_cell: bool) -> ParsedName:
    entry = " ".join(entry.split())
    if (pair := _PAIR.match(entry)) and _is_person_name(pair[1]):
        found = _title_or_organisation(pair[2])
        if found:
            return ParsedName(
                entry, pair[1].strip(), PERSON, pair[2], job_title=found[0], organisation=found[1]
            )
    if reversed_pair := _title_first(entry):
        name, title, organisation = reversed_pair
        return ParsedName(
            entry, name, PERSON, title or organisation, job_title=title, organisation=organisation
        )
    base, bracket = entry, ""
    if m := _BRACKET.match(entry):
        base, bracket = m[1].strip(), m[2].strip()
    if _is_person_name(base) or (base and _MAC_INITIALS.match(base)):
        return _person(entry, base, bracket)
    if initials_cell and _INITIALS.match(base):
        return _person(entry, base, bracket)
    if bracket and (_is_person_name(bracket) or (_INITIALS.match(bracket) and bracket not in KNOWN_ACRONYMS)):
        return _person(entry, bracket, base)
    words = base.split()
    person, rest = " ".join(words[:2]), " ".join(words[2:])
    one_name = rest.lower() in _NAME_ENDINGS  # "Supported Internships Forum": one organisation's name
    if (
        len(words) > 2
        and _is_person_name(person)
        and (_is_job_title(rest) or _has_organisation_word(rest))
        and not one_name
    ):
        return _person(entry, person, rest, extra=f" ({bracket})" if bracket else "")
    return ParsedName(entry, entry, PARTNER)


def _person(entry: str, name: str, detail: str, extra: str = "") -> ParsedName:
    """A person, with the detail printed beside the name as their job title or organisation if it is one."""
    found = _title_or_organisation(detail) if detail else None
    title, organisation = found or ("", "")
    return ParsedName(entry, name, PERSON, detail + extra, job_title=title, organisation=organisation)
