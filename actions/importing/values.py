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
NOT_RATED_WORDS = {"not rated", "n/a", "na", "none", "-", "–", "not yet rated", "no rating", "tbc"}
_WORD = r"(?:red|amber|green|blue|completed|complete)"
_COMBO = rf"{_WORD}(?:\s*(?:/|&|\+|-|–|and|\s)\s*{_WORD})?"
# A rating is read from narrative only where it is written AS a rating, never from prose: at the very
# start followed by a break ("Amber - some slippage", "COMPLETE."), after a label ("RAG: Red",
# "Status - Green") or in brackets ("(Amber/Green)"). "The report is complete" and "M Green" stay
# unrated.
_LEADING = re.compile(
    rf"^\W*(?:(?:rag|rating|status)(?:\s+(?:rating|status))?\s*[:=\-–]?\s*)?({_COMBO})\s*(?:$|[:\-–.,;)\]!\n])",
    re.I,
)
_LABELLED = re.compile(rf"\b(?:rag|rating|status)(?:\s+(?:rating|status))?\s*[:=\-–]\s*({_COMBO})\b", re.I)
_BRACKETED = re.compile(rf"[(\[]\s*({_COMBO})\s*[)\]]", re.I)


def cautious_rag(words: list[str]) -> str:
    """The lowest of the ratings named: "Amber/Green" → Amber."""
    ratings = [RAG_WORDS[w] for w in words]
    return min(ratings, key=lambda r: RAG_RANK[r])


def _rag_of_combo(text: str) -> str:
    return cautious_rag([w for w in re.split(r"[\s/&+\-–]+|\band\b", text.lower()) if w in RAG_WORDS])


def rag_from_narrative(text: str) -> str:
    """The rating a position statement's text gives itself, or "not_rated"."""
    for pattern in (_LEADING, _LABELLED, _BRACKETED):
        if m := pattern.search(text):
            return _rag_of_combo(m[1])
    return Rag.NOT_RATED


def rag_from_cell(value: object) -> str | None:
    """A RAG column's cell as a rating; None for a word that is not a rating ("Purple")."""
    text = " ".join(str(value).split()).strip().lower().rstrip(".!")
    if not text or text in NOT_RATED_WORDS:
        return Rag.NOT_RATED
    words = [w for w in re.split(r"[\s/&,+\-–]+", text) if w and w != "and"]
    if words and all(w in RAG_WORDS for w in words):
        return cautious_rag(words)
    found = rag_from_narrative(text)
    return None if found == Rag.NOT_RATED else found


# Refs, headings and periods -------------------------------------------------------------------------

_REF = re.compile(r"^(?:\d{1,3}[a-z]{0,4}|[ivx]{1,5})(?:[.\-](?:\d{1,3}|[a-z]{1,3}|[ivx]{1,5}))*\.?$", re.I)
# Roman numerals only in capitals: "I want..." is not heading I.
_HEADING = re.compile(
    r"^(?:(?i:theme|priority|workstream|section|area)\s*)?(\d{1,3}[a-z]{0,4}|[IVX]{1,5})(?:[.):\-–]|\s)\s*(\S.*)$",
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
        return None
    tokens = _TOKEN.findall(rest.lower())
    if len(tokens) == 2 and tokens[0] in MONTHS and tokens[1].isdigit():
        return ReportingPeriodGuess(f"{calendar.month_name[MONTHS[tokens[0]]]} {as_at.year}", as_at)
    return ReportingPeriodGuess(rest, as_at)


_MONTH_YEAR_IN_TEXT = re.compile(
    r"\b("
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r"|spring|summer|autumn)\.?(?:\s+term)?[\s,]+(\d{4})\b",
    re.I,
)


def period_in_text(text: str | None) -> ReportingPeriodGuess | None:
    """The reporting period a title or file name names, for a statement column whose header names
    none: "… Schools Forum January 2019" → January 2019; "Position at June 2022" → June 2022;
    "plan_autumn_2018.xlsx" → Autumn 2018 (as at the end of that term). The last one named wins:
    titles put the plan's span first ("SEND Plan 2018-21 … January 2019")."""
    if not text:
        return None
    matches = list(_MONTH_YEAR_IN_TEXT.finditer(text.replace("_", " ")))
    if not matches:
        return None
    word, year = matches[-1][1].lower().rstrip("."), int(matches[-1][2])
    if word in SEASONS:
        return ReportingPeriodGuess(f"{word.capitalize()} {year}", datetime.date(year, *SEASONS[word]))
    month = MONTHS[word]
    return ReportingPeriodGuess(f"{calendar.month_name[month]} {year}", end_of_month(year, month))
