"""Bad parameters get a 4xx answer with a JSON error body, never a 500."""

import pytest

from tests.factories import practice

from .conftest import json_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("theme=no-such-theme", 400, "unknown_value"),
        ("region=99", 400, "unknown_value"),
        ("territory=123456", 400, "unknown_value"),
        ("status=cancelled", 400, "unknown_value"),
        ("theme=%3Cscript%3E", 400, "invalid_parameter"),
        ("page=deux", 400, "invalid_parameter"),
        ("page=0", 400, "invalid_parameter"),
        ("page=99999999999999999999", 400, "invalid_parameter"),
        ("per_page=1000", 400, "invalid_parameter"),
        ("sort=best", 400, "invalid_parameter"),
        ("q=" + "mot " * 60, 400, "invalid_parameter"),
        ("page=2", 404, "page_out_of_range"),
        ("page=10000&per_page=100", 400, "refused"),  # beyond the engine's window
    ],
)
def test_search_refuses_bad_parameters(client, network, query, status, code):
    practice(network.commune_page, themes=[network.iae])
    response = client.get(f"/api/v1/practices?{query}")
    assert response.status_code == status
    body = json_of(response)
    assert body["error"] == code
    assert body["message"]


def test_the_unknown_values_are_named(client, network):
    body = json_of(client.get("/api/v1/practices?theme=iae&theme=nope"))
    assert body["detail"] == [{"facet": "theme", "values": ["nope"]}]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/practices/abc", "/api/v1/territories/0", "/api/v1/practices/" + "9" * 20],
)
def test_ids_that_are_not_ids_are_400_json(client, network, path):
    response = client.get(path)
    assert response.status_code == 400
    assert json_of(response)["error"] == "invalid_parameter"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practices/999999",
        "/api/v1/territories/999999",
        "/api/v1/territories?page=5",
    ],
)
def test_what_does_not_exist_is_404_json(client, network, path):
    response = client.get(path)
    assert response.status_code == 404
    assert json_of(response)["error"] in ("not_found", "page_out_of_range")


@pytest.mark.parametrize(
    "query", ["kind=planet", "member=peut-etre", "code=1234567890", "per_page=0"]
)
def test_territories_refuse_bad_parameters(client, network, query):
    response = client.get(f"/api/v1/territories?{query}")
    assert response.status_code == 400
    assert json_of(response)["error"] == "invalid_parameter"


def test_writes_are_refused(client, network):
    assert client.post("/api/v1/practices").status_code == 405
