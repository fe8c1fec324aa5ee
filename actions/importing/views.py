"""Importing a plan from a council's spreadsheet, and exporting a plan as a workbook."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from actions.plans import access as plan_access
from actions.plans.access import member_required
from sendplan.forms import add_errors

from . import access, selectors, services
from .export import plan_export as export_plan_xlsx
from .forms import ImportMappingForm, PlanImportForm
from .models import PlanImport
from .reader import max_upload_bytes

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@member_required
def plan_import_new(request: HttpRequest) -> HttpResponse:
    """Upload a council's plan spreadsheet as a new plan. Plan administrators only."""
    return _import_upload(request, plan=None)


@member_required
def plan_import_into(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an updated workbook into this plan: items are matched and updated in place."""
    plan_access.require_plan_admin(request.user, access.IMPORT_REFUSAL)
    return _import_upload(request, plan=plan_access.get_plan_for_user(request.user, pk))


def _import_upload(request: HttpRequest, *, plan) -> HttpResponse:
    plan_access.require_plan_admin(request.user, access.IMPORT_REFUSAL)
    posted = request.method == "POST"
    form = PlanImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        new_plan=plan is None,
        max_bytes=max_upload_bytes(),
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            record = services.plan_import_start(
                user=request.user,
                upload=data["file"],
                plan=plan,
                title=data.get("title", ""),
                local_area=data.get("local_area", ""),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return redirect(record)
    return render(
        request,
        "importing/import_upload.html",
        {
            "form": form,
            "plan": plan,
            "recent": selectors.recent_imports(plan),
            "nav_current": "actions:plan-list",
        },
    )


@member_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview (mapping, counts, first rows, names, problems), then progress, then the report."""
    record = access.get_import_for_user(request.user, pk)
    form = None
    if record.preview and record.state in {PlanImport.State.READY, PlanImport.State.UNREADABLE}:
        form = ImportMappingForm(request.POST if request.method == "POST" else None, preview=record.preview)
        if request.method == "POST" and form.is_valid():
            try:
                services.plan_import_remap(
                    user=request.user,
                    record=record,
                    sheet=form.cleaned_data.get("sheet", record.preview.get("sheet", "")),
                    overrides=form.overrides(),
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request, "Mapping changed: the preview below reads the file with your choices."
                )
                return redirect(record)
    elif request.method == "POST":
        messages.info(request, "This import is no longer in preview, so its mapping cannot be changed.")
        return redirect(record)
    return render(
        request,
        "importing/import_detail.html",
        {"record": record, "preview": record.preview or {}, "form": form, "nav_current": "actions:plan-list"},
    )


@member_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.get_import_for_user(request.user, pk)
    try:
        services.plan_import_confirm(user=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(record)


@member_required
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The import's progress, for the page to show without reloading. Queries: 4."""
    record = access.get_import_for_user(request.user, pk)
    return JsonResponse(
        {
            "state": record.state,
            "label": record.get_state_display(),
            "working": record.is_working,
            "done": record.done,
            "total": record.total,
            "percent": record.percent,
            "message": record.progress_message,
        }
    )


@member_required
def plan_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole plan, one column of statements per period, in a layout sendplan imports back."""
    plan = plan_access.get_plan_for_user(request.user, pk)
    response = HttpResponse(export_plan_xlsx(plan), content_type=XLSX_CONTENT_TYPE)
    filename = (
        f"{slugify(plan.local_area or plan.title)[:60] or 'plan'}-plan-{timezone.localdate():%Y-%m-%d}.xlsx"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
