"""Limits per client and per address, without revealing anything about addresses."""

from __future__ import annotations

import os

import pytest
from django.core.cache import caches

from digests import ratelimit
from digests.models import Subscriber
from tests.conftest import require_service

from .conftest import without_csrf

LIMITS = {"ip": [(5, 3600)], "address": [(2, 3600)]}


@pytest.fixture
def tight_limits(settings):
    settings.DIGESTS_RATE_LIMITS = LIMITS


def subscribe(client, email, ip="203.0.113.7"):
    return client.post(
        "/abonnements/",
        {"email": email, "themes": ["insertion"]},
        REMOTE_ADDR=ip,
    )


def test_one_client_is_limited_then_refused_with_429(
    client, followable, tight_limits, mailoutbox
):
    for n in range(5):
        assert subscribe(client, f"person{n}@example.org").status_code == 302
    refused = subscribe(client, "person9@example.org")
    assert refused.status_code == 429
    assert not Subscriber.objects.filter(email="person9@example.org").exists()
    assert len(mailoutbox) == 5
    # Another client still gets through.
    assert (
        subscribe(client, "person9@example.org", ip="198.51.100.2").status_code == 302
    )


def test_invalid_submissions_count_too(client, followable, tight_limits):
    for _ in range(5):
        assert subscribe(client, "not an address").status_code == 400
    assert subscribe(client, "ok@example.org").status_code == 429


def test_one_address_gets_few_mails_and_the_page_does_not_change(
    client, followable, tight_limits, mailoutbox
):
    pages = []
    for n in range(4):
        response = subscribe(client, "target@example.org", ip=f"198.51.100.{n}")
        page = client.get(response["Location"])
        pages.append((response.status_code, without_csrf(page.content.decode())))
    assert len(mailoutbox) == 2  # the limit per address
    assert len(set(pages)) == 1  # limited or not, the visitor sees the same


def test_manage_link_requests_are_limited_per_address(
    client, followable, tight_limits, mailoutbox
):
    Subscriber.objects.create(email="known@example.org")
    for n in range(4):
        response = client.post(
            "/abonnements/lien/",
            {"email": "known@example.org"},
            REMOTE_ADDR=f"10.0.0.{n}",
        )
        assert response.status_code == 302
    assert len(mailoutbox) == 2


def test_forwarded_for_is_trusted_only_behind_a_configured_proxy(rf, settings):
    request = rf.get(
        "/", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2", REMOTE_ADDR="3.3.3.3"
    )
    assert ratelimit.client_ip(request) == "3.3.3.3"
    settings.DIGESTS_TRUSTED_PROXIES = 1
    assert ratelimit.client_ip(request) == "2.2.2.2"


def test_counters_never_hold_an_address_in_clear(settings, tight_limits):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    ratelimit.allow_address("Someone@Example.org")
    cache = caches["default"]
    keys = list(getattr(cache, "_cache", {}).keys())
    assert keys and not any("someone" in key.lower() for key in keys)


def test_a_broken_cache_does_not_close_the_forms(monkeypatch, tight_limits):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(ratelimit.cache, "add", broken)
    assert all(ratelimit.allow_address("x@example.org") for _ in range(10))


def test_limits_shared_through_redis(settings, tight_limits):
    """With CACHE on Redis (production), two processes share the counters."""
    import redis

    url = os.environ.get("RTES_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        available = True
    except redis.RedisError:
        available = False
    require_service(available, f"needs Redis at {url}")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "rtes-test-ratelimit",
        }
    }
    from django.core.cache import cache

    cache.clear()
    try:
        results = [ratelimit.allow_address("shared@example.org") for _ in range(3)]
        assert results == [True, True, False]
        # A second process sees the same counter: a fresh connection, same key.
        other = redis.Redis.from_url(url)
        assert any(b"digests:rl:address" in key for key in other.keys("*"))
    finally:
        cache.clear()
