from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConveyorConfig(AppConfig):
    name = "berdaya.clusters.conveyor"
    label = "conveyor"
    verbose_name = _("Conveyor-belt production")
