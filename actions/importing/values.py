"""What a cell's words mean in sendplan's terms: due dates, RAG ratings, refs and reporting periods.

Plans are written by people, not systems: "Sep-22", "October/ November 2018", "Autumn 2019",
"Amber/Green", "Complete". Every rule here is a documented reading of such text, chosen so that an
import never claims more than the sheet says:
- A due date is the LAST day of what the text names: a month → its last day; "October/ November
  2018" → 30 November 2018 (the later month: an action is not late until the whole window has gone);
  a season → the end of the school term it names (Spring → 31 March, Summer → 31 July, Autumn → 31
  December); a bare year → 31 December.
- Text that names no date ("TBC", "Monthly", "Termly", "Ongoing", "Half term revision", the OCR'd
  "твс") is kept as timeframe text. Text that looks like a date (digits, month or season words) but
  cannot be read is kept as timeframe text WITH a warning, so the officer can check it.
- Two ratings together ("Amber/Green", "Amber Green", "Red/Amber") read as the LOWER one: the
  cautious reading, so an import never makes a plan look healthier than its author was sure of.
  "Complete"/"Completed" is Blue (delivered).
- A rating is read where it is written as one: a RAG word or council phrase at the start of a line,
  with or without punctuation after it ("Amber Pilot implementation…", "GREEN – on track",
  "Complete: report published"), after a label ("RAG: Red") or in brackets ("(G)"); prose stays
  unrated ("Green Paper consultation", "Red Kite Academy", "The review is complete", "A pilot").
  Phrases: complete/completed → Blue; on track → Green; at risk → Amber; off track → Red; not started
  → Red (council keys commonly define Red as "not started or significantly off track"). Single
  letters R, A, G, B count only where they cannot be an article or an initial ("G", "A - ...",
  "R:", "(G)").
- Several ratings in one cell (one per numbered line) read as the WORST of them, Red < Amber <
  Green < Blue, for the same reason, unless the parser can give each line to its own action.
- A fill colour gives a rating by its hue, not its exact shade (`rag_from_colour`).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from actions.cycle.models import RAG_RANK, Rag

MONTHS = {
    name: number
    for number in range(1, 13)
    for name in {calendar.month_name[number].lower(), calendar.month_abbr[number].lower()}
}
MONTHS["sept"] = 9
# School terms end: Spring at Easter (31 March), Summer in July, Autumn at Christmas.
SEASONS = {"spring": (3, 31), "summer": (7, 31), "autumn": (12, 31)}
FILLER_WORDS = {"by", "end", "of", "the", "before", "term", "terms", "and", "to", "no", "later", "than", "in"}

_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{2}|\d{4})$")
_TOKEN = re.compile(r"[a-zа-яё]+|\d+", re.IGNORECASE)


@dataclass(frozen=True)
class DueReading:
    """How a "By when" cell reads: a due date, or timeframe text, and a warning when unsure."""

    due_date: datetime.date | None
    timeframe: str
    warning: str = ""


def end_of_month(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _year(token: str) -> int | None:
    if len(token) == 4 and 1990 <= int(token) <= 2100:
        return int(token)
    if len(token) == 2:
        return 2000 + int(token)
    return None


def parse_due(value: object) -> DueReading:
    """Read a due-date cell: a real date, a month or season and year, a year, or timeframe text."""
    if value is None or value == "":
        return DueReading(None, "")
    if isinstance(value, datetime.datetime):
        return DueReading(value.date(), "")
    if isinstance(value, datetime.date):
        return DueReading(value, "")
    if isinstance(value, bool):
        return DueReading(None, str(value), "A true/false value is not a date; kept as timeframe text.")
    if isinstance(value, int | float):
        if float(value).is_integer() and 1990 <= int(value) <= 2100:
            return DueReading(datetime.date(int(value), 12, 31), "")
        return DueReading(None, f"{value:g}", f"“{value:g}” is not a date; kept as timeframe text.")
    text = " ".join(str(value).split())
    parsed = _parse_date_text(text)
    if parsed is not None:
        return DueReading(parsed, "")
    if _looks_like_date(text):
        return DueReading(
            None, text, f"“{text}” looks like a date but could not be read; kept as timeframe text."
        )
    return DueReading(None, text)


def parse_start(value: object) -> datetime.date | None:
    """A start date: only a whole date ("01/09/2022", a date cell). A month or a term ("Sep-22",
    "Autumn 2022") names no single start day, so it is kept as text (None here)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        return None
    low = value.strip().lower().rstrip(".")
    try:
        if m := _ISO.match(low):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _DAY_FIRST.match(low)) and (year := _year(m[3])):
            return datetime.date(year, int(m[2]), int(m[1]))
        if (m := _DAY_MONTH_YEAR.match(low)) and m[2] in MONTHS and (year := _year(m[3])):
            return datetime.date(year, MONTHS[m[2]], int(m[1]))
    except ValueError:
        return None
    return None


