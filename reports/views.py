"""Board dashboards. Every figure comes from reports.selectors; the views only choose and render."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from actions.access import get_plan_for_user, member_required
from actions.filters import parse_pk
from actions.models import ReportingPeriod

from . import charts, selectors


def _report(request: HttpRequest, pk: int, build, template: str, context) -> HttpResponse:
    """Fetch the plan, build its report as at the chosen period, render; the shared part of each page."""
    plan = get_plan_for_user(request.user, pk)
    raw = request.GET.get("period", "")
    period_pk = parse_pk(raw) if raw else None
    if raw and period_pk is None:
        raise Http404("No such reporting period")
    try:
        data = build(plan, period_pk=period_pk)
    except selectors.NoReportingPeriod:
        return render(request, "reports/no_periods.html", {"plan": plan, "nav_current": "actions:plan-list"})
    except ReportingPeriod.DoesNotExist:
        raise Http404("No such reporting period in this plan") from None
    return render(request, template, {**context(data), "nav_current": "actions:plan-list"})


@member_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the plan stands as at a period, what moved, what is late. Queries: 10 + one per period."""
    return _report(
        request,
        pk,
        selectors.dashboard,
        "reports/dashboard.html",
        # Charts are drawn only when the cached page body is missing.
        lambda data: {"dashboard": data, "charts": SimpleLazyObject(lambda: charts.for_dashboard(data))},
    )


@member_required
def accountability(request: HttpRequest, pk: int) -> HttpResponse:
    """RAG mix, overdue and missing updates by lead partner and lead person. Queries: 10."""
    return _report(
        request, pk, selectors.accountability, "reports/accountability.html", lambda data: {"report": data}
    )
