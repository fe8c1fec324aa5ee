"""Every write about inspections and findings. Each checks who may do it first (plan administrators
only), validates everything before saving anything, runs in one transaction and keeps its history,
a finding's links to partners, objectives and actions included.

A finding is answered by objectives and actions of its plan, or of another plan of the same local
area (a monitoring inspection revisits findings a later plan answers); never by another local area's.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from actions.plans.access import require_plan_admin
from actions.plans.models import Action, Objective, Plan
from actions.plans.revisions import plans_touch, revisions_deferred
from actions.roles import AnyUser
from partners.models import Partner

from . import access, paste
from .models import KINDS_BY_FRAMEWORK, Finding, FindingKind, Framework, Inspection, kind_refusal

INSPECTION_FIELDS = {
    "kind",
    "framework",
    "visit_start",
    "visit_end",
    "outcome",
    "report_url",
    "published_on",
}
FINDING_FIELDS = {"kind", "reference", "text", "order"}


def _area(local_area: str) -> str:
    """A local area's name compared as people mean it: “Exampleshire ” is “exampleshire”."""
    return " ".join(local_area.split()).casefold()


# --- Inspections -----------------------------------------------------------------------------------


@transaction.atomic
def inspection_create(
    *,
    user: AnyUser,
    plan: Plan,
    visit_start: datetime.date | None,
    visit_end: datetime.date | None = None,
    kind: str = Inspection.Kind.FULL,
    framework: str = Framework.AREA_SEND_2023,
    outcome: str = "",
    report_url: str = "",
    published_on: datetime.date | None = None,
) -> Inspection:
    """Record an inspection of the plan's local area (plan administrators only). A visit of one day
    (an engagement meeting) may leave `visit_end` out. ValidationError per field; nothing saved."""
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    inspection = Inspection(plan=plan)
    return _inspection_save(
        user=user,
        inspection=inspection,
        fields={
            "kind": kind,
            "framework": framework,
            "visit_start": visit_start,
            "visit_end": visit_end if visit_end is not None else visit_start,
            "outcome": outcome,
            "report_url": report_url,
            "published_on": published_on,
        },
    )


@transaction.atomic
def inspection_update(*, user: AnyUser, inspection: Inspection, **fields: object) -> Inspection:
    """Change any of `inspection_create`'s fields. Changing the framework is refused while the
    inspection has findings of the other framework's kinds."""
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    unknown = set(fields) - INSPECTION_FIELDS
    if unknown:
        raise TypeError(f"Unknown inspection fields: {sorted(unknown)}")
    inspection = Inspection.objects.select_for_update().select_related("plan").get(pk=inspection.pk)
    framework = fields.get("framework", inspection.framework)
    if framework != inspection.framework:
        allowed = KINDS_BY_FRAMEWORK.get(str(framework), ())
        if Finding.objects.filter(inspection=inspection).exclude(kind__in=allowed).exists():
            raise ValidationError(
                {
                    "framework": f"{kind_refusal(str(framework))}: change the kind of this "
                    "inspection's findings first"
                }
            )
    return _inspection_save(user=user, inspection=inspection, fields=fields)


def _inspection_save(*, user: User, inspection: Inspection, fields: dict[str, object]) -> Inspection:
    errors: dict[str, str] = {}
    for name in ("outcome", "report_url"):
        if name in fields:
            fields[name] = " ".join(str(fields[name] or "").split())
    if "visit_start" in fields and fields["visit_start"] is None:
        errors["visit_start"] = "Enter the first day of the inspection visit"
    if "visit_end" in fields and fields["visit_end"] is None:
        errors["visit_end"] = "Enter the last day of the inspection visit"
    if errors:
        raise ValidationError(errors)
    changed = inspection.pk is None or any(getattr(inspection, k) != v for k, v in fields.items())
    if not changed:
        return inspection
    for name, value in fields.items():
        setattr(inspection, name, value)
    inspection.full_clean()
    inspection._history_user = user
    inspection.save()
    return inspection


