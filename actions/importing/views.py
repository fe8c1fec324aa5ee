"""Importing a plan from a council's spreadsheet, and exporting a plan as a workbook."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from actions.plans import access as plan_access
from actions.plans.access import member_required
from sendplan.concurrency import AlreadyDone, Difference, EditConflict
from sendplan.forms import add_errors, show_conflict

from . import access, selectors, services
from .corrections import ROW_CHOICES
from .export import plan_export as export_plan_xlsx
from .forms import (
    ImportConfirmForm,
    ImportMappingForm,
    ImportPeriodForm,
    ImportRenameForm,
    ImportRowForm,
    PlanImportForm,
)
from .models import PlanImport
from .reader import max_upload_bytes

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@member_required
def plan_import_new(request: HttpRequest) -> HttpResponse:
    """Upload a council's plan spreadsheet as a new plan. Plan administrators only."""
    return _import_upload(request, plan=None)


@member_required
def plan_import_into(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an updated workbook into this plan: items are matched and updated in place.
    Queries: 5 (GET), whatever the size of the plan."""
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


def _in_preview(record: PlanImport) -> bool:
    return bool(record.preview) and record.state in {PlanImport.State.READY, PlanImport.State.UNREADABLE}


def _render_preview(
    request: HttpRequest, record: PlanImport, *, error_form=None, conflict=None, **bound
) -> HttpResponse:
    """The import page; in preview, with its forms (one of them bound, with errors, after a POST),
    or with an edit conflict (`conflict`: the context `show_conflict` made) above them."""
    preview = record.preview or {}
    context = {
        "record": record,
        "preview": preview,
        "preview_key": _preview_key(request, record, shows_request=bool(bound or error_form or conflict)),
        "form": None,
        "nav_current": "actions:plan-list",
        "preview_summary": preview_summary(preview),
        **(conflict or {}),
    }
    if _in_preview(record):
        failed_period = bound.get("period_form")
        # Made only when the template renders them: a cached preview has them already.
        context.update(
            form=bound.get("form")
            or SimpleLazyObject(lambda: ImportMappingForm(preview=preview, chosen_sheet=record.sheet)),
            row_form=bound.get("row_form") or ImportRowForm(),
            period_forms=SimpleLazyObject(
                lambda: [
                    failed_period
                    if failed_period is not None
                    and failed_period.statement_column["letter"] == column["letter"]
                    else ImportPeriodForm(column=column)
                    for column in preview.get("statement_columns", [])
                ]
            ),
            name_forms=SimpleLazyObject(
                lambda: [
                    bound.get(f"{kind}_form")
                    # "Rename or merge" beside a name links here with the name chosen (?person=...).
                    or ImportRenameForm(
                        kind=kind, names=preview.get(plural, []), chosen=request.GET.get(kind, "")
                    )
                    for kind, plural in services.NAME_KINDS.items()
                ]
            ),
            error_form=error_form,
        )
    return render(request, "importing/import_detail.html", context, status=409 if conflict else 200)


def _preview_key(request: HttpRequest, record: PlanImport, *, shows_request: bool) -> str:
    """What the preview shows, as a cache key: each reading of the file is a new version of the import
    (its preview stored once, on that version), and the plan's title shows in it. Empty, so not cached,
    when the page shows this request's own: a bound form, a conflict, or a name chosen to rename."""
    if shows_request or any(request.GET.get(kind) for kind in services.NAME_KINDS):
        return ""
    plan_title = record.plan.title if record.plan is not None else ""
    return f"{record.pk}:{record.version}:{record.state}:{plan_title}"


def preview_summary(preview: dict) -> str:
    """What confirming would import, in words: carried by the Confirm form, so a confirmation sent
    from a preview that has since been read differently can show what was checked beside what is now."""
    counts = preview.get("counts") or {}
    parts = [
        f"{counts.get(kind, 0)} {kind}" for kind in ("priorities", "objectives", "actions", "statements")
    ]
    return ", ".join(parts) + f"; {counts.get('dropped', 0)} cells of text not imported"


@member_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview (mapping, counts, first rows, names, problems), then progress, then the report.
    Queries: 4 for the preview (GET): it is stored data, so the same whatever the file or the plan holds."""
    record = access.get_import_for_user(request.user, pk)
    if request.method != "POST":
        return _render_preview(request, record)
    if not _in_preview(record):
        messages.info(request, services.NOT_IN_PREVIEW)
        return redirect(record)
    preview = record.preview or {}
    form = ImportMappingForm(request.POST, preview=preview, chosen_sheet=record.sheet)
    if form.is_valid():
        try:
            services.plan_import_remap(
                user=request.user,
                record=record,
                sheet=form.cleaned_data.get("sheet", record.sheet),
                overrides=form.overrides(),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Mapping changed: the preview below reads the file with your choices.")
            return redirect(record)
    return _render_preview(request, record, form=form, error_form=form)


def _correct(request: HttpRequest, record: PlanImport, form, form_key: str, change) -> HttpResponse:
    """Validate a correction's form, make it (`change` returns the success message), or show why not."""
    if form.is_valid():
        try:
            message = change(form.cleaned_data)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect(record)
    return _render_preview(request, record, error_form=form, **{form_key: form})


def _preview_or_back(request: HttpRequest, pk: int) -> tuple[PlanImport, HttpResponse | None]:
    record = access.get_import_for_user(request.user, pk)
    if _in_preview(record):
        return record, None
    messages.info(request, services.NOT_IN_PREVIEW)
    return record, redirect(record)


@member_required
@require_POST
def import_row(request: HttpRequest, pk: int) -> HttpResponse:
    """Read one row differently: as a heading, a header, an item or not at all; or as detected."""
    record, back = _preview_or_back(request, pk)
    if back:
        return back

    def change(data) -> str:
        services.plan_import_set_row(user=request.user, record=record, row=data["row"], choice=data["choice"])
        if not data["choice"]:
            return f"Row {data['row']} is read as sendplan detected it again."
        return f"Row {data['row']} is now read as {ROW_CHOICES[data['choice']].lower()}."

    return _correct(request, record, ImportRowForm(request.POST), "row_form", change)


@member_required
@require_POST
def import_period(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the reporting period of one position statement column."""
    record, back = _preview_or_back(request, pk)
    if back:
        return back
    letter = request.POST.get("column", "")
    columns = {c["letter"]: c for c in (record.preview or {}).get("statement_columns", [])}
    form = ImportPeriodForm(request.POST, column=columns.get(letter, {"letter": letter}))

    def change(data) -> str:
        services.plan_import_set_period(
            user=request.user, record=record, column=data["column"], name=data["name"], as_at=data["as_at"]
        )
        return f"Column {data['column']}'s statements are for {' '.join(data['name'].split())}."

    return _correct(request, record, form, "period_form", change)


@member_required
@require_POST
def import_name(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a person or partner the preview lists, or merge them into another."""
    record, back = _preview_or_back(request, pk)
    if back:
        return back
    kind = request.POST.get("kind", "")
    if kind not in services.NAME_KINDS:
        messages.error(request, "Choose whether the name is a person's or a partner's.")
        return redirect(record)
    names = (record.preview or {}).get(services.NAME_KINDS[kind], [])
    listed = {n["name"].lower() for n in names}

    def change(data) -> str:
        services.plan_import_rename(
            user=request.user, record=record, kind=kind, name=data["name"], new_name=data["new_name"]
        )
        new_name = " ".join(data["new_name"].split())
        if new_name.lower() in listed and new_name.lower() != data["name"].lower():
            return f"“{data['name']}” is merged into “{new_name}”."
        return f"“{data['name']}” is renamed “{new_name}”."

    form = ImportRenameForm(request.POST, kind=kind, names=names)
    return _correct(request, record, form, f"{kind}_form", change)


@member_required
@require_POST
def import_start_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget the choices made for this upload (remembered or not) and read it as detected."""
    record, back = _preview_or_back(request, pk)
    if back:
        return back
    try:
        services.plan_import_start_again(user=request.user, record=record)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, "Your choices were cleared: the preview reads the file as sendplan detected it."
        )
    return redirect(record)


@member_required
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Start the import (a POST from the preview's Confirm form, which carries the version checked)."""
    record = access.get_import_for_user(request.user, pk)
    form = ImportConfirmForm(request.POST)
    seen_version = form.seen_version() if form.is_valid() else None
    try:
        services.plan_import_confirm(user=request.user, record=record, seen_version=seen_version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except AlreadyDone as exc:
        messages.info(request, exc.message)
    except EditConflict as exc:
        checked = form.cleaned_data.get("summary", "") if form.is_valid() else ""
        now = (
            preview_summary(exc.current.preview or {}) if exc.current.state == PlanImport.State.READY else ""
        )
        differences = [Difference("What the import will save", now or "Being read again", checked)]
        conflict = show_conflict(form, exc, differences)
        return _render_preview(request, exc.current, conflict={**conflict, "confirm_form": form})
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
