"""The termly cycle: reporting periods, the position statements leads write in them, and reminders.

An action's RAG "as at" a date is always its latest statement on or before that date, worked out in
the database (`ActionStatusQuerySet`), never by looping over statements in Python.
The tables are the `actions` app's (`app_label`), as they have been since the first migration.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from simple_history.models import HistoricalRecords

from actions.plans.models import SLIPPED, Action, ActionQuerySet, Plan, flag, in_plan_by
from partners.models import Person
from sendplan.concurrency import Versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Rag(models.TextChoices):
    """The RAG ratings a position statement can carry. "No update" is the absence of a statement."""

    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    NOT_RATED = "not_rated", "Not rated"

    @property
    def definition(self) -> str:
        return RAG_DEFINITIONS[self.value]


RAG_DEFINITIONS: dict[str, str] = {
    Rag.RED: "Off track: the action will not be delivered on time without intervention from the board.",
    Rag.AMBER: "Some risk or slippage: delivery is at risk but recovery is being managed.",
    Rag.GREEN: "On track: progressing as planned and expected to be delivered by the due date.",
    Rag.BLUE: "Complete: the action has been delivered and its success measures met.",
    Rag.NOT_RATED: "An update has been given without a rating.",
}


class Movement(models.TextChoices):
    """How an action's rating moved between two reporting periods (Red < Amber < Green < Blue)."""

    IMPROVED = "improved", "Improved"
    WORSENED = "worsened", "Worsened"
    UNCHANGED = "unchanged", "Unchanged"
    NEW = "new", "New"


# Rank for movement: "Not rated" has none, so a change to or from it counts as unchanged.
RAG_RANK: dict[str, int] = {Rag.RED: 1, Rag.AMBER: 2, Rag.GREEN: 3, Rag.BLUE: 4}


def movement_between(current: str | None, previous: str | None) -> str:
    """The one definition of movement: "" when there is no rating now, "new" when there was none.

    A "No update" statement (written when a period closes) is no rating, like no statement at all.
    """
    if current is None or current == NO_UPDATE:
        return ""
    if previous is None or previous == NO_UPDATE:
        return Movement.NEW
    now, before = RAG_RANK.get(current), RAG_RANK.get(previous)
    if now is None or before is None or now == before:
        return Movement.UNCHANGED
    return Movement.IMPROVED if now > before else Movement.WORSENED


def is_newly_red(current: str | None, previous: str | None) -> bool:
    """Red now and not before (no statement or "No update" before counts as not Red)."""
    return current == Rag.RED and previous != Rag.RED


def is_red_streak(current: str | None, previous: str | None) -> bool:
    """Red in this period and the one before: the board escalates these."""
    return current == Rag.RED and previous == Rag.RED


NO_UPDATE = "no_update"
NO_UPDATE_LABEL = "No update"
NO_UPDATE_DEFINITION = "No position statement has been recorded yet."


# What a statement can carry: an officer's ratings, plus "No update", which only closing a period
# writes (for each action whose lead gave no statement by then).
STATEMENT_RAG_CHOICES = [*Rag.choices, (NO_UPDATE, NO_UPDATE_LABEL)]


def rag_label(value: str | None) -> str:
    """Word for a RAG value, including the "No update" of an action with no statement."""
    if not value or value == NO_UPDATE:
        return NO_UPDATE_LABEL
    return Rag(value).label


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self) -> Self:
        return self.filter(state=ReportingPeriod.State.OPEN)


