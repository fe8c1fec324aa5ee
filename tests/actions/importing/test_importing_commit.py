"""Saving imported plans (actions/importing/commit.py), exporting them, and the two commands."""

import datetime
import io
from dataclasses import replace
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from actions.cycle.models import PositionStatement, ReportingPeriod
from actions.importing.commit import plan_import
from actions.importing.export import plan_export
from actions.importing.names import PERSON, ParsedName
from actions.importing.parse import parse_workbook
from actions.plans.models import Action, Objective, Plan, Priority
from actions.roles import PLAN_ADMINISTRATOR
from partners.models import Partner, Person
from tests import factories as f
from tests.helpers import example

EXPECTED = {
    "telford.xlsx": {"priorities": 4, "objectives": 30, "actions": 30, "statements": 30, "periods": 2},
    "kirklees.xlsx": {"priorities": 19, "objectives": 67, "actions": 148, "statements": 0, "periods": 0},
}


def parse(path: Path, **kwargs):
    return parse_workbook(path.read_bytes(), filename=path.name, **kwargs)


def db_counts(plan: Plan) -> dict[str, int]:
    return {
        "priorities": Priority.objects.filter(plan=plan).count(),
        "objectives": Objective.objects.filter(priority__plan=plan).count(),
        "actions": Action.objects.for_plan(plan).count(),
        "statements": PositionStatement.objects.filter(period__plan=plan).count(),
        "periods": ReportingPeriod.objects.filter(plan=plan).count(),
    }


def all_rows() -> dict[str, int]:
    """Row counts of every table of the project's apps (history included)."""
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"actions", "partners", "reports"}
    }


def history_rows() -> int:
    return sum(v for k, v in all_rows().items() if ".Historical" in k)


def dump(plan: Plan) -> list:
    """The plan as a normalised structure: what an identical plan must share."""

    def names(manager):
        return sorted(x.name for x in manager.all())

    periods = {p.pk: (p.name, p.as_at) for p in plan.periods.all()}
    out = [sorted(periods.values())]
    for p in plan.priorities.order_by("order", "pk"):
        out.append(("P", p.ref, p.title, p.notes))
        for o in p.objectives.order_by("order", "pk"):
            out.append(
                ("O", o.ref, o.title, o.success_measures, o.monitoring, o.resources, o.notes)
                + (names(o.lead_people), names(o.lead_partners))
                + (names(o.supporting_people), names(o.supporting_partners))
            )
            for a in o.actions.order_by("order", "pk"):
                statements = sorted(
                    (periods[s.period_id], s.rag, s.narrative) for s in a.position_statements.all()
                )
                out.append(
                    (
                        "A",
                        a.ref,
                        a.description,
                        a.task_group,
                        a.due_date,
                        a.timeframe,
                        a.success_measures,
                        a.notes,
                        names(a.lead_people),
                        names(a.lead_partners),
                        names(a.supporting_people),
                        names(a.supporting_partners),
                        statements,
                    )
                )
    return out


@pytest.fixture
def user(db):
    return f.make_user("importer", PLAN_ADMINISTRATOR)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_example_imports_with_the_readme_counts(db, user, name):
    path = example(name)
    report = plan_import(parsed=parse(path), user=user, title=f"Imported {name}", local_area="Somewhere")
    assert db_counts(report.plan) == EXPECTED[name]
    for kind in ("priorities", "objectives", "actions", "statements"):
        assert report.counts[kind]["added"] == EXPECTED[name][kind]
        assert report.counts[kind]["updated"] == report.counts[kind]["unchanged"] == 0
    assert Person.objects.exists()
    # History says who imported.
    assert {h.history_user for h in Action.history.filter(objective__priority__plan=report.plan)} == {user}


