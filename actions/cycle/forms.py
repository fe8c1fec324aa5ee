"""The termly cycle's forms: validation only; the services decide."""

from django import forms

from sendplan.forms import DateInput, SeenVersionForm

from .models import Rag


class PositionStatementForm(SeenVersionForm):
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


class PeriodSettingsForm(SeenVersionForm, ReportingPeriodForm):
    """Correcting a period's name and dates, with the version it was opened on."""


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


class RatingConfirmForm(SeenVersionForm):
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


class DueDateForm(SeenVersionForm):
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
