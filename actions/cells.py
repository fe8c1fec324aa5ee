"""Text that users typed, made safe to write into a spreadsheet cell.

Shared by the plan export (actions/importing/export.py) and the packs' workbook (reports/excel.py):
both write text people typed in the web form, where anything can turn up. It lives in `actions`
because `reports` may import from `actions` but not the other way round.

Two things can go wrong with such text in a cell:
- openpyxl refuses characters XML 1.0 cannot carry (IllegalCharacterError), so a statement with a
  control character pasted from Word would crash the whole download. `clean_text` drops them; the
  vertical tab and form feed Word uses for line and page breaks become line breaks.
- text starting with "=" is written as a formula, and a spreadsheet may read "+", "-", "@", tab or
  carriage return (and their full-width forms) as the start of one too (OWASP's CSV injection
  guidance). Writers force such text to the string type and give its cell Excel's "quote prefix"
  flag, so it shows, and stays, exactly as typed; the text itself is never changed.
"""

import re

MAX_CELL_TEXT = 32767  # Excel's limit on the characters in one cell

# Characters XML 1.0 cannot carry: openpyxl's ILLEGAL_CHARACTERS_RE (less the two mapped to line
# breaks below), lone surrogates and the two non-characters U+FFFE and U+FFFF.
ILLEGAL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c]")
# First characters a spreadsheet may take as the start of a formula (OWASP CSV injection), with their
# full-width forms, which some Excel input methods accept as the same.
FORMULA_TRIGGERS = frozenset("=+-@\t\r＝＋－＠")


def clean_text(text: str) -> str:
    """Text XML (and so Excel) can carry, within Excel's length limit."""
    if not text.isprintable():  # fast path: most text has no line breaks or control characters
        text = ILLEGAL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", text))
    return text[:MAX_CELL_TEXT]


def needs_quote_prefix(text: str) -> bool:
    """Whether a spreadsheet might take this (cleaned, non-empty) text for a formula."""
    return text[:1] in FORMULA_TRIGGERS
