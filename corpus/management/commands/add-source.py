import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corpus.dates import PartialDate
from corpus.errors import IngestError
from corpus.models import Source
from corpus.turns import AUTO, PLAIN, SECTIONS, TRANSCRIPT
from corpus.uploads import DuplicateSource, SourceDetails, add_file


class Command(BaseCommand):
    help = (
        "Add one document as a source, by the browser's own steps: extract, propose who holds "
        "each passage, accept the proposal. --dry-run --json prints the proposal instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", required=True)
        parser.add_argument("--kind", required=True)
        parser.add_argument("--published", required=True, help="YYYY, YYYY-MM or YYYY-MM-DD")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--url", default="")
        parser.add_argument("--layout", default=AUTO, choices=[AUTO, TRANSCRIPT, SECTIONS, PLAIN])
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, file, **options):
        try:
            details = self._details(file, options)
            result = add_file(file, details, dry_run=options["dry_run"])
        except IngestError as exc:
            raise CommandError(str(exc), returncode=2) from None
        except DuplicateSource as exc:
            raise CommandError(f"{file}: {exc}; nothing was added", returncode=2) from None
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=1))
            return
        for line in result.get("lines", []):
            self.stdout.write(line)

    @staticmethod
    def _details(file: Path, options) -> SourceDetails:
        if options["kind"] not in Source.Kind.values:
            kinds = ", ".join(Source.Kind.values)
            raise IngestError(file, f"unknown kind {options['kind']!r} (one of: {kinds})")
        try:
            published = PartialDate.parse(options["published"])
        except ValueError as exc:
            raise IngestError(file, f"bad --published date: {exc}") from None
        return SourceDetails(
            title=options["title"],
            publisher=options["publisher"],
            kind=options["kind"],
            published=published,
            url=options["url"],
            layout=options["layout"],
            path=file.name,
        )
