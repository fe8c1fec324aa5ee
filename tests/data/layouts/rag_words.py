"""Ref | Objective | Action | Lead | Supported by | By when | two dated updates | RAG: the updates start
with the words a council's key uses ("On track", "At risk", "Off track", "Not started", "Complete") and
the RAG column holds single letters or words; some updates are prose that only begins like a rating
("Green Paper consultation...", "A pilot scheme with Red Kite Academy...") and stay unrated. The RAG
column rates the latest update of its row."""

from openpyxl import Workbook
from openpyxl.styles import Font

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Improvement plan"
    sheet["A1"] = "Exampleshire SEND and Alternative Provision Improvement Plan"
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
            "Update January 2026",
            "Update April 2026",
            "RAG",
        ]
    )
    rows = [
        ["1 Children learn in inclusive schools"],
        [
            "1.1",
            "Schools meet needs at SEN support",
            "Train SENCos in the graduated approach",
            "Priya Examplewood",
            "Inclusion Service",
            "March 2026",
            "On track – 30 of 40 SENCos trained",
            "Complete: all 40 SENCos trained",
        ],
        [
            "1.1.b",
            None,
            "Audit SEN support plans in ten schools",
            "Tom Demoford",
            None,
            "July 2026",
            "Not started …",
            "At risk: two schools have withdrawn",
            "A",
        ],
        [
            "1.1.c",
            None,
            "Publish a SEN support toolkit",
            "Tom Demoford",
            "Inclusion Service",
            "Summer 2026",
            "Green Paper consultation responses are being read first",
            "Off track as the design contract was not let",
            "R",
        ],
        ["2 Young people prepare for adulthood"],
        [
            "2.1",
            "Young people have a plan for adulthood from Year 9",
            "Add preparing for adulthood outcomes to every Year 9 review",
            "Exampleshire Parent Carer Forum",
            "Ravi Samplebury",
            "Termly",
            "The review is complete for the first cohort and will be repeated",
            "A pilot scheme with Red Kite Academy is under way",
            "G",
        ],
        [
            "2.1.b",
            None,
            "Run transition fairs with colleges",
            "Ravi Samplebury",
            "Local Offer Team",
            "October/ November 2026",
            "GREEN – first fair booked at Green Lane College",
        ],
        [
            "2.1.c",
            None,
            "Offer supported internships",
            "Ravi Samplebury",
            None,
            "2027",
            None,
            "Blue Badge holders were asked about travel to placements",
            "B",
        ],
        [
            "2.2",
            "Young people find work",
            "Set up a supported employment forum",
            "Local Offer Team",
            None,
            "TBC",
            "A pilot forum met in December",
            "At risk pupils were offered places first",
            "Not started",
        ],
        [
            "2.2.b",
            None,
            "Publish a guide to employment support",
            "Tom Demoford",
            None,
            "Spring 2026",
            "Draft shared with the forum (G)",
            "Complete",
        ],
    ]
    for row in rows:
        sheet.append(row)
    return book


LAYOUT = Layout(
    slug="rag_words",
    about="updates starting with a council key's words, RAG letters, and prose that only looks rated",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=3,
        actions=8,
        statements=14,
        people=3,
        partners=3,
        ratings={"green": 4, "blue": 3, "red": 3, "amber": 1, "not_rated": 3},
        priority_titles=["Children learn in inclusive schools", "Young people prepare for adulthood"],
        periods={"January 2026": 7, "April 2026": 7},
        leads={"1.1.b": ["Tom Demoford"], "2.1": ["Exampleshire Parent Carer Forum"]},
        supporting={"1.1.c": ["Inclusion Service"], "2.1.b": ["Local Offer Team"]},
        statement_ratings={
            "1.1.a": ["green", "blue"],  # On track; Complete
            "1.1.b": ["red", "amber"],  # Not started; At risk (and "A")
            "1.1.c": ["not_rated", "red"],  # Green Paper (prose); Off track (and "R")
            "2.1.a": ["not_rated", "green"],  # prose; prose rated by "G"
            "2.1.b": ["green"],  # GREEN –
            "2.1.c": ["blue"],  # prose rated by "B"
            "2.2.a": ["not_rated", "red"],  # prose; prose rated by "Not started"
            "2.2.b": ["green", "blue"],  # (G); Complete
        },
    ),
)
