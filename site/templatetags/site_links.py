"""Links to public pages from outside a request (e-mails), on the one base URL.

Wagtail builds a page's `full_url` from its Site record, whose hostname and port
(`localhost:80` after bootstrap) say nothing about where the site is served;
every link of every e-mail starts with WAGTAILADMIN_BASE_URL instead.
"""

from django import template
from django.conf import settings
from wagtail.models import Page

register = template.Library()


def public_page_url(page: Page) -> str:
    """The page's public address under WAGTAILADMIN_BASE_URL ("" if not routable)."""
    parts = page.specific_deferred.get_url_parts()
    if parts is None:
        return ""
    _site_id, _root_url, path = parts
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


@register.simple_tag
def public_url(page) -> str:
    """``{% public_url page as url %}``: see `public_page_url`."""
    return public_page_url(page) if page is not None else ""
