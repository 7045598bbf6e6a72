"""The one filter form: every page, slide, export and saved view reads its filters through it.

Each page names the fields it uses (`OVERVIEW`, `ISSUE`, `EXPORT`, `COMPARE`, `PAGED`); the
rules of a field are written once, here. Links carrying the filters are built from the form
(`params()` with `{% querystring %}`, or `query()`), never by hand.
"""

import datetime as dt
import re
from functools import cached_property
from typing import NamedTuple

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict

from corpus.filters import RecordFilters
from corpus.models import Expert, Issue, Organisation, Source
from corpus.page_cache import PEOPLE, cached, generations
from corpus.pages.compare import MAX_EXPERTS

# The record spans decades, not millennia: a date outside these bounds is a typing slip.
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)

# What a slug in a query string may be (SlugField's own rule, bounded): checked before lookup.
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")
# What an <input type="date"> may hold.
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

# Beyond this many slugs a URL is not a selection anyone made: refuse it without a query.
_MOST_SLUGS = 20

# The fields each kind of view reads, in the order its links write them.
OVERVIEW = (
    "issues",
    "perspective",
    "organisation",
    "kind",
    "date_from",
    "date_to",
    "as_of",
    "page",
    "cell",
)
ISSUE = ("as_of", "perspective", "kind", "events")
PAGED = ("page",)
COMPARE = ("experts", "q", "organisation")
# The search page's facets (dashboard.forms.search adds the query and the kind of result).
SEARCH = ("issues", "experts", "organisation", "source", "kind", "date_from", "date_to")
EXPORT = (
    "issues",
    "perspective",
    "organisation",
    "kind",
    "date_from",
    "date_to",
    "as_of",
    "include_drafts",
)


class OrganisationChoice(NamedTuple):
    """What the filters need of an organisation (cached as plain values, not model instances:
    unpickling hundreds of instances on every page cost milliseconds)."""

    name: str
    country: str


def _organisation_choices() -> list[OrganisationChoice]:
    return [OrganisationChoice(*row) for row in Organisation.objects.values_list("name", "country")]


class FilterChoices:
    """What the choice fields offer, each list loaded (one query) only when the form needs it.

    Each list may be given as it is, as a callable returning it, or left to the default.
    """

    def __init__(self, issues=None, organisations=None, perspectives=None):
        self._given = {
            "issues": issues,
            "organisations": organisations,
            "perspectives": perspectives,
        }

    def _load(self, name: str, default, *, shared: bool = False):
        given = self._given[name]
        if given is None and shared:
            # Every issue or organisation: a list that grows with the record and changes only
            # with the names (the people scope), so it is read from the cache, not the table.
            return cached(f"filter-choices-{name}", self._people, lambda: list(default()))
        if given is None:
            return list(default())
        return list(given() if callable(given) else given)

    @cached_property
    def _people(self) -> str:
        return generations([PEOPLE])

    @cached_property
    def issues(self) -> list:
        return self._load("issues", Issue.objects.all, shared=True)

    @cached_property
    def organisations(self) -> list:
        return self._load("organisations", _organisation_choices, shared=True)

    @cached_property
    def perspectives(self) -> list[str]:
        return self._load(
            "perspectives", lambda: sorted({o.country for o in self.organisations if o.country})
        )


class IsoDateInput(forms.DateInput):
    """A date picker given only values it can hold: a refused "as of" is named in the form's
    error, and an <input type="date"> with any other text would be invalid HTML."""

    input_type = "date"

    def format_value(self, value):
        value = super().format_value(value)
        return value if value and ISO_DAY.fullmatch(str(value)) else None


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2100, written YYYY-MM-DD."""

    default_validators = [
        MinValueValidator(EARLIEST, "Enter a date from 1900-01-01 on."),
        MaxValueValidator(LATEST, "Enter a date up to 2100-12-31."),
    ]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", IsoDateInput)
        super().__init__(required=False, **kwargs)


class SlugListField(forms.Field):
    """?experts=a,b or ?experts=a&experts=b: the slugs in order, each once."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        slugs = []
        for item in value or []:
            for slug in item.split(","):
                slug = slug.strip()
                if slug and slug not in slugs:
                    slugs.append(slug)
        return slugs

    def validate(self, value):
        super().validate(value)
        # Checked before any lookup: a slug with a NUL or a space is no one's, on any database.
        if any(not SLUG.fullmatch(slug) for slug in value):
            raise forms.ValidationError(
                "An expert is named by their slug: letters, digits, hyphens and underscores."
            )


