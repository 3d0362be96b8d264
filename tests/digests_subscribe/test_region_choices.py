"""The régions one can follow: those of the network, in French order."""

import re

from django.urls import reverse

from territories.models import Territory
from tests.factories import TerritoryFactory, member_page


def region_labels(client) -> list[str]:
    html = client.get(reverse("digests:subscribe")).content.decode()
    return re.findall(r'<label for="id_regions_\d+"[^>]*>([^<]+) \(', html)


def test_only_regions_with_a_member_territory_in_french_order(client, followable):
    occitanie = TerritoryFactory(
        kind=Territory.Kind.REGION, code="76", name="Occitanie"
    )
    member_page(occitanie)  # a member région, with no member inside
    TerritoryFactory(kind=Territory.Kind.REGION, code="989", name="Clipperton")

    labels = region_labels(client)

    # Île-de-France holds Val-de-Marne; Bretagne and Clipperton hold no member.
    assert labels == ["Île-de-France", "Occitanie"]
