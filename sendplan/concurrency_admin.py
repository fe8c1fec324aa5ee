"""The stale-form check in the Django admin (`sendplan.concurrency`): a change form carries the version
it was opened on; saving over a newer one is refused with who changed it and when, each field they
changed beside what this person typed, and the person's own values kept in the form. Saving again
from that page puts theirs on top deliberately (the form then carries the newer version)."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError

from .concurrency import EditConflict


def _shown(value) -> str:
    if value is None or value == "":
        return "(blank)"
    if hasattr(value, "all") and callable(value.all):  # a related manager or a queryset
        return "; ".join(str(item) for item in value.all()) or "(none)"
    if isinstance(value, list | tuple | set):
        return "; ".join(str(item) for item in value) or "(none)"
    return str(value)


class StaleCheckAdminForm(forms.ModelForm):
    """Mixed into a model admin's form by `StaleCheckAdmin`; `editing_user` is set per request."""

    seen_version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    editing_user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk is None or seen is None:
            return cleaned
        current = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if current is None or current.version == seen:
            return cleaned
        differences = self._differences(current, cleaned)
        if not differences:  # what they saved is what this person is saving
            return cleaned
        conflict = EditConflict(current, user=self.editing_user, what=f"this {current._meta.verbose_name}")
        data = self.data.copy()
        data["seen_version"] = str(current.version)
        self.data = data
        raise ValidationError(
            [
                f"{conflict.message}. Your changes have not been saved: they are still in the form. "
                "Save again to put your version on top, or leave this page to keep theirs."
            ]
            + [f"{label}: saved “{theirs}”, yours “{yours}”." for label, theirs, yours in differences]
        )

    def _differences(self, current, cleaned) -> list[tuple[str, str, str]]:
        found = []
        for name, field in self.fields.items():
            if name == "seen_version" or name not in cleaned:
                continue
            try:
                model_field = current._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field (a reason, say): nothing saved to compare with
                continue
            theirs = getattr(current, name)
            yours = cleaned[name]
            if model_field.many_to_many:
                same = {item.pk for item in theirs.all()} == {item.pk for item in yours}
            else:
                same = theirs == yours
            if not same:
                found.append((str(field.label or name), _shown(theirs), _shown(yours)))
        return found


class StaleCheckAdmin:
    """A ModelAdmin mixin (before the admin class): its change form gets the stale-form check."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            base = kwargs.get("form", self.form)
            kwargs["form"] = type(
                f"StaleChecked{base.__name__}", (StaleCheckAdminForm, base), {"editing_user": request.user}
            )
        return super().get_form(request, obj, change=change, **kwargs)
