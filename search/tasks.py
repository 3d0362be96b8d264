"""Celery tasks of the search index (thin: they take ids and re-read rows), and
`schedule`, which sends them once a change commits."""

import logging
from collections.abc import Iterable

from celery import shared_task
from django.db import OperationalError, transaction

from . import indexing
from .engines.base import EngineUnavailable

logger = logging.getLogger(__name__)

# Every countdown stays below the broker's visibility timeout (3,600 s), so that a
# message waiting for its retry is never redelivered to a second worker.
RETRY_BACKOFF_MAX = 600


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    # A busy database (SQLite's write lock, a failover) is as passing as an outage.
    autoretry_for=(EngineUnavailable, OperationalError),
    retry_backoff=2,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=8,
)
def sync_practices(page_ids: list[int]) -> dict:
    """Index or delete these practices according to the database now.

    After the last retry the practices stay marked dirty in the database:
    `index_pending` or the reconciliation will bring them in later.
    """
    report = indexing.index_practices(page_ids)
    for error in report.errors:
        logger.warning("Indexing error: %s", error)
    logger.info(
        "Indexed practices %s: %d indexed, %d deleted",
        page_ids,
        report.indexed,
        report.deleted,
    )
    return {"indexed": report.indexed, "deleted": report.deleted}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def index_pending() -> int:
    """Sync the practices left dirty (broker or engine down when they changed)."""
    ids = indexing.pending_ids()
    if ids:
        logger.info("Syncing %d practices left waiting for the index", len(ids))
        try:
            indexing.index_practices(ids)
        except EngineUnavailable:
            logger.warning("Search engine unavailable: %d practices wait", len(ids))
    return len(ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def reconcile_index() -> dict:
    """Compare the index with the database and repair every difference."""
    run = indexing.reconcile()
    return {"missing": run.missing, "stale": run.stale, "extra": run.extra}


def schedule(page_ids: Iterable[int]) -> None:
    """Record that these practices changed, and sync them once the change commits."""
    ids = list(dict.fromkeys(page_ids))
    if not ids:
        return
    with transaction.atomic():
        indexing.mark_dirty(ids)
        transaction.on_commit(lambda: enqueue(ids))


def enqueue(page_ids: list[int]) -> None:
    """Send sync tasks; if the broker is down, the rows wait for `index_pending`."""
    for chunk in indexing.chunks(page_ids):
        try:
            sync_practices.delay(chunk)
        except Exception:  # noqa: BLE001 - any broker failure: the outbox keeps it
            logger.warning(
                "Broker unreachable: practices %s stay queued in the database",
                chunk,
                exc_info=True,
            )
