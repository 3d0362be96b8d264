"""A search engine for the killed-worker test: it blocks inside `add_items`.

Loaded only by the worker process that test starts (`worker_settings.py` names it
as RTES_SEARCH_ENGINE), so that the test can kill the worker in the middle of
an indexing task.
"""

import os
import time
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from search.engines import DATABASE_ENGINE, ELASTICSEARCH_ENGINE

# The engine the site would use (Elasticsearch when its URL is set).
Engine = import_string(
    ELASTICSEARCH_ENGINE if settings.ELASTICSEARCH_URL else DATABASE_ENGINE
)


class BlockingEngine(Engine):
    """Its index announces each write in a file, then never finishes it (until
    the process is killed)."""

    def __init__(self):
        super().__init__()
        real = self.index.add_items

        def add_items(documents):
            documents = list(documents)
            started = Path(os.environ["RTES_TEST_WRITE_STARTED"])
            started.write_text(" ".join(str(document.id) for document in documents))
            time.sleep(300)
            return real(documents)

        self.index.add_items = add_items
