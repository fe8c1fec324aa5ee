"""Who may write what in the termly cycle: statements, periods, reminders, ratings and due dates.

Officers write statements only on actions that they, or the organisation they work for, lead or
support, and only while the reporting period is open. Services call these too, so a write is
refused with the same reason whichever door it comes through.
"""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404

from actions.plans.access import is_involved, member_required, person_for, require_plan_admin
from actions.plans.models import Action, Plan, Priority
from actions.roles import AnyUser, role_for
from partners.models import Person

from .models import PositionStatement, ReportingPeriod


def get_period_for_action(action: Action, period_pk: int) -> ReportingPeriod:
    """A period of the action's own plan; any other is a 404, not a permission question."""
    return get_object_or_404(ReportingPeriod, pk=period_pk, plan_id=action.objective.priority.plan_id)


def statement_refusal(user: AnyUser, action: Action, period: ReportingPeriod) -> str | None:
    """Why this user may not record a statement on this action for this period (None: they may)."""
    role = role_for(user)
    if not role.can_record_statements:
        return "Only officers and plan administrators can record position statements."
    if period.plan_id != action.objective.priority.plan_id:
        return "That reporting period belongs to a different plan."
    if period.is_published:
        return (
            f"The {period.name} reporting period has been published, so its position statements are locked."
        )
    if action.is_archived:
        return "This action has been archived, so it no longer takes position statements."
    if role.is_plan_admin:
        return None
    if not period.is_open:
        return f"The {period.name} reporting period is closed for updates."
    if not is_involved(user, action):
        return (
            "You can only record position statements for actions that you or your organisation "
            "lead or support."
        )
    return None


def statement_writer_required[**P, R: HttpResponseBase](
    view: Callable[Concatenate[HttpRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R]:
    """Officers and plan administrators only: pages about writing statements."""

    @member_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        if not role_for(request.user).can_record_statements:
            raise PermissionDenied("Only officers and plan administrators record position statements.")
        return view(request, *args, **kwargs)

    return wrapper


PERIOD_ADMIN_REFUSAL = (
    "Only plan administrators open, close, publish and reopen reporting periods and send reminders."
)


def plan_admin_required[**P, R: HttpResponseBase](
    view: Callable[Concatenate[HttpRequest, P], R],
) -> Callable[Concatenate[HttpRequest, P], R]:
    """Plan administrators only (anyone else signed in is refused with the reason)."""

    @member_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        require_plan_admin(request.user, PERIOD_ADMIN_REFUSAL)
        return view(request, *args, **kwargs)

    return wrapper


def get_period_for_user(user: AnyUser, pk: int) -> ReportingPeriod:
    """A reporting period with its plan (every signed-in member reads every plan)."""
    return get_object_or_404(ReportingPeriod.objects.select_related("plan"), pk=pk)


def get_lead_for_period(period: ReportingPeriod, person_pk: int) -> Person:
    """A person who leads an action of the period's plan; anyone else is a 404 here."""
    return get_object_or_404(
        Person.objects.select_related("partner", "user")
        .filter(led_actions__objective__priority__plan_id=period.plan_id)
        .distinct(),
        pk=person_pk,
    )


CONFIRM_REFUSAL = "Only plan administrators and the priority's leads confirm RAG ratings."


RATINGS_PAGE_REFUSAL = (
    "Only plan administrators and the people named as a priority's leads confirm RAG ratings."
)


def led_priority_ids(user: AnyUser, plan: Plan | int | None = None) -> set[int]:
    """The priorities whose leads (Priority.lead_people) include this user's person. One query."""
    if not user.is_authenticated:
        return set()
    links = Priority.lead_people.through.objects.filter(person__user=user)
    if plan is not None:
        links = links.filter(priority__plan=plan)
    return set(links.values_list("priority_id", flat=True))


def confirmable_priorities(user: AnyUser, plan: Plan) -> set[int] | None:
    """The plan's priorities whose ratings this user confirms: None for all of them (a plan
    administrator), else those they lead, perhaps none (then the "Ratings to confirm" page is
    refused with RATINGS_PAGE_REFUSAL). One query, none for a plan administrator."""
    if role_for(user).is_plan_admin:
        return None
    if not role_for(user).has_role or role_for(user).is_read_only:
        return set()
    return led_priority_ids(user, plan)


ALREADY_CONFIRMED = "This rating has already been confirmed."


def confirm_refusal(
    user: AnyUser, statement: PositionStatement, *, led_priorities: set[int] | None = None
) -> str | None:
    """Why this user may not confirm the statement's rating (None: they may): the second key.

    Plan administrators and the leads of the action's priority confirm; never the statement's own
    author. Needs `statement.period` and `statement.action.objective`; `led_priorities` (from
    `led_priority_ids`) saves the query when checking many statements.
    """
    role = role_for(user)
    if not role.is_plan_admin:
        if not role.has_role or role.is_read_only:  # an adviser confirms nothing, whatever they lead
            return CONFIRM_REFUSAL
        if led_priorities is None:
            led_priorities = led_priority_ids(user)
        if statement.action.objective.priority_id not in led_priorities:
            return CONFIRM_REFUSAL
    if statement.period.is_published:
        return f"The {statement.period.name} reporting period has been published, so its ratings are locked."
    if statement.is_no_update:
        return "“No update” was written when the period closed: there is no rating to confirm."
    if statement.is_confirmed:
        return ALREADY_CONFIRMED
    if statement.author_id is not None and statement.author_id == user.pk:
        return "You wrote this position statement, so someone else must confirm its rating."
    return None


DUE_DATE_REFUSAL = "Only plan administrators and the action's lead people change its due date."


def due_date_refusal(user: AnyUser, action: Action) -> str | None:
    """Why this user may not move the action's due date (None: they may).

    Plan administrators, and officers named among the action's lead people. Reads
    `action.lead_people.all()`: prefetch it to save the query.
    """
    role = role_for(user)
    if not role.can_record_statements:
        return DUE_DATE_REFUSAL
    if action.is_archived:
        return "This action has been archived, so its due date no longer changes."
    if role.is_plan_admin:
        return None
    person = person_for(user)
    if person is None or all(lead.pk != person.pk for lead in action.lead_people.all()):
        return DUE_DATE_REFUSAL
    return None


def get_statement_for_user(user: AnyUser, pk: int) -> PositionStatement:
    """A statement with its period, plan, action and priority (every member reads every plan;
    `confirm_refusal` says whether they may confirm it)."""
    statements = PositionStatement.objects.select_related("period__plan", "action__objective__priority")
    return get_object_or_404(statements, pk=pk)


def get_action_for_due_date_change(user: AnyUser, pk: int) -> Action:
    """The action, with its plan and lead people, if this user may move its due date; else 403
    with the reason (`due_date_refusal`)."""
    action = get_object_or_404(
        Action.objects.select_related("objective__priority__plan").prefetch_related("lead_people"), pk=pk
    )
    refusal = due_date_refusal(user, action)
    if refusal:
        raise PermissionDenied(refusal)
    return action
