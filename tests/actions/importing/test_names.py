"""Lead and supporting cells → people (with job titles and organisations), partners, and the entries
that name nobody (job titles alone, stand-ins for a name, sentences), which are kept as notes.

The splitting of real council cells (Kirklees, Telford) is tested in test_importing.py; these are the
rules added for "Name, Role" pairs, roles and stand-ins for a name, and "Lead & Representatives" columns.
"""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from actions.devdata.scale_words import FIRST_NAMES, PARTNER_POOL, SURNAMES
from actions.importing.commit import plan_import
from actions.importing.corrections import Corrections
from actions.importing.mapping import LEAD_THEN_SUPPORTING, match_header
from actions.importing.models import PlanImport
from actions.importing.names import ROLE, SENTENCE, STAND_IN, NotAName, read_names, split_names
from actions.importing.parse import parse_workbook
from actions.plans.models import Action, Plan
from actions.roles import PLAN_ADMINISTRATOR
from partners.models import Partner, Person
from tests import factories as f


def read(text):
    return [
        (e.name, e.kind, e.job_title, e.organisation) if not isinstance(e, NotAName) else (e.text, e.why)
        for e in read_names(text)
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sam Examplewood, Assistant Principal", [("Sam Examplewood", "person", "Assistant Principal", "")]),
        ("Jo Demoford, SENCo", [("Jo Demoford", "person", "SENCo", "")]),
        ("Jo Demoford - SENCo", [("Jo Demoford", "person", "SENCo", "")]),
        ("Jo Demoford – Head of Inclusion", [("Jo Demoford", "person", "Head of Inclusion", "")]),
        ("Jo Demoford (SENCo)", [("Jo Demoford", "person", "SENCo", "")]),
        ("Headteacher (Sam Examplewood)", [("Sam Examplewood", "person", "Headteacher", "")]),
        ("Sam Examplewood Assistant Principal", [("Sam Examplewood", "person", "Assistant Principal", "")]),
        ("Ravi Fictionfield, SEND Team Lead", [("Ravi Fictionfield", "person", "SEND Team Lead", "")]),
        (
            "Jo Demoford, Educational Psychologist",
            [("Jo Demoford", "person", "Educational Psychologist", "")],
        ),
        (
            "Priya Fictionfield, Exampleshire Council",
            [("Priya Fictionfield", "person", "", "Exampleshire Council")],
        ),
        (
            "Priya Fictionfield (Exampleshire Council)",
            [("Priya Fictionfield", "person", "", "Exampleshire Council")],
        ),
        (
            "Jo Demoford, SENCo, Woodley Academy",
            [("Jo Demoford", "person", "SENCo", "Woodley Academy")],
        ),
        ("Jo Demoford, SENCo (Woodley Academy)", [("Jo Demoford", "person", "SENCo", "Woodley Academy")]),
        ("Jo Demoford, Woodley Academy, SENCo", [("Jo Demoford", "person", "SENCo", "Woodley Academy")]),
        ("J Examplewood, head of year", [("J Examplewood", "person", "head of year", "")]),
        # The title first.
        ("Chair: Jo Demoford", [("Jo Demoford", "person", "Chair", "")]),
        ("Head of SEND - Sam Examplewood", [("Sam Examplewood", "person", "Head of SEND", "")]),
        ("Headteacher, Sam Examplewood", [("Sam Examplewood", "person", "Headteacher", "")]),
        ("Exampleshire Council - Jo Demoford", [("Jo Demoford", "person", "", "Exampleshire Council")]),
        ("Jo Demoford (SENCo, Woodley Academy)", [("Jo Demoford", "person", "SENCo", "Woodley Academy")]),
    ],
)
def test_a_name_with_a_role_or_an_organisation_is_one_person(text, expected):
    assert read(text) == expected


