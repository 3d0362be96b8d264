"""Search engines behind one interface; `get_engine()` returns the configured one."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import BaseSearchEngine

DATABASE_ENGINE = "search.engines.database.DatabaseSearchEngine"
ELASTICSEARCH_ENGINE = "search.engines.elasticsearch.ElasticsearchEngine"


def engine_path() -> str:
    """RTES_SEARCH_ENGINE if set; else Elasticsearch when its URL is configured."""
    configured = getattr(settings, "RTES_SEARCH_ENGINE", "")
    if configured:
        return configured
    return ELASTICSEARCH_ENGINE if settings.ELASTICSEARCH_URL else DATABASE_ENGINE


@cache
def get_engine() -> BaseSearchEngine:
    """The configured engine: Elasticsearch when set up, else the database."""
    return import_string(engine_path())()


__all__ = ["BaseSearchEngine", "get_engine"]
