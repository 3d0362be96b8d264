"""Absolute links in e-mails, from the one base-URL setting.

Every e-mail the site sends (digests, confirmations, Wagtail's own moderation
e-mails) builds its links from `WAGTAILADMIN_BASE_URL`.
"""

from django.conf import settings


def absolute(url: str) -> str:
    """`url` on the site's public address, when it is a path."""
    if url.startswith("/"):
        return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + url
    return url
