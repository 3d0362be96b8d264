"""Site navigation for the public templates, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse, translate_url
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from practices.models import CatalogPage
from territories.models import TerritoryIndexPage

register = template.Library()

ACCESSIBILITY_SLUG = "accessibilite"


@dataclass
class MenuItem:
    title: str
    url: str
    # Value of aria-current: "page" on the page itself, "true" inside its section.
    current: str = ""


@dataclass
class SiteNavigation:
    """What the header and footer link to; URLs are "" when a page is missing."""

    home_url: str = "/"
    menu: list[MenuItem] = field(default_factory=list)
    catalogue_url: str = ""
    territories_url: str = ""
    accessibility_url: str = ""
    # The current page's URL in the default language: Django's set_language view
    # runs in the default language (its URL has no prefix) and translates from it.
    language_next: str = "/"
    # ` lang="fr"` on elements showing editorial content (always in French) when
    # the interface is in another language (RGAA 8.7); empty otherwise.
    content_lang: SafeString = mark_safe("")


def _current(url: str, path: str, is_home: bool = False) -> str:
    if url == path:
        return "page"
    if not is_home and url and path.startswith(url):
        return "true"
    return ""


def site_navigation_for(request) -> SiteNavigation:
    """The navigation of the request's site, cached on the request (two queries)."""
    cached = getattr(request, "_rtes_navigation", None)
    if cached is not None:
        return cached
    nav = SiteNavigation()
    path = request.path
    site = Site.find_for_request(request)
    if site is not None:
        root = Page.objects.filter(pk=site.root_page_id).first()
        if root is not None:
            nav = _navigation_from_root(root, request, path)
    nav.language_next = translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
    content_language = settings.WAGTAIL_CONTENT_LANGUAGES[0][0]
    if (get_language() or content_language) != content_language:
        nav.content_lang = mark_safe(f' lang="{content_language}"')  # noqa: S308
    request._rtes_navigation = nav
    return nav


def _navigation_from_root(root: Page, request, path: str) -> SiteNavigation:
    catalogue_type = ContentType.objects.get_for_model(CatalogPage)
    index_type = ContentType.objects.get_for_model(TerritoryIndexPage)
    nav = SiteNavigation(home_url=root.get_url(request) or "/")
    nav.menu.append(
        MenuItem(_("Home"), nav.home_url, _current(nav.home_url, path, True))
    )
    for child in root.get_children().live().public():
        url = child.get_url(request) or ""
        if child.content_type_id == catalogue_type.pk:
            nav.catalogue_url = url
        elif child.content_type_id == index_type.pk:
            nav.territories_url = url
        elif child.slug == ACCESSIBILITY_SLUG:
            nav.accessibility_url = url
        if child.show_in_menus or child.content_type_id in (
            catalogue_type.pk,
            index_type.pk,
        ):
            nav.menu.append(MenuItem(child.title, url, _current(url, path)))
    search_url = reverse("search")
    nav.menu.append(MenuItem(_("Search"), search_url, _current(search_url, path)))
    return nav


@register.simple_tag(takes_context=True)
def site_navigation(context) -> SiteNavigation:
    """``{% site_navigation as nav %}``: menu, key page URLs, language switch."""
    request = context.get("request")
    if request is None:
        return SiteNavigation()
    return site_navigation_for(request)
