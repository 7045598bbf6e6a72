from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from corpus.errors import IngestError, problem_report
from corpus.exchange import apply_import, parse_import


class Command(BaseCommand):
    help = "Load a JSON export (from `export`) into the database; checked first, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            raw = file.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{file}: cannot read: {exc}") from None
        try:
            plan = parse_import(raw, str(file))
        except IngestError as exc:
            raise CommandError(problem_report(exc, "nothing imported")) from None
        created = apply_import(plan)
        summary = ", ".join(f"{n} {key}" for key, n in created.items())
        self.stdout.write(self.style.SUCCESS(f"imported {file}: created {summary}"))
