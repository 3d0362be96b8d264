"""The database-specific half of the database engine: how text is indexed and matched.

PostgreSQL analyses French itself (configuration `rtes_french`: French stemmer with
unaccent; vectors in the narrow, GIN-indexed `IndexedVectors` table), and ranks
with `ts_rank`. SQLite's FTS5 knows no French, so the Python analyzer
(`search.analysis`) stems the text before FTS5 sees it; FTS5 ranks with BM25.

Both classes offer the same methods; the engine never asks which one it has.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations, islice
from math import comb

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.expressions import RawSQL

from ..analysis import analyze, variants
from ..models import IndexedFacetValue, IndexedPractice
from ..synonyms import Expansion
from .base import FACETS, SearchQuery

FTS_TABLE = "catalogue_search_fts"
VECTORS = "catalogue_search_indexedvectors"
POSTINGS = "catalogue_search_facetpostings"  # PostgreSQL: value → sorted ids
ROW_COLUMNS = {
    "page_id": "int",
    "version": "bigint",
    "title": "text",
    "summary": "text",
    "body": "text",
    "partners": "text",
    "territories": "text",
    "labels": "text",
    "variants": "text",
    "documents": "text",
    "url": "text",
    "territory_name": "text",
    "published_at": "timestamptz",
    "updated_at": "timestamptz",
    "title_folded": "text",
}


# The texts a practice is found by (PostgreSQL's document vector, SQLite's FTS5
# columns); the title and the taxonomy labels rank first, then the summary. The
# attached documents' text ranks as the body does (Elasticsearch puts it below).
BODY_COLUMNS = ("body", "partners", "territories", "variants", "documents")
SEARCHED_COLUMNS = ("title", "labels", "summary", *BODY_COLUMNS)
# The texts whose words typos are corrected to (`spelling`): not the words
# extracted from PDFs, as Elasticsearch's `spell` field does not copy them.
VOCABULARY_COLUMNS = tuple(c for c in SEARCHED_COLUMNS if c != "documents")
DOCUMENT_TEXT = " || ' ' || ".join(f"t.{column}" for column in SEARCHED_COLUMNS)


def joined(column: str) -> str:
    """A text with its hyphenated compounds also joined ("co-construction
    coconstruction"): a ranking field then holds the word typed either way, as
    the document holds the `variants`."""
    return f"{column} || ' ' || regexp_replace({column}, '(\\w)-(?=\\w)', '\\1', 'g')"


@dataclass
class Found:
    """What a query found: its page of (page id, score), total, facet counts."""

    page: list[tuple[int, float]]
    total: int
    counts: dict[str, dict[str, int]]


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
                """,
                columns,
            )
            written = {page_id for (page_id,) in cursor.fetchall()}
            cfg = self.config
            cursor.execute(
                f"""
                INSERT INTO catalogue_search_indexedvectors
                    (practice_id, document, title, labels, summary)
                SELECT t.page_id,
                    to_tsvector('{cfg}', {DOCUMENT_TEXT}),
                    to_tsvector('{cfg}', {joined("t.title")}),
                    to_tsvector('{cfg}', {joined("t.labels")}),
                    to_tsvector('{cfg}', {joined("t.summary")})
                FROM unnest({arrays}) AS t({names})
                WHERE t.page_id = ANY(%s)
                ON CONFLICT (practice_id) DO UPDATE SET document = excluded.document,
                    title = excluded.title, labels = excluded.labels,
                    summary = excluded.summary
                """,
                [*columns, list(written)],
            )
            cursor.execute(
                "DELETE FROM catalogue_search_indexedfacetvalue"
                " WHERE practice_id = ANY(%s)",
                [list(written)],
            )
            kept = [row for row in facet_values if row[0] in written]
            values = [list(column) for column in zip(*kept, strict=True)]
            values = values or [[], [], []]
            cursor.execute(
                "INSERT INTO catalogue_search_indexedfacetvalue"
                " (practice_id, facet, value)"
                " SELECT * FROM unnest(%s::int[], %s::text[], %s::text[])",
                values,
            )
            # The postings: out of every array, then into those of its values.
            self._unpost(cursor, list(written))
            cursor.execute(
                f"""
                INSERT INTO {POSTINGS} (facet, value, ids)
                SELECT facet, value, sort(array_agg(practice_id))
                FROM unnest(%s::int[], %s::text[], %s::text[])
                    AS t(practice_id, facet, value)
                GROUP BY facet, value
                ON CONFLICT (facet, value)
                    DO UPDATE SET ids = {POSTINGS}.ids | excluded.ids
                """,
                values,
            )

    def delete(self, page_ids: Sequence[int]) -> None:
        """Vectors and facet rows cascade with the indexed rows; postings do not."""
        with connection.cursor() as cursor:
            self._unpost(cursor, list(page_ids))

    @staticmethod
    def _unpost(cursor, page_ids: list[int]) -> None:
        cursor.execute(
            f"UPDATE {POSTINGS} SET ids = ids - %s::int[] WHERE ids && %s::int[]",
            [page_ids, page_ids],
        )

    def find(self, query: SearchQuery, expansion: Expansion) -> Found:
        """Facet counts, total and the page of a query, in one statement.

        Sets of practices are sorted arrays of ids, combined by `intarray`: the
        matching practices (all the live indexed ones, or those whose text holds
        enough of the concepts, see `synonyms`), each selection (the union
        of its values' postings), and, for each facet, the matching practices
        that pass every selection but its own. The page is then read off the
        date order in Python (a join of thousands of ids with the practice rows
        costs more than the whole statement); by relevance, after `ranking`.

        By relevance, the statement first ranks a shortlist (see `proven`);
        when that cannot prove the page, a second one ranks every practice.
        """
        found = self._find(query, expansion, shortlist=True)
        return found or self._find(query, expansion, shortlist=False)

    def _find(
        self, query: SearchQuery, expansion: Expansion, shortlist: bool
    ) -> Found | None:
        """`find`, ranking only the shortlist if `shortlist`; None when the
        shortlist does not hold the whole page."""
        selections = [facet for facet in FACETS if query.filters.get(facet)]
        text = bool(expansion.concepts)
        pairs = expansion.alternatives
        wanted = query.offset + query.per_page
        params: dict = {
            "alt": [alternative for _n, alternative in pairs],
            "grp": [n for n, _alternative in pairs],
            "k": expansion.required,
            "every": len(expansion.concepts),
            # No shortlist is ever long enough for this: every practice ranked.
            "wanted": wanted if shortlist else 2**31 - 1,
        }
        for n, facet in enumerate(selections):
            params[f"f{n}"], params[f"v{n}"] = facet, list(query.filters[facet])
        ranked = text and query.sort == "relevance"
        concepts: list[list[int]] = [[] for _concept in expansion.concepts]
        for n, (concept, _alternative) in enumerate(pairs, start=1):
            concepts[concept].append(n)
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        arrays: dict[str, list[int] | None] = {}
        held: dict[tuple[str, int], list[int]] = {}
        total = 0
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner prices `@@` on a toasted vector like on a small one and
            # picks a sequential scan for a common word, detoasting every vector:
            # 20x slower than the GIN bitmap scan, which never reads them. JIT
            # would then compile for the inflated costs: 150 ms for nothing.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
            statement = finding_sql(
                concepts, expansion.required, len(selections), ranked, query.sort
            )
            cursor.execute(statement, params)
            for facet, value, n, ids in cursor.fetchall():
                if facet in RANKING_FIELDS:
                    held[facet, int(value)] = ids
                elif facet in ARRAYS:
                    arrays[facet] = ids
                    if facet == "selected":
                        total = n
                elif n and facet in counts:
                    counts[facet][value] = n
            cursor.execute(
                "SET LOCAL enable_seqscan TO DEFAULT; SET LOCAL jit TO DEFAULT"
            )
        order = arrays["by_date"] or []
        if query.sort == "oldest":
            order = order[::-1]
        if not ranked:
            selected = set(arrays["selected"] or ())
            newest = (pk for pk in order if pk in selected)
            page = [(pk, 0.0) for pk in islice(newest, query.offset, wanted)]
            return Found(page=page, total=total, counts=counts)
        shortlisted = arrays.get("shortlist")
        if shortlisted is None:
            tiers = ranking(expansion, held, set(arrays["selected"] or ()))
        else:
            tiers = proven(ranking(expansion, held, set(shortlisted)), expansion)
            if sum(len(tier) for _key, tier in tiers) < wanted:
                return None
        page = in_tiers(tiers, order, expansion, wanted)[query.offset :]
        return Found(page=page, total=total, counts=counts)