# --- Findings --------------------------------------------------------------------------------------


def _check_reference(inspection: Inspection, reference: str, *, other_than: Finding | None = None) -> None:
    taken = Finding.objects.filter(inspection=inspection, reference__iexact=reference)
    if other_than is not None and other_than.pk:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        raise ValidationError({"reference": f"This inspection already has a finding {reference}"})


@transaction.atomic
def finding_create(
    *,
    user: AnyUser,
    inspection: Inspection,
    reference: str,
    text: str,
    kind: str = "",
    partners: Sequence[Partner] = (),
    order: int | None = None,
) -> Finding:
    """Record a finding of an inspection (plan administrators only). Without a kind, the reference
    says it (“API 1”: an area for priority action). Added last unless `order` is given.
    ValidationError per field; nothing saved."""
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    finding = Finding(inspection=inspection)
    if order is None:
        order = (Finding.objects.filter(inspection=inspection).aggregate(last=Max("order"))["last"] or 0) + 1
    return _finding_save(
        user=user,
        finding=finding,
        fields={"reference": reference, "text": text, "kind": kind, "order": order},
        partners=partners,
    )


@transaction.atomic
def finding_update(
    *, user: AnyUser, finding: Finding, partners: Sequence[Partner] | None = None, **fields: object
) -> Finding:
    """Change a finding's reference, kind, text or order and, if given, the partners it is directed to."""
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    unknown = set(fields) - FINDING_FIELDS
    if unknown:
        raise TypeError(f"Unknown finding fields: {sorted(unknown)}")
    finding = Finding.objects.select_for_update().select_related("inspection__plan").get(pk=finding.pk)
    return _finding_save(user=user, finding=finding, fields=fields, partners=partners)


def _finding_save(
    *, user: User, finding: Finding, fields: dict[str, object], partners: Sequence[Partner] | None
) -> Finding:
    errors: dict[str, str] = {}
    if "reference" in fields:
        fields["reference"] = paste.normalise_reference(str(fields["reference"] or ""))
        if not fields["reference"]:
            errors["reference"] = "Enter the finding's reference, as in the report, for example “API 1”"
    if "text" in fields:
        fields["text"] = str(fields["text"] or "").strip()
        if not fields["text"]:
            errors["text"] = "Enter the finding's text"
    if "kind" in fields and not fields["kind"]:
        fields["kind"] = paste.kind_of_reference(str(fields.get("reference", finding.reference) or ""))
        if not fields["kind"]:
            errors["kind"] = "Choose the kind of finding"
    if "kind" in fields and fields["kind"] and fields["kind"] not in FindingKind.values:
        errors["kind"] = "Choose the kind of finding"
    if errors:
        raise ValidationError(errors)
    if "reference" in fields:
        _check_reference(finding.inspection, str(fields["reference"]), other_than=finding)
    changed = finding.pk is None or any(getattr(finding, k) != v for k, v in fields.items())
    for name, value in fields.items():
        setattr(finding, name, value)
    if changed:
        finding.full_clean()
        finding._history_user = user
        finding.save()
    if partners is not None and {p.pk for p in partners} != set(
        finding.partners.values_list("pk", flat=True)
    ):
        finding._history_user = user
        finding.partners.set(partners)
    return finding


@transaction.atomic
def finding_delete(*, user: AnyUser, finding: Finding) -> None:
    """Remove a finding (plan administrators only); its history keeps it, links included."""
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    finding._history_user = user
    finding._change_reason = "Finding removed"
    finding.delete()


def findings_paste_preview(*, inspection: Inspection, text: str, default_kind: str = "") -> paste.Preview:
    """What pasting `text` under the inspection would record, and its problems (no writes). One query."""
    taken = Finding.objects.filter(inspection=inspection).values_list("reference", flat=True)
    return paste.split_findings(
        text, framework=inspection.framework, default_kind=default_kind, taken=list(taken)
    )