def test_several_pairs_in_a_cell_split_at_new_lines_and_semicolons():
    pairs = [
        "Sam Examplewood, Assistant Principal",
        "Jo Demoford, SENCo",
        "Priya Fictionfield, Exampleshire Council",
    ]
    expected = [
        ("Sam Examplewood", "person", "Assistant Principal", ""),
        ("Jo Demoford", "person", "SENCo", ""),
        ("Priya Fictionfield", "person", "", "Exampleshire Council"),
    ]
    assert read("\n".join(pairs)) == read("; ".join(pairs)) == expected
    # In a comma list a title still follows its person.
    assert read("Sam Examplewood, Assistant Principal, Jo Demoford, SENCo") == expected[:2]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Two names, not a name and an organisation.
        (
            "Jo Demoford, Sam Examplewood",
            [("Jo Demoford", "person", "", ""), ("Sam Examplewood", "person", "", "")],
        ),
        # In a list of more than two, an organisation is an entry of its own.
        (
            "Jo Demoford, Inclusion Service, SENDIASS",
            [
                ("Jo Demoford", "person", "", ""),
                ("Inclusion Service", "partner", "", ""),
                ("SENDIASS", "partner", "", ""),
            ],
        ),
        # Only a person takes a title: an acronym before a role-like partner stays two partners.
        (
            "DCO, Social Care team lead",
            [("DCO", "partner", "", ""), ("Social Care team lead", "partner", "", "")],
        ),
        # Plural nouns, not describing words: a list.
        (
            "Schools, colleges and nurseries",
            [
                ("Schools", "partner", "", ""),
                ("colleges", "partner", "", ""),
                ("nurseries", "partner", "", ""),
            ],
        ),
        # An organisation first, then a comma: a list.
        (
            "Early Help Team, Jo Demoford",
            [("Early Help Team", "partner", "", ""), ("Jo Demoford", "person", "", "")],
        ),
    ],
)
def test_a_list_of_names_is_not_read_as_pairs(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Primary Head",
        "Secondary Head",
        "Headteacher",
        "Head Teacher",
        "Parent",
        "Parents",
        "SENCo",
        "SENCOs",
        "Assistant Principal",
        "Deputy Head",
        "Chair",
        "Vice Chair",
        "Educational Psychologist",
        "Strategic Lead",
    ],
)
def test_a_job_title_alone_names_nobody(text):
    assert read(text) == [(text, ROLE)]


@pytest.mark.parametrize(
    "text",
    [
        "tbc",
        "TBC",
        "TBC.",
        "?",
        "n/a",
        "N/A",
        "All",
        "Various",
        "To be confirmed",
        "To be confirmed by the board in September",
        "TBC - post being recruited to",
    ],
)
def test_a_stand_in_names_nobody(text):
    (entry,) = read_names(text)
    assert isinstance(entry, NotAName) and entry.why == STAND_IN


@pytest.mark.parametrize(
    "text",
    [
        "SEND Team",
        "Headteacher Reference Group",
        "Parent Carer Forum",
        "Exampleshire Parent Carer Forum",
        "Primary Heads",  # a plural title with more words is a group
        "Special School Head Teachers",
        "Head of Inclusion",  # an organisation word
        "commissioners",
        "Private, voluntary and independent nurseries",
        "Primary, secondary and special schools",
        # Long, but names: the first ends as groups' names do, the second capitalises its words.
        "Parent carer & Children and young people communication and engagement and Local Offer group",
        "Exampleshire Special Educational Needs and Disabilities Information Advice and Support Service",
    ],
)
def test_real_partners_with_role_words_stay_partners(text):
    assert read(text) == [(text, "partner", "", "")]


@pytest.mark.parametrize(
    "text",
    [
        "To be agreed at the next board meeting.",
        "The SENCo will be appointed in the spring term once funding is agreed",
        "Officers from the SEND team, with support from schools, will lead this work.",
        "Officers will agree this in May",
    ],
)
def test_a_sentence_is_not_a_name(text):
    assert read(text) == [(text, SENTENCE)]


