"""A written statement of action after an inspection: actions listed straight under each "Area of
weakness" (no objective column), with start and end dates, a RAG column and an undated "Progress
update" column; the period is in the title ("Progress update March 2023")."""

from openpyxl import Workbook
from openpyxl.styles import Font

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "WSOA tracker"
    sheet["A1"] = "Exampleshire Local Area Written Statement of Action: progress update March 2023"
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(
        [
            "Ref",
            "Action",
            "Lead officer",
            "Start date",
            "End date",
            "Success criteria",
            "RAG",
            "Progress update",
        ]
    )
    rows = [
        ["Area of weakness 1: Leaders do not share an accurate view of the area's strengths"],
        [
            "1.1",
            "Publish a joint self-evaluation agreed by education, health and care",
            "Asha Examplewood",
            "01/09/2022",
            "31/12/2022",
            "Self-evaluation published and used by the board",
            "Complete",
            "Published in December; the board reviews it each term.",
        ],
        [
            "1.2",
            "Set up a SEND data dashboard for the board",
            "Business Intelligence Team",
            "01/10/2022",
            "31/03/2023",
            "Dashboard reviewed at every board meeting",
            "Amber",
            "First version built; health data still to be added.",
        ],
        ["Area of weakness 2: Too many EHC plans are late and of poor quality"],
        [
            "2.1",
            "Recruit four more EHC coordinators",
            "Ben Demoford",
            "01/09/2022",
            "28/02/2023",
            "95% of plans issued within 20 weeks",
            "Red",
            "Two posts filled; two re-advertised.",
        ],
        [
            "2.2",
            "Audit 30 plans a term with parents",
            "Exampleshire Parent Carer Forum",
            "01/01/2023",
            "Termly",
            "Audit shows 80% of plans good or better",
            "Green",
            "First audit done in February.",
        ],
    ]
    for row in rows:
        sheet.append(row)
    for heading_row in (4, 7):
        sheet.merge_cells(start_row=heading_row, start_column=1, end_row=heading_row, end_column=8)
    return book


LAYOUT = Layout(
    slug="wsoa_areas",
    about="actions straight under 'Area of weakness N' headings, start and end dates, a RAG column",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=4,
        actions=4,
        statements=4,
        people=2,
        partners=2,
        ratings={"blue": 1, "amber": 1, "red": 1, "green": 1},
        priority_titles=[
            "Leaders do not share an accurate view of the area's strengths",
            "Too many EHC plans are late and of poor quality",
        ],
        periods={"March 2023": 4},
        leads={"1.1": ["Asha Examplewood"], "2.2": ["Exampleshire Parent Carer Forum"]},
        statement_ratings={"1.1": ["blue"], "2.1": ["red"]},
    ),
)
