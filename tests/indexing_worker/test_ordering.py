"""Two updates of one practice written in the wrong order: the newer one wins.

Two worker threads: the task for the first edit builds its document, then is held
back; the task for the second edit indexes meanwhile. When the first task finally
writes, its older version must be refused.
"""

import threading

import pytest
from celery.signals import task_postrun

from search import indexing
from search.engines import get_engine
from search.models import PracticeIndexState
from search.tasks import sync_practices
from tests.factories import member_page, practice

from .conftest import broker, eventually, found, worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def publish_title(page, title: str) -> None:
    page.title = title
    page.save_revision().publish()


def test_an_older_update_written_last_does_not_win(home, redis_url, monkeypatch):
    engine = get_engine()
    territory = member_page()
    page = practice(
        territory, title="Titre initial", indexed=False
    )  # eager: indexed at once
    held, release = threading.Event(), threading.Event()
    real = indexing.practice_documents

    def practice_documents(page_ids, versions=None):
        documents = real(page_ids, versions)
        if any(d.title == "Premier titre" for d in documents):
            held.set()
            assert release.wait(30)
        return documents

    monkeypatch.setattr(indexing, "practice_documents", practice_documents)
    finished = []

    def on_postrun(sender=None, args=None, **kwargs):
        finished.append(args)

    task_postrun.connect(on_postrun, sender=sync_practices, weak=False)
    try:
        with broker(redis_url), worker(pool="threads", concurrency=2):
            publish_title(page, "Premier titre")
            assert held.wait(15)  # the first task holds its (older) document
            publish_title(page, "Second titre")
            newest = PracticeIndexState.objects.get(page_id=page.pk).version
            assert eventually(
                lambda: engine.index.indexed_versions()[page.pk] == newest
            )

            release.set()
            assert eventually(lambda: len(finished) == 2)
    finally:
        release.set()
        task_postrun.disconnect(on_postrun, sender=sync_practices)

    assert engine.index.indexed_versions()[page.pk] == newest
    assert found(engine, "second") == {"Second titre"}
    assert found(engine, "premier") == set()
    assert not PracticeIndexState.objects.get(page_id=page.pk).dirty
