"""Every write a user can cause in the termly cycle. Views, commands and imports call these; nothing
else saves. Each checks who may do it (`actions/cycle/access.py`) before anything else."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from actions.plans.access import signed_in
from actions.plans.history import due_date_change_reason
from actions.plans.models import Action, Plan
from actions.plans.revisions import revisions_deferred
from actions.roles import AnyUser
from partners.models import Person
from sendplan.concurrency import AlreadyDone, check_version, person_name, time_text

from . import access, reminders
from .models import NO_UPDATE, PositionStatement, ReportingPeriod, rag_label


@transaction.atomic
def position_statement_record(
    *,
    user: AnyUser,
    action: Action,
    period: ReportingPeriod,
    rag: str,
    narrative: str,
    seen_version: int | None = None,
) -> PositionStatement:
    """Record (or revise) an action's statement for a period. History keeps every earlier version.

    The rating is a proposal (the first key): a new or changed statement awaits confirmation
    (`rating_confirm`), and stops being "carried forward" once its words or rating differ from the
    statement it repeated. Saving it unchanged keeps its author and any confirmation.

    Raises PermissionDenied with the reason when the user may not write it, ValidationError
    (per field) for a missing rating or narrative, and EditConflict when the form was opened on an
    older version (`seen_version`, 0 for none yet) and says something else; nothing is saved then.
    """

    refusal = access.statement_refusal(user, action, period)
    if refusal:
        raise PermissionDenied(refusal)
    user = signed_in(user)
    _lock_action(action)
    statement = PositionStatement.objects.select_for_update(of=("self",)).select_related(
        "carried_forward_from"
    ).filter(action=action, period=period).first() or PositionStatement(action=action, period=period)
    before = (statement.rag, statement.narrative) if statement.pk and not statement.is_no_update else None
    rag = rag or ""
    narrative = (narrative or "").strip()
    errors: dict[str, str] = {}
    if rag in ("", NO_UPDATE):  # "No update" is written by closing a period, never proposed by a lead
        errors["rag"] = "Select a RAG rating"
    if not narrative:
        errors["narrative"] = "Enter the position statement"
    if errors:
        raise ValidationError(errors)
    if before == (rag, narrative):  # saved as it stands (or Save pressed twice): nothing to record
        return statement
    check_version(statement, seen_version, user=user, what="this statement")
    carried = statement.carried_forward_from
    still_carried = carried is not None and (carried.rag, carried.narrative) == (rag, narrative)
    statement.propose(
        rag=rag, narrative=narrative, author=user, carried_forward_from=carried if still_carried else None
    )
    statement.full_clean()
    statement._history_user = user  # also right outside a request (commands, imports)
    statement.save()
    return statement


def _lock_action(action: Action) -> None:
    """Hold the action's row for the rest of the transaction. Two first saves of a statement have no
    statement row to lock: locking the action makes the second wait, then see the first's statement
    (an edit conflict) instead of inserting a duplicate."""
    list(Action.objects.select_for_update().filter(pk=action.pk).values_list("pk", flat=True))


NO_UPDATE_REASON = "Closed without a position statement: recorded as “No update”"


def _locked_period(period: ReportingPeriod) -> ReportingPeriod:
    return ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=period.pk)


def _date_text(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


@transaction.atomic
def period_open(
    *,
    user: AnyUser,
    plan: Plan,
    name: str,
    as_at: datetime.date | None,
    closes_on: datetime.date | None,
    today: datetime.date | None = None,
) -> ReportingPeriod:
    """Open a reporting period for updates: it opens today and its statements are due by `closes_on`.

    Refused (ValidationError, not on a field) while another period of the plan is open, naming it;
    field errors for a missing or repeated name or as-at date and for a deadline in the past.
    """

    user = access.require_plan_admin(user, access.PERIOD_ADMIN_REFUSAL)
    today = today or timezone.localdate()
    # Lock the plan row so two administrators opening periods at once cannot both succeed.
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    already_open = plan.periods.open().first()
    if already_open:
        raise ValidationError(
            f"{already_open.name} is still open for updates. Close it before opening another reporting "
            "period: a plan has one open period at a time."
        )
    name = (name or "").strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the reporting period"
    elif plan.periods.filter(name__iexact=name).exists():
        errors["name"] = f"This plan already has a reporting period called “{name}”"
    if as_at is None:
        errors["as_at"] = "Enter the date the position statements describe"
    else:
        same_day = plan.periods.filter(as_at=as_at).first()
        if same_day:
            errors["as_at"] = f"{same_day.name} is already as at {_date_text(as_at)}: choose another date"
    if closes_on is None:
        errors["closes_on"] = "Enter the date updates are due by"
    elif closes_on < today:
        errors["closes_on"] = "The date updates are due by must be today or in the future"
    if errors or as_at is None:  # (a missing as-at date is among the errors)
        raise ValidationError(errors)
    period = ReportingPeriod(
        plan=plan,
        name=name,
        as_at=as_at,
        opens_on=today,
        closes_on=closes_on,
        state=ReportingPeriod.State.OPEN,
    )
    period.full_clean()
    period._history_user = user
    period.save()
    return period


def _no_update_narrative(period: ReportingPeriod, today: datetime.date) -> str:
    if period.closes_on:
        return f"No position statement was given by the deadline, {_date_text(period.closes_on)}."
    return f"No position statement was given before the period closed on {_date_text(today)}."


@transaction.atomic
def period_close(*, user: AnyUser, period: ReportingPeriod) -> int:
    """Close an open period. Returns how many "No update" statements it wrote.

    Each live action already in the plan on the period's as-at date that has no statement in it
    gets one (author None: the system wrote it; confirmed: it is a fact, not a proposal), so
    dashboards and packs show "No update" for it. Written in bulk with their history, in the same
    transaction as the change of state.
    """

    user = access.require_plan_admin(user, access.PERIOD_ADMIN_REFUSAL)
    period = _locked_period(period)
    if not period.is_open:
        raise ValidationError(f"{period.name} is not open, so it cannot be closed.")
    now = timezone.now()
    narrative = _no_update_narrative(period, timezone.localdate())
    missing = (
        Action.objects.live()
        .for_plan(period.plan_id)
        .existing_at(period.as_at)
        .exclude(position_statements__period=period)
        .values_list("pk", flat=True)
    )
    no_updates = [
        PositionStatement(
            action_id=action_id,
            period=period,
            rag=NO_UPDATE,
            proposed_rag=NO_UPDATE,
            narrative=narrative,
            author=None,
            confirmed_at=now,
        )
        for action_id in missing
    ]
    bulk_create_with_history(
        no_updates,
        PositionStatement,
        batch_size=500,
        default_user=user,
        default_change_reason=NO_UPDATE_REASON,
    )
    period.state = ReportingPeriod.State.CLOSED
    period._history_user = user
    period.save()  # bumps the plan's revision (signals), which the bulk insert above does not
    return len(no_updates)


@transaction.atomic
def period_publish(*, user: AnyUser, period: ReportingPeriod) -> ReportingPeriod:
    """Publish a period (closing it first if it is open): its statements are then locked.

    Publishing a pack calls this. Publishing a published period changes nothing.
    """
    user = access.require_plan_admin(user, access.PERIOD_ADMIN_REFUSAL)
    period = _locked_period(period)
    if period.is_published:
        return period
    if period.is_open:
        period_close(user=user, period=period)
        period.refresh_from_db()
    period.state = ReportingPeriod.State.PUBLISHED
    period._history_user = user
    period.save()
    return period


@transaction.atomic
def period_reopen(
    *, user: AnyUser, period: ReportingPeriod, reason: str, closes_on: datetime.date | None = None
) -> ReportingPeriod:
    """Open a closed or published period again, for a recorded reason (the history's change reason).

    Deletes the "No update" statements closing wrote (each deletion kept in the history); closing
    again writes them for whatever is still missing. Packs already published never change.
    Refused while another period of the plan is open. `closes_on`: a new deadline, if given.
    """
    user = access.require_plan_admin(user, access.PERIOD_ADMIN_REFUSAL)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for reopening the reporting period"})
    period = _locked_period(period)
    if period.is_open:
        raise ValidationError(f"{period.name} is already open for updates.")
    other = period.plan.periods.open().exclude(pk=period.pk).first()
    if other:
        raise ValidationError(
            f"{other.name} is open for updates. Close it before reopening {period.name}: a plan has one "
            "open period at a time."
        )
    if closes_on is not None and period.opens_on and closes_on < period.opens_on:
        raise ValidationError(
            {
                "closes_on": f"The new deadline must be on or after {_date_text(period.opens_on)}, "
                "when updates opened"
            }
        )
    system_written = period.position_statements.closing_no_updates()
    # One by one so each deletion keeps its history row with who and why; the plan is bumped once,
    # by the period's save below.
    with revisions_deferred():
        for statement in system_written:
            statement._history_user = user
            statement._change_reason = f"Period reopened: {reason}"
            statement.delete()
    period.state = ReportingPeriod.State.OPEN
    if closes_on is not None:
        period.closes_on = closes_on
    period.full_clean()
    period._history_user = user
    period._change_reason = reason
    period.save()
    return period


@transaction.atomic
def period_deadline_change(
    *, user: AnyUser, period: ReportingPeriod, closes_on: datetime.date | None
) -> ReportingPeriod:
    """Move an open period's "updates due by" date. Reminders already sent are not sent again."""
    user = access.require_plan_admin(user, access.PERIOD_ADMIN_REFUSAL)
    period = _locked_period(period)
    if not period.is_open:
        raise ValidationError(f"{period.name} is not open, so its deadline cannot be changed.")
    if closes_on is None:
        raise ValidationError({"closes_on": "Enter the date updates are due by"})
    if period.opens_on and closes_on < period.opens_on:
        raise ValidationError(
            {
                "closes_on": f"The deadline must be on or after {_date_text(period.opens_on)}, "
                "when updates opened"
            }
        )
    period.closes_on = closes_on
    period.full_clean()
    period._history_user = user
    period.save()
    return period


@transaction.atomic
def period_settings_change(
    *,
    user: AnyUser,
    period: ReportingPeriod,
    name: str,
    as_at: datetime.date | None,
    closes_on: datetime.date | None,
    seen_version: int | None = None,
) -> ReportingPeriod:
    """Correct a period's name, as-at date or "updates due by" date (kept in its history).

    Not once published: packs were made from it. Field errors as when opening one; EditConflict
    when another administrator changed the period after this form was opened (`seen_version`);
    saving what is there already changes nothing.
    """
    user = access.require_plan_admin(user, access.PERIOD_ADMIN_REFUSAL)
    period = _locked_period(period)
    if period.is_published:
        raise ValidationError(
            f"{period.name} has been published, so its settings are locked: reopen it first to correct them."
        )
    name = (name or "").strip()
    if (name, as_at, closes_on) == (period.name, period.as_at, period.closes_on):
        return period
    check_version(period, seen_version, user=user, what="this reporting period")
    others = period.plan.periods.exclude(pk=period.pk)
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = "Enter a name for the reporting period"
    elif others.filter(name__iexact=name).exists():
        errors["name"] = f"This plan already has a reporting period called “{name}”"
    if as_at is None:
        errors["as_at"] = "Enter the date the position statements describe"
    else:
        same_day = others.filter(as_at=as_at).first()
        if same_day:
            errors["as_at"] = f"{same_day.name} is already as at {_date_text(as_at)}: choose another date"
    if closes_on is None:
        errors["closes_on"] = "Enter the date updates are due by"
    elif period.opens_on and closes_on < period.opens_on:
        errors["closes_on"] = (
            f"The date updates are due by must be on or after {_date_text(period.opens_on)}, "
            "when updates opened"
        )
    if errors or as_at is None:
        raise ValidationError(errors)
    period.name, period.as_at, period.closes_on = name, as_at, closes_on
    period.full_clean()
    period._history_user = user
    period.save()
    return period


def period_remind_person(
    *, user: AnyUser, period: ReportingPeriod, person: Person
) -> reminders.ManualOutcome:
    """A plan administrator's "Send reminder": one email to a lead about their actions still without a
    statement in this period. Returns the reminders module's outcome (what was sent, or why nothing)."""
    user = access.require_plan_admin(user, access.PERIOD_ADMIN_REFUSAL)
    if not period.is_open:
        raise ValidationError(f"{period.name} is not open for updates, so there is nothing to remind about.")
    return reminders.reminders_send_manual(user=user, period=period, person=person)


def person_reminders_set(*, user: AnyUser, person: Person | None, receives_reminders: bool) -> Person:
    """A person turns their reminder emails on or off. Only the person themselves (their own sign-in)."""
    if person is None or person.user_id != user.pk:
        raise PermissionDenied("You can only change your own reminder emails.")
    user = signed_in(user, "You can only change your own reminder emails.")
    person.receives_reminders = bool(receives_reminders)
    person._history_user = user
    person.save(update_fields=["receives_reminders", "updated_at"])
    return person


def _previous_statement(action: Action, period: ReportingPeriod) -> PositionStatement | None:
    """The action's latest statement before the period that a lead gave ("No update" is none)."""

    return (
        PositionStatement.objects.filter(action=action)
        .given()
        .before(period.as_at)
        .select_related("period")
        .first()
    )


@transaction.atomic
def position_statement_carry_forward(
    *, user: AnyUser, action: Action, period: ReportingPeriod
) -> PositionStatement:
    """ "No change since last period": this period's statement, copied from the latest earlier one.

    Marked as carried forward (`carried_forward_from`), and like any statement a lead writes, its
    rating is a proposal awaiting confirmation. It replaces nothing a person wrote: refused
    (ValidationError) when the period already has a statement, or when there is nothing to copy.
    Same access as recording (PermissionDenied with the reason).
    """
    refusal = access.statement_refusal(user, action, period)
    if refusal:
        raise PermissionDenied(refusal)
    user = signed_in(user)
    _lock_action(action)
    existing = PositionStatement.objects.select_for_update().filter(action=action, period=period).first()
    if existing is not None and not (existing.is_no_update and existing.author_id is None):
        raise ValidationError(
            f"This action already has a position statement for {period.name}, so there is nothing to "
            "carry forward: edit that statement instead."
        )
    previous = _previous_statement(action, period)
    if previous is None:
        raise ValidationError(
            f"This action has no position statement before {period.name} to carry forward: "
            "record a new one instead."
        )
    # Closing the period may have written "No update" here: carrying forward replaces it.
    statement = existing or PositionStatement(action=action, period=period)
    statement.propose(
        rag=previous.rag, narrative=previous.narrative, author=user, carried_forward_from=previous
    )
    statement.full_clean()
    statement._history_user = user
    statement._change_reason = f"No change since last period: carried forward from {previous.period.name}"
    statement.save()
    return statement


@transaction.atomic
def rating_confirm(
    *,
    user: AnyUser,
    statement: PositionStatement,
    rag: str | None = None,
    reason: str = "",
    seen_version: int | None = None,
) -> PositionStatement:
    """The second key: confirm the proposed rating, or confirm a different one with a reason.

    Both ratings are kept (`proposed_rag`, and `rag` in force) with the reason (`change_reason`);
    the history records "Rating confirmed" or "Rating changed from Amber to Red: <reason>".
    PermissionDenied with the reason for anyone `access.confirm_refusal` refuses (the author among
    them); ValidationError on "rag" or "reason" for bad input; AlreadyDone when it has been
    confirmed since (a second press); EditConflict when the lead changed the statement after the
    confirmer read it (`seen_version`). Nothing is saved in any of these cases.
    """

    statement = (
        PositionStatement.objects.select_for_update(of=("self",))
        .select_related("period", "action__objective")
        .get(pk=statement.pk)
    )
    refusal = access.confirm_refusal(user, statement)
    if refusal == access.ALREADY_CONFIRMED:
        assert statement.confirmed_at is not None
        confirmer = statement.confirmed_by  # read after the lock: a joined row is not read again after a wait
        who = "You" if confirmer is not None and confirmer.pk == user.pk else person_name(confirmer)
        raise AlreadyDone(
            f"{who} already confirmed this rating ({rag_label(statement.rag)}) at "
            f"{time_text(statement.confirmed_at)}: nothing more was done."
        )
    if refusal:
        raise PermissionDenied(refusal)
    user = signed_in(user)
    check_version(statement, seen_version, user=user, what="this statement", doing="confirming its rating")
    decision = statement.confirm(user=user, rag=rag, reason=reason, now=timezone.now())
    statement.full_clean()
    statement._history_user = user
    statement._change_reason = decision.history_reason
    statement.save()
    return statement


@transaction.atomic
def action_due_date_change(
    *,
    user: AnyUser,
    action: Action,
    due_date: datetime.date | None,
    reason: str,
    seen_version: int | None = None,
) -> Action:
    """Move an action's due date, with the reason kept as the history's change reason.

    `original_due_date` (the baseline) never changes here, so the action shows as re-baselined.
    Plan administrators and the action's lead people (`access.due_date_refusal`; PermissionDenied
    with the reason). ValidationError on "due_date" (missing, unchanged, before the start date) or
    on "reason" (missing while moving a date already set); EditConflict when the action changed
    since the form was opened (`seen_version`), unless it already has the date asked for (a second
    press of the button), which changes nothing.
    """
    refusal = access.due_date_refusal(user, action)
    if refusal:
        raise PermissionDenied(refusal)
    user = signed_in(user)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if seen_version is not None and seen_version != action.version and due_date == action.due_date:
        return action
    check_version(action, seen_version, user=user, what="this action")
    reason = (reason or "").strip()
    old = action.due_date
    errors: dict[str, str] = {}
    if due_date is None:
        errors["due_date"] = "Enter the new due date"
    elif due_date == old:
        errors["due_date"] = f"The action is already due on {_date_text(due_date)}: enter a different date"
    elif action.start_date and due_date < action.start_date:
        errors["due_date"] = (
            f"The due date must be on or after the action's start date, {_date_text(action.start_date)}"
        )
    if old is not None and not reason:
        errors["reason"] = "Enter why the due date is moving"
    if errors:
        raise ValidationError(errors)
    action.due_date = due_date
    action._history_user = user
    action._change_reason = due_date_change_reason(old, due_date, reason)
    action.save(update_fields=["due_date", "updated_at"])
    return action
