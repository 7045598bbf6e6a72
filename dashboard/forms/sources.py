"""Adding a source in the browser, and correcting who holds its passages."""

from pathlib import PurePath

from django import forms
from django.conf import settings

from corpus.errors import IngestError
from corpus.extract import SUFFIXES
from corpus.models import Expert, Organisation, Source
from corpus.proposal import CHOOSE, EXISTING, NEW, NO_VIEWS
from corpus.turns import AUTO, PLAIN, SECTIONS, TRANSCRIPT
from corpus.uploads import Decision, SourceDetails, existing_source, read_pasted, read_upload
from dashboard.forms.fields import PartialDateField, WebURLField
from dashboard.forms.records import ExpertChoiceField

LAYOUT_CHOICES = [
    (AUTO, "Find out — speaker turns, participants lists and bylines are detected"),
    (TRANSCRIPT, "Transcript — speaker labels (“NAME:” or a name alone on a line) start turns"),
    (SECTIONS, "Sections — bylines (“By …”, “Written by …”) start each author's section"),
    (PLAIN, "Plain — no automatic attribution; assign passages to experts afterwards"),
]
_MB = settings.VANTAGE_MAX_SOURCE_BYTES // (1024 * 1024)


class SourceUploadForm(forms.Form):
    title = forms.CharField(max_length=300)
    publisher = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Source.Kind.choices)
    published = PartialDateField(label="Published")
    url = WebURLField(required=False, max_length=500, label="URL")
    layout = forms.ChoiceField(choices=LAYOUT_CHOICES, initial=AUTO, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Kept as pasted (line endings made uniform): the original is evidence.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text=f"A .txt, .md, .html (a saved web page), .pdf or .docx file, at most {_MB} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(SUFFIXES)}),
    )

    duplicate = None
    document = None

    @property
    def document_text(self) -> str:
        return self.document.text if self.document else ""

    def clean(self):
        data = super().clean()
        pasted, upload = data.get("text", ""), data.get("file")
        if pasted.strip() and upload:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        try:
            if upload:
                self.document = self._read_file(upload)
            elif pasted.strip():
                self.document = read_pasted(pasted)
            else:
                self.add_error("text", "Paste the document's text or choose a file to upload.")
                return data
        except IngestError as exc:
            self.add_error("file" if upload else "text", exc.message)
            return data
        self.duplicate = existing_source(self.document.text)
        if self.duplicate:
            raise forms.ValidationError(
                "This exact text is already a source; nothing was added.", code="duplicate"
            )
        return data

    @staticmethod
    def _read_file(upload):
        if PurePath(upload.name).suffix.lower() not in SUFFIXES:
            raise IngestError(upload.name, f"only {', '.join(SUFFIXES)} files can be added")
        if upload.size > settings.VANTAGE_MAX_SOURCE_BYTES:
            # Refuse before reading: the size is known from the upload itself.
            raise IngestError(
                upload.name,
                f"file is {upload.size:,} bytes; the limit is "
                f"{settings.VANTAGE_MAX_SOURCE_BYTES:,}",
            )
        return read_upload(upload.read(), upload.name)

    def details(self) -> SourceDetails:
        data = self.cleaned_data
        return SourceDetails(
            title=data["title"],
            publisher=data["publisher"],
            kind=data["kind"],
            published=data["published"],
            url=data["url"],
            layout=data["layout"],
            path=PurePath(data["file"].name).name if data.get("file") else "",
        )


ACTION_CHOICES = [
    (EXISTING, "An expert in the record"),
    (NEW, "A new expert"),
    (NO_VIEWS, "Holds no views"),
]


class SpeakerForm(forms.Form):
    """The editor's decision for one speaker label of the proposal screen."""

    action = forms.ChoiceField(
        choices=ACTION_CHOICES,
        widget=forms.RadioSelect,
        label="Held by",
        error_messages={"required": "Choose who this is: the surname alone is not enough."},
    )
    expert = ExpertChoiceField(
        queryset=Expert.objects.select_related("organisation"), required=False, label="Expert"
    )
    name = forms.CharField(required=False, max_length=200, label="Full name")
    role = forms.CharField(required=False, max_length=200, label="Title or position")
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label="Organisation",
        empty_label="(none, or a new one)",
    )
    new_organisation = forms.CharField(required=False, max_length=200, label="New organisation")
    new_country = forms.CharField(required=False, max_length=80, label="Its country")

    def __init__(self, data=None, *, row, prefix):
        self.row = row
        initial = {
            "action": row.proposal if row.proposal != CHOOSE else None,
            "expert": row.expert or (row.candidates[0] if row.candidates else None),
            "name": row.name,
            "role": row.role,
            "organisation": row.existing_organisation,
            "new_organisation": "" if row.existing_organisation else row.organisation,
            "new_country": row.country,
        }
        super().__init__(data, initial=initial, prefix=prefix)

    def clean(self):
        data = super().clean()
        action = data.get("action")
        name = " ".join(data.get("name", "").split())
        if action == EXISTING and not data.get("expert"):
            self.add_error("expert", "Choose the expert this speaker is.")
        if action == NEW:
            if not name:
                self.add_error("name", "Give the new expert's full name.")
            elif same := Expert.objects.matching_name(name).first():
                self.add_error("name", f"{same.name} is already an expert: choose them instead.")
        data["name"] = name
        return data

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            data["action"],
            expert=data.get("expert"),
            name=data["name"],
            role=data.get("role", ""),
            organisation=data.get("organisation"),
            new_organisation=data.get("new_organisation", ""),
            new_country=data.get("new_country", ""),
        )


def speaker_forms(data, proposal) -> list[SpeakerForm]:
    return [SpeakerForm(data, row=row, prefix=f"s{i}") for i, row in enumerate(proposal.speakers)]


class AttributionForm(forms.Form):
    passages = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={"required": "Tick the passages to assign (shift-click ticks a run)."},
    )
    expert = ExpertChoiceField(
        queryset=Expert.objects.select_related("organisation"),
        required=False,
        empty_label="Nobody",
        label="Held by",
        help_text="Nobody: page furniture, an editor's introduction, audience questions…",
    )
    new_expert = forms.CharField(required=False, max_length=200, label="…or a new expert, by name")
    new_expert_organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        label="New expert's organisation",
        empty_label="(none)",
    )

    def __init__(self, data=None, *, passages):
        super().__init__(data)
        self.fields["passages"].choices = [(p.index, p.index) for p in passages]

    def clean(self):
        data = super().clean()
        name = " ".join(data.get("new_expert", "").split())
        if name and data.get("expert"):
            raise forms.ValidationError("Choose an expert from the list or name a new one.")
        if name and (same := Expert.objects.matching_name(name).first()):
            self.add_error("new_expert", f"{same.name} is already an expert: choose them above.")
        data["new_expert"] = name
        return data
