"""Board dashboards. Every figure comes from reports.selectors; the views only choose and render."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from actions.cycle.filters import parse_pk
from actions.cycle.models import ReportingPeriod
from actions.plans.access import get_plan_for_user, member_required
from sendplan.concurrency import AlreadyDone, Difference, EditConflict
from sendplan.forms import SeenVersionForm, add_errors, save_or_show

from . import access as pack_access
from . import charts, excel, pdf, selectors, services
from .forms import PackForm
from .models import Pack
from .monitoring import monitoring_data

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    """Where the plan stands as at a period, what moved, what is late, the impact measures and the
    inspection findings. Queries: 15, whatever the number of actions and reporting periods; 8 more
    when the plan has impact measures and 10 more (`coverage`) when it has inspection findings."""
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


@member_required
def priority_action_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The priority action plan workbook as at a period (the latest unless `?period=`): each inspection
    finding, then the actions answering it. Every member may download it, as the findings matrix shows
    the same. Queries: 18, whatever the number of findings and actions."""
    plan = get_plan_for_user(request.user, pk)
    raw = request.GET.get("period", "")
    period_pk = parse_pk(raw) if raw else None
    if raw and period_pk is None:
        raise Http404("No such reporting period")
    try:
        _periods, period, _previous = selectors.plan_periods(plan, period_pk)
    except selectors.NoReportingPeriod:
        raise Http404("This plan has no reporting periods yet") from None
    except ReportingPeriod.DoesNotExist:
        raise Http404("No such reporting period in this plan") from None
    content = excel.render_priority_action_plan(
        monitoring_data(plan, period, history=False),
        title=f"{plan.local_area}: priority action plan, {plan.title}",
        period_name=period.name,
    )
    response = HttpResponse(content, content_type=XLSX)
    name = f"{slugify(plan.local_area)}-priority-action-plan-{slugify(period.name)}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Packs -------------------------------------------------------------------------------------


@member_required
def pack_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's packs this user may see, newest first. Queries: 5."""
    plan = get_plan_for_user(request.user, pk)
    packs = pack_access.packs_for_user(request.user, plan).select_related("period", "published_by")
    return render(
        request, "reports/pack_list.html", {"plan": plan, "packs": packs, "nav_current": "actions:plan-list"}
    )


@member_required
def pack_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new draft pack. Plan administrators only."""
    pack_access.require_pack_author(request.user)
    plan = get_plan_for_user(request.user, pk)
    form = PackForm(request.POST or None, plan=plan, initial={"audience": Pack.Audience.BOARD})
    if request.method == "POST" and form.is_valid():
        try:
            pack = services.pack_create(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Draft pack created. Check the preview, then publish it.")
            return redirect(pack)
    return render(
        request,
        "reports/pack_form.html",
        {"plan": plan, "form": form, "pack": None, "nav_current": "actions:plan-list"},
    )


@member_required
def pack_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft's scope or cover text. Plan administrators only, before publishing."""
    pack_access.require_pack_author(request.user)
    pack = pack_access.get_pack_for_user(request.user, pk)
    if not pack.is_editable:
        raise PermissionDenied("This pack has been published, so it can no longer be changed.")
    form = PackForm(request.POST or None, plan=pack.plan, initial=_pack_initial(pack))
    conflict: dict = {}
    if request.method == "POST" and form.is_valid():
        save = partial(services.pack_update, user=request.user, pack=pack)
        saved, conflict = save_or_show(form, save, _pack_differences)
        if saved is not None:
            messages.success(request, "Pack saved.")
            return redirect(pack)
    return render(
        request,
        "reports/pack_form.html",
        {
            "plan": pack.plan,
            "form": form,
            "pack": pack,
            "nav_current": "actions:plan-list",
            "keep_theirs_url": pack.get_absolute_url(),
            **conflict,
        },
        status=409 if conflict else 200,
    )


def _pack_initial(pack) -> dict:
    return {
        "audience": pack.audience,
        "period": pack.period,
        "priorities": list(pack.priorities.all()),
        "version": pack.version,
        **{name: getattr(pack, name) for name in services.COVER_FIELDS},
    }


def _pack_differences(saved, typed: dict) -> list[Difference]:
    """The pack as saved in the meantime beside this person's form, field by field."""
    form = PackForm(plan=saved.plan)
    saved_values = _pack_initial(saved)

    def shown(name, value) -> str:
        if name == "audience":
            return dict(Pack.Audience.choices).get(value, value or "")
        if name == "priorities":
            return "; ".join(str(p.ref or p.title) for p in value) or "Every priority"
        return str(value or "")

    return [
        Difference(
            str(form.fields[name].label or name.capitalize()),
            shown(name, saved_values[name]),
            shown(name, typed.get(name)),
        )
        for name in ("audience", "period", "priorities", *services.COVER_FIELDS)
    ]


@member_required
def pack_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A pack's state, its downloads once published, and (for its author) preview and publish."""
    pack = pack_access.get_pack_for_user(request.user, pk)
    return render(request, "reports/pack_detail.html", {"pack": pack, "nav_current": "actions:plan-list"})


@member_required
def pack_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The pack as it would be published, as a web page. Plan administrators only. Queries: 16; 25
    when the pack has impact measures; for a plan with inspection findings, a board pack 13 more and
    a monitoring pack 15 more (`monitoring_data`: each action's rating in every period shown, read at
    once), whatever the number of actions and reporting periods."""
    pack_access.require_pack_author(request.user)
    pack = pack_access.get_pack_for_user(request.user, pk)
    if not pack.is_editable:
        messages.info(request, "This pack has been published: download the files as published.")
        return redirect(pack)
    data = pack.pack_data()
    return render(
        request,
        "reports/pack_preview.html",
        {"pack": pack, **pdf.body_context(data), "nav_current": "actions:plan-list"},
    )


@member_required
@require_POST
def pack_publish(request: HttpRequest, pk: int) -> HttpResponse:
    pack_access.require_pack_author(request.user)
    pack = pack_access.get_pack_for_user(request.user, pk)
    form = SeenVersionForm(request.POST)
    seen_version = form.seen_version() if form.is_valid() else None
    try:
        services.pack_publish(user=request.user, pack=pack, seen_version=seen_version)
    except AlreadyDone as exc:
        messages.info(request, exc.message)
    except EditConflict as exc:
        messages.error(request, f"{exc.message}. Check the preview again, then publish it.")
    else:
        messages.success(
            request, "Publishing started. The downloads appear on this page when they are ready."
        )
    return redirect(pack)


@member_required
def pack_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """The published file, exactly as published."""
    pack = pack_access.get_pack_for_user(request.user, pk)
    stored = {"pdf": pack.pdf, "xlsx": pack.xlsx}.get(fmt)
    if pack.state != Pack.State.PUBLISHED or not stored:
        raise Http404("This pack has not been published yet")
    return FileResponse(stored.open("rb"), as_attachment=True, filename=pack.file_name(fmt))
