"""The database-specific half of the database engine: how text is indexed and matched.

PostgreSQL analyses French itself (configuration `rtes_french`: French stemmer with
unaccent, weighted tsvector in a GIN-indexed column). SQLite's FTS5 knows no French,
so the Python analyzer (`search.analysis`) stems the text before FTS5 sees it.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from ..analysis import analyze, words
from ..models import IndexedPractice

FTS_TABLE = "catalogue_search_fts"


class PostgresFullText:
    config = "rtes_french"

    def write(self, page_ids: Sequence[int]) -> None:
        """Recompute the weighted vectors: title A, summary B, the rest C."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE catalogue_search_indexedpractice SET search_vector =
                    setweight(to_tsvector('{self.config}', title), 'A')
                    || setweight(to_tsvector('{self.config}', summary), 'B')
                    || setweight(to_tsvector('{self.config}',
                        body || ' ' || partners || ' ' || territories), 'C')
                WHERE page_id = ANY(%s)
                """,  # noqa: S608 - the config name is a constant
                [list(page_ids)],
            )

    def delete(self, page_ids: Sequence[int]) -> None:
        """Vectors live in the indexed rows: deleting the rows deletes them."""

    def match(self, practices: QuerySet[IndexedPractice], text: str) -> QuerySet:
        # Hyphens and elisions are split off first, so "tiers-lieux" and
        # "tiers lieux" ask the same thing.
        query = SearchQuery(
            " ".join(words(text)), config=self.config, search_type="plain"
        )
        return practices.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )

    relevance_order = "-rank"


class SqliteFullText:
    def write(self, page_ids: Sequence[int]) -> None:
        rows = IndexedPractice.objects.filter(pk__in=page_ids).values_list(
            "pk", "title", "summary", "body", "partners", "territories"
        )
        self.delete(page_ids)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: E501, S608
                [
                    (
                        pk,
                        " ".join(analyze(title)),
                        " ".join(analyze(summary)),
                        " ".join(analyze(f"{body} {partners} {territories}")),
                    )
                    for pk, title, summary, body, partners, territories in rows
                ],
            )

    def delete(self, page_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(page_ids), 500):
                chunk = list(page_ids[start : start + 500])
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN "  # noqa: S608
                    f"({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )

    def match(self, practices: QuerySet[IndexedPractice], text: str) -> QuerySet:
        expression = " ".join(f'"{term}"' for term in analyze(text))
        return practices.filter(
            pk__in=RawSQL(  # noqa: S611 - the user's text goes in as a parameter
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [expression],
            )
        ).annotate(
            # bm25 is lower for better matches; negate it so that higher is better.
            rank=RawSQL(  # noqa: S611 - the user's text goes in as a parameter
                f"SELECT -bm25({FTS_TABLE}, 10.0, 4.0, 1.0) FROM {FTS_TABLE} "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s "
                f"AND rowid = catalogue_search_indexedpractice.page_id",
                [expression],
                output_field=FloatField(),
            )
        )

    relevance_order = "-rank"


def fulltext_for_connection():
    """The full-text half that fits the database in use."""
    if connection.vendor == "postgresql":
        return PostgresFullText()
    if connection.vendor == "sqlite":
        return SqliteFullText()
    raise NotImplementedError(f"No full-text support for {connection.vendor}")
