"""The findings pages' forms: validation only; the services decide (and say what is wrong)."""

import re
from typing import Any, cast

from django import forms

from actions.plans.models import Action, Objective, Plan
from partners.models import Partner
from sendplan.forms import DateInput

from .models import Finding, FindingKind, Framework, Inspection, Outcome


def _date_field(label: str, what: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a real date, for example 6 June 2025",
        },
    )


class InspectionForm(forms.Form):
    """An inspection's kind, framework, dates, outcome and report."""

    kind = forms.ChoiceField(
        label="Kind of inspection", choices=Inspection.Kind.choices, widget=forms.RadioSelect
    )
    framework = forms.ChoiceField(label="Framework", choices=Framework.choices, widget=forms.RadioSelect)
    visit_start = _date_field("First day of the visit", "the first day of the visit")
    visit_end = _date_field(
        "Last day of the visit (optional)",
        "the last day of the visit",
        required=False,
        help_text="Leave blank for a visit of one day, such as an engagement meeting.",
    )
    outcome = forms.ChoiceField(
        label="Outcome (2023 framework)",
        required=False,
        choices=[("", "Not given"), *Outcome.choices],
        help_text="One of the framework's three outcomes, as the report gives it.",
    )
    outcome_earlier = forms.CharField(
        label="Outcome (earlier framework, optional)",
        required=False,
        max_length=300,
        help_text="As the report words it, for example “A written statement of action is required”.",
    )
    report_url = forms.URLField(
        label="Link to the report (optional)",
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": "Enter the report's link as a web address, for example https://…"},
    )
    published_on = _date_field(
        "Date the report was published (optional)", "the date the report was published", required=False
    )

    def inspection_fields(self) -> dict[str, Any]:
        """The service's keyword arguments: the outcome is the framework's own."""
        data = self.cleaned_data
        earlier = data["framework"] == Framework.EARLIER_2016
        return {
            "kind": data["kind"],
            "framework": data["framework"],
            "visit_start": data["visit_start"],
            "visit_end": data["visit_end"] or data["visit_start"],
            "outcome": data["outcome_earlier"] if earlier else data["outcome"],
            "report_url": data["report_url"],
            "published_on": data["published_on"],
        }

    @staticmethod
    def initial_for(inspection: Inspection | None) -> dict[str, object]:
        if inspection is None:
            return {"kind": Inspection.Kind.FULL, "framework": Framework.AREA_SEND_2023}
        earlier = inspection.framework == Framework.EARLIER_2016
        return {
            "kind": inspection.kind,
            "framework": inspection.framework,
            "visit_start": inspection.visit_start,
            "visit_end": inspection.visit_end,
            "outcome": "" if earlier else inspection.outcome,
            "outcome_earlier": inspection.outcome if earlier else "",
            "report_url": inspection.report_url,
            "published_on": inspection.published_on,
        }


class PartnerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Partner) -> str:
        return obj.name


def _partners_field(label: str) -> PartnerChoiceField:
    return PartnerChoiceField(
        label=label,
        queryset=Partner.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The partners the report says must act, such as the council or the integrated care board.",
    )


def _kind_choices(inspection: Inspection, empty: str) -> list[tuple[str, str]]:
    return [("", empty), *[(k, FindingKind(k).label) for k in inspection.finding_kinds]]


class FindingForm(forms.Form):
    """One finding: its reference, kind, text and the partners it is directed to."""

    reference = forms.CharField(
        label="Reference",
        max_length=40,
        help_text="As in the report, for example “API 1” or “AFI 3”.",
        error_messages={"required": "Enter the finding's reference, as in the report, for example “API 1”"},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "spellcheck": "false"}),
    )
    kind = forms.ChoiceField(label="Kind of finding", required=False)
    text = forms.CharField(
        label="Finding",
        help_text="As the report words it.",
        error_messages={"required": "Enter the finding's text"},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    partners = _partners_field("Directed to (optional)")

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["kind"])
        kind.choices = _kind_choices(
            inspection, "As the reference says (API: priority action, AFI: improvement)"
        )


class PasteForm(forms.Form):
    """The report's list of findings, pasted; split by `paste.split_findings`."""

    text = forms.CharField(
        label="The findings, as listed in the report",
        help_text="One finding a line or a numbered paragraph, for example “API 1: Leaders must …” or "
        "“1. Leaders should …” under a heading “Areas for improvement”.",
        error_messages={"required": "Paste at least one finding"},
        widget=forms.Textarea(attrs={"rows": 14, "spellcheck": "false"}),
    )
    default_kind = forms.ChoiceField(
        label="Kind of the findings that do not say (optional)",
        required=False,
        help_text="Used for a finding that is neither labelled (“API 1”, “AFI 2”) nor under a heading.",
    )
    partners = _partners_field("Directed to (optional)")

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = cast(forms.ChoiceField, self.fields["default_kind"])
        kind.choices = _kind_choices(inspection, "Only as labelled or under a heading")


def split_refs(raw: str) -> list[str]:
    return [ref.strip() for ref in re.split(r"[,;\n]+", raw or "") if ref.strip()]


class LinkForm(forms.Form):
    """What answers a finding: objectives and actions ticked, and action refs typed (of the finding's
    plan). Any action or objective may be ticked here: the service refuses another local area's."""

    objectives = forms.ModelMultipleChoiceField(
        queryset=Objective.objects.all(),
        required=False,
        error_messages={"invalid_choice": "Objective %(value)s does not exist: tick them from the list"},
    )
    actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.live(),
        required=False,
        error_messages={"invalid_choice": "Action %(value)s does not exist: tick actions from the list"},
    )
    action_refs = forms.CharField(
        label="Action refs (optional)",
        required=False,
        help_text="Actions of this plan by their refs, separated by commas, for example “1.2.a, 3.1.c”: "
        "added to those ticked below.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_action_refs(self) -> list[Action]:
        """The refs typed, as the plan's live actions; each unknown ref is named."""
        refs = split_refs(self.cleaned_data["action_refs"])
        if not refs:
            return []
        found = list(Action.objects.live().for_plan(self.plan).filter(ref__in=refs).in_plan_order())
        unknown = [ref for ref in dict.fromkeys(refs) if ref not in {a.ref for a in found}]
        if unknown:
            words = ", ".join(f"“{ref}”" for ref in unknown)
            raise forms.ValidationError(
                f"No action in this plan has the ref {words}"
                if len(unknown) == 1
                else f"No action in this plan has these refs: {words}"
            )
        return found

    def chosen_actions(self) -> list[Action]:
        """Those ticked and those typed, once each, in the order given."""
        chosen = {a.pk: a for a in self.cleaned_data["actions"]}
        for action in self.cleaned_data["action_refs"]:
            chosen.setdefault(action.pk, action)
        return list(chosen.values())


class ActionFindingsForm(forms.Form):
    """The findings an action answers. Any finding may be ticked: the service refuses another local
    area's with its reason."""

    findings = forms.ModelMultipleChoiceField(
        queryset=Finding.objects.all(),
        required=False,
        error_messages={"invalid_choice": "Finding %(value)s does not exist: tick findings from the list"},
    )
