"""The scenario page's "group experts by their position on" picker (`?by=<issue-slug>`)."""

from django import forms

from corpus.models import Issue


class GroupByForm(forms.Form):
    by = forms.ModelChoiceField(
        queryset=Issue.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=None,
        label="Group experts by their latest position on",
        error_messages={"invalid_choice": "There is no issue “%(value)s” to group by."},
    )

    def __init__(self, data, *, default=None):
        # Unasked, the picker shows the default issue as chosen, so the page says what it groups by.
        if default is not None and not data.get("by"):
            data = data.copy()
            data["by"] = default.slug
        super().__init__(data)
        self.default = default

    def issue(self):
        """The issue asked for, else the default (the scenario's first related issue)."""
        return self.cleaned_data["by"] or self.default
