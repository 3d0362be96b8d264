"""Fixtures of the search tests: the database engine over the contract's catalogue."""

import pytest

from search.engines.database import DatabaseSearchEngine
from search.indexing import index_practices

from .contract import catalogue  # noqa: F401 - the fixture


@pytest.fixture
def engine(db):
    return DatabaseSearchEngine()


@pytest.fixture
def indexed(engine, catalogue):  # noqa: F811 - the contract's fixture
    index_practices([page.pk for page in catalogue.values()], engine)
    return catalogue
