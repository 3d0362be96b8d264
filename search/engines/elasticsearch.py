"""The Elasticsearch engine: French analysis, faceted search, related practices.

Its index (`es_index.ElasticsearchIndex`) writes; its searcher reads through the
same alias. These two modules and `es_mapping`/`es_query` are the only ones that
import the Elasticsearch client.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _
from elasticsearch import ApiError, BadRequestError, NotFoundError, TransportError
from elasticsearch.dsl import Search
from wagtail.models import Page

from .base import (
    MAX_QUERY_CHARS,
    BaseSearchEngine,
    BaseSearcher,
    EngineUnavailable,
    Hit,
    SearchError,
    SearchQuery,
    SearchResults,
)
from .es_index import ElasticsearchIndex, make_client
from .es_query import (
    HIT_SOURCE,
    PracticeSearch,
    correction,
    more_like_this,
    parse_facets,
    parse_hit,
    suggest_query,
)

logger = logging.getLogger(__name__)


class ElasticsearchSearcher(BaseSearcher):
    """Searches on the alias of an `ElasticsearchIndex`."""

    def __init__(self, index: ElasticsearchIndex) -> None:
        self.index = index

    # --- Reads ----

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits of the asked page, exact total, facets counted FacetedSearch-style."""
        if query.page < 1 or query.per_page < 1:
            raise SearchError(_("Page numbers start at 1."))
        query.check_window()
        faceted = PracticeSearch(self.index.client, self.index.alias, query)
        response = self._execute(faceted.page(query.offset, query.per_page))
        corrected = correction(
            query.text[:MAX_QUERY_CHARS],
            response.get("suggest", {}).get("spelling", []),
        )
        if not response["hits"]["total"]["value"] and faceted.expansion.concepts:
            # Nothing holds the words as typed: again, allowing typos and the
            # last word unfinished (fuzzy queries cost too much to run always).
            client, alias = self.index.client, self.index.alias
            lenient = corrected or query.text
            faceted = PracticeSearch(client, alias, query, lenient=lenient)
            response = self._execute(faceted.page(query.offset, query.per_page))
        return SearchResults(
            hits=live_only([parse_hit(hit) for hit in response["hits"]["hits"]]),
            total=response["hits"]["total"]["value"],
            facets=parse_facets(response, faceted.filter_values),
            query=query,
            correction=corrected,
        )

    def related(self, page_id: int, limit: int = 4) -> list[Hit]:
        """Practices most like this one: shared rare words, themes and levers."""
        search = (
            Search()
            .query(more_like_this(self.index.alias, page_id))
            .source(HIT_SOURCE)[:limit]
        )
        return live_only(
            [parse_hit(hit) for hit in self._execute(search)["hits"]["hits"]]
        )

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        """Titles completing the words being typed."""
        if not prefix.strip():
            return []
        search = Search().query(suggest_query(prefix)).source(["title"])[:limit]
        hits = self._execute(search)["hits"]["hits"]
        return list(dict.fromkeys(hit["_source"]["title"] for hit in hits))

    def _execute(self, search: Search) -> dict[str, Any]:
        """The raw response to a search on the alias.

        Raw: reading 20 hits back into Document instances (field by field, dates
        parsed) cost more than the search itself.
        """
        body, index = search.to_dict(), self.index
        try:
            try:
                return index.client.search(index=index.alias, body=body).body
            except NotFoundError:
                # No index behind the alias yet (nothing indexed since set-up, or
                # deleted by hand): create an empty one and answer from it.
                index.forget_alias()
                index.ensure_index()
                return index.client.search(index=index.alias, body=body).body
        except BadRequestError as error:
            logger.warning("Elasticsearch refused a search: %s", error)
            raise SearchError(
                _("This search could not be run; try fewer or simpler words.")
            ) from error
        except (ApiError, TransportError) as error:
            logger.exception("Elasticsearch search failed")
            raise EngineUnavailable(
                _("Search is temporarily unavailable; please try again in a moment.")
            ) from error


def live_only(hits: list[Hit]) -> list[Hit]:
    """The hits whose page is still live (one query).

    An unpublished practice leaves the index a moment later, when its task runs;
    meanwhile it is never shown, as on the database engine (whose statement
    leaves it out of the counts too; here they may count it for that moment).
    """
    if not hits:
        return hits
    ids = [hit.page_id for hit in hits]
    withdrawn = set(
        Page.objects.filter(pk__in=ids, live=False)
        .order_by()  # not by tree path: ~1.4 → ~0.6 ms
        .values_list("pk", flat=True)
    )
    return [hit for hit in hits if hit.page_id not in withdrawn]


class ElasticsearchEngine(BaseSearchEngine):
    """Practices in Elasticsearch, written and searched through one alias."""

    name = "elasticsearch"

    def __init__(self, client=None, prefix: str | None = None) -> None:
        self.index = ElasticsearchIndex(client, prefix)
        self.searcher = ElasticsearchSearcher(self.index)

    def is_available(self) -> bool:
        # The cluster's health, not `ping()` (HEAD /): the root endpoint lives in a
        # module that slim distributions (the test one among them) leave out.
        try:
            return self.index.client.cluster.health()["status"] != "red"
        except Exception:  # noqa: BLE001 - a health check reports, never raises
            return False


__all__ = ["ElasticsearchEngine", "make_client"]
