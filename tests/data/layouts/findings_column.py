"""A priority action plan after a 2023 area SEND inspection: refs 1 / 1.1 / 1.1.a give the levels, and
an "API/AFI" column names the findings each objective or action answers, by reference ("AFI 2; AFI 3"),
by reference and words ("API 1: Leaders must …") or by the finding's words alone."""

from openpyxl import Workbook
from openpyxl.styles import Font

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "Priority action plan"
    sheet["A1"] = "Exampleshire Local Area Priority Action Plan 2026"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["No.", "API/AFI", "What we will do", "Lead", "By when", "Update March 2026"])
    rows = [
        ["1", "", "Children's needs are assessed without delay"],
        [
            "1.1",
            "API 1: Leaders must make sure that children's needs are assessed within statutory timescales",
            "EHC needs assessments are completed within 20 weeks",
            "Priya Examplewood",
            "Jul-26",
        ],
        [
            "1.1.a",
            "API 1",
            "Recruit four more EHC coordinators",
            "Priya Examplewood",
            "31/03/2026",
            "Green - all four in post.",
        ],
        [
            "1.1.b",
            "AFI 2; AFI 3",
            "Quality assure every draft EHC plan with health and care advice",
            "Tom Demoford",
            "30/06/2026",
            "Amber: health advice still late in a third of cases.",
        ],
        ["2", "", "Families shape the local offer"],
        ["2.1", "", "The local offer is co-produced", "Exampleshire Parent Carer Forum", "Termly"],
        [
            "2.1.a",
            "Leaders should co-produce the local offer with families",
            "Run termly co-production workshops",
            "Ravi Samplebury",
            "Termly",
            "First workshop held.",
        ],
        ["2.1.b", "AFI 3", "Rewrite the local offer pages with families", "Local Offer Team", "Dec-26"],
    ]
    for row in rows:
        sheet.append(row)
    return book


LAYOUT = Layout(
    slug="findings_column",
    about="an API/AFI column links objectives and actions to the inspection's findings",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=2,
        actions=4,
        statements=3,
        people=3,
        partners=2,
        ratings={"green": 1, "amber": 1, "not_rated": 1},
        periods={"March 2026": 3},
        leads={"1.1.b": ["Tom Demoford"], "2.1.b": ["Local Offer Team"]},
        findings={
            "1.1": ["API 1"],
            "1.1.a": ["API 1"],
            "1.1.b": ["AFI 2", "AFI 3"],
            "2.1.a": ["AFI 4"],
            "2.1.b": ["AFI 3"],
        },
    ),
)
