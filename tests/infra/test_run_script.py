"""bin/run, the last step of `make run`: web server and Celery worker together."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from .helpers import PROJECT_DIR, child_env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def static_url(port: int) -> str:
    # A static file: served without a database (the test's var folder has none).
    return f"http://127.0.0.1:{port}/static/wagtailadmin/css/core.css"


def start_run(tmp_path) -> tuple[subprocess.Popen, int, object]:
    """bin/run on a free port, once it serves and its worker is ready."""
    port = free_port()
    url = static_url(port)
    env = child_env(tmp_path / "var", DJANGO_DEBUG="true", RTES_PORT=str(port))
    log_path = tmp_path / "run.log"
    with log_path.open("w") as log:
        supervisor = subprocess.Popen(  # noqa: S603
            [sys.executable, "bin/run"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    wait_for(lambda: http_status(url) == 200 and " ready." in log_path.read_text())
    return supervisor, port, log_path


def group_members(pgid: int) -> list[str]:
    found = subprocess.run(
        ["pgrep", "-g", str(pgid)],  # noqa: S607
        capture_output=True,
        text=True,
    )
    return found.stdout.split()


def wait_for(condition, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not condition():
        time.sleep(0.3)


def test_serves_http_runs_the_worker_and_stops_both_on_sigterm(tmp_path):
    supervisor, port, log_path = start_run(tmp_path)
    url = static_url(port)
    try:
        output = log_path.read_text()
        assert http_status(url) == 200, output
        assert "worker | " in output and " ready." in output, output
        assert "beat: Starting..." in output
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=30)

    assert supervisor.returncode == 0, log_path.read_text()
    assert http_status(url) is None
    # Neither child is left behind: the queue folder has no worker holding it.
    leftovers = subprocess.run(
        ["pgrep", "-f", f"runserver 127.0.0.1:{port}"],  # noqa: S607
        capture_output=True,
        text=True,
    )
    assert leftovers.stdout == ""


def test_a_crashed_worker_is_restarted_and_the_site_stays_up(tmp_path):
    supervisor, port, log_path = start_run(tmp_path)
    try:
        found = subprocess.run(
            ["pgrep", "-P", str(supervisor.pid), "-f", "celery"],  # noqa: S607
            capture_output=True,
            text=True,
        )
        (worker_pid,) = map(int, found.stdout.split())
        os.kill(worker_pid, signal.SIGKILL)  # its pool processes are left orphaned
        wait_for(lambda: log_path.read_text().count(" ready.") >= 2)
        output = log_path.read_text()
        assert "bin/run: worker exited (-9); the site stays up" in output
        assert output.count(" ready.") >= 2, output  # a new worker is up
        assert supervisor.poll() is None
        assert http_status(static_url(port)) == 200
        # Nothing of the crashed worker is left (its group: it ran in its own).
        assert group_members(worker_pid) == []
    finally:
        supervisor.send_signal(signal.SIGTERM)
        supervisor.wait(timeout=30)
    assert supervisor.returncode == 0, log_path.read_text()
