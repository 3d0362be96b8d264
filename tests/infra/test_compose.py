"""docker-compose.yml keeps the production shape (no Docker engine runs here)."""

import re

import yaml

from devtools.elasticsearch_node import ELASTICSEARCH_VERSION

from .helpers import PROJECT_DIR

COMPOSE = yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat", "migrate")


def test_every_long_running_service_has_a_health_check():
    for name, service in SERVICES.items():
        if name == "migrate":  # one-shot: finishes instead of staying healthy
            continue
        assert service["healthcheck"]["test"], name


def test_app_services_share_one_image_and_the_service_urls():
    images = {SERVICES[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1
    for name in APP_SERVICES:
        env = SERVICES[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"] == "redis://redis:6379/0"
        assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert env["EMAIL_URL"] == "smtp://mailpit:1025"


def test_exactly_one_beat_and_workers_without_embedded_beat():
    commands = {name: s.get("command") or "" for name, s in SERVICES.items()}
    beats = [n for n, c in commands.items() if re.search(r"\bbeat\b|\s-B\b", c)]
    assert beats == ["beat"]
    assert SERVICES["beat"]["deploy"]["replicas"] == 1
    assert commands["worker"].startswith("celery -A rtes_site worker")


def test_app_waits_for_migrations_and_healthy_services():
    for name in ("web", "worker", "beat"):
        depends = SERVICES[name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        for backing in ("postgres", "redis", "elasticsearch", "mailpit"):
            assert depends[backing]["condition"] == "service_healthy", name


def test_elasticsearch_is_the_tested_8_19_node_with_bounded_heap():
    service = SERVICES["elasticsearch"]
    # The version the tests run (devtools/elasticsearch_node.py) is the one deployed.
    default = f"${{ELASTICSEARCH_VERSION:-{ELASTICSEARCH_VERSION}}}"
    assert service["image"].endswith(f":{default}")
    assert ELASTICSEARCH_VERSION.startswith("8.19.")
    assert service["environment"]["discovery.type"] == "single-node"
    assert "-Xmx" in service["environment"]["ES_JAVA_OPTS"]
    assert any("/usr/share/elasticsearch/data" in v for v in service["volumes"])


def test_the_secret_key_is_required_not_written_down():
    secret = SERVICES["web"]["environment"]["DJANGO_SECRET_KEY"]
    assert secret.startswith("${DJANGO_SECRET_KEY:?")
