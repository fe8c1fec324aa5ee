"""Termly updates under a two-row header: "Progress update" and "RAG" each merged over three columns,
with the terms named in the row beneath ("Autumn 2023 | Spring 2024 | Summer 2024"), as a tracker
grows a column each term."""

from openpyxl import Workbook

from . import Expected, Layout

TERMS = ["Autumn 2023", "Spring 2024", "Summer 2024"]


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    sheet["A1"] = "Exampleshire SEND Improvement Plan 2023-25: termly tracker"
    sheet.append([])
    sheet.append(["Ref", "Action", "Lead", "Deadline", "Progress update", None, None, "RAG", None, None])
    sheet.append([None, None, None, None, *TERMS, *TERMS])
    sheet.merge_cells("E3:G3")
    sheet.merge_cells("H3:J3")
    rows = [
        ["1", "Inclusion in mainstream schools"],
        ["1.1", "Fewer suspensions of pupils with SEND"],
        [
            "1.1.a",
            "Train heads in trauma-informed practice",
            "Lena Fablegate",
            "July 2024",
            "Training booked.",
            "Two sessions held.",
            "All heads trained.",
            "Amber",
            "Green",
            "Blue",
        ],
        [
            "1.1.b",
            "Set up an inclusion panel",
            "Inclusion Service",
            "March 2024",
            "Terms of reference drafted.",
            "Panel meets monthly.",
            None,
            "Amber",
            "Green",
            None,
        ],
        ["2", "Preparing for adulthood"],
        ["2.1", "Young people have paid work experience"],
        [
            "2.1.a",
            "Recruit ten supported internship places",
            "Owen Pretendly",
            "Sept 2024",
            None,
            "Four employers signed up.",
            "Seven places agreed.",
            None,
            "Red",
            "Amber",
        ],
    ]
    for row in rows:
        sheet.append(row)
    return book


LAYOUT = Layout(
    slug="two_row_header",
    about="'Progress update' and 'RAG' merged over the terms named in the row beneath",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=2,
        actions=3,
        statements=7,
        people=2,
        partners=1,
        ratings={"amber": 3, "green": 2, "blue": 1, "red": 1},
        periods={"Autumn 2023": 2, "Spring 2024": 3, "Summer 2024": 2},
        leads={"1.1.b": ["Inclusion Service"]},
        statement_ratings={"1.1.a": ["amber", "green", "blue"], "2.1.a": ["red", "amber"]},
    ),
)
