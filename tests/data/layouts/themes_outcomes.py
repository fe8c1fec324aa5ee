"""A plan of outcomes under themes, as a Schools Forum report lays it out.

- each theme is a heading row with its number in one cell and its title in the next ("Theme 2 |
  DATA"), and the header row is printed again under every theme, in slightly different words
  ("Outcome" / "Outcomes", "Actions" / "Action", "Lead" / "Leads", "Resource implication" /
  "Resource needs");
- an outcome's first action is on its row, further actions follow with the outcome cell empty; one
  outcome has no action at all (it stays an objective with none, not copied into an action);
- narrative rows inside a theme ("As is / next steps", "As is", "Current position") with the label in
  the first cell and the text beside it: notes on the theme, never objectives or actions;
- the "Summary of Current Position" column names no date: the period is in the sheet's title
  ("... Schools Forum January 2019").
"""

from openpyxl import Workbook
from openpyxl.styles import Font

from . import Expected, Layout

HEADERS = [
    ["Outcome", "Actions", "Lead", "Timescale", "Resource implication", "Summary of Current Position"],
    ["Outcomes", "Action", "Leads", "Timescale", "Resource needs", "Summary of Current Position"],
    ["Outcomes", "Action", "Leads", "Timescale", "Resource needs", "Summary of current position"],
]


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Action Plan"
    sheet["A1"] = "Exampleshire SEND Strategy: progress report to Schools Forum January 2019"
    sheet["A1"].font = Font(bold=True, size=14)
    rows = [
        [],
        ["Theme 1", "LEADERSHIP AND GOVERNANCE"],
        HEADERS[0],
        [
            "Leaders share one SEND strategy",
            "Agree the strategy with partners",
            "Priya Examplewood",
            "March 2019",
            "Officer time",
            "Amber - draft agreed by the board; partners are being consulted.",
        ],
        [
            None,
            "Publish the strategy on the local offer",
            "Tom Demoford",
            "April 2019",
            None,
            "Waiting for the strategy.",
        ],
        ["Governance is clear to families", None, "Exampleshire Parent Carer Forum", "Summer 2019"],
        ["As is / next steps", "The board met twice this term; the next step is a joint commissioning plan."],
        [],
        ["Theme 2", "DATA"],
        HEADERS[1],
        [
            "One dataset on needs",
            "Build a shared SEND dashboard",
            "Data and Insight Team",
            "July 2019",
            "£10,000",
            "Green - the first version is live.",
        ],
        [None, "Train officers to use it", "Data and Insight Team", "September 2019"],
        ["As is", "Data is held in three systems that do not talk to each other."],
        ["Theme 3", "SUFFICIENCY"],
        HEADERS[2],
        [
            "Enough local specialist places",
            "Open a resource base in the north of the county",
            "Ravi Samplebury",
            "September 2019",
            "Capital bid",
            "(Red) No site has been found yet.",
        ],
        ["Current position", "Places are full in two special schools."],
    ]
    for row in rows:
        sheet.append(row)
    for header_row in (4, 11, 16):
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
    return book


LAYOUT = Layout(
    slug="themes_outcomes",
    about="Theme N | TITLE headings, the header repeated under each theme, outcomes, narrative rows",
    build=build,
    expected=Expected(
        priorities=3,
        objectives=4,
        actions=5,
        statements=4,
        people=3,
        partners=2,
        ratings={"amber": 1, "not_rated": 1, "green": 1, "red": 1},
        priority_titles=["LEADERSHIP AND GOVERNANCE", "DATA", "SUFFICIENCY"],
        periods={"January 2019": 4},
        leads={
            "Leaders share one SEND strategy": ["Priya Examplewood"],
            "Publish the strategy on the local offer": ["Tom Demoford"],
            "Governance is clear to families": ["Exampleshire Parent Carer Forum"],
            "Train officers to use it": ["Data and Insight Team"],
        },
        statement_ratings={
            "Agree the strategy with partners": ["amber"],
            "Publish the strategy on the local offer": ["not_rated"],
            "Open a resource base in the north of the county": ["red"],
        },
        actions_of={
            "Leaders share one SEND strategy": 2,
            "Governance is clear to families": 0,
            "One dataset on needs": 2,
            "Enough local specialist places": 1,
        },
        priority_notes=[
            "As is / next steps: The board met twice this term; the next step is a joint commissioning plan.",
            "As is: Data is held in three systems that do not talk to each other.",
            "Current position: Places are full in two special schools.",
        ],
    ),
)
