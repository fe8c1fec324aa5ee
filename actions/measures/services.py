"""Every write a user can cause about impact measures. Each checks who may do it (`access.py`) first,
validates everything before saving anything, runs in one transaction and keeps its history."""

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from actions.cycle.models import Rag, ReportingPeriod
from actions.plans.access import require_plan_admin, signed_in
from actions.plans.models import Action, Objective, Plan, Priority
from actions.roles import AnyUser
from partners.models import Partner, Person

from . import access, selectors, statistics, trajectory
from .models import (
    Benchmark,
    BenchmarkValue,
    Direction,
    Frequency,
    Measure,
    MeasureValue,
    Source,
    TrajectoryPoint,
    Unit,
)

Number = Decimal | int | float | str | None
PLACES = Decimal("0.0001")
NOT_A_NUMBER = "Enter the figure as a number, for example 42.5"


def parse_number(raw: Number) -> Decimal | None:
    """A figure as typed (“1,234.5”, “ 42 ”) as a Decimal; None when blank. ValueError when it is
    not a number."""
    if raw is None:
        return None
    if isinstance(raw, Decimal):
        number = raw
    else:
        text = str(raw).strip().replace(",", "")
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(raw) from error
    if not number.is_finite():
        raise ValueError(raw)
    return number


def _evidence_errors(plan: Plan, items: Iterable[Priority | Objective | Action], what: str) -> str | None:
    for item in items:
        item_plan = (
            item.plan_id
            if isinstance(item, Priority)
            else item.priority.plan_id
            if isinstance(item, Objective)
            else item.objective.priority.plan_id
        )
        if item_plan != plan.pk:
            return f"Choose {what} of this measure's plan"
    return None


@transaction.atomic
def measure_create(
    *,
    user: AnyUser,
    plan: Plan,
    name: str,
    definition: str = "",
    unit: str = Unit.NUMBER,
    direction: str = Direction.HIGHER,
    frequency: str = Frequency.TERMLY,
    source: str = Source.ENTERED,
    tolerance: Number = 0,
    lead_person: Person | None = None,
    lead_partner: Partner | None = None,
    priorities: Sequence[Priority] = (),
    objectives: Sequence[Objective] = (),
    actions: Sequence[Action] = (),
    order: int = 0,
) -> Measure:
    """Set up a measure of a plan (plan administrators only). ValidationError per field."""
    user = require_plan_admin(user, access.MEASURE_ADMIN_REFUSAL)
    measure = Measure(plan=plan)
    return _measure_save(
        user=user,
        measure=measure,
        fields={
            "name": name,
            "definition": definition,
            "unit": unit,
            "direction": direction,
            "frequency": frequency,
            "source": source,
            "tolerance": tolerance,
            "lead_person": lead_person,
            "lead_partner": lead_partner,
            "order": order,
        },
        links={"priorities": priorities, "objectives": objectives, "actions": actions},
    )