class ReportingPeriod(Versioned):
    """A term's reporting round. Statements are written while it is open and frozen once published."""

    class State(models.TextChoices):
        OPEN = "open", "Open for updates"
        CLOSED = "closed", "Closed"
        PUBLISHED = "published", "Published"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    name = models.CharField(max_length=100, help_text="For example “Spring term 2026”.")
    as_at = models.DateField("as at", help_text="The date the position statements describe.")
    opens_on = models.DateField("updates open", null=True, blank=True)
    closes_on = models.DateField("updates due by", null=True, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)

    history = HistoricalRecords()
    # Set before a save or delete, simple-history records who made the change and why (as on Action).
    _history_user: "User | None"
    _change_reason: str

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        app_label = "actions"
        ordering = ["plan", "as_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="period_name_unique_in_plan"),
            models.UniqueConstraint(fields=["plan", "as_at"], name="period_as_at_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True)
                | Q(closes_on__isnull=True)
                | Q(closes_on__gte=F("opens_on")),
                name="period_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


@dataclass(frozen=True)
class RatingDecision:
    """What the second key decided: the rating in force, the reason kept on the row ("" when the
    proposal was confirmed as it stood) and the words for the history."""

    rag: str
    change_reason: str
    history_reason: str


def rating_decision(proposed: str, rag: str | None, reason: str) -> RatingDecision:
    """The second key's rules, for anything rated two-key (statements here, measures' figures):
    no rating given confirms the proposed one; a different one needs a reason.

    ValidationError on "rag" for an unknown rating, on "reason" for a change without one.
    """
    rag = rag or proposed
    if rag not in Rag.values:
        raise ValidationError({"rag": "Select a RAG rating"})
    reason = (reason or "").strip()
    if rag == proposed:
        return RatingDecision(rag, "", "Rating confirmed")
    if not reason:
        raise ValidationError(
            {
                "reason": f"Enter why you are changing the rating from {rag_label(proposed)} to "
                f"{rag_label(rag)}"
            }
        )
    return RatingDecision(
        rag, reason, f"Rating changed from {rag_label(proposed)} to {rag_label(rag)}: {reason}"
    )


class TwoKeyRated:
    """A row whose RAG rating takes two keys: its lead proposes it (`proposed_rag`), someone else
    confirms it or changes it with a reason. Position statements here, measures' figures in
    actions/measures: both get the same rules and words from `confirm`."""

    rag: str
    proposed_rag: str
    change_reason: str
    confirmed_at: "datetime.datetime | None"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def rating_was_changed(self) -> bool:
        """Confirmed with a different rating from the one proposed."""
        return bool(self.is_confirmed and self.proposed_rag and self.proposed_rag != self.rag)

    def confirmation_message(self, where: str) -> str:
        """What the confirmer is told: "Amber confirmed for action 1.2, Summer term 2026." or "Rating
        for … changed from Amber to Red and confirmed." (`where` names the rated thing and period)."""
        if self.rating_was_changed:
            return (
                f"Rating for {where} changed from {rag_label(self.proposed_rag)} to {rag_label(self.rag)} "
                "and confirmed."
            )
        return f"{rag_label(self.rag)} confirmed for {where}."

    def confirm(self, *, user, rag: str | None, reason: str, now: datetime.datetime) -> "RatingDecision":
        """The second key, on the row in hand (the caller validates and saves): the proposed rating
        confirmed, or another with its reason. ValidationError as `rating_decision` says."""
        proposed = self.proposed_rag or self.rag
        decision = rating_decision(proposed, rag, reason)
        self.proposed_rag = proposed
        self.rag = decision.rag
        self.change_reason = decision.change_reason
        self.confirmed_by = user
        self.confirmed_at = now
        return decision


class PositionStatementQuerySet(models.QuerySet):
    """Statements by what they mean to the cycle; each rule has its one definition here."""

    def given(self) -> Self:
        """Statements a lead gave: the "No update" closing a period writes is not one."""
        return self.exclude(rag=NO_UPDATE)

    def closing_no_updates(self) -> Self:
        """The "No update"s closing a period wrote, for actions whose lead gave no statement."""
        return self.filter(rag=NO_UPDATE, author__isnull=True)

    def awaiting_confirmation(self) -> Self:
        """Ratings a lead proposed that nobody has confirmed yet, on live actions, in periods not
        published (a published period's ratings are locked as they stand)."""
        return (
            self.given()
            .filter(confirmed_at__isnull=True, action__is_archived=False)
            .exclude(period__state=ReportingPeriod.State.PUBLISHED)
        )

    def in_force(self, as_at: datetime.date | F | None = None) -> Self:
        """Newest first, from periods on or before `as_at` (every period with None): the first is
        the statement in force as at that date. `as_at` may be an expression (`OuterRef`) when each
        row of an outer query has its own date."""
        statements = self if as_at is None else self.filter(period__as_at__lte=as_at)
        return statements.order_by("-period__as_at")

    def before(self, as_at: datetime.date | F) -> Self:
        """Newest first, from periods strictly before `as_at`: what a new period's statement follows."""
        return self.filter(period__as_at__lt=as_at).order_by("-period__as_at")


class PositionStatement(TwoKeyRated, Versioned):
    """What the lead says about an action in a reporting period: a RAG rating and a narrative."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="position_statements")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="position_statements")
    rag = models.CharField(
        "RAG rating",
        max_length=16,
        choices=STATEMENT_RAG_CHOICES,
        help_text="The rating in force: the confirmed one, or the proposed one until it is confirmed.",
    )
    proposed_rag = models.CharField(
        "proposed RAG rating",
        max_length=16,
        choices=STATEMENT_RAG_CHOICES,
        blank=True,
        help_text="What the lead proposed. Kept when the confirmed rating differs.",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty while the rating awaits confirmation (the second key)."
    )
    change_reason = models.TextField(
        "reason for changing the rating",
        blank=True,
        help_text="Why the confirmed rating differs from the proposed one.",
    )
    carried_forward_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The previous period's statement this one repeats (“no change since last period”).",
    )
    narrative = models.TextField(
        help_text="Progress since the last update, evidence of impact and next steps."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    # Set before a save or delete, simple-history records who made the change and why (as on Action).
    _history_user: "User | None"
    _change_reason: str

    objects = PositionStatementQuerySet.as_manager()

    class Meta:
        app_label = "actions"
        constraints = [
            models.UniqueConstraint(fields=["action", "period"], name="one_statement_per_action_per_period"),
            models.CheckConstraint(
                condition=Q(rag__in=[value for value, _ in STATEMENT_RAG_CHOICES]),
                name="statement_rag_is_known",
            ),
        ]
        indexes = [
            # "Ratings to confirm" and the home page's counts look for the few ratings awaiting
            # confirmation among every statement ever given: without it, a scan of them all.
            models.Index(
                fields=["period"], condition=Q(confirmed_at__isnull=True), name="statement_unconfirmed_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} – {self.period_id}: {self.get_rag_display()}"

    @property
    def is_carried_forward(self) -> bool:
        return self.carried_forward_from_id is not None

    @property
    def is_no_update(self) -> bool:
        """Written by closing the period: the lead gave no statement by the deadline."""
        return self.rag == NO_UPDATE

    @property
    def is_unconfirmed(self) -> bool:
        """A lead's proposed rating nobody has confirmed yet (a "No update" has nothing to confirm)."""
        return not self.is_confirmed and not self.is_no_update

    def propose(self, *, rag: str, narrative: str, author, carried_forward_from=None) -> None:
        """A lead's words and rating (the first key): whatever was confirmed before no longer is."""
        self.rag = self.proposed_rag = rag
        self.narrative = narrative
        self.author = author
        self.carried_forward_from = carried_forward_from
        self.confirmed_by = None
        self.confirmed_at = None
        self.change_reason = ""

    def clean(self) -> None:
        """A statement belongs to a period of its action's own plan, and a published period is frozen."""
        if not (self.period_id and self.action_id):
            return
        if self.period.plan_id != self.action.objective.priority.plan_id:
            raise ValidationError({"period": "Choose a reporting period of this action's plan."})
        if self.period.is_published:
            raise ValidationError(
                {"period": f"{self.period.name} has been published, so its position statements are locked."}
            )


class ActionStatusQuerySet(ActionQuerySet):
    """Actions as the termly cycle sees them: the plan's own filters, and how each is doing.

    Every rating comes from `PositionStatement.objects.in_force(as_at)`: the one definition of
    "the latest statement as at a date". Get one with `actions_with_status()`.
    """

    def as_at_period(self, period: ReportingPeriod, previous: ReportingPeriod | None) -> Self:
        """Everything a period's dashboard or filtered list says about each action, in one place.

        Annotates `current_rag` (as at the period), `previous_rag` (as at the previous period),
        `is_overdue` (as at the period), `updated_in_period` (a statement in it that a lead gave: a
        "No update" written when the period closed is not one), and the marks of `with_rating_marks`
        (`current_confirmed`, `current_carried`, `is_slipped`). Movement and escalation are worked
        out from the two ratings by `movement_between` and friends.
        """
        qs = (
            self.existing_at(period.as_at)
            .with_rag_as_at(period.as_at)
            .with_overdue(period.as_at)
            .with_rating_marks(period.as_at)
        )
        if previous is not None:
            prior = _statements_of_row().in_force(previous.as_at)
            qs = qs.annotate(previous_rag=Subquery(prior.values("rag")[:1]))
        else:
            qs = qs.annotate(previous_rag=Value(None, output_field=models.CharField()))
        return qs.annotate(updated_in_period=Exists(_statements_of_row().given().filter(period=period)))

    def with_rag_as_at(self, as_at: datetime.date | None = None) -> Self:
        """Annotate `current_rag` and `current_rag_as_at`: the latest statement on or before `as_at`.

        With no date, the latest statement of all. Actions with no statement get NULL ("No update");
        so do those whose period closed without one, as the "no_update" statement closing wrote.
        """
        latest = _statements_of_row().in_force(as_at)
        return self.annotate(
            current_rag=Subquery(latest.values("rag")[:1]),
            current_rag_as_at=Subquery(latest.values("period__as_at")[:1]),
        )

    def in_each_period(
        self,
        until: datetime.date | None = None,
        *,
        since: datetime.date | None = None,
        before: datetime.date | None = None,
    ) -> Self:
        """One row per action and reporting period of the action's own plan (those on or before
        `until`, on or after `since` and strictly before `before`; every one with None for all
        three) that the action was in the plan by (`existing_at`), annotated
        `each_period_id`, `each_period_as_at` and `each_period_rag`: the rating in force as at that
        period, as `with_rag_as_at(period.as_at)` has it.

        A rating history or a trend over every period in one query, instead of one per period.
        Group it (`values` then `annotate(Count(...))`) to count in the database rather than fetch
        a row per action and period.
        """
        periods = "objective__priority__plan__periods"
        as_at = F(f"{periods}__as_at")
        # One filter() call, so the bound on the periods and "in the plan by" share the one join to
        # the periods (a second call would join them again); the annotations reuse it too.
        bounds = {"lte": until, "gte": since, "lt": before}
        within = Q(**{f"{periods}__as_at__{op}": day for op, day in bounds.items() if day is not None})
        latest = _statements_of_row().in_force(OuterRef(f"{periods}__as_at"))
        return self.filter(within & in_plan_by(as_at)).annotate(
            each_period_id=F(f"{periods}__pk"),
            each_period_as_at=as_at,
            each_period_rag=Subquery(latest.values("rag")[:1]),
        )

    def with_rating_marks(self, as_at: datetime.date | None = None) -> Self:
        """Annotate the marks shown beside the rating of `with_rag_as_at(as_at)` (same statement).

        - `current_confirmed`: its rating has been confirmed (the second key); False marks a rating
          awaiting confirmation. NULL where there is no rating to confirm: no statement, or a
          "No update" (a fact, not a proposal).
        - `current_carried`: it was carried forward ("no change since last period") in the period
          being looked at, that is, it is the statement for the period whose as-at date is `as_at`
          (with no date: the latest statement, in its own period). An older carried-forward
          statement showing through because the period has none is not carried into this one.
        - `is_slipped`: the due date has been moved later than the one first agreed (as of now:
          the baseline rule, `Action.has_slipped`).
        """
        latest = _statements_of_row().in_force(as_at)
        confirmed = Case(
            When(rag=NO_UPDATE, then=Value(None)),
            default=flag(Q(confirmed_at__isnull=False)),
            output_field=models.BooleanField(),
        )
        if as_at is None:
            carried = Subquery(
                latest.annotate(flag=flag(Q(carried_forward_from__isnull=False))).values("flag")[:1]
            )
        else:  # the latest statement is the period's own when it has one: no need to sort for it
            carried = Exists(
                _statements_of_row().filter(period__as_at=as_at, carried_forward_from__isnull=False)
            )
        return self.annotate(
            current_confirmed=Subquery(latest.annotate(flag=confirmed).values("flag")[:1]),
            current_carried=carried,
            is_slipped=flag(SLIPPED),
        )

    def with_statement_as_at(self, as_at: datetime.date) -> Self:
        """Annotate the latest statement's words: `statement_narrative`, `statement_period` and
        `statement_carried_from` (the period of the statement it repeats, when carried forward)."""
        latest = _statements_of_row().in_force(as_at)
        return self.annotate(
            statement_narrative=Subquery(latest.values("narrative")[:1]),
            statement_period=Subquery(latest.values("period__name")[:1]),
            statement_carried_from=Subquery(latest.values("carried_forward_from__period__name")[:1]),
        )

    def with_overdue(self, as_at: datetime.date) -> Self:
        """Annotate `is_overdue`: due before `as_at`, still open, and not rated complete.

        Needs `with_rag_as_at` first. The rating is read once, and only for actions already due and
        open: each mention of `current_rag` repeats its subquery in the SQL.
        """
        rated_blue = Exact(Coalesce(F("current_rag"), Value("")), Value(Rag.BLUE))
        return self.annotate(
            is_overdue=Case(
                When(Q(due_date__lt=as_at, status=Action.Status.OPEN) & ~Q(rated_blue), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue(self, as_at: datetime.date) -> Self:
        return self.with_overdue(as_at).filter(is_overdue=True)


def actions_with_status() -> ActionStatusQuerySet:
    """All actions, as a queryset that can also say how each is doing (rating, marks, overdue)."""
    return ActionStatusQuerySet(model=Action)


def _statements_of_row() -> "PositionStatementQuerySet":
    """The statements of the action on the outer query's row (for subqueries over actions)."""
    return PositionStatement.objects.filter(action=OuterRef("pk"))


class Reminder(models.Model):
    """One reminder email about one action, sent to one person, for one period. Never sent twice."""

    class Kind(models.TextChoices):
        BEFORE_DEADLINE = "before", "Before the deadline"
        AFTER_DEADLINE = "after", "After the deadline"
        MANUAL = "manual", "Sent by a plan administrator"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reminders")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "actions"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "action", "period", "kind"], name="one_reminder_per_action_period_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder to {self.person} about {self.action_id} ({self.period})"
