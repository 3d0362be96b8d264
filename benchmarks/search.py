"""Benchmark the search engines side by side on one generated catalogue.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rtes_bench \\
    ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python benchmarks/search.py --practices 10000 100000

PostgreSQL only. The script creates the database named in DATABASE_URL and drops
it at the end (keep it with --keep, start again from a kept one with --reuse). It
refuses a database that exists and holds tables, unless this script created it
(marked by a comment on the database). On Elasticsearch it writes only indices
named `rtes-bench-*`, deleted at the end.

For each catalogue size it adds generated practices (bulk SQL, see catalogue.py)
up to that size, then for each engine (--engines; Elasticsearch needs
ELASTICSEARCH_URL):
  - rebuilds its index (`search.indexing.rebuild`, what `manage.py search_index
    rebuild` runs): documents per second;
  - times ~50 mixed queries (words, phrases, acronyms, 0-2 facets, sorts, pages
    1-3), one warm-up pass then --rounds passes: the engine call
    (`engine.searcher.search(SearchQuery(...))`) and the search page (GET /recherche/);
  - times the first search after a write: a practice re-indexed at a new version
    (as a publication does), then one query, --after-write times;
  - publishes --publications practices through Wagtail with a real Celery worker
    (a child process, Redis broker) and times each until the engine finds it;
and times Wagtail's own search (`PracticePage.objects.live().search(q)[:20]`).
It prints median and p95 in ms, and a summary table at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
MARKER = "rtes search benchmark: safe to drop"
INDEX_PREFIX = "rtes-bench-"
DEFAULT_BROKER = "redis://127.0.0.1:6379/12"
ENGINES = {
    "database": "search.engines.database.DatabaseSearchEngine",
    "elasticsearch": "search.engines.elasticsearch.ElasticsearchEngine",
}

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
    ("typo", "insertoin", {}, "relevance", 1),
    ("typo", "mobilte rurale", {}, "relevance", 1),
    ("typo", "ressourcrie solidaire", {}, "relevance", 1),
    ("prefix", "cooperat", {}, "relevance", 1),
    ("prefix", "achats responsab", {}, "relevance", 1),
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
    ),
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
    ),
    ("1 facet", "emploi", {"start_year": ("2015",)}, "relevance", 1),
    (
        "2 facets",
        "insertion",
        {"theme": ("insertion-par-l-activite-economique", "economie-circulaire")},
        "relevance",
        1,
    ),
    (
        "2 facets",
        "solidaire",
        {"theme": ("tiers-lieux",), "lever": ("subvention",)},
        "relevance",
        1,
    ),
    (
        "2 facets",
        "coopérative",
        {"status": ("completed",), "audience": ("structures-ess",)},
        "oldest",
        1,
    ),
    (
        "2 facets",
        "énergie",
        {"theme": ("energie-citoyenne",), "territory_kind": ("epci-CA", "epci-CC")},
        "relevance",
        2,
    ),
    (
        "2 facets",
        "circuits courts",
        {"lever": ("co-construction", "formation"), "status": ("ongoing",)},
        "newest",
        1,
    ),
    ("no text", "", {}, "newest", 1),
    ("no text", "", {}, "newest", 3),
    ("no text", "", {"theme": ("tiers-lieux",)}, "newest", 1),
    (
        "no text",
        "",
        {"theme": ("cooperatives-scic",), "status": ("ongoing",)},
        "oldest",
        1,
    ),
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
    """Milliseconds `call()` took."""
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" ({os.cpu_count()} CPUs)"


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
    placeholders = {"REGION": region, "DEPT": dept}
    return [
        SearchQuery(
            text=text,
            filters={
                facet: tuple(placeholders.get(value, value) for value in values)
                for facet, values in filters.items()
            },
            sort=sort,
            page=page,
            per_page=20,
        )
        for _label, text, filters, sort, page in QUERIES
    ]


def page_url(query) -> str:
    from search.params import query_string

    changes = {"page": query.page} if query.page > 1 else {}
    return "/recherche/?" + query_string(query, **changes)


def repeat(calls: list[Callable[[], object]], rounds: int) -> list[float]:
    """One warm-up pass (caches, plans, connections), then `rounds` timed passes."""
    for call in calls:
        call()
    return [timed(call) for _ in range(rounds) for call in calls]


def use_engine(name: str):
    """Make `name` the site's engine (pages, signals); return it."""
    from django.conf import settings

    from search import engines

    settings.RTES_SEARCH_ENGINE = ENGINES[name]
    engines.get_engine.cache_clear()
    return engines.get_engine()


