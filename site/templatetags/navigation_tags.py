"""Site navigation for the public templates, computed once per request.

The links under the site's root are cached (Django's cache, per site and
language): finding a root's children means scanning every page's path, ~25 ms
with 100,000 practices. Saving, publishing, unpublishing, moving or deleting any
page, or saving a site, gives the cache a new version (`connect_signals`, called
by the app's `ready()`); the timeout bounds the staleness where the cache is
local to a process (locmem) and the change happened in another process.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse, translate_url
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from practices.models import CatalogPage
from territories.models import TerritoryIndexPage

register = template.Library()

ACCESSIBILITY_SLUG = "accessibilite"
VERSION_KEY = "rtes:navigation:version"
LINKS_TIMEOUT = 300  # seconds


def _new_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def invalidate_navigation(**kwargs) -> None:
    """Make every cached menu stale (signal receiver).

    Now, and again after the commit: a request served in between could cache
    the menu as it was before the change, under the new version.
    """
    _new_version()
    transaction.on_commit(_new_version)


def _page_changed(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate_navigation()


def connect_signals() -> None:
    """Invalidate the cached menus on every change that can alter them.

    Any page saved (created, published, unpublished, edited) or deleted, any page
    moved (treebeard moves with UPDATEs, hence Wagtail's signal), any site saved
    or deleted. Coarse, but editors change pages at human speed.
    """
    from wagtail.signals import page_published, page_unpublished, post_page_move

    uid = "rtes-navigation"
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate_navigation, dispatch_uid=f"{uid}-{id(signal)}")
    post_save.connect(_page_changed, dispatch_uid=f"{uid}-page-saved")
    post_delete.connect(_page_changed, dispatch_uid=f"{uid}-page-deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            invalidate_navigation, sender=Site, dispatch_uid=f"{uid}-site-{id(signal)}"
        )


@dataclass
class MenuItem:
    title: str
    url: str
    # Value of aria-current: "page" on the page itself, "true" inside its section.
    current: str = ""
    # ` lang="fr"` on an editor's page title shown in another interface language;
    # empty for the interface's own labels (Home, Member territories, Search).
    lang: SafeString = mark_safe("")


@dataclass
class SiteNavigation:
    """What the header and footer link to; URLs are "" when a page is missing."""

    home_url: str = "/"
    menu: list[MenuItem] = field(default_factory=list)
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
    """The navigation of the request's site, cached on the request."""
    cached = getattr(request, "_rtes_navigation", None)
    if cached is not None:
        return cached
    content_lang = mark_safe("")
    content_language = settings.WAGTAIL_CONTENT_LANGUAGES[0][0]
    if (get_language() or content_language) != content_language:
        content_lang = mark_safe(f' lang="{content_language}"')  # noqa: S308
    nav = SiteNavigation()
    site = Site.find_for_request(request)
    if site is not None:
        nav = _navigation(_site_links(site, request), request.path, content_lang)
    nav.language_next = translate_url(request.get_full_path(), settings.LANGUAGE_CODE)
    nav.content_lang = content_lang
    request._rtes_navigation = nav
    return nav


def _site_links(site: Site, request) -> dict | None:
    """The site's home and key pages, and its menu: [(title, url)], cached."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    key = f"rtes:navigation:{version}:{site.pk}:{site.root_page_id}:{get_language()}"
    links = cache.get(key)
    if links is None:
        root = Page.objects.filter(pk=site.root_page_id).first()
        links = _links_from_root(root, request) if root is not None else {}
        cache.set(key, links, LINKS_TIMEOUT)
    return links or None


def _links_from_root(root: Page, request) -> dict:
    # The catalogue page only redirects to the search page, the menu's last item.
    catalogue_type = ContentType.objects.get_for_model(CatalogPage)
    index_type = ContentType.objects.get_for_model(TerritoryIndexPage)
    links = {"home_url": root.get_url(request) or "/", "menu": []}
    for child in (
        root.get_children().live().public().exclude(content_type=catalogue_type)
    ):
        url = child.get_url(request) or ""
        if child.content_type_id == index_type.pk:
            links["territories_url"] = url
        elif child.slug == ACCESSIBILITY_SLUG:
            links["accessibility_url"] = url
        if child.content_type_id == index_type.pk:
            # A page of the site's structure: the interface names it, in the
            # visitor's language.
            links["menu"].append((None, url))
        elif child.show_in_menus:
            links["menu"].append((child.title, url))
    return links


NO_LANG = mark_safe("")


def _navigation(
    links: dict | None, path: str, content_lang: SafeString = NO_LANG
) -> SiteNavigation:
    if not links:
        return SiteNavigation()
    nav = SiteNavigation(
        home_url=links["home_url"],
        territories_url=links.get("territories_url", ""),
        accessibility_url=links.get("accessibility_url", ""),
    )
    nav.menu.append(
        MenuItem(_("Home"), nav.home_url, _current(nav.home_url, path, True))
    )
    for title, url in links["menu"]:
        if title is None:
            item = MenuItem(_("Member territories"), url, _current(url, path))
        else:
            item = MenuItem(title, url, _current(url, path), lang=content_lang)
        nav.menu.append(item)
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
