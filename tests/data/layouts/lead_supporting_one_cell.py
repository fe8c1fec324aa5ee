"""One "Lead / supporting" cell a row, its entries separated by ";" or new lines: "Name - Role",
"Name (Role)", "Name, Organisation", partners, roles alone and a sentence where the lead is not yet
known. No objective column, so each row is an objective carrying its one action (Telford's shape),
under a theme column; one dated "Progress" column."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import Expected, Layout

SENTENCE = "The lead will be named once the new commissioning manager starts in the spring."


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Delivery plan"
    sheet["A1"] = "Exampleshire SEND Partnership Board: Delivery Plan 2026"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["Theme", "Ref", "What we will do", "Lead / supporting", "When", "Progress January 2026"])
    rows = [
        [
            "Communication",
            "1",
            "Launch a termly SEND newsletter for families",
            "Sam Examplewood - Head of Inclusion; Exampleshire SENDIASS; Parents",
            "Termly",
            "First issue sent in December.",
        ],
        [
            "Communication",
            "2",
            "Review the local offer website with young people",
            "Youth Voice Group; Priya Demoford, Participation Officer; tbc",
            "Mar-26",
        ],
        [
            "Workforce",
            "3",
            "Commission autism training for every school",
            SENTENCE,
            "Sep-26",
            "Amber - procurement paused.",
        ],
        [
            "Workforce",
            "4",
            "Train teaching assistants in speech and language support",
            "Ravi Fictionfield (Speech and Language Therapist)\n"
            "Amir Examplewood, Exampleshire Community Health Trust\nSENCo",
            "Dec-26",
            "Green - 40 assistants trained.",
        ],
    ]
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=4):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


LAYOUT = Layout(
    slug="lead_supporting_one_cell",
    about="one “Lead / supporting” cell, entries split by “;” and new lines; each row one objective",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=4,
        actions=4,  # one a row, with the objective's ref and text
        statements=3,
        people=4,  # Sam Examplewood, Priya Demoford, Ravi Fictionfield, Amir Examplewood
        partners=3,  # Exampleshire SENDIASS, Youth Voice Group, Exampleshire Community Health Trust
        ratings={"not_rated": 1, "amber": 1, "green": 1},
        priority_titles=["Communication", "Workforce"],
        periods={"January 2026": 3},
        leads={"1": ["Sam Examplewood"], "2": ["Youth Voice Group"], "3": [], "4": ["Ravi Fictionfield"]},
        supporting={
            "1": ["Exampleshire SENDIASS"],
            "2": ["Priya Demoford"],
            "3": [],
            "4": ["Amir Examplewood"],
        },
        job_titles={
            "Sam Examplewood": "Head of Inclusion",
            "Priya Demoford": "Participation Officer",
            "Ravi Fictionfield": "Speech and Language Therapist",
            "Amir Examplewood": "",
        },
        organisations={"Amir Examplewood": "Exampleshire Community Health Trust"},
        # The actions' notes (an objective and its one action share the ref and the notes).
        notes={
            "1": "Supporting: Parents",
            "2": "Supporting: tbc",
            "3": f"Lead: {SENTENCE}",
            "4": "Supporting: SENCo",
        },
        statement_ratings={"1": ["not_rated"], "3": ["amber"], "4": ["green"]},
    ),
)