class RecordFilterForm(forms.Form):
    issues = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    perspective = forms.ChoiceField(required=False, label="Perspective")
    organisation = forms.ChoiceField(required=False)
    kind = forms.ChoiceField(
        required=False, label="Source kind", choices=[("", "Any kind"), *Source.Kind.choices]
    )
    date_from = BoundedDateField(label="Stated from")
    date_to = BoundedDateField(label="Stated to")
    as_of = BoundedDateField(
        label="As of",
        help_text="The record as it stood then: stances stated on or before this date.",
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    cell = forms.CharField(required=False, max_length=201, widget=forms.HiddenInput)
    include_drafts = forms.BooleanField(required=False)
    experts = SlugListField(required=False)
    # Timelines draw event markers unless the URL says events=off.
    events = forms.ChoiceField(
        required=False, label="Event markers", choices=[("", "Shown"), ("off", "Hidden")]
    )
    source = forms.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput
    )

    def __init__(self, data=None, *, fields=OVERVIEW, choices: FilterChoices | None = None):
        super().__init__(data)
        self.choices = choices or FilterChoices()
        # The experts found, in the URL's order; kept even when the selection is invalid so
        # a page can still offer to remove them.
        self.selected: list[Expert] = []
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        self.order_fields(fields)
        # Callables: a list is loaded only if the form is rendered or the parameter is given.
        self._set_choices("issues", lambda: [(i.slug, i.name) for i in self.choices.issues])
        self._set_choices(
            "organisation",
            lambda: (
                [("", "Any organisation")] + [(o.name, o.name) for o in self.choices.organisations]
            ),
        )
        self._set_choices(
            "perspective",
            lambda: [("", "Any perspective")] + [(c, c) for c in self.choices.perspectives],
        )

    def _set_choices(self, name, choices):
        if name in self.fields:
            self.fields[name].choices = choices

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("“Stated from” must be on or before “Stated to”.")
        return data

    def clean_experts(self):
        slugs = self.cleaned_data["experts"]
        if len(slugs) > _MOST_SLUGS:
            raise forms.ValidationError(f"Choose at most {MAX_EXPERTS} experts.")
        found = {e.slug: e for e in Expert.objects.for_compare(slugs)}
        self.selected = [found[s] for s in slugs if s in found]
        unknown = [s for s in slugs if s not in found]
        if unknown:
            names = ", ".join(f"“{s}”" for s in unknown)
            raise forms.ValidationError(
                f"No expert is known by {names}. Check the address or pick experts below."
            )
        if len(slugs) > MAX_EXPERTS:
            raise forms.ValidationError(
                f"Choose at most {MAX_EXPERTS} experts to compare side by side "
                f"({len(slugs)} were chosen): remove some below."
            )
        return self.selected

    def clean_source(self):
        """The source whose passages and records alone are wanted (by its number)."""
        number = self.cleaned_data["source"]
        if number is None:
            return None
        found = Source.objects.filter(pk=number).only("title", "published_on").first()
        if found is None:
            raise forms.ValidationError(f"No source has the number {number}.")
        return found

    def clean_cell(self) -> str:
        """ "expert-slug:issue-slug", the overview cell whose quotes are open."""
        cell = self.cleaned_data["cell"]
        expert, _, issue = cell.partition(":")
        if cell and not (SLUG.fullmatch(expert) and SLUG.fullmatch(issue)):
            raise forms.ValidationError("Name a cell as expert-slug:issue-slug.")
        return cell

    def record_filters(self) -> RecordFilters:
        """The cleaned filters as the record QuerySets take them (every issue when none chosen;
        none when the view has no issue field, as on an issue's own page)."""
        data = self.cleaned_data
        by_slug = {i.slug: i for i in self.choices.issues} if "issues" in self.fields else {}
        chosen = [by_slug[s] for s in data.get("issues", [])]
        return RecordFilters(
            issues=chosen or list(by_slug.values()),
            perspective=data.get("perspective", ""),
            organisation=data.get("organisation", ""),
            kind=data.get("kind", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            as_of=data.get("as_of"),
            include_drafts=data.get("include_drafts", False),
        )

    def params(self, **changes) -> QueryDict:
        """The valid filters given, as a query mapping in field order; a None change drops one."""
        params = QueryDict(mutable=True)
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value in (None, "", [], False):
                continue
            if name == "experts":
                params[name] = ",".join(e.slug for e in value)
            elif name == "source":
                params[name] = str(value.pk)
            elif isinstance(value, list):
                params.setlist(name, [str(v) for v in value])
            elif isinstance(value, bool):
                params[name] = "1"
            elif isinstance(value, dt.date):
                params[name] = value.isoformat()
            else:
                params[name] = str(value)
        for name, value in changes.items():
            if value is None:
                params.pop(name, None)
            elif isinstance(value, list):
                params.setlist(name, value)
            else:
                params[name] = str(value)
        return params

    def query(self, **changes) -> str:
        """params() as a query string, without the "?" (colons and commas left readable)."""
        return self.params(**changes).urlencode(safe=":,")

    def description(self) -> dict:
        """The filters as given, for a JSON download's header."""
        return {
            name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name, value in self.cleaned_data.items()
            if value not in (None, "", [], False)
        }

    def is_filtered(self) -> bool:
        return bool(self.params(page=None, cell=None))

    def errors_text(self) -> str:
        """Every error, "Field: reason", for a 400 answer or a slide's message."""
        return "; ".join(
            f"{self._label(name)}: {' '.join(errors)}" for name, errors in self.errors.items()
        )

    def _label(self, name: str) -> str:
        if name not in self.fields:
            return "Filters"
        return str(self.fields[name].label or name.replace("_", " ").capitalize())
