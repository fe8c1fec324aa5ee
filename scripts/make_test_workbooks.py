#!/usr/bin/env python3
"""Make the test workbooks: the two example council plans with every personal name made fictional.

Run by hand from the repository root (the output is committed):

    .venv/bin/python scripts/make_test_workbooks.py [--source ../shared/examples]
    .venv/bin/python scripts/make_test_workbooks.py --check   # check what is committed, write nothing

Reads `kirklees.xlsx`, `telford.xlsx` and their transcriptions `kirklees.json`, `telford.json` from the
source folder and writes the same four files to tests/data/, so that the suite needs nothing outside
the repository. Each person gets the fictional name the demo fixtures give them: the people are found,
and their names chosen, by scripts/make_demo_fixtures.py. Unlike the fixtures nothing is split, mended
or added (bar one note in the JSON): every cell and every transcribed string keeps its shape, so the
importer reads the fictional workbook exactly as it reads the real one, names apart:

- a full name becomes the fictional full name, an initial and surname the fictional initial and
  surname ("M Demogate"), bare initials the fictional initials ("JN"), and Mc initials keep their Mc
  ("TMcS"): the importer takes those for a person whatever else is in the cell;
- a printed variant keeps its variation, so that it is still a name of its own: a first name cut at
  the page edge is cut the same way ("colm Inventstead" beside "Malcolm Inventstead"), and so are a cut
  surname, a capital inside a surname ("FictionField") and an OCR slip ("Ange" beside "Anya");
- names in free text (statements, notes) are replaced as the fixture script replaces them.

Workbooks are loaded with openpyxl and only the string cells that name someone are changed: merges,
fonts, fills, number formats and the layout are as in the source, and so are the document properties
(so remaking a file changes no byte). Then three checks, each failing loudly:
1. no real personal name is left in the four files (the fixture script's check, on every cell);
2. no real name, in full or as initial and surname, nor anyone's bare initials, is in any other file
   under tests/ or fixtures/ (a surname alone is not looked for there: "Green" is also a rating);
3. the importer reads each fictional workbook as it reads the real one, with the names replaced.
`--check` runs the checks on the committed files; it still needs the source, to know the real names.
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import io
import json
import os
import re
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_demo_fixtures as fixtures  # noqa: E402  (finds the people, names them, checks the output)

BASE_DIR = fixtures.BASE_DIR
OUTPUT_DIR = BASE_DIR / "tests" / "data"
CHECKED_FOLDERS = (BASE_DIR / "tests", BASE_DIR / "fixtures")
PLANS = ("kirklees", "telford")
NOTE = (
    "Test copy (scripts/make_test_workbooks.py): every personal name has been replaced by the fictional "
    "one the demo fixtures use, printed the way the source printed it (cut at the page edge, misspelt, "
    "as initials). All other text is as transcribed."
)
MAC_INITIALS = re.compile(r"^(?P<initial>[A-Z])(?P<mac>Mc|Mac)[A-Z]$")

Rename = Callable[[str], str]


# ---------------------------------------------------------------------------------------------------
# A printed name -> the fictional name, printed the same way.
def varied(known: str, printed: str, fictional: str, *, capital_at: int | None = None) -> str:
    """`fictional`, changed the way `printed` differs from `known` (the name as the plan lists it).

    `capital_at` is where a second capital goes in a fictional surname ("Fiction|field") when the
    printed one has a capital the known one has not (a "Mc" surname printed both ways).
    """
    if printed == known:
        return fictional
    if printed.lower() == known.lower():
        if printed.islower():
            return fictional.lower()
        if printed.isupper():
            return fictional.upper()
        first_difference = next(i for i, (a, b) in enumerate(zip(printed, known, strict=False)) if a != b)
        at = min(capital_at if capital_at is not None else first_difference, len(fictional) - 1)
        letter = fictional[at].upper() if printed[first_difference].isupper() else fictional[at].lower()
        return fictional[:at] + letter + fictional[at + 1 :]
    if known.lower().endswith(printed.lower()):  # cut at the left edge
        return fictional[-min(len(printed), len(fictional) - 1) :].lower()
    if known.lower().startswith(printed.lower()):  # cut at the right edge
        return fictional[: max(2, len(fictional) - (len(known) - len(printed)))]
    # An OCR slip: the printed ending replaces as many letters of the fictional name.
    same = 0
    while same < min(len(known), len(printed)) and known[same] == printed[same]:
        same += 1
    return fictional[: max(1, len(fictional) - (len(known) - same))] + printed[same:]


def printed_forms(person: fixtures.Person) -> dict[str, str]:
    """Each way the source prints the person's name -> the fictional name printed that way."""
    surname_prefix = next((p for p in fixtures.SURNAME_PREFIXES if person.fict_surname.startswith(p)), "")
    forms = set(person.raw_forms) | ({person.real_full} if person.real_full else set())
    if person.surname:
        forms.add(f"{person.initial} {person.surname}")
    out = {}
    for form in forms:
        # An initial and surname keeps its initial: the fictional first name has the same one.
        if m := fixtures.INITIAL_RE.match(form):
            first, surname = form[: m.start("surname")], m.group("surname")
            out[form] = first + varied(
                person.surname, surname, person.fict_surname, capital_at=len(surname_prefix)
            )
        else:  # a first name (perhaps cut) and a surname (perhaps in lower case)
            first, surname = form.split(" ", 1)
            out[form] = (
                varied(person.first, first, person.fict_first)
                + " "
                + varied(person.surname, surname, person.fict_surname, capital_at=len(surname_prefix))
            )
    for form in person.initials_forms:
        if m := MAC_INITIALS.match(form):  # Mc initials are a person to the importer whatever the cell
            out[form] = m.group("initial") + m.group("mac") + person.fict_surname[0]
        else:
            out[form] = person.fict_initials
    return out


