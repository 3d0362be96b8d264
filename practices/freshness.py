"""When a practice asks to be checked again: the one definition of "stale".

A practice was last checked when it was last published or marked "still
current" (`last_reviewed`), whichever is later. Published, without pending
changes, and not checked for 18 months, it is *stale*: its territory's editors
see "à actualiser" and get a monthly reminder. Past three years the public page
tells visitors so.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import PracticePage

STALE_AFTER = datetime.timedelta(days=548)  # 18 months
OUTDATED_AFTER = datetime.timedelta(days=1096)  # 3 years


def _cutoff(
    age: datetime.timedelta, now: datetime.datetime | None
) -> datetime.datetime:
    return (now or timezone.now()) - age


def checked_on(page: PracticePage) -> datetime.date | None:
    """The day the practice was last published or confirmed still current."""
    published = (
        timezone.localdate(page.last_published_at) if page.last_published_at else None
    )
    dates = [d for d in (published, page.last_reviewed) if d is not None]
    return max(dates) if dates else None


def _unchecked_since(page: PracticePage, cutoff: datetime.datetime) -> bool:
    # The same test as `_unchecked_filter`, on an object in memory.
    if page.last_published_at is None or page.last_published_at >= cutoff:
        return False
    return page.last_reviewed is None or page.last_reviewed < cutoff.date()


def _unchecked_filter(cutoff: datetime.datetime) -> Q:
    return Q(last_published_at__lt=cutoff) & (
        Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=cutoff.date())
    )


def stale_filter(now: datetime.datetime | None = None) -> Q:
    """The stale practices, as a filter on PracticePage."""
    return Q(live=True, has_unpublished_changes=False) & _unchecked_filter(
        _cutoff(STALE_AFTER, now)
    )


def is_stale(page: PracticePage, now: datetime.datetime | None = None) -> bool:
    """True when `page` matches `stale_filter` (no query)."""
    return (
        page.live
        and not page.has_unpublished_changes
        and _unchecked_since(page, _cutoff(STALE_AFTER, now))
    )


def is_outdated(page: PracticePage, now: datetime.datetime | None = None) -> bool:
    """Published and not checked for three years: visitors are told (no query)."""
    return _unchecked_since(page, _cutoff(OUTDATED_AFTER, now))


def under_territories(territories) -> Q:
    """The practices sitting directly under the member territory pages given."""
    under = Q(pk__in=[])
    for territory in territories:
        under |= Q(path__startswith=territory.path, depth=territory.depth + 1)
    return under


def stale_practices(
    territories, now: datetime.datetime | None = None
) -> QuerySet[PracticePage]:
    """The stale practices of `territories`, the longest unchecked first."""
    territories = list(territories)
    if not territories:
        return PracticePage.objects.none()
    return (
        PracticePage.objects.filter(under_territories(territories))
        .filter(stale_filter(now))
        .order_by("last_published_at", "pk")
    )


def mark_current(page_pk: int, today: datetime.date | None = None) -> int:
    """Record that the practice was checked today, without a new revision.

    A plain update: no revision, no publication, no `save()` signal. The search
    document holds no review date, so the index needs no update.
    """
    return PracticePage.objects.filter(pk=page_pk).update(
        last_reviewed=today or timezone.localdate()
    )
