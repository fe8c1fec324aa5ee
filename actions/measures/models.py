"""Impact measures, their trajectories, their actual figures each reporting period, and benchmarks.

The tables are the `actions` app's (`app_label`), like every feature's. Every model keeps its full
history (django-simple-history).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from actions.cycle.models import Rag, Reminder, ReportingPeriod, TwoKeyRated
from actions.plans.models import Action, Objective, Plan, Priority
from partners.models import Partner, Person

from . import trajectory

if TYPE_CHECKING:
    from django.contrib.auth.models import User

EVIDENCE_FIELDS = ["priorities", "objectives", "actions"]


class Unit(models.TextChoices):
    PERCENT = "percent", "Percentage (%)"
    NUMBER = "number", "Number"
    DAYS = "days", "Days"
    POUNDS = "pounds", "Pounds (£)"
    RATE_PER_10000 = "rate_10000", "Rate per 10,000"


# How a figure is written for people: "52.3%", "£1,250,000", "18 days", "61.2 per 10,000", "1,204".
UNIT_FORMATS = {
    "percent": "{}%",
    "pounds": "£{}",
    "days": "{} days",
    "rate_10000": "{} per 10,000",
    "number": "{}",
}


def format_figure(value: Decimal | None, unit: str) -> str:
    """A figure as a board paper writes it: thousands separated, at most one decimal place (two for
    a rate per 10,000 under 10), the unit's sign or word. "" for no figure."""
    if value is None:
        return ""
    places = 2 if unit == "rate_10000" and abs(value) < 10 else 1
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    digits = f"{rounded:,.{places}f}"
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    if unit == "days" and digits == "1":
        return "1 day"
    if unit == "pounds" and digits.startswith("-"):
        return f"-£{digits[1:]}"
    return UNIT_FORMATS.get(unit, "{}").format(digits)


# An annual figure serves every reporting period of the year after the date it describes.
ANNUAL_WINDOW = datetime.timedelta(days=365)


def figure_wanted(frequency: str, as_at: datetime.date, figure_dates: Iterable[datetime.date]) -> bool:
    """Is a figure wanted for the reporting period as at `as_at`, given the dates the measure's
    figures in other periods describe? Every period, except for a measure reported annually that
    already has a figure for a date in the year up to `as_at`: that figure serves until a year on."""
    if frequency != "annually":
        return True
    return not any(as_at - ANNUAL_WINDOW < day <= as_at for day in figure_dates)


class Direction(models.TextChoices):
    HIGHER = "higher", "Higher is better"
    LOWER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    TERMLY = "termly", "Termly"
    QUARTERLY = "quarterly", "Quarterly"
    MONTHLY = "monthly", "Monthly"
    ANNUALLY = "annually", "Annually"


class Source(models.TextChoices):
    ENTERED = "entered", "Entered by hand"
    IMPORTED = "imported", "Imported from published statistics"


