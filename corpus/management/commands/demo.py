from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from corpus.demo import create_demo_users


class Command(BaseCommand):
    help = "Migrate, load the seed corpus, create demo users (printing their logins) and serve."

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="Set up only; do not serve.")

    def handle(self, *args, addrport, no_serve, **options):
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("database migrated")
        call_command("ingest", Path(settings.BASE_DIR) / "seeds", stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS("Demo logins (passwords are new on every run):"))
        for role, username, password in create_demo_users():
            self.stdout.write(f"  {role:<9} username: {username:<9} password: {password}")
        if no_serve:
            return
        self.stdout.write(f"\nOpen http://{addrport}/ and sign in with one of the logins above.\n")
        call_command("runserver", addrport, use_reloader=False)
