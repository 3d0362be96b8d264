from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "catalogue_search"  # `search` alone reads like Wagtail's own search app
    verbose_name = _("Search")

    def ready(self):
        from . import facets, signals

        signals.connect()
        facets.connect_signals()
