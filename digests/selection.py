"""Which changed practices each subscriber gets, with a bounded number of queries.

The changed practices of the widest window in play are loaded once, with their
facet values (`ChangeCatalogue`); subscriptions are loaded per chunk of
subscribers (one query); matching then runs in memory. A saved search is matched
by `search.matching`, the search page's notion of a match.

Lineage: a change that newly names sources ("inspirée de") tells the followers of
those originals' themes or territory that they were adapted: the originals are
loaded once too, and the adaptation joins a digest that does not list it already
in a last group, "Adaptations of practices you follow".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation

from practices.models import PracticeInspiration
from search.documents import indexable_practices, practice_document
from search.matching import MatchableDocument, SavedSearch, matchable

from .kinds import FOLLOWED, ORDER
from .links import absolute
from .models import PracticeChange, Subscription

# Followers of an original's themes or territory hear that it was adapted.
ADAPTATION_KINDS = (Subscription.Kind.THEME, Subscription.Kind.TERRITORY)


@dataclass(frozen=True)
class Original:
    """A practice that a changed practice newly names as its source."""

    page_id: int
    title: str
    url: str  # absolute
    # Subscription kind (of ADAPTATION_KINDS) → pks it is followed through.
    followed: dict[str, frozenset[int]]


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
    # (when, kind, note, ids of the sources it newly named)
    changes: list[tuple[dt.datetime, str, str, tuple[int, ...]]] = field(
        default_factory=list
    )

    def change_in(self, start: dt.datetime, end: dt.datetime):
        """(kind, note) of its news in (start, end]; None when it has none there.

        New within the window wins over updated: it is new to this reader.
        """
        inside = [
            (at, kind, note)
            for at, kind, note, _sources in self.changes
            if start < at <= end
        ]
        if not inside:
            return None
        if any(kind == PracticeChange.Kind.NEW for _, kind, _ in inside):
            return PracticeChange.Kind.NEW, ""
        _, kind, note = inside[-1]
        return kind, note

    def sources_in(self, start: dt.datetime, end: dt.datetime) -> set[int]:
        """The practices it newly named as its sources in (start, end]."""
        return {
            pk
            for at, _kind, _note, sources in self.changes
            if start < at <= end
            for pk in sources
        }


@dataclass
class Item:
    practice: ChangedPractice
    kind: str
    note: str
    subscriptions: list[Subscription]  # every subscription it matches: the "why"
    # The originals it adapts that this reader follows, with the subscription
    # that follows each (one pair per subscription): the other "why".
    adapts: list[tuple[Original, Subscription]] = field(default_factory=list)


@dataclass
class Group:
    subscription: Subscription | None  # None: the adaptations' group
    items: list[Item]


class ChangeCatalogue:
    """The practices changed in (start, end], loaded once, indexed for matching."""

    def __init__(self, start: dt.datetime, end: dt.datetime):
        self.start, self.end = start, end
        changes = defaultdict(list)
        rows = PracticeChange.objects.filter(
            happened_at__gt=start, happened_at__lte=end
        ).values_list("page_id", "happened_at", "kind", "note", "source_ids")
        for page_id, at, kind, note, sources in rows.order_by("happened_at", "pk"):
            changes[page_id].append((at, kind, note, tuple(sources or ())))
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
        self._load_originals()

    def _load_originals(self) -> None:
        """The public originals that changed practices newly adapt, still named by
        their published state, indexed by what they are followed through."""
        named = {
            (practice.page_id, pk)
            for practice in self.practices.values()
            for *_change, sources in practice.changes
            for pk in sources
            if pk != practice.page_id
        }
        self.originals: dict[int, Original] = {}
        # Subscription kind → followed object's pk → (adaptation, original) pairs.
        self.adapting = {kind: defaultdict(set) for kind in ADAPTATION_KINDS}
        if not named:
            return
        declared = set(
            PracticeInspiration.objects.filter(
                page_id__in={page_id for page_id, _pk in named},
                source_id__in={pk for _page_id, pk in named},
            ).values_list("page_id", "source_id")
        )
        pages = indexable_practices().filter(pk__in={pk for _id, pk in declared})
        for page in pages:
            self.originals[page.pk] = Original(
                page_id=page.pk,
                title=page.title,
                url=absolute(page.url or ""),
                followed={
                    kind: frozenset(
                        pk for pk in FOLLOWED[kind].followed_in(page) if pk is not None
                    )
                    for kind in ADAPTATION_KINDS
                },
            )
        for page_id, pk in named & declared:
            original = self.originals.get(pk)
            if original is None:  # unpublished since, or private
                continue
            for kind, followed in original.followed.items():
                for followed_pk in followed:
                    self.adapting[kind][followed_pk].add((page_id, pk))

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

    def adaptations(self, subscription: Subscription) -> list[tuple[int, int]]:
        """(adaptation, original) pairs whose original this subscription follows."""
        if subscription.kind not in self.adapting:
            return []
        pk = FOLLOWED[subscription.kind].followed_pk(subscription)
        return sorted(self.adapting[subscription.kind].get(pk, ()))

    def digest(
        self,
        subscriptions: Iterable[Subscription],
        start: dt.datetime,
        end: dt.datetime,
    ) -> list[Group]:
        """The groups of one subscriber's digest: each practice once, in the group
        of the first subscription it matches, naming every one it matches; then
        the adaptations of originals they follow that no group lists."""
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
        adapted = Group(None, [])
        for subscription in ordered:
            for pk, original_id in self.adaptations(subscription):
                practice = self.practices[pk]
                if pk not in news or original_id not in practice.sources_in(start, end):
                    continue
                if pk not in items:
                    kind, note = news[pk]
                    items[pk] = Item(practice, kind, note, [])
                    adapted.items.append(items[pk])
                items[pk].adapts.append((self.originals[original_id], subscription))
        if adapted.items:
            adapted.items.sort(key=lambda i: i.practice.title)
            groups.append(adapted)
        return groups


def subscriptions_by_subscriber(subscriber_ids) -> dict[int, list[Subscription]]:
    """The subscriptions of a chunk of subscribers, in one query."""
    found = defaultdict(list)
    rows = Subscription.objects.filter(subscriber_id__in=list(subscriber_ids))
    for subscription in rows.select_related(*(f.field for f in FOLLOWED.values())):
        found[subscription.subscriber_id].append(subscription)
    return found
