from django import forms
from django.template.defaultfilters import filesizeformat

from .models import Rag


def add_errors(form: forms.Form, exc) -> None:
    """Put a service's ValidationError on the form: per field where it names one, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DateInput(forms.DateInput):
    """The browser's own date picker (type="date" sends ISO dates, which Django parses)."""

    input_type = "date"


class PositionStatementForm(forms.Form):
    """The RAG rating with its definitions beside each choice, and the narrative."""

    rag = forms.ChoiceField(
        label="RAG rating",
        choices=Rag.choices,
        widget=forms.RadioSelect(attrs={"option_hints": {r.value: r.definition for r in Rag}}),
        error_messages={"required": "Select a RAG rating"},
    )
    narrative = forms.CharField(
        label="Position statement",
        help_text="Progress since the last update, the evidence of impact, and the next steps.",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": "Enter the position statement"},
        strip=True,
    )


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
        from .importing.preview import field_choices

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


# Reporting periods and reminders ---------------------------------------------


class ReportingPeriodForm(forms.Form):
    """Opening a reporting period: its name, its as-at date and the date updates are due by."""

    name = forms.CharField(
        label="Name",
        help_text="For example “Summer term 2026”.",
        max_length=100,
        error_messages={"required": "Enter a name for the reporting period"},
    )
    as_at = forms.DateField(
        label="As at",
        help_text="The date the position statements describe, usually the end of the term.",
        widget=DateInput,
        error_messages={
            "required": "Enter the date the position statements describe",
            "invalid": "Enter the as-at date as a real date, for example 31 July 2026",
        },
    )
    closes_on = forms.DateField(
        label="Updates due by",
        help_text="Leads are reminded by email before this date, and again after it if they have not "
        "written their position statements.",
        widget=DateInput,
        error_messages={
            "required": "Enter the date updates are due by",
            "invalid": "Enter the date updates are due by as a real date, for example 10 July 2026",
        },
    )


class PeriodReopenForm(forms.Form):
    """Reopening a closed or published period needs a reason; a new deadline is optional."""

    reason = forms.CharField(
        label="Why are you reopening this reporting period?",
        help_text="This is kept in the period’s history and shown on its progress page.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason for reopening the reporting period"},
        strip=True,
    )
    closes_on = forms.DateField(
        label="New date updates are due by (optional)",
        help_text="Leave blank to keep the current deadline.",
        required=False,
        widget=DateInput,
        error_messages={"invalid": "Enter the new deadline as a real date, for example 24 July 2026"},
    )


class ReminderSettingsForm(forms.Form):
    receives_reminders = forms.BooleanField(
        label="Email me reminders when my position statements are due",
        help_text="A reminder before the deadline and one after it, listing the actions you lead that "
        "have no position statement yet.",
        required=False,
    )


# Ratings, carrying forward, due dates ----------------------------------------


class RatingConfirmForm(forms.Form):
    """The second key: no rating confirms the one proposed; another rating needs a reason."""

    rag = forms.ChoiceField(
        label="Confirmed RAG rating",
        choices=Rag.choices,
        required=False,
        error_messages={"invalid_choice": "Select a RAG rating"},
    )
    reason = forms.CharField(
        label="Why are you changing the rating?",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change = forms.BooleanField(required=False, widget=forms.HiddenInput)  # the "change the rating" form

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("change") and not cleaned.get("rag") and "rag" not in self.errors:
            self.add_error("rag", "Select the rating to confirm")
        return cleaned


class DueDateForm(forms.Form):
    """Moving an action's due date: the new date and why (kept in the action's history)."""

    due_date = forms.DateField(
        label="New due date",
        widget=DateInput,
        error_messages={
            "required": "Enter the new due date",
            "invalid": "Enter the new due date as a real date, for example 31 October 2026",
        },
    )
    reason = forms.CharField(
        label="Reason for moving the due date",
        help_text="Kept in the action's history and shown on its page, for example “Funding "
        "confirmed a term later than planned”.",
        required=False,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
