"""The database-specific half of the database engine: how text is indexed and matched.

PostgreSQL analyses French itself (configuration `rtes_french`: French stemmer with
unaccent, weighted tsvector in a GIN-indexed column). SQLite's FTS5 knows no French,
so the Python analyzer (`search.analysis`) stems the text before FTS5 sees it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from ..analysis import analyze, words
from ..models import IndexedPractice

FTS_TABLE = "catalogue_search_fts"


@dataclass
class FacetedPage:
    """What one faceted search statement returns: the page, the total, the counts."""

    hits: list[tuple[int, float]]  # (page id, rank) in display order
    total: int
    counts: dict[str, dict[str, int]]  # facet → value → count


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

    def faceted_search(
        self,
        text: str,
        filters: Mapping[str, Sequence[str]],
        sort: str,
        offset: int,
        limit: int,
    ) -> FacetedPage:
        """Page, total and multi-select facet counts in ONE statement.

        The matching practices are found once (a materialised CTE: full-text match,
        live pages, one flag per selected facet). Each facet value is then counted
        over the practices that pass every selection but its own facet's: a
        practice failing no selection counts for every facet, one failing exactly
        one selection counts only for that facet's values, the others for none.
        The rank is computed for the filtered matches only, and only when sorting
        by relevance: ts_rank reads the (toasted) vector, the match does not.
        """
        selected = [(f, list(values)) for f, values in filters.items() if values]
        flag = (
            "(ip.page_id IN (SELECT practice_id FROM catalogue_search_indexedfacetvalue"
            " WHERE facet = %s AND value = ANY(%s)))"
        )
        params: list = []
        if selected:
            nfail = " + ".join(f"(NOT {flag})::int" for _ in selected)
            failed = "CASE " + " ".join(f"WHEN NOT {flag} THEN %s" for _ in selected)
            failed += " END"
            for facet, values in selected:
                params += [facet, values]
            for facet, values in selected:
                params += [facet, values, facet]
        else:
            nfail, failed = "0", "NULL::text"
        ranked = bool(text) and sort == "relevance"
        query_sql = f"plainto_tsquery('{self.config}', %s)"
        where = "wp.live"
        if text:
            where += f" AND ip.search_vector @@ {query_sql}"
            params.append(text)

        if ranked:
            order = "rank DESC, m.published_at DESC NULLS LAST, m.page_id DESC"
            rank = f"ts_rank(ip.search_vector, {query_sql})"
        elif sort == "oldest":
            order = "m.published_at ASC NULLS LAST, m.page_id ASC"
            rank = "0.0::real"
        else:
            order = "m.published_at DESC NULLS LAST, m.page_id DESC"
            rank = "0.0::real"
        # Without selections every match counts: no condition, and the planner's
        # row estimate stays right (it picks a hash aggregate, not a sort).
        count_where = "WHERE m.nfail = 0 OR fv.facet = m.failed" if selected else ""
        hits_join = (
            "JOIN catalogue_search_indexedpractice ip ON ip.page_id = m.page_id"
            if ranked
            else ""
        )
        sql = f"""
            WITH matched AS MATERIALIZED (
                SELECT ip.page_id, ip.published_at,
                       ({nfail}) AS nfail, ({failed}) AS failed
                FROM catalogue_search_indexedpractice ip
                JOIN wagtailcore_page wp ON wp.id = ip.page_id
                WHERE {where}
            )
            SELECT 0, NULL::text, NULL::text, count(*), NULL::int, NULL::real
            FROM matched m WHERE m.nfail = 0
            UNION ALL
            SELECT 1, fv.facet, fv.value, count(*), NULL::int, NULL::real
            FROM matched m
            JOIN catalogue_search_indexedfacetvalue fv ON fv.practice_id = m.page_id
            {count_where}
            GROUP BY fv.facet, fv.value
            UNION ALL
            SELECT 2, NULL::text, NULL::text,
                   row_number() OVER (ORDER BY {order}), h.page_id, h.rank
            FROM (
                SELECT m.page_id, m.published_at, {rank} AS rank
                FROM matched m {hits_join}
                WHERE m.nfail = 0
                ORDER BY {order}
                LIMIT %s OFFSET %s
            ) AS h JOIN matched m ON m.page_id = h.page_id
        """  # noqa: S608 - identifiers are constants; values are parameters
        if ranked:
            params.append(text)
        params += [limit, offset]
        total, counts, hits = 0, {}, []
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for kind, facet, value, number, page_id, score in cursor.fetchall():
                if kind == 0:
                    total = number
                elif kind == 1:
                    counts.setdefault(facet, {})[value] = number
                else:
                    hits.append((number, page_id, score or 0.0))
        hits.sort()
        return FacetedPage(
            hits=[(page_id, score) for _, page_id, score in hits],
            total=total,
            counts=counts,
        )


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
