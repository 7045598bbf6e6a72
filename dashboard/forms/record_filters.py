"""The filters of a stance download: the overview's query string, plus include_drafts."""

from django import forms

from corpus import filters
from corpus.models import Issue, Source


class RecordFilters(forms.Form):
    """GET parameters as the overview names them: issues, perspective, organisation, kind,
    date_from, date_to, as_of; and include_drafts=1 (editors only)."""

    issues = forms.MultipleChoiceField(required=False)
    perspective = forms.CharField(required=False, max_length=80)
    organisation = forms.CharField(required=False, max_length=200)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Source.Kind.choices])
    date_from = forms.DateField(required=False)
    date_to = forms.DateField(required=False)
    as_of = forms.DateField(required=False)
    include_drafts = forms.BooleanField(required=False)

    def __init__(self, data=None, *, issues):
        super().__init__(data)
        self.issue_objects = {i.slug: i for i in issues}
        self.fields["issues"].choices = [(slug, slug) for slug in self.issue_objects]

    @classmethod
    def for_request(cls, params):
        return cls(params, issues=list(Issue.objects.all()))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("date_from must be on or before date_to.")
        return data

    def export_filters(self) -> filters.RecordFilters:
        data = self.cleaned_data
        return filters.RecordFilters(
            issues=[self.issue_objects[slug] for slug in data["issues"]],
            perspective=data["perspective"],
            organisation=data["organisation"],
            kind=data["kind"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            as_of=data["as_of"],
            include_drafts=data["include_drafts"],
        )

    def description(self) -> dict:
        """The filters as given, for the JSON download's header."""
        return {
            key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in self.cleaned_data.items()
            if value not in (None, "", [], False)
        }
