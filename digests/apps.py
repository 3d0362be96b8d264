from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestsConfig(AppConfig):
    name = "digests"
    verbose_name = _("Weekly digests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from practices.models import PracticePage

        from .changes import on_page_published

        page_published.connect(
            on_page_published, sender=PracticePage, dispatch_uid="digests.changes"
        )
