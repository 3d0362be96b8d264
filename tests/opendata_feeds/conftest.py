"""A small network of practices for the feeds, exports and structured data."""

from dataclasses import dataclass

import pytest

from practices.models import Audience, Lever, PracticePage, Theme
from territories.models import Territory, TerritoryPage
from tests.factories import (
    AudienceFactory,
    LeverFactory,
    TerritoryFactory,
    ThemeFactory,
    member_page,
    practice,
)


@dataclass
class Catalogue:
    idf: Territory
    member: TerritoryPage
    procurement: Theme
    iae: Theme
    grant: Lever
    youth: Audience
    bought: PracticePage
    hired: PracticePage


@pytest.fixture
def catalogue(home) -> Catalogue:
    idf = TerritoryFactory(kind=Territory.Kind.REGION, code="11", name="Île-de-France")
    val_de_marne = TerritoryFactory(
        kind=Territory.Kind.DEPARTEMENT, code="94", name="Val-de-Marne", region=idf
    )
    member = member_page(val_de_marne)
    procurement = ThemeFactory(name="Achats responsables", slug="achats-responsables")
    iae = ThemeFactory(name="Insertion par l'activité économique", slug="iae")
    grant = LeverFactory(name="Subvention", slug="subvention")
    youth = AudienceFactory(name="Jeunes", slug="jeunes")
    bought = practice(
        member,
        title="Clauses sociales dans les marchés",
        summary="Des clauses d'insertion dans les marchés publics du département.",
        themes=[procurement],
        levers=[grant],
    )
    hired = practice(
        member,
        title="Chantiers d'insertion pour les jeunes",
        summary="Un chantier d'insertion ouvert aux jeunes du territoire.",
        themes=[iae],
        audiences=[youth],
    )
    return Catalogue(idf, member, procurement, iae, grant, youth, bought, hired)
