from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PraConfig(AppConfig):
    name = "berdaya.fieldwork.pra"
    label = "pra"
    verbose_name = _("Participatory appraisal (PRA)")
