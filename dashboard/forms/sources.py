"""Adding a source in the browser, and correcting who holds its passages."""

from pathlib import PurePath

from django import forms
from django.conf import settings

from corpus.attribution import PLAIN, SECTIONS, TRANSCRIPT
from corpus.errors import IngestError
from corpus.models import Expert, Organisation, Source
from corpus.uploads import SourceDetails, existing_source, read_pasted, read_upload
from dashboard.forms.fields import PartialDateField, WebURLField
from dashboard.forms.records import ExpertChoiceField

LAYOUT_CHOICES = [
    (PLAIN, "Plain — no automatic attribution; assign passages to experts afterwards"),
    (TRANSCRIPT, "Transcript — a line holding just a known speaker's name starts their turn"),
    (SECTIONS, "Sections — a line “Written by NAME.” starts NAME's section"),
]
TEXT_SUFFIXES = (".txt", ".md")


class SourceUploadForm(forms.Form):
    title = forms.CharField(max_length=300)
    publisher = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Source.Kind.choices)
    published = PartialDateField(label="Published")
    url = WebURLField(required=False, max_length=500, label="URL")
    layout = forms.ChoiceField(choices=LAYOUT_CHOICES, initial=PLAIN, widget=forms.RadioSelect)
    text = forms.CharField(
        label="Paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Kept exactly as pasted: the original is evidence and is never edited.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="A .txt or .md file in UTF-8, at most "
        f"{settings.VANTAGE_MAX_SOURCE_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.md,text/plain,text/markdown"}),
    )

    duplicate = None
    document_text = ""

    def clean(self):
        data = super().clean()
        pasted, upload = data.get("text", ""), data.get("file")
        if pasted.strip() and upload:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        try:
            if upload:
                self.document_text = self._read_file(upload)
            elif pasted.strip():
                self.document_text = read_pasted(pasted)
            else:
                self.add_error("text", "Paste the document's text or choose a file to upload.")
                return data
        except IngestError as exc:
            self.add_error("file" if upload else "text", exc.message)
            return data
        self.duplicate = existing_source(self.document_text)
        if self.duplicate:
            raise forms.ValidationError(
                "This exact text is already a source; nothing was added.", code="duplicate"
            )
        return data

    @staticmethod
    def _read_file(upload) -> str:
        if PurePath(upload.name).suffix.lower() not in TEXT_SUFFIXES:
            raise IngestError(upload.name, "only .txt and .md files can be added")
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
