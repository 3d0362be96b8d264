"""Atom feeds of practices: per theme, lever, audience, member territory, région,
and for any search. Every feed asks the finder (the search page's engine).

An entry's <updated> is when the practice last made news by the digests' rule
(`digests.changes`: first publication, or a substantial update), as the index
holds it; a typo fixed moves nothing. The feed lists the practices the finder
gives for its search, most recent news first (the sort "updated"): a practice
substantially revised comes back to the top, however old.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digests.describe import describe_search
from practices.models import Audience, Lever, Theme
from search.engines.base import Hit, SearchQuery
from search.listing import cards
from search.params import query_string
from territories.models import Territory

from .result_sets import answers_search_errors, asked_query, search

FEED_SIZE = 50


@dataclass
class FeedEntry:
    hit: Hit
    themes: list[str]  # their names
    updated: object  # datetime | None


@dataclass
class FeedSubject:
    """What a feed follows: a title, its search, and what the finder gave."""

    title: str
    query: SearchQuery
    entries: list[FeedEntry] = field(default_factory=list)
    feed_path: str = ""  # the feed's own URL, with its query string

    @property
    def search_url(self) -> str:
        """The search page listing the same practices."""
        params = query_string(self.query)
        return reverse("search") + ("?" + params if params else "")


class PracticeFeed(Feed):
    """The practices of a search, as an Atom feed; subclasses say which search."""

    feed_type = Atom1Feed

    def subject(self, request: HttpRequest, **kwargs) -> FeedSubject:
        raise NotImplementedError

    def get_object(self, request: HttpRequest, **kwargs) -> FeedSubject:
        subject = self.subject(request, **kwargs)
        subject.feed_path = request.get_full_path()
        query = SearchQuery(
            text=subject.query.text,
            filters=subject.query.filters,
            sort="updated",
            per_page=FEED_SIZE,
        )
        results = search(query)
        subject.entries = [
            FeedEntry(hit, card.themes, hit.updated_at)
            for hit, card in zip(results.hits, cards(results.hits), strict=True)
        ]
        return subject

    def title(self, obj: FeedSubject) -> str:
        return f"{obj.title} – {settings.WAGTAIL_SITE_NAME}"

    def link(self, obj: FeedSubject) -> str:
        return obj.search_url

    def feed_url(self, obj: FeedSubject) -> str:
        return obj.feed_path

    def subtitle(self, obj: FeedSubject) -> str:
        return _(
            "The practices of the territories for the social and solidarity "
            "economy, most recently published or substantially revised first."
        )

    def author_name(self) -> str:
        return settings.WAGTAIL_SITE_NAME

    def feed_copyright(self) -> str:
        return _("Licence Ouverte / Etalab 2.0")

    def items(self, obj: FeedSubject) -> list[FeedEntry]:
        return obj.entries

    def item_title(self, item: FeedEntry) -> str:
        return item.hit.title

    def item_description(self, item: FeedEntry) -> str:
        return item.hit.summary

    def item_link(self, item: FeedEntry) -> str:
        return item.hit.url

    def item_pubdate(self, item: FeedEntry):
        return item.hit.published_at

    def item_updateddate(self, item: FeedEntry):
        return item.updated

    def item_author_name(self, item: FeedEntry) -> str:
        return item.hit.territory_name

    def item_categories(self, item: FeedEntry) -> list[str]:
        return item.themes

    def __call__(self, request, *args, **kwargs):
        return answers_search_errors(super().__call__)(request, *args, **kwargs)


def one_value(facet: str, value: str) -> SearchQuery:
    return SearchQuery(filters={facet: (value,)})


class TaxonomyFeed(PracticeFeed):
    """The practices of one theme, lever or audience, by its slug."""

    model: type
    facet: str
    heading: str  # lazy: translated when a feed is made

    def subject(self, request, slug: str) -> FeedSubject:
        term = self.model.objects.filter(slug=slug).first()
        if term is None:
            raise Http404
        return FeedSubject(
            str(self.heading) % {"name": term.name}, one_value(self.facet, slug)
        )


class ThemeFeed(TaxonomyFeed):
    model, facet = Theme, "theme"
    heading = gettext_lazy("Practices of the theme “%(name)s”")


class LeverFeed(TaxonomyFeed):
    model, facet = Lever, "lever"
    heading = gettext_lazy("Practices using the lever “%(name)s”")


class AudienceFeed(TaxonomyFeed):
    model, facet = Audience, "audience"
    heading = gettext_lazy("Practices for the audience “%(name)s”")


class TerritoryFeed(PracticeFeed):
    """The practices of one member territory (the search's `territory` facet)."""

    def subject(self, request, pk: int) -> FeedSubject:
        # A number beyond any key is no territory (SQLite would overflow on it).
        territory = Territory.objects.filter(pk=pk).first() if pk < 2**31 else None
        if territory is None:
            raise Http404
        return FeedSubject(
            _("Practices of %(name)s") % {"name": territory.name},
            one_value("territory", str(pk)),
        )


class RegionFeed(PracticeFeed):
    """The practices made in a région, by its INSEE code."""

    def subject(self, request, code: str) -> FeedSubject:
        region = Territory.objects.filter(kind=Territory.Kind.REGION, code=code).first()
        if region is None:
            raise Http404
        return FeedSubject(
            _("Practices in the region %(name)s") % {"name": region.name},
            one_value("region", code),
        )


class SearchFeed(PracticeFeed):
    """The practices of any search page's URL (same parameters); unknown ones are
    refused (400)."""

    def subject(self, request) -> FeedSubject:
        query = asked_query(request.GET)
        return FeedSubject(describe_search(query.text, dict(query.filters)), query)


def search_feed_url(query: SearchQuery) -> str:
    """The Atom feed of a search: the feed of its one theme, lever, audience,
    territory or région when that is all it selects, else the search's own."""
    selected = [(facet, values) for facet, values in query.filters.items() if values]
    if not query.text and len(selected) == 1 and len(selected[0][1]) == 1:
        facet, (value,) = selected[0]
        name = KIND_FEEDS.get(facet)
        if name:
            return reverse(name, args=[value])
    params = urlencode(list(_params(query)))  # no sort: a feed has its own
    return reverse("opendata_feeds:search") + ("?" + params if params else "")


def _params(query: SearchQuery):
    if query.text:
        yield "q", query.text
    for facet, values in query.filters.items():
        for value in values:
            yield facet, value


KIND_FEEDS = {
    "theme": "opendata_feeds:theme",
    "lever": "opendata_feeds:lever",
    "audience": "opendata_feeds:audience",
    "territory": "opendata_feeds:territory",
    "region": "opendata_feeds:region",
}
