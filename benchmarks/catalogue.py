"""Build a large catalogue fast: member territories, then practices in bulk SQL.

`add_child` saves one page at a time (tree locks, revisions, signals): far too slow
for 100,000 pages. Practices are inserted in bulk instead, with the treebeard
materialised paths Wagtail expects (steplen 4, alphabet 0-9A-Z) under each member
territory's page, `numchild` updated on the parents, `url_path`, content type,
locale, live and first publication dates. No revisions and no signals: the search
indexes are built afterwards by the benchmark, as a rebuild would.
"""

from __future__ import annotations

import datetime
import json
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Locale, Page

from practices.models import Audience, Lever, PracticePage, PracticePartner, Theme
from territories.models import Territory, TerritoryPage
from territories.services import make_member

from .texts import DEMO_FILE, TOPICS, TextGenerator

BATCH = 1000
# How many member territories of each kind (about 40 in all, as RTES has).
MEMBER_MIX = {"region": 5, "departement": 10, "epci": 12, "commune": 13}


def ensure_taxonomies() -> None:
    """Themes, levers and audiences of the demo catalogue."""
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    for model, key in ((Theme, "themes"), (Lever, "levers"), (Audience, "audiences")):
        for term in demo[key]:
            model.objects.get_or_create(
                slug=term["slug"],
                defaults={"name": term["name"], "description": term["description"]},
            )


def make_members(rng: random.Random) -> list[TerritoryPage]:
    """About 40 member territories of every kind, through the real service."""
    pages = []
    for kind, count in MEMBER_MIX.items():
        candidates = list(Territory.objects.filter(kind=kind).order_by("code"))
        for territory in rng.sample(candidates, min(count, len(candidates))):
            pages.append(make_member(territory))
    return pages


class CatalogueBuilder:
    """Adds generated practices under the member territories' pages."""

    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed)
        self.texts = TextGenerator(self.rng)
        self.members = list(TerritoryPage.objects.select_related("territory"))
        if not self.members:
            self.members = make_members(self.rng)
        self.content_type = ContentType.objects.get_for_model(PracticePage)
        self.locale = Locale.get_default()
        self.themes = dict(Theme.objects.values_list("slug", "pk"))
        self.levers = list(Lever.objects.values_list("pk", flat=True))
        self.audiences = list(Audience.objects.values_list("pk", flat=True))
        # Big territories publish more: a skewed share of the practices each.
        self.weights = [self.rng.paretovariate(1.2) for _ in self.members]
        self.partner_places = list(
            Territory.objects.filter(kind__in=["commune", "epci"]).values_list(
                "pk", flat=True
            )[:2000]
        )
        self.theme_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(TOPICS))]
        self.serial = PracticePage.objects.count()

    def add(self, count: int) -> list[int]:
        """Insert `count` live practices; return their page ids."""
        ids: list[int] = []
        while len(ids) < count:
            ids += self._batch(min(BATCH, count - len(ids)))
        return ids

    @transaction.atomic
    def _batch(self, size: int) -> list[int]:
        rng = self.rng
        parents = rng.choices(self.members, weights=self.weights, k=size)
        by_parent: dict[int, list[int]] = {}
        for position, parent in enumerate(parents):
            by_parent.setdefault(parent.pk, []).append(position)

        pages: list[Page | None] = [None] * size
        extras: list[tuple] = [None] * size  # type: ignore[list-item]
        for parent_id, positions in by_parent.items():
            # Lock the parent row: its numchild gives the next free path step.
            parent = Page.objects.select_for_update().get(pk=parent_id)
            for offset, position in enumerate(positions, start=1):
                self.serial += 1
                themes = self._themes()
                text = self.texts.practice(themes)
                published = timezone.make_aware(
                    datetime.datetime(2008, 1, 1)
                    + datetime.timedelta(minutes=rng.randint(0, 18 * 365 * 24 * 60))
                )
                slug = f"{slugify(text.title)[:60]}-{self.serial}"
                pages[position] = Page(
                    path=Page._get_path(
                        parent.path, parent.depth + 1, parent.numchild + offset
                    ),
                    depth=parent.depth + 1,
                    numchild=0,
                    translation_key=uuid.uuid4(),
                    locale=self.locale,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=published,
                    last_published_at=published,
                    title=text.title,
                    draft_title=text.title,
                    slug=slug,
                    content_type=self.content_type,
                    url_path=f"{parent.url_path}{slug}/",
                )
                extras[position] = (text, themes, published, parents[position])
            Page.objects.filter(pk=parent_id).update(
                numchild=F("numchild") + len(positions)
            )

        Page.objects.bulk_create(pages)
        practices = []
        for page, (text, _, published, member) in zip(pages, extras, strict=True):
            start = published.date() - datetime.timedelta(days=rng.randint(30, 900))
            status = rng.choices(
                ["completed", "ongoing", "planned"], weights=[5, 4, 1]
            )[0]
            practices.append(
                PracticePage(
                    page_ptr_id=page.pk,
                    id=page.pk,
                    summary=text.summary,
                    context=text.context,
                    objectives=text.objectives,
                    description=text.description,
                    steps=text.steps,
                    start_date=start
                    if status != "planned" or rng.random() < 0.5
                    else None,
                    end_date=None,
                    status=status,
                    budget=rng.choice([None, rng.randint(5, 2000) * 1000]),
                    staff=rng.choice(["", "1 ETP", "2 ETP", "0,5 ETP"]),
                    funding_sources="",
                    results=text.results,
                    lessons=text.lessons,
                    transferability=text.transferability,
                    contact_name="",
                    contact_role="",
                    contact_email="",
                    territory_id=member.territory_id,
                    external_id=f"bench-{page.pk}",
                )
            )
        fields = PracticePage._meta.local_concrete_fields
        PracticePage._base_manager._insert(practices, fields=fields)
        self._links(pages, extras)
        return [page.pk for page in pages]

    def _themes(self) -> list[str]:
        slugs = list(TOPICS)
        count = self.rng.choices([1, 2, 3], weights=[5, 4, 1])[0]
        chosen = []
        while len(chosen) < count:
            slug = self.rng.choices(slugs, weights=self.theme_weights)[0]
            if slug not in chosen:
                chosen.append(slug)
        return chosen

    def _links(self, pages, extras) -> None:
        rng = self.rng
        through = PracticePage.themes.through
        through.objects.bulk_create(
            through(practicepage_id=page.pk, theme_id=self.themes[slug])
            for page, (_, themes, _, _) in zip(pages, extras, strict=True)
            for slug in themes
            if slug in self.themes
        )
        for relation, pool, high in (
            (PracticePage.levers.through, self.levers, 3),
            (PracticePage.audiences.through, self.audiences, 3),
        ):
            column = relation._meta.get_field(
                "lever" if relation is PracticePage.levers.through else "audience"
            ).attname
            relation.objects.bulk_create(
                relation(practicepage_id=page.pk, **{column: term})
                for page in pages
                for term in rng.sample(pool, rng.randint(1, high))
            )
        places = PracticePage.partner_territories.through
        places.objects.bulk_create(
            places(practicepage_id=page.pk, territory_id=territory)
            for page in pages
            if rng.random() < 0.3
            for territory in rng.sample(self.partner_places, rng.randint(1, 2))
        )
        PracticePartner.objects.bulk_create(
            PracticePartner(page_id=page.pk, name=name, sort_order=order)
            for page, (text, _, _, _) in zip(pages, extras, strict=True)
            for order, name in enumerate(text.partners)
        )
