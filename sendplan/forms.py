"""Forms and form helpers every app shares."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import QueryDict

from .concurrency import EditConflict


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


class SeenVersionForm(forms.Form):
    """A form that carries the version of the row it was opened on (`sendplan.concurrency`)."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def seen_version(self) -> int | None:
        return self.cleaned_data.pop("version", None)


def show_conflict(form: forms.Form, conflict, differences) -> dict:
    """The form again after an `EditConflict`: the message in its error summary, the person's own
    words kept, and the newer version carried, so saving again deliberately puts theirs on top.

    Returns the template context for `includes/edit_conflict.html`."""
    form.add_error(
        None, f"{conflict.message}. Check their version below, then save yours on top or keep theirs."
    )
    data = QueryDict(mutable=True)
    data.update(form.data)  # every value of every field, as posted
    data["version"] = str(conflict.version)
    form.data = data
    return {"conflict": conflict, "differences": [d for d in differences if d.theirs != d.yours]}


def save_or_show(form: SeenVersionForm, save, differences) -> tuple[Any, dict]:
    """Call a service as `save(seen_version=..., **form.cleaned_data)` for a valid versioned form.

    A ValidationError goes on the form; an EditConflict is shown beside it (`show_conflict`, with the
    `differences(saved_row, typed)` the view reads). Returns what the service returned (None when it
    did not save) and the conflict's template context ({} without one).
    """
    try:
        return save(seen_version=form.seen_version(), **form.cleaned_data), {}
    except ValidationError as exc:
        add_errors(form, exc)
    except EditConflict as exc:
        return None, show_conflict(form, exc, differences(exc.current, form.cleaned_data))
    return None, {}
