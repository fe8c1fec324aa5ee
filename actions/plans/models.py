"""The plan itself: a local area's priorities, objectives under them and actions under those.

Every model keeps its full history (django-simple-history): nothing a user wrote is ever lost.
How each action is doing, term by term, is the termly cycle's business (actions/cycle/), which
builds on these models; nothing here knows of reporting periods or position statements.
The tables are the `actions` app's (`app_label`), as they have been since the first migration.
"""

import datetime
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partners.models import Partner, Person
from sendplan.caching import shown_revision
from sendplan.concurrency import Versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

# simple_history keeps the HistoricalRecords behind `Model.history` to itself. These names keep the
# two with many-to-many snapshots in reach, so a writer of many items can save an item and its links
# without history, then write its one historical record, links included:
# `ACTION_HISTORY.create_historical_record(action, "+")`, or in bulk through `.m2m_models` as the import
# does (actions/importing/commit.py). Assigned as `history` in the class bodies.
LINK_FIELDS = ["lead_people", "lead_partners", "supporting_people", "supporting_partners"]
OBJECTIVE_HISTORY = HistoricalRecords(m2m_fields=LINK_FIELDS)
ACTION_HISTORY = HistoricalRecords(m2m_fields=LINK_FIELDS)


NOTES_HELP = (
    "Text from the plan that has no field of its own, such as an “As is” row or a lead named only by role."
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
    # Bumped by every change to the plan or anything in it (actions/plans/revisions.py): cached dashboards
    # are keyed by it (as `shown_revision` gives it), so no change is missed.
    revision = models.PositiveBigIntegerField(default=0, editable=False)
    # Bumped by the same changes except a position statement in an open period (revisions.py): the
    # figures as at the periods before the earliest open one are cached by it.
    settled_revision = models.PositiveBigIntegerField(default=0, editable=False)

    history = HistoricalRecords(excluded_fields=["revision", "settled_revision"])

    class Meta:
        app_label = "actions"
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

    def shown_revision(self, page: str) -> int:
        """The revision this plan's cached `page` is read under (`shown_revision_of`)."""
        return shown_revision_of(self.pk, self.revision, page)

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
    notes = models.TextField(
        blank=True,
        help_text=NOTES_HELP,
    )
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
        app_label = "actions"
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
    notes = models.TextField(
        blank=True,
        help_text=NOTES_HELP,
    )
    lead_people = models.ManyToManyField(Person, blank=True, related_name="led_objectives")
    lead_partners = models.ManyToManyField(Partner, blank=True, related_name="led_objectives")
    supporting_people = models.ManyToManyField(Person, blank=True, related_name="supported_objectives")
    supporting_partners = models.ManyToManyField(Partner, blank=True, related_name="supported_objectives")
    order = models.PositiveIntegerField(default=0)

    history = OBJECTIVE_HISTORY

    class Meta:
        app_label = "actions"
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


def flag(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, output_field=models.BooleanField())


def in_plan_by(as_at, *, via: str = "") -> Q:
    """The one definition of "in the plan by the as-at date": the action was added on or before
    that day (local time), so a period does not count an action added after it.

    `as_at` is a date, or an expression for one (`F("as_at")`, `OuterRef("as_at")`) when each row
    has its own; `via` is the path from the model queried to the action
    ("position_statements__action__").
    """
    if isinstance(as_at, datetime.date):  # as a range on the column, which its index serves
        day_after = datetime.datetime.combine(as_at + datetime.timedelta(days=1), datetime.time.min)
        return Q(**{f"{via}created_at__lt": timezone.make_aware(day_after)})
    return Q(**{f"{via}created_at__date__lte": as_at})


class ActionQuerySet(models.QuerySet):
    def for_plan(self, plan: Plan | int) -> Self:
        return self.filter(objective__priority__plan=plan)

    def live(self) -> Self:
        """Actions still in the plan (archived ones are kept, never deleted, but leave the plan)."""
        return self.filter(is_archived=False)

    def involving(self, person: Person | None) -> Self:
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

    def existing_at(self, as_at: datetime.date) -> Self:
        """Actions already in the plan on `as_at`: one added later is not counted for that period."""
        return self.filter(in_plan_by(as_at))

    def in_plan_order(self) -> Self:
        """As the plan document reads: plan, then priority, objective and action order."""
        return self.order_by(
            "objective__priority__plan__title",
            "objective__priority__order",
            "objective__order",
            "order",
            "pk",
        )


class Action(Versioned):
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
    notes = models.TextField(
        blank=True,
        help_text=NOTES_HELP,
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    is_archived = models.BooleanField(
        "archived", default=False, help_text="Archived actions leave the plan but keep their history."
    )
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = ACTION_HISTORY
    # Set before a save, simple-history records who made the change and why (unset: the request's
    # user, no reason). Never class attributes: simple-history checks whether the instance has them.
    _history_user: "User | None"
    _change_reason: str

    objects = ActionQuerySet.as_manager()

    class Meta:
        app_label = "actions"
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


def shown_revision_of(plan_pk: int, revision: int, page: str) -> int:
    """`revision`, or for a few seconds after a change the one before it, for readers who did not make
    the change (sendplan.caching.shown_revision): at a deadline a cached page is rebuilt at most once
    in FIGURES_LAG_SECONDS rather than after every statement saved.

    Each `page` (a cache key's stem: a dashboard, one filtered list) keeps its own time, so the pages
    of a plan are not all rebuilt in the same instant, queueing every request behind them."""
    return shown_revision(f"plan:{plan_pk}:{page}", revision)
