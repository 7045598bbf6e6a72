"""manage.py rebuild_read_models: recompute the read models from the published record."""

from django.core.management.base import BaseCommand

from corpus import read_models


class Command(BaseCommand):
    help = "Rebuild the read models (latest positions and assessments, yearly spreads)."

    def handle(self, *args, **options):
        for name, count in read_models.rebuild().items():
            self.stdout.write(f"{name}: {count}")
