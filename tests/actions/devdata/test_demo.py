"""load_demo: the demo plans, users, periods and statements, idempotent, and free of real names."""

import datetime
import functools
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
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import models
from django.test import RequestFactory

from actions.cycle.models import PositionStatement, Rag, ReportingPeriod, actions_with_status
from actions.devdata.demo import DEMO_PASSWORD, PLANS, USERS, demo_load, parse_due, reporting_terms
from actions.importing.names import split_names
from actions.measures.models import Measure, MeasureValue, TrajectoryPoint, period_window
from actions.measures.selectors import measures_for_plan
from actions.measures.services import measure_value_record
from actions.plans.models import Action, Objective, Plan, Priority
from actions.roles import ADVISER, BOARD_MEMBER, OFFICER, PLAN_ADMINISTRATOR, SCHOOLS_FORUM_MEMBER
from partners.models import Partner, Person

TODAY = datetime.date(2026, 3, 15)  # in the spring term
FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "demo"
TEST_DATA = Path(settings.BASE_DIR) / "tests" / "data"
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
        "impact measures:     13, with 46 figures (4 awaiting confirmation)",
    ):
        assert line in demo
    for username in ("admin", "officer", "board", "forum", "adviser"):
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
        "adviser": ADVISER,
    }
    for username, group in expected.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert not user.is_superuser
        assert user.is_staff == (username == "admin")
        assert user.first_name and user.last_name
        signing_in = RequestFactory().post("/accounts/login/")  # sign-in throttling needs the request
        assert authenticate(signing_in, username=username, password=DEMO_PASSWORD) == user
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
    assert before["actions.HistoricalMeasure"] >= 13 and before["actions.HistoricalMeasureValue"] > 80
    assert before["actions.HistoricalBenchmarkValue"] >= 4 * 2 * 13
    assert before["partners.HistoricalPerson"] == Person.objects.count()
    out = load()
    assert "already loaded" in out and "Nothing changed" in out
    assert row_counts() == before
    # A different day changes nothing either: the plans are matched by title.
    assert demo_load(today=datetime.date(2027, 1, 5)).already_loaded
    assert row_counts() == before


# ---------------------------------------------------------------------------------------------------
# Impact measures (their words and numbers: test_demo_measures.py).
REGIONS = {TELFORD: "West Midlands", KIRKLEES: "Yorkshire and The Humber"}
OFF_TRAJECTORY = (Rag.RED, Rag.AMBER)
DONE_OR_ON_TRACK = {Rag.GREEN, Rag.BLUE}


def test_both_plans_have_measures_with_figures_in_every_past_period(demo):
    admin = get_user_model().objects.get(username="admin")
    for plan in Plan.objects.all():
        periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("as_at"))
        past, now = periods[:-1], periods[-1]
        measures = list(Measure.objects.filter(plan=plan).select_related("lead_person__user", "lead_partner"))
        assert 5 <= len(measures) <= 7
        for measure in measures:
            assert measure.definition and measure.lead_partner is not None
            # Led by one of the plan's people who already leads an action in it.
            assert Action.objects.for_plan(plan).filter(lead_people=measure.lead_person).exists()
            assert measure.priorities.exists() or measure.objectives.exists() or measure.actions.exists()
            kinds = list(TrajectoryPoint.objects.filter(measure=measure).values_list("kind", "date"))
            assert [k for k, _ in kinds][0] == "baseline" and kinds[-1][0] == "target"
            assert "milestone" in [k for k, _ in kinds]
            assert kinds[0][1] < past[0].as_at and kinds[-1][1] > now.as_at
            assert set(measure.benchmarks.values_list("name", flat=True)) == {"England", REGIONS[plan.title]}
            values = {v.period_id: v for v in MeasureValue.objects.filter(measure=measure)}
            for period in past:
                value = values[period.pk]
                # Entered by the measure's lead, confirmed by the administrator: never the same person.
                assert value.entered_by == measure.lead_person.user
                assert value.confirmed_by == admin != value.entered_by and value.confirmed_at
                assert value.source and value.commentary
            for value in values.values():
                window = period_window(value.period)
                assert window.starts_after is None or value.refers_to > window.starts_after
                assert value.refers_to <= value.period.as_at
                if measure.is_percent:
                    assert 0 <= value.value <= 100
        # About half have a figure this term, some of them awaiting confirmation.
        this_term = MeasureValue.objects.filter(measure__plan=plan, period=now)
        assert 0 < this_term.count() < len(measures)
        assert this_term.filter(confirmed_at__isnull=True).exists()
        assert this_term.filter(confirmed_at__isnull=False).exists()
        # Each rating in force is the one the trajectory gives.
        for period in periods:
            for status in measures_for_plan(plan, period):
                assert status.rag == status.computed_rag


