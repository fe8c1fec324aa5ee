"""A plan's measures, trajectories, figures and comparators go out in its workbook and come back in
unchanged (actions/importing/measures.py, export.py, commit_measures.py)."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from actions.cycle.models import ReportingPeriod
from actions.importing.commit import plan_import
from actions.importing.export import plan_export
from actions.importing.models import PlanImport
from actions.importing.parse import parse_workbook
from actions.importing.preview import preview_of, report_data
from actions.importing.reader import ImportProblem
from actions.measures.models import (
    Benchmark,
    BenchmarkValue,
    Direction,
    Measure,
    MeasureValue,
    TrajectoryPoint,
    Unit,
)
from actions.plans.models import Action, Plan

EHCP_POINTS = [
    ("baseline", datetime.date(2025, 9, 1), "40"),
    ("milestone", datetime.date(2026, 9, 1), "60"),
    ("target", datetime.date(2027, 9, 1), "80"),
]


def make_measure(plan: Plan, *, lead=None, points=(), **fields) -> Measure:
    fields = {"unit": Unit.PERCENT, "direction": Direction.HIGHER, "tolerance": Decimal(5), **fields}
    measure = Measure.objects.create(plan=plan, lead_person=lead, **fields)
    for kind, day, value in points:
        TrajectoryPoint.objects.create(measure=measure, kind=kind, date=day, value=Decimal(value))
    return measure


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HISTORY_MODELS = (Measure, TrajectoryPoint, MeasureValue, Benchmark, BenchmarkValue)


@pytest.fixture
def measured_plan(plan, periods, action, other_action, olivia_person, partner, alice):
    """Two measures: a percentage with a trajectory, rated figures and a comparator, evidencing a
    priority, an objective and an action; and a lower-is-better count with none of those."""
    autumn, spring, summer = periods
    ehcp = make_measure(
        plan,
        lead=olivia_person,
        points=EHCP_POINTS,
        name="New EHC plans issued within 20 weeks",
        definition="Plans issued within 20 weeks, out of all new plans; exceptions included.",
        lead_partner=partner,
        order=1,
    )
    ehcp.priorities.add(action.objective.priority)
    ehcp.objectives.add(action.objective)
    ehcp.actions.add(action, other_action)
    agreed = timezone.now()
    MeasureValue.objects.create(
        measure=ehcp,
        period=autumn,
        refers_to=datetime.date(2025, 12, 1),
        value=Decimal("33.3333"),
        numerator=Decimal(1),
        denominator=Decimal(3),
        source="SEN2 return 2025",
        commentary="=Below trajectory; recovery plan agreed",
        rag="red",
        proposed_rag="amber",
        confirmed_at=agreed,
        change_reason="Board judged it Red",
    )
    MeasureValue.objects.create(
        measure=ehcp,
        period=spring,
        refers_to=datetime.date(2026, 3, 31),
        value=Decimal("52.5"),
        rag="green",
        proposed_rag="green",
    )
    england = Benchmark.objects.create(measure=ehcp, name="England")
    BenchmarkValue.objects.create(benchmark=england, date=datetime.date(2025, 9, 1), value=Decimal("50.2"))
    BenchmarkValue.objects.create(benchmark=england, date=datetime.date(2026, 9, 1), value=Decimal("49"))
    exclusions = make_measure(
        plan,
        name="Suspensions of pupils with SEND",
        unit=Unit.NUMBER,
        direction=Direction.LOWER,
        tolerance=Decimal("2.5"),
        order=2,
    )
    MeasureValue.objects.create(
        measure=exclusions,
        period=summer,
        refers_to=datetime.date(2026, 7, 1),
        value=Decimal(1234),
        rag="not_rated",
        proposed_rag="not_rated",
        confirmed_at=agreed,
    )
    return plan


def dump(plan: Plan) -> list:
    """Everything the round trip must keep, by name rather than by id."""
    out = []
    for m in Measure.objects.filter(plan=plan).order_by("order", "name"):
        out.append(
            (
                m.name,
                m.definition,
                m.unit,
                m.direction,
                m.frequency,
                m.source,
                m.tolerance,
                m.lead_person.name if m.lead_person else None,
                m.lead_partner.name if m.lead_partner else None,
                sorted(p.ref for p in m.priorities.all()),
                sorted(o.ref for o in m.objectives.all()),
                sorted(a.ref for a in m.actions.all()),
                [(p.kind, p.date, p.value) for p in m.trajectory_points.order_by("date")],
                [
                    (
                        v.period.name,
                        v.refers_to,
                        v.value,
                        v.numerator,
                        v.denominator,
                        v.source,
                        v.commentary,
                        v.rag,
                        v.proposed_rag or v.rag,
                        v.is_confirmed,
                    )
                    for v in m.values.order_by("period__as_at")
                ],
                [
                    (b.name, [(v.date, v.value) for v in b.values.order_by("date")])
                    for b in m.benchmarks.order_by("name")
                ],
            )
        )
    return out


def history_rows() -> int:
    return sum(model.history.count() for model in HISTORY_MODELS)


def edited(data: bytes, sheet: str, row: int, header: str, value) -> bytes:
    """The workbook with one cell of a measure sheet (found by its header in row 1) changed."""
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet]
    column = next(c.column for c in ws[1] if c.value == header)
    ws.cell(row, column).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def parse(data: bytes):
    return parse_workbook(data, filename="export.xlsx")


def test_export_writes_the_measure_sheets_after_the_plan_sheet(measured_plan):
    book = load_workbook(io.BytesIO(plan_export(measured_plan)))
    assert book.sheetnames == [
        "Plan",
        "Measures",
        "Measure figures",
        "Comparators",
        "Inspections",
        "Findings",
    ]
    measures = [[c.value for c in row] for row in book["Measures"].iter_rows()]
    assert measures[1][:4] == [
        "New EHC plans issued within 20 weeks",
        "Plans issued within 20 weeks, out of all new plans; exceptions included.",
        "Percentage (%)",
        "Higher is better",
    ]
    assert measures[1][9] == "Priority 1; Objective 1.1; Action 1.1.a; Action 1.1.b"
    assert measures[1][10] == "Baseline 1 Sep 2025: 40; Milestone 1 Sep 2026: 60; Target 1 Sep 2027: 80"
    figures = [[c.value for c in row] for row in book["Measure figures"].iter_rows()]
    assert figures[1][1:4] == ["Autumn term 2025", datetime.datetime(2025, 12, 1), 33.3333]
    assert figures[1][8:] == ["Red", "Amber", "Yes"]
    assert figures[2][8:] == ["Green", None, "No"]
    comparators = [[c.value for c in row] for row in book["Comparators"].iter_rows()]
    assert comparators[1] == [
        "New EHC plans issued within 20 weeks",
        "England",
        datetime.datetime(2025, 9, 1),
        50.2,
    ]


def test_the_reader_takes_the_measure_sheets_for_measures_not_for_the_plan(measured_plan):
    parsed = parse(plan_export(measured_plan))
    assert parsed.problems == []
    assert parsed.sheets == ["Plan"]
    assert parsed.sheet_names == ["Plan"]
    assert parsed.measure_sheets == {
        "measures": "Measures",
        "figures": "Measure figures",
        "comparators": "Comparators",
    }
    assert (parsed.counts["measures"], parsed.counts["figures"], parsed.counts["comparators"]) == (2, 3, 2)
    # The measure's lead partner is named nowhere in the plan sheet, yet listed with the names it brings.
    assert "Inclusion Team" in [p["name"] for p in preview_of(parsed)["partners"]]


def test_export_then_import_into_a_new_plan_gives_equal_measures(measured_plan, alice):
    parsed = parse(plan_export(measured_plan))
    report = plan_import(parsed=parsed, user=alice, title="Copy", local_area="Exampleshire")
    assert report.plan != measured_plan
    assert dump(report.plan) == dump(measured_plan)
    assert report.counts["measures"] == {"added": 2, "updated": 0, "unchanged": 0}
    assert report.counts["figures"] == {"added": 3, "updated": 0, "unchanged": 0}
    assert report.counts["comparators"] == {"added": 2, "updated": 0, "unchanged": 0}
    copied = MeasureValue.objects.get(measure__plan=report.plan, period__name="Autumn term 2025")
    assert copied.history.get().history_user == alice


def test_reimporting_the_export_into_the_same_plan_changes_nothing(measured_plan, alice):
    before, rows_before = dump(measured_plan), history_rows()
    report = plan_import(parsed=parse(plan_export(measured_plan)), user=alice, plan=measured_plan)
    assert dump(measured_plan) == before
    assert history_rows() == rows_before
    assert report.counts["measures"] == {"added": 0, "updated": 0, "unchanged": 2}
    assert report.counts["figures"] == {"added": 0, "updated": 0, "unchanged": 3}
    assert report.counts["comparators"] == {"added": 0, "updated": 0, "unchanged": 2}
    assert Measure.objects.filter(plan=measured_plan).count() == 2


def test_a_measure_is_matched_by_name_whatever_its_case(measured_plan, alice):
    data = edited(plan_export(measured_plan), "Measures", 2, "Name", "NEW EHC PLANS ISSUED WITHIN 20 WEEKS")
    data = edited(data, "Measure figures", 2, "Measure", "new ehc plans issued within 20 weeks")
    report = plan_import(parsed=parse(data), user=alice, plan=measured_plan)
    assert Measure.objects.filter(plan=measured_plan).count() == 2
    assert report.counts["measures"] == {"added": 0, "updated": 1, "unchanged": 1}
    assert report.counts["figures"]["unchanged"] == 3


def test_a_figure_edited_in_the_workbook_is_updated_with_its_history(measured_plan, alice):
    data = edited(plan_export(measured_plan), "Measure figures", 3, "Value", 55)
    report = plan_import(parsed=parse(data), user=alice, plan=measured_plan)
    assert report.counts["figures"] == {"added": 0, "updated": 1, "unchanged": 2}
    figure = MeasureValue.objects.get(measure__plan=measured_plan, period__name="Spring term 2026")
    assert figure.value == Decimal(55)
    assert not figure.is_confirmed  # the file says No
    latest = figure.history.order_by("-history_id").first()
    assert (latest.history_user, latest.value) == (alice, Decimal(55))


def test_imported_figures_come_confirmed_keeping_the_proposed_rating(measured_plan, alice):
    data = edited(plan_export(measured_plan), "Measure figures", 3, "Confirmed", None)
    data = edited(data, "Measure figures", 3, "Proposed RAG", "Amber")
    copy = plan_import(parsed=parse(data), user=alice, title="Copy", local_area="Exampleshire").plan
    figure = MeasureValue.objects.get(measure__plan=copy, period__name="Spring term 2026")
    assert (figure.rag, figure.proposed_rag, figure.is_confirmed) == ("green", "amber", True)


def test_a_blank_rating_is_the_one_the_trajectory_gives(measured_plan, alice):
    # 52.5% on 31 March 2026 against an expected 49.92 or so: Green.
    data = edited(plan_export(measured_plan), "Measure figures", 3, "RAG rating", None)
    parsed = parse(data)
    spring = next(x for x in parsed.measures[0].figures if x.period == "Spring term 2026")
    assert spring.rag == "green"


def test_the_trajectory_is_replaced_when_the_workbook_changes_it(measured_plan, alice):
    data = edited(
        plan_export(measured_plan),
        "Measures",
        2,
        "Trajectory",
        "Baseline 01/09/2025: 40\nTarget 1 September 2027: 90",
    )
    report = plan_import(parsed=parse(data), user=alice, plan=measured_plan)
    measure = Measure.objects.get(plan=measured_plan, name__startswith="New EHC")
    assert [(p.kind, p.value) for p in measure.trajectory_points.order_by("date")] == [
        ("baseline", Decimal(40)),
        ("target", Decimal(90)),
    ]
    assert report.counts["measures"]["updated"] == 1
    assert TrajectoryPoint.history.filter(history_type="-", measure_id=measure.pk).count() == 3


def test_the_preview_counts_measures_figures_and_comparators_to_add_update_and_leave(measured_plan, alice):
    data = edited(plan_export(measured_plan), "Measure figures", 3, "Commentary", "Better than expected")
    data = edited(data, "Comparators", 4, "Measure", "Suspensions of pupils with SEND")
    data = edited(data, "Comparators", 4, "Comparator", "Statistical neighbours")
    data = edited(data, "Comparators", 4, "Date", datetime.date(2026, 7, 1))
    data = edited(data, "Comparators", 4, "Value", 1100)
    parsed = parse(data)
    counts = preview_of(parsed)["counts"]
    assert (counts["measures"], counts["figures"], counts["comparators"]) == (2, 3, 3)
    rows_before = history_rows()
    changes = report_data(plan_import(parsed=parsed, user=alice, plan=measured_plan, dry_run=True))
    assert changes["counts"]["measures"] == {"added": 0, "updated": 0, "unchanged": 2}
    assert changes["counts"]["figures"] == {"added": 0, "updated": 1, "unchanged": 2}
    assert changes["counts"]["comparators"] == {"added": 1, "updated": 0, "unchanged": 2}
    assert history_rows() == rows_before  # a dry run


BAD_INPUTS = [
    ("Measure figures", 3, "Value", "lots", "D", "The value “lots” is not a number"),
    ("Measure figures", 3, "Value", 120, "D", "A percentage must be between 0 and 100, not 120"),
    ("Measure figures", 2, "Numerator", 4, "E", "The numerator (4) cannot be more than the denominator (3)"),
    ("Measure figures", 2, "Value", 40, "D", "is not what the numerator and denominator give (33.3333)"),
    (
        "Measure figures",
        3,
        "Reporting period",
        "Winter 2030",
        "B",
        "The file has no reporting period “Winter 2030”",
    ),
    (
        "Measure figures",
        3,
        "Date it refers to",
        datetime.date(2026, 5, 1),
        "C",
        "is outside Spring term 2026",
    ),
    ("Measure figures", 3, "Measure", "Parent carer satisfaction", "A", "no measure called “Parent carer"),
    ("Measure figures", 3, "RAG rating", "Purple", "I", "“Purple” is not a rating"),
    (
        "Measures",
        2,
        "Trajectory",
        "Baseline 1 Sep 2025: 40; Milestone 1 Sep 2025: 60",
        "K",
        "the baseline of 1 September 2025 is on the same date",
    ),
    (
        "Measures",
        2,
        "Trajectory",
        "Baseline 1 Sep 2026: 40; Target 1 Sep 2025: 80",
        "K",
        "the baseline must come before every other point",
    ),
    ("Measures", 2, "Trajectory", "Target 1 Sep 2027: 80", "K", "a trajectory needs a baseline"),
    ("Measures", 2, "Trajectory", "Baseline 1 Sep 2025: 140", "K", "a percentage must be between 0 and 100"),
    ("Measures", 2, "Trajectory", "Baseline soon: 40", "K", "“Baseline soon: 40” cannot be read"),
    ("Measures", 2, "Evidences", "Priority 1; Action 9.9.z", "J", "the plan has no action with this ref"),
    ("Measures", 2, "Unit", "Furlongs", "C", "“Furlongs” is not one of"),
    ("Measures", 2, "Tolerance", "-1", "G", "The tolerance cannot be negative"),
    ("Measures", 3, "Name", "new EHC plans issued within 20 weeks", "A", "is already the measure of row 2"),
    ("Comparators", 2, "Value", "n/a", "D", "The value “n/a” is not a number"),
    ("Comparators", 2, "Date", "someday", "C", "“someday” is not a date"),
]


@pytest.mark.parametrize(("sheet", "row", "header", "value", "column", "reason"), BAD_INPUTS)
def test_a_bad_cell_is_a_problem_at_its_sheet_row_and_column_and_nothing_is_saved(
    measured_plan, alice, sheet, row, header, value, column, reason
):
    parsed = parse(edited(plan_export(measured_plan), sheet, row, header, value))
    located = [(p.sheet, p.row, p.column) for p in parsed.problems if reason in p.reason]
    assert located == [(sheet, row, column)], [str(p) for p in parsed.problems]
    plans, rows_before = Plan.objects.count(), history_rows()
    with pytest.raises(ValidationError):
        plan_import(parsed=parsed, user=alice, title="Copy", local_area="Exampleshire")
    assert (Plan.objects.count(), history_rows()) == (plans, rows_before)


def test_a_changed_figure_of_a_published_period_stops_the_whole_import(measured_plan, alice):
    data = edited(plan_export(measured_plan), "Measure figures", 2, "Commentary", "Rewritten")
    data = edited(data, "Measures", 2, "Definition", "Written before the figure that fails")
    before, rows_before = dump(measured_plan), history_rows()
    with pytest.raises(ValidationError) as error:
        plan_import(parsed=parse(data), user=alice, plan=measured_plan)
    assert error.value.messages == [
        "Sheet “Measure figures”, row 2, column “Reporting period”: Autumn term 2025 has been published, "
        "so its measures' figures are locked."
    ]
    assert (dump(measured_plan), history_rows()) == (before, rows_before)


def test_a_plan_without_measures_exports_the_empty_sheets_and_imports_none(plan, periods, action, alice):
    parsed = parse(plan_export(plan))
    assert parsed.problems == []
    assert parsed.measures == []
    report = plan_import(parsed=parsed, user=alice, plan=plan)
    assert report.counts["measures"] == {"added": 0, "updated": 0, "unchanged": 0}


def test_figures_and_refs_typed_as_officers_type_them_read(measured_plan, alice):
    data = plan_export(measured_plan)
    data = edited(data, "Measures", 3, "Evidences", "1.1.a")
    data = edited(data, "Measure figures", 4, "Value", "1,250")
    data = edited(data, "Measure figures", 3, "Date it refers to", "31/03/2026")
    book = load_workbook(io.BytesIO(data))
    book["Measure figures"]["D3"].value = 0.525
    book["Measure figures"]["D3"].number_format = "0.0%"  # 52.5% shown as a percentage
    out = io.BytesIO()
    book.save(out)
    parsed = parse(out.getvalue())
    assert parsed.problems == []
    ehcp, suspensions = parsed.measures
    assert [a.ref for a in suspensions.evidences] == ["1.1.a"]
    assert suspensions.figures[0].value == Decimal(1250)
    assert (ehcp.figures[1].value, ehcp.figures[1].refers_to) == (Decimal("52.5"), datetime.date(2026, 3, 31))


def test_export_and_import_commands_carry_the_measures(measured_plan, alice, tmp_path):
    path = tmp_path / "plan.xlsx"
    out = io.StringIO()
    call_command("export_plan", "--plan", str(measured_plan.pk), "--output", str(path), stdout=out)
    assert "Wrote" in out.getvalue()
    assert load_workbook(path).sheetnames == [
        "Plan",
        "Measures",
        "Measure figures",
        "Comparators",
        "Inspections",
        "Findings",
    ]
    out = io.StringIO()
    call_command("import_plan", str(path), "--plan", "Exampleshire copy", "--commit", stdout=out)
    assert "Measures read from sheets “Measures”, “Measure figures”, “Comparators”" in out.getvalue()
    assert "measures: 2 added, 0 updated, 0 unchanged" in out.getvalue()
    assert "figures: 3 added" in out.getvalue()
    copy = Plan.objects.get(title="Exampleshire copy")
    assert dump(copy) == dump(measured_plan)
    assert ReportingPeriod.objects.filter(plan=copy).count() == 3


def test_export_costs_the_same_queries_for_few_and_many_measures(
    plan, periods, action, django_assert_max_num_queries
):
    for size in (2, 40):
        Measure.objects.filter(plan=plan).delete()
        for number in range(size):
            measure = make_measure(plan, name=f"Measure {number}", points=EHCP_POINTS)
            measure.actions.add(action)
            MeasureValue.objects.create(
                measure=measure,
                period=periods[1],
                refers_to=datetime.date(2026, 3, 1),
                value=Decimal(50),
                rag="green",
            )
            Benchmark.objects.create(measure=measure, name="England")
        with django_assert_max_num_queries(23):  # 2 of them: the (empty) inspections and findings
            plan_export(plan)


def test_an_unchanged_reimport_costs_the_same_queries_for_few_and_many_measures(
    plan, periods, action, alice, django_assert_max_num_queries
):
    for size in (2, 40):
        Measure.objects.filter(plan=plan).delete()
        for number in range(size):
            measure = make_measure(plan, name=f"Measure {number}", points=EHCP_POINTS, order=number)
            measure.actions.add(action)
            MeasureValue.objects.create(
                measure=measure,
                period=periods[1],
                refers_to=datetime.date(2026, 3, 1),
                value=Decimal(50),
                rag="green",
            )
            england = Benchmark.objects.create(measure=measure, name="England")
            BenchmarkValue.objects.create(
                benchmark=england, date=datetime.date(2026, 1, 1), value=Decimal(48)
            )
        parsed = parse(plan_export(plan))
        with django_assert_max_num_queries(50):
            report = plan_import(parsed=parsed, user=alice, plan=plan)
        assert report.counts["measures"] == {"added": 0, "updated": 0, "unchanged": size}


def test_the_preview_page_counts_the_measures_and_what_will_change(
    client, measured_plan, alice, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    data = edited(plan_export(measured_plan), "Measure figures", 3, "Commentary", "Better than expected")
    client.force_login(alice)
    upload = SimpleUploadedFile("plan.xlsx", data, content_type=XLSX)
    client.post(reverse("actions:import-into", args=[measured_plan.pk]), {"file": upload})
    record = PlanImport.objects.get()
    assert record.preview["measure_sheets"] == ["Measures", "Measure figures", "Comparators"]
    assert record.preview["changes"]["counts"]["figures"] == {"added": 0, "updated": 1, "unchanged": 2}
    html = client.get(record.get_absolute_url()).content.decode()
    assert re.search(r'tile__number">2</span> <span class="sp-tile__label">measures<', html)
    assert re.search(r'tile__number">3</span> <span class="sp-tile__label">measure figures<', html)
    assert re.search(r'tile__number">2</span> <span class="sp-tile__label">comparator figures<', html)
    assert ">Figures</th>" in html
    client.post(reverse("actions:import-confirm", args=[record.pk]))
    record.refresh_from_db()
    assert record.state == PlanImport.State.DONE, record.error
    assert record.report["counts"]["figures"] == {"added": 0, "updated": 1, "unchanged": 2}
    spring = MeasureValue.objects.get(measure__plan=measured_plan, period__name="Spring term 2026")
    assert spring.commentary == "Better than expected"


def test_a_plan_alone_reports_no_measure_rows(plan, periods, action, alice):
    parsed = parse_workbook(plan_export(plan), filename="export.xlsx")
    counts = report_data(plan_import(parsed=parsed, user=alice, plan=plan, dry_run=True))["counts"]
    assert "measures" not in counts and "figures" not in counts and "comparators" not in counts


def test_a_workbook_of_measures_alone_is_refused_with_its_reason(measured_plan):
    book = load_workbook(io.BytesIO(plan_export(measured_plan)))
    del book["Plan"]
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(ImportProblem, match="holds measures but no plan"):
        parse(out.getvalue())


def test_evidences_name_an_item_by_its_words_and_leave_out_archived_actions(
    measured_plan, other_action, alice
):
    Action.objects.filter(pk=other_action.pk).update(is_archived=True)
    data = plan_export(measured_plan)
    book = load_workbook(io.BytesIO(data))
    assert book["Measures"]["J2"].value == "Priority 1; Objective 1.1; Action 1.1.a"
    parsed = parse(edited(data, "Measures", 3, "Evidences", "Action “run SENCO network  meetings”"))
    assert parsed.problems == []
    assert [a.ref for a in parsed.measures[1].evidences] == ["1.1.a"]
    copy = plan_import(parsed=parsed, user=alice, title="Copy", local_area="Exampleshire").plan
    suspensions = Measure.objects.get(plan=copy, name="Suspensions of pupils with SEND")
    assert [a.description for a in suspensions.actions.all()] == ["Run SENCO network meetings"]


def test_the_demo_plans_round_trip_with_their_measures(db, alice):
    """The demo's realistic measures (rates from numerators, off-trajectory figures awaiting
    confirmation, comparators) come back equal, and re-importing them changes nothing."""
    call_command("load_demo", "--today", "2026-05-01", stdout=io.StringIO())
    for plan in Plan.objects.order_by("pk"):
        parsed = parse(plan_export(plan))
        assert parsed.problems == []
        assert parsed.counts["measures"] == Measure.objects.filter(plan=plan).count() > 0
        rows_before = history_rows()
        report = plan_import(parsed=parsed, user=alice, plan=plan)
        assert history_rows() == rows_before
        assert (
            report.counts["figures"]["unchanged"] == MeasureValue.objects.filter(measure__plan=plan).count()
        )
        copy = plan_import(parsed=parsed, user=alice, title=f"Copy of {plan.pk}", local_area="Exampleshire")
        assert dump(copy.plan) == dump(plan)
