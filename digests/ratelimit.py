"""Limits on the subscription forms, per client IP and per e-mail address.

Fixed-window counters in Django's cache (shared between processes when the cache
is, e.g. Redis through CACHE_URL). Addresses are keyed by a keyed hash, so the
cache never holds one in clear. If the cache fails the request goes through:
a broken cache must not close the forms.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

HOUR = 3600
DAY = 24 * HOUR

# (scope, limit, window in seconds); every rule of a scope must pass.
DEFAULT_LIMITS = {
    # Form submissions from one client (subscribe, follow a search, ask for a link).
    "ip": [(20, HOUR), (100, DAY)],
    # E-mails sent to one address by the forms (confirmation, notice, link).
    "address": [(3, HOUR), (6, DAY)],
}


def limits(scope: str) -> list[tuple[int, int]]:
    return getattr(settings, "DIGESTS_RATE_LIMITS", DEFAULT_LIMITS)[scope]


def client_ip(request) -> str:
    """The client's address; behind N trusted proxies, the Nth from the right."""
    proxies = getattr(settings, "DIGESTS_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:64]
    return request.META.get("REMOTE_ADDR", "")[:64]


def _digest(value: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()[:32]


def allow(scope: str, value: str) -> bool:
    """Count one more event for `value`; False once any limit of `scope` is over."""
    ok = True
    now = int(time.time())
    for limit, window in limits(scope):
        key = f"digests:rl:{scope}:{window}:{now // window}:{_digest(value)}"
        try:
            cache.add(key, 0, timeout=window + 60)
            count = cache.incr(key)
        except Exception:  # noqa: BLE001  the cache is down: fail open, say so
            logger.warning("Rate limit cache unavailable (scope %s)", scope)
            return True
        if count > limit:
            ok = False
    return ok


def allow_client(request) -> bool:
    return allow("ip", client_ip(request))


def allow_address(email: str) -> bool:
    return allow("address", email.strip().lower())
