"""The database search engine: PostgreSQL full-text search, or SQLite FTS5."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DatabaseError, transaction
from django.db.models import Q

from ..analysis import analyze, fold, highlight, words
from ..documents import PracticeDocument
from ..models import IndexedPractice
from .base import (
    FACETS,
    BaseSearchEngine,
    FacetCount,
    Hit,
    ItemError,
    SearchQuery,
    SearchResults,
)
from .bitsets import not_live, snapshots
from .fulltext import fulltext_for_connection

# The fields whose words rank the matches (see Snapshot.ranked).
RANKED_FIELDS = ("title", "summary")
# Words of a query beyond these are ignored (each costs a lookup per field).
MAX_WORDS = 12
# How much a shared term counts when looking for related practices.
RELATED_WEIGHTS = {"theme": 3, "lever": 2, "audience": 1}


def query_words(text: str) -> list[str]:
    """The distinct words of a query, lowercased, at most MAX_WORDS."""
    return list(dict.fromkeys(word.lower() for word in words(text)))[:MAX_WORDS]


class DatabaseSearchEngine(BaseSearchEngine):
    """Search in the application database: the embedded default and the fallback."""

    name = "database"

    def __init__(self):
        self.fulltext = fulltext_for_connection()

    # --- Queries ------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits of the page asked for, total and multi-select facet counts.

        Sets of practices are bitsets (`bitsets.py`): facet values are cached in
        the process until the index changes, and so are the postings of the
        words asked for. The database answers at most three small questions: is
        the cache current, which indexed practices are no longer live, and which
        practices hold the words not asked for since the index last changed.
        """
        query.check_window()
        snapshot = snapshots.current(self.fulltext)
        visible = snapshot.everything & ~not_live()
        selections = {
            facet: snapshot.union(facet, values)
            for facet, values in query.filters.items()
            if values
        }
        passing = visible
        for bits in selections.values():
            passing &= bits
        terms = set(analyze(query.text))
        asked = query_words(query.text) if terms else []
        ranked = bool(asked) and query.sort == "relevance"
        matched = visible
        if asked:
            # The document field for all the words at once (the database
            # intersects); title and summary word by word, to rank.
            phrase = " ".join(asked)
            wanted = [("document", phrase)]
            if ranked:
                wanted += [(name, word) for word in asked for name in RANKED_FIELDS]
            found = snapshot.postings(self.fulltext, wanted)
            if found[("document", phrase)] is not None:  # None: stop words only
                matched &= found[("document", phrase)]
        selected = matched & passing
        if ranked:
            page = snapshot.ranked(
                selected,
                [found[("title", w)] or 0 for w in asked],
                [found[("summary", w)] or 0 for w in asked],
                query.offset,
                query.per_page,
            )
        else:
            newest = query.sort != "oldest"
            page = [
                (page_id, 0.0)
                for page_id in snapshot.ordered(
                    selected, newest, query.offset, query.per_page
                )
            ]
        return SearchResults(
            hits=self._hits(page, terms),
            total=selected.bit_count(),
            facets={
                facet: self._counted(
                    snapshot.counts(facet, self._scope(facet, matched, selections)),
                    query.filters,
                    facet,
                )
                for facet in FACETS
            },
            query=query,
        )

    @staticmethod
    def _scope(facet: str, matched: int, selections: dict[str, int]) -> int:
        """The practices a facet is counted over: those passing every selection
        but the facet's own (multi-select, as Elasticsearch's post_filter)."""
        for other, bits in selections.items():
            if other != facet:
                matched &= bits
        return matched

    def _hits(self, page: list[tuple[int, float]], terms: set[str]) -> list[Hit]:
        # Only the page's rows are read in full (the bodies feed the highlights).
        rows = IndexedPractice.objects.in_bulk([page_id for page_id, _ in page])
        hits = []
        for page_id, score in page:
            if page_id in rows:
                rows[page_id].rank = score
                hits.append(self._hit(rows[page_id], terms))
        return hits

    def related(self, page_id: int, limit: int = 4) -> list[Hit]:
        """The live practices sharing the most weighted taxonomy terms, newest
        first among equals (bitsets: no scan of the facet rows)."""
        snapshot = snapshots.current(self.fulltext)
        scope = snapshot.everything & ~not_live() & ~(1 << page_id)
        weighted_sets = []
        for facet, weight in RELATED_WEIGHTS.items():
            values = snapshot.facets.get(facet, {}).values()
            weighted_sets.append((weight, [b for b in values if b >> page_id & 1]))
        if not any(sets for _, sets in weighted_sets):
            return []
        ranked = snapshot.weighted(scope, weighted_sets, limit)
        practices = IndexedPractice.objects.defer("body").in_bulk(ranked)
        return [self._hit(practices[pk], set()) for pk in ranked if pk in practices]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        folded = fold(prefix.strip())[:100]
        if len(folded) < 2:
            return []
        titles = (
            IndexedPractice.objects.filter(page__live=True)
            .filter(
                Q(title_folded__startswith=folded)
                | Q(title_folded__contains=f" {folded}")
            )
            .order_by("-published_at")
            .values_list("title", flat=True)[:limit]
        )
        return list(titles)

    def is_available(self) -> bool:
        try:
            IndexedPractice.objects.exists()
        except DatabaseError:
            return False
        return True

    # --- Index maintenance ------------------------------------------------------------

    @transaction.atomic
    def add_items(self, documents: Iterable[PracticeDocument]) -> list[ItemError]:
        documents = list(documents)
        known = dict(
            IndexedPractice.objects.filter(
                pk__in=[d.id for d in documents]
            ).values_list("pk", "version")
        )
        # A document older than the indexed one is a late, stale write: skip it.
        fresh = [d for d in documents if d.version >= known.get(d.id, 0)]
        if not fresh:
            return []
        self.fulltext.save(
            [self._row(d) for d in fresh],
            [
                (d.id, facet, value[:120])
                for d in fresh
                for facet in FACETS
                for value in dict.fromkeys(getattr(d, facet))
            ],
        )
        return []

    @transaction.atomic
    def delete_item(self, page_id: int) -> None:
        IndexedPractice.objects.filter(pk=page_id).delete()
        self.fulltext.delete([page_id])

    def indexed_versions(self) -> dict[int, int]:
        return dict(IndexedPractice.objects.values_list("pk", "version"))

    @transaction.atomic
    def reset(self) -> None:
        ids = list(IndexedPractice.objects.values_list("pk", flat=True))
        IndexedPractice.objects.all().delete()
        self.fulltext.delete(ids)

    # --- Helpers ----------------------------------------------------------------------

    @staticmethod
    def _counted(counts: dict[str, int], filters, facet: str) -> list[FacetCount]:
        counts = dict(counts)
        selected = set(filters.get(facet, ()))
        for value in selected:
            counts.setdefault(value, 0)  # a selected value stays visible at zero
        return [
            FacetCount(value=value, count=count, selected=value in selected)
            for value, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
        ]

    @staticmethod
    def _hit(practice: IndexedPractice, terms: set[str]) -> Hit:
        highlights = [
            excerpt
            for excerpt in (
                highlight(practice.summary, terms),
                highlight(practice.body, terms),
            )
            if excerpt
        ]
        return Hit(
            page_id=practice.pk,
            title=practice.title,
            url=practice.url,
            summary=practice.summary,
            territory_name=practice.territory_name,
            published_at=practice.published_at,
            highlights=highlights,
            score=float(getattr(practice, "rank", 0.0) or 0.0),
        )

    @staticmethod
    def _row(document: PracticeDocument) -> IndexedPractice:
        return IndexedPractice(
            page_id=document.id,
            version=document.version,
            title=document.title,
            summary=document.summary,
            body=document.body,
            partners=document.partners,
            territories=document.territories,
            url=document.url,
            territory_name=document.territory_name,
            published_at=document.published_at,
            title_folded=fold(document.title)[:255],
        )
