"""The search box and its facets: the one filter form's fields, with a query and a kind."""

from django import forms

from corpus.dates import human_date
from corpus.filters import SEARCH_KINDS, SearchFilters
from dashboard.forms.filters import SEARCH, FilterChoices, RecordFilterForm

MAX_QUERY_LENGTH = 200

KIND_LABELS = {
    "scenarios": "Scenarios",
    "issues": "Issues",
    "experts": "Experts",
    "organisations": "Organisations",
    "stances": "Stances",
    "assessments": "Scenario assessments",
    "passages": "Passages in the sources",
}


class SearchForm(RecordFilterForm):
    """?q=… with the facets: show (kind of hit), issues, experts, organisation, source, source
    kind, date range; each facet's rules are the filter form's own."""

    # CharField refuses NUL characters itself; everything else is searchable text.
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        label="Words or a phrase, in any source",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    show = forms.ChoiceField(
        required=False,
        label="Kind of result",
        choices=[("", "Every kind"), *((k, KIND_LABELS[k]) for k in SEARCH_KINDS)],
    )

    def __init__(self, data=None, *, choices: FilterChoices | None = None):
        super().__init__(data, fields=("q", "show", *SEARCH, "page"), choices=choices)
        self.fields["date_from"].label = "Dated from"
        self.fields["date_to"].label = "Dated to"

    def search_filters(self) -> SearchFilters:
        data = self.cleaned_data
        by_slug = {i.slug: i for i in self.choices.issues} if data.get("issues") else {}
        return SearchFilters(
            show=data.get("show", ""),
            issues=tuple(by_slug[s] for s in data.get("issues", [])),
            experts=tuple(data.get("experts") or ()),
            organisation=data.get("organisation", ""),
            source=data.get("source"),
            kind=data.get("kind", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )

    def facet_count(self) -> int:
        return len(self.params(q=None, page=None))

    def without(self, name: str) -> str:
        """The query string with one facet dropped: the base of a link that sets it anew."""
        return self.query(**{name: None})

    def chips(self) -> list[tuple[str, str]]:
        """The facets set, each as (what it says, the query string without it), to remove."""
        if not self.is_bound or self.errors:
            return []
        data = self.cleaned_data
        chips = []
        if data.get("show"):
            chips.append((KIND_LABELS[data["show"]], self.without("show")))
        if data.get("issues"):
            names = {i.slug: i.name for i in self.choices.issues}
            for slug in data["issues"]:
                rest = [s for s in data["issues"] if s != slug]
                chips.append((f"Issue: {names[slug]}", self.query(issues=rest or None)))
        for expert in data.get("experts") or ():
            rest = ",".join(e.slug for e in data["experts"] if e != expert)
            chips.append((f"Expert: {expert.name}", self.query(experts=rest or None)))
        if data.get("organisation"):
            chips.append((f"Organisation: {data['organisation']}", self.without("organisation")))
        if data.get("source"):
            chips.append((f"Source: {data['source'].title}", self.without("source")))
        if data.get("kind"):
            label = dict(self.fields["kind"].choices)[data["kind"]]
            chips.append((f"Source kind: {label}", self.without("kind")))
        if data.get("date_from"):
            chips.append((f"From {human_date(data['date_from'])}", self.without("date_from")))
        if data.get("date_to"):
            chips.append((f"To {human_date(data['date_to'])}", self.without("date_to")))
        return chips
