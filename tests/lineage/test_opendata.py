"""Lineage in the open data: the API's practice and the CSV and JSON exports."""

import csv
import io
import json

import pytest
import schemathesis

from opendata.api import api
from practices.models import PracticeInspiration
from tests.api.test_query_counts import queries
from tests.api.test_schemathesis import CHECKS, wsgi_app  # noqa: F401 - fixture
from tests.factories import TerritoryFactory, member_page, practice
from tests.opendata_feeds.test_exports import body

from .test_public_pages import declare

pytestmark = pytest.mark.django_db


@pytest.fixture
def lineage(territory_a, territory_b, practice_a, practice_b):
    """B's practice adapted by A's and by a draft; A's inspired by B's and by a
    practice unpublished since."""
    gone = practice(territory_b, title="Pratique retirée")
    declare(practice_a, practice_b, gone, notes=["La clause type.", "Rien."])
    gone.unpublish()
    draft = practice(territory_b, live=False, title="Brouillon girondin")
    draft.inspirations.add(PracticeInspiration(source=practice_b, note="Caché."))
    draft.save()
    return practice_a, practice_b


def test_the_api_gives_both_ends_of_the_lineage(client, lineage):
    adaptation, original = lineage
    answer = client.get(f"/api/v1/practices/{adaptation.pk}").json()
    (source,) = answer["inspired_by"]
    assert source == {
        "id": original.pk,
        "title": "Achats responsables en Gironde",
        "url": f"http://testserver{original.url}",
        "territory": {
            "id": original.territory.pk,
            "kind": "departement",
            "code": "33",
            "name": "Gironde",
        },
        "note": "La clause type.",
    }
    assert answer["adapted_by"] == []

    answer = client.get(f"/api/v1/practices/{original.pk}").json()
    assert answer["inspired_by"] == []
    assert [
        (a["id"], a["territory"]["name"], a["note"]) for a in answer["adapted_by"]
    ] == [(adaptation.pk, "Val-de-Marne", "La clause type.")]


def test_the_api_answers_with_lineage_keep_to_the_document(lineage, wsgi_app):  # noqa: F811
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
    document = api.get_openapi_schema()["components"]["schemas"]
    assert {"inspired_by", "adapted_by"} <= set(document["Practice"]["properties"])
    assert "note" in document["LineageLink"]["properties"]
    operation = schema["/api/v1/practices/{practice_id}"]["GET"]
    for page in lineage:
        case = operation.Case(path_parameters={"practice_id": page.pk})
        case.call_and_validate(app=wsgi_app, checks=CHECKS)


def test_the_api_costs_the_same_queries_for_one_link_as_for_many(
    client, lineage, territory_b
):
    adaptation, original = lineage
    urls = [f"/api/v1/practices/{p.pk}" for p in lineage]
    few = [queries(client, url) for url in urls]
    for n in range(6):
        other = member_page(TerritoryFactory(name=f"Commune {n}", kind="commune"))
        declare(practice(other), original)
        adaptation.inspirations.add(
            PracticeInspiration(source=practice(territory_b), note=f"Note {n}")
        )
    adaptation.save_revision().publish()
    many = [queries(client, url) for url in urls]
    assert many == few
    assert len(client.get(urls[0]).json()["inspired_by"]) == 7
    assert len(client.get(urls[1]).json()["adapted_by"]) == 7


def test_the_csv_export_names_sources_and_counts_adapting_territories(
    client, lineage, territory_a
):
    adaptation, original = lineage
    declare(practice(territory_a, title="Seconde fiche"), original)
    raw = body(client.get("/export/pratiques.csv"))
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    header, *data = rows[: rows.index([])]
    assert {"Inspirée de", "Adaptée par (nombre de territoires)"} <= set(header)
    records = {row[0]: dict(zip(header, row, strict=True)) for row in data}
    assert records[adaptation.title]["Inspirée de"] == original.title
    assert records[adaptation.title]["Adaptée par (nombre de territoires)"] == "0"
    # Two adaptations of one territory: one territory.
    assert records[original.title]["Adaptée par (nombre de territoires)"] == "1"
    assert records[original.title]["Inspirée de"] == ""


def test_the_json_export_names_sources_and_counts_adapting_territories(client, lineage):
    adaptation, original = lineage
    results = json.loads(body(client.get("/export/pratiques.json")))["results"]
    by_title = {r["title"]: r for r in results}
    assert by_title[adaptation.title]["inspired_by"] == [original.title]
    assert by_title[original.title]["adapted_by_territories"] == 1
    assert by_title[original.title]["inspired_by"] == []
