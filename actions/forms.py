from django import forms

from .models import Rag


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
