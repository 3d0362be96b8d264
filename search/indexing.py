"""Bring the search index in line with the database (synchronously).

Celery tasks wrap these functions; they take page ids and re-read the rows, so
running one twice, or late, leaves the index right.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from .documents import indexable_practices, practice_document
from .engines import BaseSearchEngine, get_engine

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500


@dataclass
class IndexReport:
    indexed: int = 0
    deleted: int = 0
    errors: list[str] = field(default_factory=list)


def index_practices(
    page_ids: Iterable[int], engine: BaseSearchEngine | None = None
) -> IndexReport:
    """Index the given practices as the database has them now; delete the others."""
    engine = engine or get_engine()
    report = IndexReport()
    page_ids = list(dict.fromkeys(page_ids))
    for start in range(0, len(page_ids), CHUNK_SIZE):
        chunk = page_ids[start : start + CHUNK_SIZE]
        pages = list(indexable_practices().filter(pk__in=chunk))
        report.errors += engine.add_items(practice_document(page) for page in pages)
        report.indexed += len(pages)
        for gone in set(chunk) - {page.pk for page in pages}:
            engine.delete_item(gone)
            report.deleted += 1
    engine.refresh()
    return report


def rebuild(engine: BaseSearchEngine | None = None) -> IndexReport:
    """Empty the index and fill it with every live, public practice."""
    engine = engine or get_engine()
    engine.reset()
    ids = list(indexable_practices().values_list("pk", flat=True))
    report = index_practices(ids, engine)
    logger.info(
        "Search index rebuilt: %d practices, %d errors",
        report.indexed,
        len(report.errors),
    )
    return report
