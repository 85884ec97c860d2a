from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "assay.notifications"
    verbose_name = _("notifications")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .services import remember_language

        user_logged_in.connect(remember_language, dispatch_uid="notifications.remember_language")