class Measure(models.Model):
    """A figure that shows whether things are getting better for children, such as "new EHC plans
    issued within 20 weeks"."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    name = models.CharField(max_length=300, help_text="For example “New EHC plans issued within 20 weeks”.")
    definition = models.TextField(
        blank=True, help_text="Exactly what is counted, and what it is counted out of."
    )
    unit = models.CharField(max_length=16, choices=Unit.choices, default=Unit.NUMBER)
    direction = models.CharField(
        "which way is better", max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    frequency = models.CharField(
        "how often it is reported", max_length=16, choices=Frequency.choices, default=Frequency.TERMLY
    )
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.ENTERED)
    tolerance = models.DecimalField(
        max_digits=16,
        decimal_places=4,
        default=Decimal(0),
        help_text="How far from the trajectory, in the measure's unit, the figure can be and still be "
        "Amber rather than Red.",
    )
    lead_person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_measures",
        help_text="Who enters the figure each reporting period.",
    )
    lead_partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_measures"
    )
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="measures", help_text="The priorities this measure evidences."
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="measures", help_text="The objectives this measure evidences."
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="measures", help_text="The actions this measure evidences."
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=EVIDENCE_FIELDS)
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        app_label = "actions"
        ordering = ["plan", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "plan",
                name="measure_name_unique_in_plan",
                violation_error_message="This plan already has a measure with this name.",
            ),
            models.CheckConstraint(condition=Q(tolerance__gte=0), name="measure_tolerance_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("actions:measure-detail", args=[self.pk])

    @property
    def is_percent(self) -> bool:
        return self.unit == Unit.PERCENT


class TrajectoryPoint(models.Model):
    """A dated point of a measure's trajectory: where it started, where it should be, where it ends."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", "Baseline"
        MILESTONE = "milestone", "Milestone"
        TARGET = "target", "Target"

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="trajectory_points")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    date = models.DateField(help_text="The date the value describes.")
    value = models.DecimalField(max_digits=16, decimal_places=4)

    history = HistoricalRecords()
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        app_label = "actions"
        ordering = ["measure", "date"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "date"], name="trajectory_date_unique_in_measure"),
            models.UniqueConstraint(
                fields=["measure"], condition=Q(kind="baseline"), name="one_baseline_per_measure"
            ),
            models.UniqueConstraint(
                fields=["measure"], condition=Q(kind="target"), name="one_target_per_measure"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["baseline", "milestone", "target"]), name="trajectory_kind_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}: {self.value}"

    def clean(self) -> None:
        """The point fits its measure's unit and the points already saved (the whole-trajectory rules
        are `trajectory.trajectory_errors`)."""
        if not self.measure_id or self.date is None or self.value is None:
            return
        others = [
            trajectory.Point(kind=p.kind, date=p.date, value=p.value)
            for p in TrajectoryPoint.objects.filter(measure_id=self.measure_id).exclude(pk=self.pk)
        ]
        points = sorted([*others, trajectory.Point(kind=self.kind, date=self.date, value=self.value)])
        errors = trajectory.trajectory_errors(points, percent=self.measure.is_percent, complete=False)
        if errors:
            raise ValidationError(errors[0])


MEASURE_RAG_CHOICES = Rag.choices


class MeasureValue(TwoKeyRated, models.Model):
    """The actual figure of a measure in a reporting period, and its RAG rating (two-key)."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="measure_values")
    value = models.DecimalField(
        max_digits=16,
        decimal_places=4,
        help_text="The figure. Worked out for you from the numerator and denominator when both are given.",
    )
    numerator = models.DecimalField(
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For a percentage or a rate: how many were counted, for example plans issued "
        "within 20 weeks.",
    )
    denominator = models.DecimalField(
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="For a percentage or a rate: how many they were counted out of, for example all "
        "plans issued.",
    )
    refers_to = models.DateField(
        "date it refers to", help_text="The date the figure describes, within the reporting period."
    )
    source = models.CharField(
        max_length=300, blank=True, help_text="Where the figure comes from, for example “SEN2 return 2026”."
    )
    commentary = models.TextField(
        blank=True, help_text="A short explanation of the figure and what is being done about it."
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rag = models.CharField(
        "RAG rating",
        max_length=16,
        choices=MEASURE_RAG_CHOICES,
        help_text="The rating in force: the confirmed one, or the proposed one until it is confirmed.",
    )
    proposed_rag = models.CharField(
        "proposed RAG rating",
        max_length=16,
        choices=MEASURE_RAG_CHOICES,
        blank=True,
        help_text="What the lead proposed (by default, the rating the trajectory gives). Kept when the "
        "confirmed rating differs.",
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        app_label = "actions"
        ordering = ["measure", "period__as_at"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_value_per_measure_per_period"),
            models.CheckConstraint(
                condition=Q(rag__in=Rag.values) & (Q(proposed_rag="") | Q(proposed_rag__in=Rag.values)),
                name="measure_value_rag_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} – {self.period_id}: {self.value}"

    def propose(self, *, rag: str, entered_by: "User") -> None:
        """The lead's figure and rating (the first key): whatever was confirmed before no longer is."""
        self.rag = self.proposed_rag = rag
        self.entered_by = entered_by
        self.confirmed_by = None
        self.confirmed_at = None
        self.change_reason = ""

    def clean(self) -> None:
        """A figure belongs to a period of its measure's plan, fits its unit and refers to a date in
        the period; a published period's figures are locked."""
        errors: dict[str, str] = {}
        if not (self.period_id and self.measure_id):
            return
        measure, period = self.measure, self.period
        if period.plan_id != measure.plan_id:
            raise ValidationError({"period": "Choose a reporting period of this measure's plan."})
        if period.is_published:
            raise ValidationError(
                {"period": f"{period.name} has been published, so its measures' figures are locked."}
            )
        if self.numerator is not None and self.numerator < 0:
            errors["numerator"] = "The numerator cannot be negative"
        if self.denominator is not None and self.denominator <= 0:
            errors["denominator"] = "The denominator must be more than 0"
        elif (
            measure.is_percent
            and self.numerator is not None
            and self.denominator is not None
            and self.numerator > self.denominator
        ):
            errors["numerator"] = (
                f"The numerator ({self.numerator:f}) cannot be more than the denominator "
                f"({self.denominator:f}) for a percentage"
            )
        if measure.is_percent and self.value is not None and not 0 <= self.value <= 100:
            errors["value"] = f"A percentage must be between 0 and 100, not {self.value:f}"
        if self.refers_to is not None:
            window = period_window(period)
            if window.starts_after is not None and self.refers_to <= window.starts_after:
                errors["refers_to"] = (
                    f"The date must be after {_date_text(window.starts_after)}, the end of the previous "
                    f"reporting period, and no later than {_date_text(period.as_at)}"
                )
            elif self.refers_to > period.as_at:
                errors["refers_to"] = (
                    f"The date must be on or before {_date_text(period.as_at)}, the date {period.name} "
                    "is as at"
                )
        if errors:
            raise ValidationError(errors)


