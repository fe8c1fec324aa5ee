"""An inspection of a plan's local area, its findings, and the objectives and actions answering them.

The tables are the `actions` app's (`app_label`), like every feature's. Every model keeps its full
history (django-simple-history), a finding's links to partners, objectives and actions included.

An inspection belongs to a plan: the plan is the local area's (`Plan.local_area`), and the findings
are what its plan answers. A finding may also be answered by an action of another plan of the same
local area (a new plan after a monitoring inspection), never by another local area's.
"""

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from actions.plans.models import Action, Objective, Plan
from partners.models import Partner

if TYPE_CHECKING:
    from django.contrib.auth.models import User

LINK_FIELDS = ["partners", "objectives", "actions"]


class Framework(models.TextChoices):
    AREA_SEND_2023 = "2023", "2023 area SEND framework"
    EARLIER_2016 = "2016", "The earlier (2016) framework"


class Outcome(models.TextChoices):
    """The outcomes of the 2023 framework, as Ofsted's reports word them."""

    POSITIVE = "positive", "Typically positive experiences and outcomes"
    INCONSISTENT = "inconsistent", "Inconsistent experiences and outcomes"
    SYSTEMIC = "systemic", "Widespread and/or systemic failings"


class FindingKind(models.TextChoices):
    PRIORITY_ACTION = "priority_action", "Area for priority action"
    IMPROVEMENT = "improvement", "Area for improvement"
    WRITTEN_STATEMENT = "written_statement", "Written statement of action item"
    ACCELERATED_PROGRESS = "accelerated_progress", "Accelerated progress plan item"


# Which kinds of finding each framework's reports set out.
KINDS_BY_FRAMEWORK: dict[str, tuple[str, ...]] = {
    Framework.AREA_SEND_2023: (FindingKind.PRIORITY_ACTION, FindingKind.IMPROVEMENT),
    Framework.EARLIER_2016: (FindingKind.WRITTEN_STATEMENT, FindingKind.ACCELERATED_PROGRESS),
}

# How a report refers to each kind: "API 1", "AFI 3", "WSOA 2", "APP 4".
KIND_PREFIX: dict[str, str] = {
    FindingKind.PRIORITY_ACTION: "API",
    FindingKind.IMPROVEMENT: "AFI",
    FindingKind.WRITTEN_STATEMENT: "WSOA",
    FindingKind.ACCELERATED_PROGRESS: "APP",
}


