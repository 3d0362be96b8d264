"""Benchmark the open data API's search against the engine call it wraps.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rtes_bench_api \\
    ELASTICSEARCH_URL=http://127.0.0.1:9200 \\
        .venv/bin/python benchmarks/api.py --practices 2000

PostgreSQL only, with the same safety rules as benchmarks/search.py (whose
catalogue, database handling and mixed queries it reuses): the database named in
DATABASE_URL is created and dropped at the end (--keep, --reuse), Elasticsearch
indices are named `rtes-bench-*` and deleted.

For each engine (--engines) it rebuilds the index, then sends each of the ~50
mixed queries of benchmarks/search.py to GET /api/v1/practices (one warm-up pass,
then --rounds passes) and times, within each request, the engine call
(`searcher.search`) and the whole request. The API's own cost is the difference,
request by request: parameter validation, facet labels, the hits' themes, JSON,
the ETag. It prints median and p95 in ms of the three.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this folder comes first on the path, and its search.py would
# hide the `search` app: the project folder instead.
HERE = Path(__file__).resolve().parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != HERE]

from benchmarks import search as bench  # noqa: E402 - after the path is set


def api_url(query) -> str:
    from search.params import query_string

    changes = {"page": query.page} if query.page > 1 else {}
    return "/api/v1/practices?" + query_string(query, **changes)


def measure(engine_name: str, queries, rounds: int) -> dict[str, list[float]]:
    """Engine time, request time and their difference, for each API request."""
    from django.test import Client

    engine = bench.use_engine(engine_name)
    searcher = engine.searcher
    search = searcher.search
    inside: list[float] = []

    def timed_search(query):
        started = time.perf_counter()
        try:
            return search(query)
        finally:
            inside.append((time.perf_counter() - started) * 1000)

    searcher.search = timed_search
    client = Client()
    samples: dict[str, list[float]] = {"engine": [], "request": [], "api": []}
    try:
        for number in range(rounds + 1):  # the first pass warms up
            for query in queries:
                inside.clear()
                started = time.perf_counter()
                response = client.get(api_url(query))
                total = (time.perf_counter() - started) * 1000
                assert response.status_code == 200, (response.content, query)
                assert len(inside) == 1, inside
                if number:
                    samples["engine"].append(inside[0])
                    samples["request"].append(total)
                    samples["api"].append(total - inside[0])
    finally:
        del searcher.search
    return samples


def line(name: str, values: list[float]) -> str:
    return (
        f"  {name:<28} {len(values):>5} requests  median "
        f"{statistics.median(values):6.1f}  p95 {bench.percentile(values, 0.95):6.1f}"
        f"  max {max(values):6.1f} ms"
    )


def run(args) -> None:
    import django

    django.setup()
    import logging

    from django.conf import settings

    logging.getLogger("wagtail").setLevel(logging.WARNING)
    logging.getLogger("elastic_transport").setLevel(logging.WARNING)

    from benchmarks.catalogue import CatalogueBuilder
    from practices.models import PracticePage

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    bench.build_site()
    builder = CatalogueBuilder(seed=args.seed)
    missing = max(0, args.practices - PracticePage.objects.count())
    started = time.perf_counter()
    builder.add(missing)
    print(
        f"{args.practices} practices ({missing} generated in "
        f"{time.perf_counter() - started:.1f} s); load {bench.load()}"
    )
    bench.analyze()
    queries = bench.build_queries()
    for name in args.engines:
        bench.rebuild_engine(name, args)
    for name in args.engines:
        samples = measure(name, queries, args.rounds)
        print(f"\n{name}: load {bench.load()}")
        print(line("engine call", samples["engine"]))
        print(line("API request", samples["request"]))
        print(line("API minus engine", samples["api"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--practices", type=int, default=2000)
    parser.add_argument(
        "--engines",
        nargs="+",
        choices=list(bench.ENGINES),
        default=["database", "elasticsearch"],
    )
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=2, help="index-building processes")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true", help="start from a kept one")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtes_site.settings")
    # Not DJANGO_DEBUG: with DEBUG on, Django keeps every query in memory.
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = bench.INDEX_PREFIX
    if "elasticsearch" in args.engines and not os.environ.get("ELASTICSEARCH_URL"):
        sys.exit("Set ELASTICSEARCH_URL, or leave elasticsearch out of --engines.")
    admin_url, name = bench.database_url()
    if args.reuse:
        bench.check_marker(admin_url, name)
    else:
        bench.prepare_database(admin_url, name)
    try:
        run(args)
    finally:
        if "elasticsearch" in args.engines:
            bench.delete_benchmark_indices()
        if not args.keep:
            bench.drop_database(admin_url, name)


if __name__ == "__main__":
    main()