# Relevance on PostgreSQL (see `ranking`): where a concept is held counts this
# much; anywhere else in the text, 1. A synonym counts a little less than what
# was typed, as on Elasticsearch.
FIELD_WEIGHTS = {"title": 3.0, "labels": 2.5, "summary": 2.0}
RANKING_FIELDS = ("document", *FIELD_WEIGHTS)
ARRAYS = ("selected", "by_date", "shortlist")  # the other rows of `finding_sql`
SYNONYM_WEIGHT = 0.7


Tier = tuple[tuple[int, float], set[int]]  # ((concepts held, weight), practices)


def ranking(
    expansion: Expansion,
    held: dict[tuple[str, int], list[int]],
    selected: set[int],
) -> list[Tier]:
    """The selected practices in tiers, best first: by the number of concepts
    held, then by their weight.

    `held[field, n]` are the practices whose `field` holds the n-th alternative
    of `expansion.alternatives`. A concept weighs as much as its best
    alternative there: FIELD_WEIGHTS of the best field holding it, times
    SYNONYM_WEIGHT if it is not what was typed; a practice weighs the sum (a
    cross-field sum, as Elasticsearch's, without the term frequencies). Sets
    do the work: the tiers are refined concept by concept, never practice by
    practice.
    """
    by_concept: dict[int, list[int]] = {}
    for n, (concept, _alternative) in enumerate(expansion.alternatives):
        by_concept.setdefault(concept, []).append(n)
    tiers: dict[tuple[int, float], set[int]] = {(0, 0.0): selected}
    for numbers in by_concept.values():
        places = []  # (weight, practices), for each alternative and field
        for rank, n in enumerate(numbers):
            factor = 1.0 if rank == 0 else SYNONYM_WEIGHT
            anywhere = selected.intersection(held.get(("document", n)) or ())
            places += [
                (weight * factor, anywhere.intersection(held.get((field, n)) or ()))
                for field, weight in FIELD_WEIGHTS.items()
            ]
            places.append((factor, anywhere))
        places.sort(key=lambda place: -place[0])
        refined: dict[tuple[int, float], set[int]] = {}
        for (count, total), tier in tiers.items():
            rest = tier
            for weight, practices in places:
                if found := rest & practices:
                    key = (count + 1, round(total + weight, 6))
                    refined.setdefault(key, set()).update(found)
                    rest = rest - found
            if rest:
                refined.setdefault((count, total), set()).update(rest)
        tiers = refined
    return [(key, tiers[key]) for key in sorted(tiers, reverse=True)]


