import os

import pytest
from django.db import connection
from django.test.signals import setting_changed

IN_CI = os.environ.get("CI", "").lower() == "true"


@pytest.fixture(autouse=True, scope="session")
def _celery_eager():
    """Tasks run in the test's process unless a test starts a real worker."""
    from rtes_site.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _plain_http(settings, tmp_path):
    """Tests talk plain HTTP to the test client and keep media out of the project."""
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"


def _urls_follow_language_code(*, setting, **kwargs):
    """Django's URL resolver caches the language prefixes it computed under the
    LANGUAGE_CODE of the moment; a test that changes it must not leave `/en/`
    unprefixed for the tests after it."""
    if setting == "LANGUAGE_CODE":
        from django.urls import clear_url_caches

        clear_url_caches()


setting_changed.connect(_urls_follow_language_code)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test has its own database, so nothing cached may outlive it (menus,
    rate-limit counters): page ids are reused from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    """The site's fixed structure: home, territories index, catalogue, workflow."""
    from rtes_site.bootstrap import setup_site

    return setup_site()


def require_service(available: bool, reason: str) -> None:
    """Skip outside CI when a real service is missing; fail in CI."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing service is a failure)")
    pytest.skip(reason)


@pytest.fixture
def postgres_only(db):
    require_service(
        connection.vendor == "postgresql", "needs PostgreSQL (DATABASE_URL)"
    )
