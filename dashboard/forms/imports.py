"""Uploading an exported record to import it."""

from django import forms
from django.conf import settings

from corpus.documents import decode_document
from corpus.errors import IngestError
from corpus.exchange import parse_import

# A whole exported record carries every source's text, so it may be much larger than one.
IMPORT_MAX_BYTES = 20 * settings.VANTAGE_MAX_SOURCE_BYTES
SHOWN_PROBLEMS = 100


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Exported record (.json)",
        help_text="A file written by “Download the whole record” or manage.py export.",
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    text = ""
    plan = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            if upload.size > IMPORT_MAX_BYTES:
                raise IngestError(
                    upload.name, f"file is {upload.size:,} bytes; the limit is {IMPORT_MAX_BYTES:,}"
                )
            self.text = decode_document(upload.read(), upload.name, max_bytes=IMPORT_MAX_BYTES)
            self.plan = parse_import(self.text, upload.name)
        except IngestError as exc:
            # One message per problem, so the page lists them (the first hundred).
            lines = exc.lines
            if len(lines) > SHOWN_PROBLEMS:
                more = len(lines) - SHOWN_PROBLEMS
                lines = [*lines[:SHOWN_PROBLEMS], f"… and {more:,} more problems."]
            raise forms.ValidationError(lines) from None
        return upload