@dataclass(frozen=True)
class Window:
    """The dates a period's figures may refer to: after `starts_after` (None: no limit), up to
    and including `ends_on`."""

    starts_after: datetime.date | None
    ends_on: datetime.date


def period_window(period: ReportingPeriod) -> Window:
    """The dates a period's figures may refer to: after the previous period's as-at date (if there
    is one) and on or before its own. A reporting period has no start of its own. One query."""
    previous = (
        ReportingPeriod.objects.filter(plan_id=period.plan_id, as_at__lt=period.as_at)
        .order_by("-as_at")
        .values_list("as_at", flat=True)
        .first()
    )
    return Window(previous, period.as_at)


def _date_text(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


class Benchmark(models.Model):
    """A comparator series for a measure, such as England, the region or statistical neighbours."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="benchmarks")
    name = models.CharField(max_length=200, help_text="For example “England” or “Statistical neighbours”.")
    source = models.CharField(max_length=16, choices=Source.choices, default=Source.ENTERED)

    history = HistoricalRecords()
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        app_label = "actions"
        ordering = ["measure", "name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "measure", name="benchmark_name_unique_in_measure")
        ]

    def __str__(self) -> str:
        return self.name


class BenchmarkValue(models.Model):
    """A comparator's figure at a date."""

    benchmark = models.ForeignKey(Benchmark, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(help_text="The date the figure describes.")
    value = models.DecimalField(max_digits=16, decimal_places=4)

    history = HistoricalRecords()
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        app_label = "actions"
        ordering = ["benchmark", "date"]
        constraints = [models.UniqueConstraint(fields=["benchmark", "date"], name="benchmark_date_unique")]

    def __str__(self) -> str:
        return f"{self.benchmark_id} {self.date}: {self.value}"


class MeasureReminder(models.Model):
    """One reminder email's mention of one measure without its figure, sent to one person, for one
    period. Never sent twice: the row is written (and committed) before the email goes, as
    `Reminder` is for actions (actions/cycle/reminders.py)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="measure_reminders")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reminders")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="measure_reminders")
    kind = models.CharField(max_length=16, choices=Reminder.Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        app_label = "actions"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "measure", "period", "kind"], name="one_reminder_per_measure_period_kind"
            )
        ]

    def __str__(self) -> str:
        kind = self.get_kind_display()
        return f"{kind} reminder to {self.person} about measure {self.measure_id} ({self.period})"
