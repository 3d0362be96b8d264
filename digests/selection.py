"""Which changed practices each subscriber gets, with a bounded number of queries.

The changed practices of the widest window in play are loaded once, with their
facet values (`ChangeCatalogue`); subscriptions are loaded per chunk of
subscribers (one query); matching then runs in memory. A saved search is matched
by `search.matching`, the search page's notion of a match.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

from search.documents import indexable_practices, practice_document
from search.matching import MatchableDocument, SavedSearch, matchable

from .kinds import FOLLOWED, ORDER
from .links import absolute
from .models import PracticeChange, Subscription


@dataclass
class ChangedPractice:
    """A practice with news in the catalogue's window, as the digest shows it."""

    page_id: int
    title: str
    summary: str
    url: str  # absolute
    territory_name: str
    # Subscription kind → pks of the objects it is followed through (its
    # themes; its territory, the région around it...: `kinds.Followed.followed_in`).
    followed: dict[str, frozenset[int]]
    document: MatchableDocument
    changes: list[tuple[dt.datetime, str, str]] = field(default_factory=list)

    def change_in(self, start: dt.datetime, end: dt.datetime):
        """(kind, note) of its news in (start, end]; None when it has none there.

        New within the window wins over updated: it is new to this reader.
        """
        inside = [
            (at, kind, note) for at, kind, note in self.changes if start < at <= end
        ]
        if not inside:
            return None
        if any(kind == PracticeChange.Kind.NEW for _, kind, _ in inside):
            return PracticeChange.Kind.NEW, ""
        _, kind, note = inside[-1]
        return kind, note


@dataclass
class Item:
    practice: ChangedPractice
    kind: str
    note: str
    subscriptions: list[Subscription]  # every subscription it matches: the "why"


@dataclass
class Group:
    subscription: Subscription
    items: list[Item]


class ChangeCatalogue:
    """The practices changed in (start, end], loaded once, indexed for matching."""

    def __init__(self, start: dt.datetime, end: dt.datetime):
        self.start, self.end = start, end
        changes = defaultdict(list)
        rows = PracticeChange.objects.filter(
            happened_at__gt=start, happened_at__lte=end
        ).values_list("page_id", "happened_at", "kind", "note")
        for page_id, at, kind, note in rows.order_by("happened_at", "pk"):
            changes[page_id].append((at, kind, note))
        self.practices: dict[int, ChangedPractice] = {}
        pages = indexable_practices().filter(pk__in=list(changes))
        with translation.override(settings.LANGUAGE_CODE):
            for page in pages:
                self.practices[page.pk] = self._practice(page, changes[page.pk])
        self._windows: dict[tuple, list[tuple[ChangedPractice, str, str]]] = {}
        self._searches: dict[tuple, set[int]] = {}
        # Subscription kind → followed object's pk → the practices it follows.
        self.following = {kind: defaultdict(set) for kind in FOLLOWED}
        for practice in self.practices.values():
            for kind, pks in practice.followed.items():
                for pk in pks:
                    self.following[kind][pk].add(practice.page_id)

    @staticmethod
    def _practice(page, changes) -> ChangedPractice:
        document = practice_document(page)
        followed = {
            kind: frozenset(pk for pk in entry.followed_in(page) if pk is not None)
            for kind, entry in FOLLOWED.items()
        }
        return ChangedPractice(
            page_id=page.pk,
            title=page.title,
            summary=page.summary,
            url=absolute(document.url),
            territory_name=document.territory_name,
            followed=followed,
            document=matchable(document),
            changes=changes,
        )

    def covers(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.start <= start and end <= self.end

    def news(self, start: dt.datetime, end: dt.datetime) -> dict[int, tuple[str, str]]:
        """page id → (kind, note) for the practices with news in (start, end]."""
        key = (start, end)
        if key not in self._windows:
            self._windows[key] = {
                pk: found
                for pk, practice in self.practices.items()
                if (found := practice.change_in(start, end))
            }
        return self._windows[key]

    def candidates(self, subscription: Subscription) -> set[int]:
        """Practices of the whole catalogue that this subscription follows."""
        if subscription.kind in FOLLOWED:
            pk = FOLLOWED[subscription.kind].followed_pk(subscription)
            return self.following[subscription.kind].get(pk, set())
        saved = (subscription.query, repr(subscription.filters))
        if saved not in self._searches:
            search = SavedSearch.from_saved(subscription.query, subscription.filters)
            self._searches[saved] = {
                pk
                for pk, practice in self.practices.items()
                if search.matches(practice.document)
            }
        return self._searches[saved]

    def digest(
        self,
        subscriptions: Iterable[Subscription],
        start: dt.datetime,
        end: dt.datetime,
    ) -> list[Group]:
        """The groups of one subscriber's digest: each practice once, in the group
        of the first subscription it matches, naming every one it matches."""
        news = self.news(start, end)
        if not news:
            return []
        ordered = sorted(subscriptions, key=lambda s: (ORDER[s.kind], s.pk))
        items: dict[int, Item] = {}
        groups: list[Group] = []
        for subscription in ordered:
            group = Group(subscription, [])
            for pk in self.candidates(subscription):
                if pk not in news:
                    continue
                if pk in items:
                    items[pk].subscriptions.append(subscription)
                    continue
                kind, note = news[pk]
                items[pk] = Item(self.practices[pk], kind, note, [subscription])
                group.items.append(items[pk])
            if group.items:
                group.items.sort(
                    key=lambda i: (i.kind != PracticeChange.Kind.NEW, i.practice.title)
                )
                groups.append(group)
        return groups


def subscriptions_by_subscriber(subscriber_ids) -> dict[int, list[Subscription]]:
    """The subscriptions of a chunk of subscribers, in one query."""
    found = defaultdict(list)
    rows = Subscription.objects.filter(subscriber_id__in=list(subscriber_ids))
    for subscription in rows.select_related(*(f.field for f in FOLLOWED.values())):
        found[subscription.subscriber_id].append(subscription)
    return found
