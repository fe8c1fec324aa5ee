"""The Django admin is the plan administrators' set-up tool: every model, with its history."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from actions.cycle.models import PositionStatement, ReportingPeriod
from actions.findings.models import Finding, Inspection
from actions.findings.services import link_refusals as finding_link_refusals
from actions.measures import trajectory
from actions.measures.models import Benchmark, BenchmarkValue, Measure, MeasureValue, TrajectoryPoint
from actions.plans.history import due_date_change_reason
from actions.plans.models import Action, Objective, Plan, Priority
from sendplan.concurrency_admin import StaleCheckAdmin


class PriorityInline(admin.TabularInline):
    model = Priority
    fields = ["order", "ref", "title"]
    extra = 0
    show_change_link = True


class ReportingPeriodInline(admin.TabularInline):
    model = ReportingPeriod
    fields = ["name", "as_at", "opens_on", "closes_on", "state"]
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "local_area", "start_date", "end_date", "status"]
    list_filter = ["status", "local_area"]
    search_fields = ["title", "local_area", "description"]
    inlines = [PriorityInline, ReportingPeriodInline]


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["order", "ref", "title"]
    extra = 0
    show_change_link = True


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "title", "plan", "order"]
    list_display_links = ["ref", "title"]
    list_filter = ["plan"]
    search_fields = ["ref", "title", "description"]
    list_select_related = ["plan"]
    # The priority leads: with plan administrators, they confirm the ratings officers propose.
    autocomplete_fields = ["lead_people"]
    inlines = [ObjectiveInline]


class ActionInline(admin.TabularInline):
    model = Action
    fields = ["order", "ref", "description", "due_date", "status"]
    extra = 0
    show_change_link = True


@admin.register(Objective)
class ObjectiveAdmin(SimpleHistoryAdmin):
    list_display = ["ref", "title", "priority"]
    list_display_links = ["ref", "title"]
    list_filter = ["priority__plan"]
    search_fields = ["ref", "title", "success_measures"]
    list_select_related = ["priority__plan"]
    autocomplete_fields = ["priority", "lead_people", "lead_partners"]
    inlines = [ActionInline]


class ActionAdminForm(forms.ModelForm):
    """The action, plus the reason the admin must give when moving a due date already set."""

    due_date_reason = forms.CharField(
        label="Reason for moving the due date",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Needed only when you change the due date: kept in the action's history and shown on "
        "its page. The due date first agreed is kept as the original.",
    )

    class Meta:
        model = Action
        fields = [
            "objective",
            "ref",
            "description",
            "lead_people",
            "lead_partners",
            "supporting_people",
            "supporting_partners",
            "task_group",
            "start_date",
            "due_date",
            "due_date_reason",
            "timeframe",
            "success_measures",
            "status",
            "is_archived",
            "order",
        ]

    def clean(self):
        cleaned = super().clean()
        if self.due_date_moved() and not cleaned.get("due_date_reason"):
            self.add_error("due_date_reason", "Enter the reason for moving the due date")
        return cleaned

    def due_date_moved(self) -> bool:
        """An existing action's due date, already set, changed (setting the first one is no move)."""
        return bool(
            self.instance.pk and self.initial.get("due_date") is not None and "due_date" in self.changed_data
        )


@admin.register(Action)
class ActionAdmin(StaleCheckAdmin, SimpleHistoryAdmin):
    form = ActionAdminForm
    readonly_fields = ["original_due_date"]
    list_display = ["ref", "short_description", "objective", "due_date", "timeframe", "status", "is_archived"]
    list_display_links = ["ref", "short_description"]
    list_filter = ["objective__priority__plan", "status", "is_archived", "lead_partners"]
    search_fields = ["ref", "description", "success_measures", "task_group"]
    list_select_related = ["objective__priority"]
    autocomplete_fields = [
        "objective",
        "lead_people",
        "lead_partners",
        "supporting_people",
        "supporting_partners",
    ]
    date_hierarchy = "due_date"

    @admin.display(description="description")
    def short_description(self, obj: Action) -> str:
        return obj.description[:100]

    def save_model(self, request, obj, form, change) -> None:
        if change and form.due_date_moved():
            obj._change_reason = due_date_change_reason(
                form.initial["due_date"], obj.due_date, form.cleaned_data["due_date_reason"]
            )
        super().save_model(request, obj, form, change)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(StaleCheckAdmin, SimpleHistoryAdmin):
    list_display = ["name", "plan", "as_at", "opens_on", "closes_on", "state"]
    list_filter = ["plan", "state"]
    search_fields = ["name"]
    list_select_related = ["plan"]


