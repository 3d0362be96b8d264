"""The database-specific half of the database engine: how text is indexed and matched.

PostgreSQL analyses French itself (configuration `rtes_french`: French stemmer with
unaccent; vectors in the narrow, GIN-indexed `IndexedVectors` table). SQLite's FTS5
knows no French, so the Python analyzer (`search.analysis`) stems the text before
FTS5 sees it.

Both classes offer the same methods; the engine never asks which one it has. They
answer in postings: for each word of a query and each field (document, title,
summary), the set of practices holding it, as a bitset (see `bitsets.py`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connection, transaction

from ..analysis import analyze
from ..models import IndexedFacetValue, IndexedPractice
from .bitsets import bitset

FTS_TABLE = "catalogue_search_fts"
ROW_COLUMNS = {
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

# (field, text) → the practices whose field holds every word of the text; None
# for a text the analyzer drops entirely (stop words), which constrains nothing.
Postings = dict[tuple[str, str], int | None]


class PostgresFullText:
    config = "rtes_french"

    def save(
        self, rows: list[IndexedPractice], facet_values: list[tuple[int, str, str]]
    ) -> None:
        """Upsert the rows, their vectors and their facet values.

        Four statements per batch whatever its size: rows go in as arrays
        (`unnest`), and PostgreSQL computes the vectors from the same arrays.
        """
        names = ", ".join(ROW_COLUMNS)
        arrays = ", ".join(f"%s::{kind}[]" for kind in ROW_COLUMNS.values())
        updates = ", ".join(
            f"{name} = excluded.{name}" for name in ROW_COLUMNS if name != "page_id"
        )
        columns = [[getattr(row, name) for row in rows] for name in ROW_COLUMNS]
        with connection.cursor() as cursor:
            # The version is checked again under the row lock: of two writers
            # racing, the older document never overwrites the newer one.
            cursor.execute(
                f"""
                INSERT INTO catalogue_search_indexedpractice ({names})
                SELECT * FROM unnest({arrays})
                ON CONFLICT (page_id) DO UPDATE SET {updates}
                WHERE catalogue_search_indexedpractice.version <= excluded.version
                RETURNING page_id
                """,  # noqa: S608 - identifiers are constants; values are parameters
                columns,
            )
            written = {page_id for (page_id,) in cursor.fetchall()}
            cfg = self.config
            cursor.execute(
                f"""
                INSERT INTO catalogue_search_indexedvectors
                    (practice_id, document, title, summary)
                SELECT t.page_id,
                    to_tsvector('{cfg}', t.title || ' ' || t.summary || ' ' || t.body
                        || ' ' || t.partners || ' ' || t.territories),
                    to_tsvector('{cfg}', t.title), to_tsvector('{cfg}', t.summary)
                FROM unnest({arrays}) AS t({names})
                WHERE t.page_id = ANY(%s)
                ON CONFLICT (practice_id) DO UPDATE SET document = excluded.document,
                    title = excluded.title, summary = excluded.summary
                """,  # noqa: S608 - identifiers are constants; values are parameters
                [*columns, list(written)],
            )
            cursor.execute(
                "DELETE FROM catalogue_search_indexedfacetvalue"
                " WHERE practice_id = ANY(%s)",
                [list(written)],
            )
            kept = [row for row in facet_values if row[0] in written]
            cursor.execute(
                "INSERT INTO catalogue_search_indexedfacetvalue"
                " (practice_id, facet, value)"
                " SELECT * FROM unnest(%s::int[], %s::text[], %s::text[])",
                [list(column) for column in zip(*kept, strict=True)] or [[], [], []],
            )

    def delete(self, page_ids: Sequence[int]) -> None:
        """Vectors cascade with the indexed rows: deleting the rows deletes them."""

    def facet_postings(self, cursor) -> Iterable[tuple[str, str, list[int]]]:
        """(facet, value, page ids) of every facet value in the index."""
        cursor.execute(
            "SELECT facet, value, array_agg(practice_id)"
            " FROM catalogue_search_indexedfacetvalue GROUP BY facet, value"
        )
        return cursor.fetchall()

    def postings(self, wanted: Sequence[tuple[str, str]]) -> Postings:
        """The postings of these (field, text) pairs, in one statement.

        A text of several words asks for the practices holding all of them (the
        GIN index intersects). Each set comes back as one array of page ids:
        PostgreSQL aggregates 85,000 ids into an array in a third of the time it
        takes to OR them into 64-bit words, and Python sets the bits in ~10 ms.
        """
        if not wanted:
            return {}
        parts, params = [], {}
        for i, (name, text) in enumerate(wanted):
            params[f"t{i}"] = text
            query = f"plainto_tsquery('{self.config}', %(t{i})s)"
            parts.append(
                f"SELECT {i}, numnode({query}), array_agg(practice_id)"  # noqa: S608
                f" FROM catalogue_search_indexedvectors WHERE {name} @@ {query}"
            )
        sql = " UNION ALL ".join(f"({part})" for part in parts)
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner prices `@@` on a toasted vector like on a small one and
            # picks a sequential scan for a common word, detoasting every vector:
            # 20× slower than the bitmap scan, which never reads them.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
            cursor.execute(sql, params)
            rows = {i: (nodes, ids) for i, nodes, ids in cursor.fetchall()}
            cursor.execute(
                "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL jit TO DEFAULT"
            )
        return {
            key: None if rows[i][0] == 0 else bitset(rows[i][1] or ())
            for i, key in enumerate(wanted)
        }


class SqliteFullText:
    def save(
        self, rows: list[IndexedPractice], facet_values: list[tuple[int, str, str]]
    ) -> None:
        """Upsert the rows, replace their facet values, re-index their texts."""
        IndexedPractice.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["page"],
            update_fields=[name for name in ROW_COLUMNS if name != "page_id"],
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

    def postings(self, wanted: Sequence[tuple[str, str]]) -> Postings:
        """The postings of these (field, text) pairs (FTS5, column filters)."""
        found: Postings = {}
        with connection.cursor() as cursor:
            for name, text in wanted:
                terms = analyze(text)
                if not terms:
                    found[(name, text)] = None
                    continue
                if name == "document":
                    expression = " ".join(f'"{term}"' for term in terms)
                else:  # a column filter names the field
                    expression = " AND ".join(f'{name} : "{term}"' for term in terms)
                cursor.execute(
                    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                    [expression],
                )
                found[(name, text)] = bitset(row[0] for row in cursor.fetchall())
        return found


def fulltext_for_connection():
    """The full-text half that fits the database in use."""
    if connection.vendor == "postgresql":
        return PostgresFullText()
    if connection.vendor == "sqlite":
        return SqliteFullText()
    raise NotImplementedError(f"No full-text support for {connection.vendor}")
