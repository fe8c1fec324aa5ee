"""Separate Lead and "Supported by" columns whose people are written with their organisation ("Priya
Fictionfield, Exampleshire Council", "Jo Demoford - Exampleshire College") or their role in brackets
("Ravi Examplewood (Careers Adviser)"), beside roles alone ("Secondary Head", "SENCOs", "Deputy
Head") and placeholders ("TBC", "n/a"). A priority column repeated on every row; objective and
action columns, the first action on the objective's row."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import Expected, Layout

ADULTHOOD = "Preparing for adulthood"
HEALTH = "Health"


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Action Plan"
    sheet["A1"] = "Exampleshire Local Area Partnership: SEND Strategy Action Plan"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(
        [
            "Priority",
            "Ref",
            "Objective",
            "Action",
            "Lead",
            "Supported by",
            "By when",
            "Position Statement March 2026",
        ]
    )
    rows = [
        [
            ADULTHOOD,
            "3.1",
            "Young people have a say in their transition plans",
            "Hold a transition conference each year",
            "Priya Fictionfield, Exampleshire Council",
            "Ravi Examplewood (Careers Adviser)\nSecondary Head",
            "Jun-26",
            "Venue booked.",
        ],
        [
            ADULTHOOD,
            "3.1.b",
            "",
            "Publish a supported internships offer",
            "Jo Demoford - Exampleshire College",
            "Headteacher\nSupported Internships Forum",
            "Sep-26",
            "Two employers signed up.",
        ],
        [
            ADULTHOOD,
            "3.1.c",
            "",
            "Map post-16 options for young people with an EHCP",
            "Sam Fictionfield (Transition Coordinator)",
            "SENCOs\nn/a",
            "Mar-27",
        ],
        [
            HEALTH,
            "4.1",
            "Children wait less for therapy",
            "",
            "Mina Examplewood, Exampleshire Integrated Care Board",
            "Speech and Language Therapy Service; Parent Carer Forum",
        ],
        [
            HEALTH,
            "4.1.a",
            "",
            "Offer a drop-in clinic in each family hub",
            "Mina Examplewood",
            "Kofi Demoford (Exampleshire Council)\nTBC",
            "Termly",
            "Green - clinics open in three hubs.",
        ],
        [
            HEALTH,
            "4.1.b",
            "",
            "Agree waiting time targets with the therapy services",
            "Deputy Head",
            "Mina Examplewood, Exampleshire Integrated Care Board\nAssistant Principal",
            "Dec-26",
            "Amber - targets drafted, not yet agreed.",
        ],
    ]
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=4):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


LAYOUT = Layout(
    slug="name_role_pairs",
    about="Lead and Supported by cells of “Name, Organisation” and “Name (Role)”, beside roles alone",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=2,
        # 3.1.a (the objective's row, lettered), 3.1.b, 3.1.c, 4.1.a, 4.1.b; 4.1's row has no action.
        actions=5,
        statements=4,
        # Priya Fictionfield, Ravi Examplewood, Jo Demoford, Sam Fictionfield, Mina Examplewood,
        # Kofi Demoford.
        people=6,
        # Exampleshire Council (Priya's and Kofi's), Exampleshire College (Jo's), Exampleshire
        # Integrated Care Board (Mina's), Supported Internships Forum, Speech and Language Therapy
        # Service, Parent Carer Forum.
        partners=6,
        ratings={"not_rated": 2, "green": 1, "amber": 1},
        priority_titles=[ADULTHOOD, HEALTH],
        periods={"March 2026": 4},
        leads={
            "3.1": ["Priya Fictionfield"],
            "3.1.a": ["Priya Fictionfield"],
            "3.1.b": ["Jo Demoford"],
            "3.1.c": ["Sam Fictionfield"],
            "4.1": ["Mina Examplewood"],
            "4.1.a": ["Mina Examplewood"],
            "4.1.b": [],
        },
        supporting={
            "3.1": ["Ravi Examplewood"],
            "3.1.a": ["Ravi Examplewood"],
            "3.1.b": ["Supported Internships Forum"],
            "3.1.c": [],
            "4.1": ["Parent Carer Forum", "Speech and Language Therapy Service"],
            "4.1.a": ["Kofi Demoford"],
            "4.1.b": ["Mina Examplewood"],
        },
        job_titles={
            "Ravi Examplewood": "Careers Adviser",
            "Sam Fictionfield": "Transition Coordinator",
            "Priya Fictionfield": "",
            "Mina Examplewood": "",
        },
        organisations={
            "Priya Fictionfield": "Exampleshire Council",
            "Jo Demoford": "Exampleshire College",
            "Mina Examplewood": "Exampleshire Integrated Care Board",
            "Kofi Demoford": "Exampleshire Council",
        },
        notes={
            "3.1": "Supporting: Secondary Head",
            "3.1.a": "Supporting: Secondary Head",
            "3.1.b": "Supporting: Headteacher",
            "3.1.c": "Supporting: SENCOs; n/a",
            "4.1": "",
            "4.1.a": "Supporting: TBC",
            "4.1.b": "Lead: Deputy Head\nSupporting: Assistant Principal",
        },
        statement_ratings={
            "3.1.a": ["not_rated"],
            "3.1.b": ["not_rated"],
            "4.1.a": ["green"],
            "4.1.b": ["amber"],
        },
    ),
)
