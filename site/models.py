"""Site-wide pages: the home page and plain editorial pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """What the network is, the latest practices, counts by theme, the way in."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from practices.services import home_page_figures

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_figures())
        return context


class StandardPage(Page):
    """A plain editorial page (about the network, legal notice, accessibility)."""

    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["rtes_site.HomePage", "rtes_site.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
