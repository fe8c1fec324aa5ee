"""One "Lead & Representatives" column: the first entry is the lead, the rest support, each written
"Name, Role" one per line, with roles and placeholders where nobody is named yet ("tbc", "Primary
Head", "?", a sentence). Refs 1 / 1.1 / 1.1.1 give the levels; one dated update column."""

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from . import Expected, Layout


def build() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = "SEND Plan"
    sheet["A1"] = "Exampleshire SEND and Alternative Provision Improvement Plan 2026"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(["Ref", "Objective", "Action", "Lead & Representatives", "Timescale", "Update April 2026"])
    rows = [
        ["1", "Inclusion in mainstream schools"],
        [
            "1.1",
            "Mainstream schools meet more needs without an EHCP",
            "",
            "Sam Examplewood, Assistant Principal\nJo Demoford, SENCo\nExampleshire Inclusion Service",
        ],
        [
            "1.1.1",
            "",
            "Publish the ordinarily available provision guide",
            "Jo Demoford, SENCo\nPrimary Head\nSecondary Head",
            "Sep-26",
            "Draft shared with schools.",
        ],
        [
            "1.1.2",
            "",
            "Train SENCOs in the graduated approach",
            "tbc\nPriya Fictionfield, Educational Psychologist\nAmir Demoford, Specialist Teacher",
            "Termly",
            "First session planned for May.",
        ],
        ["2", "Early identification"],
        [
            "2.1",
            "Needs are identified before children start school",
            "",
            "Lena Fictionfield, Early Years Lead\nExampleshire Health Visiting Service\n?",
        ],
        [
            "2.1.1",
            "",
            "Agree a shared two-year check with health visitors",
            "Lena Fictionfield, Early Years Lead\nParent",
            "Dec-26",
            "Amber - health visiting capacity is short.",
        ],
        [
            "2.1.2",
            "",
            "Run drop-in sessions for families",
            "Exampleshire Parent Carer Forum\nTom Examplewood, Family Hub Manager\nParents",
            "Termly",
        ],
        [
            "2.1.3",
            "",
            "Write to every nursery about the new referral route",
            "Chair\nTo be agreed at the next board meeting.",
            "Jul-26",
            "Green - letter sent to all nurseries.",
        ],
    ]
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=4):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return book


LAYOUT = Layout(
    slug="lead_and_representatives",
    about="one “Lead & Representatives” column: the first named leads; “Name, Role” one per line",
    build=build,
    expected=Expected(
        priorities=2,
        objectives=2,
        actions=5,
        statements=4,
        # Sam Examplewood, Jo Demoford, Priya Fictionfield, Amir Demoford, Lena Fictionfield,
        # Tom Examplewood; the roles and placeholders name nobody.
        people=6,
        # Exampleshire Inclusion Service, Exampleshire Health Visiting Service, Exampleshire Parent
        # Carer Forum.
        partners=3,
        ratings={"not_rated": 2, "amber": 1, "green": 1},
        priority_titles=["Inclusion in mainstream schools", "Early identification"],
        periods={"April 2026": 4},
        leads={
            "1.1": ["Sam Examplewood"],
            "1.1.1": ["Jo Demoford"],
            "1.1.2": [],  # "tbc": the lead's place, kept as a note; the others stay supporting
            "2.1": ["Lena Fictionfield"],
            "2.1.1": ["Lena Fictionfield"],
            "2.1.2": ["Exampleshire Parent Carer Forum"],
            "2.1.3": [],
        },
        supporting={
            "1.1": ["Exampleshire Inclusion Service", "Jo Demoford"],
            "1.1.1": [],
            "1.1.2": ["Amir Demoford", "Priya Fictionfield"],
            "2.1": ["Exampleshire Health Visiting Service"],
            "2.1.1": [],
            "2.1.2": ["Tom Examplewood"],
            "2.1.3": [],
        },
        job_titles={
            "Sam Examplewood": "Assistant Principal",
            "Jo Demoford": "SENCo",
            "Priya Fictionfield": "Educational Psychologist",
            "Amir Demoford": "Specialist Teacher",
            "Lena Fictionfield": "Early Years Lead",
            "Tom Examplewood": "Family Hub Manager",
        },
        notes={
            "1.1": "",
            "1.1.1": "Supporting: Primary Head; Secondary Head",
            "1.1.2": "Lead: tbc",
            "2.1": "Supporting: ?",
            "2.1.1": "Supporting: Parent",
            "2.1.2": "Supporting: Parents",
            "2.1.3": "Lead: Chair\nSupporting: To be agreed at the next board meeting.",
        },
        statement_ratings={
            "1.1.1": ["not_rated"],
            "1.1.2": ["not_rated"],
            "2.1.1": ["amber"],
            "2.1.3": ["green"],
        },
    ),
)
