"""The database search engine: PostgreSQL full-text search, or SQLite FTS5."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DatabaseError, transaction
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from ..analysis import analyze, fold, highlight, words
from ..documents import PracticeDocument
from ..models import IndexedFacetValue, IndexedPractice
from .base import (
    FACETS,
    BaseSearchEngine,
    FacetCount,
    Hit,
    SearchQuery,
    SearchResults,
)
from .fulltext import fulltext_for_connection

# How much a shared term counts when looking for related practices.
RELATED_WEIGHTS = {"theme": 3, "lever": 2, "audience": 1}


class DatabaseSearchEngine(BaseSearchEngine):
    """Search in the application database: the embedded default and the fallback."""

    name = "database"

    def __init__(self):
        self.fulltext = fulltext_for_connection()

    # --- Queries ------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits of the page asked for, total and facet counts.

        On PostgreSQL one statement answers it all (see
        `PostgresFullText.faceted_search`); elsewhere a fixed number of ORM queries:
        one per facet, the count and the page.
        """
        query.check_window()
        terms = set(analyze(query.text))
        if hasattr(self.fulltext, "faceted_search"):
            return self._faceted_search(query, terms)
        matched = self._live()
        if terms:
            matched = self.fulltext.match(matched, query.text)

        practices = self._filtered(matched, query.filters)
        total = practices.count()
        ordered = practices.order_by(*self._ordering(query, bool(terms)))
        page = list(ordered[query.offset : query.offset + query.per_page])
        return SearchResults(
            hits=[self._hit(practice, terms) for practice in page],
            total=total,
            facets={
                facet: self._facet_counts(matched, query.filters, facet)
                for facet in FACETS
            },
            query=query,
        )

    def _faceted_search(self, query: SearchQuery, terms: set[str]) -> SearchResults:
        found = self.fulltext.faceted_search(
            " ".join(words(query.text)) if terms else "",
            dict(query.filters),
            query.sort,
            query.offset,
            query.per_page,
        )
        # Only the page's rows are read in full (the bodies feed the highlights).
        rows = IndexedPractice.objects.defer("search_vector").in_bulk(
            [page_id for page_id, _ in found.hits]
        )
        hits = []
        for page_id, score in found.hits:
            if page_id in rows:
                rows[page_id].rank = score
                hits.append(self._hit(rows[page_id], terms))
        return SearchResults(
            hits=hits,
            total=found.total,
            facets={
                facet: self._counted(found.counts.get(facet, {}), query.filters, facet)
                for facet in FACETS
            },
            query=query,
        )

    def related(self, page_id: int, limit: int = 4) -> list[Hit]:
        mine = IndexedFacetValue.objects.filter(
            practice_id=page_id, facet__in=RELATED_WEIGHTS
        ).values_list("facet", "value")
        shared = Q()
        for facet, value in mine:
            shared |= Q(facet=facet, value=value)
        if not shared:
            return []
        scores = (
            IndexedFacetValue.objects.filter(shared, practice__page__live=True)
            .exclude(practice_id=page_id)
            .values("practice_id")
            .annotate(
                score=Sum(
                    Case(
                        *[
                            When(facet=f, then=Value(w))
                            for f, w in RELATED_WEIGHTS.items()
                        ],
                        output_field=IntegerField(),
                    )
                )
            )
            .order_by("-score", "-practice__published_at")[:limit]
        )
        ranked = [row["practice_id"] for row in scores]
        practices = IndexedPractice.objects.defer("search_vector", "body").in_bulk(
            ranked
        )
        return [self._hit(practices[pk], set()) for pk in ranked if pk in practices]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        folded = fold(prefix.strip())[:100]
        if len(folded) < 2:
            return []
        titles = (
            self._live()
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
    def add_items(self, documents: Iterable[PracticeDocument]) -> list[str]:
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
        IndexedPractice.objects.bulk_create(
            [self._row(d) for d in fresh],
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=[
                "version",
                "title",
                "summary",
                "body",
                "partners",
                "territories",
                "url",
                "territory_name",
                "published_at",
                "title_folded",
            ],
        )
        ids = [d.id for d in fresh]
        IndexedFacetValue.objects.filter(practice_id__in=ids).delete()
        IndexedFacetValue.objects.bulk_create(
            [
                IndexedFacetValue(practice_id=d.id, facet=facet, value=value[:120])
                for d in fresh
                for facet in FACETS
                for value in dict.fromkeys(getattr(d, facet))
            ],
            batch_size=2000,
        )
        self.fulltext.write(ids)
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
    def _live() -> QuerySet[IndexedPractice]:
        # The index may lag a moment behind an unpublication: never show a page
        # that is no longer live.
        return IndexedPractice.objects.filter(page__live=True)

    @staticmethod
    def _filtered(practices: QuerySet, filters, skip: str | None = None) -> QuerySet:
        for facet, values in filters.items():
            if facet != skip and values:
                practices = practices.filter(
                    pk__in=IndexedFacetValue.objects.filter(
                        facet=facet, value__in=values
                    ).values("practice_id")
                )
        return practices

    def _facet_counts(self, matched, filters, facet: str) -> list[FacetCount]:
        """Counts of one facet's values under the other facets' selections."""
        scope = self._filtered(matched, filters, skip=facet)
        rows = (
            IndexedFacetValue.objects.filter(
                facet=facet, practice__in=scope.values("pk")
            )
            .values("value")
            .annotate(count=Count("practice_id"))
            .order_by()
        )
        return self._counted(
            {row["value"]: row["count"] for row in rows}, filters, facet
        )

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

    def _ordering(self, query: SearchQuery, has_text: bool) -> list[str]:
        if query.sort == "oldest":
            return ["published_at", "pk"]
        if query.sort == "relevance" and has_text:
            return [self.fulltext.relevance_order, "-published_at", "-pk"]
        return ["-published_at", "-pk"]

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