def proven(tiers: list[Tier], expansion: Expansion) -> list[Tier]:
    """The tiers of a shortlist that rank above every practice left out of it.

    The shortlist (`finding_sql`) holds the practices holding every concept
    and some alternative in a ranking field. A practice left out holds each
    concept at most in the rest of the text, as typed: it weighs at most 1 a
    concept. A shortlisted tier weighing more ranks above all of those.
    """
    bound = (len(expansion.concepts), float(len(expansion.concepts)))
    return [(key, tier) for key, tier in tiers if key > bound]


def in_tiers(
    tiers: list[Tier], order: list[int], expansion: Expansion, wanted: int
) -> list[tuple[int, float]]:
    """The first `wanted` (page id, score), tier by tier, each tier in `order`
    (newest or oldest first); the score orders as the tiers: concepts held,
    then weight."""
    quotas, rank_of = [], {}
    for rank, (_key, tier) in enumerate(tiers[:wanted]):
        quotas.append(min(len(tier), wanted - sum(quotas)))
        rank_of.update(dict.fromkeys(tier, rank))
        if sum(quotas) == wanted:
            break
    # One walk of the date order puts each tier in order; it stops once the
    # tiers the page reaches have their share.
    in_order: list[list[int]] = [[] for _quota in quotas]
    missing = sum(quotas)
    for pk in order:
        if missing == 0:
            break
        rank = rank_of.get(pk)
        if rank is not None and len(in_order[rank]) < quotas[rank]:
            in_order[rank].append(pk)
            missing -= 1
    heaviest = 1.0 + max(FIELD_WEIGHTS.values()) * len(expansion.concepts)
    return [
        (pk, count + weight / heaviest)
        for ((count, weight), _tier), ids in zip(tiers, in_order, strict=False)
        for pk in ids
    ]


