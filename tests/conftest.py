import functools
import os
import uuid

import pytest
from django.db import connection
from django.test.signals import setting_changed

IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(items):
    """A transactional test must restore the migrations' rows (root page, content
    types) when it ends: without `serialized_rollback` it leaves an empty tree for
    the next test, or content types that break the next serialized restore."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and not marker.kwargs.get("serialized_rollback")
        ):
            raise pytest.UsageError(
                f"{item.nodeid}: django_db(transaction=True) needs "
                "serialized_rollback=True"
            )


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tasks run in the test's process unless a test starts a real worker."""
    from rtes_site.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _plain_http(settings, tmp_path):
    """Tests talk plain HTTP to the test client and keep media out of the project."""
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"


def _urls_follow_language_code(*, setting, **kwargs):
    """Django's URL resolver caches the language prefixes it computed under the
    LANGUAGE_CODE of the moment; a test that changes it must not leave `/en/`
    unprefixed for the tests after it."""
    if setting == "LANGUAGE_CODE":
        from django.urls import clear_url_caches

        clear_url_caches()


setting_changed.connect(_urls_follow_language_code)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test has its own database, so nothing cached may outlive it (menus,
    rate-limit counters): page ids are reused from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """The site's fixed structure: home, territories index, catalogue, workflow."""
    from rtes_site.bootstrap import setup_site

    return setup_site()


def require_service(available: bool, reason: str) -> None:
    """Skip outside CI when a real service is missing; fail in CI."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure)")
    pytest.skip(reason)


@pytest.fixture
def postgres_only(db):
    require_service(
        connection.vendor == "postgresql", "needs PostgreSQL (DATABASE_URL)"
    )


# --- Elasticsearch ----
# The configured engine's node (ELASTICSEARCH_URL) or, for the tests written for
# Elasticsearch alone, the local node that `bin/services start elasticsearch`
# runs; ELASTICSEARCH_TEST_URL points those tests at another one.
ES_TEST_URL = os.environ.get("ELASTICSEARCH_URL") or os.environ.get(
    "ELASTICSEARCH_TEST_URL", "http://127.0.0.1:9200"
)


@functools.cache
def elasticsearch_answers(url: str) -> bool:
    """Whether a cluster answers at `url` (asked once per session)."""
    from elasticsearch import Elasticsearch

    try:
        Elasticsearch(url, request_timeout=3, max_retries=0).cluster.health()
    except Exception:  # noqa: BLE001 - any failure means: not here
        return False
    return True


def delete_indices(client, prefix: str) -> None:
    """Drop every index named with `prefix` (named one by one, as the cluster asks)."""
    names = list(client.indices.get(index=f"{prefix}*", expand_wildcards="all"))
    if names:
        client.indices.delete(index=",".join(names))


@pytest.fixture
def es_url() -> str:
    """A live Elasticsearch node (skip outside CI when there is none)."""
    require_service(
        elasticsearch_answers(ES_TEST_URL),
        f"needs Elasticsearch at {ES_TEST_URL} (bin/services start elasticsearch)",
    )
    return ES_TEST_URL


@pytest.fixture
def es_engine(es_url):
    """An Elasticsearch engine on indices of its own, deleted after the test."""
    from search.engines.elasticsearch import ElasticsearchEngine, make_client

    client = make_client(es_url)
    prefix = f"rtes-test-{uuid.uuid4().hex[:10]}-"
    yield ElasticsearchEngine(client=client, prefix=prefix)
    delete_indices(client, prefix)


@pytest.fixture(autouse=True)
def _own_search_index(settings):
    """With Elasticsearch as the configured engine, each test writes to indices of
    its own: the database is new for every test, the index would not be."""
    from search.engines import get_engine
    from search.engines.elasticsearch import make_client

    url = settings.ELASTICSEARCH_URL
    if not url:
        yield
        return
    prefix = f"rtes-test-{uuid.uuid4().hex[:10]}-"
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    get_engine.cache_clear()
    yield
    get_engine.cache_clear()
    delete_indices(make_client(url), prefix)