def test_telford_statements_land_in_two_closed_periods_and_count_on_dashboards(db, user):
    report = plan_import(parsed=parse(example("telford.xlsx")), user=user, local_area="Telford")
    periods = list(ReportingPeriod.objects.filter(plan=report.plan).order_by("as_at"))
    assert [(p.name, p.state) for p in periods] == [("January 2022", "closed"), ("June 2022", "closed")]
    assert [p.position_statements.count() for p in periods] == [23, 7]
    assert Action.objects.for_plan(report.plan).existing_at(periods[0].as_at).count() == 30


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_importing_the_same_file_again_changes_nothing(db, user, name):
    path = example(name)
    report = plan_import(parsed=parse(path), user=user, local_area="Somewhere")
    before_dump, before_history = dump(report.plan), history_rows()
    again = plan_import(parsed=parse(path), user=user, plan=report.plan)
    assert again.plan == report.plan
    for kind, counts in again.counts.items():
        assert counts["added"] == counts["updated"] == 0, kind
    assert again.counts["actions"]["unchanged"] == EXPECTED[name]["actions"]
    assert history_rows() == before_history
    assert dump(report.plan) == before_dump
    assert again.not_in_file == []


def test_reimport_after_editing_three_cells_updates_exactly_three_items(db, user, tmp_path):
    path = example("telford.xlsx")
    report = plan_import(parsed=parse(path), user=user, local_area="Telford")
    plan = report.plan

    book = load_workbook(path)
    sheet = book["SEND Action Plan"]
    headers = {}
    for row in sheet.iter_rows(min_row=1, max_row=10):
        for cell in row:
            if isinstance(cell.value, str):
                headers.setdefault(" ".join(cell.value.split()), (cell.row, cell.column))
    header_row = headers["Reference"][0]
    ref_col, monitoring_col = headers["Reference"][1], headers["Monitoring and Evaluation"][1]
    timeframe_col, statement_col = headers["Timeframe"][1], headers["Position Statement January 2022"][1]
    rows = [r for r in range(header_row + 1, sheet.max_row + 1) if sheet.cell(r, ref_col).value]
    obj_row, time_row = rows[0], rows[1]
    statement_row = next(r for r in rows[2:] if sheet.cell(r, statement_col).value)
    objective_ref = str(sheet.cell(obj_row, ref_col).value)
    statement_ref = str(sheet.cell(statement_row, ref_col).value)
    time_ref = str(sheet.cell(time_row, ref_col).value)
    old_monitoring = Objective.objects.get(priority__plan=plan, ref=objective_ref).monitoring
    old_timeframe = Action.objects.for_plan(plan).get(ref=time_ref).when_text
    old_narrative = PositionStatement.objects.get(
        action__objective__priority__plan=plan, action__ref=statement_ref, period__name="January 2022"
    ).narrative

    sheet.cell(obj_row, monitoring_col).value = "Reviewed by the board each term"
    sheet.cell(time_row, timeframe_col).value = "Termly review"
    sheet.cell(statement_row, statement_col).value = "Green - the new position this term."
    edited = tmp_path / "telford-edited.xlsx"
    book.save(edited)

    again = plan_import(parsed=parse(edited), user=user, plan=plan)
    updated = {k: v["updated"] for k, v in again.counts.items() if v["updated"]}
    # (Monitoring is the objective's own: an objective title would also change its one action,
    # since a Telford objective and its action share the text.)
    assert updated == {"objectives": 1, "actions": 1, "statements": 1}
    assert sum(
        c["unchanged"] for k, c in again.counts.items() if k in {"priorities", "objectives", "actions"}
    ) == (4 + 29 + 29)
    assert sum(c["added"] for c in again.counts.values()) == 0
    assert again.counts["statements"]["unchanged"] == 29

    objective = Objective.objects.get(priority__plan=plan, ref=objective_ref)
    assert objective.monitoring == "Reviewed by the board each term"
    assert objective.history.order_by("-history_id")[1].monitoring == old_monitoring
    action = Action.objects.for_plan(plan).get(ref=time_ref)
    assert action.timeframe == "Termly review"
    assert action.history.order_by("-history_id")[1].instance.when_text == old_timeframe
    statement = PositionStatement.objects.get(
        action__objective__priority__plan=plan, action__ref=statement_ref, period__name="January 2022"
    )
    assert (statement.rag, statement.narrative) == ("green", "Green - the new position this term.")
    assert statement.history.order_by("-history_id")[1].narrative == old_narrative
    assert statement.history.order_by("-history_id")[0].history_user == user


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_export_then_import_into_a_new_plan_gives_an_identical_plan(db, user, name):
    report = plan_import(parsed=parse(example(name)), user=user, local_area="Somewhere")
    data = plan_export(report.plan)
    parsed = parse_workbook(data, filename="export.xlsx")
    assert parsed.problems == []
    copy = plan_import(parsed=parsed, user=user, title="Copy", local_area="Somewhere")
    assert copy.plan != report.plan
    assert dump(copy.plan) == dump(report.plan)
    assert parsed.title == report.plan.title


