"""Typed documents in the API (practice, search facets) and in the exports."""

import csv
import datetime
import io
import json

import pytest

from .catalogue import build, reindex


@pytest.fixture
def catalogue(territory_a, territory_b):
    catalogue = build(territory_a, territory_b)
    [deliberation, _tender] = catalogue.original.documents.order_by("sort_order", "pk")
    deliberation.date = datetime.date(2024, 3, 12)
    deliberation.licence = "cc-by-4.0"
    deliberation.save()
    reindex(catalogue.live)
    return catalogue


def test_a_practice_gives_its_documents_kind_date_and_licence(client, catalogue):
    response = client.get(f"/api/v1/practices/{catalogue.original.pk}")
    assert response.status_code == 200
    first, second = response.json()["documents"]
    assert {k: v for k, v in first.items() if k != "url"} == {
        "title": "Délibération légumerie",
        "kind": "deliberation",
        "kind_label": "Délibération",
        "date": "2024-03-12",
        "licence": "cc-by-4.0",
        "licence_label": "CC BY 4.0",
        "licence_url": "https://creativecommons.org/licenses/by/4.0/deed.fr",
    }
    assert first["url"].startswith("http://testserver/documents/")
    assert (second["kind"], second["date"], second["licence"]) == (
        "tender",
        None,
        "etalab-2.0",
    )


def test_the_api_search_selects_and_counts_the_new_facets(client, catalogue):
    answer = client.get(
        "/api/v1/practices", {"document_type": "tender", "adapted": "yes"}
    ).json()
    assert [hit["title"] for hit in answer["results"]] == [catalogue.original.title]
    facets = {facet["name"]: facet for facet in answer["facets"]}
    assert facets["document_type"]["title"] == "Documents disponibles"
    assert {
        (v["value"], v["label"], v["count"], v["selected"])
        for v in facets["document_type"]["values"]
    } == {
        ("deliberation", "Délibération", 1, False),
        ("tender", "Cahier des charges (CCTP)", 1, True),
    }
    assert [
        (v["value"], v["count"], v["selected"]) for v in facets["adapted"]["values"]
    ] == [("yes", 1, True)]


def test_an_unknown_document_type_is_a_400(client, catalogue):
    response = client.get("/api/v1/practices", {"document_type": "minutes"})
    assert response.status_code == 400
    assert response.json()["error"] == "unknown_value"


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_csv_export_has_a_documents_column(client, catalogue):
    response = client.get("/export/pratiques.csv", {"q": "légumerie"})
    rows = list(csv.reader(io.StringIO(body(response)), delimiter=";"))
    header, *data = rows[: rows.index([])]
    records = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    assert records[catalogue.original.title]["Documents"] == (
        "Délibération, Cahier des charges (CCTP)"
    )
    assert records[catalogue.adaptation.title]["Documents"] == ""


def test_the_json_export_lists_the_documents(client, catalogue):
    response = client.get("/export/pratiques.json", {"document_type": "deliberation"})
    results = {r["title"]: r for r in json.loads(body(response))["results"]}
    assert set(results) == {catalogue.original.title, catalogue.ressourcerie.title}
    [text_file] = results[catalogue.ressourcerie.title]["documents"]
    assert text_file["title"] == "Délibération ressourcerie"
    assert text_file["kind_label"] == "Délibération"
    assert text_file["url"].startswith("http://testserver/documents/")
    assert text_file["url"].endswith("/deliberation.txt")
    dated = results[catalogue.original.title]["documents"][0]
    assert (dated["date"], dated["licence"]) == ("2024-03-12", "cc-by-4.0")
    # The document's own address answers (the practice is public).
    assert client.get(text_file["url"]).status_code == 200
