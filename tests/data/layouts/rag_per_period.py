"""Ref | Objective | Action | Lead | Supported by | By when | then a position statement and a RAG
column for each period ("RAG March 2026", "RAG rating July 2026") and a last "Status Jan 27" column
with no statement column of its own. Each RAG column rates its own period's statement, over any
rating the statement's words give; a rating with no statement text is a statement of its own."""

from openpyxl import Workbook
from openpyxl.styles import Font

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "SEND plan"
    sheet["A1"] = "Exampleshire SEND Strategy Action Plan: termly monitoring"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(
        [
            "Ref",
            "Objective",
            "Action",
            "Lead",
            "Supported by",
            "By when",
            "Position Statement March 2026",
            "RAG March 2026",
            "Position Statement July 2026",
            "RAG rating July 2026",
            "Status Jan 27",
        ]
    )
    rows = [
        ["1 Assessments are timely"],
        [
            "1.1",
            "EHC needs assessments finish within 20 weeks",
            "Recruit two more educational psychologists",
            "Tom Demoford",
            "Inclusion Service",
            "April 2026",
            "Advert out.",
            "Amber",
            "One post filled.",
            "Green",
            "Green",
        ],
        [
            "1.1.b",
            None,
            "Track every assessment weekly",
            "Priya Examplewood",
            None,
            "Monthly",
            "Amber - tracker in test",
            "Green",
            "Tracker live.",
            None,
            "Blue",
        ],
        [
            "1.1.c",
            None,
            "Publish monthly timeliness figures",
            "Priya Examplewood",
            "Tom Demoford",
            "Termly",
            None,
            "Red",
            "First figures published.",
            "Complete",
        ],
        ["2 Plans are good quality"],
        [
            "2.1",
            "Every EHC plan meets the quality standard",
            "Audit plans each term",
            "Exampleshire Parent Carer Forum",
            "SENDIASS",
            "Termly",
            "First audit done: 60% met the standard.",
            "At risk",
            "Second audit done.",
            "Off track – 45% met the standard",
        ],
        [
            "2.1.b",
            None,
            "Train plan writers",
            "Ravi Samplebury",
            None,
            "June 2026",
            "Green Training booked",
            None,
            None,
            None,
            "Not rated",
        ],
    ]
    for row in rows:
        sheet.append(row)
    return book


LAYOUT = Layout(
    slug="rag_per_period",
    about="a RAG column beside each period's statements, and a rating-only column for a later period",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=2,
        actions=5,
        statements=11,
        people=3,
        partners=3,
        ratings={"amber": 2, "green": 4, "not_rated": 1, "blue": 2, "red": 2},
        priority_titles=["Assessments are timely", "Plans are good quality"],
        periods={"March 2026": 5, "July 2026": 4, "January 2027": 2},
        leads={"1.1.a": ["Tom Demoford"], "2.1": ["Exampleshire Parent Carer Forum"]},
        supporting={"1.1.c": ["Tom Demoford"], "2.1.a": ["SENDIASS"]},
        statement_ratings={
            "1.1.a": ["amber", "green", "green"],
            "1.1.b": ["green", "not_rated", "blue"],  # March's RAG column over the words' Amber
            "1.1.c": ["red", "blue"],  # March: a rating with no text
            "2.1.a": ["amber", "red"],  # July: the RAG cell's words join the statement
            "2.1.b": ["green"],  # its words; "Not rated" with no text is no statement
        },
    ),
)