def test_round_trip_keeps_ratings_dates_and_empty_priorities(db, user):
    plan = f.make_plan(title="Rated plan")
    Priority.objects.filter(plan=plan).delete()
    ReportingPeriod.objects.filter(plan=plan).delete()
    p1 = Priority.objects.create(plan=plan, ref="1", title="Early help", order=1)
    Priority.objects.create(plan=plan, ref="2", title="A heading with nothing under it", order=2)
    o = Objective.objects.create(priority=p1, ref="1.1", title="Find needs early", order=1)
    lead = Person.objects.create(name="Jane Smith")
    team = Partner.objects.create(name="SENDIASS")
    o.lead_people.add(lead)
    a1 = Action.objects.create(
        objective=o, ref="1.1.a", description="Train staff", due_date=datetime.date(2026, 3, 31), order=1
    )
    a2 = Action.objects.create(
        objective=o, ref="1.1.b", description="Review the offer", timeframe="Termly", order=2
    )
    a1.lead_people.add(lead)
    a1.supporting_partners.add(team)
    autumn = ReportingPeriod.objects.create(plan=plan, name="January 2026", as_at=datetime.date(2026, 1, 31))
    PositionStatement.objects.create(action=a1, period=autumn, rag="amber", narrative="Amber - some slippage")
    PositionStatement.objects.create(action=a2, period=autumn, rag="blue", narrative="Complete.")

    parsed = parse_workbook(plan_export(plan), filename="export.xlsx")
    assert parsed.problems == []
    copy = plan_import(parsed=parsed, user=user, title="Copy", local_area="Somewhere")
    assert dump(copy.plan) == dump(plan)


def test_round_trip_keeps_notes_on_priorities_objectives_and_actions(db, user):
    plan = f.make_plan(title="Noted plan")
    Priority.objects.filter(plan=plan).delete()
    ReportingPeriod.objects.filter(plan=plan).delete()
    p1 = Priority.objects.create(
        plan=plan, ref="1", title="Early help", order=1, notes="As is: no shared offer."
    )
    Priority.objects.create(plan=plan, ref="2", title="Empty", order=2, notes="Next steps: agree scope.")
    o = Objective.objects.create(
        priority=p1, ref="1.1", title="Find needs early", order=1, notes="Led by role"
    )
    Action.objects.create(objective=o, ref="1.1.a", description="Train staff", order=1, notes="Lead: SENCo")

    parsed = parse_workbook(plan_export(plan), filename="export.xlsx")
    assert parsed.problems == []
    assert [p.notes for p in parsed.priorities] == ["As is: no shared offer.", "Next steps: agree scope."]
    copy = plan_import(parsed=parsed, user=user, title="Copy", local_area="Somewhere")
    assert dump(copy.plan) == dump(plan)


def test_a_file_with_problems_changes_nothing(db, user, tmp_path):
    path = example("telford.xlsx")
    book = load_workbook(path)
    sheet = book["SEND Action Plan"]
    # Two objectives with the same ref are a problem.
    refs = [c for c in sheet["B"] if c.value and str(c.value)[:1].isdigit()]
    refs[1].value = refs[0].value
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    parsed = parse(broken)
    assert parsed.problems
    before = all_rows()
    with pytest.raises(ValidationError):
        plan_import(parsed=parsed, user=user, local_area="Telford")
    assert all_rows() == before


def test_items_missing_from_the_file_are_reported_not_archived(db, user):
    report = plan_import(parsed=parse(example("telford.xlsx")), user=user, local_area="Telford")
    extra = Objective.objects.create(priority=report.plan.priorities.first(), ref="9.9", title="Kept")
    again = plan_import(parsed=parse(example("telford.xlsx")), user=user, plan=report.plan)
    assert any("9.9" in item for item in again.not_in_file)
    assert Objective.objects.filter(pk=extra.pk).exists()
    assert "neither deleted nor archived" in again.note


