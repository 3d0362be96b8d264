"""The e-mails of the subscription pages: confirm, add to a confirmed address, link.

Always in French (the site's language), HTML with inline styles and plain text.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .describe import describe
from .links import absolute
from .models import Subscriber
from .tokens import MAX_AGE, make_token


def _send(subscriber: Subscriber, template: str, subject: str, context: dict) -> None:
    """Send one HTML + text message from templates/digests/<template>.{txt,html}."""
    context = {"subject": subject, **context}
    text = render_to_string(f"digests/{template}.txt", context)
    html = render_to_string(f"digests/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    message.send()


def send_confirmation(subscriber: Subscriber) -> None:
    """The double opt-in e-mail: a signed link that expires (French)."""
    with translation.override(settings.LANGUAGE_CODE):
        token = make_token(subscriber, "confirm")
        _send(
            subscriber,
            "confirmation_email",
            _("Confirm your subscription to the RTES digest"),
            {
                "confirm_url": absolute(reverse("digests:confirm", args=[token])),
                "days": MAX_AGE["confirm"] // 86400,
                "subscriptions": [describe(s) for s in subscriber.subscriptions.all()],
            },
        )


def send_add_notice(subscriber: Subscriber, targets: list, add_token: str) -> None:
    """Tell a confirmed address that someone asked to add `targets` to it."""
    with translation.override(settings.LANGUAGE_CODE):
        add_url = reverse("digests:add", args=[add_token])
        manage_url = reverse("digests:manage", args=[make_token(subscriber, "manage")])
        _send(
            subscriber,
            "already_subscribed_email",
            _("Your subscription to the RTES digest"),
            {
                "add_url": absolute(add_url),
                "manage_url": absolute(manage_url),
                "days": MAX_AGE["confirm"] // 86400,
                "subscriptions": [describe(t) for t in targets],
            },
        )


def send_manage_link(subscriber: Subscriber) -> None:
    """A fresh link to the manage page (asked for from the site)."""
    with translation.override(settings.LANGUAGE_CODE):
        manage_url = reverse("digests:manage", args=[make_token(subscriber, "manage")])
        _send(
            subscriber,
            "manage_link_email",
            _("Manage your subscriptions to the RTES digest"),
            {
                "manage_url": absolute(manage_url),
                "days": MAX_AGE["manage"] // 86400,
            },
        )
