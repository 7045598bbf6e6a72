"""Editing experts and organisations in the app, and merging two records of one person."""

from django import forms

from corpus.models import Expert, Organisation
from dashboard.forms.records import ExpertChoiceField


class ExpertForm(forms.ModelForm):
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Other ways documents name them, one per line.",
    )

    class Meta:
        model = Expert
        fields = ["name", "kind", "organisation", "role", "bio"]
        labels = {"role": "Title or position", "bio": "Bio (one line)"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["aliases"].initial = "\n".join(
                self.instance.aliases.values_list("name", flat=True)
            )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = Expert.objects.matching_name(name).exclude(pk=self.instance.pk)
        if same := others.first():
            raise forms.ValidationError(
                f"{same.name} is already an expert under that name; merge instead."
            )
        return name

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "country", "kind"]
        labels = {"country": "Country or region"}


class MergeForm(forms.Form):
    duplicate = ExpertChoiceField(
        queryset=Expert.objects.select_related("organisation"),
        label="The same person, recorded again as",
        help_text="Their stances, assessments and passages move here; their name and aliases "
        "become aliases here; the duplicate record is removed (its history stays).",
    )

    def __init__(self, data=None, *, keep):
        super().__init__(data)
        self.keep = keep
        self.fields["duplicate"].queryset = self.fields["duplicate"].queryset.exclude(pk=keep.pk)