def _parse_date_text(text: str) -> datetime.date | None:
    low = text.lower().strip().rstrip(".")
    try:
        if m := _ISO.match(low):
            return datetime.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY_FIRST.match(low):
            year = _year(m[3])
            return datetime.date(year, int(m[2]), int(m[1])) if year else None
        if (m := _DAY_MONTH_YEAR.match(low)) and m[2] in MONTHS:
            year = _year(m[3])
            return datetime.date(year, MONTHS[m[2]], int(m[1])) if year else None
    except ValueError:  # 31/02/2022 and the like
        return None
    return _month_season_year(low)


def _month_season_year(low: str) -> datetime.date | None:
    """Months or seasons each followed (eventually) by a year; the latest end wins."""
    tokens = _TOKEN.findall(low)
    if not tokens:
        return None
    pending: list[str] = []  # months/seasons waiting for their year ("October/ November 2018")
    ends: list[datetime.date] = []
    for token in tokens:
        if token in MONTHS or token in SEASONS:
            pending.append(token)
        elif token.isdigit():
            year = _year(token)
            if year is None:
                return None
            if pending:
                for word in pending:
                    if word in MONTHS:
                        ends.append(end_of_month(year, MONTHS[word]))
                    else:
                        ends.append(datetime.date(year, *SEASONS[word]))
                pending = []
            elif len(tokens) == 1 and len(token) == 4:
                ends.append(datetime.date(year, 12, 31))  # a bare year
            else:
                return None
        elif token not in FILLER_WORDS:
            return None
    if pending or not ends:
        return None
    return max(ends)


def _looks_like_date(text: str) -> bool:
    words = {t.lower() for t in _TOKEN.findall(text)}
    return any(ch.isdigit() for ch in text) or bool(words & (set(MONTHS) | set(SEASONS) | {"winter"}))


# RAG ------------------------------------------------------------------------------------------------

RAG_WORDS = {
    "red": Rag.RED,
    "r": Rag.RED,
    "amber": Rag.AMBER,
    "a": Rag.AMBER,
    "green": Rag.GREEN,
    "g": Rag.GREEN,
    "blue": Rag.BLUE,
    "b": Rag.BLUE,
    "complete": Rag.BLUE,
    "completed": Rag.BLUE,
}
# The words councils' keys use instead of a colour. "Not started" is Red: keys commonly define Red as
# "not started or significantly off track".
RAG_PHRASES = {
    "on track": Rag.GREEN,
    "at risk": Rag.AMBER,
    "off track": Rag.RED,
    "not started": Rag.RED,
    "not yet started": Rag.RED,
}
NOT_RATED_WORDS = {"not rated", "n/a", "na", "none", "-", "–", "not yet rated", "no rating", "tbc"}
# Words that may stand beside a rating in a RAG cell and add nothing to it: "RAG: Red", "Status – Green".
RATING_LABELS = {"rag", "rating", "status", "and"}
# The order of ratings from worst to best: the worst of several is the cautious reading.
WORST_FIRST = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.BLUE]

