import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from berdaya.books.monthend.models import MonthEndRun
from berdaya.books.monthend.services import month_bounds, previous_month, run_month_end


class Command(BaseCommand):
    help = (
        "Close a month for every group's books now, in this process (for cron or a first run); "
        "the web page and the API queue the same work for `berdaya worker`."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", help="YYYY-MM; default: last month")

    def handle(self, *args, period=None, **options):
        if period:
            try:
                first = dt.datetime.strptime(period, "%Y-%m").date()
            except ValueError:
                raise CommandError("--period must look like 2025-03") from None
        else:
            first = previous_month(dt.date.today())
        first, _last = month_bounds(first)
        run = run_month_end(MonthEndRun.objects.create(period=first).pk)
        self.stdout.write(
            f"{first:%Y-%m}: {run.books_done} books, {run.loans_snapshotted} loans in the arrears snapshot, "
            f"{'incremental' if run.incremental else 'from all postings'}"
        )
