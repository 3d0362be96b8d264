"""Benchmark the indexing: a full rebuild, and publish-to-searchable with a worker.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rtes_indexing_bench \\
        .venv/bin/python benchmarks/indexing.py --practices 100000 --publications 200

PostgreSQL only, database engine. The script creates the database named in
DATABASE_URL (as benchmarks/search.py does: it refuses a database holding tables
it did not make) and drops it at the end unless --keep; --reuse starts again from
a kept one.

1. Rebuild: generates practices in bulk (benchmarks/catalogue.py) up to the size,
   then times `search.indexing.rebuild()` (what `manage.py search_index rebuild`
   runs) while another thread searches every few seconds (--probe-interval), to
   show that searches keep answering.
   --profile also profiles `index_practices` on one chunk (queries, hot spots).
2. Publish to searchable: starts a real Celery worker (a child process) on Redis
   (CELERY_BROKER_URL, default redis://127.0.0.1:6379/12), publishes
   --publications practices one after the other through Wagtail (revision, then
   publish: the signals schedule the index task after commit) and times each from
   the publish call until the engine finds the practice; median and p95.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BROKER = "redis://127.0.0.1:6379/12"


def load() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg()) + f" ({os.cpu_count()} CPUs)"


# --- Rebuild -------------------------------------------------------------------------


class SearchProbe(threading.Thread):
    """Searches over and over while the rebuild runs: answers, failures, latency."""

    def __init__(self, text: str, interval: float):
        super().__init__(daemon=True)
        self.text = text
        self.interval = interval
        self.stop = threading.Event()
        self.latencies: list[float] = []
        self.totals: list[int] = []
        self.failures: list[str] = []

    def run(self) -> None:
        from django.db import connection

        from search.engines import get_engine
        from search.engines.base import SearchQuery

        engine = get_engine()
        try:
            while not self.stop.is_set():
                started = time.perf_counter()
                try:
                    results = engine.search(SearchQuery(text=self.text, per_page=5))
                except Exception as error:  # noqa: BLE001 - reported, not raised
                    self.failures.append(repr(error))
                else:
                    self.totals.append(results.total)
                self.latencies.append(time.perf_counter() - started)
                self.stop.wait(self.interval)
        finally:
            connection.close()


def time_rebuild(jobs: int, probe_interval: float) -> None:
    from search import indexing
    from search.models import IndexedPractice

    before = IndexedPractice.objects.count()
    live = indexing.indexable_practices().count()
    # Not too often: a search right after an index write is costly, and the probe
    # shares the machine with the rebuild it watches.
    probe = SearchProbe("tiers-lieu", probe_interval)
    print(
        f"\nrebuild ({jobs} process(es)): {live} live practices, {before} in the "
        f"index; load {load()}"
    )
    probe.start()
    started = time.perf_counter()
    cpu = os.times()
    run = indexing.rebuild(jobs=jobs)
    elapsed = time.perf_counter() - started
    probe.stop.set()
    probe.join()
    used = os.times()
    python_cpu = sum(used[:4]) - sum(cpu[:4])  # this process and its children
    print(
        f"  rebuild: {elapsed:.1f} s ({live / elapsed:.0f} practices/s); "
        f"{run.indexed} indexed, replay: {run.missing} missing, {run.stale} stale, "
        f"{run.extra} extra, {len(run.errors)} errors; Python CPU "
        f"{python_cpu:.0f} s ({python_cpu / live * 1000:.2f} ms per practice)"
    )
    if probe.latencies:
        print(
            f"  searches during the rebuild: {len(probe.latencies)} answered, "
            f"{len(probe.failures)} failed, totals {min(probe.totals, default=0)}-"
            f"{max(probe.totals, default=0)}, latency median "
            f"{statistics.median(probe.latencies) * 1000:.0f} ms, max "
            f"{max(probe.latencies) * 1000:.0f} ms"
        )
    print(f"  load after: {load()}")


def profile_chunk(size: int) -> None:
    """Profile index_practices over one chunk: queries and Python hot spots."""
    from django.db import connection

    from search import indexing

    ids = list(indexing.indexable_practices().values_list("pk", flat=True)[:size])
    queries: list[float] = []

    def count(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            queries.append(time.perf_counter() - started)

    profiler = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(count):
        profiler.enable()
        indexing.index_practices(ids)
        profiler.disable()
    elapsed = time.perf_counter() - started
    print(
        f"\nprofile of index_practices({len(ids)}): {elapsed:.2f} s, "
        f"{len(queries)} queries taking {sum(queries):.2f} s"
    )
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    print(out.getvalue())


# --- Publish to searchable -----------------------------------------------------------


def wait_until(predicate, timeout: float = 30) -> float | None:
    """The perf_counter time at which `predicate()` first held; None on timeout."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        if predicate():
            return time.perf_counter()
        time.sleep(0.01)
    return None


