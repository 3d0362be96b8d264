from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestsConfig(AppConfig):
    name = "digests"
    verbose_name = _("Weekly digests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from practices.models import PracticePage
        from search.documents import register_news_dates

        from .changes import last_news, on_page_published

        page_published.connect(
            on_page_published, sender=PracticePage, dispatch_uid="digests.changes"
        )
        register_news_dates(last_news)
