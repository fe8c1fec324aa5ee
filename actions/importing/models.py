"""One upload of a council's plan spreadsheet, kept from the preview to the finished import."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from actions.plans.models import Plan
from sendplan.concurrency import Versioned


def _import_upload_to(instance, filename: str) -> str:
    """A random stored name: the uploaded name is kept in `filename`, never used as a path."""
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.upload"


class PlanImport(Versioned):
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
    corrections = models.JSONField(
        default=dict, blank=True, help_text="Rows, periods and names as corrected (Corrections.as_json)."
    )
    layout_applied = models.JSONField(
        null=True,
        blank=True,
        help_text="The remembered choices applied on the first reading: when, by whom and what.",
    )
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
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last changed the import's choices (the stale-form check names them).",
    )
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "actions"
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


class ImportLayout(models.Model):
    """The choices made in the preview for one layout of spreadsheet, applied to its next upload.

    A council sends the same sheet every term with new rows and dates: the columns it remapped, the
    rows it read differently (by their text, as rows move) and the names it merged are remembered
    from the last import of that layout, found again by its headings (`layouts.layout_fingerprint`).
    Reporting periods are not remembered: they change every term.
    """

    fingerprint = models.CharField(max_length=64, unique=True)
    headers = models.JSONField(default=list, help_text="The headings, normalised, in column order.")
    overrides = models.JSONField(default=dict, blank=True, help_text="Column letter → field, as chosen.")
    row_texts = models.JSONField(default=dict, blank=True, help_text="A row's text → how it is read.")
    people = models.JSONField(default=dict, blank=True, help_text="Name as read → name to use.")
    partners = models.JSONField(default=dict, blank=True, help_text="Name as read → name to use.")
    filename = models.CharField(max_length=255, blank=True, help_text="The file last imported with it.")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "actions"

    def __str__(self) -> str:
        return f"Layout of {self.filename or 'a plan'} ({self.summary() or 'no choices'})"

    def summary(self) -> str:
        """What is remembered, in a few words: "columns D and F, 2 rows, 1 person renamed"."""
        parts = []
        if self.overrides:
            letters = sorted(self.overrides, key=lambda letter: (len(letter), letter))
            parts.append(("column " if len(letters) == 1 else "columns ") + _and(letters))
        if self.row_texts:
            parts.append(f"{len(self.row_texts)} row{'s' if len(self.row_texts) != 1 else ''}")
        if self.people:
            parts.append(f"{len(self.people)} {'person' if len(self.people) == 1 else 'people'} renamed")
        if self.partners:
            parts.append(f"{len(self.partners)} partner{'s' if len(self.partners) != 1 else ''} renamed")
        return ", ".join(parts)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
