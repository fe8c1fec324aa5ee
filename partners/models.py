"""The organisations and people of a local area partnership.

This app knows nothing of plans: actions point at partners and people, never the reverse.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

if TYPE_CHECKING:
    from django.contrib.auth.models import User


class Partner(models.Model):
    """An organisation, team or group that leads or supports work (a council team, a health trust...)."""

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority team"
        HEALTH = "health", "Health"
        SOCIAL_CARE = "social_care", "Social care"
        EDUCATION = "education", "School or college"
        PARENT_CARER_FORUM = "parent_carer_forum", "Parent carer forum"
        VOLUNTARY = "voluntary", "Voluntary sector"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, help_text="The name people use, for example “SENDIASS”.")
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            # Imports match names case-insensitively, so the database must agree.
            models.UniqueConstraint(Lower("name"), name="partner_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def with_partner(self) -> "PersonQuerySet":
        return self.select_related("partner")


class Person(models.Model):
    """Someone named in a plan. May or may not have a login: many leads never sign in."""

    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    receives_reminders = models.BooleanField(
        "email me reminders",
        default=True,
        help_text="Reminder emails when position statements for the actions they lead are due.",
    )
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        help_text="The organisation or team they work for.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
        help_text="Their sendplan login, if they have one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    # Set before a save, simple-history records who made the change (unset: the request's user).
    _history_user: "User | None"

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        """Name with job title, as shown beside an action."""
        return f"{self.name} ({self.job_title})" if self.job_title else self.name
