"""Lead and "Supported by" text → the people and partners it names.

A cell often holds several names, written however the officer wrote them: one per line,
"Natalie Bevan / Claire Mcguiggan", "JB/ PW / JG-S", "Lisa Seymour & Kate Jordan",
"Hub Leaders, commissioners and strategic leads", even "M Cameron T McDermott" with nothing between.

Splitting, in order (never inside brackets: "Severn Teaching School (Nicola Davis)" stays whole):
1. new lines and ";";
2. "/" (but not between digits: "Reps EY KS1/2" is one group);
3. "," and, in such a list, a final "x and y" whose first part starts in lower case ("commissioners
   and strategic leads": the enumeration continues). A capitalised "Health and social care reps" or
   "Secondary Schools and Post 16 providers" is kept whole: it may be the name of one service;
4. "&" or "and" between two people's names ("Lisa Seymour & Kate Jordan"), never between other words
   ("Primary & Secondary schools", "Schools and settings");
5. names run together: "M Cameron T McDermott" (initial + surname, repeated), or four capitalised
   name words with no organisation word ("Natalie Bevan Claire Mcguiggan").
A full stop that ends the cell is dropped ("School Organisation.").

Person or partner (organisation, team, group or role), decided per entry:
- any organisation word (team, service, group, lead(s), school(s), board, forum, partners, agencies,
  officers, reps, health, council, LA, college, champions...) → partner;
- first name + surname, initial(s) + surname ("M Cameron", "T McDermott"), or a name cut at the page
  edge ("anne Everett") → person;
- bare capitals are usually acronyms (PRS, DCO, PODS, SENACT), so 2-3 capitals ("JB", "JG-S") are a
  person's initials only when every entry in the cell is such initials ("JB/ PW / JG-S") and none is
  a known acronym; "TMcD" (Mc/Mac inside) is always initials. This departs from a plain "2-4 capitals
  = person" rule because four-letter acronyms (PODS, IASS, SOAP) are common in plans;
- a bracket keeps extra detail as a note: "T Brailsford (Healthy Child Programme)" is the person
  T Brailsford; "Severn Teaching School (Nicola Davis)" is the person Nicola Davis, noted with the
  school; "Senior EP (JW)" is the person JW; "PCA Champions (SEND)" is a partner;
- a person's name followed by an organisation ("Alison Parkinson Public Health") is that person,
  noted with the organisation;
- everything else is a partner. An entry with no letters ("?") is left out with a warning.
"""

import re
from dataclasses import dataclass

PERSON = "person"
PARTNER = "partner"

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
_CROPPED_NAME = re.compile(rf"^[a-z]{{2,}}\s{_SURNAME}$")  # "anne Everett": cut at the page edge
_INITIALS = re.compile(r"^(?:[A-Z]{2,3}|[A-Z]{1,3}-[A-Z]{1,2})$")
_MAC_INITIALS = re.compile(r"^[A-Z]{1,2}(?:Mc|Mac|O')[A-Z]{1,2}$")
_BRACKET = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_STOP = {"and", "the", "of", "for", "with", "to", "in", "on", "by"}


@dataclass(frozen=True)
class ParsedName:
    """One name from a lead or supporting cell."""

    text: str  # the entry as printed: "T Brailsford (Healthy Child Programme)"
    name: str  # the person's or partner's name, to match or create: "T Brailsford"
    kind: str  # PERSON or PARTNER
    note: str = ""  # detail kept from the cell: a bracket, a role, an organisation

    @property
    def is_person(self) -> bool:
        return self.kind == PERSON


def split_names(text: str | None) -> tuple[list[ParsedName], list[str]]:
    """The names in a lead or supporting cell, in order, with warnings for entries left out."""
    if not text:
        return [], []
    text = text.strip()
    if text.endswith(".") and not re.search(r"\b[A-Z]\.$", text):
        text = text[:-1]
    entries: list[str] = []
    for line in _split(text, r"\n|;"):
        for part in _split(line, r"\s*/\s*", keep=_between_digits):
            entries.extend(_split_list(part))
    entries = [e.strip(" ,-–") for e in entries]
    has_letter = re.compile(r"[^\W\d_]")
    warnings = [
        f"“{e}” is not a name, so it was left out." for e in entries if e and not has_letter.search(e)
    ]
    entries = [e for e in entries if has_letter.search(e)]
    initials_cell = len(entries) >= 2 and all(_INITIALS.match(e) and e not in KNOWN_ACRONYMS for e in entries)
    return [_classify(e, initials_cell) for e in entries], warnings


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
    if len(items) >= 2 and (m := re.match(r"^([a-z][^,]*?)\s+and\s+(\S.*)$", items[-1])):
        items[-1:] = [m[1], m[2]]
    out = []
    for item in items:
        pair = _split(item, r"\s*&\s*|\s+and\s+")
        if len(pair) == 2 and all(_is_person_name(p) for p in pair):
            out.extend(pair)
        else:
            out.extend(_run_together(item))
    return out


def _run_together(item: str) -> list[str]:
    """ "M Cameron T McDermott" → two names; "Natalie Bevan Claire Mcguiggan" → two names."""
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
    if _INITIAL_SURNAME.match(text) or _FULL_NAME.match(text):
        return True
    return bool(_CROPPED_NAME.match(text)) and text.split()[0] not in _STOP


def _classify(entry: str, initials_cell: bool) -> ParsedName:
    entry = " ".join(entry.split())
    base, bracket = entry, ""
    if m := _BRACKET.match(entry):
        base, bracket = m[1].strip(), m[2].strip()
    if _is_person_name(base) or (base and _MAC_INITIALS.match(base)):
        return ParsedName(entry, base, PERSON, bracket)
    if initials_cell and _INITIALS.match(base):
        return ParsedName(entry, base, PERSON, bracket)
    if bracket and (_is_person_name(bracket) or (_INITIALS.match(bracket) and bracket not in KNOWN_ACRONYMS)):
        return ParsedName(entry, bracket, PERSON, base)
    words = base.split()
    person, rest = " ".join(words[:2]), " ".join(words[2:])
    if len(words) > 2 and _is_person_name(person) and _has_organisation_word(rest):
        return ParsedName(entry, person, PERSON, rest + (f" ({bracket})" if bracket else ""))
    return ParsedName(entry, entry, PARTNER)
