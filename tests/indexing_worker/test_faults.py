"""Nothing is lost when the broker stops, the engine fails or a worker dies."""

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta

import celery.app.autoretry
import pytest
from celery.signals import task_failure, task_prerun
from django.utils import timezone

from search.engines import get_engine
from search.engines.base import EngineUnavailable
from search.models import PracticeIndexState
from search.tasks import index_pending, sync_practices
from tests.factories import member_page, practice
from tests.infra.helpers import PROJECT_DIR, child_env, database_url

from .conftest import broker, eventually, found, worker

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def state(page) -> PracticeIndexState:
    return PracticeIndexState.objects.get(page_id=page.pk)


def a_minute_passes(page) -> None:
    """As if beat's `index_pending` came round: the row is past its grace period."""
    PracticeIndexState.objects.filter(page_id=page.pk).update(
        dirty_since=timezone.now() - timedelta(minutes=1)
    )


def test_the_broker_stopped_while_publishing(home, throwaway_redis):
    engine = get_engine()
    territory = member_page()
    with broker(throwaway_redis.url):
        throwaway_redis.stop()

        page = practice(
            territory, title="Publiée pendant la panne du courtier", indexed=False
        )

        assert page.live
        assert state(page).dirty
        assert page.pk not in engine.index.indexed_versions()

        throwaway_redis.start()
        a_minute_passes(page)
        with worker():
            index_pending.delay()
            assert eventually(lambda: found(engine, "courtier") == {page.title})
            assert eventually(lambda: not state(page).dirty)


@pytest.fixture
def countdowns(monkeypatch):
    """The retry countdowns Celery computes, kept; the test waits at most 1 s each."""
    computed = []
    real = celery.app.autoretry.get_exponential_backoff_interval

    def spy(**kwargs):
        countdown = real(**kwargs)
        computed.append((kwargs, countdown))
        return min(countdown, 1)

    monkeypatch.setattr(celery.app.autoretry, "get_exponential_backoff_interval", spy)
    return computed


class FailingEngine:
    """Makes the engine's index refuse writes, `failures` times or until `healthy`
    is set."""

    def __init__(self, monkeypatch, failures: int | None = None):
        self.failures = failures
        self.healthy = False
        self.calls: list[int] = []  # the task's retry count at each write
        index_class = type(get_engine().index)
        real = index_class.add_items

        def add_items(index, documents):
            self.calls.append(sync_practices.request.retries)
            refused = self.failures is None or len(self.calls) <= self.failures
            if refused and not self.healthy:
                raise EngineUnavailable("search engine overloaded (503)")
            return real(index, documents)

        monkeypatch.setattr(index_class, "add_items", add_items)


def test_the_engine_failing_for_a_while(home, redis_worker, monkeypatch, countdowns):
    engine = get_engine()
    failing = FailingEngine(monkeypatch, failures=2)
    territory = member_page()

    page = practice(territory, title="Indexée après deux refus", indexed=False)

    assert eventually(lambda: found(engine, "refus") == {page.title})
    assert eventually(lambda: not state(page).dirty)
    # The same task ran three times: the first try and two retries.
    assert failing.calls == [0, 1, 2]
    visibility = redis_worker.conf.broker_transport_options["visibility_timeout"]
    assert len(countdowns) == 2
    for retries, (options, countdown) in enumerate(countdowns):
        # Exponential (factor 2), full jitter, capped under the visibility timeout.
        assert options["retries"] == retries
        assert options["factor"] == 2 and options["full_jitter"] is True
        assert options["maximum"] < visibility
        assert 0 <= countdown <= 2 * 2**retries


def test_the_engine_down_beyond_the_retries(
    home, redis_worker, monkeypatch, countdowns
):
    engine = get_engine()
    monkeypatch.setattr(sync_practices, "max_retries", 1)
    failing = FailingEngine(monkeypatch)
    gave_up = threading.Event()

    def on_failure(sender=None, **kwargs):
        gave_up.set()

    task_failure.connect(on_failure, sender=sync_practices, weak=False)
    territory = member_page()
    try:
        page = practice(
            territory, title="Indexée après la panne du moteur", indexed=False
        )
        assert gave_up.wait(15)
    finally:
        task_failure.disconnect(on_failure, sender=sync_practices)

    assert failing.calls == [0, 1]
    assert state(page).dirty  # left for index_pending, not dropped
    assert page.pk not in engine.index.indexed_versions()

    failing.healthy = True
    a_minute_passes(page)
    index_pending.delay()
    assert eventually(lambda: found(engine, "moteur") == {page.title})
    assert eventually(lambda: not state(page).dirty)


def worker_process(tmp_path, redis_url, started_file):
    """A worker in its own process whose engine blocks in every write."""
    log_path = tmp_path / "worker.log"
    env = child_env(
        tmp_path / "var",
        DJANGO_SETTINGS_MODULE="tests.indexing_worker.worker_settings",
        DJANGO_SECRET_KEY="test-only-not-a-secret",
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=redis_url,
        RTES_TEST_WRITE_STARTED=str(started_file),
    )
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603
            [
                *(sys.executable, "-m", "celery", "-A", "rtes_site", "worker"),
                *("--pool=solo", "--loglevel=INFO", "--hostname=doomed@%h"),
                *("--without-mingle", "--without-gossip", "--without-heartbeat"),
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return process, log_path


def test_a_worker_killed_in_the_middle_of_a_task(home, redis_url, tmp_path):
    engine = get_engine()
    territory = member_page()
    started = tmp_path / "write-started"
    redelivered = []

    def on_prerun(sender=None, args=None, **kwargs):
        redelivered.append(args)

    with broker(redis_url):
        doomed, log_path = worker_process(tmp_path, redis_url, started)
        try:
            assert eventually(lambda: " ready." in log_path.read_text(), 60), (
                log_path.read_text()
            )
            page = practice(
                territory, title="Rescapée d'un processus tué", indexed=False
            )
            assert eventually(started.exists, 30), log_path.read_text()
            assert started.read_text() == str(page.pk)
            os.kill(doomed.pid, signal.SIGKILL)
        finally:
            doomed.kill()
            doomed.wait(10)

        assert state(page).dirty
        assert page.pk not in engine.index.indexed_versions()

    # The message was never acknowledged: once the visibility timeout has passed,
    # Redis hands it to the next worker (this one, with a short timeout).
    task_prerun.connect(on_prerun, sender=sync_practices, weak=False)
    try:
        with (
            broker(
                redis_url,
                visibility_timeout=1,
                unacked_restore_interval=1,
                unacked_restore_throttle=1,
            ),
            worker(),
        ):
            assert eventually(lambda: found(engine, "rescapée") == {page.title}, 30)
            assert eventually(lambda: not state(page).dirty)
    finally:
        task_prerun.disconnect(on_prerun, sender=sync_practices)
    assert redelivered == [[[page.pk]]]  # the killed task, run once more
