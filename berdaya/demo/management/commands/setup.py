import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from berdaya.places.services import load_regions


class Command(BaseCommand):
    help = "Prepare a database: migrate, load the Kemendagri regions, load the demo data and demo users. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-demo", action="store_true", help="skip the demo programmes, groups and users"
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        regions = load_regions()
        self.stdout.write(f"Regions: {regions['created']} added, {regions['total']} in total.")
        if not options["no_demo"]:
            call_command("demo", stdout=self.stdout)
        self.stdout.write(f"Ready in {time.monotonic() - started:.1f} s.")
