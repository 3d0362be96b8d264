"""The database-specific half of the database engine: how text is indexed and matched.

PostgreSQL analyses French itself (configuration `rtes_french`: French stemmer with
unaccent, weighted tsvector in a GIN-indexed column). SQLite's FTS5 knows no French,
so the Python analyzer (`search.analysis`) stems the text before FTS5 sees it.

Both classes offer the same methods; the engine never asks which one it has. Sets
of practices are bitsets (see `bitsets.py`): bit n is the practice of page id n.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection

from ..analysis import analyze, words
from ..models import IndexedFacetValue, IndexedPractice
from .bitsets import as_bytes, bitset, from_words, members

FTS_TABLE = "catalogue_search_fts"


@dataclass
class TextMatch:
    """The practices matching a text, and a page of them ranked by relevance."""

    bits: int
    hits: list[tuple[int, float]] = field(default_factory=list)  # (page id, rank)


class PostgresFullText:
    config = "rtes_french"

    def save(
        self, rows: list[IndexedPractice], facet_values: list[tuple[int, str, str]]
    ) -> None:
        """Upsert the rows with their vectors, then replace their facet values.

        Three statements per batch whatever its size: the rows go in as arrays
        (`unnest`) and PostgreSQL computes the vectors while inserting them,
        rather than the rows being written, then rewritten with their vectors.
        """
        columns = {
            "page_id": "int",
            "version": "bigint",
            "title": "text",
            "summary": "text",
            "body": "text",
            "partners": "text",
            "territories": "text",
            "url": "text",
            "territory_name": "text",
            "published_at": "timestamptz",
            "title_folded": "text",
        }
        names = ", ".join(columns)
        arrays = ", ".join(f"%s::{kind}[]" for kind in columns.values())
        updates = ", ".join(
            f"{name} = excluded.{name}"
            for name in [*columns, "search_vector", "rank_vector"]
            if name != "page_id"
        )
        title_summary = (
            f"setweight(to_tsvector('{self.config}', t.title), 'A')"
            f" || setweight(to_tsvector('{self.config}', t.summary), 'B')"
        )
        sql = f"""
            INSERT INTO catalogue_search_indexedpractice
                ({names}, search_vector, rank_vector)
            SELECT t.*,
                {title_summary} || setweight(to_tsvector('{self.config}',
                    t.body || ' ' || t.partners || ' ' || t.territories), 'C'),
                {title_summary}
            FROM unnest({arrays}) AS t({names})
            ON CONFLICT (page_id) DO UPDATE SET {updates}
            WHERE catalogue_search_indexedpractice.version <= excluded.version
            RETURNING page_id
        """  # noqa: S608 - identifiers are constants; values are parameters
        with connection.cursor() as cursor:
            # The version check is repeated under the row lock: of two writers
            # racing, the older document never overwrites the newer one.
            cursor.execute(
                sql,
                [[getattr(row, name) for row in rows] for name in columns],
            )
            ids = [page_id for (page_id,) in cursor.fetchall()]
            written = set(ids)
            facet_values = [row for row in facet_values if row[0] in written]
            cursor.execute(
                "DELETE FROM catalogue_search_indexedfacetvalue"
                " WHERE practice_id = ANY(%s)",
                [ids],
            )
            cursor.execute(
                "INSERT INTO catalogue_search_indexedfacetvalue"
                " (practice_id, facet, value)"
                " SELECT * FROM unnest(%s::int[], %s::text[], %s::text[])",
                [list(column) for column in zip(*facet_values, strict=True)]
                or [[], [], []],
            )

    def delete(self, page_ids: Sequence[int]) -> None:
        """Vectors live in the indexed rows: deleting the rows deletes them."""

    def facet_postings(self, cursor) -> Iterable[tuple[str, str, list[int]]]:
        """(facet, value, page ids) of every facet value in the index."""
        cursor.execute(
            "SELECT facet, value, array_agg(practice_id)"
            " FROM catalogue_search_indexedfacetvalue GROUP BY facet, value"
        )
        return cursor.fetchall()

    def match(
        self, text: str, among: int | None, size: int, offset: int, limit: int
    ) -> TextMatch:
        """Practices matching every word of `text` (one statement).

        With `among` (a bitset of `size` bytes), also the page `offset:limit` of
        the matches in `among`, by ts_rank over the small rank vector (title and
        summary), then newest first. The matches come back as 64-bit words
        aggregated by PostgreSQL: ~1,600 rows for 100,000 practices, not one
        row per match.
        """
        params = {"text": " ".join(words(text))}
        query = f"plainto_tsquery('{self.config}', %(text)s)"
        words_sql = (
            "SELECT 0, page_id >> 6, bit_or(1::int8 << (page_id & 63)), NULL::real"
            " FROM {source} GROUP BY 2"
        )
        if among is None:
            sql = words_sql.format(
                source="catalogue_search_indexedpractice"
                f" WHERE search_vector @@ {query}"
            )
        else:
            order = "rank DESC, published_at DESC NULLS LAST, page_id DESC"
            sql = f"""
                WITH m AS MATERIALIZED (
                    SELECT page_id, published_at,
                        CASE WHEN page_id < %(bits)s
                                  AND get_bit(%(among)s, page_id) = 1
                             THEN ts_rank(rank_vector, {query}) END AS rank
                    FROM catalogue_search_indexedpractice
                    WHERE search_vector @@ {query}
                )
                {words_sql.format(source="m")}
                UNION ALL
                SELECT 1, row_number() OVER (ORDER BY {order}), page_id, rank
                FROM (
                    SELECT page_id, published_at, rank FROM m
                    WHERE rank IS NOT NULL ORDER BY {order}
                    LIMIT %(limit)s OFFSET %(offset)s
                ) AS h
            """  # noqa: S608 - identifiers are constants; values are parameters
            params |= {
                "among": as_bytes(among, size),
                "bits": 8 * size,
                "limit": limit,
                "offset": offset,
            }
        found_words, hits = [], []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, number, value, rank in cursor.fetchall():
                if kind == 0:
                    found_words.append((number, value))
                else:
                    hits.append((number, value, rank or 0.0))
        hits.sort()
        return TextMatch(
            bits=from_words(found_words),
            hits=[(page_id, rank) for _, page_id, rank in hits],
        )


class SqliteFullText:
    def save(
        self, rows: list[IndexedPractice], facet_values: list[tuple[int, str, str]]
    ) -> None:
        """Upsert the rows, replace their facet values, re-index their texts."""
        IndexedPractice.objects.bulk_create(
            rows,
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
        ids = [row.page_id for row in rows]
        IndexedFacetValue.objects.filter(practice_id__in=ids).delete()
        IndexedFacetValue.objects.bulk_create(
            [
                IndexedFacetValue(practice_id=page_id, facet=facet, value=value)
                for page_id, facet, value in facet_values
            ],
            batch_size=2000,
        )
        self.write(ids)

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

    def facet_postings(self, cursor) -> Iterable[tuple[str, str, list[int]]]:
        cursor.execute(
            "SELECT facet, value, group_concat(practice_id)"
            " FROM catalogue_search_indexedfacetvalue GROUP BY facet, value"
        )
        return [
            (facet, value, [int(i) for i in ids.split(",")])
            for facet, value, ids in cursor.fetchall()
        ]

    def match(
        self, text: str, among: int | None, size: int, offset: int, limit: int
    ) -> TextMatch:
        """Practices matching every term of `text`; with `among`, a page of them
        by FTS5's bm25 (title 10, summary 4, body 1), then newest first."""
        expression = " ".join(f'"{term}"' for term in analyze(text))
        # bm25 is lower for better matches; negated, higher is better.
        # The table name is a constant; the text is a parameter.
        sql = (
            f"SELECT {FTS_TABLE}.rowid, -bm25({FTS_TABLE}, 10.0, 4.0, 1.0)"  # noqa: S608
            f" AS rank FROM {FTS_TABLE} JOIN catalogue_search_indexedpractice ip"
            f" ON ip.page_id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s"
            " ORDER BY rank DESC, ip.published_at DESC, ip.page_id DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression])
            rows = cursor.fetchall()
        bits = bitset(page_id for page_id, _ in rows)
        if among is None:
            return TextMatch(bits=bits)
        ranked = set(members(bits & among))
        hits = [(page_id, rank) for page_id, rank in rows if page_id in ranked]
        return TextMatch(bits=bits, hits=hits[offset : offset + limit])


def fulltext_for_connection():
    """The full-text half that fits the database in use."""
    if connection.vendor == "postgresql":
        return PostgresFullText()
    if connection.vendor == "sqlite":
        return SqliteFullText()
    raise NotImplementedError(f"No full-text support for {connection.vendor}")
