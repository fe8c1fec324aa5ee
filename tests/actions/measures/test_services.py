"""Writes about measures: who may, every bad input refused with its message and nothing saved,
figures worked out from numerator and denominator, the two-key rating, and history kept."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from actions.cycle.models import Rag
from actions.measures import services
from actions.measures.models import BenchmarkValue, Measure, MeasureValue, TrajectoryPoint, Unit
from tests import factories as f

from .conftest import BASELINE_DAY, MILESTONE_DAY, TARGET_DAY, make_measure

SUMMER_DAY = datetime.date(2026, 7, 31)


def _messages(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict


# Setting up a measure


def test_plan_administrator_sets_up_a_measure(alice, plan, action):
    measure = services.measure_create(
        user=alice,
        plan=plan,
        name="  Suspensions of pupils with SEND ",
        unit=Unit.NUMBER,
        direction="lower",
        tolerance="10",
        actions=[action],
    )
    assert measure.name == "Suspensions of pupils with SEND"
    assert measure.tolerance == Decimal(10)
    assert list(measure.actions.all()) == [action]
    assert measure.history.count() >= 1
    assert measure.history.first().history_user == alice


@pytest.mark.parametrize("who", ["olivia", "bea", "nora"])
def test_only_plan_administrators_set_up_measures(who, request, plan):
    with pytest.raises(PermissionDenied, match="Only plan administrators set up measures"):
        services.measure_create(user=request.getfixturevalue(who), plan=plan, name="Persistent absence")
    assert not Measure.objects.exists()


def test_a_measure_name_is_unique_in_its_plan_whatever_the_case(alice, measure, plan):
    with pytest.raises(ValidationError, match="already has a measure with this name"):
        services.measure_create(user=alice, plan=plan, name="NEW EHC plans issued within 20 weeks")
    assert Measure.objects.count() == 1
    services.measure_create(user=alice, plan=f.make_plan(), name="New EHC plans issued within 20 weeks")


def test_a_measure_evidences_only_its_own_plans_items(alice, plan, measure):
    elsewhere = f.make_priority(f.make_plan())
    with pytest.raises(ValidationError) as caught:
        services.measure_update(user=alice, measure=measure, priorities=[elsewhere])
    assert _messages(caught.value) == {"priorities": ["Choose priorities of this measure's plan"]}


def test_a_bad_tolerance_is_refused(alice, plan):
    with pytest.raises(ValidationError) as caught:
        services.measure_create(user=alice, plan=plan, name="Absence", tolerance="five")
    assert _messages(caught.value) == {"tolerance": ["Enter the tolerance as a number, for example 5"]}


def test_editing_a_measure_keeps_its_history(alice, measure):
    before = measure.history.count()
    services.measure_update(user=alice, measure=measure, name="EHC plans in 20 weeks", tolerance=3)
    measure.refresh_from_db()
    assert measure.name == "EHC plans in 20 weeks"
    assert measure.history.count() == before + 1
    assert measure.history.first().history_user == alice
    assert measure.history.last().name == "New EHC plans issued within 20 weeks"


def test_olivia_cannot_edit_the_measure_she_leads(olivia, measure):
    with pytest.raises(PermissionDenied):
        services.measure_update(user=olivia, measure=measure, name="Renamed")


# The trajectory


def test_setting_the_trajectory_replaces_every_point_and_keeps_the_old_in_history(alice, measure):
    points = services.measure_trajectory_set(
        user=alice,
        measure=measure,
        points=[("target", TARGET_DAY, "85"), ("baseline", BASELINE_DAY, "42.5")],
    )
    assert [(p.kind, p.value) for p in points] == [("baseline", Decimal("42.5")), ("target", Decimal(85))]
    assert TrajectoryPoint.objects.filter(measure=measure).count() == 2
    deleted = TrajectoryPoint.history.filter(history_type="-", measure_id=measure.pk)
    assert deleted.count() == 3
    assert {h.history_user for h in deleted} == {alice}


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (
            [("baseline", BASELINE_DAY, "40"), ("milestone", BASELINE_DAY, "50")],
            "The milestone of 1 September 2025: the baseline of 1 September 2025 is on the same date",
        ),
        (
            [("baseline", BASELINE_DAY, "40"), ("target", TARGET_DAY, "80"), ("milestone", TARGET_DAY, "70")],
            "The milestone of 1 September 2027: the target of 1 September 2027 is on the same date",
        ),
        (
            [("baseline", MILESTONE_DAY, "40"), ("milestone", BASELINE_DAY, "50")],
            "The baseline of 1 September 2026 is after the milestone of 1 September 2025: the baseline "
            "must come before every other point",
        ),
        (
            [
                ("baseline", BASELINE_DAY, "40"),
                ("target", MILESTONE_DAY, "80"),
                ("milestone", TARGET_DAY, "9"),
            ],
            "The milestone of 1 September 2027 is after the target of 1 September 2026: the target must "
            "come after every other point",
        ),
        (
            [("target", TARGET_DAY, "80")],
            "The target of 1 September 2027: a trajectory needs a baseline before any milestone or target",
        ),
        (
            [("baseline", BASELINE_DAY, "40"), ("baseline", MILESTONE_DAY, "45")],
            "The baseline of 1 September 2026: a trajectory has only one baseline",
        ),
        (
            [("baseline", BASELINE_DAY, "40"), ("target", MILESTONE_DAY, "60"), ("target", TARGET_DAY, "80")],
            "The target of 1 September 2027: a trajectory has at most one target",
        ),
        (
            [("baseline", BASELINE_DAY, "forty")],
            "The baseline of 1 September 2025: enter its value as a number, not “forty”",
        ),
        (
            [("baseline", BASELINE_DAY, "40"), ("target", TARGET_DAY, "120")],
            "The target of 1 September 2027: a percentage must be between 0 and 100",
        ),
        ([("baseline", None, "40")], "Point 1 (baseline): enter its date"),
    ],
)
def test_a_bad_trajectory_is_refused_naming_the_point_and_nothing_changes(alice, measure, points, message):
    with pytest.raises(ValidationError) as caught:
        services.measure_trajectory_set(user=alice, measure=measure, points=points)
    assert message in _messages(caught.value)["points"]
    assert sorted(TrajectoryPoint.objects.filter(measure=measure).values_list("kind", flat=True)) == [
        "baseline",
        "milestone",
        "target",
    ]
    assert not TrajectoryPoint.history.filter(history_type="-").exists()


def test_only_plan_administrators_set_a_trajectory(olivia, measure):
    with pytest.raises(PermissionDenied, match="Only plan administrators"):
        services.measure_trajectory_set(user=olivia, measure=measure, points=[("baseline", BASELINE_DAY, 1)])


# Actual figures


def _record(user, measure, period, **overrides):
    fields = {
        "refers_to": SUMMER_DAY,
        "value": "55",
        "source": "SEN2",
        "commentary": "Improving.",
        **overrides,
    }
    return services.measure_value_record(user=user, measure=measure, period=period, **fields)


def test_the_lead_enters_the_figure_and_its_rating_is_proposed_from_the_trajectory(olivia, measure, summer):
    row = _record(olivia, measure, summer)
    # Expected on 31 July 2026: 40 + 20 × 333/365 = 58.25; 55 is 3.25 short, within 5: Amber.
    assert row.value == Decimal(55)
    assert row.rag == row.proposed_rag == Rag.AMBER
    assert not row.is_confirmed
    assert row.entered_by == olivia
    assert row.history.first().history_user == olivia


def test_the_value_is_worked_out_from_numerator_and_denominator(olivia, measure, summer):
    row = _record(olivia, measure, summer, value="", numerator="17", denominator="20")
    assert row.value == Decimal(85)
    assert (row.numerator, row.denominator) == (Decimal(17), Decimal(20))


def test_a_rate_per_10000_is_worked_out_per_10000(alice, plan, summer):
    rate = make_measure(plan, unit=Unit.RATE_PER_10000, name="Requests for assessment per 10,000")
    row = _record(alice, rate, summer, value=None, numerator="3", denominator="1200")
    assert row.value == Decimal(25)
    number = make_measure(plan, unit=Unit.DAYS, name="Days to issue")
    assert _record(alice, number, summer, value=None, numerator="1", denominator="3").value == Decimal(
        "0.3333"
    )


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"value": "lots"}, {"value": ["Enter the figure as a number, for example 42.5"]}),
        ({"value": "101"}, {"value": ["A percentage must be between 0 and 100, not 101"]}),
        (
            {"value": None, "numerator": "21", "denominator": "20"},
            {"numerator": ["The numerator (21) cannot be more than the denominator (20) for a percentage"]},
        ),
        (
            {"value": None, "numerator": "2", "denominator": "0"},
            {"denominator": ["The denominator must be more than 0"]},
        ),
        ({"value": None, "numerator": "2"}, {"denominator": ["Enter the denominator too, or neither"]}),
        ({"value": None}, {"value": ["Enter the figure"]}),
        (
            {"refers_to": datetime.date(2026, 8, 1)},
            {"refers_to": ["The date must be on or before 31 July 2026, the date Summer term 2026 is as at"]},
        ),
        (
            {"refers_to": datetime.date(2026, 3, 31)},
            {
                "refers_to": [
                    "The date must be after 31 March 2026, the end of the previous reporting period, and no "
                    "later than 31 July 2026"
                ]
            },
        ),
        ({"refers_to": None}, {"refers_to": ["Enter the date the figure refers to"]}),
        ({"rag": "purple"}, {"rag": ["Select a RAG rating"]}),
    ],
)
def test_a_bad_figure_is_refused_on_its_field_and_nothing_is_saved(
    olivia, measure, summer, overrides, errors
):
    with pytest.raises(ValidationError) as caught:
        _record(olivia, measure, summer, **overrides)
    assert _messages(caught.value) == errors
    assert not MeasureValue.objects.exists()
    assert not MeasureValue.history.exists()


def test_a_bad_edit_leaves_the_figure_as_it_was(olivia, measure, summer):
    _record(olivia, measure, summer)
    with pytest.raises(ValidationError):
        _record(olivia, measure, summer, value="120")
    assert MeasureValue.objects.get().value == Decimal(55)
    assert MeasureValue.history.count() == 1


def test_a_published_periods_figures_are_locked_even_for_administrators(alice, measure, published_period):
    with pytest.raises(PermissionDenied, match="has been published, so its measures' figures are locked"):
        _record(alice, measure, published_period, refers_to=datetime.date(2025, 12, 1))
    assert not MeasureValue.objects.exists()


def test_a_plans_first_period_takes_any_date_up_to_its_as_at(alice):
    # No previous period, so nothing before it bounds the date.
    plan = f.make_plan()
    first = f.make_period(plan, as_at=SUMMER_DAY)
    early = make_measure(plan, name="Persistent absence")
    assert _record(alice, early, first, refers_to=datetime.date(2024, 1, 1)).refers_to == datetime.date(
        2024, 1, 1
    )


def test_a_closed_period_takes_figures_from_administrators_only(alice, olivia, measure, spring):
    with pytest.raises(PermissionDenied, match="Spring term 2026 reporting period is closed for updates"):
        _record(olivia, measure, spring, refers_to=datetime.date(2026, 3, 1))
    assert _record(alice, measure, spring, refers_to=datetime.date(2026, 3, 1)).entered_by == alice


@pytest.mark.parametrize("who", ["oscar", "bea", "fern", "nora"])
def test_only_the_lead_and_administrators_enter_figures(who, request, measure, summer):
    with pytest.raises(PermissionDenied):
        _record(request.getfixturevalue(who), measure, summer)
    assert not MeasureValue.objects.exists()


def test_a_period_of_another_plan_is_refused(alice, measure):
    other = f.make_period(f.make_plan(), as_at=SUMMER_DAY)
    with pytest.raises(PermissionDenied, match="belongs to a different plan"):
        _record(alice, measure, other)


def test_editing_a_figure_keeps_its_history(olivia, measure, summer):
    _record(olivia, measure, summer)
    _record(olivia, measure, summer, value="61", commentary="Better than planned.")
    row = MeasureValue.objects.get()
    assert row.value == Decimal(61) and row.rag == Rag.GREEN
    assert [h.value for h in row.history.order_by("history_id")] == [Decimal(55), Decimal(61)]


# The two keys


def test_nobody_confirms_the_rating_of_a_figure_they_entered(alice, measure, summer):
    row = _record(alice, measure, summer)
    with pytest.raises(PermissionDenied, match="You entered this figure, so someone else must confirm"):
        services.measure_value_confirm(user=alice, measure_value=row)
    row.refresh_from_db()
    assert not row.is_confirmed


def test_an_administrator_confirms_the_leads_proposed_rating(alice, olivia, measure, summer):
    row = services.measure_value_confirm(user=alice, measure_value=_record(olivia, measure, summer))
    assert row.is_confirmed and row.confirmed_by == alice
    assert row.rag == Rag.AMBER and row.change_reason == ""
    assert row.history.first().history_change_reason == "Rating confirmed"
    with pytest.raises(PermissionDenied, match="already been confirmed"):
        services.measure_value_confirm(user=alice, measure_value=row)


def test_changing_the_rating_needs_a_reason_and_keeps_both(alice, olivia, measure, summer):
    row = _record(olivia, measure, summer)
    with pytest.raises(ValidationError) as caught:
        services.measure_value_confirm(user=alice, measure_value=row, rag=Rag.RED)
    assert _messages(caught.value) == {"reason": ["Enter why you are changing the rating from Amber to Red"]}
    row.refresh_from_db()
    assert not row.is_confirmed
    row = services.measure_value_confirm(
        user=alice, measure_value=row, rag=Rag.RED, reason="The spring figure was revised down."
    )
    assert (row.proposed_rag, row.rag) == (Rag.AMBER, Rag.RED)
    assert row.rating_was_changed
    assert (
        row.history.first().history_change_reason
        == "Rating changed from Amber to Red: The spring figure was revised down."
    )


def test_a_lead_of_a_priority_the_measure_evidences_confirms(olivia, measure, summer, action):
    lead = f.make_person(name="Priya Lead")
    priya = f.make_user("priya", "Officer", person=lead)
    action.objective.priority.lead_people.add(lead)
    row = services.measure_value_confirm(user=priya, measure_value=_record(olivia, measure, summer))
    assert row.confirmed_by == priya


@pytest.mark.parametrize("who", ["oscar", "bea", "nora"])
def test_others_do_not_confirm(who, request, olivia, measure, summer):
    row = _record(olivia, measure, summer)
    with pytest.raises(PermissionDenied, match="Only plan administrators and the priority's leads"):
        services.measure_value_confirm(user=request.getfixturevalue(who), measure_value=row)


def test_entering_the_figure_again_needs_confirming_again(alice, olivia, measure, summer):
    services.measure_value_confirm(user=alice, measure_value=_record(olivia, measure, summer))
    row = _record(olivia, measure, summer, value="70")
    assert not row.is_confirmed and row.rag == Rag.GREEN and row.confirmed_by is None


def test_a_published_periods_ratings_are_locked(alice, olivia, measure, summer):
    row = _record(olivia, measure, summer)
    summer.state = "published"
    summer.save()
    with pytest.raises(PermissionDenied, match="has been published, so its ratings are locked"):
        services.measure_value_confirm(user=alice, measure_value=row)


# --- Benchmarks ----------------------------------------------------------------------------------

ENGLAND = [(datetime.date(2025, 7, 31), "50"), (datetime.date(2026, 7, 31), "49.5")]


def test_an_administrator_sets_a_comparator_series_and_replacing_it_keeps_the_history(alice, measure):
    benchmark = services.benchmark_set(user=alice, measure=measure, name=" England ", values=ENGLAND)
    assert benchmark.name == "England"
    assert [(v.date, v.value) for v in benchmark.values.all()] == [
        (datetime.date(2025, 7, 31), Decimal(50)),
        (datetime.date(2026, 7, 31), Decimal("49.5")),
    ]
    again = services.benchmark_set(
        user=alice, measure=measure, name="england", values=[(datetime.date(2026, 7, 31), "51")]
    )
    assert again.pk == benchmark.pk and [v.value for v in again.values.all()] == [Decimal(51)]
    assert BenchmarkValue.history.filter(history_type="-").count() == 2
    assert {h.history_user for h in BenchmarkValue.history.all()} == {alice}


def test_only_plan_administrators_set_comparators(olivia, measure):
    with pytest.raises(PermissionDenied):
        services.benchmark_set(user=olivia, measure=measure, name="England", values=ENGLAND)
    assert not measure.benchmarks.exists()


@pytest.mark.parametrize(
    "name, values, field, message",
    [
        ("", ENGLAND, "name", "Enter the comparator's name, for example “England”"),
        (
            "England",
            [(datetime.date(2026, 7, 31), "about half")],
            "values",
            "enter it as a number, not “about half”",
        ),
        ("England", [(datetime.date(2026, 7, 31), "")], "values", "The figure of 31 July 2026: enter it"),
        ("England", [(None, "50")], "values", "Figure 1: enter its date"),
        ("England", [ENGLAND[0], ENGLAND[0]], "values", "31 July 2025 is given twice"),
        (
            "England",
            [(datetime.date(2026, 7, 31), "120")],
            "values",
            "a percentage must be between 0 and 100",
        ),
    ],
)
def test_a_bad_comparator_is_refused_with_its_reason_and_nothing_saved(
    alice, measure, name, values, field, message
):
    with pytest.raises(ValidationError) as error:
        services.benchmark_set(user=alice, measure=measure, name=name, values=values)
    assert message in " ".join(error.value.message_dict[field])
    assert not measure.benchmarks.exists()
