"""Benchmark the search: engine call and search page, beside Wagtail's own search.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rtes_bench \\
        .venv/bin/python benchmarks/search.py --practices 10000 100000

PostgreSQL only. The script creates the database named in DATABASE_URL, and drops
it at the end (keep it with --keep). It refuses a database that exists and holds
tables, unless this script created it (marked by a comment on the database).

For each catalogue size it adds generated practices (bulk SQL, see catalogue.py)
up to that size, builds the search index (`search.indexing`, timed: a rebuild
figure) and Wagtail's own index for the practices, then runs ~50 mixed queries
(words, phrases, acronyms, 0-2 facets, sorts, pages 1-3): one warm-up pass, then
--rounds timed passes. It prints median and p95 in ms of
  - the engine call: get_engine().search(SearchQuery(...)),
  - the same with "cold words": the word postings cached by the engine dropped
    before each call (the first search for its words since the index changed),
  - the search page: GET /recherche/?... through Django's test client,
  - Wagtail: PracticePage.objects.live().search(q), first 20 results evaluated,
the first search after an index change (the engine's facet snapshot reloaded),
and, with --profile, the time per SQL statement of the slowest engine calls and
EXPLAIN ANALYZE of the slowest statement.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
MARKER = "rtes search benchmark: safe to drop"

# (label, text, filters, sort, page); filters use facet values the catalogue has.
QUERIES: list[tuple[str, str, dict[str, tuple[str, ...]], str, int]] = [
    ("word", "insertion", {}, "relevance", 1),
    ("word", "ressourcerie", {}, "relevance", 1),
    ("word", "coopérative", {}, "relevance", 2),
    ("word", "alimentation", {}, "newest", 1),
    ("word", "mobilité", {}, "relevance", 1),
    ("word", "economie", {}, "relevance", 1),
    ("word", "photovoltaïque", {}, "relevance", 3),
    ("word", "réemploi", {}, "oldest", 1),
    ("word", "logement", {}, "relevance", 1),
    ("word", "sensibilisation", {}, "relevance", 1),
    ("word", "friche", {}, "relevance", 1),
    ("word", "bénévoles", {}, "relevance", 1),
    ("word", "zzyzx", {}, "relevance", 1),
    ("phrase", "achats responsables", {}, "relevance", 1),
    ("phrase", "tiers lieux", {}, "relevance", 1),
    ("phrase", "tiers-lieux en milieu rural", {}, "relevance", 1),
    ("phrase", "économie circulaire", {}, "relevance", 2),
    ("phrase", "circuits courts", {}, "newest", 1),
    ("phrase", "chantier d'insertion", {}, "relevance", 1),
    ("phrase", "clause sociale marchés publics", {}, "relevance", 1),
    ("phrase", "restauration collective bio", {}, "relevance", 1),
    ("phrase", "énergie citoyenne", {}, "relevance", 3),
    ("phrase", "garage solidaire", {}, "relevance", 1),
    ("phrase", "le la les de", {}, "relevance", 1),
    ("acronym", "SCIC", {}, "relevance", 1),
    ("acronym", "SIAE", {}, "relevance", 1),
    ("acronym", "PTCE", {}, "relevance", 1),
    ("acronym", "CRESS", {}, "newest", 1),
    ("acronym", "AMAP", {}, "relevance", 2),
    (
        "1 facet",
        "insertion",
        {"theme": ("insertion-par-l-activite-economique",)},
        "relevance",
        1,
    ),  # noqa: E501
    ("1 facet", "SCIC", {"lever": ("prise-de-participation",)}, "relevance", 1),
    ("1 facet", "économie circulaire", {"status": ("ongoing",)}, "newest", 1),
    ("1 facet", "tiers lieux", {"territory_kind": ("commune",)}, "relevance", 1),
    ("1 facet", "alimentation", {"audience": ("habitants",)}, "relevance", 2),
    (
        "1 facet",
        "achats responsables",
        {"theme": ("achats-publics-responsables",)},
        "relevance",
        1,
    ),  # noqa: E501
    ("1 facet", "emploi", {"start_year": ("2015",)}, "relevance", 1),
    (
        "2 facets",
        "insertion",
        {"theme": ("insertion-par-l-activite-economique", "economie-circulaire")},
        "relevance",
        1,
    ),  # noqa: E501
    (
        "2 facets",
        "solidaire",
        {"theme": ("tiers-lieux",), "lever": ("subvention",)},
        "relevance",
        1,
    ),  # noqa: E501
    (
        "2 facets",
        "coopérative",
        {"status": ("completed",), "audience": ("structures-ess",)},
        "oldest",
        1,
    ),  # noqa: E501
    (
        "2 facets",
        "énergie",
        {"theme": ("energie-citoyenne",), "territory_kind": ("epci-CA", "epci-CC")},
        "relevance",
        2,
    ),  # noqa: E501
    (
        "2 facets",
        "circuits courts",
        {"lever": ("co-construction", "formation"), "status": ("ongoing",)},
        "newest",
        1,
    ),  # noqa: E501
    ("no text", "", {}, "newest", 1),
    ("no text", "", {}, "newest", 3),
    ("no text", "", {"theme": ("tiers-lieux",)}, "newest", 1),
    (
        "no text",
        "",
        {"theme": ("cooperatives-scic",), "status": ("ongoing",)},
        "oldest",
        1,
    ),  # noqa: E501
    ("no text", "", {"lever": ("subvention",), "audience": ("jeunes",)}, "newest", 2),
    ("no text", "", {"territory_kind": ("region",)}, "newest", 1),
    ("no text", "", {"start_year": ("2012", "2013")}, "oldest", 1),
    ("word+region", "insertion", {"region": ("REGION",)}, "relevance", 1),
    ("word+dept", "solidaire", {"departement": ("DEPT",)}, "newest", 1),
]


def database_url() -> tuple[str, str]:
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql", "pgsql"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (postgres://...).")
    name = parts.path.lstrip("/")
    if not name or name in ("postgres", "template0", "template1"):
        sys.exit("DATABASE_URL must name a dedicated database, e.g. rtes_bench.")
    admin = parts._replace(path="/postgres").geturl()
    return admin, name


def prepare_database(admin_url: str, name: str) -> None:
    """Create the database; refuse one that holds data this script did not make."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [name],
        ).fetchone()
        if row is not None:
            if row[0] != MARKER:
                target = urlsplit(admin_url)._replace(path=f"/{name}").geturl()
                with psycopg.connect(target) as existing:
                    tables = existing.execute(
                        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
                    ).fetchone()[0]
                if tables:
                    sys.exit(
                        f"Database {name!r} exists and holds {tables} tables: "
                        "refusing to touch it. Name a new database."
                    )
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        admin.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(MARKER)
            )
        )


