"""The compare page's state: which experts sit side by side, and what the picker looks for."""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from corpus.models import Expert
from corpus.pages.compare import MAX_EXPERTS
from dashboard.forms.filters import SLUG

# Beyond this many slugs a URL is not a selection anyone made: refuse it without a query.
_MOST_SLUGS = 20


def compare_url(slugs, url_name: str = "compare") -> str:
    """/compare/?experts=a,b,c (commas kept readable); or the same for another URL name."""
    url = reverse(url_name)
    return f"{url}?{urlencode({'experts': ','.join(slugs)}, safe=',')}" if slugs else url


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


class CompareForm(forms.Form):
    experts = SlugListField(required=False)
    q = forms.CharField(required=False, max_length=100, label="Find an expert")

    def __init__(self, data=None):
        super().__init__(data)
        # The experts found, in the URL's order; kept even when the selection is invalid so
        # the page can still offer to remove them.
        self.selected: list[Expert] = []

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

    @property
    def slugs(self) -> list[str]:
        return [e.slug for e in self.selected]

    @property
    def text(self) -> str:
        return self.cleaned_data.get("q", "") if hasattr(self, "cleaned_data") else ""

    @property
    def is_full(self) -> bool:
        return len(self.selected) >= MAX_EXPERTS

    def remove_links(self) -> list[tuple[Expert, str]]:
        """Each selected expert with the compare URL that drops them."""
        return [(e, compare_url([s for s in self.slugs if s != e.slug])) for e in self.selected]

    def add_url(self, expert) -> str:
        return compare_url([*self.slugs, expert.slug])
