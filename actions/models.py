"""A local area's SEND plan: priorities, objectives, actions and their termly position statements.

Every model keeps its full history (django-simple-history): nothing a user wrote is ever lost.
Read-side shapes (what a page needs) live in selectors.py; writes go through services.py.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners.models import Partner, Person


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


RAG_DEFINITIONS = {
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
RAG_RANK = {Rag.RED: 1, Rag.AMBER: 2, Rag.GREEN: 3, Rag.BLUE: 4}


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


# simple_history keeps the HistoricalRecords behind `Model.history` to itself. These names keep the
# two with many-to-many snapshots in reach, so a writer of many items can save an item and its links
# without history, then write its one historical record, links included:
# `ACTION_HISTORY.create_historical_record(action, "+")`, or in bulk through `.m2m_models` as the import
# does (actions/importing/commit.py). Assigned as `history` in the class bodies.
OBJECTIVE_HISTORY = HistoricalRecords(m2m_fields=["lead_people", "lead_partners"])
ACTION_HISTORY = HistoricalRecords(
    m2m_fields=["lead_people", "lead_partners", "supporting_people", "supporting_partners"]
)


class Plan(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    title = models.CharField(max_length=300)
    local_area = models.CharField(max_length=200, help_text="For example “Telford and Wrekin”.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped by every change to the plan or anything in it (actions/signals.py): cached dashboards
    # are keyed by it, so they can never show stale figures.
    revision = models.PositiveBigIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["revision"])

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="plan_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:plan-detail", args=[self.pk])

    @property
    def period_text(self) -> str:
        if self.start_date and self.end_date:
            return f"{self.start_date:%B %Y} to {self.end_date:%B %Y}"
        return ""


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    ref = models.CharField(max_length=20, blank=True, help_text="As numbered in the plan: “1”, “4i”.")
    title = models.TextField()
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    lead_people = models.ManyToManyField(
        Person,
        blank=True,
        related_name="led_priorities",
        verbose_name="priority leads",
        help_text="They confirm the RAG ratings officers propose for this priority's actions.",
    )

    history = HistoricalRecords(m2m_fields=[lead_people])

    class Meta:
        ordering = ["plan", "order", "pk"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "ref"],
                condition=~Q(ref=""),
                name="priority_ref_unique_in_plan",
                violation_error_message="Another priority in this plan already has this ref.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()


class Objective(models.Model):
    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="objectives")
    ref = models.CharField(max_length=20, blank=True, help_text="For example “1.2”.")
    title = models.TextField()
    success_measures = models.TextField(blank=True)
    monitoring = models.TextField("monitoring and evaluation", blank=True)
    resources = models.TextField("resources", blank=True)
    lead_people = models.ManyToManyField(Person, blank=True, related_name="led_objectives")
    lead_partners = models.ManyToManyField(Partner, blank=True, related_name="led_objectives")
    order = models.PositiveIntegerField(default=0)

    history = OBJECTIVE_HISTORY

    class Meta:
        ordering = ["priority", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["priority", "ref"],
                condition=~Q(ref=""),
                name="objective_ref_unique_in_priority",
                violation_error_message="Another objective in this priority already has this ref.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}".strip()


# Slipped: re-baselined to a later due date than the one first agreed (`Action.has_slipped`).
# (Both dates tested for NULL, so the flag is never NULL: an action is slipped or it is not.)
SLIPPED = Q(original_due_date__isnull=False, due_date__isnull=False, due_date__gt=F("original_due_date"))


def _flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=models.BooleanField())


class ActionQuerySet(models.QuerySet):
    def for_plan(self, plan: Plan | int):
        return self.filter(objective__priority__plan=plan)

    def live(self):
        """Actions still in the plan (archived ones are kept, never deleted, but leave the plan)."""
        return self.filter(is_archived=False)

    def involving(self, person: Person | None):
        """Actions a person leads or supports, directly or through their organisation."""
        if person is None:
            return self.none()
        q = Q(pk__in=Action.lead_people.through.objects.filter(person=person).values("action_id"))
        q |= Q(pk__in=Action.supporting_people.through.objects.filter(person=person).values("action_id"))
        if person.partner_id:
            partner_id = person.partner_id
            q |= Q(
                pk__in=Action.lead_partners.through.objects.filter(partner_id=partner_id).values("action_id")
            )
            q |= Q(
                pk__in=Action.supporting_partners.through.objects.filter(partner_id=partner_id).values(
                    "action_id"
                )
            )
        return self.filter(q)

    def existing_at(self, as_at: datetime.date):
        """Actions already in the plan on `as_at`: one added later is not counted for that period."""
        day_after = datetime.datetime.combine(as_at + datetime.timedelta(days=1), datetime.time.min)
        return self.filter(created_at__lt=timezone.make_aware(day_after))

    def as_at_period(self, period: "ReportingPeriod", previous: "ReportingPeriod | None"):
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
            prior = PositionStatement.objects.filter(action=OuterRef("pk"), period__as_at__lte=previous.as_at)
            qs = qs.annotate(previous_rag=Subquery(prior.order_by("-period__as_at").values("rag")[:1]))
        else:
            qs = qs.annotate(previous_rag=Value(None, output_field=models.CharField()))
        return qs.annotate(
            updated_in_period=Exists(
                PositionStatement.objects.filter(action=OuterRef("pk"), period=period).exclude(rag=NO_UPDATE)
            )
        )

    def in_plan_order(self):
        """As the plan document reads: plan, then priority, objective and action order."""
        return self.order_by(
            "objective__priority__plan__title",
            "objective__priority__order",
            "objective__order",
            "order",
            "pk",
        )

    def with_rag_as_at(self, as_at: datetime.date | None = None):
        """Annotate `current_rag` and `current_rag_as_at`: the latest statement on or before `as_at`.

        With no date, the latest statement of all. Actions with no statement get NULL ("No update");
        so do those whose period closed without one, as the "no_update" statement closing wrote.
        """
        latest = PositionStatement.objects.filter(action=OuterRef("pk"))
        if as_at is not None:
            latest = latest.filter(period__as_at__lte=as_at)
        latest = latest.order_by("-period__as_at")
        return self.annotate(
            current_rag=Subquery(latest.values("rag")[:1]),
            current_rag_as_at=Subquery(latest.values("period__as_at")[:1]),
        )

    def with_rating_marks(self, as_at: datetime.date | None = None):
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
        latest = PositionStatement.objects.filter(action=OuterRef("pk"))
        if as_at is not None:
            latest = latest.filter(period__as_at__lte=as_at)
        latest = latest.order_by("-period__as_at")
        confirmed = Case(
            When(rag=NO_UPDATE, then=Value(None)),
            default=_flag(Q(confirmed_at__isnull=False)),
            output_field=models.BooleanField(),
        )
        if as_at is None:
            carried = Subquery(
                latest.annotate(flag=_flag(Q(carried_forward_from__isnull=False))).values("flag")[:1]
            )
        else:  # the latest statement is the period's own when it has one: no need to sort for it
            carried = Exists(
                PositionStatement.objects.filter(
                    action=OuterRef("pk"), period__as_at=as_at, carried_forward_from__isnull=False
                )
            )
        return self.annotate(
            current_confirmed=Subquery(latest.annotate(flag=confirmed).values("flag")[:1]),
            current_carried=carried,
            is_slipped=_flag(SLIPPED),
        )

    def with_statement_as_at(self, as_at: datetime.date):
        """Annotate the latest statement's words: `statement_narrative`, `statement_period` and
        `statement_carried_from` (the period of the statement it repeats, when carried forward)."""
        latest = PositionStatement.objects.filter(action=OuterRef("pk"), period__as_at__lte=as_at).order_by(
            "-period__as_at"
        )
        return self.annotate(
            statement_narrative=Subquery(latest.values("narrative")[:1]),
            statement_period=Subquery(latest.values("period__name")[:1]),
            statement_carried_from=Subquery(latest.values("carried_forward_from__period__name")[:1]),
        )

    def with_overdue(self, as_at: datetime.date):
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

    def overdue(self, as_at: datetime.date):
        return self.with_overdue(as_at).filter(is_overdue=True)


class Action(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        COMPLETE = "complete", "Complete"
        CLOSED = "closed", "Closed"
        DROPPED = "dropped", "Dropped"

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    ref = models.CharField(max_length=20, blank=True, help_text="For example “1.1.a”.")
    description = models.TextField(help_text="What will be done.")
    lead_people = models.ManyToManyField(Person, blank=True, related_name="led_actions")
    lead_partners = models.ManyToManyField(Partner, blank=True, related_name="led_actions")
    supporting_people = models.ManyToManyField(Person, blank=True, related_name="supported_actions")
    supporting_partners = models.ManyToManyField(Partner, blank=True, related_name="supported_actions")
    task_group = models.CharField("task and finish group", max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    original_due_date = models.DateField(
        null=True,
        blank=True,
        help_text="The due date first agreed. A later due date means the action has been re-baselined.",
    )
    timeframe = models.CharField(
        max_length=100,
        blank=True,
        help_text="When there is no single due date: “Termly”, “TBC”, “Ongoing”.",
    )
    success_measures = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    is_archived = models.BooleanField(
        "archived", default=False, help_text="Archived actions leave the plan but keep their history."
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = ACTION_HISTORY

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["objective", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "ref"],
                condition=~Q(ref=""),
                name="action_ref_unique_in_objective",
                violation_error_message="Another action in this objective already has this ref.",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=F("start_date")),
                name="action_due_after_start",
            ),
        ]
        indexes = [models.Index(fields=["due_date", "status"])]

    def __str__(self) -> str:
        return f"{self.ref} {self.description[:80]}".strip()

    def save(self, *args, **kwargs) -> None:
        # The first due date an action is given is its baseline.
        if self.original_due_date is None and self.due_date is not None:
            self.original_due_date = self.due_date
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "original_due_date"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("actions:action-detail", args=[self.pk])

    @property
    def when_text(self) -> str:
        """Due date as people write it, or the timeframe where there is no date."""
        if self.due_date:
            return f"{self.due_date:%-d %b %Y}"
        return self.timeframe

    @property
    def is_rebaselined(self) -> bool:
        """The due date has moved from the one first agreed (moving it needs a recorded reason)."""
        return bool(self.original_due_date and self.due_date and self.due_date != self.original_due_date)

    @property
    def has_slipped(self) -> bool:
        """Re-baselined to a later date: what dashboards count as slipped."""
        return bool(self.original_due_date and self.due_date and self.due_date > self.original_due_date)


class ReportingPeriodQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=ReportingPeriod.State.OPEN)


class ReportingPeriod(models.Model):
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

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
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


class PositionStatement(models.Model):
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

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["action", "period"], name="one_statement_per_action_per_period"),
            models.CheckConstraint(
                condition=Q(rag__in=[value for value, _ in STATEMENT_RAG_CHOICES]),
                name="statement_rag_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} – {self.period_id}: {self.get_rag_display()}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

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

    @property
    def rating_was_changed(self) -> bool:
        """Confirmed with a different rating from the one proposed."""
        return bool(self.is_confirmed and self.proposed_rag and self.proposed_rag != self.rag)

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


def _import_upload_to(instance, filename: str) -> str:
    """A random stored name: the uploaded name is kept in `filename`, never used as a path."""
    import uuid

    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.upload"


class PlanImport(models.Model):
    """One upload of a council's plan spreadsheet, from the preview to the finished import.

    The file is stored (privately: it is only ever read by the import tasks) so the preview and the
    import read the same bytes. The preview and the report are plain data for the pages.
    """

    class State(models.TextChoices):
        READING = "reading", "Reading the file"
        READY = "ready", "Ready to import"
        UNREADABLE = "unreadable", "Could not be read"
        SAVING = "saving", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Import failed"

    plan = models.ForeignKey(
        Plan,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
        help_text="The plan updated in place; for a new plan, set once it is created.",
    )
    into_existing_plan = models.BooleanField(default=False)
    title = models.CharField("plan title", max_length=300, blank=True)
    local_area = models.CharField(max_length=200, blank=True)
    file = models.FileField(upload_to=_import_upload_to)
    filename = models.CharField(max_length=255)
    sheet = models.CharField(max_length=100, blank=True, help_text="Blank: the sheet is detected.")
    overrides = models.JSONField(default=dict, blank=True, help_text="Column letter → field, as chosen.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.READING)
    done = models.PositiveIntegerField(default=0, help_text="Rows read so far.")
    total = models.PositiveIntegerField(default=0, help_text="Rows to read.")
    preview = models.JSONField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_state_display()})"

    def get_absolute_url(self) -> str:
        return reverse("actions:import-detail", args=[self.pk])

    @property
    def is_working(self) -> bool:
        """A task is reading or saving: the page shows progress and offers no buttons."""
        return self.state in {self.State.READING, self.State.SAVING}

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / self.total)) if self.total else 0

    @property
    def progress_message(self) -> str:
        """What the import is doing now, in words (the page and its status updates say the same)."""
        if self.state == self.State.READING:
            return f"Read {self.done:,} of {self.total:,} rows." if self.total else "Opening the file."
        if self.state == self.State.SAVING:
            if self.total and self.done < self.total:
                return f"Checking the file: {self.done:,} of {self.total:,} rows."
            counts = (self.preview or {}).get("counts", {})
            return (
                f"Saving {counts.get('actions', 0):,} actions and {counts.get('statements', 0):,} "
                "position statements. A large plan takes up to a minute."
            )
        return self.get_state_display() + "."


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
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "action", "period", "kind"], name="one_reminder_per_action_period_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reminder to {self.person} about {self.action_id} ({self.period})"
