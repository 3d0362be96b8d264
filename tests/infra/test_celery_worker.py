"""A real Celery worker with embedded beat, on the embedded filesystem transport.

This is what `make run` starts: the project's Celery app, its settings, no broker
server. The worker runs in a child process with its own queue folder.
"""

import subprocess
import sys
import time

from .helpers import PROJECT_DIR, child_env, run_python

READY_TIMEOUT = 30


def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_worker_with_beat_consumes_a_task_from_the_filesystem_queue(tmp_path):
    env = child_env(tmp_path / "var", DJANGO_DEBUG="true")
    log_path = tmp_path / "worker.log"
    done = tmp_path / "done.txt"
    with log_path.open("w") as log:
        worker = subprocess.Popen(  # noqa: S603
            [
                *(sys.executable, "-m", "celery", "-A", "rtes_site", "worker", "-B"),
                *("--include=tests.infra.celery_probe", "--loglevel=INFO"),
                *("--concurrency=1", "--hostname=probe@%h"),
            ],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        assert wait_for(lambda: " ready." in log_path.read_text(), READY_TIMEOUT), (
            log_path.read_text()
        )
        sent = run_python(
            [
                *("-m", "celery", "-A", "rtes_site", "call", "tests.infra.touch"),
                f"--args=[{str(done)!r}]".replace("'", '"'),
            ],
            env,
        )
        assert sent.returncode == 0, sent.stderr
        assert wait_for(done.exists, 15), log_path.read_text()
        log = log_path.read_text()
        assert "beat: Starting..." in log
        assert "Task tests.infra.touch[" in log and "succeeded" in log
        # Acknowledged: the message file left the queue folder.
        assert list((tmp_path / "var" / "celery" / "queue").iterdir()) == []
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, log_path.read_text()
