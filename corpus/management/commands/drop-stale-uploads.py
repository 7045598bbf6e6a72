"""manage.py drop-stale-uploads [--hours N]: delete uploads whose speakers nobody confirmed."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from corpus.uploads import drop_stale_pending


class Command(BaseCommand):
    help = "Delete uploaded documents left unconfirmed for longer than --hours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=settings.VANTAGE_PENDING_UPLOAD_HOURS,
            help="age in hours past which an unconfirmed upload is dropped "
            f"(default {settings.VANTAGE_PENDING_UPLOAD_HOURS})",
        )

    def handle(self, *args, hours, **options):
        if hours < 0:
            raise CommandError("--hours: must be 0 or more")
        count = drop_stale_pending(hours)
        self.stdout.write(f"dropped {count} unconfirmed upload{'s' if count != 1 else ''}")
