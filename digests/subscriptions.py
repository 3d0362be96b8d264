"""Subscribing, confirming, leaving: the services behind the subscription pages.

Addresses are stored lowercased and never logged; links carry signed tokens
(`digests.tokens`), never an address.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from .kinds import FOLLOWED
from .models import Subscriber, Subscription
from .subscription_emails import send_add_notice, send_confirmation
from .tokens import MAX_AGE, BadToken

logger = logging.getLogger(__name__)

Kind = Subscription.Kind
# Links that add subscriptions to an already confirmed address live as long as a
# confirmation link.
ADD_SALT = "digests.add"


@dataclass(frozen=True)
class Target:
    """Something to follow, before it becomes a Subscription row: one object of
    a kind of `digests.kinds` (a theme, a territory...), or a saved search."""

    kind: str
    obj: object = None
    query: str = ""
    filters: dict = field(default_factory=dict)

    @classmethod
    def of(cls, obj) -> Target:
        """The target following one theme, lever or territory."""
        for followed in FOLLOWED.values():
            if isinstance(obj, followed.model):
                return cls(followed.kind, obj=obj)
        raise TypeError(f"cannot follow {obj!r}")

    @classmethod
    def search(cls, query: str, filters: dict) -> Target:
        # Sorted lists, so that the same search saved twice compares equal.
        clean = {k: sorted(set(v)) for k, v in sorted(filters.items()) if v}
        return cls(Kind.SEARCH, query=query, filters=clean)

    def as_data(self) -> list:
        """A compact, JSON-able form (for signed links)."""
        if self.kind == Kind.SEARCH:
            return [self.kind, self.query, self.filters]
        return [self.kind, self.obj.pk]

    def fields(self) -> dict:
        """The `Subscription` fields that follow it."""
        if self.kind == Kind.SEARCH:
            return {"kind": self.kind, "query": self.query, "filters": self.filters}
        return {"kind": self.kind, FOLLOWED[self.kind].field: self.obj}


def targets_from_data(data) -> list[Target]:
    """Targets from `Target.as_data` lists; ones that no longer exist are dropped."""
    targets = []
    for item in data:
        if item[0] == Kind.SEARCH:
            targets.append(Target.search(str(item[1]), dict(item[2])))
        elif item[0] in FOLLOWED:
            obj = FOLLOWED[item[0]].model.objects.filter(pk=item[1]).first()
            if obj is not None:
                targets.append(Target.of(obj))
    return targets


class Outcome(enum.Enum):
    """What `subscribe` did. Pages show the same thing for the first two."""

    CONFIRMATION_SENT = "confirmation"  # a new or unconfirmed address
    NOTICE_SENT = "notice"  # a confirmed address: asked by e-mail to confirm the add
    ADDED = "added"  # the signed-in owner of the address: added at once
    LIMITED = "limited"  # too many e-mails to this address lately: nothing sent


def normalize_email(email: str) -> str:
    return email.strip().lower()


def add_subscriptions(subscriber: Subscriber, targets: list[Target]) -> int:
    """Add what the subscriber does not follow yet; the number added."""
    existing = {_key(s) for s in subscriber.subscriptions.all()}
    added = 0
    for target in targets:
        key = _key(target)
        if key in existing:
            continue
        existing.add(key)
        try:
            with transaction.atomic():
                Subscription.objects.create(subscriber=subscriber, **target.fields())
        except IntegrityError:
            continue  # added meanwhile by a concurrent request
        added += 1
    return added


def _key(item) -> tuple:
    if item.kind == Kind.SEARCH:
        filters = {k: sorted(v) for k, v in sorted(item.filters.items()) if v}
        return (item.kind, item.query, repr(filters))
    return (item.kind, FOLLOWED[item.kind].followed_pk(item))


@transaction.atomic
def subscribe(
    email: str, targets: list[Target], user=None, *, allow_mail=True
) -> Outcome:
    """Subscribe `email` to `targets`, asking the address's owner when needed.

    A signed-in user's own account address is trusted: added and confirmed at once.
    Any other address is confirmed by e-mail first; for an address already
    confirmed, the owner gets an e-mail with a link that adds the subscriptions,
    so that a stranger can neither learn nor change what someone follows.
    `allow_mail=False` (rate limit reached for the address) sends nothing.
    One transaction: when the e-mail cannot be composed or sent, nothing is kept.
    """
    email = normalize_email(email)
    if user is not None and user.is_authenticated and _account_email(user) == email:
        subscriber = subscriber_for_user(user)
        if subscriber is not None:
            add_subscriptions(subscriber, targets)
            return Outcome.ADDED
    with transaction.atomic():
        subscriber, created = Subscriber.objects.get_or_create(email=email)
    if subscriber.is_confirmed:
        if not allow_mail:
            return Outcome.LIMITED
        send_add_notice(subscriber, targets, make_add_token(subscriber, targets))
        return Outcome.NOTICE_SENT
    add_subscriptions(subscriber, targets)
    if not allow_mail:
        return Outcome.LIMITED
    if not created:
        # The purge counts from the latest confirmation link, not the first one.
        Subscriber.objects.filter(pk=subscriber.pk).update(created_at=timezone.now())
    send_confirmation(subscriber)
    return Outcome.CONFIRMATION_SENT


def _account_email(user) -> str:
    return normalize_email(getattr(user, "email", "") or "")


def subscriber_for_user(user) -> Subscriber | None:
    """The signed-in user's subscriber, confirmed by their account address.

    None when the account has no address, or when that address belongs to a
    subscriber linked to another account.
    """
    email = _account_email(user)
    subscriber = Subscriber.objects.filter(user=user).first()
    if subscriber is None:
        if not email:
            return None
        with transaction.atomic():
            subscriber, _created = Subscriber.objects.get_or_create(email=email)
        if subscriber.user_id not in (None, user.pk):
            return None
    changes = {}
    if subscriber.user_id is None:
        changes["user"] = user
    taken = Subscriber.objects.filter(email=email).exclude(pk=subscriber.pk)
    if email and subscriber.email != email and not taken.exists():
        changes["email"] = email  # the account's address changed
    if not subscriber.is_confirmed:
        changes["confirmed_at"] = timezone.now()
    if changes:
        for name, value in changes.items():
            setattr(subscriber, name, value)
        subscriber.save(update_fields=list(changes))
    return subscriber


def confirm(subscriber: Subscriber) -> bool:
    """Mark the address confirmed; False when it already was."""
    updated = Subscriber.objects.filter(
        pk=subscriber.pk, confirmed_at__isnull=True
    ).update(confirmed_at=timezone.now())
    subscriber.refresh_from_db(fields=["confirmed_at"])
    return bool(updated)


def unsubscribe_all(subscriber: Subscriber) -> int:
    """Remove every subscription (idempotent); the number removed.

    The address stays, with no subscription, so that the links already sent
    keep working; nothing is sent to a subscriber who follows nothing.
    """
    deleted, _detail = Subscription.objects.filter(subscriber=subscriber).delete()
    return deleted


def remove_subscription(subscriber: Subscriber, subscription_id) -> bool:
    """Remove one of the subscriber's subscriptions; False if it is not theirs."""
    deleted, _detail = Subscription.objects.filter(
        subscriber=subscriber, pk=subscription_id
    ).delete()
    return bool(deleted)


