"""Writing position statements: recording or revising one, and "No change since last period"."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from actions.plans import access as plan_access
from actions.plans.access import member_required
from sendplan.concurrency import Difference
from sendplan.forms import save_or_show

from .. import access, selectors, services
from ..access import statement_writer_required
from ..forms import PositionStatementForm
from ..models import rag_label


def _can_carry_forward(existing, previous) -> bool:
    """A previous statement to copy, and nothing a person wrote in this period to replace."""
    return previous is not None and (
        existing is None or (existing.is_no_update and existing.author_id is None)
    )


@member_required
def statement_form(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """Record or revise the action's statement for a period. Queries: 9 for an officer (GET)."""
    action = plan_access.get_action_for_user(request.user, pk)
    period = access.get_period_for_action(action, period_pk)
    refusal = access.statement_refusal(request.user, action, period)
    if refusal:
        return _refused(request, action, period, refusal)
    existing, previous = selectors.statement_for_form(action, period)
    written = existing if existing is not None and not existing.is_no_update else None
    conflict: dict = {}
    if request.method == "POST":
        form = PositionStatementForm(request.POST)
        if form.is_valid():
            save = partial(
                services.position_statement_record, user=request.user, action=action, period=period
            )
            try:
                statement, conflict = save_or_show(form, save, _differences)
            except PermissionDenied as exc:
                return _refused(request, action, period, str(exc))
            if statement is not None:
                verb = "updated" if written else "recorded"
                messages.success(
                    request,
                    f"Position statement {verb} for {action.ref or 'this action'}, {period.name}: "
                    f"{rag_label(statement.rag)}."
                    f"{'' if statement.is_confirmed else ' The rating awaits confirmation.'}",
                )
                return redirect(action)
    else:
        initial = {"rag": written.rag, "narrative": written.narrative} if written else {}
        form = PositionStatementForm(initial={**initial, "version": existing.version if existing else 0})
    return render(
        request,
        "cycle/statement_form.html",
        {
            "action": action,
            "period": period,
            "form": form,
            "existing": written,
            "previous": previous,
            "can_carry_forward": _can_carry_forward(existing, previous),
            "nav_current": "actions:action-list",
            "keep_theirs_url": action.get_absolute_url(),
            **conflict,
        },
        status=409 if conflict else 200,
    )


def _differences(saved, typed: dict) -> list[Difference]:
    """The statement saved in the meantime beside the one this person typed."""
    return [
        Difference("RAG rating", rag_label(saved.rag), rag_label(typed.get("rag"))),
        Difference("Position statement", saved.narrative, typed.get("narrative", "")),
    ]


@statement_writer_required
@require_POST
def statement_carry_forward(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    """ "No change since last period": copy the previous statement into this period (a POST)."""
    action = plan_access.get_action_for_user(request.user, pk)
    period = access.get_period_for_action(action, period_pk)
    try:
        statement = services.position_statement_carry_forward(user=request.user, action=action, period=period)
    except PermissionDenied as exc:
        return _refused(request, action, period, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_next(request) or action)
    previous = statement.carried_forward_from
    assert previous is not None  # what the service carried forward
    messages.success(
        request,
        f"No change since {previous.period.name}: the {period.name} position statement for "
        f"{action.ref or 'this action'} repeats it ({rag_label(statement.rag)}), awaiting confirmation.",
    )
    return redirect(_next(request) or action)


def _next(request: HttpRequest) -> str | None:
    """Where a form asked to go back to (My actions), if it is a page of this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None


def _refused(request, action, period, reason: str) -> HttpResponse:
    return render(
        request,
        "cycle/statement_refused.html",
        {"action": action, "period": period, "reason": reason},
        status=403,
    )
