"""How well each search engine answers the judged queries (tests/search_quality).

    .venv/bin/python benchmarks/search_quality.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rtes_quality \
        ELASTICSEARCH_URL=http://127.0.0.1:9200 \
        .venv/bin/python benchmarks/search_quality.py

Loads the demo catalogue (into a fresh SQLite file under var/, or into the
database DATABASE_URL names: give it a dedicated one), indexes it in the
database engine, in Elasticsearch when ELASTICSEARCH_URL is set (under the
index prefix `rtes-quality-`), and in Wagtail's own search, then prints
nDCG@10, recall@10 and the zero-result rate of each, with the queries that
found nothing and the measures by kind of query.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def configure() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rtes_site.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = "rtes-quality-"
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "search-quality.sqlite3"
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"


def main() -> None:
    configure()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from practices.models import PracticePage
    from search.engines.base import SearchQuery
    from search.engines.database import DatabaseSearchEngine
    from search.indexing import index_practices
    from tests.search_quality.judged_set import JUDGED, measure

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("wagtail_update_index", verbosity=0)
    live = PracticePage.objects.live()
    external = dict(live.values_list("pk", "external_id"))

    engines = {"database": DatabaseSearchEngine()}
    if settings.ELASTICSEARCH_URL:
        from search.engines.elasticsearch import ElasticsearchEngine

        engines["elasticsearch"] = ElasticsearchEngine(prefix="rtes-quality-")
    searches = {}
    for name, engine in engines.items():
        engine.index.reset()
        index_practices(list(external), engine)
        engine.index.refresh()
        searches[name] = lambda text, engine=engine: [
            external[hit.page_id]
            for hit in engine.searcher.search(SearchQuery(text=text, per_page=10)).hits
        ]
    searches["wagtail"] = lambda text: [
        page.external_id for page in live.search(text)[:10]
    ]

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{len(external)} practices, {len(JUDGED)} queries, database: {database}")
    print(f"{'engine':<14} {'nDCG@10':>8} {'recall@10':>10} {'zero results':>13}")
    kinds = sorted({kind for kind, _text, grades in JUDGED if grades})
    by_kind = defaultdict(dict)
    for name, search in searches.items():
        measures = measure(search)
        print(
            f"{name:<14} {measures.ndcg:>8.3f} {measures.recall:>10.3f}"
            f" {measures.zero_results:>12.1%}"
        )
        if measures.empty:
            print(f"{'':<14} nothing for: {', '.join(measures.empty)}")
        for kind in kinds:
            subset = [entry for entry in JUDGED if entry[0] == kind and entry[2]]
            by_kind[kind][name] = measure(search, subset).ndcg
    print("\nnDCG@10 by kind of query")
    print(f"{'kind':<12}" + "".join(f" {name:>14}" for name in searches))
    for kind in kinds:
        row = "".join(f" {by_kind[kind][name]:>14.3f}" for name in searches)
        print(f"{kind:<12}{row}")


if __name__ == "__main__":
    main()
