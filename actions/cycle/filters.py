"""The action list's filters. RAG, overdue and the rating's marks filter on the annotations made by
the selector; as at a chosen period, on the same per-action states the dashboard counts."""

import django_filters
from django import forms
from django.db.models import F, Q

from actions.cycle.models import NO_UPDATE, NO_UPDATE_LABEL, Movement, Rag, ReportingPeriod
from actions.plans.models import Action, Objective, Plan, Priority
from partners.models import Partner, Person
from sendplan.forms import DateInput
from sendplan.lookups import IdIn


def parse_pk(value) -> int | None:
    """A primary key from a query string, or None for anything else ("abc", "²", 25 nines)."""
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


PERIOD_FILTERS = ("movement", "escalation", "updated", "carried")


class ActionFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if not data.get("period") and any(data.get(name) not in (None, "") for name in PERIOD_FILTERS):
            raise forms.ValidationError(
                "Choose a reporting period under “RAG as at”: movement, escalation, statements "
                "in this period and carrying forward are measured against it."
            )
        return data


RAG_FILTER_CHOICES = [*Rag.choices, (NO_UPDATE, NO_UPDATE_LABEL)]


def _yes_no(label: str, field_name: str, method: str, *, yes: str, no: str) -> django_filters.BooleanFilter:
    """A yes/no filter shown as a select: "Any" first, so that a blank choice leaves the list alone."""
    return django_filters.BooleanFilter(
        label=label,
        field_name=field_name,
        method=method,
        widget=forms.Select(choices=[("", "Any"), ("true", yes), ("false", no)]),
    )


class ActionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="filter_text", help_text="Ref, description or success measures"
    )
    plan = django_filters.ModelChoiceFilter(
        label="Plan",
        field_name="objective__priority__plan",
        queryset=Plan.objects.all(),
        empty_label="All plans",
    )
    period = django_filters.ModelChoiceFilter(
        label="RAG as at",
        queryset=ReportingPeriod.objects.select_related("plan"),
        method="filter_period",
        empty_label="Latest statement",
    )
    priority = django_filters.ModelChoiceFilter(
        label="Priority",
        field_name="objective__priority",
        queryset=Priority.objects.none(),
        empty_label="All priorities",
    )
    objective = django_filters.ModelChoiceFilter(
        label="Objective", queryset=Objective.objects.none(), empty_label="All objectives"
    )
    lead = django_filters.ModelChoiceFilter(
        label="Lead person", field_name="lead_people", queryset=Person.objects.all(), empty_label="Anyone"
    )
    partner = django_filters.ModelChoiceFilter(
        label="Partner (lead or supporting)",
        queryset=Partner.objects.all(),
        method="filter_partner",
        empty_label="Any partner",
    )
    rag = django_filters.MultipleChoiceFilter(
        label="RAG rating",
        choices=RAG_FILTER_CHOICES,
        method="filter_rag",
        widget=forms.CheckboxSelectMultiple(attrs={"govuk_small": True}),
    )
    confirmation = django_filters.ChoiceFilter(
        label="Rating confirmed",
        choices=[("unconfirmed", "Unconfirmed"), ("confirmed", "Confirmed")],
        method="filter_confirmation",
        empty_label="Any",
        help_text="An action without a rating (No update) is neither.",
    )
    overdue = _yes_no("Overdue", "is_overdue", "filter_overdue", yes="Overdue only", no="Not overdue")
    due_after = django_filters.DateFilter(
        label="Due on or after",
        field_name="due_date",
        lookup_expr="gte",
        widget=DateInput(),
    )
    due_before = django_filters.DateFilter(
        label="Due on or before",
        field_name="due_date",
        lookup_expr="lte",
        widget=DateInput(),
    )
    slipped = _yes_no(
        "Due date moved later", "is_slipped", "filter_slipped", yes="Re-baselined later", no="Not moved later"
    )
    status = django_filters.ChoiceFilter(choices=Action.Status.choices, empty_label="Any status")
    lead_partner = django_filters.ModelChoiceFilter(
        label="Lead partner", field_name="lead_partners", queryset=Partner.objects.all(), empty_label="Any"
    )
    # These compare the chosen period with the one before it, so they need "RAG as at".
    movement = django_filters.ChoiceFilter(
        label="Movement since the previous period",
        choices=Movement.choices,
        method="filter_movement",
        empty_label="Any",
    )
    escalation = django_filters.ChoiceFilter(
        label="Escalation",
        choices=[("newly_red", "Newly Red"), ("red_streak", "Red for two or more periods")],
        method="filter_escalation",
        empty_label="Any",
    )
    updated = _yes_no(
        "Statement in this period", "updated_in_period", "filter_updated", yes="Recorded", no="Not recorded"
    )
    carried = _yes_no(
        "Carried forward (no change since last period)",
        "current_carried",
        "filter_carried",
        yes="Carried forward",
        no="Not carried forward",
    )

    class Meta:
        model = Action
        fields: list[str] = []
        form = ActionFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        plan_id = parse_pk((data or {}).get("plan"))
        priorities = Priority.objects.select_related("plan")
        objectives = Objective.objects.select_related("priority__plan")
        periods = self.filters["period"].queryset
        if plan_id is not None:
            priorities = priorities.filter(plan_id=plan_id)
            objectives = objectives.filter(priority__plan_id=plan_id)
            periods = periods.filter(plan_id=plan_id)
        self.filters["priority"].queryset = priorities
        self.filters["objective"].queryset = objectives
        self.filters["period"].queryset = periods.order_by("plan__title", "-as_at")
        self.form.fields["priority"].label_from_instance = lambda p: f"{p.plan.title}: {p}"[:120]
        self.form.fields["objective"].label_from_instance = lambda o: f"{o}"[:120]
        self.form.fields["period"].label_from_instance = lambda p: f"{p.plan.title}: {p.name}"

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(ref__iexact=value)
            | Q(description__icontains=value)
            | Q(success_measures__icontains=value)
            | Q(task_group__icontains=value)
        )

    def filter_period(self, queryset, name, value):
        # The selector has already applied the period's "as at" date to the annotations.
        return queryset.filter(objective__priority__plan=value.plan_id) if value else queryset

    # With a period chosen, everything measured as at the period selects from each action's state
    # (selectors.period_states): the same states the dashboard counts, so a count and its list agree,
    # and a 5,000-action plan is filtered without re-running the ratings subqueries.
    states: list | None = None

    # With a plan chosen and no period, the latest rating and "overdue today" select from the plan's
    # rows as the plan page counts them (selectors.plan_rows), kept up to date as statements arrive.
    latest: list | None = None

    def _matching(self, queryset, keep):
        if self.states is None:  # no period chosen: the form shows why these filters need one
            return queryset.none()
        return queryset.filter(IdIn(F("pk"), [s.pk for s in self.states if keep(s)]))

    def _matching_latest(self, queryset, keep):
        return queryset.filter(IdIn(F("pk"), [row.pk for row in self.latest or () if keep(row)]))

    def filter_movement(self, queryset, name, value):
        return self._matching(queryset, lambda s: s.movement == value)

    def filter_escalation(self, queryset, name, value):
        wanted = "is_newly_red" if value == "newly_red" else "is_red_streak"
        return self._matching(queryset, lambda s: getattr(s, wanted))

    def filter_updated(self, queryset, name, value):
        return self._matching(queryset, lambda s: s.updated_in_period == value)

    def filter_carried(self, queryset, name, value):
        return self._matching(queryset, lambda s: s.is_carried_forward == value)

    def filter_confirmation(self, queryset, name, value):
        # Without a rating (no statement, or "No update") there is nothing to confirm: neither.
        if self.states is not None:
            if value == "unconfirmed":
                return self._matching(queryset, lambda s: s.is_unconfirmed)
            return self._matching(queryset, lambda s: s.confirmed is True)
        return queryset.filter(current_confirmed=value == "confirmed")

    def filter_slipped(self, queryset, name, value):
        if self.states is not None:
            return self._matching(queryset, lambda s: s.slipped == value)
        return queryset.filter(is_slipped=value)

    def filter_overdue(self, queryset, name, value):
        if self.states is not None:
            return self._matching(queryset, lambda s: s.is_overdue == value)
        if self.latest is not None:
            return self._matching_latest(queryset, lambda row: row.is_overdue == value)
        return queryset.filter(is_overdue=value)

    def filter_partner(self, queryset, name, value):
        through = Action.lead_partners.through
        supporting = Action.supporting_partners.through
        return queryset.filter(
            Q(pk__in=through.objects.filter(partner=value).values("action_id"))
            | Q(pk__in=supporting.objects.filter(partner=value).values("action_id"))
        )

    def filter_rag(self, queryset, name, values):
        if not values:
            return queryset
        if self.states is not None:
            return self._matching(queryset, lambda s: (s.rag or NO_UPDATE) in values)
        if self.latest is not None:
            return self._matching_latest(queryset, lambda row: (row.rag or NO_UPDATE) in values)
        # "No update": no statement at all, or the "No update" a closing period wrote.
        q = Q(current_rag__in=values)
        if NO_UPDATE in values:
            q |= Q(current_rag__isnull=True)
        return queryset.filter(q)
