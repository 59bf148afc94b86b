from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "berdaya.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import scope_cache, signals  # noqa: F401  (signals connects the login audit)

        scope_cache.connect()
