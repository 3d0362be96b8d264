"""Keep the search index in line with the database.

Every change that alters a practice's document goes through `tasks.schedule()`:
in the change's own transaction it bumps the practice's version and marks it
dirty (`mark_dirty`, `PracticeIndexState`, an outbox); after commit it asks
Celery to sync it. If the
broker is down the row stays dirty and the periodic `index_pending` picks it up;
if the engine is down the task retries, then leaves the row dirty. Reconciliation
compares (id, version) in the database and in the index and repairs the rest.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import multiprocessing.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import connections, transaction
from django.db.models import F
from django.utils import timezone

from .documents import SearchDocument, indexable_practices, practice_documents
from .engines import BaseSearchEngine, get_engine
from .engines.base import ItemError
from .models import IndexRun, PracticeIndexState

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500
# A dirty row younger than this probably has its task on the way.
PENDING_GRACE = datetime.timedelta(seconds=30)


@dataclass
class IndexReport:
    indexed: int = 0
    deleted: int = 0
    errors: list[ItemError] = field(default_factory=list)


def chunks(ids: list[int], size: int | None = None) -> Iterable[list[int]]:
    size = size or CHUNK_SIZE
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def mark_dirty(page_ids: Iterable[int]) -> None:
    """Bump the versions of these practices and mark them as waiting for the index."""
    ids = list(dict.fromkeys(page_ids))
    now = timezone.now()
    for chunk in chunks(ids):
        PracticeIndexState.objects.filter(page_id__in=chunk).update(
            version=F("version") + 1, dirty=True, dirty_since=now
        )
        PracticeIndexState.objects.bulk_create(
            [PracticeIndexState(page_id=pk, dirty_since=now) for pk in chunk],
            ignore_conflicts=True,
        )


def index_practices(
    page_ids: Iterable[int], engine: BaseSearchEngine | None = None
) -> IndexReport:
    """Index these practices as the database has them now; delete the others.

    A practice marked dirty is marked clean only if its version did not change
    meanwhile. Raises EngineUnavailable when the engine cannot be reached.
    """
    engine = engine or get_engine()
    report = IndexReport()
    for chunk in chunks(list(dict.fromkeys(page_ids))):
        versions = ensure_states(chunk)
        documents = practice_documents(chunk, versions)
        errors = engine.index.add_items(documents)
        gone = set(chunk) - {document.id for document in documents}
        for page_id in gone:
            engine.index.delete_item(page_id)
        failed = {error.page_id for error in errors}
        mark_clean({pk: versions[pk] for pk in chunk if pk not in failed})
        for error in errors:
            PracticeIndexState.objects.filter(page_id=error.page_id).update(
                attempts=F("attempts") + 1, last_error=str(error)[:2000]
            )
        report.indexed += len(documents) - len(failed)
        report.deleted += len(gone)
        report.errors += errors
    engine.index.refresh()
    return report


def mark_clean(versions: dict[int, int]) -> None:
    """Clear the dirty flag of practices still at the version that was indexed.

    One UPDATE per distinct version (a handful), not one per practice.
    """
    by_version: dict[int, list[int]] = {}
    for page_id, version in versions.items():
        by_version.setdefault(version, []).append(page_id)
    now = timezone.now()
    for version, page_ids in by_version.items():
        PracticeIndexState.objects.filter(page_id__in=page_ids, version=version).update(
            dirty=False, indexed_at=now, attempts=0, last_error=""
        )


def ensure_states(page_ids: list[int]) -> dict[int, int]:
    """The current version of each practice, creating the missing state rows."""
    versions = dict(
        PracticeIndexState.objects.filter(page_id__in=page_ids).values_list(
            "page_id", "version"
        )
    )
    missing = [pk for pk in page_ids if pk not in versions]
    if missing:
        # Another process may create some of them at the same moment.
        PracticeIndexState.objects.bulk_create(
            [PracticeIndexState(page_id=pk, dirty=False) for pk in missing],
            ignore_conflicts=True,
        )
        versions |= dict(
            PracticeIndexState.objects.filter(page_id__in=missing).values_list(
                "page_id", "version"
            )
        )
    return versions


def pending_ids(limit: int = 5000, grace: datetime.timedelta = PENDING_GRACE) -> list:
    """Practices waiting for the index for longer than the grace period."""
    return list(
        PracticeIndexState.objects.filter(
            dirty=True, dirty_since__lte=timezone.now() - grace
        )
        .order_by("dirty_since")
        .values_list("page_id", flat=True)[:limit]
    )


def reconcile(engine: BaseSearchEngine | None = None) -> IndexRun:
    """Compare (id, version) in the database and the index; repair every difference."""
    engine = engine or get_engine()
    run = IndexRun.objects.create(kind=IndexRun.Kind.RECONCILE, engine=engine.name)
    live_ids = list(indexable_practices().values_list("pk", flat=True))
    expected = {}
    for chunk in chunks(live_ids, 5000):
        expected |= ensure_states(chunk)
    indexed = engine.index.indexed_versions()
    missing = expected.keys() - indexed.keys()
    extra = indexed.keys() - expected.keys()
    stale = {
        pk for pk in expected.keys() & indexed.keys() if indexed[pk] != expected[pk]
    }
    report = index_practices(sorted(missing | extra | stale), engine)
    engine.index.upkeep()
    run.missing, run.extra, run.stale = len(missing), len(extra), len(stale)
    run.indexed, run.errors = report.indexed, [str(e) for e in report.errors[:100]]
    run.finished_at = timezone.now()
    run.save()
    logger.info(
        "Reconciliation: %d missing, %d stale, %d extra repaired; %d errors",
        run.missing,
        run.stale,
        run.extra,
        len(report.errors),
    )
    return run


def rebuild(engine: BaseSearchEngine | None = None, jobs: int = 1) -> IndexRun:
    """Rebuild the whole index from the database, then replay what changed meanwhile.

    Searches keep answering throughout: Elasticsearch fills a new index and swaps
    its alias; the database engine rewrites its rows in place, one short
    transaction per chunk. Documents are built chunk by chunk (constant queries
    per chunk), with `jobs` > 1 in that many processes while this one writes.
    """
    engine = engine or get_engine()
    run = IndexRun.objects.create(kind=IndexRun.Kind.REBUILD, engine=engine.name)
    ids = list(indexable_practices().values_list("pk", flat=True))
    written: dict[int, int] = {}  # page id → version of the document built

    def documents():
        for batch in built_documents(ids, jobs):
            written.update((document.id, document.version) for document in batch)
            yield from batch

    errors = engine.index.rebuild(documents())
    failed = {error.page_id for error in errors}
    mark_clean({pk: v for pk, v in written.items() if pk not in failed})
    # Changes made while the new index filled went to the old one: replay them.
    replay = reconcile(engine)
    run.indexed = len(written)
    run.stale, run.missing, run.extra = replay.stale, replay.missing, replay.extra
    run.errors = ([str(error) for error in errors] + replay.errors)[:100]
    run.finished_at = timezone.now()
    run.save()
    logger.info(
        "Search index rebuilt: %d practices, %d errors", len(written), len(errors)
    )
    return run


def _documents_of_chunk(chunk: list[int]) -> list[SearchDocument]:
    # Versions read just before each chunk: a newer write is never undone.
    return practice_documents(chunk, ensure_states(chunk))


def _start_builder() -> None:
    # Close this process's own database connections when it exits normally.
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=10)


def built_documents(ids: list[int], jobs: int = 1) -> Iterator[list[SearchDocument]]:
    """The documents of these practices, chunk by chunk, built by `jobs` processes.

    Building documents (rows, relations, StreamField text) costs several times
    more than writing them; forked processes build while the caller writes. Forked
    from `manage.py search_index rebuild`, a single thread: a process running other
    threads (a worker, a server) could fork a child stuck on a lock one of them
    held, so only the command passes jobs > 1. Not inside a transaction: the
    other processes read committed rows only.
    """
    if jobs <= 1 or transaction.get_connection().in_atomic_block:
        yield from map(_documents_of_chunk, chunks(ids))
        return
    connections.close_all()  # a forked process must not share our connections
    pool = multiprocessing.get_context("fork").Pool(jobs, initializer=_start_builder)
    try:
        yield from pool.imap(_documents_of_chunk, chunks(ids))
    finally:
        pool.terminate()
        pool.join()
