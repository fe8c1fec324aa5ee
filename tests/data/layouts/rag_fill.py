"""Workstream (merged down) | Ref | What we will do | Lead | Timescale | Position Statement | RAG: the
ratings are only colours. The RAG column is empty but filled green, amber (two shades), blue or grey;
in the second workstream the statement cells are filled instead. No word on the sheet says a rating."""

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from . import Expected, Layout


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", fgColor=f"FF{rgb}")


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Delivery plan"
    sheet["A1"] = "Exampleshire Local Area SEND Delivery Plan"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    header = [
        "Workstream",
        "Ref",
        "What we will do",
        "Lead",
        "Timescale",
        "Position Statement February 2026",
        "RAG",
    ]
    sheet.append(header)
    for column in range(1, len(header) + 1):
        sheet.cell(3, column).fill = _fill("1F4E79")  # a dark header band: not a rating
        sheet.cell(3, column).font = Font(bold=True, color="FFFFFFFF")
    rows = [
        [
            "Early help",
            "1.1",
            "Set up an early help hub",
            "Priya Examplewood",
            "April 2026",
            "Hub open three days a week.",
        ],
        [
            None,
            "1.2",
            "Train family workers in SEND",
            "Tom Demoford",
            "June 2026",
            "Training booked for May.",
        ],
        [
            None,
            "1.3",
            "Publish the early help offer",
            "Early Help Team",
            "Spring 2026",
            "Published on the Local Offer.",
            "Done",
        ],
        [
            "Transitions",
            "2.1",
            "Map post-16 options",
            "Ravi Samplebury",
            "July 2026",
            "Mapping started with two colleges.",
        ],
        [
            None,
            "2.2",
            "Agree a transitions protocol",
            "Post-16 Team",
            "September 2026",
            "Draft protocol agreed by the board.",
        ],
        [None, "2.3", "Hold a transitions conference", "Ravi Samplebury", "TBC", "Venue not yet found."],
        [None, "2.4", "Review travel support at 16", "Post-16 Team", "2027", "Scoping meeting held."],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("A4:A6")
    sheet.merge_cells("A7:A10")
    fills = {
        "G4": "00B050",  # green
        "G5": "FFC000",  # amber
        "G6": "0070C0",  # blue, with a word that is not a rating
        "F7": "C00000",  # dark red, on the statement
        "F8": "92D050",  # light green, on the statement
        "G9": "FFFF00",  # yellow: amber on a three-colour key
        "G10": "D9D9D9",  # grey: no rating
    }
    for ref, rgb in fills.items():
        sheet[ref].fill = _fill(rgb)
    return book


LAYOUT = Layout(
    slug="rag_fill",
    about="ratings shown only as cell colours, in the RAG column or on the statement",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=7,
        actions=7,  # no objective column: each row is an objective with its one action
        statements=7,
        people=3,
        partners=2,
        ratings={"green": 2, "amber": 2, "blue": 1, "red": 1, "not_rated": 1},
        priority_titles=["Early help", "Transitions"],
        periods={"February 2026": 7},
        leads={"1.3": ["Early Help Team"], "2.1": ["Ravi Samplebury"]},
        statement_ratings={
            "1.1": ["green"],
            "1.2": ["amber"],
            "1.3": ["blue"],
            "2.1": ["red"],
            "2.2": ["green"],
            "2.3": ["amber"],
            "2.4": ["not_rated"],
        },
    ),
)
