"""The event form: date (as precise as known), label, issues, and the passage that dates it."""

from django import forms

from corpus.dates import PartialDate
from corpus.models import Event, Issue, Source
from dashboard.forms.fields import PartialDateField, SeenVersionMixin


class SourceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title} ({obj.publisher})"


class EventForm(SeenVersionMixin, forms.ModelForm):
    date = PartialDateField(label="Date")
    issues = forms.ModelMultipleChoiceField(
        queryset=Issue.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text="The timelines it is drawn on.",
        error_messages={"required": "Choose at least one issue: the timelines it is drawn on."},
    )
    source = SourceChoiceField(
        queryset=Source.objects.only("pk", "title", "publisher").order_by("title"),
        required=False,
        empty_label="No source cited",
        help_text="The document whose passage mentions and dates the event.",
    )
    quote = forms.CharField(
        label="Passage",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The exact words of the source that mention the event; checked against it.",
    )

    class Meta:
        model = Event
        fields = ["date", "label", "issues", "description", "url", "source", "quote"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, data=None, *, instance, pending_token: str = "", **kwargs):
        super().__init__(data, instance=instance, **kwargs)
        event = self.instance
        if event.happened_on:
            self.initial.setdefault("date", PartialDate(event.happened_on, event.precision))
        self.initial["issues"] = event.issue_ids()
        if event.pk:
            self.add_version_fields(event, pending_token)

    def clean_quote(self):
        # Textareas submit line breaks as CRLF; the source text uses the newlines it was given.
        return self.cleaned_data["quote"].replace("\r\n", "\n").strip()

    def clean(self):
        data = super().clean()
        event = self.instance
        if date := data.get("date"):
            event.happened_on, event.precision = date.date, date.precision
        if "issues" in data:
            event.door_set("issues", data["issues"])
        return data

    def _update_errors(self, errors):
        # The model names the date's field happened_on; the form shows it as "date".
        if hasattr(errors, "error_dict") and "happened_on" in errors.error_dict:
            errors.error_dict["date"] = errors.error_dict.pop("happened_on")
        super()._update_errors(errors)

    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            self.cleaned_data["quote"] = self.instance.quote

    def changed_content(self) -> bool:
        return bool([n for n in self.changed_data if n not in ("version", "change")])
