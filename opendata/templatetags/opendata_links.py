"""The open data links of the public pages: feeds, exports, structured data."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from practices.models import PracticePage
from search.engines.base import SearchQuery
from search.params import query_string
from territories.models import TerritoryPage

from ..exports import LICENCE, max_rows
from ..feeds import search_feed_url
from ..seo import json_ld, opengraph, practice_data

register = template.Library()


def feed_alternates(context) -> list[dict]:
    """The feeds of what a page lists: a search's, a member territory's, or (on
    the home page) the latest practices."""
    query, page = context.get("query"), context.get("page")
    if isinstance(query, SearchQuery):
        return [{"url": search_feed_url(query), "title": _("Atom feed of this search")}]
    if isinstance(page, TerritoryPage) and page.territory_id:
        return [
            {
                "url": reverse("opendata_feeds:territory", args=[page.territory_id]),
                "title": _("Atom feed of the practices of %(name)s")
                % {"name": page.title},
            }
        ]
    if page is not None and page.depth == 2:  # the home page (a site's root)
        return [
            {
                "url": reverse("opendata_feeds:search"),
                "title": _("Atom feed of the latest practices"),
            }
        ]
    return []


@register.simple_tag(takes_context=True)
def opendata_head(context) -> SafeString:
    """What <head> says for machines: feed alternates, OpenGraph, JSON-LD."""
    request, page = context.get("request"), context.get("page")
    parts = [
        render_to_string(
            "opendata/includes/feed_alternate.html",
            {"feeds": feed_alternates(context)},
        )
    ]
    if request is not None and page is not None and hasattr(page, "seo_title"):
        parts.append(
            render_to_string(
                "opendata/includes/opengraph.html",
                {"tags": opengraph(request, page, context)},
            )
        )
        if isinstance(page, PracticePage):
            parts.append(json_ld(practice_data(request, page, context)))
    return mark_safe("".join(parts))  # noqa: S308 - rendered templates, escaped JSON


@register.inclusion_tag("opendata/includes/feed_search_links.html")
def result_set_links(query: SearchQuery, total: int) -> dict:
    """The search page's feed and download links, for the search as it is."""
    params = query_string(query)
    suffix = "?" + params if params else ""
    return {
        "total": total,
        "feed_url": search_feed_url(query),
        "csv_url": reverse("opendata_feeds:export_csv") + suffix,
        "json_url": reverse("opendata_feeds:export_json") + suffix,
        "max_rows": max_rows(),
        "licence": LICENCE,
    }