_WORD = r"(?:red|amber|green|blue|completed|complete)"
_PHRASE = r"(?:on[\s\-]track|at[\s\-]risk|off[\s\-]track|not[\s\-](?:yet[\s\-])?started)"
_COMBO = rf"{_WORD}(?:\s*(?:/|&|\+|-|–|and|\s)\s*{_WORD})?"
_LABEL = r"(?:rag|rating|status)(?:\s+(?:rating|status))?"
_BREAK = r"\s*(?:$|[:\-–—.,;)\]!\n])"
# A list marker at the start of a line: "1.", "2)", "(3)", "a)", "iv.".
LIST_MARKER = re.compile(
    r"^\s*(?:\(?(\d{1,2}|[a-z]|[ivx]{1,4})[.)])\s+|^\s*\((\d{1,2}|[a-z]|[ivx]{1,4})\)\s+"
)
# A rating is read from narrative only where it is written AS a rating, never from prose: at the very
# start of a line followed by a break ("Amber - some slippage", "COMPLETE."), after a label ("RAG: Red",
# "Status - Green") or in brackets ("(Amber/Green)"); a colour or a phrase at the start followed by
# narrative with no break ("Amber Pilot implementation...", "On track to...") unless the words read as
# prose (`_reads_as_prose`). "The report is complete" and "M Green" stay unrated.
_LEADING = re.compile(rf"^[^\w(]*(?:{_LABEL}\s*[:=\-–]?\s*)?({_COMBO}|{_PHRASE}){_BREAK}", re.I)
_LEADING_WORDS = re.compile(
    rf"^[^\w(]*(?:{_LABEL}\s*[:=\-–]?\s*)?({_COMBO}|{_PHRASE})\s+(\S+)(?:\s+(\S+))?", re.I
)
# A single capital letter, only where it cannot be an article or an initial: "G", "A - slippage",
# "R: not started", "B)"; in brackets anywhere but at the start of a line ("work continues (G)").
_LETTER = re.compile(r"^[^\w(]*([RAGB])(?:\s*[:)]|\s+[-–—]|\s*$)")
_LABELLED = re.compile(rf"\b{_LABEL}\s*[:=\-–]\s*({_COMBO}|{_PHRASE}|(?-i:[RAGB])\b)", re.I)
_BRACKETED = re.compile(rf"[(\[]\s*({_COMBO}|{_PHRASE})\s*[)\]]", re.I)
# "(A)" and "(B)" opening a line are list markers; "(R)" and "(G)" there are ratings.
_BRACKETED_LETTER = re.compile(r"(?<=\S)\s*\(([RAGB])\)|^\s*\(([RG])\)(?=\s|$)", re.M)

# Colour words that begin names and common nouns, not ratings: "Green Paper", "Red Kite Academy",
# "Green Lane Primary", "Blue Badge", "Amber Valley". Checked against the word after the colour.
PROSE_AFTER_COLOUR = {
    "paper",
    "papers",
    "kite",
    "lane",
    "street",
    "road",
    "close",
    "park",
    "belt",
    "space",
    "spaces",
    "flag",
    "flags",
    "light",
    "lights",
    "badge",
    "badges",
    "book",
    "cross",
    "party",
    "tape",
    "line",
    "lines",
    "room",
    "house",
    "rose",
    "valley",
    "alert",
    "card",
    "cards",
    "hill",
    "oak",
    "coat",
    "lion",
    "sky",
    "gym",
    "deal",
    "field",
    "fields",
    "meadow",
    "wood",
    "door",
    "doors",
    "zone",
    "zones",
    "team",
    "group",
    "print",
    "carpet",
    "shoots",
    "tree",
    "trees",
    "garden",
    "gardens",
    "box",
}
# "At risk" describing children, not progress: "At risk pupils are identified...".
PROSE_AFTER_AT_RISK = {
    "children",
    "child",
    "pupils",
    "pupil",
    "young",
    "families",
    "family",
    "students",
    "learners",
    "groups",
    "group",
    "cohort",
    "cohorts",
    "register",
    "list",
    "cases",
    "of",
}


def worst_rag(ratings) -> str:
    """The worst of the ratings given (Red < Amber < Green < Blue), ignoring "not rated"."""
    rated = [r for r in ratings if r in RAG_RANK]
    return min(rated, key=lambda r: RAG_RANK[r]) if rated else Rag.NOT_RATED


def cautious_rag(words: list[str]) -> str:
    """The lowest of the ratings named: "Amber/Green" → Amber."""
    return worst_rag([RAG_WORDS[w] for w in words])


def _rag_of_combo(text: str) -> str:
    phrase = " ".join(re.split(r"[\s\-]+", text.lower()))
    if phrase in RAG_PHRASES:
        return RAG_PHRASES[phrase]
    if len(text) == 1:
        return RAG_WORDS[text.lower()]
    return cautious_rag([w for w in re.split(r"[\s/&+\-–]+|\band\b", text.lower()) if w in RAG_WORDS])