@transaction.atomic
def measure_update(
    *,
    user: AnyUser,
    measure: Measure,
    priorities: Sequence[Priority] | None = None,
    objectives: Sequence[Objective] | None = None,
    actions: Sequence[Action] | None = None,
    **fields: object,
) -> Measure:
    """Change a measure's fields (any of `measure_create`'s) and, if given, what it evidences."""
    user = require_plan_admin(user, access.MEASURE_ADMIN_REFUSAL)
    allowed = {
        "name",
        "definition",
        "unit",
        "direction",
        "frequency",
        "source",
        "tolerance",
        "lead_person",
        "lead_partner",
        "order",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown measure fields: {sorted(unknown)}")
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    links = {
        name: items
        for name, items in (("priorities", priorities), ("objectives", objectives), ("actions", actions))
        if items is not None
    }
    return _measure_save(user=user, measure=measure, fields=fields, links=links)


def _measure_save(
    *, user: AnyUser, measure: Measure, fields: dict[str, object], links: dict[str, Sequence]
) -> Measure:
    errors: dict[str, str] = {}
    if "name" in fields:
        fields["name"] = str(fields["name"] or "").strip()
        if not fields["name"]:
            errors["name"] = "Enter the measure's name"
    if "tolerance" in fields:
        try:
            tolerance = parse_number(fields["tolerance"])  # type: ignore[arg-type]
        except ValueError:
            errors["tolerance"] = "Enter the tolerance as a number, for example 5"
        else:
            fields["tolerance"] = tolerance if tolerance is not None else Decimal(0)
            if fields["tolerance"] < 0:  # type: ignore[operator]
                errors["tolerance"] = "The tolerance cannot be negative"
    words = {"priorities": "priorities", "objectives": "objectives", "actions": "actions"}
    for name, items in links.items():
        problem = _evidence_errors(measure.plan, items, words[name])
        if problem:
            errors[name] = problem
    if errors:
        raise ValidationError(errors)
    changed = measure.pk is None or any(getattr(measure, name) != value for name, value in fields.items())
    for name, value in fields.items():
        setattr(measure, name, value)
    if changed:
        measure.full_clean()
        measure._history_user = signed_in(user)
        measure.save()
    # Each change of links writes its own historical record (simple-history's m2m_changed), with
    # the user set above; the same links again change nothing.
    for name, items in links.items():
        if {item.pk for item in items} != set(getattr(measure, name).values_list("pk", flat=True)):
            measure._history_user = signed_in(user)
            getattr(measure, name).set(items)
    return measure


PointInput = tuple[str, datetime.date | None, Number]


def trajectory_parse(
    points: Sequence[PointInput], *, percent: bool
) -> tuple[list[trajectory.Point], list[str]]:
    """The points as typed, read and checked as a whole: (the points, every rule they break, each
    naming the point and why)."""
    errors: list[str] = []
    parsed: list[trajectory.Point] = []
    for number, (kind, date, raw) in enumerate(points, start=1):
        label = trajectory.KIND_LABEL.get(kind)
        if label is None:
            errors.append(f"Point {number}: choose baseline, milestone or target")
            continue
        if date is None:
            errors.append(f"Point {number} ({label}): enter its date")
            continue
        try:
            value = parse_number(raw)
        except ValueError:
            errors.append(f"The {label} of {date:%-d %B %Y}: enter its value as a number, not “{raw}”")
            continue
        if value is None:
            errors.append(f"The {label} of {date:%-d %B %Y}: enter its value")
            continue
        parsed.append(trajectory.Point(date=date, kind=kind, value=value))
    return parsed, errors + trajectory.trajectory_errors(parsed, percent=percent)


@transaction.atomic
def measure_trajectory_set(
    *, user: AnyUser, measure: Measure, points: Sequence[PointInput]
) -> list[TrajectoryPoint]:
    """Replace a measure's whole trajectory with `points` (kind, date, value), all or nothing.

    ValidationError on "points" listing every rule broken, each naming the point and why; nothing
    is saved then. The points replaced stay in the history; the same points again change nothing.
    """
    user = require_plan_admin(user, access.MEASURE_ADMIN_REFUSAL)
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    parsed, errors = trajectory_parse(points, percent=measure.is_percent)
    if errors:
        raise ValidationError({"points": errors})
    saved = list(TrajectoryPoint.objects.filter(measure=measure).order_by("date"))
    if [(p.date, p.kind, p.value) for p in saved] == [(p.date, p.kind, p.value) for p in sorted(parsed)]:
        return saved
    for old in saved:
        old._history_user = user
        old._change_reason = "Trajectory replaced"
        old.delete()
    rows = []
    for point in sorted(parsed):
        row = TrajectoryPoint(measure=measure, kind=point.kind, date=point.date, value=point.value)
        row.full_clean()
        row._history_user = user
        row.save()
        rows.append(row)
    return rows


@transaction.atomic
def measure_setup(
    *,
    user: AnyUser,
    plan: Plan | None = None,
    measure: Measure | None = None,
    points: Sequence[PointInput],
    priorities: Sequence[Priority] = (),
    objectives: Sequence[Objective] = (),
    actions: Sequence[Action] = (),
    **fields: object,
) -> Measure:
    """Set up a new measure of `plan`, or change `measure`, with its whole trajectory: the setup
    page's one Save, all or nothing.

    ValidationError with every problem at once: per field, and on "points" for the trajectory.
    """
    user = require_plan_admin(user, access.MEASURE_ADMIN_REFUSAL)
    unit = fields.get("unit", measure.unit if measure else Unit.NUMBER)
    parsed, point_errors = trajectory_parse(points, percent=unit == Unit.PERCENT)
    errors: dict[str, list[str]] = {"points": point_errors} if point_errors else {}
    try:
        with transaction.atomic():
            if measure is None:
                assert plan is not None, "measure_setup needs a plan or a measure"
                saved = measure_create(
                    user=user,
                    plan=plan,
                    priorities=priorities,
                    objectives=objectives,
                    actions=actions,
                    **fields,  # type: ignore[arg-type]
                )
            else:
                saved = measure_update(
                    user=user,
                    measure=measure,
                    priorities=priorities,
                    objectives=objectives,
                    actions=actions,
                    **fields,
                )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    measure_trajectory_set(
        user=user, measure=saved, points=[(p.kind, p.date, p.value) for p in sorted(parsed)]
    )
    return saved


def computed_value(unit: str, numerator: Decimal, denominator: Decimal) -> Decimal:
    """The figure from its numerator and denominator: a percentage ×100, a rate per 10,000 ×10,000."""
    scale = {Unit.PERCENT: Decimal(100), Unit.RATE_PER_10000: Decimal(10000)}.get(Unit(unit), Decimal(1))
    return (scale * numerator / denominator).quantize(PLACES)


@transaction.atomic
def measure_value_record(
    *,
    user: AnyUser,
    measure: Measure,
    period: ReportingPeriod,
    refers_to: datetime.date | None,
    value: Number = None,
    numerator: Number = None,
    denominator: Number = None,
    source: str = "",
    commentary: str = "",
    rag: str | None = None,
) -> MeasureValue:
    """Enter (or revise) a measure's actual figure for a period: the first key.

    With both a numerator and a denominator the value is worked out from them. The rating proposed
    is `rag` if given, else the one the trajectory gives (`trajectory.rag_for`); it awaits
    confirmation (`measure_value_confirm`). PermissionDenied with the reason for who may not;
    ValidationError per field for bad input. Nothing is saved in either case.
    """
    refusal = access.value_refusal(user, measure, period)
    if refusal:
        raise PermissionDenied(refusal)
    user = signed_in(user)
    errors: dict[str, str] = {}
    numbers: dict[str, Decimal | None] = {}
    for name, raw in (("value", value), ("numerator", numerator), ("denominator", denominator)):
        try:
            numbers[name] = parse_number(raw)
        except ValueError:
            numbers[name] = None
            errors[name] = NOT_A_NUMBER
    n, d = numbers["numerator"], numbers["denominator"]
    if (n is None) != (d is None) and not {"numerator", "denominator"} & set(errors):
        missing = "denominator" if d is None else "numerator"
        errors[missing] = f"Enter the {missing} too, or neither"
    if refers_to is None:
        errors["refers_to"] = "Enter the date the figure refers to"
    if rag and rag not in Rag.values:
        errors["rag"] = "Select a RAG rating"
    if errors:
        raise ValidationError(errors)
    figure = numbers["value"]
    if n is not None and d is not None:
        if d <= 0:
            raise ValidationError({"denominator": "The denominator must be more than 0"})
        if measure.is_percent and n > d:
            raise ValidationError(
                {
                    "numerator": f"The numerator ({n:f}) cannot be more than the denominator ({d:f}) "
                    "for a percentage"
                }
            )
        figure = computed_value(measure.unit, n, d)
    if figure is None:
        raise ValidationError({"value": "Enter the figure"})
    assert refers_to is not None  # (among the errors above otherwise)
    row = MeasureValue.objects.select_for_update().filter(
        measure=measure, period=period
    ).first() or MeasureValue(measure=measure, period=period)
    row.value, row.numerator, row.denominator = figure, n, d
    row.refers_to = refers_to
    row.source = (source or "").strip()
    row.commentary = (commentary or "").strip()
    if not rag:
        points = [
            trajectory.Point(date=p.date, kind=p.kind, value=p.value) for p in measure.trajectory_points.all()
        ]
        expected = trajectory.expected_at(points, refers_to)
        rag = trajectory.rag_for(figure, expected, measure.direction, measure.tolerance)
    row.propose(rag=rag, entered_by=user)
    row.full_clean()
    row._history_user = user
    row.save()
    return row


@transaction.atomic
def measure_value_confirm(
    *, user: AnyUser, measure_value: MeasureValue, rag: str | None = None, reason: str = ""
) -> MeasureValue:
    """The second key: confirm the proposed rating, or confirm a different one with a reason.

    The same rules and words as a position statement's (`actions.cycle.models.TwoKeyRated.confirm`).
    """
    measure_value = (
        MeasureValue.objects.select_for_update(of=("self",))
        .select_related("period", "measure")
        .get(pk=measure_value.pk)
    )
    refusal = access.confirm_refusal(user, measure_value)
    if refusal:
        raise PermissionDenied(refusal)
    user = signed_in(user)
    decision = measure_value.confirm(user=user, rag=rag, reason=reason, now=timezone.now())
    measure_value.full_clean()
    measure_value._history_user = user
    measure_value._change_reason = decision.history_reason
    measure_value.save()
    return measure_value


BenchmarkPoint = tuple[datetime.date | None, Number]
MAX_BENCHMARK_NAME = Benchmark._meta.get_field("name").max_length or 200


@transaction.atomic
def benchmark_set(
    *,
    user: AnyUser,
    measure: Measure,
    name: str,
    values: Sequence[BenchmarkPoint],
    source: str = Source.ENTERED,
) -> Benchmark:
    """Create or replace a comparator series (England, the region, statistical neighbours) with
    `values` (date, figure), all or nothing.

    ValidationError on "name" or "values", each message naming the figure and why; nothing is
    saved then. Figures replaced stay in the history.
    """
    user = require_plan_admin(user, access.MEASURE_ADMIN_REFUSAL)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Enter the comparator's name, for example “England”"})
    if len(name) > MAX_BENCHMARK_NAME:
        raise ValidationError(
            {"name": f"The comparator's name must be {MAX_BENCHMARK_NAME} characters or fewer"}
        )
    errors: list[str] = []
    parsed: dict[datetime.date, Decimal] = {}
    for number, (date, raw) in enumerate(values, start=1):
        if date is None:
            errors.append(f"Figure {number}: enter its date")
            continue
        when = f"{date:%-d %B %Y}"
        try:
            value = parse_number(raw)
        except ValueError:
            errors.append(f"The figure of {when}: enter it as a number, not “{raw}”")
            continue
        if value is None:
            errors.append(f"The figure of {when}: enter it")
        elif date in parsed:
            errors.append(f"{when} is given twice: give one figure for each date")
        elif measure.is_percent and not Decimal(0) <= value <= Decimal(100):
            errors.append(f"The figure of {when}: a percentage must be between 0 and 100, not {value}")
        else:
            parsed[date] = value
    if errors:
        raise ValidationError({"values": errors})
    benchmark = Benchmark.objects.filter(measure=measure, name__iexact=name).first()
    if benchmark is None:
        benchmark = Benchmark(measure=measure, name=name, source=source)
    else:
        benchmark.name, benchmark.source = name, source
    benchmark._history_user = user
    benchmark.full_clean()
    benchmark.save()
    for old in BenchmarkValue.objects.filter(benchmark=benchmark):
        old._history_user = user
        old._change_reason = "Comparator figures replaced"
        old.delete()
    for date, value in sorted(parsed.items()):
        row = BenchmarkValue(benchmark=benchmark, date=date, value=value)
        row.full_clean()
        row._history_user = user
        row.save()
    return benchmark


# --- Published statistics -------------------------------------------------------------------------


@transaction.atomic
def benchmark_delete(*, user: AnyUser, benchmark: Benchmark) -> None:
    """Remove a comparator series and its figures (plan administrators only); the history keeps them."""
    user = require_plan_admin(user, access.MEASURE_ADMIN_REFUSAL)
    for value in BenchmarkValue.objects.filter(benchmark=benchmark):
        value._history_user = user
        value._change_reason = "Comparator removed"
        value.delete()
    benchmark._history_user = user
    benchmark._change_reason = "Comparator removed"
    benchmark.delete()


@transaction.atomic
def measure_statistics_load(
    *,
    user: AnyUser,
    measure: Measure,
    statistics_file: statistics.StatisticsFile,
    column: str,
    local_authority: str,
    england: bool = False,
    region: bool = False,
) -> statistics.LoadPlan:
    """Load a published statistics file's figures for one local authority into the measure, and
    England's and the region's as comparators if asked: all or nothing (plan administrators only).

    Each year lands in the reporting period whose window holds its date (`statistics.plan_load`),
    through `measure_value_record` (so each figure is proposed for its two-key rating, with history)
    and `benchmark_set`; the measure's source becomes "imported". ValidationError on "file" listing
    every problem (row, column, why), or saying there is nothing to load; nothing is saved then.
    """
    user = require_plan_admin(user, access.MEASURE_ADMIN_REFUSAL)
    measure = Measure.objects.select_for_update().select_related("plan").get(pk=measure.pk)
    plan = selectors.statistics_plan(
        measure=measure,
        statistics_file=statistics_file,
        column=column,
        local_authority=local_authority,
        england=england,
        region=region,
    )
    if not plan.ok:
        raise ValidationError({"file": [str(p) for p in statistics.problems_by_row(plan.problems)]})
    series = [s for s in plan.comparators if s.points]
    if not plan.to_load and not series:
        raise ValidationError(
            {
                "file": f"Nothing to load: none of the {column} figures of "
                f"{plan.local_authority.label if plan.local_authority else 'the local authority'} lands "
                "in a reporting period that takes figures"
            }
        )
    periods = {p.pk: p for p in ReportingPeriod.objects.filter(plan_id=measure.plan_id)}
    commentary = dict(MeasureValue.objects.filter(measure=measure).values_list("period_id", "commentary"))
    area = plan.local_authority.label if plan.local_authority else local_authority
    for line in plan.to_load:
        assert line.period is not None and line.value is not None  # (a line to load has both)
        measure_value_record(
            user=user,
            measure=measure,
            period=periods[line.period.pk],
            refers_to=line.year.refers_to,
            value=line.value,
            source=f"{statistics_file.filename}, {column}: {area}, {line.year.label}"[:300],
            commentary=commentary.get(line.period.pk, ""),
        )
    for comparator in series:
        benchmark_set(
            user=user, measure=measure, name=comparator.name, values=comparator.points, source=Source.IMPORTED
        )
    if measure.source != Source.IMPORTED:
        measure_update(user=user, measure=measure, source=Source.IMPORTED)
    return plan