def test_what_the_file_no_longer_holds_is_listed_at_every_level_less_archived_actions(db, user):
    plan = f.make_plan()
    early = Priority.objects.create(plan=plan, ref="1", title="Early help", order=1)
    adulthood = Priority.objects.create(plan=plan, ref="2", title="Preparing for adulthood", order=2)
    needs = Objective.objects.create(priority=early, ref="1.1", title="Find needs early", order=1)
    plans = Objective.objects.create(priority=early, ref="1.2", title="Better plans", order=2)
    work = Objective.objects.create(priority=adulthood, ref="2.1", title="Into work", order=1)
    Action.objects.create(objective=needs, ref="1.1.a", description="Train staff", order=1)
    Action.objects.create(objective=needs, ref="1.1.b", description="Audit plans", order=2)
    Action.objects.create(objective=needs, ref="1.1.c", description="Old work", order=3, is_archived=True)
    Action.objects.create(objective=plans, ref="1.2.a", description="Review plans", order=1)
    Action.objects.create(objective=work, ref="2.1.a", description="Supported internships", order=1)
    Action.objects.create(objective=work, ref="2.1.b", description="Gone", order=2, is_archived=True)
    parsed = exported(plan)
    parsed.priorities = [p for p in parsed.priorities if p.ref == "1"]
    kept = parsed.priorities[0]
    kept.objectives = [o for o in kept.objectives if o.ref == "1.1"]
    kept.objectives[0].actions = [a for a in kept.objectives[0].actions if a.ref == "1.1.a"]
    before = dump(plan)

    report = plan_import(parsed=parsed, user=user, plan=plan)

    assert report.not_in_file == [
        "Action 1.1.b Audit plans",
        "Objective 1.2 Better plans",
        "Action 1.2.a Review plans",
        "Priority 2 Preparing for adulthood",
        "Objective 2.1 Into work",
        "Action 2.1.a Supported internships",
    ]
    assert dump(plan) == before
    assert Action.objects.for_plan(plan).filter(is_archived=True).count() == 2


# Commands -----------------------------------------------------------------------------------------


def test_import_plan_dry_run_prints_the_report_and_changes_nothing(db):
    before = all_rows()
    out = io.StringIO()
    call_command("import_plan", str(example("telford.xlsx")), stdout=out)
    text = out.getvalue()
    assert all_rows() == before
    assert "Dry run" in text
    assert "priorities: 4" in text and "objectives: 30" in text and "actions: 30" in text
    assert "statements: 30" in text
    assert "Delivery Objectives" in text  # the mapping chosen per column


def test_import_plan_commit_imports_and_reimports_in_place(db):
    out = io.StringIO()
    path = str(example("kirklees.xlsx"))
    call_command("import_plan", path, "--plan", "Kirklees", "--commit", stdout=out)
    plan = Plan.objects.get(title="Kirklees")
    assert db_counts(plan)["actions"] == 148
    assert "actions: 148 added, 0 updated, 0 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("import_plan", path, "--plan", "Kirklees", "--commit", stdout=out)
    assert Plan.objects.filter(title="Kirklees").count() == 1
    assert "actions: 0 added, 0 updated, 148 unchanged" in out.getvalue()


def test_import_plan_with_problems_fails_and_writes_nothing(db, tmp_path):
    book = load_workbook(example("telford.xlsx"))
    sheet = book["SEND Action Plan"]
    refs = [c for c in sheet["B"] if c.value and str(c.value)[:1].isdigit()]
    refs[1].value = refs[0].value
    broken = tmp_path / "broken.xlsx"
    book.save(broken)
    before = all_rows()
    with pytest.raises(CommandError, match="appears|used by two"):
        call_command("import_plan", str(broken), "--commit", stdout=io.StringIO())
    assert all_rows() == before


def test_import_plan_refuses_a_file_that_is_not_a_spreadsheet(db, tmp_path):
    bad = tmp_path / "notes.xlsx"
    bad.write_text("hello")
    with pytest.raises(CommandError):
        call_command("import_plan", str(bad), stdout=io.StringIO())