def _reads_as_prose(rating: str, after: str, then: str | None) -> bool:
    """Whether "<rating words> <after> <then>" at the start of a line is prose, not a rating."""
    word = re.sub(r"\W+$", "", after)
    first = rating.split()[-1].lower()
    if first.startswith("complete"):
        # "Complete the audit" is an instruction; "Completed in March", "COMPLETE report..." are not.
        return first == "complete" and not rating.isupper()
    if re.fullmatch(_PHRASE, rating, re.I):
        return rating.lower().startswith("at") and word.lower() in PROSE_AFTER_AT_RISK
    if word.lower() in PROSE_AFTER_COLOUR:
        return True
    # Two capitalised words after the colour make a name ("Red Kite Academy", "Green Oak Primary").
    capitalised = bool(word[:1].isupper() and not word.isupper() and then and then[:1].isupper())
    return capitalised and not rating.isupper()


def rag_at_start(line: str) -> str:
    """The rating written at the start of one line (after any list marker), or "not_rated"."""
    line = LIST_MARKER.sub("", line, count=1)
    if m := _LEADING.match(line):
        return _rag_of_combo(m[1])
    if (m := _LEADING_WORDS.match(line)) and not _reads_as_prose(m[1], m[2], m[3]):
        return _rag_of_combo(m[1])
    if m := _LETTER.match(line):
        return RAG_WORDS[m[1].lower()]
    return Rag.NOT_RATED


def rag_from_narrative(text: str) -> str:
    """The rating a position statement's text gives itself, or "not_rated".

    Each line may start with a rating (one per numbered item); several give the worst of them. With
    none, a labelled ("RAG: Red") or bracketed ("(Amber)", "(G)") rating anywhere is read.
    """
    found = [rag_at_start(line) for line in (text or "").split("\n") if line.strip()]
    if (worst := worst_rag(found)) != Rag.NOT_RATED:
        return worst
    for pattern in (_LABELLED, _BRACKETED, _BRACKETED_LETTER):
        if m := pattern.search(text):
            return _rag_of_combo(m[1] or m[m.lastindex or 1])
    return Rag.NOT_RATED


def rating_words(text: str) -> list[str]:
    """The words of a cell, lower case, with phrases ("on track") as one word."""
    low = " ".join(str(text).lower().split()).rstrip(".!")
    low = re.sub(r"\b(on|at|off|not(?: yet)?)[\s\-]+(track|risk|started)\b", r"\1_\2", low)
    return [w.replace("_", " ") for w in re.split(r"[\s/&,+\-–—:;()\[\]=.]+", low) if w]


def is_rating_only(text: str) -> bool:
    """Whether a cell says nothing but a rating ("Amber/Green", "RAG: Red", "On track", "G")."""
    words = rating_words(text)
    vocabulary = RAG_WORDS.keys() | RAG_PHRASES.keys() | RATING_LABELS
    return bool(words) and all(w in vocabulary for w in words) and any(w not in RATING_LABELS for w in words)


def rag_from_cell(value: object) -> str | None:
    """A RAG column's cell as a rating; None for words that are not one ("Purple").

    A cell may be the rating alone ("Amber", "On track", "G") or start with it and go on as narrative
    ("Amber Pilot implementation started..."): the narrative is the parser's to keep.
    """
    text = " ".join(str(value).split()).strip()
    low = text.lower().rstrip(".!")
    if not low or low in NOT_RATED_WORDS:
        return Rag.NOT_RATED
    if is_rating_only(text):
        words = rating_words(text)
        return worst_rag([RAG_WORDS.get(w) or RAG_PHRASES.get(w) for w in words if w not in RATING_LABELS])
    found = rag_from_narrative(str(value))
    if found == Rag.NOT_RATED and re.fullmatch(r"[rgab]", low):
        return RAG_WORDS[low]
    return None if found == Rag.NOT_RATED else found


def is_not_rated_word(value: object) -> bool:
    """A RAG cell that says, in words, that there is no rating ("Not rated", "N/A", "–")."""
    return " ".join(str(value or "").split()).strip().lower().rstrip(".!") in NOT_RATED_WORDS