@transaction.atomic
def findings_paste(
    *,
    user: AnyUser,
    inspection: Inspection,
    text: str,
    default_kind: str = "",
    partners: Sequence[Partner] = (),
) -> list[Finding]:
    """Record every finding in pasted `text` (`paste.split_findings`), directed to `partners` if
    given, after the inspection's findings: all or nothing (plan administrators only).

    ValidationError on "text" listing every problem, each naming its line; nothing saved then.
    """
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    if default_kind and default_kind not in inspection.finding_kinds:
        raise ValidationError({"default_kind": kind_refusal(inspection.framework)})
    preview = findings_paste_preview(inspection=inspection, text=text, default_kind=default_kind)
    if not preview.ok:
        raise ValidationError({"text": preview.problems})
    last = Finding.objects.filter(inspection=inspection).aggregate(last=Max("order"))["last"] or 0
    saved = []
    # One revision bump for the whole paste rather than several per finding.
    with revisions_deferred():
        for offset, pasted in enumerate(preview.findings, start=1):
            finding = Finding(
                inspection=inspection,
                reference=pasted.reference,
                kind=pasted.kind,
                text=pasted.text,
                order=last + offset,
            )
            finding.full_clean()
            finding._history_user = user
            finding._change_reason = "Pasted with other findings"
            finding.save()
            if partners:
                finding._history_user = user
                finding.partners.set(partners)
            saved.append(finding)
    plans_touch([inspection.plan_id])
    return saved


# --- What answers a finding ------------------------------------------------------------------------


def _foreign(local_area: str, items: Iterable[Objective | Action], what: str) -> str | None:
    """The refusal for the first objective or action of another local area's plan (None: all fit)."""
    for item in items:
        plan = item.priority.plan if isinstance(item, Objective) else item.objective.priority.plan
        if _area(plan.local_area) != _area(local_area):
            ref = f" {item.ref}" if item.ref else ""
            return (
                f"{what}{ref} belongs to {plan.title}, a plan of {plan.local_area}: a finding about "
                f"{local_area} can only be answered by {local_area}'s plans"
            )
    return None


def link_refusals(
    local_area: str, *, objectives: Iterable[Objective] = (), actions: Iterable[Action] = ()
) -> dict[str, str]:
    """Per field ("objectives", "actions"), why the items may not answer a finding about
    `local_area` (empty: they all may). Reads each item's plan: select_related it."""
    errors = {}
    for name, items, what in (("objectives", objectives, "Objective"), ("actions", actions, "Action")):
        problem = _foreign(local_area, items, what)
        if problem:
            errors[name] = problem
    return errors


def _loaded[T: (Objective, Action)](model: type[T], items: Sequence[T]) -> list[T]:
    """The items again with their plans, in one query, so the local-area check reads no stale plan."""
    if not items:
        return []
    path = "priority__plan" if model is Objective else "objective__priority__plan"
    found = model.objects.select_related(path).in_bulk([item.pk for item in items])
    return [found[item.pk] for item in items if item.pk in found]


def _plans_of(objectives: Iterable[Objective], actions: Iterable[Action]) -> set[int]:
    return {o.priority.plan_id for o in objectives} | {a.objective.priority.plan_id for a in actions}


