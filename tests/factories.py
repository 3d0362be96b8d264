"""Factories for tests and benchmarks."""

import itertools
from datetime import UTC, datetime

import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from practices.models import Audience, Lever, PracticePage, Theme
from search.documents import SearchDocument
from search.indexing import index_practices
from territories.models import Territory, TerritoryPage
from territories.services import make_member

_codes = itertools.count(10_000)


class TerritoryFactory(DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("kind", "code")

    kind = Territory.Kind.DEPARTEMENT
    code = factory.LazyFunction(lambda: str(next(_codes)))
    name = factory.Sequence(lambda n: f"Territoire {n}")
    population = 100_000


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class LeverFactory(DjangoModelFactory):
    class Meta:
        model = Lever
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Levier {n}")
    slug = factory.Sequence(lambda n: f"levier-{n}")


class AudienceFactory(DjangoModelFactory):
    class Meta:
        model = Audience
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Public {n}")
    slug = factory.Sequence(lambda n: f"public-{n}")


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")


def member_page(territory: Territory | None = None, **kwargs) -> TerritoryPage:
    """A member territory with its page, group and collection (needs `setup_site`)."""
    return make_member(territory or TerritoryFactory(), **kwargs)


def editor_of(page: TerritoryPage, username: str | None = None):
    """A user in the editors' group of a member territory."""
    user = UserFactory(username=username or f"editor-{page.slug}")
    user.groups.add(page.editors_group)
    return user


def practice(
    parent: TerritoryPage,
    *,
    live: bool = True,
    indexed: bool = True,
    themes=(),
    levers=(),
    audiences=(),
    **fields,
) -> PracticePage:
    """A practice under a member territory, published unless `live=False`.

    Published, it is also indexed, as the worker does once the publication
    commits (tests run in a transaction that never commits): every list of
    practices asks the search engine. `indexed=False` leaves it waiting.
    """
    n = next(_codes)
    fields.setdefault("title", f"Pratique {n}")
    fields.setdefault("slug", f"pratique-{n}")
    fields.setdefault(
        "summary", "Une mesure de soutien à l'économie sociale et solidaire."
    )
    page = PracticePage(live=False, **fields)
    parent.add_child(instance=page)
    page.themes.set(themes)
    page.levers.set(levers)
    page.audiences.set(audiences)
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
        if indexed:
            index_practices([page.pk])
    return page


def indexed_document(page_id: int, version: int, **extra) -> SearchDocument:
    """A search document made up for a practice that need not exist."""
    values = {
        "id": page_id,
        "version": version,
        "title": f"Pratique {page_id}",
        "summary": "L'achat public responsable.",
        "body": "Des clauses d'insertion dans les marchés.",
        "partners": "Réseau des SIAE",
        "territories": "Val-de-Marne Île-de-France",
        "labels": "Achats responsables",
        "variants": "valdemarne iledefrance",
        "url": f"/territoires/val-de-marne/pratique-{page_id}/",
        "territory_name": "Val-de-Marne",
        "published_at": datetime(2024, 5, 2, 8, 30, tzinfo=UTC),
        "theme": ["achats-responsables"],
        "start_year": ["2009"],
    }
    return SearchDocument(**(values | extra))
