"""The impact measures' pages: the plan's measures as at a reporting period, a measure's page (its
chart, figures, trajectory, comparators and linked actions), entering a figure, and confirming its
rating (the second key).

Every member reads every measure. Query budgets include the session, the user and the role (3).
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from actions.cycle.filters import parse_pk
from actions.cycle.models import ReportingPeriod, rag_label
from actions.plans.access import get_plan_for_user, member_required
from actions.plans.models import Plan
from actions.roles import role_for
from sendplan.forms import add_errors

from .. import access, selectors, services, trajectory
from ..chart import measure_chart
from ..forms import RATE_UNITS, MeasureFigureForm, MeasureRatingConfirmForm
from ..models import Measure, MeasureValue, format_figure

NAV = "actions:plan-list"


def _period_pk(request: HttpRequest) -> int | None:
    """The ?period= asked for (None: the latest); 404 for one that is not a number."""
    raw = request.GET.get("period", "")
    period_pk = parse_pk(raw) if raw else None
    if raw and period_pk is None:
        raise Http404("No such reporting period")
    return period_pk


def _periods(
    request: HttpRequest, plan: Plan
) -> tuple[list[ReportingPeriod], ReportingPeriod, ReportingPeriod | None] | None:
    """`selectors.chosen_period` for the request: 404 for a period that is not the plan's; None
    when the plan has no reporting period yet."""
    try:
        return selectors.chosen_period(plan, _period_pk(request))
    except selectors.NoReportingPeriod:
        return None
    except ReportingPeriod.DoesNotExist:
        raise Http404("No such reporting period in this plan") from None


@member_required
def measure_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's measures as at a reporting period, under each priority they evidence. Queries: 16,
    whatever the number of measures, figures or periods."""
    plan = get_plan_for_user(request.user, pk)
    chosen = _periods(request, plan)
    is_admin = role_for(request.user).is_plan_admin
    context = {"plan": plan, "is_plan_admin": is_admin, "nav_current": NAV}
    if chosen is None:
        unperiodised = selectors.measure_names(plan)
        return render(request, "measures/measure_list.html", {**context, "unperiodised": unperiodised})
    periods, period, _previous = chosen
    reports = selectors.measure_reports(plan, period)
    return render(
        request,
        "measures/measure_list.html",
        {
            **context,
            "periods": periods,
            "period": period,
            "period_query": "" if period.pk == periods[-1].pk else f"?period={period.pk}",
            "reports": reports,
            "groups": selectors.measure_groups(plan, reports),
            "off_trajectory": sum(report.is_off_trajectory for report in reports),
            "no_figure": sum(not report.current.has_figure for report in reports),
        },
    )


@member_required
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The measure as at a reporting period: what it is, its chart and figures, its trajectory and
    comparators, what it evidences and its linked actions' RAG. Queries: 19 for a plan administrator
    (4 more for a priority lead, whose right to confirm is looked up), whatever the number of measures,
    figures, periods, comparators or linked actions."""
    measure = access.get_measure_for_user(request.user, pk)
    return _render_detail(request, measure)


def _render_detail(
    request: HttpRequest,
    measure: Measure,
    *,
    period_pk: int | None = None,
    confirm_form: MeasureRatingConfirmForm | None = None,
    status: int = 200,
) -> HttpResponse:
    plan = measure.plan
    is_admin = role_for(request.user).is_plan_admin
    context: dict = {"measure": measure, "plan": plan, "is_plan_admin": is_admin, "nav_current": NAV}
    # After bad input on the confirmation form: the page as at the figure's period.
    chosen = _periods(request, plan) if period_pk is None else selectors.chosen_period(plan, period_pk)
    if chosen is None:
        return render(request, "measures/measure_detail.html", context, status=status)
    periods, period, previous = chosen
    report = selectors.measure_report(measure, period)
    current = report.current
    # The second key, on this period's figure while it awaits confirmation.
    may_confirm = own_figure = False
    if current.is_unconfirmed and current.value_pk is not None:
        value = selectors.measure_value(current.value_pk)
        may_confirm = access.confirm_refusal(request.user, value) is None
        own_figure = value.entered_by_id is not None and value.entered_by_id == request.user.pk
    # The figures this user may enter: each open period's, and the chosen period's if they may.
    entered = {row.period_pk for row in report.figures if row.has_figure}
    to_enter = [
        {"period": p, "revise": p.pk in entered}
        for p in periods
        if (p.is_open or p.pk == period.pk) and access.value_refusal(request.user, measure, p) is None
    ]
    context.update(
        {
            "periods": periods,
            "period": period,
            "report": report,
            "chart": measure_chart(report, chart_id=f"measure-chart-{measure.pk}"),
            "figures": list(reversed(report.figures)),
            "comparators": [
                {"pk": c.pk, "name": c.name, "points": [(day, report.text(value)) for day, value in c.points]}
                for c in report.comparators
            ],
            "linked_actions": selectors.linked_actions(plan, period, previous, report.linked_action_ids),
            "to_enter": to_enter,
            "may_confirm": may_confirm,
            "own_figure": own_figure,
            "confirm_form": confirm_form or MeasureRatingConfirmForm(),
            "confirm_error": confirm_form is not None,
            "tolerance_text": _tolerance_text(measure),
        }
    )
    return render(request, "measures/measure_detail.html", context, status=status)


def _tolerance_text(measure: Measure) -> str:
    """The tolerance as a distance: a percentage's is in percentage points, not a percentage."""
    if measure.is_percent:
        points = format_figure(measure.tolerance, "number")
        return f"{points} percentage point{'' if points == '1' else 's'}"
    return format_figure(measure.tolerance, measure.unit)