class Renamer:
    """Replaces every real name in a text of one plan, keeping how each was printed.

    The printed forms go first, then the fixture script's own replacements for whatever is left
    (a garbled first name before a known surname, a first name on its own, another case).
    """

    def __init__(self, named: fixtures.Cast, plan: str):
        own = named.found[plan][0].people
        forms: dict[str, str] = {}
        for person in own + [p for p in named.everyone if p not in own]:
            for form, fictional in printed_forms(person).items():
                forms.setdefault(form, fictional)  # this plan's person first, where two print alike
        self.forms = forms
        self.rules: list[tuple[re.Pattern, str | Callable[[re.Match], str]]] = []
        for form in sorted(forms, key=lambda f: (-len(f), f)):
            before = r"\b" if fixtures.INITIALS_RE.match(form) else r"(?<!\w)"
            self.rules.append((re.compile(rf"{before}{re.escape(form)}\b"), forms[form]))
        for person in sorted(named.everyone, key=lambda p: p.key):
            if person.real_full:  # a full name in a statement typed in capitals
                self.rules.append(
                    (
                        re.compile(rf"(?<!\w){re.escape(person.real_full)}\b", re.IGNORECASE),
                        self._cased(person),
                    )
                )
        self.fixture_replacer = named.replacer(plan)

    @staticmethod
    def _cased(person: fixtures.Person) -> Callable[[re.Match], str]:
        def replace(m: re.Match) -> str:
            if m.group(0).isupper():
                return person.fict_full.upper()
            if m.group(0).islower():
                return person.fict_full.lower()
            return person.fict_full

        return replace

    def __call__(self, text: str) -> str:
        for pattern, replacement in self.rules:
            text = pattern.sub(replacement, text)
        return self.fixture_replacer(text)


# ---------------------------------------------------------------------------------------------------
# Writing.
def fictional_workbook(source: Path, rename: Rename) -> bytes:
    """The workbook with names replaced in its string cells; nothing else changed."""
    book = openpyxl.load_workbook(source)
    for sheet in book.worksheets:
        # The cells the file holds: iter_rows() would add an empty one at every blank coordinate.
        for cell in list(sheet._cells.values()):
            if isinstance(cell.value, str) and (renamed := rename(cell.value)) != cell.value:
                cell.value = renamed
    saved = io.BytesIO()
    book.save(saved)
    return with_source_properties(saved.getvalue(), source.read_bytes())


def with_source_properties(data: bytes, source: bytes) -> bytes:
    """The saved workbook with the source's document properties (openpyxl stamps the time it saved)
    and fixed times on its parts, so that the same source always makes the same bytes."""
    with zipfile.ZipFile(io.BytesIO(source)) as original:
        core = original.read("docProps/core.xml")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as saved, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as made:
        for info in saved.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            part.compress_type = zipfile.ZIP_DEFLATED
            made.writestr(part, core if info.filename == "docProps/core.xml" else saved.read(info.filename))
    return out.getvalue()


def fictional_transcription(doc: dict, rename: Rename) -> dict:
    """The transcription with names replaced in every string (its `source` is a file name)."""
    out = {
        key: value if key == "source" else fixtures.walk_strings(value, rename) for key, value in doc.items()
    }
    out["notes"] = out["notes"] + [NOTE]
    return out


