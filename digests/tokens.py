"""Signed, expiring tokens for the links in digest e-mails and confirmations.

A token names a subscriber and a purpose; it is void once it expires or once the
subscriber's `token_key` changes (rotated on deletion or on request).
"""

from django.core import signing

from .models import Subscriber

DAY = 24 * 3600
# Seconds a link stays valid, by purpose. Links in digests must outlive the digest
# in an inbox: leaving has to work from an old e-mail too (RFC 8058); rotating
# `token_key` still revokes them at any time.
MAX_AGE = {
    "confirm": 7 * DAY,
    "manage": 180 * DAY,
    "unsubscribe": 365 * DAY,
}


class BadToken(Exception):
    """The token is malformed, forged, expired or revoked."""


def _signer(purpose: str) -> signing.TimestampSigner:
    if purpose not in MAX_AGE:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return signing.TimestampSigner(salt=f"digests.{purpose}")


def make_token(subscriber: Subscriber, purpose: str) -> str:
    """A URL-safe token for `purpose` that names `subscriber`."""
    return _signer(purpose).sign(f"{subscriber.pk}.{subscriber.token_key}")


def read_token(token: str, purpose: str) -> Subscriber:
    """The subscriber a valid token names; BadToken otherwise."""
    try:
        value = _signer(purpose).unsign(token[:200], max_age=MAX_AGE[purpose])
        pk, key = value.split(".", 1)
        return Subscriber.objects.get(pk=int(pk), token_key=key)
    except (signing.BadSignature, ValueError, Subscriber.DoesNotExist) as error:
        raise BadToken(str(error)) from error


def names_deleted_subscriber(token: str, purpose: str) -> bool:
    """Whether a genuine, unexpired token names a subscriber deleted since."""
    try:
        value = _signer(purpose).unsign(token[:200], max_age=MAX_AGE[purpose])
        pk = int(value.split(".", 1)[0])
    except (signing.BadSignature, ValueError):
        return False
    return not Subscriber.objects.filter(pk=pk).exists()
