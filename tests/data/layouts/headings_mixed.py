"""A written statement of action whose sections are headed four different ways, as plans that have
been edited by several hands are:

- a title alone in capitals in the objective column ("EARLY IDENTIFICATION OF NEEDS");
- a bold title alone, not in capitals ("Preparing for adulthood");
- a cell merged across the table ("3 Joint commissioning");
- "Workstream 4" in one cell and its title in the next;
plus an "Update: ..." line alone in a cell (a note on the section, not an objective), and a
"Current position" column that names no date: the period is in the title ("Position at June 2022").
"""

from openpyxl import Workbook
from openpyxl.styles import Font

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "WSOA"
    sheet["A1"] = "Exampleshire Written Statement of Action: Position at June 2022"
    sheet.append(["Ref", "Objective", "How?", "Lead", "Supported by", "By when", "Current position"])
    rows = [
        [None, "EARLY IDENTIFICATION OF NEEDS"],
        [
            "1.1",
            "Needs are identified before age five",
            "Health visitors use the new checklist",
            "Health Visiting Service",
            "Early Years Team",
            "Sep-22",
            "Green - 80% of checks use it.",
        ],
        [
            "1.2",
            "Families know where to go",
            "Refresh the local offer front page",
            "Sam Fictionfield",
            None,
            "Jul-22",
            "Work has begun with the forum.",
        ],
        [None, "Preparing for adulthood"],  # bold
        [
            "2.1",
            "Young people plan their next steps from Year 9",
            "Run transition reviews in Year 9",
            "Ravi Samplebury",
            "Careers Service",
            "Dec-22",
            "Amber: reviews in half of schools.",
        ],
        [None, "Update: the post-16 offer was published in May."],
        ["3 Joint commissioning"],  # merged across A:G
        [
            "3.1",
            "Therapies are commissioned jointly",
            "Agree a joint therapy specification",
            "Integrated Care Board",
            "SEND Team",
            "Mar-23",
            "(Red) The specification is not yet agreed.",
        ],
        ["Workstream 4", "SHORT BREAKS"],
        [
            "4.1",
            "Short breaks meet families' needs",
            "Consult families on the short breaks offer",
            "Sam Fictionfield",
            "Exampleshire Parent Carer Forum",
            "Oct-22",
            None,
        ],
    ]
    for row in rows:
        sheet.append(row)
    sheet["B6"].font = Font(bold=True)
    sheet.merge_cells("A9:G9")
    return book


LAYOUT = Layout(
    slug="headings_mixed",
    about="headings in capitals, bold, merged and 'Workstream 4 | TITLE'; an Update line; dated by title",
    build=build,
    expected=Expected(
        priorities=4,
        objectives=5,
        actions=5,
        statements=4,
        people=2,
        partners=6,
        ratings={"green": 1, "not_rated": 1, "amber": 1, "red": 1},
        priority_titles=[
            "EARLY IDENTIFICATION OF NEEDS",
            "Preparing for adulthood",
            "Joint commissioning",
            "SHORT BREAKS",
        ],
        periods={"June 2022": 4},
        leads={"1.1": ["Health Visiting Service"], "4.1": ["Sam Fictionfield"]},
        supporting={"2.1": ["Careers Service"], "3.1": ["SEND Team"]},
        statement_ratings={"1.1.a": ["green"], "1.2.a": ["not_rated"], "3.1.a": ["red"]},
        priority_notes=["Update: the post-16 offer was published in May."],
    ),
)
