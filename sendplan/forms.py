"""Forms and form helpers every app shares."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm


def add_errors(form: forms.Form, exc) -> None:
    """Put a service's ValidationError on the form: per field where it names one, else on top."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class DateInput(forms.DateInput):
    """The browser's own date picker. type="date" sends ISO dates, which Django parses, and shows a
    value only when it is given as an ISO date too (a locale format such as 01/09/2025 shows blank)."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None, format: str | None = None) -> None:
        super().__init__(attrs, format=format or "%Y-%m-%d")


class SignInForm(AuthenticationForm):
    """Django's sign-in form without autofocus, which GOV.UK advises against (it skips page context)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.pop("autofocus", None)
