"""``berdaya pull_field_forms [--source ID] [--user NAME]``: pull new submissions from every active server.

Meant for cron (e.g. every 15 minutes). Each server is pulled on its own: one that fails is reported
and the others go on; its marker stays where the last good page left it.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from berdaya.core.errors import ServiceError
from berdaya.fieldwork.odk import services
from berdaya.fieldwork.odk.models import FormSource


class Command(BaseCommand):
    help = "Pull new submissions from the configured ODK Central / KoboToolbox servers."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, help="Only this server (its id).")
        parser.add_argument("--user", help="Record as this user (default: the first administrator).")

    def handle(self, *args, source=None, user=None, **options):
        User = get_user_model()
        if user:
            acting = User.objects.filter(username=user).first()
            if acting is None:
                raise CommandError(f"No user {user!r}.")
        else:
            acting = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        sources = FormSource.objects.filter(active=True).order_by("pk")
        if source:
            sources = sources.filter(pk=source)
        failed = 0
        for item in sources:
            try:
                result = services.pull(source=item, acting_user=acting)
            except ServiceError as e:
                failed += 1
                self.stderr.write(f"{item.name}: {e.message}")
                continue
            self.stdout.write(
                f"{item.name}: {result.rows} rows, {result.mapped} mapped, {result.rejected} rejected, "
                f"{result.duplicates} already received"
            )
        if failed:
            raise CommandError(f"{failed} server(s) failed.")
