"""Site-wide pages: the home page and plain editorial pages."""

from django.conf import settings
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


class ContactMessage(models.Model):
    """A member's message to the contact of a practice, sent from its page.

    Stored first, then e-mailed by a Celery task (`sent_at`), with a copy to the
    sender (`copy_sent_at`): a broker or mail outage delays the e-mails, never
    loses them. Nobody reads the rows but the sending code: the admin shows how
    many there are, never what they say, and the subject and body are emptied
    some time after sending (`rtes_site.contact_messages.KEPT_FOR`).
    """

    # Counts outlive a deleted account; an unsent message without its sender is
    # never sent (no one to reply to).
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    practice = models.ForeignKey(
        "practices.PracticePage",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"), max_length=5000)
    # The sender's language, for their copy.
    language = models.CharField(_("language"), max_length=10, default="fr")
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    sent_at = models.DateTimeField(_("e-mailed to the contact"), null=True, blank=True)
    copy_sent_at = models.DateTimeField(
        _("copy e-mailed to the sender"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("message to a practice's contact")
        verbose_name_plural = _("messages to practices' contacts")
        # No add/change/delete/view permission: nobody may be given the contents.
        default_permissions = ()
        permissions = [
            ("view_contact_counts", _("Can see how many messages contacts received"))
        ]
        indexes = [
            models.Index(fields=["sender", "created_at"], name="contact_by_sender"),
            models.Index(fields=["practice", "created_at"], name="contact_by_practice"),
            models.Index(
                fields=["created_at"],
                condition=models.Q(sent_at__isnull=True)
                | models.Q(copy_sent_at__isnull=True),
                name="contact_message_unsent",
            ),
        ]

    def __str__(self):
        return f"Message {self.pk} to practice {self.practice_id}"
