from django.core.management.base import BaseCommand

from kuulu.workspace.demo import DEMO_PASSWORD, LOGINS, load_demo


class Command(BaseCommand):
    help = "Build the demo county (Kainuu-like, fictional people). Safe to run again."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        created = load_demo()
        summary = ", ".join(f"{name}: {count}" for name, count in created.items())
        self.stdout.write(f"Demo county ready (created now: {summary}).")
        if not options["quiet_logins"]:
            self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD}):")
            for login in LOGINS:
                self.stdout.write(f"  {login.role:<36} {login.email}")
