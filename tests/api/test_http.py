"""HTTP behaviour of a public API: caches, conditional GET, CORS."""

import pytest
from django.utils.http import http_date

from .conftest import json_of

pytestmark = pytest.mark.django_db

PATHS = ["/api/v1/practices", "/api/v1/themes", "/api/v1/territories"]


@pytest.mark.parametrize("path", PATHS)
def test_cacheable_with_an_etag_and_304(client, network, subject, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(path, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_the_etag_changes_with_the_content(client, network, subject):
    etag = client.get("/api/v1/themes")["ETag"]
    network.iae.name = "Insertion (renommée)"
    network.iae.save()
    response = client.get("/api/v1/themes", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_practice_has_a_last_modified(client, subject):
    path = f"/api/v1/practices/{subject.pk}"
    response = client.get(path)
    assert response["Last-Modified"] == http_date(subject.last_published_at.timestamp())
    since = client.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    before = http_date(subject.last_published_at.timestamp() - 3600)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=before).status_code == 200


def test_errors_are_not_cached(client, network):
    response = client.get("/api/v1/practices?page=deux")
    assert response.status_code == 400
    assert response["Cache-Control"] == "no-cache"


def test_cors_for_any_origin(client, network):
    response = client.get("/api/v1/themes", HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "etag" in response["Access-Control-Expose-Headers"].lower()


def test_preflight_is_answered(client, network):
    response = client.options(
        "/api/v1/practices",
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "if-none-match" in response["Access-Control-Allow-Headers"]


def test_site_pages_send_no_cors_headers(client, home):
    response = client.get("/recherche/", HTTP_ORIGIN="https://example.org")
    assert "Access-Control-Allow-Origin" not in response


def test_answers_are_french_whatever_the_browser_language(client, network, subject):
    body = json_of(client.get("/api/v1/practices", HTTP_ACCEPT_LANGUAGE="en"))
    assert body["facets"][0]["title"] == "Thématique"
