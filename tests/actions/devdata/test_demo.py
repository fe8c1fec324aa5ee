"""load_demo: the demo plans, users, periods and statements, idempotent, and free of real names."""

import datetime
import importlib.util
import io
import json
import re
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db import models

from actions.cycle.models import PositionStatement, Rag, ReportingPeriod, actions_with_status
from actions.devdata.demo import DEMO_PASSWORD, PLANS, demo_load, parse_due, reporting_terms
from actions.plans.models import Action, Objective, Plan, Priority
from actions.roles import BOARD_MEMBER, OFFICER, PLAN_ADMINISTRATOR, SCHOOLS_FORUM_MEMBER
from partners.models import Partner, Person

TODAY = datetime.date(2026, 3, 15)  # in the spring term
FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "demo"
EXAMPLES = Path(settings.BASE_DIR).parent / "shared" / "examples"
TELFORD, KIRKLEES = (plan.title for plan in PLANS)


def load(today=TODAY) -> str:
    out = io.StringIO()
    call_command("load_demo", "--today", today.isoformat(), stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table, history and many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def sizes(doc: dict) -> tuple[int, int, int]:
    objectives = [o for p in doc["priorities"] for o in p["objectives"]]
    return len(doc["priorities"]), len(objectives), sum(len(o["actions"]) for o in objectives)


@pytest.fixture(scope="module")
def _demo_output(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (it takes seconds); flushed when the module is done.

    Each test still runs in its own transaction (`demo` asks for `db`), so what a test writes is
    rolled back and no test sees another's writes.
    """
    with django_db_blocker.unblock():
        output = load()
    yield output
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(_demo_output, db):
    return _demo_output


# ---------------------------------------------------------------------------------------------------
def test_load_demo_prints_a_summary_with_the_logins(demo):
    assert "DEMO ONLY" in demo.upper()
    for line in (
        "plans:               2",
        "priorities:          23",
        "objectives:          97",
        "actions:             178",
        "reporting periods:   8",
    ):
        assert line in demo
    for username in ("admin", "officer", "board", "forum"):
        assert re.search(rf"^\s+{username}\s", demo, flags=re.MULTILINE)
    assert "sendplan-demo" in demo


def test_plans_match_the_fixtures_and_the_readme(demo):
    telford, kirklees = Plan.objects.get(title=TELFORD), Plan.objects.get(title=KIRKLEES)
    assert (telford.local_area, kirklees.local_area) == ("Telford and Wrekin", "Kirklees")
    for plan, expected in ((telford, (4, 30, 30)), (kirklees, (19, 67, 148))):
        counts = (
            Priority.objects.filter(plan=plan).count(),
            Objective.objects.filter(priority__plan=plan).count(),
            Action.objects.for_plan(plan).count(),
        )
        assert counts == expected
    assert sizes(fixture("telford")) == (4, 30, 30)
    assert sizes(fixture("kirklees")) == (19, 67, 148)
    assert Person.objects.count() == len(fixture("telford")["people"]) + len(fixture("kirklees")["people"])
    assert list(Priority.objects.filter(plan=telford).values_list("ref", flat=True)) == ["1", "2", "3", "4"]
    # Titles the source cropped or misread are mended ("Fo create robus governance ... acros y agencies").
    assert Priority.objects.get(plan=telford, ref="4").title.startswith(
        "To create robust governance structures and effective partnership across agencies"
    )
    assert not Priority.objects.filter(title__regex=r"blick guality|\bmilies\b|\bFo create").exists()
    # Kirklees prints "1 Processes" twice over: refs are unique, the heading keeps its place.
    kirklees_refs = list(Priority.objects.filter(plan=kirklees).values_list("ref", flat=True))
    assert len(set(kirklees_refs)) == len(kirklees_refs) == 19
    assert kirklees_refs[3:5] == ["4", "4i"]
    assert not Priority.objects.get(plan=kirklees, ref="10").objectives.exists()
    # Leads are split into people and partners; every email is an example.org one.
    action = Action.objects.for_plan(kirklees).get(ref="7.3.a")
    assert action.lead_people.count() == 2 and list(action.lead_partners.values_list("name", flat=True)) == [
        "HCP"
    ]
    assert all(email.endswith("@example.org") for email in Person.objects.values_list("email", flat=True))
    assert Person.objects.filter(partner__isnull=True).count() == 0
    assert Partner.objects.get(name="PODS").kind == Partner.Kind.PARENT_CARER_FORUM
    assert Partner.objects.get(name="SENACT").kind == Partner.Kind.LOCAL_AUTHORITY
    assert (
        Action.objects.for_plan(telford).get(ref="1.6").task_group == "EHC Pathway"
    )  # printed "r EHC Pathway"


def test_dates_are_moved_forward_in_whole_years(demo):
    telford, kirklees = Plan.objects.get(title=TELFORD), Plan.objects.get(title=KIRKLEES)
    # June 2022 and May 2018 land about five months before 15 March 2026: +3 and +7 years.
    assert (telford.start_date, telford.end_date) == (datetime.date(2024, 9, 1), datetime.date(2027, 8, 31))
    assert (kirklees.start_date, kirklees.end_date) == (datetime.date(2024, 9, 1), datetime.date(2026, 8, 31))
    telford_actions = Action.objects.for_plan(telford)
    assert telford_actions.get(ref="1").due_date == datetime.date(2025, 9, 30)  # "Sep-22"
    assert telford_actions.get(ref="1").timeframe == ""
    assert (telford_actions.get(ref="2.3").timeframe, telford_actions.get(ref="2.3").due_date) == (
        "Monthly",
        None,
    )
    assert telford_actions.get(ref="1.3").timeframe == "твс"
    kirklees_actions = Action.objects.for_plan(kirklees)
    assert kirklees_actions.get(ref="4.8.a").due_date == datetime.date(2025, 7, 31)  # "July 2018"
    assert kirklees_actions.get(ref="7.9.a").due_date == datetime.date(2026, 12, 31)  # "2019"
    assert kirklees_actions.get(ref="10.7.a").timeframe == "Half term revision"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sep-22", (2022, 9)),
        ("Jun-21", (2021, 6)),
        ("July 2018", (2018, 7)),
        ("October/ November 2018", (2018, 11)),
        ("Autumn 2019", (2019, 12)),
        ("Spring 2020", (2020, 3)),
        ("2019", (2019, 12)),
        ("TBC", None),
        ("Monthly", None),
        ("Termly", None),
        ("Half term revision", None),
        ("твс", None),
        (None, None),
    ],
)
def test_parse_due(text, expected):
    assert parse_due(text) == expected


@pytest.mark.parametrize(
    "today, names",
    [
        (
            datetime.date(2026, 3, 15),
            ["Spring term 2025", "Summer term 2025", "Autumn term 2025", "Spring term 2026"],
        ),
        (
            datetime.date(2026, 11, 22),
            ["Autumn term 2025", "Spring term 2026", "Summer term 2026", "Autumn term 2026"],
        ),
        (
            datetime.date(2026, 5, 1),
            ["Summer term 2025", "Autumn term 2025", "Spring term 2026", "Summer term 2026"],
        ),
    ],
)
def test_reporting_terms(today, names):
    assert [f"{season} term {year}" for season, year in reporting_terms(today)] == names


def test_reporting_periods(demo):
    for plan in Plan.objects.all():
        periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("as_at"))
        assert [(p.name, p.as_at, p.state) for p in periods] == [
            ("Spring term 2025", datetime.date(2025, 3, 31), "published"),
            ("Summer term 2025", datetime.date(2025, 7, 31), "published"),
            ("Autumn term 2025", datetime.date(2025, 12, 31), "closed"),
            ("Spring term 2026", datetime.date(2026, 3, 31), "open"),
        ]
        assert (periods[-1].opens_on, periods[-1].closes_on) == (
            datetime.date(2026, 2, 22),
            datetime.date(2026, 4, 5),
        )


def test_statements_move_between_terms(demo):
    actions = actions_with_status()
    histories = {}
    for statement in PositionStatement.objects.select_related("period").order_by("period__as_at"):
        histories.setdefault(statement.action_id, []).append(statement.rag)
    past = PositionStatement.objects.exclude(period__state=ReportingPeriod.State.OPEN)
    # One statement per action per past term, bar a few "No update".
    assert 0.90 * 3 * actions.count() <= past.count() < 3 * actions.count()
    ratings = [r for h in histories.values() for r in h]
    assert ratings.count(Rag.AMBER) + ratings.count(Rag.GREEN) > 0.6 * len(ratings)
    assert Rag.RED in ratings and Rag.BLUE in ratings
    assert sum(1 for h in histories.values() if len(set(h)) > 1) > 20  # ratings move
    assert any("red,red" in ",".join(h) for h in histories.values())  # red two terms running
    assert any("red,amber,green" in ",".join(h) for h in histories.values())  # improving
    for action in actions.with_rag_as_at():
        history = histories.get(action.pk, [])
        if Rag.BLUE in history:
            assert set(history[history.index(Rag.BLUE) :]) == {Rag.BLUE}  # once complete, stays complete
        assert (action.status == Action.Status.COMPLETE) == (action.current_rag == Rag.BLUE)
    open_share = PositionStatement.objects.filter(period__state="open").count() / actions.count()
    assert 0.25 < open_share < 0.55
    # Telford's own statements are used for its first two past terms.
    first = PositionStatement.objects.get(
        action__ref="1", period__name="Spring term 2025", action__objective__ref="1"
    )
    assert first.narrative.startswith("Final changes to be made to the Working Together Charter")
    # Kirklees narratives are varied.
    kirklees = PositionStatement.objects.filter(action__objective__priority__plan__title=KIRKLEES)
    assert len({re.sub(r"\d+", "", s) for s in kirklees.values_list("narrative", flat=True)}) > 25


def test_demo_users_and_the_officer(demo):
    User = get_user_model()
    expected = {
        "admin": PLAN_ADMINISTRATOR,
        "officer": OFFICER,
        "board": BOARD_MEMBER,
        "forum": SCHOOLS_FORUM_MEMBER,
    }
    for username, group in expected.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert not user.is_superuser
        assert user.is_staff == (username == "admin")
        assert user.first_name and user.last_name
        assert authenticate(None, username=username, password=DEMO_PASSWORD) == user
    # Each lead person has an account to write statements with, but only the demo logins can sign in.
    assert User.objects.count() > len(expected)
    assert {u.username for u in User.objects.all() if u.has_usable_password()} == set(expected)
    officer = User.objects.get(username="officer")
    person = officer.person
    assert person.name == f"{officer.first_name} {officer.last_name}"
    involved = Action.objects.involving(person)
    assert 6 <= involved.count() <= 15
    without = involved.exclude(position_statements__period__state=ReportingPeriod.State.OPEN)
    assert without.count() >= 3
    assert involved.filter(position_statements__period__state=ReportingPeriod.State.OPEN).exists()
    assert not PositionStatement.objects.filter(author=officer).exclude(action__in=involved).exists()
    assert PositionStatement.objects.filter(author=officer).exists()


def test_running_twice_changes_nothing(demo):
    before = row_counts()
    assert before["actions.HistoricalAction"] >= 178 and before["actions.HistoricalPositionStatement"] > 400
    assert before["partners.HistoricalPerson"] == Person.objects.count()
    out = load()
    assert "already loaded" in out and "Nothing changed" in out
    assert row_counts() == before
    # A different day changes nothing either: the plans are matched by title.
    assert demo_load(today=datetime.date(2027, 1, 5)).already_loaded
    assert row_counts() == before


# ---------------------------------------------------------------------------------------------------
# No real personal name anywhere.
GROUP_WORDS = re.compile(
    r"\b(group|board|forum|team|teams|champions|leads|chairs|parliament|help|years|development|commissioning|"
    r"pathway|college|school|schools)\b",
    re.IGNORECASE,
)


def real_names() -> set[str]:
    """Personal names in the example plans: named people, and the names in lead/supporting lists."""
    if not EXAMPLES.is_dir():
        pytest.skip("../shared/examples is not here")
    names = set()
    for plan in ("telford", "kirklees"):
        doc = json.loads((EXAMPLES / f"{plan}.json").read_text(encoding="utf-8"))
        for entry in doc["people_and_groups"]:
            name = entry["name"]
            if entry.get("role_or_org") == "Task and Finish Group" or entry.get("group") == "Teams":
                continue
            if re.fullmatch(r"(?:[A-Z][a-z]+|[A-Z]) (?:Mc)?[A-Z][\w-]+", name) and not GROUP_WORDS.search(
                name
            ):
                names.add(name)
        entries = {
            e
            for priority in doc["priorities"]
            for objective in priority["objectives"]
            for item in [objective, *objective["actions"]]
            for e in item["lead"] + item["supporting"]
        }
        for entry in entries:
            names.update(re.findall(r"\b[A-Z] (?:Mc)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", entry))
            for full in [n for n in names if " " in n and len(n.split()[0]) > 1]:
                surname = full.split()[-1]
                # cropped or misspelt versions of a full name ("anne Everett", "Amardege Grewal")
                names.update(m for m in re.findall(rf"\b[A-Za-z]+ {re.escape(surname)}\b", entry))
    for full in [n for n in names if re.fullmatch(r"[A-Z][a-z]+ [A-Z]\w+", n)]:
        names.add(full[:-1])  # a surname cut short: "Marianne Everet"
    assert len(names) > 60
    return names


def real_initials() -> set[str]:
    """Bare initials standing for a person in the lists: "TMcD", "Senior EP (JW)"."""
    if not EXAMPLES.is_dir():
        pytest.skip("../shared/examples is not here")
    found = set()
    for plan in ("telford", "kirklees"):
        text = (EXAMPLES / f"{plan}.json").read_text(encoding="utf-8")
        found.update(re.findall(r"\b[A-Z]Mc[A-Z]\b", text))
        found.update(re.findall(r"\(([A-Z]{2}|[A-Z]{1,2}-[A-Z])\)", text))
    assert {"TMcD", "JW"} <= found
    return found


def name_pattern(names: set[str]) -> re.Pattern:
    return re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b", re.I
    )


def test_no_real_name_in_the_database(demo):
    pattern = name_pattern(real_names())
    found = []
    for model in (Person, Partner, Plan, Priority, Objective, Action, PositionStatement):
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model.objects.values_list(*fields):
            for value in row:
                if value and (m := pattern.search(value)):
                    found.append(f"{model.__name__}: {m.group(0)!r} in {value[:80]!r}")
    initials = re.compile(r"\b(" + "|".join(sorted(real_initials())) + r")\b")  # case matters: "jw" is no one
    for model, field in ((Partner, "name"), (Action, "description"), (PositionStatement, "narrative")):
        for value in model.objects.values_list(field, flat=True):
            if m := initials.search(value):
                found.append(f"{model.__name__}: initials {m.group(0)!r} in {value[:80]!r}")
    User = get_user_model()
    for first, last in User.objects.values_list("first_name", "last_name"):
        if m := pattern.search(f"{first} {last}"):
            found.append(f"User: {m.group(0)!r}")
    assert not found


def test_no_real_name_in_the_fixture_files():
    pattern = name_pattern(real_names())
    for name in ("telford", "kirklees"):
        text = (FIXTURES / f"{name}.json").read_text(encoding="utf-8")
        assert not pattern.findall(text), name
        assert not re.findall(r"\b(" + "|".join(sorted(real_initials())) + r")\b", text), name


# ---------------------------------------------------------------------------------------------------
# The fixture script.
def fixture_script():
    spec = importlib.util.spec_from_file_location(
        "make_demo_fixtures", Path(settings.BASE_DIR) / "scripts" / "make_demo_fixtures.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_committed_fixtures_are_what_the_script_makes(tmp_path):
    if not EXAMPLES.is_dir():
        pytest.skip("../shared/examples is not here")
    fixture_script().main(["--source", str(EXAMPLES), "--output", str(tmp_path)])
    for name in ("telford", "kirklees"):
        assert json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8")) == fixture(name), name


def test_fixture_script_splits_and_replaces_every_form_of_a_name(tmp_path):
    """Invented people, in every shape the real plans print names."""

    def action(lead, supporting, description="Run the network", updates=()):
        return {
            "ref": "1.1.a",
            "description": description,
            "lead": lead,
            "supporting": supporting,
            "task_group": None,
            "due": None,
            "success_measures": None,
            "updates": list(updates),
        }

    telford = {
        "source": "x",
        "plan": {"title": "Plan", "area": "Here", "period": None, "version": None},
        "people_and_groups": [
            {"name": "Harriet Quillfeather", "role_or_org": "Public Health", "group": None},
            {"name": "Orlando Brightwater", "role_or_org": None, "group": None},
            {"name": "Sunny Group", "role_or_org": None, "group": None},
        ],
        "priorities": [
            {
                "ref": None,
                "title": "P",
                "description": None,
                "objectives": [
                    {
                        "ref": "1.1",
                        "title": "Talk to Orlando Brightwater",
                        "lead": ["riet Quillfeather"],
                        "supporting": ["Severn Teaching School (Orlando Brightwater)"],
                        "success_measures": None,
                        "monitoring": None,
                        "resources": None,
                        "actions": [
                            action(
                                ["R Ashdown T McQuarrie", "Harriet Quillfeather Public Health"],
                                ["JB/ PW / JG-S", "K Lomax/ HCP", "Sunny Group"],
                                "Agreed with R Ashdown and Harriet Quillfeather",
                                [{"as_at": "January 2022", "rag": None, "statement": "K Lomax to report"}],
                            )
                        ],
                    }
                ],
            }
        ],
        "notes": ["Harriet Quillfeather wrote 'riet Quillfeather'"],
    }
    kirklees = json.loads(json.dumps(telford))
    kirklees["people_and_groups"] = []
    kirklees["priorities"][0]["objectives"][0]["lead"] = ["P Nettleford"]
    kirklees["priorities"][0]["objectives"][0]["supporting"] = []
    kirklees["priorities"][0]["objectives"][0]["title"] = "x"
    kirklees["priorities"][0]["objectives"][0]["actions"] = [action(["P Nettleford"], ["Schools"], "x")]
    kirklees["notes"] = []
    source = tmp_path / "source"
    source.mkdir()
    (source / "telford.json").write_text(json.dumps(telford))
    (source / "kirklees.json").write_text(json.dumps(kirklees))
    fixture_script().main(["--source", str(source), "--output", str(tmp_path / "out")])

    out = json.loads((tmp_path / "out" / "telford.json").read_text(encoding="utf-8"))
    text = json.dumps(out)
    for real in ("Quillfeather", "Brightwater", "Ashdown", "McQuarrie", "Lomax", '"JB"', '"PW"', '"JG-S"'):
        assert real not in text
    objective = out["priorities"][0]["objectives"][0]
    made = out["priorities"][0]["objectives"][0]["actions"][0]
    people = {p["name"]: p for p in out["people"]}
    # "R Ashdown T McQuarrie" -> two people; "Harriet Quillfeather Public Health" -> a person and a partner.
    assert len(made["lead"]) == 4 and made["lead"][3] == "Public Health"
    assert made["lead"][0].startswith("R ") and made["lead"][1].startswith("T ")
    assert made["lead"][2] == objective["lead"][0]
    initials = made["supporting"][:3]
    assert all(re.fullmatch(r"[A-Z]{2}", i) for i in initials)
    assert [i[0] for i in initials] == ["J", "P", "J"]  # the same first initial, a new second one
    assert made["supporting"][3].startswith("K ") and made["supporting"][4] == "HCP"
    assert made["supporting"][5] == "Sunny Group"
    assert objective["supporting"][0] == "Severn Teaching School"
    harriet = objective["lead"][0]  # "riet Quillfeather" is the same person as "Harriet Quillfeather"
    assert harriet in people and harriet in made["description"]
    assert people[harriet]["organisation"] == "Public Health"
    assert objective["supporting"][1] in objective["title"]
    for person in people.values():
        assert person["job_title"] and person["organisation"]
        assert re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+", person["name"])