def test_a_measure_is_off_trajectory_while_its_actions_are_green_or_blue(demo):
    """What the board's exception list shows: in the latest closed period, and this term too."""
    for plan in Plan.objects.all():
        periods = list(ReportingPeriod.objects.filter(plan=plan).order_by("as_at"))
        for period in (periods[-2], periods[-1]):
            exceptions = []
            for status in measures_for_plan(plan, period):
                if status.rag not in OFF_TRAJECTORY:
                    continue
                actions = status.measure.actions.all()
                ratings = set(
                    PositionStatement.objects.filter(action__in=actions, period=period).values_list(
                        "rag", flat=True
                    )
                )
                has_all = PositionStatement.objects.filter(action__in=actions, period=period).count() == len(
                    actions
                )
                if actions and has_all and ratings <= DONE_OR_ON_TRACK:
                    exceptions.append(status.measure.name)
            assert exceptions, f"{plan.title}, {period.name}"
        closed = [s for s in measures_for_plan(plan, periods[-2])]
        assert sum(1 for s in closed if s.rag == Rag.GREEN) >= 3
        assert sum(1 for s in closed if s.rag in OFF_TRAJECTORY) >= 2


def test_the_officer_leads_a_measure_with_no_figure_yet_this_term(demo):
    person = get_user_model().objects.get(username="officer").person
    due = Measure.objects.filter(lead_person=person).exclude(values__period__state=ReportingPeriod.State.OPEN)
    assert due.exists()
    # Their past figures were entered by them, under their own login.
    assert MeasureValue.objects.filter(measure__in=due, entered_by__username="officer").count() == 3


def test_published_periods_lock_the_demo_figures(demo):
    admin = get_user_model().objects.get(username="admin")
    value = MeasureValue.objects.filter(period__state=ReportingPeriod.State.PUBLISHED).select_related(
        "measure", "period"
    )[0]
    with pytest.raises(PermissionDenied, match="published"):
        measure_value_record(
            user=admin, measure=value.measure, period=value.period, refers_to=value.refers_to, value="1"
        )
    # The periods went open, then closed (and published) by the administrator, as they would for real.
    published = value.period
    states = list(published.history.order_by("history_date", "history_id").values_list("state", flat=True))
    assert states == ["open", "closed", "published"]
    assert set(published.history.exclude(state="open").values_list("history_user__username", flat=True)) == {
        "admin"
    }


# ---------------------------------------------------------------------------------------------------
# Only fictional people. The real names are not in the repository: the scripts that make fixtures/demo
# and tests/data check their output against the real plans when they are run. These tests check the
# other way round, with nothing from outside: every personal name that the demo fixtures, the test
# copies of the plans and the demo database hold is a fictional one.
GROUP_WORDS = re.compile(
    r"\b(group|board|forum|team|teams|champions|leads|chairs|parliament|help|years|development|commissioning|"
    r"pathway|college|school|schools)\b",
    re.IGNORECASE,
)


@functools.cache
def invented_surname_starts() -> tuple[str, ...]:
    return tuple(prefix.lower() for prefix in fixture_script().SURNAME_PREFIXES)


def invented(name: str) -> bool:
    """Is the surname one the fixture script makes up ("Demoham"; cut short, "Inventstea"; "FictionField")?"""
    return name.split()[-1].lower().startswith(invented_surname_starts())


def list_entries(doc: dict) -> set[str]:
    return {
        e
        for priority in doc["priorities"]
        for objective in priority["objectives"]
        for item in [objective, *objective["actions"]]
        for e in item["lead"] + item["supporting"]
    }


def printed_names(doc: dict) -> set[str]:
    """Personal names in a plan in the examples' schema: named people, and the names in its lists."""
    names = set()
    for entry in doc["people_and_groups"]:
        name = entry["name"]
        if entry.get("role_or_org") == "Task and Finish Group" or entry.get("group") == "Teams":
            continue
        if re.fullmatch(r"(?:[A-Z][a-z]+|[A-Z]) (?:Mc)?[A-Z][\w-]+", name) and not GROUP_WORDS.search(name):
            names.add(name)
    for entry in list_entries(doc):
        names.update(re.findall(r"\b[A-Z] (?:Mc)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", entry))
        for full in [n for n in names if " " in n and len(n.split()[0]) > 1]:
            surname = full.split()[-1]
            # cropped or misspelt versions of a full name ("colm Inventstead", "Ange Madeupmore")
            names.update(re.findall(rf"\b[A-Za-z]+ {re.escape(surname)}\b", entry))
    return names


def fixture_people() -> dict[str, dict]:
    """Every fictional person of the demo, by name."""
    return {person["name"]: person for plan in ("telford", "kirklees") for person in fixture(plan)["people"]}


