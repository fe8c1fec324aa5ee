"""The inspection findings' reading pages: the plan's inspections, an inspection and its findings, a
finding and what answers it, and the findings matrix, as at a reporting period (?period=, default
the latest).

Every member reads them; plan administrators see the links to record and link. Query budgets include
the session, the user and the role (3).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from actions.cycle.filters import parse_pk
from actions.cycle.models import ReportingPeriod
from actions.measures.selectors import NoReportingPeriod, chosen_period
from actions.plans.access import get_plan_for_user, member_required
from actions.plans.models import Plan
from actions.roles import role_for

from .. import access, selectors

NAV = "actions:plan-list"


def period_choice(request: HttpRequest, plan: Plan) -> tuple[list[ReportingPeriod], ReportingPeriod] | None:
    """The plan's periods and the one asked for by ?period= (default the latest): 404 for nonsense or
    another plan's period; None when the plan has no reporting period yet. One query."""
    raw = request.GET.get("period", "")
    period_pk = parse_pk(raw) if raw else None
    if raw and period_pk is None:
        raise Http404("No such reporting period")
    try:
        periods, period, _previous = chosen_period(plan, period_pk)
    except NoReportingPeriod:
        return None
    except ReportingPeriod.DoesNotExist:
        raise Http404("No such reporting period in this plan") from None
    return periods, period


def _period_context(chosen: tuple[list[ReportingPeriod], ReportingPeriod] | None) -> dict:
    if chosen is None:
        return {"periods": [], "period": None, "period_query": ""}
    periods, period = chosen
    return {
        "periods": periods,
        "period": period,
        "period_query": "" if period.pk == periods[-1].pk else f"?period={period.pk}",
    }


@member_required
def inspection_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The register: the plan's inspections with their findings counts. Queries: 5, whatever the
    number of inspections or findings."""
    plan = get_plan_for_user(request.user, pk)
    return render(
        request,
        "findings/inspection_list.html",
        {
            "plan": plan,
            "inspections": selectors.inspections_for_plan(plan),
            "is_plan_admin": role_for(request.user).is_plan_admin,
            "nav_current": NAV,
        },
    )


@member_required
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An inspection and its findings, each with what answers it and their RAG mix as at a period.
    Queries: 16 (`selectors.coverage` for this inspection), whatever the number of findings
    or actions."""
    inspection = access.get_inspection_for_user(request.user, pk)
    plan = inspection.plan
    chosen = period_choice(request, plan)
    context = {
        "inspection": inspection,
        "plan": plan,
        "is_plan_admin": role_for(request.user).is_plan_admin,
        "nav_current": NAV,
        **_period_context(chosen),
    }
    # Without a reporting period there are no ratings: the findings with how many items answer each.
    if chosen is None:
        context["rows"] = selectors.inspection_findings(inspection)
    else:
        context["rows"] = selectors.coverage(plan, chosen[1], inspection=inspection).findings
    return render(request, "findings/inspection_detail.html", context)


@member_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A finding, the partners it is directed to, the objectives and actions answering it with their
    leads, due dates and RAG as at a period, movement, overdue marks, its measures and warnings.
    Queries: 16 (`selectors.coverage` for its inspection), whatever the size of the plan."""
    finding = access.get_finding_for_user(request.user, pk)
    plan = finding.inspection.plan
    chosen = period_choice(request, plan)
    row = None
    if chosen is not None:
        result = selectors.coverage(plan, chosen[1], inspection=finding.inspection)
        row = next(r for r in result.findings if r.pk == finding.pk)
    return render(
        request,
        "findings/finding_detail.html",
        {
            "finding": finding,
            "inspection": finding.inspection,
            "plan": plan,
            "row": row,
            "partners": [] if row else sorted(p.name for p in finding.partners.all()),
            "is_plan_admin": role_for(request.user).is_plan_admin,
            "nav_current": NAV,
            **_period_context(chosen),
        },
    )


@member_required
def findings_matrix(request: HttpRequest, pk: int) -> HttpResponse:
    """The findings matrix: each finding of the plan's inspections, how many actions answer it, their
    RAG mix as at a period, overdue ones, and the warnings with a count of each. Queries: 17
    (`selectors.coverage`), whatever the number of findings or actions."""
    plan = get_plan_for_user(request.user, pk)
    chosen = period_choice(request, plan)
    context = {
        "plan": plan,
        "is_plan_admin": role_for(request.user).is_plan_admin,
        "nav_current": NAV,
        **_period_context(chosen),
    }
    inspections = selectors.inspections_for_plan(plan)
    context.update({"inspections": {i.pk: i for i in inspections}, "coverage": None})
    context["inspection_count"] = len(inspections)
    if chosen is not None:
        result = selectors.coverage(plan, chosen[1])
        context.update({"coverage": result, "counts": selectors.warning_counts(result)})
    return render(request, "findings/findings_matrix.html", context)
