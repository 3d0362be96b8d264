"""A real Elasticsearch node of the test's own stops or dies: nothing is lost.

The node (devtools/elasticsearch_node.py) runs on a free port beside the shared
one, which is never touched. Publications go through a real Celery worker on
Redis, with beat's schedule running as in production.
"""

import shutil
import time

import pytest
from celery.beat import EmbeddedService

from devtools.elasticsearch_node import ElasticsearchNode, NodeError
from search.engines import ELASTICSEARCH_ENGINE, get_engine
from search.engines.base import EngineUnavailable, SearchQuery
from search.engines.elasticsearch import ElasticsearchEngine, make_client
from search.models import PracticeIndexState
from tests.conftest import delete_indices, require_service
from tests.factories import indexed_document, member_page, practice

from .conftest import eventually, found, free_port

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# "Within a minute of the node coming back" (beat's index-pending runs twice a
# minute), plus the time the last sync takes.
BACK_WITHIN = 60


@pytest.fixture(scope="module")
def node():
    """A single-node cluster of this module's own, on a free port."""
    node = ElasticsearchNode(port=free_port(), heap="256m")
    try:
        node.start()
    except NodeError as error:
        require_service(False, f"cannot start a throwaway Elasticsearch: {error}")
    yield node
    node.kill()
    shutil.rmtree(node.base, ignore_errors=True)


@pytest.fixture
def on_node(node, settings):
    """The site's engine is Elasticsearch on the throwaway node, on fresh indices."""
    prefix = f"rtes-fault-{free_port()}-"
    settings.ELASTICSEARCH_URL = node.url
    settings.RTES_SEARCH_ENGINE = ELASTICSEARCH_ENGINE
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    get_engine.cache_clear()
    yield get_engine()
    get_engine.cache_clear()
    if node.health() is not None:
        delete_indices(make_client(node.url), prefix)


@pytest.fixture
def beat(redis_worker, tmp_path):
    """Celery beat, in a thread, with the production schedule."""
    service = EmbeddedService(
        redis_worker, thread=True, schedule_filename=str(tmp_path / "beat-schedule")
    )
    service.start()
    yield service
    service.stop()


def dirty(page) -> bool:
    return PracticeIndexState.objects.get(page_id=page.pk).dirty


@pytest.mark.parametrize("stop", ["stop", "kill"])  # SIGTERM, then SIGKILL
def test_node_down_while_publishing(node, on_node, beat, client, home, stop):
    engine = on_node
    territory = member_page()
    before = practice(territory, title="Indexée avant la panne", indexed=False)
    assert eventually(lambda: found(engine, "avant") == {before.title})

    getattr(node, stop)()
    pages = [
        practice(territory, title=f"Publiée pendant la panne {n}", indexed=False)
        for n in (1, 2)
    ]

    # Publishing succeeded; the practices wait in the database.
    assert all(page.live for page in pages)
    assert all(dirty(page) for page in pages)
    health = client.get("/health/")
    assert health.status_code == 503
    assert health.json()["search"] == "unavailable"
    assert health.json()["search_engine"] == "elasticsearch"
    search_page = client.get("/recherche/", {"q": "panne"})
    assert search_page.status_code == 503
    assert "La recherche est momentanément indisponible" in search_page.content.decode()

    node.start()
    back = time.monotonic()
    titles = {page.title for page in pages}
    assert eventually(lambda: titles <= found(engine, "panne"), timeout=BACK_WITHIN)
    assert eventually(lambda: not any(dirty(page) for page in pages), timeout=10)
    assert time.monotonic() - back < BACK_WITHIN + 10
    assert client.get("/health/").json()["search"] == "ok"


def test_node_killed_during_a_rebuild_leaves_the_old_index_in_place(node):
    engine = ElasticsearchEngine(
        client=make_client(node.url), prefix=f"rtes-fault-{free_port()}-"
    )
    documents = [indexed_document(n, 1) for n in range(1, 2001)]
    assert engine.index.rebuild(documents) == []
    (complete,) = engine.index.aliased_indices()

    def dying_halfway():
        for n, document in enumerate(documents):
            if n == 1000:
                node.kill()
            yield document

    with pytest.raises(EngineUnavailable):
        engine.index.rebuild(dying_halfway())

    node.start()
    assert engine.index.aliased_indices() == [complete]
    assert engine.searcher.search(SearchQuery()).total == 2000
    assert engine.index.rebuild(documents) == []
    (rebuilt,) = engine.index.aliased_indices()
    assert rebuilt != complete
    assert engine.searcher.search(SearchQuery()).total == 2000
    delete_indices(engine.index.client, engine.index.prefix)
