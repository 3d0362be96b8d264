"""Every list of practices on the site asks the search engine (one way to find them).

The search page, a territory's page, the home page and the related practices all
run a `SearchQuery` (or `related`) and show the hits as practice cards, built from
what the index holds (title, territory, kind, summary, themes, the excerpts the
engine marked): a list costs one query, for the names of its themes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import attrgetter

from wagtail.models import Page

from practices.models import PracticePage, Theme
from practices.services import practices_sharing_themes
from territories.models import Territory, TerritoryPage
from territories.text import alphabetical

from .analysis import fold
from .engines import get_engine
from .engines.base import FacetCount, Hit, SearchError, SearchQuery, SearchResults


@dataclass
class PracticeCard:
    """A practice as a list shows it, with the excerpts that matched, if any."""

    title: str
    url: str
    territory_name: str
    kind_label: str
    summary: str
    themes: list[str] = field(default_factory=list)  # their names
    excerpts: list[str] = field(default_factory=list)

    @classmethod
    def of_page(cls, page: PracticePage) -> PracticeCard:
        """The card of a page (read from the database, when the engine cannot)."""
        territory = page.territory
        return cls(
            title=page.title,
            url=page.url or "",
            territory_name=territory.name if territory else "",
            kind_label=territory.kind_label if territory else "",
            summary=page.summary,
            themes=sorted((theme.name for theme in page.themes.all()), key=fold),
        )


@dataclass
class Listing:
    """A page of practices found by the engine, or why there is none."""

    cards: list[PracticeCard]
    results: SearchResults | None = None
    error: str = ""  # the engine's message when it could not answer

    @property
    def total(self) -> int:
        return self.results.total if self.results else 0

    def facet(self, name: str) -> list[FacetCount]:
        return self.results.facets.get(name, []) if self.results else []


def cards(hits: Iterable[Hit]) -> list[PracticeCard]:
    """The cards of these hits, from what the index holds (one query, for the
    names of their themes): no page is read."""
    hits = list(hits)
    slugs = {slug for hit in hits for slug in hit.themes}
    themes = dict(Theme.objects.filter(slug__in=slugs).values_list("slug", "name"))
    kinds = dict(Territory.facet_kind_choices())
    return [
        PracticeCard(
            title=hit.title,
            url=hit.url,
            territory_name=hit.territory_name,
            kind_label=str(kinds.get(hit.territory_kind, "")),
            summary=hit.summary,
            themes=sorted(
                (themes[slug] for slug in hit.themes if slug in themes), key=fold
            ),
            excerpts=hit.highlights,
        )
        for hit in hits
    ]


def find(query: SearchQuery) -> Listing:
    """The practices of a query, as cards; an engine that cannot answer gives an
    empty listing with its message (pages around a list still render)."""
    try:
        results = get_engine().searcher.search(query)
    except SearchError as error:
        return Listing(cards=[], error=str(error))
    return Listing(cards=cards(results.hits), results=results)


def territory_practices(page: TerritoryPage, limit: int) -> Listing:
    """A member territory's practices, newest first."""
    return find(
        SearchQuery(
            filters={"territory": (str(page.territory_id),)},
            sort="newest",
            per_page=limit,
        )
    )


def latest_practices(limit: int) -> Listing:
    """The newest practices, with the facet counts of the whole catalogue."""
    return find(SearchQuery(sort="newest", per_page=limit))


def related_practices(practice: PracticePage, limit: int = 4) -> list[PracticeCard]:
    """The practices the engine finds most like this one.

    Falls back to the practices sharing the most themes when the engine cannot
    answer (unreachable, or this practice not indexed yet) and in previews.
    """
    if practice.pk and practice.live:
        try:
            found = cards(get_engine().searcher.related(practice.pk, limit))
        except SearchError:
            found = []
        if found:
            return found
    return [
        PracticeCard.of_page(page) for page in practices_sharing_themes(practice, limit)
    ]


@dataclass
class TerritoryGroup:
    """Member territories of one kind, for the territories list."""

    kind: str
    label: str
    pages: list[TerritoryPage]


def member_territories(index: Page | None = None) -> list[TerritoryGroup]:
    """Live member territories grouped by kind, each with its number of practices
    (the engine's counts of the `territory` facet)."""
    counts = {f.value: f.count for f in latest_practices(1).facet("territory")}
    pages = (
        TerritoryPage.objects.live()
        .public()
        .select_related("territory", "territory__region", "logo")
    )
    if index is not None:
        pages = pages.child_of(index)
    groups = {
        kind: TerritoryGroup(kind, str(label), [])
        for kind, label in Territory.facet_kind_choices()
    }
    for page in alphabetical(pages, attrgetter("title")):
        page.practice_count = counts.get(str(page.territory_id), 0)
        groups.get(page.territory.facet_kind, groups["epci"]).pages.append(page)
    return [group for group in groups.values() if group.pages]
