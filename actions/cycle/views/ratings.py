"""The second key on RAG ratings, and moving an action's due date with a reason."""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from actions.plans import access as plan_access
from actions.plans.access import member_required
from sendplan.concurrency import AlreadyDone, Difference, EditConflict
from sendplan.forms import add_errors, save_or_show, show_conflict

from .. import access, extensions, selectors, services
from ..forms import DueDateForm, RatingConfirmForm
from ..models import Rag, rag_label


def _ratings_scope(user, plan) -> set[int] | None:
    scope = access.confirmable_priorities(user, plan)
    if scope is not None and not scope:
        raise PermissionDenied(access.RATINGS_PAGE_REFUSAL)
    return scope


def _ratings_url(plan, page: str | None) -> str:
    """The ratings page to go back to: the page the user confirmed from (a whole number), or the first."""
    url = reverse("actions:ratings-to-confirm", args=[plan.pk])
    return f"{url}?page={page}" if page and page.isdigit() and page != "1" else url


def _render_ratings(request, plan, scope, *, error_statement=None, error_form=None, status=200):
    # The page the user was on: the GET's, or the POST's hidden field when a form comes back with an error.
    number = request.POST.get("page") or request.GET.get("page")
    page = selectors.ratings_to_confirm(plan, request.user, led_priorities=scope or set(), page_number=number)
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
            # Not cached when a card shows an error: the form the reader sent back.
            "cards_key": "" if error_form is not None else page.cards_key,
            "nav_current": "actions:plan-list",
        },
        status=status,
    )


@member_required
def ratings_to_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's proposed ratings this user may confirm, by priority, a page at a time, then the
    extensions' (the measures' figures). Queries: 9 (8 for a plan administrator), 1 more when
    measures' figures await confirmation, whatever the size of the plan."""
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
        seen_version = form.seen_version()
        try:
            confirmed = services.rating_confirm(
                user=request.user,
                statement=statement,
                rag=form.cleaned_data["rag"] or None,
                reason=form.cleaned_data["reason"],
                seen_version=seen_version,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        except AlreadyDone as exc:
            messages.info(request, exc.message)
            return redirect(_ratings_url(plan, request.POST.get("page")) + f"#statement-{statement.pk}")
        except EditConflict as exc:
            return _rating_conflict(request, form, exc, seen_version)
        else:
            where = f"action {statement.action.ref or statement.action.pk}, {statement.period.name}"
            messages.success(request, confirmed.confirmation_message(where))
            return redirect(_ratings_url(plan, request.POST.get("page")))
    # Bad input: the page again, with the error beside this statement's form.
    scope = _ratings_scope(request.user, plan)
    return _render_ratings(request, plan, scope, error_statement=statement.pk, error_form=form)


def _rating_conflict(request, form, conflict: EditConflict, seen_version: int | None) -> HttpResponse:
    """The lead changed the statement after the confirmer read it: what they read beside what is
    there now, and the confirmation form again (their choice kept) for the statement as it now is."""
    statement = conflict.current
    seen = statement.history.filter(version=seen_version).first()
    differences = [
        Difference(
            "Proposed RAG rating", rag_label(statement.proposed_rag), rag_label(seen and seen.proposed_rag)
        ),
        Difference("Position statement", statement.narrative, seen.narrative if seen else ""),
    ]
    return render(
        request,
        "cycle/rating_conflict.html",
        {
            "statement": statement,
            "action": statement.action,
            "plan": statement.period.plan,
            "form": form,
            "rag_choices": Rag.choices,
            "yours_heading": "What you were confirming",
            "keep_theirs_url": reverse("actions:ratings-to-confirm", args=[statement.period.plan_id])
            + f"#statement-{statement.pk}",
            "nav_current": "actions:plan-list",
            **show_conflict(form, conflict, differences),
        },
        status=409,
    )


@member_required
def due_date_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the action's due date, with the reason. Queries: 6 for a lead (GET)."""
    action = access.get_action_for_due_date_change(request.user, pk)
    conflict: dict = {}
    if request.method == "POST":
        form = DueDateForm(request.POST)
        if form.is_valid():
            old = action.due_date
            save = partial(services.action_due_date_change, user=request.user, action=action)
            moved, conflict = save_or_show(form, save, _due_date_differences)
            if conflict:
                action = conflict["conflict"].current
            if moved is not None:
                new = form.cleaned_data["due_date"]
                text = (
                    f"Due date moved from {old:%-d %B %Y} to {new:%-d %B %Y}."
                    if old
                    else f"Due date set to {new:%-d %B %Y}."
                )
                messages.success(request, text)
                return redirect(action)
    else:
        form = DueDateForm(initial={"version": action.version})
    return render(
        request,
        "cycle/due_date_form.html",
        {
            "action": action,
            "plan": action.objective.priority.plan,
            "form": form,
            "nav_current": "actions:action-list",
            "keep_theirs_url": action.get_absolute_url(),
            **conflict,
        },
        status=409 if conflict else 200,
    )


def _due_date_differences(action, typed: dict) -> list[Difference]:
    """The due date (and why) as saved in the meantime, beside the one this person typed."""
    latest = action.history.order_by("-history_date", "-history_id").first()
    return [
        Difference("Due date", _day(action.due_date), _day(typed.get("due_date"))),
        Difference("Reason", (latest.history_change_reason or "") if latest else "", typed.get("reason", "")),
    ]


def _day(value) -> str:
    return f"{value:%-d %B %Y}" if value else "No due date"
