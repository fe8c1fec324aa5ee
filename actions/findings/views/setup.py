"""Recording inspections and findings and linking findings to what answers them: plan administrators
only (everyone else 403 with the reason). Each Save is one service call, all or nothing.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from actions.plans.access import get_action_for_user, get_plan_for_user, member_required, require_plan_admin
from actions.plans.models import Action, Objective
from sendplan.forms import add_errors

from .. import access, selectors, services
from ..forms import ActionFindingsForm, FindingForm, InspectionForm, LinkForm, PasteForm
from ..models import Finding, Inspection

NAV = "actions:plan-list"


def _admin(request: HttpRequest) -> None:
    require_plan_admin(request.user, access.FINDINGS_ADMIN_REFUSAL)


# --- Inspections -----------------------------------------------------------------------------------


@member_required
def inspection_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an inspection of the plan's local area. Queries: 4 (GET)."""
    _admin(request)
    plan = get_plan_for_user(request.user, pk)
    return _inspection_form(request, plan=plan, inspection=None)


@member_required
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an inspection's details. Queries: 4 (GET)."""
    _admin(request)
    inspection = access.get_inspection_for_user(request.user, pk)
    return _inspection_form(request, plan=inspection.plan, inspection=inspection)


def _inspection_form(request: HttpRequest, *, plan, inspection: Inspection | None) -> HttpResponse:
    if request.method == "POST":
        form = InspectionForm(request.POST)
        if form.is_valid():
            try:
                if inspection is None:
                    saved = services.inspection_create(
                        user=request.user, plan=plan, **form.inspection_fields()
                    )
                else:
                    saved = services.inspection_update(
                        user=request.user, inspection=inspection, **form.inspection_fields()
                    )
            except ValidationError as exc:
                errors = exc.message_dict
                if not form.cleaned_data["visit_end"] and "visit_start" in errors:
                    errors.pop("visit_end", None)  # left blank, so the first day: its error says it all
                add_errors(form, ValidationError(errors))
            else:
                messages.success(request, f"{saved} {'recorded' if inspection is None else 'saved'}.")
                return redirect("actions:inspection-detail", pk=saved.pk)
    else:
        form = InspectionForm(initial=InspectionForm.initial_for(inspection))
    return render(
        request,
        "findings/inspection_form.html",
        {"plan": plan, "inspection": inspection, "form": form, "nav_current": NAV},
    )


# --- Findings --------------------------------------------------------------------------------------


@member_required
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add one finding to an inspection. Queries: 5 (GET), whatever the number of findings."""
    _admin(request)
    inspection = access.get_inspection_for_user(request.user, pk)
    return _finding_form(request, inspection=inspection, finding=None)


@member_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a finding's reference, kind, text and the partners it is directed to. Queries: 6 (GET)."""
    _admin(request)
    finding = access.get_finding_for_user(request.user, pk)
    return _finding_form(request, inspection=finding.inspection, finding=finding)


def _finding_form(request: HttpRequest, *, inspection: Inspection, finding: Finding | None) -> HttpResponse:
    if request.method == "POST":
        form = FindingForm(request.POST, inspection=inspection)
        if form.is_valid():
            data = form.cleaned_data
            fields = {"reference": data["reference"], "kind": data["kind"], "text": data["text"]}
            try:
                if finding is None:
                    saved = services.finding_create(
                        user=request.user, inspection=inspection, partners=list(data["partners"]), **fields
                    )
                else:
                    saved = services.finding_update(
                        user=request.user, finding=finding, partners=list(data["partners"]), **fields
                    )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, f"Finding {saved.reference} saved.")
                return redirect("actions:finding-detail", pk=saved.pk)
    else:
        initial = (
            {
                "reference": finding.reference,
                "kind": finding.kind,
                "text": finding.text,
                "partners": list(finding.partners.all()),
            }
            if finding
            else {}
        )
        form = FindingForm(initial=initial, inspection=inspection)
    return render(
        request,
        "findings/finding_form.html",
        {
            "plan": inspection.plan,
            "inspection": inspection,
            "finding": finding,
            "form": form,
            "nav_current": NAV,
        },
    )