def as_json(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# ---------------------------------------------------------------------------------------------------
# Checking.
def workbook_text(path: Path) -> str:
    book = openpyxl.load_workbook(path)
    strings = [sheet.title for sheet in book.worksheets]
    for sheet in book.worksheets:
        strings += [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    return "\n".join(strings)


def check_outputs(named: fixtures.Cast, folder: Path) -> list[str]:
    """The fixture script's check: no real name, form of a name, bare initials or distinctive surname."""
    problems = []
    patterns = fixtures.forbidden_patterns(named.everyone, named.distinctive)
    for plan in PLANS:
        for path in (folder / f"{plan}.json", folder / f"{plan}.xlsx"):
            text = workbook_text(path) if path.suffix == ".xlsx" else path.read_text(encoding="utf-8")
            problems += found_in(text, patterns, path)
    return problems


def tree_patterns(named: fixtures.Cast) -> list[tuple[str, re.Pattern]]:
    """Real names in full, cut, misspelt or as initial and surname (any case), and bare initials."""
    patterns = {}
    for person in named.everyone:
        for form in sorted(printed_forms(person)):
            if form in person.initials_forms:  # case matters: "jw" is no one
                patterns[form] = (form, re.compile(rf"\b{re.escape(form)}\b"))
            else:
                pattern = re.compile(rf"(?<!\w){re.escape(form)}\b", re.IGNORECASE)
                patterns.setdefault(form.lower(), (form, pattern))
    return list(patterns.values())


def checked_files() -> Iterator[Path]:
    for folder in CHECKED_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path


def check_tree(named: fixtures.Cast) -> list[str]:
    problems = []
    patterns = tree_patterns(named)
    for path in checked_files():
        if path.suffix == ".xlsx":
            text = workbook_text(path)
        else:
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue  # a binary file (a screenshot) holds no text to search
        problems += found_in(text, patterns, path)
    return problems


def found_in(text: str, patterns: list[tuple[str, re.Pattern]], path: Path) -> list[str]:
    return [
        f"{shown(path)}: real name {name!r} remains: …{text[max(0, m.start() - 40) : m.end() + 40]!r}…"
        for name, pattern in patterns
        for m in pattern.finditer(text)
    ]


def shown(path: Path) -> Path:
    return path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path


def renamed(value, rename: Rename):
    """`value` (a parsed plan, or any part of one) with `rename` applied to every string in it."""
    if type(value) is str:  # not a Rag, which is a str too
        return rename(value)
    if isinstance(value, list | tuple):
        return type(value)(renamed(v, rename) for v in value)
    if isinstance(value, dict):
        return {k: renamed(v, rename) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: renamed(getattr(value, f.name), rename) for f in dataclasses.fields(value) if f.init
        }
        return dataclasses.replace(value, **changes)
    return value


def check_importer(source: Path, folder: Path, renames: dict[str, Rename]) -> list[str]:
    """The importer's reading of each fictional workbook is its reading of the real one, renamed."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from actions.importing.parse import parse_workbook

    problems = []
    for plan in PLANS:
        name = f"{plan}.xlsx"
        expected = renamed(parse_workbook(source / name, filename=name), renames[plan])
        made = parse_workbook(folder / name, filename=name)
        want, got = list(leaves(expected, plan)), list(leaves(made, plan))
        if want != got:
            diff = difflib.unified_diff(want, got, "real, renamed", "fictional", lineterm="", n=0)
            problems.append(
                f"{name}: the importer reads the fictional workbook differently:\n"
                + "\n".join(list(diff)[:40])
            )
    return problems


def leaves(value, path: str) -> Iterator[str]:
    """One line per value in a parsed plan, named by where it is: "telford.priorities[0].title = '...'"."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from leaves(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from leaves(item, f"{path}[{i}]")
        if not value:
            yield f"{path} = {value!r}"
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, f"{path}[{key!r}]")
        if not value:
            yield f"{path} = {{}}"
    else:
        yield f"{path} = {value!r}"


def check_forms_stay_apart(renames: dict[str, Renamer]) -> list[str]:
    """Two spellings that are two names to the importer must stay two names."""
    problems = []
    for plan, renamer in renames.items():
        seen: dict[str, str] = {}
        for form, fictional in renamer.forms.items():
            if (other := seen.setdefault(fictional.lower(), form)).lower() != form.lower():
                problems.append(f"{plan}: {other!r} and {form!r} would both become {fictional!r}")
    return problems


# ---------------------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--source",
        type=Path,
        default=fixtures.DEFAULT_SOURCE,
        help="folder holding the real workbooks and JSON",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT_DIR)
    parser.add_argument("--check", action="store_true", help="only check the files already in --output")
    args = parser.parse_args(argv)
    named = fixtures.cast(args.source)
    renames = {plan: Renamer(named, plan) for plan in PLANS}
    problems = check_forms_stay_apart(renames)
    if not args.check and not problems:
        args.output.mkdir(parents=True, exist_ok=True)
        for plan in PLANS:
            rename = renames[plan]
            workbook = args.output / f"{plan}.xlsx"
            workbook.write_bytes(fictional_workbook(args.source / f"{plan}.xlsx", rename))
            transcription = args.output / f"{plan}.json"
            transcription.write_text(
                as_json(fictional_transcription(named.docs[plan], rename)), encoding="utf-8"
            )
            for path in (workbook, transcription):
                print(f"wrote {shown(path)}")
    if not problems:
        problems = check_outputs(named, args.output)
        if args.output.resolve() == OUTPUT_DIR.resolve():
            problems += check_tree(named)
        problems += check_importer(args.source, args.output, renames)
    if problems:
        sys.stderr.write("\n".join(problems) + "\n")
        raise SystemExit(f"FAILED: {len(problems)} problem(s); commit nothing until they are put right.")
    print("verified: no real personal name remains, and the importer reads each workbook as the real one")
    return 0


if __name__ == "__main__":
    sys.exit(main())
