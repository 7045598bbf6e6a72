"""The overview's filters: a GET form whose cleaned data is the matrix's query."""

from django import forms

from corpus.filters import RecordFilters
from corpus.models import Issue, Organisation, Source


class OverviewFilters(forms.Form):
    issues = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    perspective = forms.ChoiceField(required=False, label="Perspective")
    organisation = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(required=False, label="Source kind")
    date_from = forms.DateField(
        required=False, label="Stated from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="Stated to", widget=forms.DateInput(attrs={"type": "date"})
    )
    as_of = forms.DateField(
        required=False,
        label="As of",
        help_text="The record as it stood then: stances stated on or before this date.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, data=None, *, issues, organisations):
        super().__init__(data)
        self.issue_objects = {i.slug: i for i in issues}
        self.fields["issues"].choices = [(i.slug, i.name) for i in issues]
        self.fields["organisation"].choices = [("", "Any organisation")] + [
            (o.name, o.name) for o in organisations
        ]
        countries = sorted({o.country for o in organisations if o.country})
        self.fields["perspective"].choices = [("", "Any perspective")] + [(c, c) for c in countries]
        self.fields["kind"].choices = [("", "Any kind"), *Source.Kind.choices]

    @classmethod
    def for_request(cls, params):
        """The form bound to the query string, with its choices loaded (two queries)."""
        return cls(
            params,
            issues=list(Issue.objects.all()),
            organisations=list(Organisation.objects.only("name", "country")),
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("“Stated from” must be on or before “Stated to”.")
        return data

    def matrix_filters(self) -> RecordFilters:
        data = self.cleaned_data
        chosen = [self.issue_objects[s] for s in data["issues"]]
        return RecordFilters(
            issues=chosen or list(self.issue_objects.values()),
            perspective=data["perspective"],
            organisation=data["organisation"],
            kind=data["kind"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            as_of=data["as_of"],
        )

    def is_filtered(self) -> bool:
        return any(v for k, v in self.cleaned_data.items() if k != "page")
