import pytest

from search.engines.elasticsearch import ElasticsearchEngine, make_client

from .fake_server import FakeElasticsearch

ALIAS = "rtes-test-practices"


@pytest.fixture
def es_server():
    server = FakeElasticsearch()
    server.start()
    yield server
    server.stop()
    assert not server.unexpected, f"unexpected requests: {server.unexpected}"


@pytest.fixture
def engine(es_server):
    """The engine talking real HTTP to the fake server, its alias already set up."""
    es_server.reply("HEAD", f"/_alias/{ALIAS}")
    return ElasticsearchEngine(client=make_client(es_server.url), prefix="rtes-test-")


@pytest.fixture(autouse=True)
def _english_messages():
    """These tests read the messages' wording: pin the (English) source language."""
    from django.utils import translation

    with translation.override("en"):
        yield
