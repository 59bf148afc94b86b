"""``berdaya import people FILE [--commit]``: the same import as the web page, from the console."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from berdaya.core.errors import ServiceError
from berdaya.imports.kinds import KINDS
from berdaya.imports.services import run_import


class Command(BaseCommand):
    help = (
        "Import people, enterprises, groups or memberships from an XLSX or CSV file. Without --commit it is a "
        "dry run that saves nothing and lists every row's problems; with --commit all rows are saved, or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--commit", action="store_true", help="save the rows (all or nothing)")
        parser.add_argument(
            "--user", help="username recorded in the audit log; default: the first active superuser"
        )

    def _user(self, username):
        users = get_user_model().objects.filter(is_active=True)
        if username:
            user = users.filter(username=username).first()
            if user is None:
                raise CommandError(f"No active user named {username}.")
            return user
        # The console operator already has the server; the audit log still needs a named actor.
        user = users.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("No superuser exists; create one (berdaya createsuperuser) or pass --user.")
        return user

    def handle(self, *args, kind, file, commit, user, **options):
        acting_user = self._user(user)
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")

        def progress(done, total):
            self.stderr.write(f"  {done}/{total} rows", ending="\r")

        try:
            result = run_import(
                acting_user=acting_user,
                kind=kind,
                uploaded_file_name=file.name,
                data=file.read_bytes(),
                commit=commit,
                progress=progress if options["verbosity"] > 1 else None,
            )
        except ServiceError as e:
            raise CommandError(e.message) from None
        for error in result.errors:
            where = f"row {error.row_number}" + (f", {error.column}" if error.column else "")
            value = f" [{error.value}]" if error.value else ""
            self.stdout.write(f"{where}{value}: {error.message}")
        created = ", ".join(f"{what} {n}" for what, n in result.created.items()) or "nothing"
        summary = f"{result.rows_total} rows, {result.rows_ok} fine, {result.rows_failed} with problems."
        if result.committed:
            self.stdout.write(self.style.SUCCESS(f"{summary} Saved: {created}."))
        elif result.errors:
            raise CommandError(f"{summary} Nothing was saved.")
        else:
            self.stdout.write(
                f"{summary} Dry run: nothing saved; would create {created}. Add --commit to save."
            )
