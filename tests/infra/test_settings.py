"""Production settings: safe by default, each service switched by one variable.

Settings are read once per process, so every case runs in a child process.
"""

import json
import secrets

import pytest

from .helpers import child_env, run_python

PRINT_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "db_engine": db["ENGINE"], "db_name": str(db["NAME"]), "db_host": db.get("HOST"),
    "broker": settings.CELERY_BROKER_URL,
    "broker_options": settings.CELERY_BROKER_TRANSPORT_OPTIONS,
    "elasticsearch": settings.ELASTICSEARCH_URL,
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", None),
    "email_port": getattr(settings, "EMAIL_PORT", None),
    "email_file_path": str(getattr(settings, "EMAIL_FILE_PATH", "")),
    "debug": settings.DEBUG,
}))
"""


def production_env(var_dir, **variables):
    return child_env(
        var_dir,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="pratiques.rtes.example",
        **variables,
    )


def read_settings(env):
    result = run_python(PRINT_SETTINGS, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_settings_pass_the_deployment_checklist(tmp_path):
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_development_settings_fail_the_deployment_checklist(tmp_path):
    # Proves the check above can fail: the local defaults are not production-safe.
    result = run_python(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        child_env(tmp_path, DJANGO_DEBUG="true"),
    )
    assert result.returncode != 0
    assert "security.W018" in result.stderr  # DEBUG on


def test_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = child_env(tmp_path, DJANGO_ALLOWED_HOSTS="pratiques.rtes.example")
    result = run_python("from django.conf import settings; settings.DEBUG", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_mode_runs_without_a_secret_key(tmp_path):
    values = read_settings(child_env(tmp_path, DJANGO_DEBUG="true"))
    assert values["debug"] is True


def test_embedded_defaults_need_no_service(tmp_path):
    values = read_settings(production_env(tmp_path))
    assert values["db_engine"] == "django.db.backends.sqlite3"
    assert values["db_name"] == str(tmp_path / "db.sqlite3")
    assert values["broker"].startswith("filesystem://")
    queue = tmp_path / "celery" / "queue"
    assert values["broker_options"]["data_folder_in"] == str(queue)
    assert values["broker_options"]["data_folder_out"] == str(queue)
    assert queue.is_dir()
    assert values["elasticsearch"] == ""
    assert values["email_backend"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["email_file_path"] == str(tmp_path / "mail")


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        (
            "DATABASE_URL",
            "postgres://rtes:pw@db.internal:5432/rtes",
            {
                "db_engine": "django.db.backends.postgresql",
                "db_name": "rtes",
                "db_host": "db.internal",
            },
        ),
        (
            "CELERY_BROKER_URL",
            "redis://redis.internal:6379/0",
            {"broker": "redis://redis.internal:6379/0"},
        ),
        (
            "ELASTICSEARCH_URL",
            "http://search.internal:9200",
            {"elasticsearch": "http://search.internal:9200"},
        ),
        (
            "EMAIL_URL",
            "smtp://mailpit:1025",
            {
                "email_backend": "django.core.mail.backends.smtp.EmailBackend",
                "email_host": "mailpit",
                "email_port": 1025,
            },
        ),
    ],
)
def test_one_variable_switches_one_service(tmp_path, variable, value, expected):
    embedded = read_settings(production_env(tmp_path / "embedded"))
    switched = read_settings(production_env(tmp_path, **{variable: value}))
    assert {key: switched[key] for key in expected} == expected
    # Only that part moved: the other services stay on their embedded default.
    unchanged = {
        "DATABASE_URL": ("broker", "elasticsearch", "email_backend"),
        "CELERY_BROKER_URL": ("db_engine", "elasticsearch", "email_backend"),
        "ELASTICSEARCH_URL": ("db_engine", "broker", "email_backend"),
        "EMAIL_URL": ("db_engine", "broker", "elasticsearch"),
    }[variable]
    assert {k: switched[k] for k in unchanged} == {k: embedded[k] for k in unchanged}


def test_a_redis_broker_gets_no_filesystem_folders(tmp_path):
    values = read_settings(
        production_env(tmp_path, CELERY_BROKER_URL="redis://redis.internal:6379/0")
    )
    assert "data_folder_in" not in values["broker_options"]
    assert not (tmp_path / "celery" / "queue").exists()
