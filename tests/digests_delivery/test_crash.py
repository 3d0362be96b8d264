"""A worker process killed while sending: a later run sends each digest once.

The worker is a real `celery worker` process on Redis database 13, killed with
SIGKILL while the SMTP server holds a message unanswered. It shares the test
database: on SQLite too, whose test database is a file for this reason
(`test-db-<pid>.sqlite3` under the var directory, see site/settings.py).
"""

import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings

from digests.models import DigestDelivery
from digests.tasks import plan_digests, send_digests
from tests.conftest import require_service
from tests.factories import practice
from tests.infra.helpers import PROJECT_DIR, child_env, database_url

from .conftest import make_news_of, subscriber, this_period
from .smtp import SmtpServer
from .test_worker_smtp import settled, wait_for
from .worker import BROKER_URL, real_broker, redis_available

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def start_worker_process(tmp_path, smtp_port: int, name: str) -> subprocess.Popen:
    env = child_env(
        tmp_path / "var",
        DJANGO_DEBUG="true",
        DJANGO_SECRET_KEY=django_settings.SECRET_KEY,
        DATABASE_URL=database_url(),
        CELERY_BROKER_URL=BROKER_URL,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        DIGEST_SENDING_TIMEOUT="2",
        WAGTAILADMIN_BASE_URL="https://rtes.example",
    )
    log = (tmp_path / f"{name}.log").open("w")
    return subprocess.Popen(  # noqa: S603
        [
            *(sys.executable, "-m", "celery", "-A", "rtes_site", "worker"),
            *("--pool=solo", "--loglevel=INFO", f"--hostname={name}@%h"),
            *("--without-mingle", "--without-gossip", "--without-heartbeat"),
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_killed_worker_then_a_retry_sends_each_digest_once(
    tmp_path, territory_page, theme
):
    require_service(redis_available(), "needs Redis (database 13)")
    people = [f"p{i}@example.org" for i in range(6)]
    for address in people:
        subscriber(address, theme=theme)
    make_news_of(this_period(), practice(territory_page, themes=[theme]))

    with SmtpServer() as smtp, real_broker():
        smtp.handler.hang_after = 2  # the third message is never answered...
        first = start_worker_process(tmp_path, smtp.port, "doomed")
        try:
            plan_digests.delay()
            assert smtp.handler.hanging.wait(60), (tmp_path / "doomed.log").read_text()
            first.send_signal(signal.SIGKILL)  # ...the worker dies waiting for it
            first.wait(10)
        finally:
            stop(first)
        smtp.handler.hang_after = None
        smtp.handler.release.set()
        assert len(smtp.handler.accepted) == 2
        statuses = list(DigestDelivery.objects.values_list("status", flat=True))
        assert statuses.count("sent") == 2 and statuses.count("sending") == 4

        second = start_worker_process(tmp_path, smtp.port, "rescuer")
        try:
            time.sleep(2.5)  # the abandoned claims time out (DIGEST_SENDING_TIMEOUT)
            send_digests.delay()  # what beat does every few minutes
            assert wait_for(settled, 60), (tmp_path / "rescuer.log").read_text()
        finally:
            stop(second)
        assert smtp.handler.recipients() == people
    assert set(DigestDelivery.objects.values_list("status", flat=True)) == {"sent"}
