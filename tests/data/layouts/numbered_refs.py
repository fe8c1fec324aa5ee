"""Priorities, objectives and actions told apart only by their numbers (1 / 1.1 / 1.1.a), with two
dated update columns whose texts give their own ratings: the simplest shape, the baseline for the
others."""

from openpyxl import Workbook
from openpyxl.styles import Font

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet["A1"] = "Exampleshire Local Area SEND Improvement Plan 2025-27"
    sheet["A1"].font = Font(bold=True, size=14)
    header = [
        "No.",
        "What we will do",
        "Lead",
        "Supported by",
        "By when",
        "Update March 2026",
        "Update July 2026",
    ]
    sheet.append([])
    sheet.append(header)
    rows = [
        ["1", "Children's needs are identified early"],
        ["1.1", "Early years settings identify needs", "Priya Examplewood", "Early Years Team", "Mar-26"],
        [
            "1.1.a",
            "Train early years staff in the graduated approach",
            "Priya Examplewood",
            "Inclusion Service",
            "31/03/2026",
            "Two cohorts trained.",
            "Green - four cohorts trained.",
        ],
        [
            "1.1.b",
            "Publish the early years SEND toolkit",
            "Tom Demoford",
            "",
            "July 2026",
            "Draft written.",
            "Amber: delayed, consultation extended.",
        ],
        ["2", "Families are partners in planning"],
        [
            "2.1",
            "Co-produce the local offer",
            "Exampleshire Parent Carer Forum",
            "SENDIASS; Local Offer Team",
            "Termly",
        ],
        [
            "2.1.a",
            "Run termly co-production workshops",
            "Exampleshire Parent Carer Forum",
            "Ravi Samplebury",
            "Termly",
            "(Green) First workshop held.",
            "Complete - all three held.",
        ],
        [
            "2.1.b",
            "Rewrite the local offer pages with families",
            "Local Offer Team",
            "",
            "Dec-26",
            "",
            "RAG: Red. Web contract not let.",
        ],
    ]
    for row in rows:
        sheet.append(row)
    return book


LAYOUT = Layout(
    slug="numbered_refs",
    about="refs 1 / 1.1 / 1.1.a give the levels; two dated update columns rating themselves",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=2,
        actions=4,
        statements=7,
        people=3,
        partners=5,
        ratings={"not_rated": 2, "green": 2, "amber": 1, "blue": 1, "red": 1},
        priority_titles=["Children's needs are identified early", "Families are partners in planning"],
        periods={"March 2026": 3, "July 2026": 4},
        leads={"1.1.a": ["Priya Examplewood"], "2.1.b": ["Local Offer Team"]},
        supporting={"1.1.a": ["Inclusion Service"], "2.1.a": ["Ravi Samplebury"]},
        statement_ratings={
            "1.1.a": ["not_rated", "green"],
            "1.1.b": ["not_rated", "amber"],
            "2.1.b": ["red"],
        },
    ),
)