def delete_subscriber(subscriber: Subscriber) -> None:
    """Delete the address, its subscriptions and its delivery history."""
    # The cascades remove subscriptions and deliveries in the same transaction.
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).delete()


def purge_unconfirmed() -> int:
    """Delete unconfirmed addresses whose confirmation link has expired."""
    cutoff = timezone.now() - timedelta(seconds=MAX_AGE["confirm"])
    stale = Subscriber.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff)
    count = stale.count()
    stale.delete()
    if count:
        logger.info("Purged %d unconfirmed subscribers", count)
    return count


# --- Links that add subscriptions to a confirmed address ----


def make_add_token(subscriber: Subscriber, targets: list[Target]) -> str:
    payload = {
        "s": subscriber.pk,
        "k": subscriber.token_key,
        "t": [t.as_data() for t in targets],
    }
    return signing.dumps(payload, salt=ADD_SALT, compress=True)


def read_add_token(token: str) -> tuple[Subscriber, list[Target]]:
    """The subscriber and targets a valid add link names; BadToken otherwise."""
    try:
        payload = signing.loads(token[:4000], salt=ADD_SALT, max_age=MAX_AGE["confirm"])
        subscriber = Subscriber.objects.get(
            pk=int(payload["s"]), token_key=payload["k"]
        )
        return subscriber, targets_from_data(payload["t"])
    except (
        signing.BadSignature,
        ValueError,
        KeyError,
        TypeError,
        IndexError,
        Subscriber.DoesNotExist,
    ) as error:
        raise BadToken(str(error)) from error
