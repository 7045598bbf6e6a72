from pathlib import Path

from django.core.management.base import BaseCommand

from corpus.exchange import dumps, export_record


class Command(BaseCommand):
    help = "Write the whole record as JSON (published records; --include-drafts for all)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("-o", "--output", type=Path, help="File to write (default: stdout).")
        parser.add_argument("--include-drafts", action="store_true")

    def handle(self, *args, output, include_drafts, **options):
        text = dumps(export_record(include_drafts=include_drafts))
        if output:
            output.write_text(text, encoding="utf-8")
            self.stderr.write(f"wrote {output}")
        else:
            self.stdout.write(text, ending="")
