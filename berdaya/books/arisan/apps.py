from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArisanConfig(AppConfig):
    name = "berdaya.books.arisan"
    label = "arisan"
    verbose_name = _("Arisan")

    def ready(self):
        from berdaya.books.checks import EXTRA_CHECKS

        from .checks import arisan_pot_matches_rounds, arisan_slot_won_once

        for check in (arisan_pot_matches_rounds, arisan_slot_won_once):
            if check not in EXTRA_CHECKS:
                EXTRA_CHECKS.append(check)