# The pieces of the PostgreSQL counting statement (see `finding_sql`): table
# names are constants, every value a user gives is a parameter.
# The practices holding each alternative of the query (%(alt)s, of concept
# %(grp)s): one GIN lookup for each distinct text search query, as synonyms
# often stem alike ("marchés publics", "marché public": 'march' & 'public').
# Each array is sorted once, here: intarray's operators sort copies of their
# arguments, at little cost when sorted already; the heap order they come in
# is not the ids' order once rows have been rewritten.
ASKED = (
    "asked AS MATERIALIZED (SELECT q.n, q.grp,"
    " plainto_tsquery('rtes_french', q.alt) AS tsq,"
    " q.n = min(q.n) OVER (PARTITION BY q.grp) AS typed"
    " FROM unnest(%(alt)s::text[], %(grp)s::int[]) WITH ORDINALITY AS q(alt, grp, n)),"
)
# An alternative holding every word of another of its concept, and more, is
# held by fewer practices, in each field; unless it is what was typed and the
# other a synonym, it never weighs more (`ranking`), nor matches more: it is
# not looked up ("structure d'insertion par l'activité économique" beside
# "structure d'insertion"). `@>` compares the lexemes of two tsqueries.
LOOKED_UP = (
    "SELECT DISTINCT a.tsq FROM asked a WHERE NOT EXISTS (SELECT FROM asked b"
    " WHERE b.grp = a.grp AND numnode(b.tsq) > 0 AND a.tsq @> b.tsq"
    " AND NOT b.tsq @> a.tsq AND (b.typed OR NOT a.typed))"
)
# A subquery for each: half the cost of a join grouped by tsq (which compares
# the tsq of every row found); NULL when nothing holds it. OFFSET 0 keeps the
# planner from pulling it up into the join with `asked`, which would run it
# once for each alternative, not each distinct tsquery.
LOOKUP = (
    "SELECT d.tsq, (SELECT sort(array_agg(v.practice_id))"
    f" FROM {VECTORS} v WHERE v.{{field}} @@ d.tsq) AS ids"
    f" FROM ({LOOKED_UP}) d OFFSET 0"
)
HOLDING = (
    ASKED + " alts AS MATERIALIZED (SELECT a.n, a.grp, f.ids FROM asked a"
    f" JOIN ({LOOKUP.format(field='document')}) f USING (tsq)),"
)
# When only some of the concepts are required, how many each practice holds.
COUNTING = (
    " held AS MATERIALIZED (SELECT x AS id, count(*) AS covered FROM"
    " (SELECT DISTINCT a.grp, x FROM alts a, unnest(a.ids) x) AS d GROUP BY x),"
)
MATCHED_BY_COUNT = (
    "SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM held WHERE covered >= %(k)s"
)
EVERY_BY_COUNT = (
    "SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM held"
    " WHERE covered = %(every)s"
)
ALTERNATIVE = "coalesce((SELECT ids FROM alts WHERE n = {n}), '{{}}')"
MOST_COMBINATIONS = 20  # C(6, 4) = 15; C(7, 5) = 21


def matched_by_text(concepts: list[list[int]], required: int) -> tuple[str, str, str]:
    """(common table expressions, SELECT, SELECT) for the practices holding
    enough of the concepts, each a list of its alternatives' numbers (from 1),
    and for those holding every one.

    In intarray when the combinations of `required` concepts are few (queries
    of up to six concepts): the union, over them, of the intersections of the
    concepts' unions. Counting would unnest and group every id that matched.
    """
    if comb(len(concepts), required) > MOST_COMBINATIONS:
        return HOLDING + COUNTING, MATCHED_BY_COUNT, EVERY_BY_COUNT
    unions = ", ".join(
        " | ".join(ALTERNATIVE.format(n=n) for n in numbers) + f" AS c{number}"
        for number, numbers in enumerate(concepts)
    )
    either = " | ".join(
        "(" + " & ".join(f"c.c{number}" for number in combination) + ")"
        for combination in combinations(range(len(concepts)), required)
    )
    every = " & ".join(f"c.c{number}" for number in range(len(concepts)))
    return (
        HOLDING + f" c AS MATERIALIZED (SELECT {unions}),",
        f"SELECT {either} FROM c",
        f"SELECT {every} FROM c",
    )


