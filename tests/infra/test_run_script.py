"""bin/run, the last step of `make run`: web server and Celery worker together."""

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


def test_serves_http_runs_the_worker_and_stops_both_on_sigterm(tmp_path):
    port = free_port()
    # A static file: served without a database (the test's var folder has none).
    url = f"http://127.0.0.1:{port}/static/wagtailadmin/css/core.css"
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
    try:
        deadline = time.monotonic() + 40
        status = None
        while time.monotonic() < deadline and supervisor.poll() is None:
            status = http_status(url)
            if status and " ready." in log_path.read_text():
                break
            time.sleep(0.3)
        output = log_path.read_text()
        assert status == 200, output
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