# Colours: a RAG rating shown as the cell's fill. Councils use many shades (FF0000, C00000, FFC000,
# FFFF00, 92D050, 00B050, 00B0F0, 0070C0, and Excel's pale "Good"/"Bad"/"Neutral" fills), so the
# colour is judged by its hue, not matched exactly: red and pink → Red, orange and yellow → Amber
# (yellow is amber on a three-colour key), greens → Green, sky to navy blues → Blue. Colours too pale,
# too dark or too grey to be a colour (white, black, greys, the faintest tints used for banding), and
# purples, give no rating.
MIN_CHROMA = 0.15
HUE_BANDS = [(15, Rag.RED), (70, Rag.AMBER), (170, Rag.GREEN), (260, Rag.BLUE), (330, Rag.NOT_RATED)]


def rag_from_colour(rgb: str | None) -> str:
    """The rating a fill colour ("FFC000") shows, or "not_rated"."""
    if not rgb or not re.fullmatch(r"[0-9A-Fa-f]{6}", rgb):
        return Rag.NOT_RATED
    red, green, blue = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    high, low = max(red, green, blue), min(red, green, blue)
    chroma, lightness = high - low, (high + low) / 2
    if chroma < MIN_CHROMA or lightness < 0.12:
        return Rag.NOT_RATED
    if high == red:
        hue = 60 * (((green - blue) / chroma) % 6)
    elif high == green:
        hue = 60 * ((blue - red) / chroma + 2)
    else:
        hue = 60 * ((red - green) / chroma + 4)
    for end, rating in HUE_BANDS:
        if hue < end:
            return rating
    return Rag.RED


# Refs, headings and periods -------------------------------------------------------------------------

_REF = re.compile(r"^(?:\d{1,3}[a-z]{0,4}|[ivx]{1,5})(?:[.\-](?:\d{1,3}|[a-z]{1,3}|[ivx]{1,5}))*\.?$", re.I)
# Roman numerals only in capitals: "I want..." is not heading I.
_HEADING = re.compile(
    r"^(?:(?i:theme|priority|workstream|section|area\s+(?:of\s+weakness|for\s+(?:improvement|development))|"
    r"area|recommendation)\s*)?(\d{1,3}[a-z]{0,4}|[IVX]{1,5})(?:[.):\-–]|\s)\s*(\S.*)$",
    re.S,
)


def format_ref(value: object, number_format: str = "") -> str:
    """A ref as printed: 1 → "1"; 1.1 → "1.1"; a number formatted "0.00" keeps its two places."""
    if value is None:
        return ""
    if isinstance(value, float):
        if m := re.fullmatch(r"0\.(0+)", number_format or ""):
            return f"{value:.{len(m[1])}f}"
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip().rstrip(".").strip()


def is_ref(value: object) -> bool:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    return isinstance(value, str) and len(value) <= 20 and bool(_REF.match(value.strip()))


def ref_depth(ref: str) -> int:
    return len([p for p in re.split(r"[.\-]", ref) if p])


def ref_parent(ref: str) -> str:
    parts = [p for p in re.split(r"[.\-]", ref) if p]
    return ".".join(parts[:-1])


def parse_heading(text: str) -> tuple[str, str]:
    """(ref, title) of a heading: "4i Statutory processes" → ("4i", ...); "Theme 3 DATA" → ("3", "DATA")."""
    text = text.strip()
    if (m := _HEADING.match(text)) and m[2].strip():
        return m[1], m[2].strip()
    return "", text


@dataclass(frozen=True)
class ReportingPeriodGuess:
    """A reporting period named by a position statement column's header."""

    name: str
    as_at: datetime.date


_PERIOD_WORDS = re.compile(
    r"\b(position\s+statements?|progress(\s+update)?|updates?|as\s+at|rag(\s+rating)?|status|statement|summary\s+of\s+current\s+position)\b",
    re.I,
)