def test_export_plan_writes_a_file_that_imports_back(db, user, tmp_path):
    report = plan_import(parsed=parse(example("telford.xlsx")), user=user, local_area="Telford")
    output = tmp_path / "out.xlsx"
    call_command("export_plan", "--plan", str(report.plan.pk), "--output", str(output), stdout=io.StringIO())
    copy = plan_import(parsed=parse(output), user=user, title="Copy", local_area="Telford")
    assert dump(copy.plan) == dump(report.plan)


# Speed: a fixed number of queries per kind of work, one history row per item written ----------------


def large_plan(actions: int, periods: int) -> Plan:
    """f.make_large_plan with its periods named by month, as the importer needs to date them."""
    plan, _ = f.make_large_plan(actions, periods=periods)
    for period in plan.periods.all():
        period.name = f"{period.as_at:%B %Y}"
        period.save()
    return plan


def exported(plan: Plan):
    parsed = parse_workbook(plan_export(plan), filename="export.xlsx")
    assert parsed.problems == []
    return parsed


def test_importing_kirklees_costs_a_bounded_number_of_queries(db, user, django_assert_max_num_queries):
    parsed = parse(example("kirklees.xlsx"))
    # 471 on SQLite: one insert per priority, objective and action (234), two or three per new name
    # (row, history, a partner's unique-name check), a few dozen to read the plan and write history in
    # batches. One more query per action would pass 600; one per name given (606 in the file) 1,000.
    with django_assert_max_num_queries(550):
        report = plan_import(parsed=parsed, user=user, local_area="Kirklees")
    # Again into the same plan, everything is matched in memory: the queries do not grow with the file.
    with django_assert_max_num_queries(20):
        again = plan_import(parsed=parsed, user=user, plan=report.plan)
    assert again.counts["actions"]["unchanged"] == 148


def test_ten_times_the_statements_do_not_cost_ten_times_the_queries(db, user):
    one_term, ten_terms = large_plan(40, periods=1), large_plan(40, periods=10)
    small, large = exported(one_term), exported(ten_terms)
    assert len(large.statements()) >= 9 * len(small.statements())

    def queries(parsed) -> int:
        with CaptureQueriesContext(connection) as captured:
            report = plan_import(parsed=parsed, user=user, title="Copy", local_area="Somewhere")
        assert report.counts["statements"]["added"] == len(parsed.statements())
        return len(captured)

    # Each extra period costs its own few queries (checks, row, history); its statements are written
    # in batches.
    assert queries(large) <= queries(small) + 9 * 12


def test_every_item_a_new_import_adds_has_exactly_one_history_row_with_its_links(db, user):
    report = plan_import(parsed=parse(example("telford.xlsx")), user=user, local_area="Telford")
    actions = list(
        Action.objects.for_plan(report.plan).prefetch_related("lead_people", "supporting_partners")
    )
    assert Action.history.filter(id__in=[a.pk for a in actions]).count() == len(actions) == 30
    for action in actions:
        record = Action.history.get(id=action.pk)
        assert (record.history_type, record.history_user) == ("+", user)
        assert {r.person_id for r in record.lead_people.all()} == {p.pk for p in action.lead_people.all()}
        assert {r.partner_id for r in record.supporting_partners.all()} == {
            p.pk for p in action.supporting_partners.all()
        }
    assert any(a.lead_people.all() for a in actions)  # the links were really snapshotted
    objectives = Objective.objects.filter(priority__plan=report.plan)
    assert Objective.history.filter(id__in=objectives.values("pk")).count() == objectives.count()
    statements = PositionStatement.objects.filter(period__plan=report.plan)
    records = PositionStatement.history.filter(id__in=statements.values("pk"))
    assert records.count() == statements.count() == 30
    assert {r.history_user for r in records} == {user}


def test_reimporting_an_unchanged_plan_with_statements_and_links_writes_no_history(db, user):
    parsed = exported(large_plan(30, periods=3))
    report = plan_import(parsed=parsed, user=user, title="Copy", local_area="Somewhere")
    before, revision = history_rows(), Plan.objects.get(pk=report.plan.pk).revision
    again = plan_import(parsed=exported(report.plan), user=user, plan=report.plan)
    assert history_rows() == before
    assert sum(c["added"] + c["updated"] for c in again.counts.values()) == 0
    assert again.counts["statements"]["unchanged"] == len(parsed.statements())
    assert Plan.objects.get(pk=report.plan.pk).revision == revision + 1  # bumped once, as before