def test_every_name_in_the_test_copies_and_the_fixtures_is_fictional():
    names = set()
    for plan in ("telford", "kirklees"):
        copy = json.loads((TEST_DATA / f"{plan}.json").read_text(encoding="utf-8"))
        names |= printed_names(copy)
        # and every person the importer reads from the lists, bar bare initials ("JN")
        for entry in list_entries(copy):
            names.update(n.name for n in split_names(entry)[0] if n.is_person and " " in n.name)
    assert len(names) > 60
    assert sorted(n for n in names if not invented(n)) == []
    # The copies name the demo's people (a surname may be cut short or printed with another capital).
    surnames = {name.split()[-1].lower() for name in fixture_people()}
    assert sorted(n for n in names if not any(s.startswith(n.split()[-1].lower()) for s in surnames)) == []

    module = fixture_script()
    for plan in ("telford", "kirklees"):
        doc = fixture(plan)
        aliases = {alias for person in doc["people"] for alias in person["aliases"]}
        assert all(invented(person["name"]) for person in doc["people"]), plan
        assert printed_names(doc) <= aliases, plan
        # Whatever in a lead or supporting list looks like a person is one of the fixture's people.
        for entry in list_entries(doc):
            kind = module.classify(entry)
            if kind in ("full", "cropped", "initial") or (
                kind == "initials" and entry not in module.NOT_INITIALS
            ):
                assert entry in aliases, (plan, entry)


def test_every_name_in_the_database_is_fictional(demo):
    people = fixture_people()
    assert sorted(Person.objects.values_list("name", flat=True)) == sorted(people)
    logins = {f"{first} {last}" for _, first, last, _ in USERS.values() if first}
    User = get_user_model()
    for first, last in User.objects.values_list("first_name", "last_name"):
        assert f"{first} {last}" in people.keys() | logins
    # No one else is named in any text: a first name the demo or a council might use, or an initial
    # ("C&K Careers" and "1.C Outcomes" are not), then a surname.
    module = fixture_script()
    firsts = module.GIVEN_NAMES | {n for pool in module.FIRST_NAMES.values() for n in pool}
    places = r"Academy|School|Primary|High|College|Nursery|House|Centre|Road"  # "Joseph Norton Academy"
    named = re.compile(
        rf"(?:\b(?:{'|'.join(sorted(firsts))})|(?<![\w&.])[A-Z]\.?) (?:Mc|Mac|O')?[A-Z][a-z]{{2,}}\b"
        rf"(?! (?:{places})\b)"
    )
    initials = {alias for person in people.values() for alias in person["aliases"] if " " not in alias}
    found = []
    for model in (
        Person,
        Partner,
        Plan,
        Priority,
        Objective,
        Action,
        PositionStatement,
        Measure,
        MeasureValue,
    ):
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model.objects.values_list(*fields):
            for value in row:
                for m in named.finditer(value or ""):
                    if not invented(m.group(0)) and m.group(0) not in logins:
                        found.append(f"{model.__name__}: {m.group(0)!r} in {value[:80]!r}")
    # Initials ("JN") and initial and surname ("M Demogate") are people, never kept as partners.
    for name in Partner.objects.values_list("name", flat=True):
        if name in initials or module.classify(name) == "initial":
            found.append(f"Partner: {name!r}")
    assert not found


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


# The invented "real" people of tests/data/fixture_source: the script must leave none of them.
MADE_UP_NAMES = [
    "Rowena",
    "Hartigan",
    "Rowema",
    "Declan",
    "Mcardle",
    "Bernadette",
    "Okafor",
    "Ravi",
    "Chaudry",
    "Helen",
    "brackley",
    "Dafydd",
    "Pemberton",
    "Kerensa",
    "Wardle",
    "McNaughton",
    "Ormerod",
    "Fairclough",
    "Loxley",
]
MADE_UP_INITIALS = ("KW", "GMcN")


