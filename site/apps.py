from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RtesSiteConfig(AppConfig):
    name = "rtes_site"
    verbose_name = _("RTES site")

    def ready(self):
        from .templatetags.navigation_tags import connect_signals

        connect_signals()
