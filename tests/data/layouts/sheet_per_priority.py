"""A plan kept as one sheet per priority, each laid out alike (one says "Leads" where the others say
"Lead"), behind a cover sheet and a RAG key that are not part of the plan. The sheet's name is the
priority ("Priority 2 Transition"), as its rows carry no heading of their own."""

from openpyxl import Workbook

from . import Expected, Layout

HEADER = ["Objective", "Action", "Lead", "Timescale", "Progress March 2024", "RAG"]


def build() -> Workbook:
    book = Workbook()
    cover = book.active
    cover.title = "Cover"
    cover.append(["Exampleshire SEND and Alternative Provision Improvement Plan 2023-26"])
    cover.append(["Owned by the SEND Partnership Board. Updated termly."])
    key = book.create_sheet("Key")
    key.append(["RAG", "Meaning"])
    for row in (["Red", "Off track"], ["Amber", "At risk"], ["Green", "On track"], ["Blue", "Complete"]):
        key.append(row)
    sheets = {
        "Priority 1 Early help": [
            HEADER,
            [
                "Needs are met early",
                "Train early years staff",
                "Ana Fictionfield",
                "March 2024",
                "Two cohorts done.",
                "Green",
            ],
            [
                None,
                "Publish the graduated approach",
                "Ana Fictionfield",
                "July 2024",
                "Draft written.",
                "Amber",
            ],
        ],
        "Priority 2 Transition": [
            [*HEADER[:2], "Leads", *HEADER[3:]],
            [
                "Young people plan ahead",
                "Start reviews in Year 9",
                "Careers Service",
                "Sept 2024",
                "Not yet begun.",
                "Red",
            ],
        ],
        "Priority 3 Sufficiency": [
            HEADER,
            [
                "Enough local places",
                "Open a resource base",
                "Joe Madeupton",
                "Sept 2025",
                "Site agreed.",
                "Green",
            ],
            [
                "Fewer out-of-area places",
                "Review every out-of-area place",
                "Joe Madeupton",
                "Dec 2024",
                None,
                None,
            ],
        ],
    }
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        sheet.append([name.replace(" ", ": ", 2).replace(": ", " ", 1)])  # "Priority 1: Early help"
        for row in rows:
            sheet.append(row)
    return book


LAYOUT = Layout(
    slug="sheet_per_priority",
    about="one sheet per priority laid out alike, after a cover sheet and a RAG key",
    build=build,
    expected=Expected(
        priorities=3,
        objectives=4,
        actions=5,
        statements=4,
        people=2,
        partners=1,
        ratings={"green": 2, "amber": 1, "red": 1},
        priority_titles=["Early help", "Transition", "Sufficiency"],
        periods={"March 2024": 4},
        leads={"Start reviews in Year 9": ["Careers Service"], "Open a resource base": ["Joe Madeupton"]},
        actions_of={"Needs are met early": 2, "Fewer out-of-area places": 1},
    ),
)
