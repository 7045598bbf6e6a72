"""Forms for saved views and decks."""

from django import forms

from corpus.models import Deck, SavedView


class SavedViewForm(forms.ModelForm):
    class Meta:
        model = SavedView
        fields = ["title", "note", "kind", "target", "query"]
        widgets = {
            "kind": forms.HiddenInput,
            "target": forms.HiddenInput,
            "query": forms.HiddenInput,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def errors_text(self) -> str:
        return "; ".join(f"{name}: {' '.join(e)}" for name, e in self.errors.items())


class DeckForm(forms.ModelForm):
    class Meta:
        model = Deck
        fields = ["title"]
