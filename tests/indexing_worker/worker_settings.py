"""Settings of the worker process the killed-worker test starts (and kills)."""

from rtes_site.settings import *  # noqa: F403

RTES_SEARCH_ENGINE = "tests.indexing_worker.blocking_engine.BlockingEngine"
