from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArisanConfig(AppConfig):
    name = "berdaya.books.arisan"
    label = "arisan"
    verbose_name = _("Arisan")
