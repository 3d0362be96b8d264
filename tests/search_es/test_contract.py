"""The engine contract, run against a live Elasticsearch node."""

from tests.search.contract import EngineContract, catalogue  # noqa: F401 - fixture


class TestElasticsearchEngine(EngineContract):
    """Every contract test, on the `engine` fixture of this folder's conftest."""
