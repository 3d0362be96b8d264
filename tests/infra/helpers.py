"""Run Django or Celery in a child process with a controlled environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]

# Variables that select services or secrets: each test states the ones it wants.
CONFIG_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "ELASTICSEARCH_URL",
    "RTES_SEARCH_ENGINE",
    "EMAIL_URL",
    "DJANGO_SECRET_KEY",
    "DJANGO_DEBUG",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_SECURE_COOKIES",
    "DJANGO_SECURE_HSTS_SECONDS",
    "RTES_VAR_DIR",
    "RTES_PROJECT_DIR",
)


def child_env(var_dir: Path, **variables: str) -> dict[str, str]:
    """This process's environment without service settings, plus `variables`."""
    env = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    env |= {
        "DJANGO_SETTINGS_MODULE": "rtes_site.settings",
        "RTES_VAR_DIR": str(var_dir),
        "PYTHONUNBUFFERED": "1",
    }
    return env | variables


def run_python(
    code_or_args: str | list[str],
    env: dict[str, str],
    timeout: float = 60,
    cwd: Path = PROJECT_DIR,
) -> subprocess.CompletedProcess:
    """Run `python -c code` (or `python *args`), by default from the project."""
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(  # noqa: S603
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def database_url() -> str:
    """The test database, as a URL another process can open."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = settings["USER"] + (
        f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    )
    return (
        f"postgres://{user}@{settings['HOST']}:{settings['PORT'] or 5432}"
        f"/{settings['NAME']}"
    )
