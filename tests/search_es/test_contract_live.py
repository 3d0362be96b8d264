"""The engine contract against a live Elasticsearch, when ELASTICSEARCH_URL is set.

No Elasticsearch can run on the development machines (no package ships it, no
Docker engine), so these tests skip there; `docker compose up elasticsearch` and
ELASTICSEARCH_URL=http://127.0.0.1:9200 run them.
"""

import uuid

import pytest
from django.conf import settings

from search.engines.elasticsearch import ElasticsearchEngine, make_client
from tests.search.contract import EngineContract, catalogue  # noqa: F401 - fixture

# Skipped at collection: no test database is built for tests that cannot run.
pytestmark = pytest.mark.skipif(
    not settings.ELASTICSEARCH_URL,
    reason="needs a live Elasticsearch (set ELASTICSEARCH_URL)",
)


class TestElasticsearchEngine(EngineContract):
    @pytest.fixture
    def engine(self, db):
        # A prefix of its own per test: runs and tests never share an index.
        engine = ElasticsearchEngine(
            client=make_client(settings.ELASTICSEARCH_URL),
            prefix=f"rtes-test-{uuid.uuid4().hex[:10]}-",
        )
        engine.reset()
        yield engine
        indices = engine.versioned_indices()
        if indices:
            engine.client.indices.delete(index=",".join(indices))
