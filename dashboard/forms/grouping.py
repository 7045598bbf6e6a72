"""The scenario page's "group experts by their latest position on" picker (`?by=<issue-slug>`)."""

from django import forms


class GroupByForm(forms.Form):
    by = forms.ChoiceField(
        required=False,
        label="Group experts by their latest position on",
        error_messages={"invalid_choice": "There is no issue “%(value)s” to group by."},
    )

    def __init__(self, data, *, issues, default=None):
        """issues: every issue, loaded once, for both the choices and the lookup."""
        # Unasked, the picker shows the default issue as chosen, so the page says what it groups by.
        if default is not None and not data.get("by"):
            data = data.copy()
            data["by"] = default.slug
        super().__init__(data)
        self.issues = {issue.slug: issue for issue in issues}
        self.fields["by"].choices = [(slug, issue.name) for slug, issue in self.issues.items()]
        self.default = default

    def issue(self):
        """The issue asked for, else the default (the scenario's first related issue)."""
        return self.issues.get(self.cleaned_data["by"], self.default)