MATCHED_ALL = (
    "SELECT coalesce(array_agg(page_id ORDER BY page_id), '{}')"
    " FROM catalogue_search_indexedpractice"
)
NOT_LIVE = "coalesce((SELECT array_agg(id) FROM wagtailcore_page WHERE NOT live), '{}')"
# The practices holding each alternative in one of the ranking fields.
IN_FIELDS = (
    " fields AS MATERIALIZED ("
    + " UNION ALL ".join(
        f"SELECT '{field}' AS field, a.n, f.ids"
        f" FROM asked a JOIN ({LOOKUP.format(field=field)}) f USING (tsq)"
        for field in FIELD_WEIGHTS
    )
    + "),"
)
# The shortlist of `ranking` (see `proven`): the selected practices holding
# every concept, and some alternative in a ranking field. Enough when it is
# as long as the page asked for (%(wanted)s: offset + page size): the arrays
# of `ranking` then hold only its practices, instead of thousands.
SHORTLIST = (
    " listed AS MATERIALIZED (SELECT scope.selected & ({every}) & ({fields})"
    " AS ids FROM scope),"
    " short AS MATERIALIZED"
    " (SELECT ids, icount(ids) >= %(wanted)s AS enough FROM listed)"
)
IN_FIELD = (
    "coalesce((SELECT ids FROM fields WHERE field = '{field}' AND n = {n}), '{{}}')"
)


# The practices holding each alternative anywhere (from `alts`), and in one of
# the ranking fields: in the shortlist when it is enough, else all of them.
IN_SHORTLIST = "CASE WHEN short.enough THEN {ids} & short.ids ELSE {ids} END"
RANKING_ARRAYS = (
    "SELECT 'shortlist', '', 0, CASE WHEN enough THEN ids END FROM short",
    "SELECT 'document', (n - 1)::text, 0, "
    + IN_SHORTLIST.format(ids="alts.ids")
    + " FROM alts, short",
    "SELECT field, (n - 1)::text, 0, "
    + IN_SHORTLIST.format(ids="fields.ids")
    + " FROM fields, short",
)
# Every indexed practice, newest first (by its last news for the sort "updated"),
# read in the order of an index (migrations 0006, 0011): ~2 ms for 20,000.
BY_DATE = (
    "SELECT array(SELECT page_id FROM catalogue_search_indexedpractice"
    " ORDER BY {column} DESC NULLS LAST, page_id DESC)"
)


def date_column(sort: str) -> str:
    return "updated_at" if sort == "updated" else "published_at"


# A facet value's count among the selected practices. `&` copies and sorts
# both arrays: with 136 facet values, an array of most of the catalogue costs
# ~10 ms. When the selected are more than half of the ids, the count is that
# of the value's practices minus those in `rest`, the others up to the highest
# id in the postings (the postings are sorted; they may hold ids the index no
# longer has, which `rest` holds too).
REST = (
    "rest AS MATERIALIZED (SELECT CASE WHEN 2 * icount(selected) > top"
    " THEN array(SELECT generate_series(1, top)) - selected END AS ids"
    " FROM scope, (SELECT coalesce(max(ids[array_upper(ids, 1)]), 0) AS top"
    f" FROM {POSTINGS}) AS t)"
)
COUNTED = (
    "CASE WHEN rest.ids IS NULL THEN icount(p.ids & selected)"
    " ELSE icount(p.ids) - icount(p.ids & rest.ids) END"
)


def selection_sql(n: int) -> str:
    """The practices holding one of the values of the n-th selected facet."""
    return (
        f"(SELECT coalesce(uniq(sort(array_agg(x))), '{{}}') FROM {POSTINGS},"
        f" unnest(ids) x WHERE facet = %(f{n})s AND value = ANY(%(v{n})s)) AS s{n}"
    )