@member_required
def findings_paste(request: HttpRequest, pk: int) -> HttpResponse:
    """Add findings by pasting the report's list: "Preview" shows how it splits (reference, kind,
    text) and every problem by its line; "Record these findings" saves them all or none. Queries: 5
    (GET); a preview adds 1."""
    _admin(request)
    inspection = access.get_inspection_for_user(request.user, pk)
    preview = None
    if request.method == "POST":
        form = PasteForm(request.POST, inspection=inspection)
        if form.is_valid():
            data = dict(form.cleaned_data)  # add_errors drops a field from cleaned_data
            if "confirm" in request.POST:
                try:
                    saved = services.findings_paste(
                        user=request.user,
                        inspection=inspection,
                        text=data["text"],
                        default_kind=data["default_kind"],
                        partners=list(data["partners"]),
                    )
                except ValidationError as exc:
                    add_errors(form, exc)
                else:
                    count = len(saved)
                    messages.success(
                        request,
                        f"{count} finding{'s' if count != 1 else ''} recorded: "
                        + ", ".join(f.reference for f in saved)
                        + ".",
                    )
                    return redirect("actions:inspection-detail", pk=inspection.pk)
            preview = services.findings_paste_preview(
                inspection=inspection, text=data["text"], default_kind=data["default_kind"]
            )
    else:
        form = PasteForm(inspection=inspection)
    return render(
        request,
        "findings/findings_paste.html",
        {
            "plan": inspection.plan,
            "inspection": inspection,
            "form": form,
            "preview": preview,
            "nav_current": NAV,
        },
    )


# --- What answers a finding ------------------------------------------------------------------------


@member_required
def finding_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the objectives and actions that answer a finding: ticked, grouped by priority, and typed
    by ref. Links to another plan of the local area are kept. Queries: 8 (GET), whatever the number of
    actions."""
    _admin(request)
    finding = access.get_finding_for_user(request.user, pk)
    plan = finding.inspection.plan
    current_objectives = list(finding.objectives.select_related("priority__plan"))
    current_actions = list(finding.actions.select_related("objective__priority__plan"))
    # Links to another plan of the local area are not offered here, so they are kept as they are.
    elsewhere_objectives = [o for o in current_objectives if o.priority.plan_id != plan.pk]
    elsewhere_actions = [a for a in current_actions if a.objective.priority.plan_id != plan.pk]
    if request.method == "POST":
        form = LinkForm(request.POST, plan=plan)
        if form.is_valid():
            objectives = _keep(list(form.cleaned_data["objectives"]), elsewhere_objectives)
            actions = _keep(form.chosen_actions(), elsewhere_actions)
            try:
                services.finding_link(
                    user=request.user, finding=finding, objectives=objectives, actions=actions
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"{finding.reference} is answered by {_count(len(actions), 'action')} and "
                    f"{_count(len(objectives), 'objective')}.",
                )
                return redirect("actions:finding-detail", pk=finding.pk)
        objective_ids = set(_pks(request.POST.getlist("objectives")))
        action_ids = set(_pks(request.POST.getlist("actions")))
    else:
        form = LinkForm(plan=plan)
        objective_ids = {o.pk for o in current_objectives}
        action_ids = {a.pk for a in current_actions}
    return render(
        request,
        "findings/finding_link.html",
        {
            "plan": plan,
            "inspection": finding.inspection,
            "finding": finding,
            "form": form,
            "groups": selectors.link_choices(plan, objective_ids=objective_ids, action_ids=action_ids),
            "elsewhere_objectives": elsewhere_objectives,
            "elsewhere_actions": elsewhere_actions,
            "nav_current": NAV,
        },
    )


def _keep[T: (Objective, Action)](chosen: list[T], elsewhere: list[T]) -> list[T]:
    seen = {item.pk for item in chosen}
    return chosen + [item for item in elsewhere if item.pk not in seen]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _pks(raw: list[str]) -> list[int]:
    return [int(value) for value in raw if value.isdigit()]


@member_required
def action_findings(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the findings an action answers, from the action's side: any finding of its local area's
    inspections. Queries: 6 (GET), whatever the number of findings."""
    _admin(request)
    action = get_action_for_user(request.user, pk)
    plan = action.objective.priority.plan
    if request.method == "POST":
        form = ActionFindingsForm(request.POST)
        if form.is_valid():
            findings = list(form.cleaned_data["findings"])
            try:
                services.action_findings_set(user=request.user, action=action, findings=findings)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                count = len(findings)
                messages.success(
                    request,
                    f"Action {action.ref or action.pk} answers {count} finding{'s' if count != 1 else ''}.",
                )
                return redirect(reverse("actions:action-detail", args=[action.pk]) + "#findings")
        checked = set(_pks(request.POST.getlist("findings")))
    else:
        form = ActionFindingsForm()
        checked = set(action.findings.values_list("pk", flat=True))
    return render(
        request,
        "findings/action_findings.html",
        {
            "plan": plan,
            "action": action,
            "form": form,
            "groups": selectors.findings_for_local_area(plan.local_area, checked=checked),
            "nav_current": "actions:action-list",
        },
    )
