from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "berdaya.books.funds"
    label = "funds"
    verbose_name = _("Revolving stimulant funds")

    def ready(self):
        from berdaya.books.checks import EXTRA_CHECKS

        from .checks import fund_loans_match_ledger

        if fund_loans_match_ledger not in EXTRA_CHECKS:
            EXTRA_CHECKS.append(fund_loans_match_ledger)