def test_a_cell_mixing_names_roles_and_stand_ins_keeps_their_order():
    assert read("Jo Demoford, SENCo\ntbc\nPrimary Head; Exampleshire Council") == [
        ("Jo Demoford", "person", "SENCo", ""),
        ("tbc", STAND_IN),
        ("Primary Head", ROLE),
        ("Exampleshire Council", "partner", "", ""),
    ]
    names, warnings = split_names("Jo Demoford\nPrimary Head")
    assert [n.name for n in names] == ["Jo Demoford"]
    assert warnings == ["“Primary Head” names a role, not a person or partner."]


@pytest.mark.parametrize(
    "header",
    [
        "Lead & Representatives",
        "Lead and representatives",
        "Lead & members",
        "Lead and support",
        "Lead / supporting",
        "Lead (and others)",
    ],
)
def test_lead_and_others_headers_read_as_lead_then_supporting(header):
    assert match_header(header).field == LEAD_THEN_SUPPORTING


@pytest.mark.parametrize("header", ["Lead", "Leads", "Lead(s)", "Lead officer"])
def test_a_plain_lead_header_stays_all_lead(header):
    assert match_header(header).field == "lead"


def build(tmp_path, header, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return parse_workbook(path.read_bytes(), filename="plan.xlsx")


def test_a_lead_then_supporting_column_gives_the_first_named_the_lead(tmp_path):
    parsed = build(
        tmp_path,
        ["Ref", "Objective", "Action", "Lead & Representatives"],
        [
            [
                "1.1",
                "Objective",
                "Action one",
                "Sam Examplewood, Assistant Principal\nJo Demoford, SENCo\nEarly Years Team",
            ],
            ["1.2", "Objective two", "Action two", "tbc\nJo Demoford, SENCo"],
        ],
    )
    first, second = parsed.actions()
    assert (first.lead_people, first.supporting_people, first.supporting_partners) == (
        ["Sam Examplewood"],
        ["Jo Demoford"],
        ["Early Years Team"],
    )
    # A lead still to be confirmed is the lead's place: the others do not move up.
    assert (second.lead, second.supporting_people) == ([], ["Jo Demoford"])
    assert second.notes == "Lead: tbc"


def test_a_plain_lead_column_keeps_everyone_a_lead(tmp_path):
    parsed = build(
        tmp_path, ["Ref", "Objective", "Lead"], [["1", "Objective", "Sam Examplewood\nJo Demoford"]]
    )
    (objective,) = parsed.objectives()
    assert objective.lead_people == ["Sam Examplewood", "Jo Demoford"] and objective.supporting == []


def test_roles_and_sentences_become_notes_with_located_warnings(tmp_path):
    parsed = build(
        tmp_path,
        ["Ref", "Objective", "Action", "Lead", "Supported by", "Notes"],
        [
            ["1", "Objective", "Action one", "Primary Head", "Parent; SEND Team", "Check in May"],
            ["", "", "Action two", "To be agreed at the next board meeting.", "", ""],
        ],
    )
    one, two = parsed.actions()
    # The Notes cell of an objective row is the objective's; the names' notes go wherever the names go.
    assert one.notes == "Lead: Primary Head\nSupporting: Parent"
    assert one.supporting_partners == ["SEND Team"] and one.lead == []
    assert parsed.objectives()[0].notes == "Check in May\nLead: Primary Head\nSupporting: Parent"
    assert two.notes == "Lead: To be agreed at the next board meeting." and two.lead == []
    warnings = {(w.row, w.column, w.code): w.reason for w in parsed.warnings}
    assert warnings[2, "D", "role_not_a_name"] == (
        "“Primary Head” names a role, not a person or partner, so it was kept as a note on the objective "
        "and its action."
    )
    assert warnings[2, "E", "role_not_a_name"].startswith("“Parent” names a role")
    assert warnings[3, "D", "sentence_not_a_name"] == (
        "“To be agreed at the next board meeting.” reads as a sentence, not a name, so it was kept as a "
        "note on the action."
    )
    assert parsed.people == [] and parsed.partners == ["SEND Team"]
    assert parsed.dropped == []


@pytest.fixture
def importer(db):
    return f.make_user("importer", PLAN_ADMINISTRATOR)


def test_a_new_person_gets_the_title_and_organisation_and_one_held_keeps_its_own(tmp_path, importer):
    council = Partner.objects.create(name="Exampleshire Council")
    Person.objects.create(name="Sam Examplewood", job_title="Deputy Head")
    Person.objects.create(name="Jo Demoford")
    parsed = build(
        tmp_path,
        ["Ref", "Objective", "Lead", "Supported by"],
        [
            ["1", "Objective", "Sam Examplewood, Assistant Principal", "Jo Demoford, SENCo"],
            [
                "2",
                "Objective two",
                "Priya Fictionfield, exampleshire council",
                "Ravi Fictionfield (Woodley Academy)",
            ],
        ],
    )
    assert parsed.partners == ["exampleshire council", "Woodley Academy"]
    report = plan_import(parsed=parsed, user=importer, local_area="Exampleshire")
    people = {p.name: (p.job_title, p.partner.name if p.partner else None) for p in Person.objects.all()}
    assert people == {
        "Sam Examplewood": ("Deputy Head", None),  # held: never overwritten
        "Jo Demoford": ("SENCo", None),  # held with no title: the file fills it
        "Priya Fictionfield": ("", "Exampleshire Council"),  # the partner held, matched in any case
        "Ravi Fictionfield": ("", "Woodley Academy"),
    }
    assert Partner.objects.get(name="Exampleshire Council") == council
    assert report.counts["people"] == {"added": 2, "updated": 1, "unchanged": 1}
    assert report.counts["partners"] == {"added": 1, "updated": 0, "unchanged": 1}
    assert any("“Assistant Principal”" in w and "“Deputy Head”" in w for w in report.warnings)


def test_the_preview_offers_lead_then_supporting_for_a_column(client, alice, settings, tmp_path):
    """A "Lead" column that holds the lead and the others can be read so from the preview."""
    settings.MEDIA_ROOT = tmp_path
    book = openpyxl.Workbook()
    book.active.append(["Ref", "Objective", "Action", "Lead"])
    book.active.append(["1.1", "Objective", "Action", "Sam Examplewood, Assistant Principal\nJo Demoford"])
    out = io.BytesIO()
    book.save(out)
    client.force_login(alice)
    upload = SimpleUploadedFile("plan.xlsx", out.getvalue())
    client.post(reverse("actions:import-new"), {"file": upload})
    record = PlanImport.objects.get()
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Lead, then supporting" in page
    assert 'Sam Examplewood <span class="govuk-body-s">(Assistant Principal)</span>' in page
    form = {f"column_{c['letter']}": c["field"] for c in record.preview["columns"]}
    client.post(record.get_absolute_url(), {**form, "column_D": LEAD_THEN_SUPPORTING})
    client.post(reverse("actions:import-confirm", args=[record.pk]))
    action = Action.objects.get()
    assert [p.name for p in action.lead_people.all()] == ["Sam Examplewood"]
    assert [p.name for p in action.supporting_people.all()] == ["Jo Demoford"]
    assert action.lead_people.get().job_title == "Assistant Principal"


def test_a_partner_renamed_in_the_preview_is_renamed_as_a_persons_organisation(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Ref", "Objective", "Lead", "Supported by"])
    book.active.append(
        ["1", "Objective", "Priya Fictionfield, Exampleshire Council", "Exampleshire County Council"]
    )
    path = tmp_path / "plan.xlsx"
    book.save(path)
    corrections = Corrections(partners={"exampleshire council": "Exampleshire County Council"})
    parsed = parse_workbook(path.read_bytes(), filename="plan.xlsx", corrections=corrections)
    (objective,) = parsed.objectives()
    assert objective.lead[0].organisation == "Exampleshire County Council"
    assert parsed.partners == ["Exampleshire County Council"]


def test_a_person_given_two_job_titles_keeps_the_first_with_a_warning(tmp_path):
    parsed = build(
        tmp_path,
        ["Ref", "Objective", "Lead"],
        [["1", "Objective", "Jo Demoford, SENCo"], ["2", "Objective two", "Jo Demoford, Deputy Head"]],
    )
    assert parsed.person_details() == {"jo demoford": ("SENCo", "")}
    (warning,) = [w for w in parsed.warnings if w.code == "second_person_detail"]
    assert (warning.row, warning.column) == (3, "C")
    assert warning.reason == (
        "Jo Demoford is given the job title “Deputy Head” here and “SENCo” in row 2: a person has one job "
        "title in sendplan, so “SENCo” is kept."
    )


@pytest.mark.parametrize(
    "text, reason",
    [("tbc", "names nobody yet"), ("?", "names nobody yet"), ("n/a", "names no one person or partner")],
)
def test_a_stand_in_says_why_it_names_nobody(text, reason):
    (entry,) = read_names(text)
    assert entry.reason == reason


def test_filling_a_held_persons_title_bumps_every_plan_and_a_new_one_only_this(tmp_path, importer):
    other = f.make_plan(title="Another plan")
    Person.objects.create(name="Jo Demoford")
    before = Plan.objects.get(pk=other.pk).revision
    header = ["Ref", "Objective", "Lead"]
    plan_import(parsed=build(tmp_path, header, [["1", "Objective", "Sam Examplewood, SENCo"]]), user=importer)
    assert Plan.objects.get(pk=other.pk).revision == before  # a new person is on no other plan
    plan_import(parsed=build(tmp_path, header, [["1", "Objective", "Jo Demoford, SENCo"]]), user=importer)
    assert Plan.objects.get(pk=other.pk).revision > before  # Jo's title shows wherever Jo is named


@pytest.mark.parametrize("name", ["Sam Head", "Paul Nurse", "Jo Demoford"])
def test_a_surname_that_is_also_a_title_is_still_a_person(name):
    assert read(name) == [(name, "person", "", "")]


def test_a_plan_over_several_sheets_warns_of_roles_on_each_sheet(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Priority 1 Early help"
    book.active.append(["Objective", "Action", "Lead"])
    book.active.append(["Needs are met early", "Train early years staff", "Primary Head"])
    second = book.create_sheet("Priority 2 Transition")
    second.append(["Objective", "Action", "Lead"])
    second.append(["Young people plan ahead", "Start reviews in Year 9", "Jo Demoford, SENCo\nParents"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    parsed = parse_workbook(path.read_bytes(), filename="plan.xlsx")
    assert len(parsed.priorities) == 2
    roles = [
        (w.sheet, w.row, w.column, w.reason.split("”")[0])
        for w in parsed.warnings
        if w.code == "role_not_a_name"
    ]
    assert roles == [
        ("Priority 1 Early help", 2, "C", "“Primary Head"),
        ("Priority 2 Transition", 2, "C", "“Parents"),
    ]
    assert [a.notes for a in parsed.actions()] == ["Lead: Primary Head", "Lead: Parents"]
    assert parsed.person_details() == {"jo demoford": ("SENCo", "")}


def test_the_generated_plans_partners_and_people_read_back_as_themselves():
    """The scale seed's names, as an export writes them, read back as the same partner or person."""
    for name, _kind in PARTNER_POOL:
        assert read(name) == [(name, "partner", "", "")], name
    for first in FIRST_NAMES:
        for surname in SURNAMES:
            assert read(f"{first} {surname}") == [(f"{first} {surname}", "person", "", "")]