def test_a_changed_action_gets_one_history_row_with_its_new_links(db, user):
    report = plan_import(parsed=parse(example("telford.xlsx")), user=user, local_area="Telford")
    parsed = exported(report.plan)
    parsed_action = parsed.actions()[0]
    parsed_action.lead = [ParsedName("Nadia Newlead", "Nadia Newlead", PERSON)]
    parsed_action.task_group = "A new task and finish group"
    action = Action.objects.for_plan(report.plan).get(ref=parsed_action.ref)
    records = action.history.count()

    again = plan_import(parsed=parsed, user=user, plan=report.plan)

    assert again.counts["actions"]["updated"] == 1
    assert again.counts["people"]["added"] == 1
    assert action.history.count() == records + 1
    latest = action.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", user)
    assert latest.task_group == "A new task and finish group"
    assert [r.person.name for r in latest.lead_people.all()] == ["Nadia Newlead"]
    assert [p.name for p in Action.objects.get(pk=action.pk).lead_people.all()] == ["Nadia Newlead"]


def test_refs_made_equal_by_shortening_are_refused_as_before(db, user):
    parsed = parse(example("telford.xlsx"))
    objective = parsed.priorities[0].objectives[0]
    first = objective.actions[0]
    objective.actions.append(replace(first, ref=first.ref + "x" * 30, description="Another action"))
    objective.actions[0] = replace(first, ref=first.ref + "x" * 31)
    before = all_rows()
    with pytest.raises(ValidationError):
        plan_import(parsed=parsed, user=user, local_area="Telford")
    assert all_rows() == before


# Dry run ------------------------------------------------------------------------------------


def test_dry_run_reports_what_a_real_import_would_and_changes_nothing(db, user):
    report = plan_import(parsed=parse(example("telford.xlsx")), user=user, local_area="Telford")
    plan = Plan.objects.get(pk=report.plan.pk)
    parsed = exported(plan)
    parsed.actions()[0].task_group = "Changed in the file"
    parsed.actions()[1].statements[0].narrative = "Green - changed in the file"
    parsed.priorities[0].objectives[0].lead = [ParsedName("Nadia Newlead", "Nadia Newlead", PERSON)]
    before, before_dump = all_rows(), dump(plan)

    dry = plan_import(parsed=parsed, user=user, plan=plan, dry_run=True)

    assert (all_rows(), dump(plan)) == (before, before_dump)
    assert Plan.objects.get(pk=plan.pk).revision == plan.revision
    real = plan_import(parsed=parsed, user=user, plan=plan)
    assert dry.counts == real.counts
    assert dry.counts["actions"]["updated"] == 1 and dry.counts["people"]["added"] == 1
    assert (dry.warnings, dry.not_in_file) == (real.warnings, real.not_in_file)


def test_dry_run_of_a_new_plan_changes_nothing(db, user):
    parsed = parse(example("kirklees.xlsx"))
    before = all_rows()
    dry = plan_import(parsed=parsed, user=user, local_area="Kirklees", dry_run=True)
    assert all_rows() == before
    assert dry.plan.pk is None
    assert dry.counts["actions"]["added"] == 148
    real = plan_import(parsed=parsed, user=user, local_area="Kirklees")
    assert dry.counts == real.counts


def test_import_plan_dry_run_into_an_existing_plan_prints_what_would_change(db):
    path = str(example("kirklees.xlsx"))
    call_command("import_plan", path, "--plan", "Kirklees", "--commit", stdout=io.StringIO())
    before = all_rows()
    out = io.StringIO()
    call_command("import_plan", path, "--plan", "Kirklees", stdout=out)
    assert all_rows() == before
    assert "Dry run" in out.getvalue()
    assert "actions: 0 added, 0 updated, 148 unchanged" in out.getvalue()


def test_import_plan_refuses_a_title_two_plans_share(db):
    first, second = f.make_plan(title="Kirklees"), f.make_plan(title="Kirklees")
    before = all_rows()
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(example("kirklees.xlsx")), "--plan", "Kirklees", "--commit")
    assert f"2 plans are called “Kirklees” (ids {first.pk}, {second.pk})" in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    assert all_rows() == before
