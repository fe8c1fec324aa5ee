"""Setting up a measure in the plan's own pages: its fields, what it evidences, its trajectory and its
comparators. Plan administrators only; each page's Save is one service call, all or nothing."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render

from actions.plans.access import get_plan_for_user, member_required, require_plan_admin
from actions.plans.models import Plan
from sendplan.forms import add_errors

from .. import access, services
from ..forms import (
    COMPARATOR_ROWS,
    POINT_ROWS,
    ComparatorFigureFormSet,
    ComparatorForm,
    MeasureForm,
    TrajectoryFormSet,
)
from ..models import Measure, Source

MEASURE_FIELDS = [
    "name",
    "definition",
    "unit",
    "direction",
    "frequency",
    "tolerance",
    "lead_person",
    "lead_partner",
]


@member_required
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new measure of the plan. Queries: 8 (GET), whatever the size of the plan."""
    require_plan_admin(request.user, access.MEASURE_ADMIN_REFUSAL)
    return _setup(request, plan=get_plan_for_user(request.user, pk), measure=None)


@member_required
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a measure and its trajectory. Queries: 12 (GET), whatever the size of the plan."""
    require_plan_admin(request.user, access.MEASURE_ADMIN_REFUSAL)
    measure = access.get_measure_for_user(request.user, pk)
    return _setup(request, plan=measure.plan, measure=measure)


def _setup(request: HttpRequest, *, plan: Plan, measure: Measure | None) -> HttpResponse:
    trajectory_errors: list[str] = []
    if request.method == "POST":
        form = MeasureForm(request.POST, plan=plan)
        points = TrajectoryFormSet(request.POST, prefix="point")
        if form.is_valid() and points.is_valid():
            rows = [row for row in (each.point() for each in points) if row is not None]
            fields = {name: form.cleaned_data[name] for name in MEASURE_FIELDS}
            links = {name: form.cleaned_data[name] for name in ("priorities", "objectives", "actions")}
            try:
                saved = services.measure_setup(
                    user=request.user,
                    plan=plan if measure is None else None,
                    measure=measure,
                    points=rows,  # type: ignore[arg-type]
                    **links,
                    **fields,
                )
            except ValidationError as exc:
                errors = exc.message_dict
                trajectory_errors = errors.pop("points", [])
                if errors:
                    add_errors(form, ValidationError(errors))
            else:
                verb = "set up" if measure is None else "saved"
                messages.success(request, f"Measure “{saved.name}” {verb}.")
                return redirect(saved)
    else:
        form = MeasureForm(initial=_initial(measure), plan=plan)
        saved_points = (
            [
                {"kind": p.kind, "date": p.date, "value": f"{p.value.normalize():f}"}
                for p in measure.trajectory_points.all()
            ]
            if measure
            else []
        )
        points = TrajectoryFormSet(initial=saved_points + [{}] * POINT_ROWS, prefix="point")
    row_errors = [
        (number, error)
        for number, each in enumerate(points, start=1)
        for errors in each.errors.values()
        for error in errors
    ]
    return render(
        request,
        "measures/measure_form.html",
        {
            "plan": plan,
            "measure": measure,
            "form": form,
            "points": points,
            "trajectory_errors": trajectory_errors,
            "row_errors": row_errors,
            "has_errors": bool(form.errors or trajectory_errors or row_errors),
            "nav_current": "actions:plan-list",
        },
    )


def _initial(measure: Measure | None) -> dict:
    if measure is None:
        return {"unit": "percent", "direction": "higher", "frequency": "termly", "tolerance": "0"}
    return {
        **{name: getattr(measure, name) for name in MEASURE_FIELDS},
        "tolerance": f"{measure.tolerance.normalize():f}",
        "priorities": list(measure.priorities.all()),
        "objectives": list(measure.objectives.all()),
        "actions": ", ".join(a.ref for a in measure.actions.all() if a.ref),
    }


@member_required
def comparator_form(request: HttpRequest, pk: int, benchmark_pk: int | None = None) -> HttpResponse:
    """Add a comparator series (England, the region, statistical neighbours) to a measure, or change one.
    Queries: 7 (GET)."""
    require_plan_admin(request.user, access.MEASURE_ADMIN_REFUSAL)
    measure = access.get_measure_for_user(request.user, pk)
    benchmark = access.get_comparator_for_user(request.user, measure, benchmark_pk) if benchmark_pk else None
    figure_errors: list[str] = []
    if request.method == "POST":
        form = ComparatorForm(request.POST)
        figures = ComparatorFigureFormSet(request.POST, prefix="figure")
        if form.is_valid() and figures.is_valid():
            rows = [row for row in (each.figure() for each in figures) if row is not None]
            try:
                if benchmark is not None and access.comparator_name_taken(
                    measure, form.cleaned_data["name"], other_than=benchmark
                ):
                    raise ValidationError({"name": "This measure already has a comparator with this name"})
                saved = services.benchmark_set(
                    user=request.user,
                    measure=measure,
                    name=form.cleaned_data["name"],
                    values=rows,  # type: ignore[arg-type]
                    source=benchmark.source if benchmark else Source.ENTERED,
                )
                if benchmark is not None and saved.pk != benchmark.pk:
                    services.benchmark_delete(user=request.user, benchmark=benchmark)
            except ValidationError as exc:
                errors = exc.message_dict
                figure_errors = errors.pop("values", [])
                if errors:
                    add_errors(form, ValidationError(errors))
            else:
                messages.success(request, f"Comparator “{saved.name}” saved for “{measure.name}”.")
                return redirect(measure)
    else:
        form = ComparatorForm(initial={"name": benchmark.name} if benchmark else {})
        saved_figures = (
            [{"date": v.date, "value": f"{v.value.normalize():f}"} for v in benchmark.values.all()]
            if benchmark
            else []
        )
        figures = ComparatorFigureFormSet(initial=saved_figures + [{}] * COMPARATOR_ROWS, prefix="figure")
    row_errors = [
        (number, error)
        for number, each in enumerate(figures, start=1)
        for errors in each.errors.values()
        for error in errors
    ]
    return render(
        request,
        "measures/comparator_form.html",
        {
            "plan": measure.plan,
            "measure": measure,
            "benchmark": benchmark,
            "form": form,
            "figures": figures,
            "figure_errors": figure_errors,
            "row_errors": row_errors,
            "has_errors": bool(form.errors or figure_errors or row_errors),
            "nav_current": "actions:plan-list",
        },
    )


@member_required
def comparator_delete(request: HttpRequest, pk: int, benchmark_pk: int) -> HttpResponse:
    """Remove a comparator series (a POST); its figures stay in the history."""
    require_plan_admin(request.user, access.MEASURE_ADMIN_REFUSAL)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    measure = access.get_measure_for_user(request.user, pk)
    benchmark = access.get_comparator_for_user(request.user, measure, benchmark_pk)
    services.benchmark_delete(user=request.user, benchmark=benchmark)
    messages.success(request, f"Comparator “{benchmark.name}” removed from “{measure.name}”.")
    return redirect(measure)