@transaction.atomic
def finding_link(
    *,
    user: AnyUser,
    finding: Finding,
    objectives: Sequence[Objective] | None = None,
    actions: Sequence[Action] | None = None,
) -> Finding:
    """Set the objectives and actions that answer a finding (those given replace the old; None leaves
    them). Refused for an objective or action of another local area's plan; another plan of the same
    local area may answer it. Each change of links is a historical record of the finding."""
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    finding = (
        Finding.objects.select_for_update(of=("self",)).select_related("inspection__plan").get(pk=finding.pk)
    )
    local_area = finding.inspection.plan.local_area
    loaded_objectives = _loaded(Objective, objectives) if objectives is not None else None
    loaded_actions = _loaded(Action, actions) if actions is not None else None
    errors = link_refusals(local_area, objectives=loaded_objectives or (), actions=loaded_actions or ())
    if errors:
        raise ValidationError(errors)
    touched: set[int] = set()
    for name, items, plan_path in (
        ("objectives", loaded_objectives, "priority__plan_id"),
        ("actions", loaded_actions, "objective__priority__plan_id"),
    ):
        if items is None:
            continue
        manager = getattr(finding, name)
        before = dict(manager.values_list("pk", plan_path))
        if {item.pk for item in items} == set(before):
            continue
        finding._history_user = user
        manager.set(items)
        touched |= set(before.values()) | _plans_of(*_split(items))
    # The finding's plan is bumped by the links' own signal; another plan answering it is bumped here.
    touched.discard(finding.inspection.plan_id)
    if touched:
        plans_touch(touched)
    return finding


def _split(items: Sequence[Objective | Action]) -> tuple[list[Objective], list[Action]]:
    return [i for i in items if isinstance(i, Objective)], [i for i in items if isinstance(i, Action)]


def _findings_set(*, user: User, item: Objective | Action, findings: Sequence[Finding], field: str) -> None:
    """Make `item` answer exactly `findings`, changing each finding's links from the finding's side,
    so each finding gets its own historical record (simple-history records the side it tracks)."""
    plan = item.priority.plan if isinstance(item, Objective) else item.objective.priority.plan
    wanted = list(Finding.objects.select_related("inspection__plan").filter(pk__in=[f.pk for f in findings]))
    what = "Objective" if isinstance(item, Objective) else "Action"
    for finding in wanted:
        area = finding.inspection.plan.local_area
        if _area(area) != _area(plan.local_area):
            ref = f" {item.ref}" if item.ref else ""
            raise ValidationError(
                {
                    "findings": f"{finding.reference} is a finding about {area}: {what.lower()}{ref} of "
                    f"{plan.title} ({plan.local_area}) cannot answer it"
                }
            )
    current = list(
        Finding.objects.select_related("inspection__plan")
        .filter(**{field: item})
        .select_for_update(of=("self",))
    )
    wanted_ids = {f.pk for f in wanted}
    current_ids = {f.pk for f in current}
    touched: set[int] = set()
    for finding in wanted:
        if finding.pk not in current_ids:
            finding._history_user = user
            getattr(finding, field).add(item)
            touched.add(finding.inspection.plan_id)
    for finding in current:
        if finding.pk not in wanted_ids:
            finding._history_user = user
            getattr(finding, field).remove(item)
            touched.add(finding.inspection.plan_id)
    # The findings' plans are bumped by the links' own signal; the item's plan may be another.
    if touched and plan.pk not in touched:
        plans_touch([plan.pk])


@transaction.atomic
def action_findings_set(*, user: AnyUser, action: Action, findings: Sequence[Finding]) -> None:
    """Set the findings an action answers, from the action's side (plan administrators only): the
    same action may answer findings of several inspections, of any plan of its local area.
    ValidationError on "findings" for a finding about another local area; nothing saved then."""
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    action = Action.objects.select_related("objective__priority__plan").get(pk=action.pk)
    _findings_set(user=user, item=action, findings=findings, field="actions")


@transaction.atomic
def objective_findings_set(*, user: AnyUser, objective: Objective, findings: Sequence[Finding]) -> None:
    """Set the findings an objective answers, from the objective's side (as `action_findings_set`)."""
    user = require_plan_admin(user, access.FINDINGS_ADMIN_REFUSAL)
    objective = Objective.objects.select_related("priority__plan").get(pk=objective.pk)
    _findings_set(user=user, item=objective, findings=findings, field="objectives")