def test_fixture_script_on_a_made_up_plan_leaves_only_fictional_people(tmp_path):
    """The committed fixtures cannot be remade without the real plans, so the script runs on a small
    made-up pair (tests/data/fixture_source) naming people in the ways the real ones do: each person,
    however printed, becomes one fictional person with those forms as aliases, and no source name is
    left. The splitting itself is the next test's."""
    source = TEST_DATA / "fixture_source"
    fixture_script().main(["--source", str(source), "--output", str(tmp_path / "out")])
    out = {
        plan: json.loads((tmp_path / "out" / f"{plan}.json").read_text(encoding="utf-8"))
        for plan in ("telford", "kirklees")
    }
    partners = {
        "telford": {
            "Schools",
            "Brookside Teaching School",
            "Public Health",
            "SEND team leads",
            "SC SDM",
            "PODS",
        },
        "kirklees": {"Hub Leaders", "Senior EP", "SENACT", "HCP", "Healthy Child Programme"},
    }
    for plan, doc in out.items():
        text = json.dumps(doc, ensure_ascii=False)
        assert [n for n in MADE_UP_NAMES if re.search(rf"\b{n}\b", text, flags=re.IGNORECASE)] == [], plan
        assert [i for i in MADE_UP_INITIALS if re.search(rf"\b{i}\b", text)] == [], plan
        alias_of = {alias: person["name"] for person in doc["people"] for alias in person["aliases"]}
        assert all(invented(p["name"]) and p["job_title"] and p["organisation"] for p in doc["people"])
        # Every list entry is a person's alias or a partner as printed, and every alias is used.
        assert {e for e in list_entries(doc) if e not in alias_of} == partners[plan]
        assert set(alias_of) - {p["name"] for p in doc["people"]} <= list_entries(doc)

    # Telford: full names, one cut at the page edge, one printed in two cases, one with an organisation,
    # one named only in a statement, and a first name left on its own in the notes.
    doc = out["telford"]
    people = {p["name"]: p for p in doc["people"]}
    objectives = {o["ref"]: o for p in doc["priorities"] for o in p["objectives"]}
    rowena, declan = objectives["1"]["lead"]
    assert objectives["1"]["title"].endswith(f"led by {rowena}.")
    assert objectives["1.1"]["lead"] == [rowena]  # "owena Hartigan"
    ravi, _, mcardle, _ = objectives["1.1"]["supporting"]  # "Ravi Chaudry Public Health", "Declan McArdle"
    assert mcardle == declan and objectives["2.1"]["lead"] == [ravi, "SC SDM"]
    assert people[ravi]["organisation"] == "Public Health"
    bernadette = objectives["1"]["supporting"][2]  # "Brookside Teaching School (Bernadette Okafor)"
    assert people[bernadette]["organisation"] == "Brookside Teaching School"
    january, june = objectives["1"]["actions"][0]["updates"]
    assert january["statement"].startswith(f"{declan} has met the SENCOs; {ravi} to report")
    (helen,) = set(people) - {rowena, declan, ravi, bernadette}
    assert f"Work from {helen} about training" in june["statement"]
    assert f"'{rowena}/ {ravi.split()[0]}'" in doc["notes"][2]  # "Rowema Hartigan/ Ravi"

    # Kirklees: initials and surname, bare initials, Mc initials, two names run together, a name and an
    # organisation; people named in the Teams list keep their group and school.
    doc = out["kirklees"]
    people = {p["name"]: p for p in doc["people"]}
    objectives = {o["ref"]: o for p in doc["priorities"] for o in p["objectives"]}
    assert len(people) == 6
    (dafydd,) = (p for p in people.values() if p["groups"] == ["SENCO Champions"])
    assert (dafydd["job_title"], dafydd["organisation"]) == ("SENCO", "Larkfield Primary")
    assert objectives["1.1"]["lead"] == sorted(set(dafydd["aliases"]) - {dafydd["name"]})  # "D Pemberton"
    assert objectives["1.1"]["actions"][0]["description"].endswith(f"with {objectives['1.1']['lead'][0]}.")
    (kerensa,) = (p for p in people.values() if p["groups"] == ["PCA Champions (SEND)"])
    assert kerensa["job_title"] == "Educational Psychologist"
    initials = objectives["1.1"]["supporting"][2]  # "Senior EP (KW)"
    assert re.fullmatch(r"K[A-Z]", initials) and set(kerensa["aliases"]) == {initials, kerensa["name"]}
    (health,) = (p for p in people.values() if p["organisation"] == "Healthy Child Programme")
    initial_form, mc_initials = sorted(set(health["aliases"]) - {health["name"]})  # "G McNaughton", "GMcN"
    assert objectives["1.2"]["supporting"] == [mc_initials, "SENACT"]
    assert objectives["2.1"]["supporting"] == [initial_form, "Healthy Child Programme", kerensa["name"]]
    b, c = objectives["1.2"]["lead"]  # "B Ormerod C Fairclough": two people
    owners = {name for name, p in people.items() if {b, c} & set(p["aliases"])}
    assert (b[:2], c[:2], len(owners)) == ("B ", "C ", 2)
    h, hcp = objectives["2.1"]["lead"]  # "H Loxley/ HCP"
    assert h.startswith("H ") and hcp == "HCP"

    # The script's own check fails loudly on a name left behind, and a second run makes the same files.
    module = fixture_script()
    outputs, everyone, distinctive = module.build(source)
    outputs["telford"]["notes"].append("Minutes taken by Rowena Hartigan.")
    with pytest.raises(SystemExit, match="real personal name"):
        module.verify(outputs, everyone, distinctive)
    module.main(["--source", str(source), "--output", str(tmp_path / "again")])
    for plan in out:
        assert (tmp_path / "again" / f"{plan}.json").read_bytes() == (
            tmp_path / "out" / f"{plan}.json"
        ).read_bytes()


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
