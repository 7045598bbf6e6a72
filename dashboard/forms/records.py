"""The forms that create and edit stances and scenario assessments.

The quote is checked against the source by the model's clean(): a quote not in the source
is refused beside the field, and the offsets are recomputed whenever the quote changes.
Status is never a form field: corpus.changes decides it. The version the form was loaded
from (and the pending change it showed) travel in hidden fields so a stale save becomes an
edit conflict.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from corpus.dates import PartialDate
from corpus.models import Expert, Issue, Scenario, ScenarioAssessment, Stance
from corpus.models.records import Confidence, DeprecationReason
from corpus.models.taxonomy import LIKELIHOODS, POSITIONS
from corpus.quotes import nearest_excerpt
from dashboard.forms.fields import PartialDateField, SeenVersionMixin
from dashboard.templatetags.vantage import signed


class ExpertChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.name})" if obj.organisation else obj.name


class QuotedRecordForm(SeenVersionMixin, forms.ModelForm):
    """What stances and assessments share: who, when, how sure, and the verbatim quote."""

    expert = ExpertChoiceField(
        queryset=Expert.objects.select_related("organisation"),
        error_messages={"required": "Choose who said it."},
    )
    stated = PartialDateField(label="Stated")
    confidence = forms.ChoiceField(
        choices=Confidence.choices, widget=forms.RadioSelect, initial=Confidence.MEDIUM
    )
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The exact words from the source; they are checked against its text.",
    )
    quote_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, data=None, *, instance, pending_token: str = "", **kwargs):
        super().__init__(data, instance=instance, **kwargs)
        record = self.instance
        if record.pk:
            # The pending change the form showed, if any ("id.version"): a second editor edits
            # that change, and a stale token is an edit conflict like a stale version.
            self.add_version_fields(record, pending_token)
            self.initial.setdefault(
                "stated", PartialDate(record.stated_on, record.stated_precision)
            )
        else:
            source = record.source
            self.initial.setdefault(
                "stated", PartialDate(source.published_on, source.date_precision)
            )

    def clean_quote(self):
        # Textareas submit line breaks as CRLF; the source text uses the newlines it was given.
        return self.cleaned_data["quote"].replace("\r\n", "\n")

    def clean(self):
        data = super().clean()
        record = self.instance
        if stated := data.get("stated"):
            record.stated_on, record.stated_precision = stated.date, stated.precision
        if quote := data.get("quote"):
            start = data.get("quote_start")
            if start is None or record.source.text[start : start + len(quote)] != quote:
                # Not where the form said: the model re-anchors it (or refuses it).
                start = 0
            data["quote_start"] = start
            record.quote_end = start + len(quote)
        return data

    def _post_clean(self):
        super()._post_clean()
        quote = self.data.get(self.add_prefix("quote"), "").strip()
        if quote and self.has_error("quote"):
            # The model's reason, said for people: where the nearest words are.
            source = self.instance.source
            nearest = nearest_excerpt(source.text, quote, width=len(quote) + 30)
            self.errors["quote"] = self.error_class(
                [
                    f"These words do not occur in “{source}”, so they cannot be quoted. "
                    f"The closest text there is “{nearest}…”."
                ]
            )
        if not self.errors:
            # The model's clean() found the quote and took the source's exact words and offsets.
            self.cleaned_data["quote"] = self.instance.quote
            self.cleaned_data["quote_start"] = self.instance.quote_start

    def validate_unique(self):
        """Every constraint, also those on fields the form does not show (source, quote_end)."""
        if self._errors:
            return
        try:
            self.instance.validate_unique()
            self.instance.validate_constraints()
        except forms.ValidationError as exc:
            errors = exc.error_dict.get(NON_FIELD_ERRORS, []) if hasattr(exc, "error_dict") else []
            if any(e.code in ("unique", "unique_together") for e in errors):
                exc = forms.ValidationError(
                    f"This expert already has a {self.instance._meta.verbose_name} on this "
                    f"{self.target} from these same words of the source; edit that one instead."
                )
            self._update_errors(exc)


class StanceForm(QuotedRecordForm):
    target = "issue"
    issue = forms.ModelChoiceField(
        queryset=Issue.objects.all(), error_messages={"required": "Choose the issue."}
    )
    position = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a position on the issue's scale."},
    )

    class Meta:
        model = Stance
        fields = ["expert", "issue", "position", "confidence", "summary", "quote", "quote_start"]
        widgets = {"summary": forms.TextInput(attrs={"size": 60})}
        help_texts = {"summary": "One line in your words: what the expert holds."}
        error_messages = {"summary": {"required": "Say in one line what the expert holds."}}

    def __init__(self, data=None, *, instance, issues, **kwargs):
        super().__init__(data, instance=instance, **kwargs)
        self.issues = {str(i.pk): i for i in issues}
        self.fields["issue"].queryset = Issue.objects.all()
        chosen = self["issue"].value()
        issue = self.issues.get(str(getattr(chosen, "pk", chosen) or "")) or next(
            iter(self.issues.values()), None
        )
        labels = issue.labels if issue else {}
        self.fields["position"].choices = [
            (p, f"{signed(p)} · {labels.get(p, '')}".rstrip(" ·")) for p in POSITIONS
        ]

    def scale_labels(self) -> dict[str, dict[int, str]]:
        """Every issue's five labels, for the script that relabels positions on issue change."""
        return {pk: issue.labels for pk, issue in self.issues.items()}


class AssessmentForm(QuotedRecordForm):
    target = "scenario"
    scenario = forms.ModelChoiceField(
        queryset=Scenario.objects.all(), error_messages={"required": "Choose the scenario."}
    )
    likelihood = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how likely the expert thinks it is."},
        choices=[(n, f"{n} · {label}") for n, label in sorted(LIKELIHOODS.items())],
    )

    class Meta:
        model = ScenarioAssessment
        fields = [
            "expert",
            "scenario",
            "likelihood",
            "confidence",
            "rationale",
            "quote",
            "quote_start",
        ]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"rationale": "Why the expert judges it so, in a sentence."}
        error_messages = {"rationale": {"required": "Say in a sentence why they judge it so."}}


class DeprecateForm(forms.Form):
    """Why a published record leaves the record's aggregates: a reason, or a later record."""

    SUPERSEDED = "superseded"

    reason = forms.ChoiceField(
        choices=[*DeprecationReason.choices, (SUPERSEDED, "Superseded by a later statement")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why."},
    )
    note = forms.CharField(max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    superseded_by = forms.ModelChoiceField(
        queryset=None, required=False, label="Superseded by", empty_label="(choose a record)"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, data=None, *, record, **kwargs):
        super().__init__(data, initial={"version": record.version}, **kwargs)
        model = type(record)
        target = "issue" if model is Stance else "scenario"
        self.fields["superseded_by"].queryset = (
            model.objects.published()
            .filter(expert_id=record.expert_id, **{f"{target}_id": getattr(record, f"{target}_id")})
            .exclude(pk=record.pk)
            .select_related("source")
            .order_by("-stated_on")
        )
        self.fields["superseded_by"].label_from_instance = lambda r: (
            f"{r.stated_display}: {r.source.title}"
        )

    def clean(self):
        data = super().clean()
        if data.get("reason") == self.SUPERSEDED and not data.get("superseded_by"):
            self.add_error("superseded_by", "Choose the later record that supersedes this one.")
        if data.get("reason") == DeprecationReason.OTHER and not data.get("note"):
            self.add_error("note", "Say what the other reason is.")
        return data
