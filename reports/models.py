"""A pack: a plan's progress report for one audience as at one reporting period.

Drafts can be edited; publishing renders the PDF and the workbook once, in the background, and
stores them. A published pack never changes again: later edits to statements leave it as it was.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from actions.cycle.models import ReportingPeriod
from actions.plans.models import Plan, Priority
from sendplan.concurrency import Versioned

if TYPE_CHECKING:
    from django.contrib.auth.models import User

from .packs import AUDIENCES, BOARD, MONITORING, Cover, PackData, pack_data


class PackQuerySet(models.QuerySet["Pack"]):
    def for_audience(self, audiences: Iterable[str]) -> "PackQuerySet":
        return self.filter(audience__in=audiences)

    def published(self) -> "PackQuerySet":
        return self.filter(state=Pack.State.PUBLISHED)


class Pack(Versioned):
    class Audience(models.TextChoices):
        BOARD = BOARD, AUDIENCES[BOARD]
        FORUM = "forum", AUDIENCES["forum"]
        MONITORING = MONITORING, AUDIENCES[MONITORING]

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHING = "publishing", "Publishing"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Publishing failed"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="packs")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="packs")
    audience = models.CharField(max_length=16, choices=Audience.choices)
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="+", help_text="Leave empty for every priority in the plan."
    )
    title = models.CharField(max_length=300)
    purpose = models.TextField("purpose of report", blank=True)
    context = models.TextField(blank=True)
    recommendation = models.TextField(
        blank=True, help_text="For example “That Schools Forum note the progress made.”"
    )
    author = models.CharField(max_length=200, blank=True, help_text="Shown on the cover.")
    state = models.CharField(max_length=16, choices=State.choices, default=State.DRAFT)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent done while publishing.")
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to="packs/%Y/", blank=True)
    xlsx = models.FileField(upload_to="packs/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[priorities], excluded_fields=["progress"])
    _history_user: "User | None"  # set before a save: who made the change, in the history

    objects = PackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:pack-detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.state in {self.State.DRAFT, self.State.FAILED}

    def pack_data(self) -> PackData:
        """Everything this saved pack shows, as plain data: `packs.pack_data` with its own scope
        and cover text as written (the page, the PDF and the workbook all render this)."""
        return pack_data(
            self.plan,
            self.period,
            audience=self.audience,
            cover=Cover(self.title, self.purpose, self.context, self.recommendation, self.author),
            priority_ids=list(self.priorities.values_list("pk", flat=True)),
        )

    def file_name(self, extension: str) -> str:
        """A name a clerk can file: "telford-and-wrekin-board-pack-autumn-term-2026.pdf"."""
        return f"{slugify(self.plan.local_area)}-{self.audience}-pack-{slugify(self.period.name)}.{extension}"
