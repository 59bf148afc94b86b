from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from berdaya.books.checks import run_checks


class Command(BaseCommand):
    help = "Check every group's books against the ledger invariants; exits non-zero on a finding."

    def add_arguments(self, parser):
        parser.add_argument("--book", type=int, action="append", help="only these book ids")

    def handle(self, *args, book=None, **options):
        findings = run_checks(book)
        for f in findings:
            self.stdout.write(f"{f.check}\tbook {f.book_id}\t{f.detail}")
        if findings:
            raise CommandError(_("%(n)d problem(s) found in the books.") % {"n": len(findings)})
        self.stdout.write(_("The books are sound: every check passed."))