def period_from_header(header: str | None) -> ReportingPeriodGuess | None:
    """ "Position Statement January 2022" → ("January 2022", 31 January 2022); None when undated."""
    if not header:
        return None
    rest = _PERIOD_WORDS.sub(" ", header)
    rest = " ".join(rest.replace("(", " ").replace(")", " ").replace(":", " ").split()).strip(" -–,")
    if not rest or not any(ch.isdigit() for ch in rest):
        return None
    as_at = _parse_date_text(rest)
    if as_at is None:
        # Other words around the date ("Update on progress (March 2023)", "Position at 31 March 2023").
        return period_in_text(rest)
    tokens = _TOKEN.findall(rest.lower())
    if len(tokens) == 2 and tokens[0] in MONTHS and tokens[1].isdigit():
        return ReportingPeriodGuess(f"{calendar.month_name[MONTHS[tokens[0]]]} {as_at.year}", as_at)
    return ReportingPeriodGuess(rest, as_at)


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# What a title, a file name or a header can name a period by. Each gives (name, as at).
_MONTH_YEAR_IN_TEXT = re.compile(
    rf"\b({_MONTH_NAMES}|spring|summer|autumn)\.?(?:\s+term)?(?:\s+([12]))?[\s,]+(\d{{4}})\b", re.I
)
_MONTH_SHORT_YEAR = re.compile(rf"\b({_MONTH_NAMES})[\-']\s?(\d{{2}})\b", re.I)  # "Dec-23", "Sept'24"
_DAY_MONTH_YEAR_IN_TEXT = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")  # "31/03/2023"
# A financial-year quarter, as the public sector counts them: Q1 April to June ... Q4 January to
# March of the next calendar year. "Q3 2023/24" → 31 December 2023. With one year only ("Q3 2023")
# the quarter is of that calendar year.
_QUARTER = re.compile(r"\bQ([1-4])\s*(?:of\s+)?(\d{4})(?:\s*[/\-–]\s*(\d{2}|\d{4}))?\b", re.I)
# Half terms: Autumn 1 ends at October half term, Autumn 2 at Christmas, and so on.
HALF_TERMS = {"autumn": ((10, 31), (12, 31)), "spring": ((2, 28), (3, 31)), "summer": ((5, 31), (7, 31))}


def _periods_named(text: str) -> list[tuple[int, ReportingPeriodGuess]]:
    """Every period `text` names, with where it starts."""
    found: list[tuple[int, ReportingPeriodGuess]] = []
    for match in _MONTH_YEAR_IN_TEXT.finditer(text):
        word, half, year = match[1].lower().rstrip("."), match[2], int(match[3])
        if word in SEASONS and half:
            month, day = HALF_TERMS[word][int(half) - 1]
            end = end_of_month(year, month) if day >= 28 else datetime.date(year, month, day)
            found.append((match.start(), ReportingPeriodGuess(f"{word.capitalize()} {half} {year}", end)))
        elif word in SEASONS:
            guess = ReportingPeriodGuess(f"{word.capitalize()} {year}", datetime.date(year, *SEASONS[word]))
            found.append((match.start(), guess))
        else:
            month = MONTHS[word]
            guess = ReportingPeriodGuess(f"{calendar.month_name[month]} {year}", end_of_month(year, month))
            found.append((match.start(), guess))
    for match in _MONTH_SHORT_YEAR.finditer(text):
        month, year = MONTHS[match[1].lower()], 2000 + int(match[2])
        guess = ReportingPeriodGuess(f"{calendar.month_name[month]} {year}", end_of_month(year, month))
        found.append((match.start(), guess))
    for match in _DAY_MONTH_YEAR_IN_TEXT.finditer(text):
        full_year = _year(match[3])
        try:
            date = datetime.date(full_year, int(match[2]), int(match[1])) if full_year else None
        except ValueError:
            date = None
        if date is not None:
            found.append((match.start(), ReportingPeriodGuess(f"{date.day} {date:%B %Y}", date)))
    for match in _QUARTER.finditer(text):
        quarter, year = int(match[1]), int(match[2])
        if match[3]:  # financial year
            month = (3 + 3 * quarter - 1) % 12 + 1
            end = end_of_month(year + (1 if quarter == 4 else 0), month)
            label = f"Q{quarter} {year}/{str(year + 1)[2:]}"
        else:
            end = end_of_month(year, 3 * quarter)
            label = f"Q{quarter} {year}"
        found.append((match.start(), ReportingPeriodGuess(label, end)))
    return found


def period_in_text(text: str | None) -> ReportingPeriodGuess | None:
    """The reporting period a title, a file name or a header names among other words: "… Schools
    Forum January 2019" → January 2019; "Position as at 31/03/2023"; "Comments Dec-23"; "Progress
    Q3 2023/24" (a financial-year quarter: 31 December 2023); "Spring 1 2024" (a half term);
    "plan_autumn_2018.xlsx" → Autumn 2018 (as at the end of that term). The last one named wins:
    titles put the plan's span first ("SEND Plan 2018-21 … January 2019")."""
    if not text:
        return None
    found = _periods_named(text.replace("_", " "))
    return max(found, key=lambda f: f[0])[1] if found else None
