from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoansConfig(AppConfig):
    name = "berdaya.books.loans"
    label = "loans"
    verbose_name = _("Loans and joint liability (tanggung renteng)")

    def ready(self):
        from berdaya.books.checks import EXTRA_CHECKS

        from .checks import cover_matches_ledger, loans_match_ledger

        for check in (loans_match_ledger, cover_matches_ledger):
            if check not in EXTRA_CHECKS:
                EXTRA_CHECKS.append(check)