def finding_sql(
    concepts: list[list[int]],
    required: int,
    selections: int,
    ranked: bool,
    sort: str = "newest",
) -> str:
    """The statement answering a query with these concepts (lists of their
    alternatives' numbers; none: no text) and `selections` selected facets
    (parameters alt, grp, k, f0, v0, f1, v1...).

    Rows (facet, value, n, NULL) for each facet value, then (name, "", n, ids)
    for the arrays the page is read from: "selected" (passing every selection;
    n: how many; when ranking, NULL if the shortlist is enough), "by_date"
    (every indexed practice, newest first by the sort's date), and when
    ranking "shortlist" (NULL if it is not enough) and (field, n, 0, ids) for
    the practices holding the n-th alternative in each of RANKING_FIELDS (only
    those of the shortlist when it is enough).
    """
    others = [
        "".join(f" & s.s{j}" for j in range(selections) if j != n)
        for n in range(selections)
    ]
    scopes = "".join(f", m.ids{other} AS scope{n}" for n, other in enumerate(others))
    every = "".join(f" & s.s{n}" for n in range(selections))
    unions = ", ".join(selection_sql(n) for n in range(selections)) or "1"
    cases = " ".join(
        f"WHEN %(f{n})s THEN icount(p.ids & scope{n})" for n in range(selections)
    )
    counted = f"CASE p.facet {cases} ELSE {COUNTED} END" if cases else COUNTED
    holding, matched, everything = (
        matched_by_text(concepts, required) if concepts else ("", MATCHED_ALL, "")
    )
    shortlist, arrays = "", ["SELECT 'selected', '', icount(selected), selected"]
    if ranked:
        holding += IN_FIELDS
        in_fields = " | ".join(
            IN_FIELD.format(field=field, n=n)
            for field in FIELD_WEIGHTS
            for n in range(1, sum(map(len, concepts)) + 1)
        )
        shortlist = "," + SHORTLIST.format(every=everything, fields=in_fields)
        arrays = [
            "SELECT 'selected', '', icount(selected),"
            " CASE WHEN NOT short.enough THEN selected END FROM scope, short",
            *RANKING_ARRAYS,
        ]
    else:
        arrays[0] += " FROM scope"
    by_date = BY_DATE.format(column=date_column(sort))
    arrays.append(f"SELECT 'by_date', '', 0, ({by_date})")
    return (
        f"WITH {holding} m AS MATERIALIZED (SELECT ({matched}) - {NOT_LIVE} AS ids),"
        f" s AS (SELECT {unions}),"
        f" scope AS MATERIALIZED (SELECT m.ids{every} AS selected{scopes} FROM m, s)"
        f"{shortlist}, {REST}"
        f" SELECT p.facet, p.value, {counted}, NULL::int[]"
        f" FROM {POSTINGS} p, scope, rest"
        + "".join(f" UNION ALL {part}" for part in arrays)
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
        rows = IndexedPractice.objects.filter(pk__in=page_ids).values(
            "pk", *SEARCHED_COLUMNS
        )
        self.delete(page_ids)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: E501, S608
                [
                    (
                        row["pk"],
                        " ".join(analyze(with_variants(row["title"], row["labels"]))),
                        " ".join(analyze(with_variants(row["summary"]))),
                        " ".join(analyze(" ".join(row[c] for c in BODY_COLUMNS))),
                    )
                    for row in rows
                ],
            )

    def delete(self, page_ids: Sequence[int]) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(page_ids), 500):
                chunk = list(page_ids[start : start + 500])
                cursor.execute(
                    f"DELETE FROM {FTS_TABLE} WHERE rowid IN "
                    f"({', '.join(['%s'] * len(chunk))})",
                    chunk,
                )

    @staticmethod
    def coverage(expansion: Expansion) -> tuple[str, list]:
        """SQL for (id, n): the practices holding n of the query's concepts, at
        least as many as required, one FTS5 lookup per concept."""
        expressions = concept_expressions(expansion)
        lookups = " UNION ALL ".join(
            [f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"]  # noqa: S608
            * len(expressions)
        )
        return (
            f"SELECT rowid AS id, count(*) AS n FROM ({lookups})"
            " GROUP BY rowid HAVING count(*) >= %s",
            [*expressions, expansion.required],
        )

    def matching(self, expansion: Expansion) -> RawSQL:
        """The ids of the practices holding enough of the query's concepts."""
        sql, params = self.coverage(expansion)
        return RawSQL(f"SELECT id FROM ({sql})", params)  # noqa: S611

    def find(self, query: SearchQuery, expansion: Expansion) -> Found:
        """Facet counts, total and the page of a query, through the ORM.

        A GROUP BY over the facet rows of the matching practices: SQLite serves
        the smallest installs, where that costs a few milliseconds.
        """
        matched = searchable()
        text = bool(expansion.concepts)
        if text:
            matched = matched.filter(pk__in=self.matching(expansion))
        selections = {
            facet: IndexedFacetValue.objects.filter(
                facet=facet, value__in=list(values)
            ).values("practice_id")
            for facet, values in query.filters.items()
            if values
        }
        selected = matched
        for ids in selections.values():
            selected = selected.filter(pk__in=ids)
        # Each facet counted over the matching practices that pass every
        # selection but its own (as Elasticsearch's post_filter).
        rows = IndexedFacetValue.objects.filter(practice__in=matched)
        for facet, ids in selections.items():
            rows = rows.filter(Q(facet=facet) | Q(practice_id__in=ids))
        counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
        grouped = rows.order_by().values("facet", "value").annotate(n=Count("*"))
        for facet, value, n in grouped.values_list("facet", "value", "n"):
            if facet in counts:
                counts[facet][value] = n
        if text and query.sort == "relevance":
            page, total = self._ranked(selected, query, expansion)
        else:
            page, total = self._sorted(selected, query)
        return Found(page=page, total=total, counts=counts)

    @staticmethod
    def _sorted(selected: QuerySet, query: SearchQuery) -> tuple[list, int]:
        """A page by the sort's date, and the total (a window count)."""
        column = date_column(query.sort)
        if query.sort == "oldest":
            order = [F(column).asc(nulls_last=True), "page_id"]
        else:
            order = [F(column).desc(nulls_last=True), "-page_id"]
        end = query.offset + query.per_page
        rows = list(
            selected.annotate(total=Window(Count("*")))
            .order_by(*order)
            .values_list("page_id", "total")[query.offset : end]
        )
        page = [(page_id, 0.0) for page_id, _total in rows]
        return page, _total(rows, 1, selected, query.offset)

    def _ranked(
        self, selected: QuerySet, query: SearchQuery, expansion: Expansion
    ) -> tuple[list, int]:
        """A page by the number of concepts held, then BM25 (title and labels,
        summary, then body), and the total."""
        inner, params = selected.values("pk").query.sql_with_params()
        held, held_params = self.coverage(expansion)
        expression = " OR ".join(concept_expressions(expansion))
        with connection.cursor() as cursor:
            # bm25() in a query of its own: FTS5 refuses it beside a window.
            cursor.execute(
                f"SELECT id, score, count(*) OVER () FROM ("
                f"SELECT f.rowid AS id, held.n AS n,"
                f" -bm25({FTS_TABLE}, 10.0, 4.0, 1.0) AS score"
                f" FROM {FTS_TABLE} f JOIN ({held}) held ON held.id = f.rowid"
                f" WHERE {FTS_TABLE} MATCH %s AND f.rowid IN ({inner})"
                ") ORDER BY n DESC, score DESC, id LIMIT %s OFFSET %s",
                [*held_params, expression, *params, query.per_page, query.offset],
            )
            rows = cursor.fetchall()
        page = [(page_id, float(score or 0.0)) for page_id, score, _n in rows]
        return page, _total(rows, 2, selected, query.offset)


def with_variants(*texts: str) -> str:
    """Texts with their `variants`, for a ranking column (as `joined` on
    PostgreSQL)."""
    return " ".join(f"{text} {variants(text)}" for text in texts)


def concept_expressions(expansion: Expansion) -> list[str]:
    """An FTS5 query per concept: any of its alternatives, with all their words."""
    found = []
    for concept in expansion.concepts:
        alternatives = [e for e in map(fts_expression, concept.alternatives) if e]
        if alternatives:
            found.append(" OR ".join(f"({e})" for e in alternatives))
    return found


def fts_expression(text: str) -> str:
    """An FTS5 query for every index term of the text (each quoted: no syntax)."""
    return " ".join(f'"{term}"' for term in analyze(text))


def _total(rows: list, column: int, selected: QuerySet, offset: int) -> int:
    """The window count a page's rows carry; past the last page, counted apart."""
    if rows:
        return rows[0][column]
    return selected.count() if offset else 0


def searchable() -> QuerySet[IndexedPractice]:
    """Indexed practices whose page is live: an unpublished page may wait in the
    index for a moment; it is never found meanwhile."""
    return IndexedPractice.objects.filter(page__live=True)


def fulltext_for_connection():
    """The full-text half that fits the database in use."""
    if connection.vendor == "postgresql":
        return PostgresFullText()
    if connection.vendor == "sqlite":
        return SqliteFullText()
    raise NotImplementedError(f"No full-text support for {connection.vendor}")
