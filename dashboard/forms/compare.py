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
        # The base URL reversed once per form, not once per expert listed.
        if not hasattr(self, "_base"):
            self._base = reverse("compare")
        slugs = ",".join([*self.slugs, expert.slug])
        return f"{self._base}?{urlencode({'experts': slugs}, safe=',')}"

    @property
    def opened(self) -> str:
        """The organisation whose experts the browse list shows."""
        return self.cleaned_data.get("organisation", "") if hasattr(self, "cleaned_data") else ""

    def browse_url(self, organisation) -> str:
        """This page with one organisation opened in the browse list (or closed again)."""
        if not hasattr(self, "_base"):
            self._base = reverse("compare")
        params = {"experts": ",".join(self.slugs)} if self.slugs else {}
        if organisation and organisation != self.opened:
            params["organisation"] = organisation
        query = urlencode(params, safe=",")
        return f"{self._base}?{query}" if query else self._base
