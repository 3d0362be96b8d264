"""What makes the catalogue findable: sitemap.xml, robots.txt, and the structured
data (schema.org JSON-LD, OpenGraph) of the practice pages."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Site

from digests.changes import last_news
from practices.models import CatalogPage, PracticePage

from .exports import LICENCE


class PublicPages(Sitemap):
    """Wagtail's sitemap (live, public pages of the site) without the old catalogue
    address, which only redirects to the search page."""

    def items(self):
        return super().items().not_type(CatalogPage)


class SearchPage(DjangoSitemap):
    """The search page: not a Wagtail page, the way in to every practice."""

    def __init__(self, request: HttpRequest):
        self.request = request

    def items(self) -> list[str]:
        return ["search"]

    def location(self, item: str) -> str:
        return reverse(item)

    def get_urls(self, page=1, site=None, protocol=None):
        # On the Wagtail site's address, as the pages' entries are.
        wagtail_site = Site.find_for_request(self.request)
        root = (
            wagtail_site.root_url
            if wagtail_site
            else self.request.build_absolute_uri("/")[:-1]
        )
        return [
            {**url, "location": root + self.location(item)}
            for url, item in zip(
                super().get_urls(page, site, protocol), self.items(), strict=True
            )
        ]


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """sitemap.xml: every live public page, and the search page (in French, the
    site's language, whatever the visitor's browser prefers)."""
    with translation.override(settings.LANGUAGE_CODE):
        response = wagtail_sitemap(
            request, {"pages": PublicPages, "search": SearchPage(request)}
        )
        response.render()
    return response


# Faceted searches make endless combinations of the same practices: crawlers
# follow the practice pages (in the sitemap) rather than every filtered listing.
ROBOTS_DISALLOW = (
    "/admin/",
    "/recherche/?",
    "/en/recherche/?",
    "/flux/recherche/?",
    "/en/flux/recherche/?",
    "/export/",
    "/en/export/",
    "/abonnements/",
    "/en/abonnements/",
)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """robots.txt: what crawlers may skip, and where the sitemap is."""
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


# --- Structured data ----

# As Django's json_script escapes: "</script>" or "<!--" in a title cannot end
# the element or open a comment, whatever the text holds.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element: data, never run (so the
    Content-Security-Policy, which forbids inline scripts, does not apply)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return mark_safe(  # noqa: S308 - the escapes above make it inert
        '<script type="application/ld+json">'
        + text.translate(SCRIPT_ESCAPES)
        + "</script>"
    )


def place(territory) -> dict:
    node = {"@type": "AdministrativeArea", "name": territory.name}
    region = territory.region_of if territory.kind != territory.Kind.REGION else None
    if region is not None:
        node["containedInPlace"] = {"@type": "AdministrativeArea", "name": region.name}
    return node


def temporal_coverage(page: PracticePage) -> str:
    """ISO 8601 interval of the practice's dates ("2021-03-01/.." when ongoing)."""
    if not page.start_date and not page.end_date:
        return ""
    start = page.start_date.isoformat() if page.start_date else ".."
    end = page.end_date.isoformat() if page.end_date else ".."
    return f"{start}/{end}"


def practice_data(request: HttpRequest, page: PracticePage, context) -> dict:
    """The practice as a schema.org CreativeWork: its territory the author
    organisation, the place it covers, its dates."""
    territory = page.territory
    territory_page = context.get("territory_page")
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": page.title,
        "headline": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "inLanguage": settings.LANGUAGE_CODE,
        "license": LICENCE["url"],
        "isAccessibleForFree": True,
        "publisher": {"@type": "Organization", "name": "RTES"},
        "creativeWorkStatus": page.get_status_display(),
        "keywords": [theme.name for theme in context.get("themes", [])],
    }
    if territory is not None:
        author = {"@type": "GovernmentOrganization", "name": territory.name}
        if territory_page is not None and territory_page.live:
            author["url"] = territory_page.get_full_url(request)
        data["author"] = author
        data["spatialCoverage"] = place(territory)
    if coverage := temporal_coverage(page):
        data["temporalCoverage"] = coverage
    if page.start_date:
        data["startDate"] = page.start_date
    if page.end_date:
        data["endDate"] = page.end_date
    if page.first_published_at:
        data["datePublished"] = page.first_published_at
        news = last_news([page.pk]).get(page.pk) if page.pk else None
        data["dateModified"] = max(
            d for d in (news, page.first_published_at) if d is not None
        )
    return data


def opengraph(request: HttpRequest, page, context) -> list[tuple[str, str]]:
    """(property, content) pairs of a Wagtail page's OpenGraph tags."""
    is_practice = isinstance(page, PracticePage)
    description = page.search_description or (page.summary if is_practice else "")
    tags = [
        ("og:title", page.seo_title or page.title),
        ("og:type", "article" if is_practice else "website"),
        ("og:url", page.get_full_url(request) or ""),
        ("og:locale", "fr_FR"),
        ("og:site_name", settings.WAGTAIL_SITE_NAME),
    ]
    if description:
        tags.insert(1, ("og:description", description))
    if is_practice and page.first_published_at:
        tags.append(("article:published_time", page.first_published_at.isoformat()))
    return tags
