from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundsConfig(AppConfig):
    name = "berdaya.books.funds"
    label = "funds"
    verbose_name = _("Revolving stimulant funds")
