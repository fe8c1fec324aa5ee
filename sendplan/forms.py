"""Forms and form helpers every app shares."""

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

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


class ManyOptionsSelect(forms.Select):
    """A select of hundreds of options (the columns of a workbook, each with every field it may hold;
    every name in a plan), written in one pass. Django builds a dictionary per option and the template
    renders them one at a time: 30 ms of an import preview's 70. Same HTML as the select template."""

    template_name = "django/forms/widgets/select_many.html"

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = forms.Widget.get_context(self, name, value, attrs)  # not ChoiceWidget's options
        context["widget"]["options"] = self.options_html(set(context["widget"]["value"]))
        return context

    def options_html(self, selected: set[str]) -> SafeString:
        def option(value: Any, label: Any) -> SafeString:
            value = "" if value is None else str(value)
            chosen = " selected" if value in selected else ""
            return format_html('\n  <option value="{}"{}>{}</option>', value, chosen, label)

        html = SafeString()
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an option group
                inner = format_html_join("", "{}", ((option(v, text),) for v, text in label))
                html += format_html('\n  <optgroup label="{}">{}\n  </optgroup>', value, inner)
            else:
                html += option(value, label)
        return html


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
