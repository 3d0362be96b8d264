"""The engine contract against the database engine (SQLite, or PostgreSQL in CI)."""

import pytest

from search.engines.database import DatabaseSearchEngine

from .contract import EngineContract, catalogue  # noqa: F401 - the fixture


class TestDatabaseEngine(EngineContract):
    @pytest.fixture
    def engine(self, db):
        return DatabaseSearchEngine()
