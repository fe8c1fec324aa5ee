"""Plan pages and the statement form. Each view checks access, calls one selector or service, renders.

The query budget in each docstring (session, user and role included) is asserted by
tests/actions/test_query_budget.py at 10 and 500 actions.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from . import access, selectors, services
from .access import member_required, statement_writer_required
from .forms import ImportMappingForm, PlanImportForm, PositionStatementForm, add_errors
from .importing.export import plan_export as export_plan_xlsx
from .importing.reader import max_upload_bytes
from .models import PlanImport, rag_label
from .roles import role_for

ACTIONS_PER_PAGE = 50
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@member_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's next step. Queries: 10."""
    role = role_for(request.user)
    person = access.person_for(request.user)
    page = selectors.home(person, with_my_actions=role.is_officer)
    return render(request, "home.html", {"page": page, "person": person})


@member_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """Queries: 5."""
    return render(request, "actions/plan_list.html", {"plans": selectors.plan_list()})


@member_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as a tree with every action's current RAG. Queries: 12."""
    plan = access.get_plan_for_user(request.user, pk)
    return render(
        request,
        "actions/plan_detail.html",
        {"page": selectors.plan_detail(plan), "nav_current": "actions:plan-list"},
    )


@member_required
def action_list(request: HttpRequest) -> HttpResponse:
    """Filtered, paginated actions. Queries: 14, plus one per chosen model filter; a period adds 2."""
    page = selectors.action_list(request.GET)
    paginator = Paginator(page.actions, ACTIONS_PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "actions/action_list.html", {"page": page, "page_obj": page_obj})


@member_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An action and its timeline of position statements. Queries: 14."""
    action = access.get_action_for_user(request.user, pk)
    page = selectors.action_detail(action.pk)
    writable = {
        period.pk
        for period in page.open_periods
        if access.statement_refusal(request.user, page.action, period) is None
    }
    return render(
        request,
        "actions/action_detail.html",
        {"page": page, "writable_periods": writable, "nav_current": "actions:action-list"},
    )


@member_required
def action_changes(request: HttpRequest, pk: int) -> HttpResponse:
    """Field-level history of the action and its statements. Queries: 12."""
    action = access.get_action_for_user(request.user, pk)
    return render(
        request,
        "actions/action_changes.html",
        {
            "action": action,
            "entries": selectors.action_changes(action),
            "nav_current": "actions:action-list",
        },
    )


@statement_writer_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """The actions the signed-in person leads or supports. Queries: 8."""
    person = access.person_for(request.user)
    return render(
        request, "actions/my_actions.html", {"sections": selectors.my_actions(person), "person": person}
    )


@member_required
def statement_form(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """Record or revise the action's statement for a period. Queries: 12 (GET)."""
    action = access.get_action_for_user(request.user, pk)
    period = access.get_period_for_action(action, period_pk)
    refusal = access.statement_refusal(request.user, action, period)
    if refusal:
        return _refused(request, action, period, refusal)
    existing, previous = selectors.statement_and_previous(action, period)
    if request.method == "POST":
        form = PositionStatementForm(request.POST)
        if form.is_valid():
            try:
                statement = services.position_statement_record(
                    user=request.user, action=action, period=period, **form.cleaned_data
                )
            except PermissionDenied as exc:
                return _refused(request, action, period, str(exc))
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                verb = "updated" if existing else "recorded"
                messages.success(
                    request,
                    f"Position statement {verb} for {action.ref or 'this action'}, {period.name}: "
                    f"{rag_label(statement.rag)}.",
                )
                return redirect(action)
    else:
        initial = {"rag": existing.rag, "narrative": existing.narrative} if existing else {}
        form = PositionStatementForm(initial=initial)
    return render(
        request,
        "actions/statement_form.html",
        {
            "action": action,
            "period": period,
            "form": form,
            "existing": existing,
            "previous": previous,
            "nav_current": "actions:action-list",
        },
    )


def _refused(request, action, period, reason: str) -> HttpResponse:
    return render(
        request,
        "actions/statement_refused.html",
        {"action": action, "period": period, "reason": reason},
        status=403,
    )


# --- Import and export --------------------------------------------------------------------------


@member_required
def plan_import_new(request: HttpRequest) -> HttpResponse:
    """Upload a council's plan spreadsheet as a new plan. Plan administrators only."""
    return _import_upload(request, plan=None)


@member_required
def plan_import_into(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload an updated workbook into this plan: items are matched and updated in place."""
    access.require_plan_admin(request.user, access.IMPORT_REFUSAL)
    return _import_upload(request, plan=access.get_plan_for_user(request.user, pk))


def _import_upload(request: HttpRequest, *, plan) -> HttpResponse:
    access.require_plan_admin(request.user, access.IMPORT_REFUSAL)
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
        "actions/import_upload.html",
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
        "actions/import_detail.html",
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
    plan = access.get_plan_for_user(request.user, pk)
    response = HttpResponse(export_plan_xlsx(plan), content_type=XLSX_CONTENT_TYPE)
    filename = (
        f"{slugify(plan.local_area or plan.title)[:60] or 'plan'}-plan-{timezone.localdate():%Y-%m-%d}.xlsx"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