def _trajectory_hint(measure: Measure, period: ReportingPeriod, row: selectors.FigureRow) -> str:
    """What "Use the rating the trajectory gives" means for this figure, in words."""
    tolerance = _tolerance_text(measure)
    when = row.refers_to or period.as_at
    if row.expected is None:
        return (
            f"Nothing is expected on {when:%-d %B %Y} (the trajectory starts later or has no points), so "
            "the figure is “Not rated”."
        )
    better = "higher" if measure.direction == trajectory.HIGHER else "lower"
    worse = "lower" if better == "higher" else "higher"
    text = (
        f"The trajectory expects {row.expected_text} on {when:%-d %B %Y}: Green at that or {better}, Amber "
        f"up to {tolerance} {worse}, Red beyond."
    )
    if row.computed_rag:
        text += f" The figure saved now gives {rag_label(row.computed_rag)}."
    return text


@member_required
def measure_figure(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """Enter or revise the measure's figure for a period (its lead, or a plan administrator). A fixed
    number of queries (the access checks and `selectors.measure_report`), whatever the number of figures."""
    measure = access.get_measure_for_user(request.user, pk)
    try:
        period = selectors.measure_period(measure, period_pk)
    except ReportingPeriod.DoesNotExist:
        raise Http404("No such reporting period in this measure's plan") from None
    refusal = access.value_refusal(request.user, measure, period)
    if refusal:
        return _refused(request, measure, period, refusal)
    report = selectors.measure_report(measure, period)
    row = report.current
    hint = _trajectory_hint(measure, period, row)
    if request.method == "POST":
        form = MeasureFigureForm(request.POST, measure=measure, trajectory_hint=hint)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = services.measure_value_record(
                    user=request.user,
                    measure=measure,
                    period=period,
                    refers_to=data["refers_to"],
                    value=data["value"],
                    numerator=data.get("numerator"),
                    denominator=data.get("denominator"),
                    source=data["source"],
                    commentary=data["commentary"],
                    rag=data["rag"] or None,
                )
            except PermissionDenied as exc:
                return _refused(request, measure, period, str(exc))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                verb = "updated" if row.has_figure else "recorded"
                state = "confirmed" if saved.is_confirmed else "awaiting confirmation"
                messages.success(
                    request,
                    f"Figure {verb} for {measure.name}, {period.name}: "
                    f"{format_figure(saved.value, measure.unit)} ({rag_label(saved.rag)}, {state}).",
                )
                return redirect(f"{measure.get_absolute_url()}?period={period.pk}")
    else:
        initial: dict[str, object] = {"refers_to": row.refers_to or period.as_at}
        if row.has_figure:
            # The typed figure is left blank when it was worked out, so the numerator and denominator decide.
            worked_out = row.numerator is not None and row.denominator is not None
            initial.update(
                {
                    "value": "" if worked_out else _plain(row.value),
                    "numerator": _plain(row.numerator),
                    "denominator": _plain(row.denominator),
                    "source": row.source,
                    "commentary": row.commentary,
                    "rag": row.proposed_rag if row.proposed_rag != row.computed_rag else "",
                }
            )
        form = MeasureFigureForm(initial=initial, measure=measure, trajectory_hint=hint)
    return render(
        request,
        "measures/figure_form.html",
        {
            "measure": measure,
            "plan": measure.plan,
            "period": period,
            "report": report,
            "row": row,
            "form": form,
            "rate": RATE_UNITS.get(measure.unit),
            "nav_current": NAV,
        },
    )


def _plain(number: Decimal | None) -> str:
    """A stored figure as a person would type it: 52.5, not 52.5000."""
    if number is None:
        return ""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _refused(request: HttpRequest, measure: Measure, period: ReportingPeriod, reason: str) -> HttpResponse:
    return render(
        request,
        "measures/figure_refused.html",
        {"measure": measure, "plan": measure.plan, "period": period, "reason": reason, "nav_current": NAV},
        status=403,
    )


@member_required
@require_POST
def measure_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The second key: confirm the figure's proposed rating, or another one with a reason (a POST).
    Bad input shows the measure page again with the error beside the form."""
    try:
        value = selectors.measure_value(pk)
    except MeasureValue.DoesNotExist:
        raise Http404("No such figure") from None
    measure = value.measure
    form = MeasureRatingConfirmForm(request.POST)
    if form.is_valid():
        try:
            confirmed = services.measure_value_confirm(
                user=request.user,
                measure_value=value,
                rag=form.cleaned_data["rag"] or None,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, confirmed.confirmation_message(f"{measure.name}, {value.period.name}"))
            return redirect(_next(request) or f"{measure.get_absolute_url()}?period={value.period_id}")
    return _render_detail(request, measure, period_pk=value.period_id, confirm_form=form)


def _next(request: HttpRequest) -> str | None:
    """Where the form asked to go back to (the plan's Ratings to confirm), if it is a page of this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
