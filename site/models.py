"""Site-wide pages: the home page and plain editorial pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from search.facets import labelled_facets
from search.listing import latest_practices
from territories.models import TerritoryPage


class HomePage(Page):
    """What the network is, the latest practices, counts by theme, the way in."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    LATEST = 6

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One engine call: the newest practices and the counts of each theme.
        latest = latest_practices(self.LATEST)
        themes = {group.name: group for group in labelled_facets(latest.results)}
        context["latest"] = latest
        context["themes_with_counts"] = sorted(
            themes["theme"].values if latest.results else [],
            key=lambda theme: (-theme.count, theme.label),
        )
        context["member_count"] = TerritoryPage.objects.live().public().count()
        return context


class StandardPage(Page):
    """A plain editorial page (about the network, legal notice, accessibility)."""

    body = RichTextField(_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["rtes_site.HomePage", "rtes_site.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class WorkerHeartbeat(models.Model):
    """When a Celery worker last ran the heartbeat task that beat sends it.

    /health/ reads it: a stale one means no worker (or no beat) is running.
    """

    name = models.CharField(max_length=50, primary_key=True)
    at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} at {self.at:%Y-%m-%d %H:%M:%S}"


class MembershipRequest(models.Model):
    """A request for a member account, sent from the public "become a member" page.

    Kept until it has been e-mailed to the RTES team (`sent_at`): a broker or
    mail server that is down delays the e-mail, never loses the request.
    """

    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail address"), max_length=254)
    territory = models.ForeignKey(
        "territories.Territory",
        verbose_name=_("territory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=150)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    sent_at = models.DateTimeField(_("e-mailed to the team"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership request")
        verbose_name_plural = _("membership requests")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True),
                name="membership_request_unsent",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.territory_id})"
