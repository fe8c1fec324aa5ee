from django import forms

from actions.cycle.models import ReportingPeriod
from actions.plans.models import Priority
from sendplan.forms import SeenVersionForm

from .models import Pack
from .packs import MONITORING

NOTHING_TO_MONITOR = (
    "This plan has no inspection findings recorded, so a monitoring pack has nothing to report. Record the "
    "area SEND inspection and its findings first, then make the monitoring pack."
)


def has_findings(plan) -> bool:
    """Whether a monitoring pack of the plan has anything to report. One query."""
    return plan.inspections.filter(findings__isnull=False).exists()


class PackForm(SeenVersionForm):
    """A pack's audience, period, scope and cover text (validation only; services save)."""

    audience = forms.ChoiceField(
        choices=Pack.Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the pack is for"},
    )
    period = forms.ModelChoiceField(
        label="Reporting period",
        queryset=ReportingPeriod.objects.none(),
        empty_label=None,
        error_messages={
            "required": "Select the reporting period",
            "invalid_choice": "Select a reporting period of this plan",
        },
    )
    priorities = forms.ModelMultipleChoiceField(
        label="Priorities to include",
        queryset=Priority.objects.none(),
        required=False,
        help_text="Leave all unticked to include every priority.",
        widget=forms.CheckboxSelectMultiple(attrs={"govuk_small": True}),
    )
    title = forms.CharField(max_length=300, required=False, help_text="Leave blank for the standard title.")
    purpose = forms.CharField(
        label="Purpose of report",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Leave blank for the standard wording.",
    )
    context = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))
    recommendation = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example “That Schools Forum note the progress made.”",
    )
    author = forms.CharField(
        max_length=200, required=False, help_text="Name and job title, shown on the cover."
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = plan.periods.order_by("-as_at")
        self.fields["priorities"].queryset = plan.priorities.all()
        self.fields["priorities"].label_from_instance = lambda p: f"{p.ref} {p.title}".strip()[:150]
        self.plan_has_findings = has_findings(plan)
        self.fields["audience"].help_text = (
            "A monitoring pack reports progress on each finding of the area SEND inspection, for the "
            "Department for Education and NHS England; it covers every priority."
            if self.plan_has_findings
            else NOTHING_TO_MONITOR
        )

    def clean_audience(self) -> str:
        audience = self.cleaned_data["audience"]
        if audience == MONITORING and not self.plan_has_findings:
            raise forms.ValidationError(NOTHING_TO_MONITOR)
        return audience