def start_worker(log_path: Path) -> subprocess.Popen:
    """A real worker in a child process, on the same database and broker."""
    log = log_path.open("w")
    worker = subprocess.Popen(  # noqa: S603
        [
            *(sys.executable, "-m", "celery", "-A", "rtes_site", "worker"),
            *("--concurrency=2", "--loglevel=WARNING", "--without-mingle"),
            *("--without-gossip", "--hostname=indexing-bench@%h"),
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return worker


def wait_until_ready(timeout: float = 60) -> None:
    from rtes_site.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.control.ping(timeout=0.5):
            return
    sys.exit("The Celery worker did not answer within a minute.")


def time_publications(count: int) -> None:
    from practices.models import PracticePage
    from search.engines import get_engine
    from search.engines.base import SearchQuery
    from search.models import IndexedPractice
    from territories.models import TerritoryPage

    engine = get_engine()
    parent = TerritoryPage.objects.order_by("pk").first()
    publish_s: list[float] = []
    indexed_s: list[float] = []
    searchable_s: list[float] = []
    timeouts = 0
    stamp = int(time.time())
    print(f"\npublish to searchable, {count} publications; load {load()}")
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
        published = time.perf_counter()
        # First the row in the index (a cheap query), then a real search.
        indexed = wait_until(IndexedPractice.objects.filter(pk=page.pk).exists)
        found = indexed and wait_until(lambda q=query: engine.search(q).total)
        if not found:
            timeouts += 1
            continue
        publish_s.append(published - started)
        indexed_s.append(indexed - started)
        searchable_s.append(found - started)
    print(f"  load after: {load()}")
    if not searchable_s:
        sys.exit("No publication became searchable: is the worker running?")
    ordered = sorted(searchable_s)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    print(
        f"  publish call: median {statistics.median(publish_s) * 1000:.0f} ms\n"
        f"  publish to indexed (row written by the worker): median "
        f"{statistics.median(indexed_s) * 1000:.0f} ms\n"
        f"  publish to searchable: median {statistics.median(searchable_s) * 1000:.0f}"
        f" ms, p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms; "
        f"{timeouts} not searchable within 30 s"
    )


# --- Main ----------------------------------------------------------------------------


def run(args) -> None:
    import django

    django.setup()
    import logging

    logging.getLogger("wagtail").setLevel(logging.WARNING)

    from benchmarks.catalogue import CatalogueBuilder
    from benchmarks.search import analyze, build_site
    from practices.models import PracticePage
    from search import engines

    engines.get_engine.cache_clear()
    build_site()
    builder = CatalogueBuilder(seed=args.seed)
    have = PracticePage.objects.count()
    if have < args.practices:
        started = time.perf_counter()
        added = builder.add(args.practices - have)
        elapsed = time.perf_counter() - started
        print(
            f"generated {len(added)} practices in {elapsed:.1f} s "
            f"({len(added) / elapsed:.0f}/s)"
        )
        analyze()
    practices = PracticePage.objects.count()
    print(f"engine: {engines.get_engine().name}; practices: {practices}")
    if args.profile:
        profile_chunk(args.profile)
    if args.rebuild:
        time_rebuild(args.jobs, args.probe_interval)
        analyze()
    if args.publications:
        from rtes_site.celery import app

        # Tasks the catalogue's set-up sent with no worker listening: not ours to time.
        app.control.purge()
        log_path = Path(args.worker_log)
        worker = start_worker(log_path)
        try:
            wait_until_ready()
            time_publications(args.publications)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        print(f"  worker log: {log_path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--publications", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="start from a kept one")
    parser.add_argument(
        "--no-rebuild", dest="rebuild", action="store_false", help="skip the rebuild"
    )
    parser.add_argument(
        "--jobs", type=int, default=2, help="rebuild processes (default 2)"
    )
    parser.add_argument(
        "--probe-interval",
        type=float,
        default=5.0,
        help="seconds between searches during the rebuild (default 5)",
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="profile index_practices over N practices first",
    )
    parser.add_argument("--worker-log", default="/tmp/rtes-indexing-bench-worker.log")
    args = parser.parse_args()

    # This folder holds search.py: it must not hide the `search` app.
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtes_site.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ.pop("ELASTICSEARCH_URL", None)
    os.environ.pop("RTES_SEARCH_ENGINE", None)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER)
    print(f"broker: {os.environ['CELERY_BROKER_URL']}; load {load()}")

    from benchmarks.search import (
        check_marker,
        database_url,
        drop_database,
        prepare_database,
    )

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
