"""The search box: one free-text query, at most a few hundred characters."""

from django import forms

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    # CharField refuses NUL characters itself; everything else is searchable text.
    q = forms.CharField(
        required=False,
        max_length=MAX_QUERY_LENGTH,
        label="Words or a phrase, in any source",
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
