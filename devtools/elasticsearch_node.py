"""A local single-node Elasticsearch for development, tests and benchmarks.

Elasticsearch's own test distribution (`integ-test-zip` on Maven Central) is the
real server without a bundled JDK and without the `analysis-common` module; the
project's plugin in `es-plugin/` supplies the analysis filters the production
mapping uses (see es-plugin/README.md). This module fetches the zip once (Maven
caches it in ~/.m2), unpacks it under `var/elasticsearch/`, builds and installs the
plugin, and starts or stops nodes bound to 127.0.0.1.

    python -m devtools.elasticsearch_node start [--port 9200] [--heap 512m]
    python -m devtools.elasticsearch_node stop  [--port 9200]
    python -m devtools.elasticsearch_node status [--port 9200]

Elasticsearch refuses to run as root: as root (CI), nodes run as the system user
`rtes-es`, created on first use.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The one place the tested version is written; docker-compose.yml uses the same
# (tests/infra/test_compose.py checks it).
ELASTICSEARCH_VERSION = "8.19.21"
ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"
PLUGIN_NAME = "rtes-analysis"
NODE_USER = "rtes-es"

PROJECT_DIR = Path(__file__).resolve().parent.parent
PLUGIN_DIR = PROJECT_DIR / "es-plugin"
# Not under RTES_VAR_DIR: the tests' own var/test must not fetch a second copy.
ROOT = PROJECT_DIR / "var" / "elasticsearch"
# Java 24 removed the security manager that Elasticsearch 8.x needs.
MAX_JAVA = 23


class NodeError(RuntimeError):
    """The node could not be prepared, started or stopped; the message says why."""


def _run(argv: list[str], **kwargs) -> None:
    try:
        subprocess.run(argv, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603
    except FileNotFoundError as error:
        raise NodeError(f"{argv[0]} is not installed") from error
    except subprocess.CalledProcessError as error:
        output = error.stdout[-3000:] + error.stderr[-3000:]
        raise NodeError(f"{' '.join(argv[:3])}… failed:\n{output}") from error


def java_home() -> Path:
    """ES_JAVA_HOME, else the JDK of the `java` on PATH; refused if it is too new."""
    configured = os.environ.get("ES_JAVA_HOME")
    if configured:
        home = Path(configured)
    else:
        java = shutil.which("java")
        if not java:
            raise NodeError("Elasticsearch needs Java 17-23: no `java` on PATH")
        home = Path(java).resolve().parent.parent
    release = home / "release"
    if release.exists():
        for line in release.read_text().splitlines():
            if line.startswith("JAVA_VERSION="):
                major = int(line.split("=", 1)[1].strip('"').split(".")[0])
                if major > MAX_JAVA:
                    raise NodeError(
                        f"Java {major} at {home} cannot run Elasticsearch 8 "
                        f"(needs 17-{MAX_JAVA}); set ES_JAVA_HOME"
                    )
    return home


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One process at a time prepares the distribution (CI and tests may race)."""
    ROOT.mkdir(parents=True, exist_ok=True)
    with open(ROOT / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _newest_mtime(folder: Path) -> float:
    sources = (path for path in folder.rglob("*") if "target" not in path.parts)
    return max((path.stat().st_mtime for path in sources), default=0.0)


def plugin_zip(version: str = ELASTICSEARCH_VERSION) -> Path:
    """The analysis plugin for `version`, built by Maven when its sources changed."""
    built = PLUGIN_DIR / "target" / f"{PLUGIN_NAME}-{version}.zip"
    if not built.exists() or built.stat().st_mtime < _newest_mtime(PLUGIN_DIR):
        _run(
            [
                *("mvn", "-q", "-B", "-f", str(PLUGIN_DIR / "pom.xml"), "package"),
                f"-Delasticsearch.version={version}",
            ],
            env=os.environ | {"JAVA_HOME": str(java_home())},
        )
    return built


def distribution(version: str = ELASTICSEARCH_VERSION) -> Path:
    """The unpacked server with the project's plugin installed; prepared once."""
    home = ROOT / f"elasticsearch-{version}"
    with _locked():
        if not (home / "bin" / "elasticsearch").exists():
            archive = ROOT / "dist" / f"elasticsearch-{version}.zip"
            if not archive.exists():
                _run(
                    [
                        *("mvn", "-q", "-B", "dependency:copy"),
                        f"-Dartifact={ARTIFACT.format(version=version)}",
                        f"-DoutputDirectory={archive.parent}",
                    ],
                    cwd=ROOT,
                )
            partial = home.with_name(home.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            with zipfile.ZipFile(archive) as unzipped:
                unzipped.extractall(partial)
            # The zip holds one folder, elasticsearch-<version>/; zipfile drops the
            # executable bits that the launch scripts need.
            inner = partial / f"elasticsearch-{version}"
            for script in (inner / "bin").iterdir():
                script.chmod(0o755)
            inner.rename(home)
            partial.rmdir()
        _install_plugin(home, version)
        if os.geteuid() == 0:
            _chown(home, _node_user())
    return home


def _install_plugin(home: Path, version: str) -> None:
    package = plugin_zip(version)
    installed = home / "plugins" / PLUGIN_NAME
    stamp = installed / ".built-from"
    if stamp.exists() and stamp.read_text() == str(package.stat().st_mtime):
        return
    env = os.environ | {"ES_JAVA_HOME": str(java_home())}
    tool = str(home / "bin" / "elasticsearch-plugin")
    if installed.exists():
        _run([tool, "remove", PLUGIN_NAME], env=env)
    _run([tool, "install", "--batch", package.as_uri()], env=env)
    stamp.write_text(str(package.stat().st_mtime))


def _node_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(NODE_USER)
    except KeyError:
        _run(
            [
                *("useradd", "--system", "--no-create-home"),
                *("--shell", "/usr/sbin/nologin", NODE_USER),
            ]
        )
        return pwd.getpwnam(NODE_USER)


def _chown(folder: Path, user: pwd.struct_passwd) -> None:
    for path in (folder, *folder.rglob("*")):
        with contextlib.suppress(FileNotFoundError):  # a lock or temp file gone
            os.lchown(path, user.pw_uid, user.pw_gid)


def _pid_alive(pid: int) -> bool:
    """Whether `pid` is a running (not zombie) process."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def _group_alive(pgid: int) -> bool:
    """Whether a live (not zombie) process is left in process group `pgid`.

    `bin/elasticsearch` is a launcher that runs the server in a second JVM: the
    node is gone only when both are.
    """
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, _ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if state != "Z" and int(pgrp) == pgid:
            return True
    return False


@dataclass
class ElasticsearchNode:
    """One single-node cluster on 127.0.0.1:`port`, its data under `base`."""

    port: int = 9200
    base: Path | None = None
    heap: str = "512m"
    version: str = ELASTICSEARCH_VERSION
    process: subprocess.Popen | None = field(default=None, repr=False)
    _group: int | None = field(default=None, init=False, repr=False)  # signalled last

    def __post_init__(self) -> None:
        self.base = Path(self.base or ROOT / "nodes" / str(self.port))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.base / "node.pid"

    @property
    def log_file(self) -> Path:
        return self.base / "node.log"

    def pid(self) -> int | None:
        """The node's process id, if it runs."""
        if self.process is not None:
            return self.process.pid if self.process.poll() is None else None
        try:
            pid = int(self.pid_file.read_text())
        except (FileNotFoundError, ValueError):
            return None
        return pid if _pid_alive(pid) else None

    def health(self) -> dict | None:
        """The cluster health, or None when nothing answers on the port."""
        request = f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s"
        try:
            with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310
                return json.load(response)
        except (urllib.error.URLError, OSError, ValueError):
            return None

    def start(self, timeout: float = 180) -> None:
        """Start the node (unless it already answers) and wait until it is ready."""
        if self.health() is not None:
            return
        home = distribution(self.version)
        data, logs = self.base / "data", self.base / "logs"
        for folder in (data, logs):
            folder.mkdir(parents=True, exist_ok=True)
        as_user: dict = {}
        if os.geteuid() == 0:
            user = _node_user()
            _chown(self.base, user)
            as_user = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
        argv = [
            str(home / "bin" / "elasticsearch"),
            *(f"-E{key}={value}" for key, value in self.settings(data, logs).items()),
        ]
        env = os.environ | {
            "ES_JAVA_HOME": str(java_home()),
            "ES_JAVA_OPTS": f"-Xms{self.heap} -Xmx{self.heap}",
        }
        env.pop("JAVA_HOME", None)
        with open(self.log_file, "ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,  # a Ctrl-C in the caller's terminal spares it
                **as_user,
            )
        self.pid_file.write_text(str(self.process.pid))
        deadline = time.monotonic() + timeout
        while self.health() is None:
            if self.process.poll() is not None:
                raise NodeError(
                    f"Elasticsearch exited with {self.process.returncode}:\n"
                    + self.log_file.read_text(errors="replace")[-4000:]
                )
            if time.monotonic() > deadline:
                self.kill()
                raise NodeError(f"Elasticsearch did not answer within {timeout:.0f} s")
            time.sleep(0.5)

    def settings(self, data: Path, logs: Path) -> dict[str, object]:
        """Node settings: one local node, no security, nothing reaching outside."""
        return {
            "cluster.name": f"rtes-{self.port}",
            "node.name": f"rtes-{self.port}",
            "discovery.type": "single-node",
            "network.host": "127.0.0.1",
            "http.port": self.port,
            "path.data": data,
            "path.logs": logs,
            "xpack.security.enabled": "false",
            # A full disk on a shared machine must not make the index read-only.
            "cluster.routing.allocation.disk.threshold_enabled": "false",
        }

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM, then SIGKILL if the node has not exited within `timeout`."""
        self._signal(signal.SIGTERM)
        if not self._wait_exit(timeout):
            self.kill()

    def kill(self) -> None:
        """SIGKILL to the launcher and the server: the node dies at once, as in
        a crash."""
        self._signal(signal.SIGKILL)
        self._wait_exit(30)

    def _signal(self, signum: int) -> None:
        # The node runs in a session of its own (start_new_session): its group
        # id is the launcher's pid, and the group holds the server too.
        pid = self.pid()
        if pid is not None:
            self._group = pid
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signum)

    def _wait_exit(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        if self.process is not None:
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return False
        while self.pid() is not None or (self._group and _group_alive(self._group)):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["start", "stop", "status", "fetch"])
    parser.add_argument("--port", type=int, default=9200)
    parser.add_argument("--heap", default=os.environ.get("ELASTICSEARCH_HEAP", "512m"))
    args = parser.parse_args(argv)
    node = ElasticsearchNode(port=args.port, heap=args.heap)
    try:
        if args.action == "fetch":
            print(distribution())
        elif args.action == "start":
            node.start()
            print(f"Elasticsearch {node.version} on {node.url} (log: {node.log_file})")
        elif args.action == "stop":
            node.stop()
            print(f"Elasticsearch on {node.url} stopped")
        else:
            health = node.health()
            print(json.dumps(health) if health else f"nothing answers on {node.url}")
            return 0 if health else 1
    except NodeError as error:
        print(f"elasticsearch_node: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
