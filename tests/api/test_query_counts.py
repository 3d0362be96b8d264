"""The API costs the same number of queries for one result as for many."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.models import PracticeIndicator, PracticePartner
from territories.models import Territory
from tests.factories import TerritoryFactory, ThemeFactory, member_page, practice

pytestmark = pytest.mark.django_db

MAX_QUERIES = {"search": 12, "practice": 14, "territories": 6, "themes": 2}


def queries(client, url: str) -> int:
    assert client.get(url).status_code == 200  # site root paths, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_search_one_or_many_hits(client, network, django_assert_max_num_queries):
    url = "/api/v1/practices?theme=iae&per_page=50"
    practice(network.commune_page, themes=[network.iae])
    one = queries(client, url)
    for _n in range(12):
        practice(network.commune_page, themes=[network.iae, ThemeFactory()])
    with django_assert_max_num_queries(MAX_QUERIES["search"]):
        assert client.get(url).status_code == 200
    assert queries(client, url) == one


def test_a_practice_with_few_or_many_items(client, network):
    subject = practice(network.departement_page, themes=[network.iae])
    url = f"/api/v1/practices/{subject.pk}"
    few = queries(client, url)
    for n in range(8):
        PracticePartner.objects.create(page=subject, name=f"Partenaire {n}")
        PracticeIndicator.objects.create(page=subject, label=f"I{n}", value=Decimal(n))
        subject.themes.add(ThemeFactory())
        subject.partner_territories.add(TerritoryFactory())
    subject.save()
    many = queries(client, url)
    assert many == few <= MAX_QUERIES["practice"]


def test_territories_one_or_many(client, network):
    url = "/api/v1/territories?kind=commune&per_page=100"
    one = queries(client, url)
    for _n in range(10):
        member_page(TerritoryFactory(kind=Territory.Kind.COMMUNE, region=network.idf))
    assert queries(client, url) == one <= MAX_QUERIES["territories"]


def test_vocabularies(client, network):
    one = queries(client, "/api/v1/themes")
    for _n in range(10):
        ThemeFactory()
    assert queries(client, "/api/v1/themes") == one <= MAX_QUERIES["themes"]