def date_text(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def kind_refusal(framework: str) -> str:
    """Why a kind of finding does not fit the framework: which kinds its reports set out."""
    if framework == Framework.EARLIER_2016:
        return (
            "Under the earlier (2016) framework a finding is a written statement of action item or an "
            "accelerated progress plan item"
        )
    return (
        "Under the 2023 area SEND framework a finding is an area for priority action or an area for "
        "improvement"
    )


class Inspection(models.Model):
    """An area SEND inspection (or monitoring visit, or engagement meeting) of the plan's local area."""

    class Kind(models.TextChoices):
        FULL = "full", "Full inspection"
        MONITORING = "monitoring", "Monitoring inspection"
        ENGAGEMENT = "engagement", "Engagement meeting"

    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        related_name="inspections",
        help_text="The plan of the local area inspected, which answers the findings.",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.FULL)
    framework = models.CharField(max_length=8, choices=Framework.choices, default=Framework.AREA_SEND_2023)
    visit_start = models.DateField("first day of the visit")
    visit_end = models.DateField("last day of the visit")
    outcome = models.CharField(
        max_length=300,
        blank=True,
        help_text="Under the 2023 framework, one of its three outcomes; under the earlier framework, "
        "as the report words it.",
    )
    report_url = models.URLField("link to the report", max_length=500, blank=True)
    published_on = models.DateField("date the report was published", null=True, blank=True)

    history = HistoricalRecords()
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        app_label = "actions"
        ordering = ["plan", "visit_start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["full", "monitoring", "engagement"]),
                name="inspection_kind_is_known",
                violation_error_message="Choose a full inspection, a monitoring inspection or an "
                "engagement meeting.",
            ),
            models.CheckConstraint(
                condition=Q(framework__in=["2023", "2016"]),
                name="inspection_framework_is_known",
                violation_error_message="Choose the 2023 area SEND framework or the earlier (2016) one.",
            ),
            models.CheckConstraint(
                condition=Q(visit_end__gte=F("visit_start")),
                name="inspection_visit_ends_after_it_starts",
                violation_error_message="The visit cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("visit_end")),
                name="inspection_report_published_after_visit",
                violation_error_message="The report cannot be published before the visit ended.",
            ),
            models.CheckConstraint(
                condition=~Q(framework="2023") | Q(outcome__in=["", *Outcome.values]),
                name="inspection_2023_outcome_is_known",
                violation_error_message="Under the 2023 framework, choose one of its three outcomes.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.plan.local_area}, {date_text(self.visit_start)}"

    @property
    def outcome_text(self) -> str:
        """The outcome as the report words it."""
        if self.framework == Framework.AREA_SEND_2023 and self.outcome in Outcome.values:
            return Outcome(self.outcome).label
        return self.outcome

    @property
    def finding_kinds(self) -> tuple[str, ...]:
        return KINDS_BY_FRAMEWORK.get(self.framework, ())

    def clean(self) -> None:
        """The dates are in order and not in the future; a 2023 outcome is one of the three."""
        errors: dict[str, str] = {}
        today = timezone.localdate()
        for name, day, what in (
            ("visit_start", self.visit_start, "The visit"),
            ("published_on", self.published_on, "The report's publication"),
        ):
            if day is not None and day > today:
                errors[name] = (
                    f"{what} cannot be dated in the future ({date_text(day)}): record an inspection "
                    "once it has taken place"
                )
        if self.visit_start and self.visit_end:
            if self.visit_end < self.visit_start:
                errors["visit_end"] = (
                    f"The visit cannot end ({date_text(self.visit_end)}) before it starts "
                    f"({date_text(self.visit_start)})"
                )
            elif self.visit_end > today:
                errors["visit_end"] = (
                    f"The visit cannot be dated in the future ({date_text(self.visit_end)}): record an "
                    "inspection once it has taken place"
                )
        if (
            self.published_on
            and self.visit_end
            and self.published_on < self.visit_end
            and "published_on" not in errors
        ):
            errors["published_on"] = (
                f"The report cannot be published ({date_text(self.published_on)}) before the visit "
                f"ended ({date_text(self.visit_end)})"
            )
        if self.framework == Framework.AREA_SEND_2023 and self.outcome not in ("", *Outcome.values):
            errors["outcome"] = "Under the 2023 framework, choose one of its three outcomes: " + "; ".join(
                f"“{label}”" for label in Outcome.labels
            )
        if errors:
            raise ValidationError(errors)


class Finding(models.Model):
    """One finding of an inspection report, such as “API 1: Leaders must …”."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=24, choices=FindingKind.choices)
    reference = models.CharField(max_length=40, help_text="As in the report, for example “API 1” or “AFI 3”.")
    text = models.TextField(help_text="The finding, as the report words it.")
    partners = models.ManyToManyField(
        Partner,
        blank=True,
        related_name="directed_findings",
        verbose_name="directed to",
        help_text="The partners the report says must act, such as the council or the integrated care board.",
    )
    objectives = models.ManyToManyField(
        Objective, blank=True, related_name="findings", help_text="The objectives that answer this finding."
    )
    actions = models.ManyToManyField(
        Action, blank=True, related_name="findings", help_text="The actions that answer this finding."
    )
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=LINK_FIELDS)
    _history_user: "User | None"
    _change_reason: str

    class Meta:
        app_label = "actions"
        ordering = ["inspection", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("reference"),
                "inspection",
                name="finding_reference_unique_in_inspection",
                violation_error_message="This inspection already has a finding with this reference.",
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="finding_reference_not_blank",
                violation_error_message="Enter the finding's reference, as in the report.",
            ),
            models.CheckConstraint(
                condition=~Q(text=""),
                name="finding_text_not_blank",
                violation_error_message="Enter the finding's text.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FindingKind.values),
                name="finding_kind_is_known",
                violation_error_message="Choose the kind of finding.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {' '.join(self.text.split())[:80]}"

    @property
    def label(self) -> str:
        """“API 1 (area for priority action)”."""
        return f"{self.reference} ({self.get_kind_display().lower()})"

    def clean(self) -> None:
        """The text is not blank; the kind is one the inspection's framework sets out. Reads the
        inspection (one query unless loaded)."""
        errors: dict[str, str] = {}
        if not (self.text or "").strip():
            errors["text"] = "Enter the finding's text"
        if not (self.reference or "").strip():
            errors["reference"] = "Enter the finding's reference, as in the report, for example “API 1”"
        if self.inspection_id and self.kind:
            inspection = self.inspection
            if self.kind not in inspection.finding_kinds:
                errors["kind"] = kind_refusal(inspection.framework)
        if errors:
            raise ValidationError(errors)
