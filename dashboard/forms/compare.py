"""The compare page's state: which experts sit side by side, and what the picker looks for."""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse

from corpus.models import Expert
from corpus.pages.compare import MAX_EXPERTS
from dashboard.forms.filters import COMPARE, RecordFilterForm


def compare_url(slugs, url_name: str = "compare") -> str:
    """/compare/?experts=a,b,c (commas kept readable); or the same for another URL name."""
    url = reverse(url_name)
    return f"{url}?{urlencode({'experts': ','.join(slugs)}, safe=',')}" if slugs else url


class CompareForm(RecordFilterForm):
    """The one filter form's experts, with the picker's search text."""

    q = forms.CharField(required=False, max_length=100, label="Find an expert")

    def __init__(self, data=None):
        super().__init__(data, fields=COMPARE)

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
