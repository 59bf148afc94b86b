from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductionConfig(AppConfig):
    name = "berdaya.clusters.production"
    label = "production"
    verbose_name = _("Joint production and sub-production")
