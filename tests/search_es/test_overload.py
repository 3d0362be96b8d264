"""An overloaded or hanging cluster: the only stand-in tests left.

A live node cannot be made to answer 429 (its queues would need a real overload)
or to accept a connection and then never answer, so a small local HTTP server
plays those two parts; everything else is tested against a real node.
"""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from elasticsearch import Elasticsearch

from search.engines.base import EngineUnavailable, SearchQuery
from search.engines.elasticsearch import ElasticsearchEngine
from tests.factories import indexed_document as document

# A search reads the synonyms from the database before it asks the cluster.
pytestmark = pytest.mark.django_db

TOO_MANY_REQUESTS = (
    b'{"error":{"type":"es_rejected_execution_exception","reason":"rejected"},'
    b'"status":429}'
)


class Misbehaving(BaseHTTPRequestHandler):
    """Answers every request with 429, or after `delay` seconds."""

    delay = 0.0

    def answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        time.sleep(self.delay)
        self.send_response(429)
        self.send_header("X-Elastic-Product", "Elasticsearch")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(TOO_MANY_REQUESTS)))
        self.end_headers()
        self.wfile.write(TOO_MANY_REQUESTS)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def cluster(request):
    """An engine talking to the misbehaving server (delay from the test's param)."""
    handler = type("Handler", (Misbehaving,), {"delay": getattr(request, "param", 0)})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = Elasticsearch(
        f"http://127.0.0.1:{server.server_address[1]}",
        request_timeout=0.5,
        max_retries=0,
    )
    engine = ElasticsearchEngine(client=client, prefix="rtes-test-overload-")
    engine.index._alias_checked = True  # straight to the request under test
    yield engine
    server.shutdown()
    server.server_close()


def test_a_rejected_search_is_a_temporary_unavailability(cluster):
    with pytest.raises(EngineUnavailable, match="temporarily unavailable"):
        cluster.searcher.search(SearchQuery(text="insertion"))


def test_a_rejected_write_raises_so_that_the_task_retries(cluster):
    with pytest.raises(EngineUnavailable):
        cluster.index.add_items([document(1, 1)])


@pytest.mark.parametrize("cluster", [5.0], indirect=True)
def test_a_cluster_that_never_answers_times_out_as_unavailable(cluster):
    started = time.monotonic()
    with pytest.raises(EngineUnavailable):
        cluster.searcher.search(SearchQuery(text="insertion"))
    with pytest.raises(EngineUnavailable):
        cluster.index.delete_item(1)
    assert time.monotonic() - started < 4