def check_marker(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [name],
        ).fetchone()
    if row is None or row[0] != MARKER:
        sys.exit(f"--reuse: {name!r} is not a database this benchmark made.")


def drop_database(admin_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


# --- Measures ------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


class SqlTimer:
    """Collects (duration ms, sql, params) of each statement run inside it."""

    def __init__(self):
        self.statements: list[tuple[float, str, tuple]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements.append(((time.perf_counter() - start) * 1000, sql, params))


def statement_kind(sql: str) -> str:
    text = sql.strip().lower()
    if "plainto_tsquery" in text or " match " in text:
        return "word postings"
    if "indexgeneration" in text:
        return "index token"
    if "wagtailcore_page p" in text:
        return "not live"
    if "set local" in text:
        return "settings"
    if (
        "from facet" in text
        or "array_agg(practice_id) from catalogue_search_indexedf" in text
    ):
        return "snapshot load"
    if '"catalogue_search_indexedpractice"."page_id" in' in text:
        return "page of hits"
    return "other"


def build_queries():
    from search.engines.base import SearchQuery
    from territories.models import Territory, TerritoryPage

    member_regions = [
        p.territory.region_of.code
        for p in TerritoryPage.objects.select_related("territory__region")
        if p.territory.region_of
    ]
    region = max(set(member_regions), key=member_regions.count)
    dept = (
        Territory.objects.filter(kind="departement", member_page__isnull=False)
        .values_list("code", flat=True)
        .first()
    )
    queries = []
    for label, text, filters, sort, page in QUERIES:
        resolved = {
            facet: tuple(
                {"REGION": region, "DEPT": dept}.get(value, value) for value in values
            )
            for facet, values in filters.items()
        }
        queries.append(
            (
                label,
                SearchQuery(
                    text=text, filters=resolved, sort=sort, page=page, per_page=20
                ),
            )
        )
    return queries


def page_url(query) -> str:
    from search.params import query_string

    changes = {"page": query.page} if query.page > 1 else {}
    return "/recherche/?" + query_string(query, **changes)


def engine_at(revision: str):
    """The database engine as it was at a git revision (for before/after figures).

    Loads that revision's database.py and fulltext.py as modules of the
    `search.engines` package, beside the current ones.
    """
    import importlib.util
    import subprocess

    modules = {}
    for name in ("fulltext", "database"):
        source = subprocess.check_output(
            ["git", "show", f"{revision}:search/engines/{name}.py"], cwd=ROOT, text=True
        )
        if name == "database":
            source = source.replace(
                "from .fulltext import", "from ._old_fulltext import"
            )
        module_name = f"search.engines._old_{name}"
        spec = importlib.util.spec_from_loader(module_name, loader=None)
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "search.engines"
        sys.modules[module_name] = module
        exec(compile(source, f"{revision}:{name}.py", "exec"), module.__dict__)  # noqa: S102
        modules[name] = module
    return modules["database"].DatabaseSearchEngine()


def measure(queries, rounds: int, paths=("engine",), engine=None) -> dict:
    """Warm up once, then time every query `rounds` times on each path."""
    from django.test import Client

    from practices.models import PracticePage
    from search.engines import get_engine
    from search.engines.bitsets import snapshots

    engine = engine or get_engine()
    client = Client()
    texts = sorted({q.text for _, q in queries if q.text})

    def engine_call(query):
        return lambda: engine.search(query)

    def page_call(query):
        def get():
            response = client.get(page_url(query))
            assert response.status_code == 200, (response.status_code, query)

        return get

    def wagtail_call(text):
        return lambda: list(PracticePage.objects.live().search(text)[:20])

    def engine_cold_call(query):
        def call():
            # As the first search for these words since the index last changed:
            # the facet snapshot stays, the word postings are fetched again.
            for snapshot in list(snapshots._snapshots.values()):
                snapshot.cached_postings.clear()
            engine.search(query)

        return call

    calls_of = {
        "engine": lambda: [(label, q, engine_call(q)) for label, q in queries],
        "engine-cold": lambda: [
            (label, q, engine_cold_call(q)) for label, q in queries
        ],
        "page": lambda: [(label, q, page_call(q)) for label, q in queries],
        "wagtail": lambda: [("text", text, wagtail_call(text)) for text in texts],
    }
    results: dict[str, dict] = {}
    for path in paths:
        calls = calls_of[path]()
        for _, _, call in calls:  # warm-up: caches, plans, connections
            call()
        samples, by_label, by_query = [], defaultdict(list), defaultdict(list)
        for _ in range(rounds):
            for label, query, call in calls:
                elapsed = timed(call)
                samples.append(elapsed)
                by_label[label].append(elapsed)
                facets = getattr(query, "filters", None)
                by_label["(with facets)" if facets else "(no facets)"].append(elapsed)
                by_query[repr(query)].append(elapsed)
        results[path] = {
            "samples": samples,
            "by_label": by_label,
            "by_query": by_query,
        }
    return results


def profile(queries, top: int = 3) -> None:
    """Per-statement times of the slowest engine calls; EXPLAIN of the worst."""
    from django.db import connection, transaction

    from search.engines import get_engine

    engine = get_engine()
    costs = []
    for _, query in queries:
        timer = SqlTimer()
        with connection.execute_wrapper(timer):
            elapsed = timed(lambda query=query: engine.search(query))
        costs.append((elapsed, query, timer.statements))
    costs.sort(key=lambda item: item[0], reverse=True)
    worst_statement = None
    by_kind: dict[str, list[float]] = defaultdict(list)
    for _, _, statements in costs:
        for ms, sql, _ in statements:
            by_kind[statement_kind(sql)].append(ms)
    print("\nSQL time per engine call, by kind of statement (all queries):")
    for kind, times in sorted(by_kind.items()):
        print(
            f"  {kind:<14} {len(times) / len(costs):4.1f} per call, "
            f"median {statistics.median(times):6.1f} ms, max {max(times):6.1f} ms"
        )
    print(f"\nSlowest {top} engine calls:")
    for elapsed, query, statements in costs[:top]:
        print(
            f"  {elapsed:7.1f} ms  {query.text!r} {dict(query.filters)} "
            f"sort={query.sort} page={query.page}"
        )
        for ms, sql, params in sorted(statements, key=lambda s: -s[0])[:4]:
            short = " ".join(sql.split())[:110]
            print(f"      {ms:7.1f} ms  {statement_kind(sql)}: {short}...")
            if worst_statement is None or ms > worst_statement[0]:
                worst_statement = (ms, sql, params)
    if worst_statement:
        _, sql, params = worst_statement
        with transaction.atomic(), connection.cursor() as cursor:
            if statement_kind(sql) == "word postings":  # as the engine runs it
                cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL jit = off")
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
        print(f"\nEXPLAIN ANALYZE of the slowest statement:\n    {sql}\n{plan}")


def print_reload(times: int = 5) -> None:
    """What the first search after an index change costs: the snapshot reload."""
    from search.engines import get_engine
    from search.engines.base import SearchQuery
    from search.engines.bitsets import snapshots

    engine = get_engine()
    samples = []
    for _ in range(times):
        snapshots.clear()
        samples.append(timed(lambda: engine.search(SearchQuery())))
    print(
        f"  first search after an index change (facet snapshot reload), "
        f"{times} times: median {statistics.median(samples):.0f} ms, "
        f"max {max(samples):.0f} ms"
    )


def print_table(size: int, results: dict) -> None:
    print(f"\n== {size:,} practices ==".replace(",", " "))
    print(f"{'path':<28} {'calls':>6} {'median ms':>10} {'p95 ms':>9} {'max ms':>9}")
    names = {
        "engine": "engine.search()",
        "engine-cold": "engine.search(), cold words",
        "page": "GET /recherche/",
        "wagtail": "Wagtail .search() [:20]",
    }
    for path, data in results.items():
        names.setdefault(path, path)
        samples = data["samples"]
        print(
            f"{names[path]:<28} {len(samples):>6} {statistics.median(samples):>10.1f} "
            f"{percentile(samples, 0.95):>9.1f} {max(samples):>9.1f}"
        )
    for path in ("engine", "engine-cold"):
        if path not in results:
            continue
        print(f"\n{names[path]} by kind of query:")
        for label, samples in results[path]["by_label"].items():
            print(
                f"  {label:<12} {len(samples):>4} calls  median "
                f"{statistics.median(samples):7.1f}  "
                f"p95 {percentile(samples, 0.95):7.1f}"
            )


# --- Catalogue ------------------------------------------------------------------


def build_site() -> None:
    from django.core.management import call_command
    from rtes_site.bootstrap import setup_site

    from benchmarks.catalogue import ensure_taxonomies

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    setup_site()
    call_command("import_territories", verbosity=0)
    ensure_taxonomies()
    print(
        f"migrate + site + reference territories: {time.perf_counter() - started:.1f} s"
    )


def _index_engine_slice(page_ids: list[int]) -> list[str]:
    from search import indexing

    return indexing.index_practices(page_ids).errors


def _index_wagtail_slice(page_ids: list[int]) -> list[str]:
    from modelsearch.backends import get_search_backend

    from practices.models import PracticePage

    backend = get_search_backend()
    for start in range(0, len(page_ids), 1000):
        chunk = list(PracticePage.objects.filter(pk__in=page_ids[start : start + 1000]))
        backend.add_bulk(PracticePage, chunk)
    return []


def _in_worker(function, page_ids):
    from django.db import connections

    connections.close_all()  # a forked worker opens its own connection
    return function(page_ids)


def in_parallel(function, page_ids: list[int], jobs: int) -> float:
    """Run `function` over slices of the ids in `jobs` forked processes; seconds."""
    import multiprocessing

    from django.db import connections

    started = time.perf_counter()
    if jobs <= 1:
        errors = function(page_ids)
    else:
        connections.close_all()
        slices = [page_ids[i::jobs] for i in range(jobs)]
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.starmap(_in_worker, [(function, part) for part in slices])
        errors = [error for part in parts for error in part]
    if errors:
        print(f"  indexing errors: {errors[:3]}")
    return time.perf_counter() - started


def index_engine(page_ids: list[int], jobs: int = 1) -> float:
    """Build the engine's index for these practices (search.indexing); seconds."""
    return in_parallel(_index_engine_slice, page_ids, jobs)


def index_wagtail(page_ids: list[int], jobs: int = 1) -> float:
    """Wagtail's own search index (modelsearch) for these practices only."""
    return in_parallel(_index_wagtail_slice, page_ids, jobs)


def wagtail_indexed() -> set[int]:
    """Practices already in Wagtail's own search index."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    from practices.models import PracticePage

    content_type = ContentType.objects.get_for_model(PracticePage)
    return {
        int(pk)
        for pk in IndexEntry.objects.filter(content_type=content_type).values_list(
            "object_id", flat=True
        )
    }


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def prepare_wagtail(all_ids: list[int], args) -> None:
    """Index in Wagtail's own search the practices it does not hold yet."""
    if not args.wagtail:
        return
    wagtail_new = sorted(set(all_ids) - wagtail_indexed())
    if wagtail_new:
        wagtail_s = index_wagtail(wagtail_new, args.jobs)
        print(
            f"  Wagtail index (modelsearch, {len(wagtail_new)} practices, "
            f"{args.jobs} process(es)): {wagtail_s:.1f} s"
        )
        analyze()


def run(args) -> None:
    import django

    django.setup()
    import logging

    from django.conf import settings

    # One "Page created/published" line per member page drowns the figures.
    logging.getLogger("wagtail").setLevel(logging.WARNING)

    from benchmarks.catalogue import CatalogueBuilder
    from practices.models import PracticePage
    from search import engines
    from search.engines import engine_path
    from search.models import IndexedPractice

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    # Always the database engine: it is what this benchmark measures.
    settings.RTES_SEARCH_ENGINE = engines.DATABASE_ENGINE
    engines.get_engine.cache_clear()
    build_site()
    builder = CatalogueBuilder(seed=args.seed)
    print(f"engine: {engine_path()}; member territories: {len(builder.members)}")
    summary = []
    for size in sorted(args.practices):
        have = PracticePage.objects.count()
        started = time.perf_counter()
        new_ids = builder.add(max(0, size - have))
        generated = time.perf_counter() - started
        all_ids = list(PracticePage.objects.order_by("pk").values_list("pk", flat=True))
        print(
            f"\n{size}: generated {len(new_ids)} practices in {generated:.1f} s "
            f"({len(new_ids) / max(generated, 1e-9):.0f}/s)"
        )
        if args.catalogue_only:
            prepare_wagtail(all_ids, args)
            continue
        missing = sorted(
            set(all_ids) - set(IndexedPractice.objects.values_list("pk", flat=True))
        )
        to_index = all_ids if args.full_reindex else missing
        if to_index:
            engine_s = index_engine(to_index, args.jobs)
            print(
                f"  search index (search.indexing, {len(to_index)} practices, "
                f"{args.jobs} process(es)): "
                f"{engine_s:.1f} s ({len(to_index) / engine_s:.0f}/s)"
            )
        analyze()
        queries = build_queries()
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"  load average before measuring: {load} ({os.cpu_count()} CPUs)")
        results = measure(queries, args.rounds, paths=("engine", "engine-cold", "page"))
        print_reload()
        print_table(size, results)
        if args.profile:
            profile(queries)
        if args.baseline:
            old = measure(queries, 1, ("engine",), engine_at(args.baseline))
            print_table(size, {f"engine@{args.baseline}": old["engine"]})
        if args.wagtail:
            # Wagtail's index last: the engine's figures come out first.
            prepare_wagtail(all_ids, args)
            results |= measure(
                queries, args.wagtail_rounds or args.rounds, paths=("wagtail",)
            )
            print_table(size, {"wagtail": results["wagtail"]})
        summary = [row for row in summary if row[0] != size]
        summary.append((size, results))
    print("\nSummary (ms)")
    print(
        f"{'practices':>10} {'engine med':>11} {'engine p95':>11} "
        f"{'cold med':>9} {'cold p95':>9} "
        f"{'page med':>9} {'page p95':>9} {'wagtail med':>12} {'wagtail p95':>12}"
    )
    for size, results in summary:
        row = [size]
        for path in ("engine", "engine-cold", "page", "wagtail"):
            samples = results.get(path, {}).get("samples") or [float("nan")]
            row += [statistics.median(samples), percentile(samples, 0.95)]
        print(
            f"{row[0]:>10} {row[1]:>11.1f} {row[2]:>11.1f} {row[3]:>9.1f} "
            f"{row[4]:>9.1f} {row[5]:>9.1f} {row[6]:>9.1f} "
            f"{row[7]:>12.1f} {row[8]:>12.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, nargs="+", default=[10_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the kept benchmark database as it is (no new practices if "
        "it already holds enough)",
    )
    parser.add_argument("--profile", action="store_true", help="SQL breakdown")
    parser.add_argument(
        "--baseline",
        metavar="GIT_REV",
        help="also time the engine call (1 round) with the database engine of "
        "this git revision, for before/after figures",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="processes that build the indexes (default 1)",
    )
    parser.add_argument(
        "--full-reindex",
        action="store_true",
        help="index every practice at each size (default: only the new ones)",
    )
    parser.add_argument(
        "--no-wagtail",
        dest="wagtail",
        action="store_false",
        help="skip Wagtail's own search",
    )
    parser.add_argument(
        "--catalogue-only",
        action="store_true",
        help="only generate the practices and Wagtail's index (with --keep: "
        "measure later with --reuse)",
    )
    parser.add_argument(
        "--wagtail-rounds",
        type=int,
        help="timed passes of Wagtail's search (default: --rounds)",
    )
    args = parser.parse_args()

    # This file is search.py: its folder must not hide the `search` app.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtes_site.settings")
    # Not DJANGO_DEBUG: with DEBUG on, Django keeps every query in memory.
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.pop("ELASTICSEARCH_URL", None)
    # Index tasks the signals may send go nowhere (not into the shared var/ folder).
    os.environ["CELERY_BROKER_URL"] = "memory://"
    admin_url, name = database_url()
    if args.reuse:
        check_marker(admin_url, name)
    else:
        prepare_database(admin_url, name)
    try:
        run(args)
    finally:
        if not args.keep:
            drop_database(admin_url, name)


if __name__ == "__main__":
    main()
