"""Board dashboards. Every figure comes from reports.selectors; the views only choose and render."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from actions.access import get_plan_for_user, member_required
from actions.filters import parse_pk
from actions.models import ReportingPeriod

from . import charts, selectors


def _period_pk(request: HttpRequest) -> int | None:
    raw = request.GET.get("period", "")
    if not raw:
        return None
    pk = parse_pk(raw)
    if pk is None:
        raise Http404("No such reporting period")
    return pk


def _no_periods(request, plan) -> HttpResponse:
    return render(request, "reports/no_periods.html", {"plan": plan, "nav_current": "actions:plan-list"})


@member_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the plan stands as at a period, what moved, what is late. Queries: 10 + one per period."""
    plan = get_plan_for_user(request.user, pk)
    try:
        data = selectors.dashboard(plan, period_pk=_period_pk(request))
    except selectors.NoReportingPeriod:
        return _no_periods(request, plan)
    except ReportingPeriod.DoesNotExist:
        raise Http404("No such reporting period in this plan") from None
    return render(
        request,
        "reports/dashboard.html",
        {
            "dashboard": data,
            # Drawn only when the cached page body is missing.
            "charts": SimpleLazyObject(lambda: charts.for_dashboard(data)),
            "nav_current": "actions:plan-list",
        },
    )


@member_required
def accountability(request: HttpRequest, pk: int) -> HttpResponse:
    """RAG mix, overdue and missing updates by lead partner and lead person. Queries: 10."""
    plan = get_plan_for_user(request.user, pk)
    try:
        data = selectors.accountability(plan, period_pk=_period_pk(request))
    except selectors.NoReportingPeriod:
        return _no_periods(request, plan)
    except ReportingPeriod.DoesNotExist:
        raise Http404("No such reporting period in this plan") from None
    return render(
        request, "reports/accountability.html", {"report": data, "nav_current": "actions:plan-list"}
    )
