"""The database search engine: PostgreSQL full-text search, or SQLite FTS5.

The embedded default and the engine of small installs (up to ~20,000 practices;
Elasticsearch carries larger catalogues). Every search is plain SQL, three
statements whatever the catalogue's size, and nothing is cached between searches:
the first search after a write costs what any other does.

- the facet counts: one GROUP BY over the facet values of the matching practices,
  each row counted under the other facets' selections (multi-select);
- the page of hits, with the total (a window count), ranked or sorted;
- the page's rows, for titles and highlights.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DatabaseError, transaction
from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)

from ..analysis import analyze, fold, highlight
from ..documents import SearchDocument
from ..models import IndexedFacetValue, IndexedPractice, IndexedWord
from ..spelling import recount, remember, respell, with_alternatives
from ..synonyms import expand
from .base import (
    FACETS,
    BaseIndex,
    BaseSearchEngine,
    BaseSearcher,
    FacetCount,
    Hit,
    ItemError,
    SearchQuery,
    SearchResults,
)
from .fulltext import VOCABULARY_COLUMNS, fulltext_for_connection, searchable

# How much a shared term counts when looking for related practices.
RELATED_WEIGHTS = {"theme": 3, "lever": 2, "audience": 1}


def holding(facet: str, values: Iterable[str]) -> QuerySet[IndexedFacetValue]:
    """The ids of the practices holding one of these values of a facet."""
    return IndexedFacetValue.objects.filter(facet=facet, value__in=list(values)).values(
        "practice_id"
    )


class DatabaseIndex(BaseIndex):
    """Index rows, facet values and text vectors (or FTS5 rows) in the database."""

    def __init__(self, fulltext):
        self.fulltext = fulltext

    @transaction.atomic
    def add_items(self, documents: Iterable[SearchDocument]) -> list[ItemError]:
        documents = list(documents)
        known = dict(
            IndexedPractice.objects.filter(
                pk__in=[d.id for d in documents]
            ).values_list("pk", "version")
        )
        # A document older than the indexed one is a late, stale write: skip it.
        fresh = [d for d in documents if d.version >= known.get(d.id, 0)]
        if fresh:
            self.fulltext.save(
                [row(d) for d in fresh],
                [
                    (d.id, facet, value[:120])
                    for d in fresh
                    for facet in FACETS
                    for value in dict.fromkeys(getattr(d, facet))
                ],
            )
            remember(getattr(d, column) for d in fresh for column in VOCABULARY_COLUMNS)
        return []

    @transaction.atomic
    def delete_item(self, page_id: int) -> None:
        IndexedPractice.objects.filter(pk=page_id).delete()
        self.fulltext.delete([page_id])

    def indexed_versions(self) -> dict[int, int]:
        return dict(IndexedPractice.objects.values_list("pk", "version"))

    def count(self) -> int:
        return IndexedPractice.objects.count()

    def upkeep(self) -> None:
        """Recount the vocabulary: exact counts, words no practice uses dropped."""
        recount(VOCABULARY_COLUMNS)

    @transaction.atomic
    def reset(self) -> None:
        ids = list(IndexedPractice.objects.values_list("pk", flat=True))
        IndexedPractice.objects.all().delete()
        IndexedWord.objects.all().delete()
        self.fulltext.delete(ids)


class DatabaseSearcher(BaseSearcher):
    """Queries on the index tables, in SQL (see `fulltext` for each database)."""

    def __init__(self, fulltext):
        self.fulltext = fulltext

    def search(self, query: SearchQuery) -> SearchResults:
        """Hits of the page asked for, exact total, multi-select facet counts."""
        query.check_window()
        # A query of stop words or function words only constrains nothing.
        spelling = respell(query.text, query.words)
        expansion = with_alternatives(
            expand(query.words, compounds=query.compounds), spelling
        )
        terms = analyze(" ".join(expansion.words))
        found = self.fulltext.find(query, expansion)
        return SearchResults(
            hits=self._hits(found.page, set(terms)),
            total=found.total,
            facets=facet_counts(found.counts, query.filters),
            query=query,
            correction=spelling.suggestion,
        )

    def _hits(self, page: list[tuple[int, float]], terms: set[str]) -> list[Hit]:
        ids = [page_id for page_id, _ in page]
        rows = IndexedPractice.objects.defer("documents").in_bulk(ids)
        values = card_values(ids)
        return [
            hit(rows[pk], terms, score, values.get(pk, {}))
            for pk, score in page
            if pk in rows
        ]

    def related(self, page_id: int, limit: int = 4) -> list[Hit]:
        """The live practices sharing the most weighted taxonomy terms, newest
        first among equals."""
        mine = IndexedFacetValue.objects.filter(
            practice_id=page_id, facet__in=list(RELATED_WEIGHTS)
        ).values_list("facet", "value")
        shared = Q()
        for facet, value in mine:
            shared |= Q(facet=facet, value=value)
        if not shared:
            return []
        weight = Case(
            *(When(facet=f, then=Value(w)) for f, w in RELATED_WEIGHTS.items()),
            output_field=IntegerField(),
        )
        ranked = (
            IndexedFacetValue.objects.filter(shared, practice__in=searchable())
            .exclude(practice_id=page_id)
            .values("practice_id")
            .annotate(score=Sum(weight))
            .order_by("-score", F("practice__published_at").desc(nulls_last=True))
            .values_list("practice_id", flat=True)[:limit]
        )
        ids = list(ranked)
        rows = IndexedPractice.objects.defer("body", "documents").in_bulk(ids)
        values = card_values(ids)
        return [
            hit(rows[pk], set(), 0.0, values.get(pk, {})) for pk in ids if pk in rows
        ]

    def suggest(self, prefix: str, limit: int = 8) -> list[str]:
        folded = fold(prefix.strip())[:100]
        if len(folded) < 2:
            return []
        titles = (
            searchable()
            .filter(
                Q(title_folded__startswith=folded)
                | Q(title_folded__contains=f" {folded}")
            )
            .order_by("-published_at")
            .values_list("title", flat=True)[:limit]
        )
        return list(titles)


class DatabaseSearchEngine(BaseSearchEngine):
    """Search in the application database: the embedded default."""

    name = "database"

    def __init__(self):
        fulltext = fulltext_for_connection()
        self.index = DatabaseIndex(fulltext)
        self.searcher = DatabaseSearcher(fulltext)

    def is_available(self) -> bool:
        try:
            IndexedPractice.objects.exists()
        except DatabaseError:
            return False
        return True


def row(document: SearchDocument) -> IndexedPractice:
    """The index row of a document."""
    return IndexedPractice(
        page_id=document.id,
        version=document.version,
        title=document.title,
        summary=document.summary,
        body=document.body,
        partners=document.partners,
        territories=document.territories,
        labels=document.labels,
        variants=document.variants,
        documents=document.documents,
        url=document.url,
        territory_name=document.territory_name,
        published_at=document.published_at,
        updated_at=document.updated_at,
        title_folded=fold(document.title)[:255],
    )


def card_values(page_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    """The theme and territory-kind values of these practices (one query)."""
    values: dict[int, dict[str, list[str]]] = {}
    rows = IndexedFacetValue.objects.filter(
        practice_id__in=page_ids, facet__in=["theme", "territory_kind"]
    ).order_by("pk")
    for page_id, facet, value in rows.values_list("practice_id", "facet", "value"):
        values.setdefault(page_id, {}).setdefault(facet, []).append(value)
    return values


def hit(
    practice: IndexedPractice,
    terms: set[str],
    score: float = 0.0,
    values: dict[str, list[str]] | None = None,
) -> Hit:
    """A hit from an index row, its matches highlighted in summary and body."""
    excerpts = (highlight(practice.summary, terms), highlight(practice.body, terms))
    return Hit(
        page_id=practice.pk,
        title=practice.title,
        url=practice.url,
        summary=practice.summary,
        territory_name=practice.territory_name,
        published_at=practice.published_at,
        updated_at=practice.updated_at,
        highlights=[excerpt for excerpt in excerpts if excerpt],
        score=score,
        territory_kind=next(iter((values or {}).get("territory_kind", [])), ""),
        themes=(values or {}).get("theme", []),
    )


def facet_counts(
    counts: dict[str, dict[str, int]], filters
) -> dict[str, list[FacetCount]]:
    """Each facet's values, most frequent first; a selected value stays listed,
    at 0 when nothing matches it."""
    facets = {}
    for facet in FACETS:
        found = dict(counts.get(facet, {}))
        chosen = set(filters.get(facet, ()))
        for value in chosen:
            found.setdefault(value, 0)
        facets[facet] = [
            FacetCount(value=value, count=n, selected=value in chosen)
            for value, n in sorted(found.items(), key=lambda item: (-item[1], item[0]))
        ]
    return facets
