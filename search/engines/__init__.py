"""Search engines behind one interface; `get_engine()` returns the configured one."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import BaseSearchEngine


@cache
def get_engine() -> BaseSearchEngine:
    """The engine chosen by settings: Elasticsearch when configured, else the database."""
    return import_string(settings.RTES_SEARCH_ENGINE)()


__all__ = ["BaseSearchEngine", "get_engine"]