def engine_calls(engine, queries) -> list[Callable[[], object]]:
    return [lambda q=q: engine.searcher.search(q) for q in queries]


def page_calls(queries) -> list[Callable[[], object]]:
    from django.test import Client

    client = Client()

    def get(query):
        response = client.get(page_url(query))
        assert response.status_code == 200, (response.status_code, query)

    return [lambda q=q: get(q) for q in queries]


def after_write(engine, queries, times: int) -> list[float]:
    """The first search after a practice is re-indexed at a new version."""
    from search import indexing

    ids = list(indexing.indexable_practices().values_list("pk", flat=True)[:times])
    samples = []
    for n, page_id in enumerate(ids):
        indexing.mark_dirty([page_id])
        indexing.index_practices([page_id], engine)
        query = queries[n % len(queries)]
        samples.append(timed(lambda q=query: engine.searcher.search(q)))
    return samples


def rebuild(engine_name: str, jobs: int) -> tuple[float, int]:
    """Seconds `manage.py search_index rebuild --jobs N` takes (as the run it
    records says), and the practices it indexed: run as an operator runs it, in
    a process of its own (a rebuild's processes are forked from a single thread).
    """
    from search.models import IndexRun

    env = os.environ | {"RTES_SEARCH_ENGINE": ENGINES[engine_name]}
    command = [sys.executable, "manage.py", "search_index", "rebuild"]
    result = subprocess.run(  # noqa: S603 - our own command
        [*command, f"--jobs={jobs}"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"The rebuild failed:\n{result.stdout}{result.stderr}")
    run = IndexRun.objects.filter(kind=IndexRun.Kind.REBUILD).latest()
    return (run.finished_at - run.started_at).total_seconds(), run.indexed


# --- Publish to searchable -----------------------------------------------------------


def wait_until(predicate, timeout: float = 30) -> float | None:
    """The perf_counter time at which `predicate()` first held; None on timeout."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return time.perf_counter()
        time.sleep(0.01)
    return None


def start_worker(engine_name: str, log_path: Path) -> subprocess.Popen:
    """A real worker in a child process, on the same database, broker and engine."""
    from rtes_site.celery import app

    env = os.environ | {"RTES_SEARCH_ENGINE": ENGINES[engine_name]}
    worker = subprocess.Popen(  # noqa: S603
        [
            *(sys.executable, "-m", "celery", "-A", "rtes_site", "worker"),
            *("--concurrency=2", "--loglevel=WARNING", "--without-mingle"),
            *("--without-gossip", f"--hostname=bench-{engine_name}@%h"),
        ],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline or worker.poll() is not None:
            sys.exit(f"The Celery worker did not start (see {log_path}).")
    return worker


def publications(engine_name: str, count: int, log_path: Path) -> list[float]:
    """Milliseconds from each publish call until the engine finds the practice."""
    from rtes_site.celery import app

    from practices.models import PracticePage
    from search.engines.base import SearchQuery
    from territories.models import TerritoryPage

    engine = use_engine(engine_name)
    app.control.purge()  # tasks sent with no worker listening: not ours to time
    worker = start_worker(engine_name, log_path)
    parent = TerritoryPage.objects.order_by("pk").first()
    stamp = f"{int(time.time())}{engine_name[:2]}"
    samples, timeouts = [], 0
    try:
        for n in range(count):
            word = f"bancpublication{stamp}x{n}"
            page = PracticePage(
                title=f"Pratique {word}",
                slug=f"bench-publication-{stamp}-{n}",
                summary=f"Une pratique publiée pour mesurer l'indexation ({word}).",
                live=False,
            )
            parent.add_child(instance=page)
            revision = page.save_revision()
            query = SearchQuery(text=word, per_page=1)
            started = time.perf_counter()
            revision.publish()  # commits; the signal's on_commit sends the task
            found = wait_until(lambda q=query: engine.searcher.search(q).total)
            if found is None:
                timeouts += 1
            else:
                samples.append((found - started) * 1000)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    if timeouts:
        print(f"  {timeouts} publications not searchable within 30 s ({log_path})")
    return samples


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


def _index_wagtail_slice(page_ids: list[int]) -> None:
    from django.db import connections
    from modelsearch.backends import get_search_backend

    from practices.models import PracticePage

    connections.close_all()  # a forked worker opens its own connection
    backend = get_search_backend()
    for start in range(0, len(page_ids), 1000):
        chunk = list(PracticePage.objects.filter(pk__in=page_ids[start : start + 1000]))
        backend.add_bulk(PracticePage, chunk)


def index_wagtail(page_ids: list[int], jobs: int) -> float:
    """Wagtail's own search index (modelsearch) for these practices; seconds."""
    import multiprocessing

    from django.db import connections

    started = time.perf_counter()
    connections.close_all()
    slices = [page_ids[i::jobs] for i in range(jobs)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pool.map(_index_wagtail_slice, slices)
    return time.perf_counter() - started


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


# --- Report ----------------------------------------------------------------------


def line(name: str, samples: list[float]) -> str:
    if not samples:
        return f"  {name:<34} (not measured)"
    median, p95 = statistics.median(samples), percentile(samples, 0.95)
    return (
        f"  {name:<34} {len(samples):>5} calls  median {median:7.1f}"
        f"  p95 {p95:7.1f}  max {max(samples):7.1f} ms"
    )


SUMMARY_COLUMNS = ("engine", "after write", "page", "publish")


def print_summary(rows: list[tuple[int, str, dict, str]]) -> None:
    print("\nSummary: median / p95 in ms; rebuild in documents per second")
    header = f"{'practices':>9}  {'engine':<14}"
    for column in SUMMARY_COLUMNS:
        header += f" {column:>15}"
    print(header + f" {'rebuild':>9}")
    for size, name, samples, rate in rows:
        row = f"{size:>9}  {name:<14}"
        for column in SUMMARY_COLUMNS:
            values = samples.get(column) or []
            cell = (
                f"{statistics.median(values):.1f} / {percentile(values, 0.95):.1f}"
                if values
                else "-"
            )
            row += f" {cell:>15}"
        print(row + f" {rate:>9}")


# --- Run -------------------------------------------------------------------------


def rebuild_engine(name: str, args) -> str:
    """Rebuild the engine's index; its rate in documents per second."""
    elapsed, indexed = rebuild(name, args.jobs)
    rate = f"{indexed / elapsed:.0f}"
    print(
        f"\n{name}: rebuild of {indexed} practices in {elapsed:.1f} s "
        f"({rate} documents/s); load {load()}"
    )
    analyze()
    return rate


def measure_engine(name: str, args, queries) -> dict:
    """Warm calls, first calls after a write, and the search page."""
    engine = use_engine(name)
    print(f"\n{name}: load {load()}")
    samples = {
        "engine": repeat(engine_calls(engine, queries), args.rounds),
        "after write": after_write(engine, queries, args.after_write),
        "page": repeat(page_calls(queries), args.rounds),
    }
    for column, values in samples.items():
        print(line(column, values))
    return samples


def measure_wagtail(args, queries, all_ids: list[int]) -> dict:
    from practices.models import PracticePage

    missing = sorted(set(all_ids) - wagtail_indexed())
    if missing:
        elapsed = index_wagtail(missing, args.jobs)
        print(f"\nwagtail: indexed {len(missing)} practices in {elapsed:.1f} s")
        analyze()
    texts = sorted({query.text for query in queries if query.text})
    calls = [
        lambda t=t: list(PracticePage.objects.live().search(t)[:20]) for t in texts
    ]
    samples = {"engine": repeat(calls, args.wagtail_rounds or args.rounds)}
    print(line("Wagtail .search() [:20]", samples["engine"]))
    return samples


def run(args) -> None:
    import django

    django.setup()
    import logging

    from django.conf import settings

    # One "Page created/published" line per member page drowns the figures.
    logging.getLogger("wagtail").setLevel(logging.WARNING)
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)

    from benchmarks.catalogue import CatalogueBuilder
    from practices.models import PracticePage

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    build_site()
    builder = CatalogueBuilder(seed=args.seed)
    print(f"engines: {', '.join(args.engines)}; members: {len(builder.members)}")
    rows = []
    for size in sorted(args.practices):
        have = PracticePage.objects.count()
        started = time.perf_counter()
        new_ids = builder.add(max(0, size - have))
        generated = time.perf_counter() - started
        print(
            f"\n== {size} practices: generated {len(new_ids)} in {generated:.1f} s; "
            f"load {load()} =="
        )
        analyze()
        queries = build_queries()
        engines = [name for name in args.engines if name != "wagtail"]
        # Every rebuild first: the database engine's forks a pool of processes,
        # which a process that has started threads (workers, pings) must not do.
        rates = {name: rebuild_engine(name, args) for name in engines}
        measured = {name: measure_engine(name, args, queries) for name in engines}
        if "wagtail" in args.engines:
            all_ids = list(PracticePage.objects.values_list("pk", flat=True))
            measured["wagtail"] = measure_wagtail(args, queries, all_ids)
        for name in engines if args.publications else []:
            log_path = Path(args.worker_log.format(engine=name))
            measured[name]["publish"] = publications(name, args.publications, log_path)
            print(line(f"{name}: publish to searchable", measured[name]["publish"]))
        rows += [
            (size, name, samples, rates.get(name, "-"))
            for name, samples in measured.items()
        ]
    print_summary(rows)


def delete_benchmark_indices() -> None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(os.environ["ELASTICSEARCH_URL"])
    names = list(client.indices.get(index=f"{INDEX_PREFIX}*"))
    if names:
        client.indices.delete(index=",".join(names))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, nargs="+", default=[10_000])
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=[*ENGINES, "wagtail"],
        default=["elasticsearch", "database", "wagtail"],
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--wagtail-rounds", type=int, help="default: --rounds")
    parser.add_argument("--after-write", type=int, default=20, metavar="N")
    parser.add_argument("--publications", type=int, default=30, metavar="N")
    parser.add_argument("--jobs", type=int, default=2, help="index-building processes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="start from a kept one")
    parser.add_argument("--worker-log", default="/tmp/rtes-bench-worker-{engine}.log")
    args = parser.parse_args()

    # This file is search.py: its folder must not hide the `search` app.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtes_site.settings")
    # Not DJANGO_DEBUG: with DEBUG on, Django keeps every query in memory.
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = INDEX_PREFIX
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER)
    if "elasticsearch" in args.engines and not os.environ.get("ELASTICSEARCH_URL"):
        sys.exit(
            "Set ELASTICSEARCH_URL (bin/services start elasticsearch), or "
            "leave elasticsearch out of --engines."
        )
    admin_url, name = database_url()
    if args.reuse:
        check_marker(admin_url, name)
    else:
        prepare_database(admin_url, name)
    try:
        run(args)
    finally:
        if "elasticsearch" in args.engines:
            delete_benchmark_indices()
        if not args.keep:
            drop_database(admin_url, name)


if __name__ == "__main__":
    main()
