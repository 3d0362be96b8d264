"""Fixtures for the public pages: a small network with every kind of territory."""

from dataclasses import dataclass

import pytest

from practices.models import Audience, Lever, Theme
from territories.models import Territory, TerritoryPage
from tests.factories import (
    AudienceFactory,
    LeverFactory,
    TerritoryFactory,
    ThemeFactory,
    member_page,
)


@dataclass
class Network:
    """Reference territories, member pages and taxonomy terms for the tests."""

    idf: Territory
    bretagne: Territory
    region_page: TerritoryPage
    departement_page: TerritoryPage
    agglo_page: TerritoryPage
    cc_page: TerritoryPage
    commune_page: TerritoryPage
    procurement: Theme
    iae: Theme
    circular: Theme
    grant: Lever
    clause: Lever
    youth: Audience


@pytest.fixture
def network(home) -> Network:
    """Île-de-France and Bretagne, with a member of each kind (EPCI split by type)."""
    idf = TerritoryFactory(kind=Territory.Kind.REGION, code="11", name="Île-de-France")
    bretagne = TerritoryFactory(kind=Territory.Kind.REGION, code="53", name="Bretagne")
    val_de_marne = TerritoryFactory(
        kind=Territory.Kind.DEPARTEMENT, code="94", name="Val-de-Marne", region=idf
    )
    agglo = TerritoryFactory(
        kind=Territory.Kind.EPCI,
        code="200054781",
        name="Grand Paris Sud Est Avenir",
        epci_type=Territory.EpciType.CA,
        region=idf,
        departement=val_de_marne,
    )
    cc = TerritoryFactory(
        kind=Territory.Kind.EPCI,
        code="200066777",
        name="Communauté de communes du Pays de Landerneau",
        epci_type=Territory.EpciType.CC,
        region=bretagne,
    )
    commune = TerritoryFactory(
        kind=Territory.Kind.COMMUNE, code="35238", name="Rennes", region=bretagne
    )
    return Network(
        idf=idf,
        bretagne=bretagne,
        region_page=member_page(idf),
        departement_page=member_page(
            val_de_marne, presentation="<p>Un département engagé pour l'ESS.</p>"
        ),
        agglo_page=member_page(agglo),
        cc_page=member_page(cc),
        commune_page=member_page(commune),
        procurement=ThemeFactory(
            name="Achats publics responsables", slug="achats-responsables"
        ),
        iae=ThemeFactory(name="Insertion par l'activité économique", slug="iae"),
        circular=ThemeFactory(name="Économie circulaire", slug="economie-circulaire"),
        grant=LeverFactory(name="Subvention", slug="subvention"),
        clause=LeverFactory(name="Clause sociale", slug="clause-sociale"),
        youth=AudienceFactory(name="Jeunes", slug="jeunes"),
    )


@pytest.fixture
def member_user(db):
    """A signed-in member of the network (in the "Membres" group)."""
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory

    user = UserFactory(username="membre")
    user.groups.add(Group.objects.get_or_create(name="Membres")[0])
    return user
