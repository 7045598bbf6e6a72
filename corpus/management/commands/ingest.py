from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corpus.errors import IngestError, problem_report
from corpus.ingest import ingest_directory


class Command(BaseCommand):
    help = "Load a seed directory (manifest, taxonomy, documents, annotations); idempotent."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)

    def handle(self, *args, directory, **options):
        try:
            report = ingest_directory(directory)
        except IngestError as exc:
            raise CommandError(problem_report(exc, "nothing ingested")) from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"ingested {directory}: {report.changed()} records changed")
        )
