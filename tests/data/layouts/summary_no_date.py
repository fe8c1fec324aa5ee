"""A strategy action plan whose "Summary of Current Position" names no date anywhere (not in the
header, the title, the sheet or the file name), so the user says which period it is; leads and
representatives share one column, "Name, Role" one per line, with roles and "tbc" among them."""

import datetime

from openpyxl import Workbook

from actions.importing.values import ReportingPeriodGuess

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    sheet["A1"] = "Exampleshire SEND Strategy: action plan"
    sheet.append(
        ["Ref", "Objective", "Key action", "Lead & Representatives", "By when", "Summary of Current Position"]
    )
    rows = [
        ["1", "Communication with families"],
        [
            "1.1",
            "Families hear from one place",
            "Publish a termly SEND newsletter",
            "Ama Fictionfield, Head of SEND\nLuca Demoford, Assistant Principal\nPrimary Head",
            "Termly",
            "Green - the first two issues went out in the autumn.",
        ],
        [
            "1.2",
            "Families can reach a named worker",
            "Name a key worker for every EHC plan",
            "Exampleshire SENDIASS\ntbc",
            "March 2019",
            "Amber: half of families have a named worker.",
        ],
        ["2", "Preparation for adulthood"],
        [
            "2.1",
            "Young people have a plan for work",
            "Start preparing-for-adulthood reviews in Year 9",
            "Luca Demoford, Assistant Principal\nCareers Service\nParent",
            "July 2019",
            "Reviews begin next term.",
        ],
    ]
    for row in rows:
        sheet.append(row)
    return book


LAYOUT = Layout(
    slug="summary_no_date",
    about="an undated 'Summary of Current Position' the user dates; 'Lead & Representatives' with roles",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=3,
        actions=3,
        statements=3,
        people=2,
        partners=2,
        ratings={"green": 1, "amber": 1, "not_rated": 1},
        priority_titles=["Communication with families", "Preparation for adulthood"],
        periods={"January 2019": 3},
        leads={"1.1": ["Ama Fictionfield"], "1.2": ["Exampleshire SENDIASS"], "2.1": ["Luca Demoford"]},
        supporting={"1.1.a": ["Luca Demoford"], "2.1.a": ["Careers Service"]},
        job_titles={"Ama Fictionfield": "Head of SEND", "Luca Demoford": "Assistant Principal"},
    ),
    parse_options={"period": ReportingPeriodGuess("January 2019", datetime.date(2019, 1, 31))},
)
