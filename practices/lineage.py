"""Lineage: the practices a practice was inspired by, and those that adapted it.

An adaptation names its sources (`PracticeInspiration`); the rows are saved with
the adaptation's revisions, so that a declaration goes through review like the
rest of the page. The rows in the database are those of the published state of a
live page (a draft's rows exist too, but its page is not live): everything here
reads links whose two practices are live and public, and nothing else.

Counts: "Adaptée par N territoires" counts the distinct territories of the live
adaptations; a practice is *spread* ("essaimée") when a practice of another
territory adapts it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, QuerySet

from .models import PracticeInspiration, PracticePage


@dataclass(frozen=True)
class Link:
    """The practice at the other end of a lineage link, with the adapter's note."""

    practice: PracticePage
    note: str


def public_practices() -> QuerySet[PracticePage]:
    return PracticePage.objects.live().public()


def sources_of(page: PracticePage) -> list[Link]:
    """The public practices `page` says it was inspired by, in its order.

    Read from the page's own links, so that a preview shows the draft's.
    """
    declared = [
        (link.source_id, link.note)
        for link in page.inspirations.all()
        if link.source_id is not None and link.source_id != page.pk
    ]
    if not declared:
        return []
    found = {
        source.pk: source
        for source in public_practices()
        .filter(pk__in=[pk for pk, _note in declared])
        .select_related("territory")
    }
    return [Link(found[pk], note) for pk, note in declared if pk in found]


def adaptations_of(page: PracticePage) -> list[Link]:
    """The public practices that say they adapt `page`, newest first."""
    if page.pk is None:
        return []
    rows = (
        PracticeInspiration.objects.filter(source_id=page.pk)
        .filter(page__in=public_practices())
        .exclude(page_id=page.pk)
        .select_related("page__territory")
        .order_by(F("page__first_published_at").desc(nulls_last=True), "page_id")
    )
    return [Link(row.page, row.note) for row in rows]


def territory_count(links: Iterable[Link]) -> int:
    """How many distinct territories the practices of `links` belong to."""
    return len({link.practice.territory_id for link in links} - {None})


def spread_count(territory_id: int) -> int:
    """How many public practices of a territory a practice of another one adapts."""
    public = public_practices()
    return (
        public.filter(territory_id=territory_id)
        .filter(
            adaptations__page__in=public.exclude(territory_id=territory_id),
        )
        .distinct()
        .count()
    )


def lineage_prefetches() -> list[Prefetch]:
    """Prefetches of the public links of many practices, in two queries:
    `public_sources` and `public_adaptations` (lists of PracticeInspiration)."""
    public = public_practices()
    return [
        Prefetch(
            "inspirations",
            queryset=PracticeInspiration.objects.filter(source__in=public)
            .exclude(source_id=F("page_id"))
            .select_related("source__territory")
            .order_by("sort_order", "pk"),
            to_attr="public_sources",
        ),
        Prefetch(
            "adaptations",
            queryset=PracticeInspiration.objects.filter(page__in=public)
            .exclude(page_id=F("source_id"))
            .select_related("page__territory")
            .order_by(F("page__first_published_at").desc(nulls_last=True), "page_id"),
            to_attr="public_adaptations",
        ),
    ]


def source_titles(page_ids: Iterable[int]) -> dict[int, list[str]]:
    """Page id → titles of its public sources, in its order (one query)."""
    titles = defaultdict(list)
    rows = (
        PracticeInspiration.objects.filter(page_id__in=list(page_ids))
        .filter(source__in=public_practices())
        .order_by("page_id", "sort_order", "pk")
        .values_list("page_id", "source__title")
    )
    for page_id, title in rows:
        titles[page_id].append(title)
    return titles


def adapting_territory_counts(page_ids: Iterable[int]) -> dict[int, int]:
    """Page id → how many territories adapted it publicly (one query)."""
    rows = (
        PracticeInspiration.objects.filter(source_id__in=list(page_ids))
        .filter(page__in=public_practices())
        .order_by()
        .values("source_id")
        .annotate(territories=Count("page__territory", distinct=True))
        .values_list("source_id", "territories")
    )
    return dict(rows)
