"""Form fields shared by the editing forms."""

from django import forms
from django.core.validators import URLValidator

from corpus.dates import PartialDate


class PartialDateField(forms.CharField):
    """A date as precise as the document gives it: 2016, 2016-03 or 2016-03-07."""

    default_error_messages = {
        "invalid": "Enter the date as YYYY, YYYY-MM or YYYY-MM-DD (for example 2022-03).",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "YYYY, YYYY-MM or YYYY-MM-DD: only as precise as known.")
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": "10", "size": "10"}

    def prepare_value(self, value):
        return str(value) if isinstance(value, PartialDate) else value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as exc:
            if "does not exist" in str(exc):
                raise forms.ValidationError(f"{value} is not a real date.") from None
            raise forms.ValidationError(self.error_messages["invalid"]) from None


class WebURLField(forms.URLField):
    """An http(s) address; javascript:, data: and other schemes are refused."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": "Enter a web address starting with http:// or https://."}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)


class SeenVersionMixin:
    """An edit form of a record under review: the version it was loaded from and the token of
    the pending change it showed ("id.version") travel in hidden fields, so a stale save is an
    edit conflict, not an overwrite."""

    def add_version_fields(self, record, pending_token: str) -> None:
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, min_value=1, initial=record.version
        )
        self.fields["change"] = forms.RegexField(
            regex=r"^(\d+\.\d+)?$", required=False, widget=forms.HiddenInput, initial=pending_token
        )

    @property
    def seen_version(self) -> int:
        return self.cleaned_data["version"]

    @property
    def seen_change(self) -> str:
        return self.cleaned_data.get("change", "")
