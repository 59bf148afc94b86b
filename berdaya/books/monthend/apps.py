from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonthEndConfig(AppConfig):
    name = "berdaya.books.monthend"
    label = "monthend"
    verbose_name = _("Month-end close")
