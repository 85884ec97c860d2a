from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "assay.accounts"
    verbose_name = _("Accounts and access")

    def ready(self) -> None:
        from assay.lib import checks  # noqa: F401  (registers the deployment checks)

        from . import rules  # noqa: F401  (registers the named permissions)