@admin.register(PositionStatement)
class PositionStatementAdmin(StaleCheckAdmin, SimpleHistoryAdmin):
    list_display = ["action", "period", "rag", "proposed_rag", "author", "confirmed_at", "updated_at"]
    list_filter = ["period__plan", "period", "rag"]
    # The second key is turned only on the "Ratings to confirm" page, never typed in here.
    readonly_fields = [
        "proposed_rag",
        "confirmed_by",
        "confirmed_at",
        "change_reason",
        "carried_forward_from",
    ]
    search_fields = ["narrative", "action__ref", "action__description"]
    list_select_related = ["action", "period", "author"]
    autocomplete_fields = ["action", "period", "author"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A published period's statements are what the board was shown: they never change.
        if obj is not None and obj.period.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.period.is_published:
            return False
        return super().has_delete_permission(request, obj)


class TrajectoryFormSet(BaseInlineFormSet):
    """The trajectory is checked as a whole, as the measure's own setup page checks it: one baseline
    first, a target last, no two points on one date, a target only with a baseline."""

    def clean(self) -> None:
        super().clean()
        points = [
            trajectory.Point(date=data["date"], kind=data["kind"], value=data["value"])
            for data in (form.cleaned_data for form in self.forms if form.has_changed() or form.instance.pk)
            if data
            and not data.get("DELETE")
            and data.get("date")
            and data.get("kind")
            and data.get("value") is not None
        ]
        unit = getattr(self.instance, "unit", "")
        errors = trajectory.trajectory_errors(points, percent=unit == "percent")
        if errors:
            raise ValidationError(errors)


class TrajectoryPointInline(admin.TabularInline):
    model = TrajectoryPoint
    formset = TrajectoryFormSet
    fields = ["kind", "date", "value"]
    extra = 0


class BenchmarkInline(admin.TabularInline):
    model = Benchmark
    fields = ["name", "source"]
    extra = 0
    show_change_link = True


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "plan", "unit", "direction", "frequency", "lead_person", "order"]
    list_filter = ["plan", "unit", "frequency", "source"]
    search_fields = ["name", "definition"]
    list_select_related = ["plan", "lead_person"]
    filter_horizontal = ["priorities", "objectives", "actions"]
    inlines = [TrajectoryPointInline, BenchmarkInline]


@admin.register(MeasureValue)
class MeasureValueAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "period", "value", "refers_to", "rag", "proposed_rag", "confirmed_at"]
    list_filter = ["period__plan", "period", "rag"]
    # The second key is turned by the measures' own pages, never typed in here.
    readonly_fields = ["proposed_rag", "confirmed_by", "confirmed_at", "change_reason", "entered_by"]
    search_fields = ["measure__name", "commentary", "source"]
    list_select_related = ["measure", "period"]

    def has_change_permission(self, request, obj=None) -> bool:
        # A published period's figures are what the board was shown: they never change.
        if obj is not None and obj.period.is_published:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.period.is_published:
            return False
        return super().has_delete_permission(request, obj)


class BenchmarkValueInline(admin.TabularInline):
    model = BenchmarkValue
    fields = ["date", "value"]
    extra = 0


@admin.register(Benchmark)
class BenchmarkAdmin(SimpleHistoryAdmin):
    list_display = ["name", "measure", "source"]
    search_fields = ["name", "measure__name"]
    list_select_related = ["measure"]
    inlines = [BenchmarkValueInline]


class FindingInline(admin.StackedInline):
    model = Finding
    fields = ["reference", "kind", "text", "partners", "order"]
    extra = 0
    show_change_link = True


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "kind", "framework", "visit_start", "visit_end", "outcome", "published_on"]
    list_filter = ["plan", "kind", "framework"]
    search_fields = ["plan__title", "plan__local_area", "outcome"]
    list_select_related = ["plan"]
    inlines = [FindingInline]


class FindingAdminForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["inspection", "kind", "reference", "text", "partners", "objectives", "actions", "order"]

    def clean(self):
        """Only the inspected local area's plans answer a finding, as the findings' own services say."""
        cleaned = super().clean()
        inspection = cleaned.get("inspection")
        if inspection is not None:
            refusals = finding_link_refusals(
                inspection.plan.local_area,
                objectives=(cleaned.get("objectives") or Objective.objects.none()).select_related(
                    "priority__plan"
                ),
                actions=(cleaned.get("actions") or Action.objects.none()).select_related(
                    "objective__priority__plan"
                ),
            )
            for field, message in refusals.items():
                self.add_error(field, message)
        return cleaned


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    form = FindingAdminForm
    list_display = ["reference", "kind", "inspection", "order"]
    list_filter = ["inspection__plan", "kind"]
    search_fields = ["reference", "text"]
    list_select_related = ["inspection__plan"]
    filter_horizontal = ["partners", "objectives", "actions"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class SignInAdmin(UserAdmin):
    """Plan administrators manage sign-ins and roles, but cannot hand out superuser powers."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, "is_superuser", "is_staff", "user_permissions", "last_login", "date_joined")

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)
