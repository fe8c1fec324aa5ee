"""The impact measures' forms: validation only; the services decide."""

import re
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat

from actions.cycle.forms import RatingConfirmForm
from actions.cycle.models import Rag
from actions.plans.models import Action, Objective, Plan, Priority
from partners.models import Partner, Person
from sendplan.forms import DateInput

from . import services, statistics
from .models import Direction, Frequency, Measure, MeasureValue, TrajectoryPoint, Unit

# --- Measure pages: entering a figure, confirming its rating.

# Units whose figure can be worked out from a numerator and a denominator.
RATE_UNITS: dict[str, str] = {Unit.PERCENT: "percentage", Unit.RATE_PER_10000: "rate per 10,000"}
FIGURE_LABELS: dict[str, str] = {
    Unit.PERCENT: "Figure (%)",
    Unit.NUMBER: "Figure",
    Unit.DAYS: "Figure (days)",
    Unit.POUNDS: "Figure (£)",
    Unit.RATE_PER_10000: "Figure (rate per 10,000)",
}


NUMBER_ATTRS = {"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
# What each rating means for a figure (the cycle's definitions speak of actions).
FIGURE_RAG_HINTS: dict[str, str] = {
    Rag.RED: "Worse than the trajectory expects, by more than the measure’s tolerance.",
    Rag.AMBER: "Worse than the trajectory expects, but within the measure’s tolerance.",
    Rag.GREEN: "On or better than the trajectory.",
    Rag.BLUE: "The target has been met.",
    Rag.NOT_RATED: "Not compared with the trajectory, for example because nothing is expected yet.",
}


class MeasureFigureForm(forms.Form):
    """A measure's figure for a reporting period. Numbers stay text here: `services.parse_number`
    reads them ("1,234.5") and the service and the model say what is wrong, field by field."""

    value = forms.CharField(
        label="Figure",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )
    numerator = forms.CharField(
        label="Numerator",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )
    denominator = forms.CharField(
        label="Denominator",
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs=NUMBER_ATTRS),
    )
    refers_to = forms.DateField(
        label="Date it refers to",
        widget=DateInput,
        error_messages={
            "required": "Enter the date the figure refers to",
            "invalid": "Enter the date the figure refers to as a real date, for example 31 July 2026",
        },
    )
    source = forms.CharField(
        label="Source (optional)",
        required=False,
        max_length=300,
        help_text="Where the figure comes from, for example “SEN2 return 2026” or “Case management "
        "system, 31 July 2026”.",
    )
    commentary = forms.CharField(
        label="Commentary (optional)",
        required=False,
        help_text="A short explanation of the figure and what is being done about it.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select a RAG rating"},
    )

    def __init__(self, *args: Any, measure: Measure, trajectory_hint: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        value = self.fields["value"]
        value.label = FIGURE_LABELS.get(measure.unit, "Figure")
        rate = RATE_UNITS.get(measure.unit)
        if rate:
            value.help_text = (
                f"Or leave this blank and give the numerator and denominator below: the {rate} is then "
                "worked out from them, and replaces any figure typed here."
            )
            self.fields["numerator"].help_text = MeasureValue._meta.get_field("numerator").help_text
            self.fields["denominator"].help_text = MeasureValue._meta.get_field("denominator").help_text
        else:
            del self.fields["numerator"], self.fields["denominator"]
        hints = {"": trajectory_hint, **FIGURE_RAG_HINTS}
        rag = cast(forms.ChoiceField, self.fields["rag"])
        rag.choices = [("", "Use the rating the trajectory gives"), *Rag.choices]
        rag.widget.attrs["option_hints"] = hints
        rag.help_text = (
            "Your rating is a proposal: a plan administrator or the lead of a priority the measure "
            "evidences confirms it."
        )

    def _number(self, name: str) -> Decimal | None:
        try:
            return services.parse_number(self.cleaned_data[name])
        except ValueError:
            raise forms.ValidationError(services.NOT_A_NUMBER) from None

    def clean_value(self) -> Decimal | None:
        return self._number("value")

    def clean_numerator(self) -> Decimal | None:
        return self._number("numerator")

    def clean_denominator(self) -> Decimal | None:
        return self._number("denominator")


class MeasureRatingConfirmForm(RatingConfirmForm):
    """The second key on a figure's rating: the same rules as a position statement's, with radios."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rag = self.fields["rag"]
        rag.label = "Which rating do you confirm?"
        rag.widget = forms.RadioSelect(choices=Rag.choices, attrs={"govuk_small": True})
        self.fields[
            "reason"
        ].help_text = "Kept with the figure and shown beside both ratings on the measure’s page."


# --- Published statistics: choosing the file, the column and the local area.


class StatisticsUploadForm(forms.Form):
    """The statistics file: read at once, so a file that cannot be read is refused before it is kept."""

    file = forms.FileField(
        label="Statistics file",
        help_text="A CSV file of published statistics, as downloaded (for example from the Department "
        "for Education's “explore education statistics” service), up to {limit}: a row for each area "
        "and year, with the local authority's code or name.",
        error_messages={"required": "Choose the statistics file to load"},
        allow_empty_file=True,  # refused by the reader, which names the file
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args: Any, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        self.fields["file"].help_text = self.fields["file"].help_text.format(limit=filesizeformat(max_bytes))
        self.statistics_file: statistics.StatisticsFile | None = None
        self.data_bytes = b""

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = upload.name or "The file"
        if (upload.size or 0) > self.max_bytes:
            raise forms.ValidationError(
                f"{name} is {filesizeformat(upload.size or 0)}: a statistics file must be smaller than "
                f"{filesizeformat(self.max_bytes)}. Filter it to the local authorities and years you need."
            )
        if not name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(
                f"{name} must be a CSV file (.csv): download the CSV file the statistics page offers, or "
                "save the sheet as “CSV (comma delimited)”"
            )
        data = upload.read()
        try:
            self.statistics_file = statistics.read_statistics(data, filename=name, max_bytes=self.max_bytes)
        except statistics.StatisticsFileError as error:
            raise forms.ValidationError(str(error)) from error
        self.data_bytes = data
        return upload


class StatisticsChoiceForm(forms.Form):
    """Which figures to load. The choices are checked against the file by `statistics.plan_load`, whose
    problems about them are put on these fields."""

    token = forms.CharField(widget=forms.HiddenInput)
    column = forms.CharField(
        label="Column of figures",
        help_text="The column that holds the measure's figure.",
        error_messages={"required": "Choose the column that holds the figure"},
    )
    local_authority = forms.CharField(
        label="Local authority",
        help_text="The local authorities the file has, by name and code.",
        error_messages={"required": "Choose the local authority whose figures to load"},
    )
    england = forms.BooleanField(
        label="Load England’s figures (the National rows) as a comparator", required=False
    )
    region = forms.BooleanField(
        label="Load the local authority’s region’s figures (the Regional rows) as a comparator",
        required=False,
    )

    def __init__(self, *args: Any, statistics_file: statistics.StatisticsFile, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = statistics_file.value_columns
        self.fields["column"].widget = forms.Select(
            choices=[("", "Choose a column")] * (len(columns) != 1) + [(c, c) for c in columns]
        )
        self.fields["local_authority"].widget = forms.Select(
            choices=[("", "Choose a local authority")]
            + [(la.code or la.old_code or la.name, la.label) for la in statistics_file.local_authorities]
        )


# --- Setting up a measure: its fields, what it evidences, its trajectory and its comparators.

POINT_ROWS = 6  # blank trajectory rows offered beyond those saved: a baseline, milestones, a target
COMPARATOR_ROWS = 8  # blank comparator rows offered beyond those saved


def _number_input() -> forms.TextInput:
    return forms.TextInput(
        attrs={"inputmode": "decimal", "spellcheck": "false", "class": "govuk-input--width-10"}
    )


class RefTitleChoiceField(forms.ModelMultipleChoiceField):
    """Priorities or objectives to tick, each labelled by its ref and title."""

    def label_from_instance(self, obj: Priority | Objective) -> str:
        return f"{obj.ref} {obj.title}".strip()


class MeasureForm(forms.Form):
    """A measure's fields and what it evidences. Numbers stay text: the service reads and checks them."""

    name = forms.CharField(
        label="Name",
        max_length=300,
        help_text="For example “New EHC plans issued within 20 weeks”.",
        error_messages={"required": "Enter the measure's name"},
    )
    definition = forms.CharField(
        label="Definition (optional)",
        required=False,
        help_text="Exactly what is counted, and what it is counted out of.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    unit = forms.ChoiceField(label="Unit", choices=Unit.choices, widget=forms.RadioSelect)
    direction = forms.ChoiceField(
        label="Which way is better?", choices=Direction.choices, widget=forms.RadioSelect
    )
    frequency = forms.ChoiceField(label="How often is it reported?", choices=Frequency.choices)
    tolerance = forms.CharField(
        label="Tolerance",
        required=False,
        max_length=40,
        help_text="How far worse than the trajectory, in the measure's unit, a figure can be and still be "
        "Amber rather than Red. For example 5 (percentage points), or 0 for none.",
        widget=_number_input(),
    )
    lead_person = forms.ModelChoiceField(
        label="Lead (optional)",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No lead yet",
        help_text="Who enters the figure each reporting period. They are reminded when it is due.",
    )
    lead_partner = forms.ModelChoiceField(
        label="Lead partner (optional)", queryset=Partner.objects.none(), required=False, empty_label="None"
    )
    priorities = RefTitleChoiceField(
        label="Priorities it evidences",
        queryset=Priority.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    objectives = RefTitleChoiceField(
        label="Objectives it evidences",
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actions = forms.CharField(
        label="Actions it evidences (optional)",
        required=False,
        help_text="Their refs, separated by commas, for example “1.2.a, 3.1.c”.",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        lead_person = cast("forms.ModelChoiceField[Person]", self.fields["lead_person"])
        lead_person.queryset = Person.objects.order_by("name")
        lead_partner = cast("forms.ModelChoiceField[Partner]", self.fields["lead_partner"])
        lead_partner.queryset = Partner.objects.order_by("name")
        priorities = cast(RefTitleChoiceField, self.fields["priorities"])
        priorities.queryset = plan.priorities.order_by("order", "pk")
        objectives = cast(RefTitleChoiceField, self.fields["objectives"])
        objectives.queryset = (
            Objective.objects.filter(priority__plan=plan)
            .select_related("priority")
            .order_by("priority__order", "priority__pk", "order", "pk")
        )

    def clean_actions(self) -> list[Action]:
        """The refs typed, as the plan's live actions; each unknown ref is named."""
        refs = [ref.strip() for ref in re.split(r"[,;\n]+", self.cleaned_data["actions"]) if ref.strip()]
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


class TrajectoryPointForm(forms.Form):
    """One row of the trajectory table; a blank row is ignored."""

    kind = forms.ChoiceField(
        label="Point", required=False, choices=[("", "Not used"), *TrajectoryPoint.Kind.choices]
    )
    date = forms.DateField(
        label="Date",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the point's date as a real date, for example 1 September 2025"},
    )
    value = forms.CharField(label="Value", required=False, max_length=40, widget=_number_input())

    def point(self) -> tuple[str, object, object] | None:
        data = self.cleaned_data
        if not (data.get("kind") or data.get("date") or (data.get("value") or "").strip()):
            return None
        return (data.get("kind") or "", data.get("date"), data.get("value"))


TrajectoryFormSet = forms.formset_factory(TrajectoryPointForm, extra=0)


class ComparatorForm(forms.Form):
    """A comparator series' name and source; its figures come from `ComparatorFigureFormSet`."""

    name = forms.CharField(
        label="Comparator",
        max_length=200,
        help_text="For example “England”, “West Midlands” or “Statistical neighbours”.",
        error_messages={"required": "Enter the comparator's name, for example “England”"},
    )


class ComparatorFigureForm(forms.Form):
    date = forms.DateField(
        label="Date",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the date as a real date, for example 31 August 2025"},
    )
    value = forms.CharField(label="Figure", required=False, max_length=40, widget=_number_input())

    def figure(self) -> tuple[object, object] | None:
        data = self.cleaned_data
        if not (data.get("date") or (data.get("value") or "").strip()):
            return None
        return (data.get("date"), data.get("value"))


ComparatorFigureFormSet = forms.formset_factory(ComparatorFigureForm, extra=0)
