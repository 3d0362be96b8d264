"""Every endpoint answers what the site publishes, in the shape its document says."""

from datetime import datetime

import pytest
from django.utils import timezone

from digests.models import PracticeChange
from search.indexing import index_practices, mark_dirty
from tests.factories import practice

from .conftest import json_of

pytestmark = pytest.mark.django_db


def test_search_gives_hits_and_the_sites_facets(client, network, subject):
    other = practice(
        network.commune_page, title="Une ressourcerie", themes=[network.circular]
    )
    body = json_of(client.get("/api/v1/practices"))
    assert body["count"] == 2
    assert {hit["id"] for hit in body["results"]} == {subject.pk, other.pk}
    assert [facet["name"] for facet in body["facets"]] == [
        "theme",
        "lever",
        "audience",
        "territory_kind",
        "region",
        "departement",
        "territory",
        "status",
        "start_year",
        "document_type",
        "adapted",
    ]
    themes = {v["value"]: v for v in body["facets"][0]["values"]}
    assert themes["iae"]["count"] == 1 and themes["iae"]["label"].startswith(
        "Insertion"
    )
    hit = next(h for h in body["results"] if h["id"] == subject.pk)
    assert hit["url"] == f"http://testserver{subject.url}"
    assert hit["api_url"] == f"http://testserver/api/v1/practices/{subject.pk}"
    assert {t["slug"] for t in hit["themes"]} == {"iae", "achats-responsables"}


def test_search_filters_by_facet_and_text(client, network, subject):
    practice(network.commune_page, title="Une ressourcerie", themes=[network.circular])
    body = json_of(client.get("/api/v1/practices?theme=economie-circulaire"))
    assert [hit["title"] for hit in body["results"]] == ["Une ressourcerie"]
    selected = [v for v in body["facets"][0]["values"] if v["selected"]]
    assert [v["value"] for v in selected] == ["economie-circulaire"]
    body = json_of(client.get("/api/v1/practices?q=clauses"))
    assert [hit["id"] for hit in body["results"]] == [subject.pk]
    assert body["sort"] == "relevance"


def test_search_pages(client, network):
    for n in range(5):
        practice(network.commune_page, title=f"Pratique numéro {n}")
    first = json_of(client.get("/api/v1/practices?per_page=2&sort=oldest"))
    second = json_of(client.get("/api/v1/practices?per_page=2&sort=oldest&page=3"))
    assert (first["count"], first["pages"], len(first["results"])) == (5, 3, 2)
    assert len(second["results"]) == 1
    assert first["sort"] == "oldest"


def test_search_by_last_news(client, network, subject):
    # `subject` is older; a substantial revision it had just now puts it first.
    newer = practice(network.commune_page, title="Une ressourcerie")
    PracticeChange.objects.create(
        page_id=subject.pk,
        kind=PracticeChange.Kind.UPDATED,
        happened_at=timezone.now(),
        note="Revised",
    )
    mark_dirty([subject.pk])
    index_practices([subject.pk])
    body = json_of(client.get("/api/v1/practices?sort=updated"))
    assert body["sort"] == "updated"
    assert [hit["id"] for hit in body["results"]] == [subject.pk, newer.pk]
    first, second = (
        {k: datetime.fromisoformat(hit[k]) for k in ("published_at", "updated_at")}
        for hit in body["results"]
    )
    assert first["updated_at"] > second["published_at"] > first["published_at"]
    assert second["updated_at"] == second["published_at"]
    body = json_of(client.get("/api/v1/practices?sort=newest"))
    assert [hit["id"] for hit in body["results"]] == [newer.pk, subject.pk]


def test_a_practice_whole(client, network, subject):
    body = json_of(client.get(f"/api/v1/practices/{subject.pk}"))
    assert body["title"] == subject.title
    assert body["territory"] == {
        "id": network.departement_page.territory_id,
        "kind": "departement",
        "code": "94",
        "name": "Val-de-Marne",
    }
    assert [t["code"] for t in body["partner_territories"]] == ["11"]
    assert [t["slug"] for t in body["levers"]] == ["clause-sociale"]
    assert [t["slug"] for t in body["audiences"]] == ["jeunes"]
    assert body["steps"] == [
        {"title": "Diagnostic", "period": "2009", "description": "Étude"}
    ]
    assert body["description"][0] == {
        "type": "heading",
        "text": "Le dispositif",
        "author": "",
        "image_url": None,
        "alt": "",
    }
    assert body["partners"][0]["name"] == "Réseau des SIAE"
    assert body["indicators"] == [
        {"label": "Heures d'insertion", "value": "12000.00", "unit": "h", "year": None}
    ]
    assert body["context"] == "<p>Un contexte <b>riche</b>.</p>"
    assert (body["status"], body["start_date"], body["budget"]) == (
        "ongoing",
        "2009-03-01",
        120000,
    )
    assert body["first_published_at"]


def test_territories_with_their_codes(client, network):
    body = json_of(client.get("/api/v1/territories?kind=epci"))
    codes = {t["code"]: t for t in body["results"]}
    assert set(codes) == {"200054781", "200066777"}
    agglo = codes["200054781"]
    assert agglo["epci_type"] == "CA"
    assert agglo["region"]["code"] == "11"
    assert agglo["departement"]["code"] == "94"
    assert agglo["member"]["url"].endswith(network.agglo_page.url)
    one = json_of(client.get(f"/api/v1/territories/{agglo['id']}"))
    assert one == agglo


def test_territories_filtered_by_code_and_membership(client, network):
    body = json_of(client.get("/api/v1/territories?code=94"))
    assert [t["name"] for t in body["results"]] == ["Val-de-Marne"]
    members = json_of(client.get("/api/v1/territories?member=true"))
    assert members["count"] == 5
    assert all(t["member"] for t in members["results"])


@pytest.mark.parametrize(
    ("path", "slugs"),
    [
        ("themes", ["achats-responsables", "economie-circulaire", "iae"]),
        ("levers", ["clause-sociale", "subvention"]),
        ("audiences", ["jeunes"]),
    ],
)
def test_vocabularies(client, network, path, slugs):
    body = json_of(client.get(f"/api/v1/{path}"))
    assert [term["slug"] for term in body] == slugs


def test_openapi_document(client):
    body = json_of(client.get("/api/v1/openapi.json"))
    assert body["openapi"].startswith("3.1")
    assert body["info"]["license"]["identifier"] == "etalab-2.0"
    assert set(body["paths"]) >= {
        "/api/v1/practices",
        "/api/v1/practices/{practice_id}",
        "/api/v1/territories",
        "/api/v1/territories/{territory_id}",
        "/api/v1/themes",
        "/api/v1/levers",
        "/api/v1/audiences",
    }


def test_docs_load_nothing_from_another_host(client):
    from tests.public.test_assets import external_assets

    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert external_assets(html) == []
    assert '"validatorUrl": null' in html


def test_open_data_page_in_french_links_the_document(client, home):
    response = client.get("/donnees-ouvertes/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Données ouvertes</h1>" in html
    assert "Licence Ouverte / Etalab 2.0" in html
    assert 'href="http://testserver/api/v1/openapi.json"' in html
    assert "curl 'http://testserver/api/v1/practices?q=insertion" in html
    english = client.get("/en/donnees-ouvertes/").content.decode()
    assert "<h1>Open data</h1>" in english


def test_every_page_footer_links_the_open_data_page(client, home):
    html = client.get("/").content.decode()
    footer = html.split("<footer", 1)[1]
    assert '<a href="/donnees-ouvertes/">Données ouvertes</a>' in footer
