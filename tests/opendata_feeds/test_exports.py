"""CSV and JSON exports of a search: streamed, bounded, with licence and date."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse

from tests.factories import practice


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def csv_rows(client, query=""):
    response = client.get("/export/pratiques.csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    raw = body(response)
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


def table(rows):
    """The data rows (before the blank line), and the notes after it."""
    end = rows.index([])
    return rows[:end], [r[0] for r in rows[end + 1 :]]


def test_csv_has_french_headers_rows_licence_and_date(client, catalogue):
    rows, notes = table(csv_rows(client, "?theme=achats-responsables"))
    header, *data = rows
    assert header[:10] == [
        "Titre",
        "Territoire",
        "Type de territoire",
        "Région",
        "Thèmes",
        "Leviers",
        "Publics",
        "Statut",
        "Début",
        "Fin",
    ]
    assert "Adresse de la fiche" in header and "Résumé" in header
    (row,) = data
    record = dict(zip(header, row, strict=True))
    assert record["Titre"] == "Clauses sociales dans les marchés"
    assert record["Territoire"] == "Val-de-Marne"
    assert record["Région"] == "Île-de-France"
    assert record["Thèmes"] == "Achats responsables"
    assert record["Leviers"] == "Subvention"
    assert record["Adresse de la fiche"].startswith("http://testserver/")
    assert any("Licence Ouverte / Etalab 2.0" in note for note in notes)
    assert any(note.startswith("# Extrait le 20") for note in notes)
    assert all(note.startswith("#") for note in notes)


def test_csv_filters_are_respected_and_no_contact_is_exported(client, catalogue):
    catalogue.hired.contact_email = "secret@example.org"
    catalogue.hired.contact_name = "Madame Secrète"
    catalogue.hired.save_revision().publish()
    raw = body(client.get("/export/pratiques.csv"))
    assert b"secret@example.org" not in raw and "Secrète".encode() not in raw
    rows, _ = table(csv_rows(client, "?audience=jeunes"))
    assert [r[0] for r in rows[1:]] == ["Chantiers d'insertion pour les jeunes"]


def test_a_formula_is_written_as_text(client, catalogue):
    practice(
        catalogue.member, title='=HYPERLINK("http://evil")', themes=[catalogue.iae]
    )
    rows, _ = table(csv_rows(client, "?theme=iae"))
    assert any(r[0].startswith("'=HYPERLINK") for r in rows[1:])


def test_exports_are_bounded_and_say_so(client, catalogue, settings):
    settings.OPENDATA_EXPORT_MAX_ROWS = 1
    rows, notes = table(csv_rows(client))
    assert len(rows) == 2  # the header and one practice
    assert any("1 lignes au plus" in n or "Au plus 1 " in n for n in notes)
    assert any("Tronqué" in n for n in notes)
    data = json.loads(body(client.get("/export/pratiques.json")))
    assert len(data["results"]) == 1
    assert data["max_rows"] == 1 and data["truncated"] is True and data["total"] == 2


def test_bounded_across_finder_pages(client, catalogue, settings, monkeypatch):
    monkeypatch.setattr("opendata.exports.EXPORT_CHUNK", 2)
    for n in range(3):
        practice(catalogue.member, title=f"Pratique en plus {n}")
    settings.OPENDATA_EXPORT_MAX_ROWS = 4
    data = json.loads(body(client.get("/export/pratiques.json")))
    assert data["total"] == 5
    assert len(data["results"]) == 4
    assert len({r["id"] for r in data["results"]}) == 4


def test_json_shape(client, catalogue):
    response = client.get("/export/pratiques.json?q=chantier")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(body(response))
    assert data["licence"]["name"] == "Licence Ouverte / Etalab 2.0"
    assert data["extracted_at"].startswith("20")
    assert data["source"] == "http://testserver/recherche/?q=chantier"
    assert data["truncated"] is False
    (result,) = data["results"]
    assert result["title"] == "Chantiers d'insertion pour les jeunes"
    assert result["audiences"] == ["Jeunes"]
    assert result["region"] == "Île-de-France"
    assert result["url"].startswith("http://testserver/")
    assert "contact" not in json.dumps(result)


@pytest.mark.parametrize("path", ["/export/pratiques.csv", "/export/pratiques.json"])
@pytest.mark.parametrize(
    "query", ["?theme=inconnu", "?foo=1", "?sort=up", "?region=%00"]
)
def test_bad_parameters_are_400(client, catalogue, path, query):
    assert client.get(path + query).status_code == 400


def test_search_page_links_to_feed_and_downloads(client, catalogue):
    html = client.get("/recherche/?q=chantier").content.decode()
    assert 'href="/export/pratiques.csv?q=chantier"' in html
    assert 'href="/export/pratiques.json?q=chantier"' in html
    assert 'href="/flux/recherche/?q=chantier"' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" ' in html.split("</head>")[0]
    )
    themed = client.get("/recherche/?theme=iae").content.decode()
    assert 'href="/flux/theme/iae/"' in themed.split("</head>")[0]


def fail_from_page(monkeypatch, first_failing_page, error):
    from search.engines import get_engine

    searcher = get_engine().searcher
    search = searcher.search

    def failing(query):
        if query.page >= first_failing_page:
            raise error
        return search(query)

    monkeypatch.setattr(searcher, "search", failing)


@pytest.mark.parametrize(
    "path", ["/export/pratiques.csv", "/export/pratiques.json", "/flux/recherche/"]
)
def test_an_engine_outage_is_503(client, catalogue, monkeypatch, path):
    from search.engines.base import EngineUnavailable

    fail_from_page(monkeypatch, 1, EngineUnavailable("Moteur injoignable"))
    assert client.get(path).status_code == 503


def test_a_failure_after_the_start_is_said_in_the_file(client, catalogue, monkeypatch):
    from search.engines.base import EngineUnavailable

    monkeypatch.setattr("opendata.exports.EXPORT_CHUNK", 1)
    fail_from_page(monkeypatch, 2, EngineUnavailable("Moteur injoignable"))
    rows, notes = table(csv_rows(client))
    assert len(rows) == 2  # the header and the first page's practice
    assert any("Extraction interrompue : Moteur injoignable" in n for n in notes)
    data = json.loads(body(client.get("/export/pratiques.json")))
    assert len(data["results"]) == 1
    assert data["error"] == "Moteur injoignable"


def test_an_export_page_costs_a_constant_number_of_queries(client, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            body(client.get("/export/pratiques.csv"))
        return len(queries)

    count()  # the facet labels' cache filled
    few = count()
    for n in range(5):
        practice(catalogue.member, title=f"Encore {n}", themes=[catalogue.iae])
    assert count() == few
