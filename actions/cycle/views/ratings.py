"""The second key on RAG ratings, and moving an action's due date with a reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from actions.plans import access as plan_access
from actions.plans.access import member_required
from sendplan.forms import add_errors

from .. import access, extensions, selectors, services
from ..forms import DueDateForm, RatingConfirmForm
from ..models import Rag


def _ratings_scope(user, plan) -> set[int] | None:
    scope = access.confirmable_priorities(user, plan)
    if scope is not None and not scope:
        raise PermissionDenied(access.RATINGS_PAGE_REFUSAL)
    return scope


def _render_ratings(request, plan, scope, *, error_statement=None, error_form=None, status=200):
    page = selectors.ratings_to_confirm(plan, request.user, led_priorities=scope or set())
    subject = extensions.RatingsSubject(plan=plan, user=request.user, led_priorities=scope)
    return render(
        request,
        "cycle/ratings_to_confirm.html",
        {
            "page": page,
            "plan": plan,
            "rag_choices": Rag.choices,
            "extension_sections": extensions.sections_for("ratings", subject),
            "error_statement": error_statement,
            "form": error_form,
            "nav_current": "actions:plan-list",
        },
        status=status,
    )


@member_required
def ratings_to_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's proposed ratings this user may confirm, by priority, then the extensions' (the
    measures' figures). Queries: 7 (6 for a plan administrator), 1 more when measures' figures await
    confirmation, whatever the size of the plan."""
    plan = plan_access.get_plan_for_user(request.user, pk)
    scope = _ratings_scope(request.user, plan)
    return _render_ratings(request, plan, scope)


@member_required
@require_POST
def rating_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm a proposed rating, or confirm another one with a reason (a POST)."""
    statement = access.get_statement_for_user(request.user, pk)
    plan = statement.period.plan
    form = RatingConfirmForm(request.POST)
    if form.is_valid():
        try:
            confirmed = services.rating_confirm(
                user=request.user,
                statement=statement,
                rag=form.cleaned_data["rag"] or None,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            where = f"action {statement.action.ref or statement.action.pk}, {statement.period.name}"
            messages.success(request, confirmed.confirmation_message(where))
            return redirect(reverse("actions:ratings-to-confirm", args=[plan.pk]))
    # Bad input: the page again, with the error beside this statement's form.
    scope = _ratings_scope(request.user, plan)
    return _render_ratings(request, plan, scope, error_statement=statement.pk, error_form=form)


@member_required
def due_date_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the action's due date, with the reason. Queries: 6 for a lead (GET)."""
    action = access.get_action_for_due_date_change(request.user, pk)
    if request.method == "POST":
        form = DueDateForm(request.POST)
        if form.is_valid():
            old = action.due_date
            try:
                services.action_due_date_change(user=request.user, action=action, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                new = form.cleaned_data["due_date"]
                text = (
                    f"Due date moved from {old:%-d %B %Y} to {new:%-d %B %Y}."
                    if old
                    else f"Due date set to {new:%-d %B %Y}."
                )
                messages.success(request, text)
                return redirect(action)
    else:
        form = DueDateForm()
    return render(
        request,
        "cycle/due_date_form.html",
        {
            "action": action,
            "plan": action.objective.priority.plan,
            "form": form,
            "nav_current": "actions:action-list",
        },
    )
