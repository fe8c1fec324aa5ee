"""The import pages' forms: validation only."""

from django import forms
from django.template.defaultfilters import filesizeformat

from sendplan.forms import DateInput, ManyOptionsSelect, SeenVersionForm

from .corrections import MAX_NAME, ROW_CHOICES
from .preview import field_choices
from .services import MAX_PERIOD_NAME


class PlanImportForm(forms.Form):
    """The upload: the file, and for a new plan its title and local area."""

    file = forms.FileField(
        label="Plan spreadsheet",
        help_text="An Excel workbook (.xlsx) or a CSV file, up to {limit}. Nothing is saved until you "
        "have checked the preview and confirmed.",
        error_messages={"required": "Choose the spreadsheet to import"},
        widget=forms.FileInput(attrs={"accept": ".xlsx,.xlsm,.csv"}),
    )
    title = forms.CharField(
        label="Plan title (optional)",
        help_text="Leave blank to use the title at the top of the spreadsheet.",
        max_length=300,
        required=False,
    )
    local_area = forms.CharField(
        label="Local area (optional)",
        help_text="For example “Telford and Wrekin”. You can set it later on the plan.",
        max_length=200,
        required=False,
    )

    def __init__(self, *args, new_plan: bool = True, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(max_bytes)
        self.fields["file"].help_text = self.fields["file"].help_text.format(limit=limit)
        self.max_bytes = max_bytes
        if not new_plan:
            del self.fields["title"]
            del self.fields["local_area"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or "The file"
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                f"{name} is {filesizeformat(upload.size)}: the file must be smaller than "
                f"{filesizeformat(self.max_bytes)}. Remove other sheets or images, or split the plan."
            )
        if not name.lower().endswith((".xlsx", ".xlsm", ".csv")):
            raise forms.ValidationError(f"{name} must be an Excel workbook (.xlsx) or a CSV file (.csv)")
        return upload


class ImportMappingForm(forms.Form):
    """The preview's choices: which sheet holds the plan, and what each column is read as."""

    def __init__(self, *args, preview: dict, chosen_sheet: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        sheets = preview.get("sheets") or []
        if len(sheets) > 1:
            read = preview.get("sheets_read") or [preview.get("sheet")]
            detected = (
                f"Every sheet laid out like the plan (now {len(read)}: {', '.join(read)})"
                if len(read) > 1 and not chosen_sheet
                else "Every sheet laid out like the plan"
            )
            self.fields["sheet"] = forms.ChoiceField(
                label="Sheets holding the plan",
                choices=[("", detected), *((s, f"Only “{s}”") for s in sheets)],
                initial=chosen_sheet,
                required=False,
            )
        self.columns = []
        for column in preview.get("columns", []):
            name = f"column_{column['letter']}"
            self.fields[name] = forms.ChoiceField(
                label=f"Column {column['letter']}: {column['header'] or '(no heading)'}",
                choices=field_choices(),
                required=False,
                initial=column["field"],
                widget=ManyOptionsSelect,
            )
            self.columns.append((column, name))

    def bound_columns(self):
        """(column, bound field) pairs for the mapping table."""
        return [(column, self[name]) for column, name in self.columns]

    def overrides(self) -> dict[str, str]:
        """Only the columns the user changed: the rest keep the detected reading."""
        return {
            column["letter"]: self.cleaned_data[name]
            for column, name in self.columns
            if self.cleaned_data[name] != column["field"]
        }


class ImportRowForm(forms.Form):
    """How one row of the sheet is read: "" undoes the user's earlier choice."""

    prefix = "row"
    row = forms.IntegerField(
        label="Row number",
        help_text="As numbered in the spreadsheet, on the left.",
        min_value=1,
        error_messages={
            "required": "Enter the number of the row to change, like 12",
            "invalid": "Enter the row's number in figures, like 12",
            "min_value": "Enter a row number of 1 or more",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
    )
    choice = forms.ChoiceField(
        label="Read the row as",
        choices=[*ROW_CHOICES.items(), ("", "As sendplan detected it (undo a change)")],
        required=False,
        initial="heading",
        error_messages={"invalid_choice": "Choose how the row is read from the list"},
    )


class ImportPeriodForm(forms.Form):
    """The reporting period of one position statement column."""

    column = forms.CharField(widget=forms.HiddenInput, max_length=3)
    name = forms.CharField(
        label="Reporting period",
        help_text="For example “Spring 2026” or “March 2026”.",
        max_length=MAX_PERIOD_NAME,
        error_messages={
            "required": "Enter the reporting period's name, like “Spring 2026”",
            "max_length": f"The reporting period's name must be {MAX_PERIOD_NAME} characters or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )
    as_at = forms.DateField(
        label="As at",
        help_text="The date the statements describe.",
        error_messages={
            "required": "Enter the date the statements were true at",
            "invalid": "Enter the as-at date as a real date, like 31 March 2026",
        },
        widget=DateInput,
    )

    def __init__(self, data=None, *, column: dict):
        letter = column["letter"]
        super().__init__(data, auto_id=f"id_period_{letter}_%s", initial={"column": letter})
        self.statement_column = column
        if column.get("period"):
            self.fields["name"].initial = column["period"]
            self.fields["as_at"].initial = column["as_at"]
        self.fields["name"].label = f"Reporting period of column {letter}"
        self.fields["as_at"].label = f"As at date of column {letter}"


class ImportRenameForm(forms.Form):
    """Rename a person or partner the preview lists, or merge them into another listed name."""

    name = forms.ChoiceField(
        label="Name as read",
        widget=ManyOptionsSelect,
        error_messages={
            "required": "Choose the name to change",
            "invalid_choice": "Choose a name the preview lists: %(value)s is not one of them",
        },
    )
    new_name = forms.CharField(
        label="Use the name",
        help_text="Type a new name, or choose one already listed to merge the two.",
        max_length=MAX_NAME,
        error_messages={
            "required": "Enter the name to use",
            "max_length": f"The name must be {MAX_NAME} characters or fewer",
        },
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "autocomplete": "off"}),
    )

    def __init__(self, data=None, *, kind: str, names: list[dict], chosen: str = ""):
        super().__init__(data, prefix=kind, initial={"name": chosen})
        self.kind = kind
        self.names = [n["name"] for n in names]
        name_field = self.fields["name"]
        assert isinstance(name_field, forms.ChoiceField)
        name_field.choices = [(n, n) for n in self.names]
        what = "person" if kind == "person" else "partner"
        self.fields["name"].label = f"The {what} as read"
        self.fields["new_name"].widget.attrs["list"] = f"{kind}-names"


class ImportConfirmForm(SeenVersionForm):
    """The preview's Confirm button: the version of the reading checked, and what it would save."""

    summary = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)
