"""Objective | How? (numbered 1. 2. 3.) | Lead | By when | Progress: each progress line starts with a
RAG word and runs straight on into the narrative ("Amber Pilot implementation..."), one line per How?
item. Where the lines line up with the items each action has its own line and rating; one cell has
two lines for three items, so all three share the whole text, rated the worst (Red)."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "WSoA"
    sheet["A1"] = "Exampleshire Written Statement of Action 2025-27: progress"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["No.", "Objective", "How?", "Lead", "By when", "Progress March 2026"])
    rows = [
        ["1 Needs are identified early"],
        [
            "1.1",
            "Every early years setting identifies needs early",
            "1. Pilot the early identification checklist\n"
            "2. Train early years practitioners\n"
            "3. Publish the checklist on the Local Offer",
            "Priya Examplewood",
            "March 2026",
            "Amber Pilot implementation in six settings, full roll-out by March 2026\n"
            "Green Training delivered to 48 practitioners\n"
            "Not started – waiting for the pilot to end",
        ],
        [
            "1.2",
            "Health visitors share concerns with settings",
            "1. Agree a shared referral form\n2. Run joint training",
            "Tom Demoford",
            "Summer 2026",
            "1. Green Form agreed by all partners\n2. Amber First session held, second postponed",
        ],
        ["2 Families are partners in planning"],
        [
            "2.1",
            "Families co-produce EHC plans",
            "1. Co-produce the EHC plan template with families\n"
            "2. Audit 20 plans a term\n"
            "3. Report findings to the SEND board",
            "Exampleshire Parent Carer Forum",
            "Termly",
            "Green Template co-produced with 14 families\nRed Audit not started: no officer in post",
        ],
        [
            "2.2",
            "Families know what the local offer holds",
            "Relaunch the Local Offer website",
            "Local Offer Team",
            "December 2026",
            "Amber Procurement delayed, new launch date December 2026",
        ],
        [
            "2.3",
            "Parents support other parents",
            "1. Recruit parent champions\n2. Hold termly drop-ins",
            "Ravi Samplebury",
            "July 2026",
            "Complete: eight champions recruited and trained\nGreen Drop-ins running in all three localities",
        ],
    ]
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


LAYOUT = Layout(
    slug="rag_prefixed",
    about="numbered How? items with one progress line each, starting with a RAG word and no punctuation",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=5,
        actions=11,  # 3 + 2 + 3 + 1 + 2 How? items
        statements=11,  # one each: its own line where they line up, else the whole cell
        people=3,
        partners=2,
        ratings={"amber": 3, "green": 3, "red": 4, "blue": 1},
        priority_titles=["Needs are identified early", "Families are partners in planning"],
        periods={"March 2026": 11},
        leads={
            "1.1": ["Priya Examplewood"],
            "1.1.c": ["Priya Examplewood"],
            "2.1.b": ["Exampleshire Parent Carer Forum"],
        },
        statement_ratings={
            "1.1.a": ["amber"],
            "1.1.b": ["green"],
            "1.1.c": ["red"],  # "Not started"
            "1.2.a": ["green"],
            "1.2.b": ["amber"],
            "2.1.a": ["red"],  # two lines for three items: the whole cell, the worst rating
            "2.1.b": ["red"],
            "2.1.c": ["red"],
            "2.2.a": ["amber"],
            "2.3.a": ["blue"],
            "2.3.b": ["green"],
        },
    ),
)
