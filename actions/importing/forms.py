"""The import pages' forms: validation only."""

from django import forms
from django.template.defaultfilters import filesizeformat

from .preview import field_choices


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

    def __init__(self, *args, preview: dict, **kwargs):
        super().__init__(*args, **kwargs)
        sheets = preview.get("sheets") or []
        if len(sheets) > 1:
            self.fields["sheet"] = forms.ChoiceField(
                label="Sheet holding the plan",
                choices=[(s, s) for s in sheets],
                initial=preview.get("sheet"),
            )
        self.columns = []
        for column in preview.get("columns", []):
            name = f"column_{column['letter']}"
            self.fields[name] = forms.ChoiceField(
                label=f"Column {column['letter']}: {column['header'] or '(no heading)'}",
                choices=field_choices(),
                required=False,
                initial=column["field"],
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
